"""Every exercise step of the bundled routines shows the figure of its position."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasm_cli import paths
from spasm_cli.format import figures
from spasm_cli.format.loader import load_routine
from spasm_cli.format.model import StepKind

BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))
EXERCISES = (StepKind.HOLD, StepKind.REPS, StepKind.BREATHE)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_hold_reps_and_breathe_step_has_a_bundled_figure(path: Path) -> None:
    routine = load_routine(path, origin="bundled", match_name=True)
    for number, step in enumerate(routine.steps, 1):
        if step.kind in EXERCISES:
            assert step.figure_name is not None, f"{path.name}: step {number} has no figure"
        if step.figure_name is not None:
            found = figures.get(step.figure_name)
            assert found is not None and step.figure == found.lines


def _figures(name: str) -> list[str | None]:
    routine = load_routine(paths.bundled_routines_dir() / f"{name}.yaml", origin="bundled")
    return [step.figure_name for step in routine.steps]


@pytest.mark.parametrize(
    ("routine", "expected"),
    [
        ("pelvic-tilts", ["lying-knees-bent", "pelvic-tilt"]),
        ("breathing", ["lying-knees-bent", "lying-knees-bent"]),
        ("knees-to-chest", ["side-lying-knees", "side-lying-knees"]),
        ("ql-stretch", ["standing-side-bend"]),
        ("ice-heat", ["lying-rest", "lying-rest", None]),
        ("bridges", ["lying-knees-bent", "bridge"]),
        ("cat-cow", ["tabletop", "cat-cow"]),
        ("bird-dog", ["tabletop", "bird-dog"]),
        ("ab-bracing", ["standing", "standing", "walking"]),
        ("shoulder-blade-squeeze", ["shoulder-squeeze"]),
        ("forward-bend", ["sitting-tall", "forward-bend"]),
    ],
)
def test_each_step_has_the_figure_of_its_position(routine: str, expected: list[str]) -> None:
    assert _figures(routine) == expected


def test_change_positions_starts_on_the_side() -> None:
    assert _figures("change-positions")[0] == "side-lying-knees"


def test_the_routines_that_use_others_carry_none_of_their_own() -> None:
    for path in BUNDLED:
        routine = load_routine(path, origin="bundled")
        for step in routine.steps:
            if step.kind is StepKind.USE:
                assert step.figure == ()
