"""`spasm list` laid out for a terminal and for a pipe (app.listing, pure)."""

from __future__ import annotations

import pytest

from spasm_cli.app.catalog import list_entries
from spasm_cli.app.listing import FOOTER, Row, about, pipe_lines, screen_lines, where
from spasm_cli.format.library import Library, default_dirs


def bundled() -> list[Row]:
    entries, problems, _ignored = list_entries(Library(default_dirs()))
    assert not problems
    return [entry.row() for entry in entries]


def row(name: str, phase: str | None = "recovery", *, combined: bool = False) -> Row:
    return Row(
        name=name,
        title="A routine of mine with a title long enough to need wrapping somewhere",
        phase=phase,
        position=("lying", "sitting"),
        seconds=95.0,
        steps=3,
        tags=("floor",),
        origin="user",
        combined=combined,
    )


def test_bundled_list_fits_80x24_grouped_by_phase() -> None:
    rows = bundled()
    lines = screen_lines(rows, 80, 24)
    assert len(lines) <= 22 and all(len(line) <= 80 for line in lines), lines
    headings = [line for line in lines if not line.startswith(" ")]
    assert headings == [
        "In a spasm now: 1 combined routine, then 9 single exercises",
        "Recovering: 4 combined routines, then 10 single exercises",
        "Preventing: 1 combined routine, then 4 single exercises",
        FOOTER,
    ]
    words = " ".join(lines).split()
    for r in rows:
        assert words.count(r.name) == 1, r.name
    daily = next(line for line in lines if line.startswith("  daily-stretch "))
    assert daily.split()[1:4] == ["lie/kneel/sit", "9m", "Daily"]
    ql = next(line for line in lines if "ql-stretch" in line)
    assert "ql-stretch         stand/sit 1m" in ql


@pytest.mark.parametrize("width", [20, 30, 40, 60, 80, 100, 120, 200])
def test_every_line_fits_and_every_routine_is_shown(width: int) -> None:
    rows = bundled()
    lines = screen_lines(rows, width)
    assert all(len(line) <= width for line in lines), [x for x in lines if len(x) > width]
    words = " ".join(lines).split()
    joined = "".join(line.strip() for line in lines)
    for r in rows:
        # A name wider than the line is cut at the edge: the one cut there is.
        assert r.name in (words if len(r.name) <= width else joined), (r.name, width)


def test_a_hundred_user_routines_degrade_to_more_lines_and_a_hint() -> None:
    rows = [
        row(f"my-routine-{i}", ("acute", "recovery", None)[i % 3], combined=i % 4 == 0)
        for i in range(100)
    ]
    for width in (40, 80, 120):
        lines = screen_lines(rows, width, 24)
        assert all(len(line) <= width for line in lines)
        assert " ".join(lines[-2:]).endswith(FOOTER)
        assert any("--position POSITION lists fewer" in line for line in lines)
        words = " ".join(lines).split()
        assert all(f"my-routine-{i}" in words for i in range(100))
    other = screen_lines(rows, 80)
    assert any(line.startswith("Other: ") for line in other)
    # No hint when no height is known, or when it fits.
    assert not any("lists fewer" in line for line in other)
    assert not any("lists fewer" in line for line in screen_lines(rows[:3], 80, 24))


def test_a_name_longer_than_the_line_is_the_only_thing_cut() -> None:
    long = "a" * 60 + "-" + "b" * 50
    lines = screen_lines([row(long), row(long + "-x", combined=True)], 40)
    assert all(len(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines).count(long) == 2


def test_one_kind_in_a_group_is_counted_alone() -> None:
    assert screen_lines([row("a")], 80)[0] == "Recovering: 1 single exercise"
    lines = screen_lines([row("a", combined=True), row("b", combined=True)], 80)
    assert lines[0] == "Recovering: 2 combined routines"


def test_pipe_lines_are_tab_separated_with_every_field() -> None:
    lines = pipe_lines([row("mine"), Row("bare", "Bare", None, (), 30, 1, (), "user", False)])
    assert lines[0] == "name\ttitle\tphase\tposition\ttime\tsteps\ttags\tfrom"
    assert lines[1].split("\t")[2:] == ["recovery", "lying,sitting", "1m35s", "3", "floor", "user"]
    assert lines[2] == "bare\tBare\t\t\t30s\t1\t\tuser"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "own pace"), (0.4, "1s"), (48, "48s"), (59.4, "59s"), (95, "2m"), (710, "12m")],
)
def test_about(seconds: float, text: str) -> None:
    assert about(seconds) == text


def test_where() -> None:
    assert where(("lying",)) == where(("lying",), short=True) == "lying"
    assert where(("standing", "sitting")) == "standing/sitting"
    assert where(("standing", "sitting"), short=True) == "stand/sit"
    assert where(()) == "-"
