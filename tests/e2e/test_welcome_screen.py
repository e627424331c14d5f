"""`spasm` alone, installed, in a terminal: exit 0, where to start, nothing wider than the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import World, plain_lines


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World.create(tmp_path)
    yield made
    made.close()


@pytest.mark.parametrize("columns", [40, 80])
def test_spasm_alone_shows_where_to_start(world: World, columns: int) -> None:
    pty = world.spawn(dimensions=(24, columns))
    assert pty.wait_exit() == 0
    lines = plain_lines(pty.text)
    assert all(len(line) <= columns for line in lines), lines
    assert len(lines) <= 23 or columns < 80
    assert "    spasm routine acute-relief" in lines
    assert any(line.startswith("  In a spasm now") for line in lines)
