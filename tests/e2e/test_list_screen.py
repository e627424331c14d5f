"""The installed `spasm list` in a terminal: grouped, one screen at 80x24, no line past the edge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import World, plain_lines

HEADINGS = ("In a spasm now:", "Recovering:", "Preventing:")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World.create(tmp_path_factory.mktemp("list"))
    yield made
    made.close()


def _shown(world: World, rows: int, columns: int, *args: str) -> list[str]:
    pty = world.spawn("list", *args, dimensions=(rows, columns))
    assert pty.wait_exit() == 0
    lines = plain_lines(pty.text)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_the_whole_list_fits_80x24(world: World) -> None:
    lines = _shown(world, 24, 80)
    too_long = [line for line in lines if len(line) > 80]
    assert not too_long, too_long
    assert len(lines) <= 22, lines  # with the prompt after it, one screen
    starts = [next(i for i, line in enumerate(lines) if line.startswith(h)) for h in HEADINGS]
    assert starts == sorted(starts)
    assert lines[-1].startswith("spasm show NAME for its steps")
    text = "\n".join(lines)
    names = world.run("list").stdout.splitlines()[1:]
    for name in (row.split("\t")[0] for row in names):
        assert f" {name} " in text or f" {name}\n" in text, name
    acute_relief = next(line for line in lines if line.startswith("  acute-relief "))
    assert "lying" in acute_relief and "Acute spasm relief" in acute_relief


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_no_line_is_longer_than_the_terminal(world: World, columns: int) -> None:
    lines = _shown(world, 24, columns)
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long
    assert lines[0].startswith("In a spasm now:")


def test_position_filter_in_a_terminal(world: World) -> None:
    lines = _shown(world, 24, 40, "--position", "kneeling")
    assert all(len(line) <= 40 for line in lines), lines
    text = "\n".join(lines)
    assert "childs-pose" in text and "breathing" not in text
