"""`--help` of every command, in a terminal 40 and 80 columns wide: no line past the edge.

Click formats help at least 50 columns wide and keeps option names up to 30,
so at 40 columns the terminal cut every line mid-word.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import World, plain_lines

COMMANDS = [
    [],
    ["routine"],
    ["list"],
    ["show"],
    ["validate"],
    ["new"],
    ["schema"],
    ["doctor"],
    ["history"],
    ["stats"],
    ["export"],
    ["report"],
    ["safety"],
    ["sources"],
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World.create(tmp_path_factory.mktemp("help"))
    yield made
    made.close()


@pytest.mark.parametrize("columns", [40, 80])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "spasm")
def test_help_fits_the_terminal(world: World, command: list[str], columns: int) -> None:
    pty = world.spawn(*command, "--help", dimensions=(24, columns))
    assert pty.wait_exit() == 0
    lines = plain_lines(pty.text)
    assert lines and lines[0].startswith("Usage: spasm")
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long
    # Readable metavars, never click's type names.
    assert not any(word in pty.text for word in ("<str>", "<int range>", "x>=", "x<="))
