"""`spasm history` and `spasm stats` in a terminal 40 and 80 columns wide, after real sessions.

The sessions are played by the installed program (a two-exercise routine of
one-second holds, one of them skipped), so what is shown is what a session
records. At 80 columns history is a table; at 40 each session is a small
card; stats' pain table becomes one block per routine. No line is ever
longer than the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import World, plain_lines, strip_ansi

ROUTINE = (
    "title: Two holds\nlead_in: 0\nsteps:\n"
    "  - {title: First hold, hold: 1s}\n"
    "  - {title: Second hold, hold: 1s}\n"
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World.create(tmp_path_factory.mktemp("history-screen"))
    made.safety_read()
    # A routine of the person's own, by name, as `spasm new` would place it.
    folder = made.root / "config" / "spasm" / "routines"
    folder.mkdir(parents=True)
    (folder / "two-holds.yaml").write_text(ROUTINE, encoding="utf-8")
    for before, after in (("6", "4"), ("5", "5")):
        ran = made.run(
            "routine", "two-holds", "--plain", "--pain-before", before, "--pain-after", after
        )
        assert ran.returncode == 0, ran.stderr
    yield made
    made.close()


def _screen(world: World, command: str, columns: int) -> list[str]:
    pty = world.spawn(command, dimensions=(40, columns))
    assert pty.wait_exit() == 0, pty.text
    lines = plain_lines(strip_ansi(pty.text))
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long
    return lines


@pytest.mark.pty
@pytest.mark.parametrize("columns", [40, 80])
def test_history_fits_and_says_what_happened(world: World, columns: int) -> None:
    lines = _screen(world, "history", columns)
    text = "\n".join(lines)
    assert "done/skip" not in text and "active/plan" not in text
    if columns == 80:
        assert any("exercises done" in line for line in lines)
        rows = [line for line in lines if "two-holds" in line]
        assert len(rows) == 2 and all("2 of 2" in row for row in rows), lines
        assert any("6 → 4" in row for row in rows)
    else:
        assert "  2 of 2 exercises done" in lines, lines
        assert "  pain 6 → 4" in lines and "  pain 5 → 5" in lines
        assert sum(line.startswith("  finished after 0:0") for line in lines) == 2, lines


@pytest.mark.pty
@pytest.mark.parametrize("columns", [40, 80])
def test_stats_fits_and_its_pain_table_becomes_cards(world: World, columns: int) -> None:
    lines = _screen(world, "stats", columns)
    assert "…" not in "".join(lines)
    assert not any("-W" in line for line in lines)  # no ISO week numbers
    if columns == 80:
        assert any(line.split()[:2] == ["routine", "sessions"] for line in lines if line), lines
    else:
        assert any(line.endswith("two-holds, 2 sessions") for line in lines), lines
        assert "  before 5.5 (2), after 4.5 (2)" in lines, lines
