"""The position's figure in the installed program: live screen at 80x24 and 40 columns, plain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import World, strip_ansi

from spasm_cli.format import figures

pytestmark = pytest.mark.pty

ROUTINE = """\
title: Figure check
lead_in: 0
steps:
  - title: Bridge
    instructions: Lift your hips.
    figure: bridge
    reps: 1
    hold: 3s
"""


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    world = World.create(tmp_path)
    world.safety_read()
    yield world
    world.close()


def up_rows() -> list[str]:
    bridge = figures.get("bridge")
    assert bridge is not None
    frame = bridge.phases[bridge.phase_names.index("up")]
    return [row.strip() for row in frame if len(row.strip()) >= 6]


def test_the_live_screen_draws_the_figure_at_80x24(world: World) -> None:
    path = world.routine("figure-check", ROUTINE)
    pty = world.spawn("routine", str(path), "--pain-before", "2", "--pain-after", "2")
    for row in up_rows():
        pty.expect_exact(row)
    assert pty.wait_exit() == 0


def test_at_40_columns_the_figure_is_left_out_and_the_countdown_stays(world: World) -> None:
    path = world.routine("figure-check", ROUTINE)
    pty = world.spawn(
        "routine", str(path), "--pain-before", "2", "--pain-after", "2", dimensions=(24, 40)
    )
    pty.expect_exact("Figure check: finished.")
    assert pty.wait_exit() == 0
    text = strip_ansi(pty.text)
    assert not any(row in text for row in up_rows())
    assert "Rep" in text and "Lift your hips." in text


def test_plain_mode_says_the_position_in_words(world: World) -> None:
    path = world.routine("figure-check", ROUTINE)
    result = world.run("routine", str(path), "--plain", "--pain-before", "2", "--pain-after", "2")
    assert result.returncode == 0, result.stderr
    bridge = figures.get("bridge")
    assert bridge is not None
    assert f"Position: {bridge.words}" in result.stdout
    assert "●" not in result.stdout
