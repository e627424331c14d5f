"""A program's dose: holds and reps scaled, in whole seconds and reps, within the format's limits."""

from __future__ import annotations

import pytest

from spasm_cli.format.dose import scale_hold, scale_plan, scale_reps, scale_step
from spasm_cli.format.expand import PlanStep
from spasm_cli.format.model import (
    MAX_DURATION,
    MAX_REPS,
    MIN_DURATION,
    Breathe,
    Step,
    StepKind,
)

HOLD = Step(StepKind.HOLD, "Knee hug", hold=10.0, sides=("left", "right"), sets=2, rest=5.0)
HELD_REPS = Step(StepKind.REPS, "Bridge", reps=10, hold=5.0, relax=2.0, sets=3, rest=30.0)
TEMPO_REPS = Step(StepKind.REPS, "Cat-cow", reps=10, tempo=4.0, sides=("left", "right"))
SELF_PACED = Step(StepKind.REPS, "Pelvic tilt", reps=12, alternate=True, sides=("left", "right"))
BREATHE = Step(StepKind.BREATHE, "Breathe", breathe=Breathe(inhale=4.0, exhale=6.0, cycles=10))
REST = Step(StepKind.REST, "Rest", rest=30.0)
WAIT = Step(StepKind.WAIT, "Get ready")
USE = Step(StepKind.USE, "", use="childs-pose", hold=20.0, reps=5)
EVERY_KIND = [HOLD, HELD_REPS, TEMPO_REPS, SELF_PACED, BREATHE, REST, WAIT, USE]


@pytest.mark.parametrize("step", EVERY_KIND, ids=lambda s: s.title or "use")
def test_full_dose_is_the_step_itself(step: Step) -> None:
    assert scale_step(step, 100) is step


def test_a_hold_step_scales_its_hold_and_keeps_its_sides_sets_and_rest() -> None:
    scaled = scale_step(HOLD, 70)
    assert scaled.hold == 7.0
    assert (scaled.sides, scaled.sets, scaled.rest, scaled.title) == (
        ("left", "right"),
        2,
        5.0,
        "Knee hug",
    )


def test_held_reps_scale_the_count_and_each_hold_but_not_relax_or_rest() -> None:
    scaled = scale_step(HELD_REPS, 150)
    assert (scaled.reps, scaled.hold) == (15, 8.0)  # 7.5 s rounds up
    assert (scaled.relax, scaled.sets, scaled.rest) == (2.0, 3, 30.0)


def test_reps_with_a_tempo_scale_the_count_and_keep_the_tempo() -> None:
    scaled = scale_step(TEMPO_REPS, 80)
    assert (scaled.reps, scaled.tempo, scaled.hold, scaled.sides) == (
        8,
        4.0,
        None,
        ("left", "right"),
    )


def test_self_paced_reps_scale_the_count() -> None:
    scaled = scale_step(SELF_PACED, 50)
    assert (scaled.reps, scaled.alternate, scaled.hold, scaled.tempo) == (6, True, None, None)


@pytest.mark.parametrize("step", [BREATHE, REST, WAIT, USE], ids=lambda s: s.kind.value)
def test_breathing_rests_waits_and_use_are_never_scaled(step: Step) -> None:
    # They pace the exercise rather than load the back; a use: step is scaled once expanded.
    assert scale_step(step, 150) is step
    assert scale_step(step, 10) is step


@pytest.mark.parametrize(
    ("seconds", "dose", "expected"),
    [
        (10.0, 75, 8.0),  # 7.5 rounds half up
        (15.0, 70, 11.0),  # 10.5
        (5.0, 50, 3.0),  # 2.5
        (2.3, 50, 1.0),  # 1.15: the half is taken as written, never 1.1499...
        (3.0, 50, 2.0),  # 1.5
        (10.0, 74, 7.0),  # 7.4
        (1.0, 10, 1.0),  # a hold of a second or more never scales below one
        (4.0, 10, 1.0),
        (0.8, 150, 1.2),  # under a second: the fraction is kept
        (0.5, 10, MIN_DURATION),  # and never below the shortest a person can follow
        (0.6, 50, MIN_DURATION),
        (3000.0, 150, MAX_DURATION),  # never past an hour
        (3600.0, 101, MAX_DURATION),
        (3600.0, 300, MAX_DURATION),
    ],
)
def test_scaled_holds_round_to_whole_seconds_within_the_limits(
    seconds: float, dose: int, expected: float
) -> None:
    assert scale_hold(seconds, dose) == expected
    step = scale_step(Step(StepKind.HOLD, "Hold", hold=seconds), dose)
    assert step.hold == expected


@pytest.mark.parametrize(
    ("reps", "dose", "expected"),
    [
        (10, 70, 7),
        (5, 50, 3),  # 2.5 rounds half up
        (3, 50, 2),  # 1.5
        (7, 10, 1),  # 0.7: never fewer than one rep
        (1, 10, 1),
        (400, 150, MAX_REPS),  # never past the format's most
        (MAX_REPS, 101, MAX_REPS),
        (MAX_REPS, 300, MAX_REPS),
    ],
)
def test_scaled_reps_round_to_whole_reps_within_the_limits(
    reps: int, dose: int, expected: int
) -> None:
    assert scale_reps(reps, dose) == expected
    assert scale_step(Step(StepKind.REPS, "Reps", reps=reps), dose).reps == expected


def test_a_scaled_plan_keeps_where_each_step_came_from() -> None:
    plan = [
        PlanStep(HOLD, "knee-hug", None),
        PlanStep(HELD_REPS, "core", "Bridges"),
        PlanStep(REST, "core"),
    ]
    scaled = scale_plan(plan, 50)
    assert [(p.routine, p.group) for p in scaled] == [
        ("knee-hug", None),
        ("core", "Bridges"),
        ("core", None),
    ]
    assert [(p.step.hold, p.step.reps) for p in scaled] == [(5.0, None), (3.0, 5), (None, None)]
    assert scaled[2].step is REST
    assert scale_plan(plan, 100) == plan and scale_plan(plan, 100) is not plan


@pytest.mark.parametrize("dose", [0, -10])
def test_a_dose_is_a_percent_above_zero(dose: int) -> None:
    with pytest.raises(ValueError, match="a dose is a whole percent above zero"):
        scale_step(HOLD, dose)
    with pytest.raises(ValueError, match="a dose is a whole percent above zero"):
        scale_plan([], dose)
