"""Every command's output in a terminal 40, 80 and 120 columns wide: no line past the edge.

The terminal cuts a line that is too long wherever the edge falls, mid-word
("bowel contr" / "ol"); spasm wraps its own text instead (``wrapping.py``).
These run the installed program in a pseudo-terminal and read what a person
would see, stdout and stderr together, as the terminal shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import World, plain_lines, strip_ansi

from spasm_cli.wrapping import cell_width

TINY = """\
name: tiny
title: A tiny routine for the width tests, with a long title that has to wrap somewhere
caution: >-
  A caution long enough to need wrapping at forty columns and at eighty columns
  too, so that the show command has to hang it under its label.
steps:
  - title: Lie on your back with your knees bent and your feet flat on the floor
    instructions:
      - Breathe in slowly through your nose and let your belly rise under your hand.
    hold: 1s
"""

BROKEN = """\
name: broken
title: Broken on purpose
steps:
  - title: A step with a typo in a key, which gives a message with a long file path
    hodl: 30s
"""

COMMANDS: list[list[str]] = [
    [],
    ["list"],
    ["show", "acute-relief"],
    ["show", "core-beginner"],
    ["show", "tiny"],
    ["safety"],
    ["doctor"],
    ["history"],
    ["stats"],
    ["validate", "routines/broken.yaml"],
    ["routine", "breath"],
    ["list", "--phase", "acut"],
    ["new", "my-evening-stretch-with-a-long-name"],
    ["sources"],
    ["sources", "core-stability-guide"],
    ["--help"],
    ["routine", "--help"],
    ["program", "list"],
    ["program", "show", "core-foundations"],
    ["program", "status"],
    ["today", "--help"],
    [
        "routine",
        "--plain",
        "--no-history",
        "--lead-in",
        "1",
        "--pain-before",
        "3",
        "--pain-after",
        "2",
        "tiny",
    ],
    [
        "routine",
        "--plain",
        "--no-history",
        "--no-timestamps",
        "--lead-in",
        "0",
        "--pain-before",
        "3",
        "--pain-after",
        "2",
        "tiny",
    ],
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World.create(tmp_path_factory.mktemp("width"))
    made.routine("tiny", TINY)
    made.routine("broken", BROKEN)
    made.safety_read()
    # One recorded session, so history and stats have a row to lay out.
    result = made.run("routine", "--plain", "--lead-in", "0", "--routines-dir", "routines", "tiny")
    assert result.returncode == 0, result.stderr
    yield made
    made.close()


@pytest.mark.parametrize("columns", [40, 80, 120])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "spasm")
def test_output_fits_the_terminal(world: World, command: list[str], columns: int) -> None:
    args = list(command)
    if args and args[0] in ("show", "list", "routine", "validate"):
        args += ["--routines-dir", "routines"]
    pty = world.spawn(*args, dimensions=(24, columns))
    pty.wait_exit()
    lines = plain_lines(strip_ansi(pty.text))
    assert any(line.strip() for line in lines), "printed nothing"
    too_long = [line for line in lines if cell_width(line) > columns]
    assert not too_long, too_long
