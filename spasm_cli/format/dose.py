"""A program's dose: the holds and reps of a routine scaled by a whole percent.

A program plays its routines at a dose that follows the person's pain
scores (``program_model.Progress``): 70% is seven tenths of every hold and
of every rep count. Only what a person feels as "how much" is scaled, holds
and reps; tempo, relax, breathing, rests, waits and sets stay as written,
because they pace the exercise rather than load the back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from spasm_cli.format.expand import PlanStep
from spasm_cli.format.model import MAX_DURATION, MAX_REPS, MIN_DURATION, Step, StepKind
from spasm_cli.format.program_model import FULL_DOSE

_WHOLE = Decimal(1)


def _scaled(value: float | int, dose: int) -> Decimal:
    # Decimal from the shortest repr is the number as the file wrote it
    # (2.3, not 2.29999...), so a half is a half and rounds up every time.
    return Decimal(repr(value)) * dose / FULL_DOSE


def scale_hold(seconds: float, dose: int) -> float:
    """``seconds`` at ``dose`` percent, in whole seconds when it was at least one.

    People count holds in whole seconds, so a 10 s hold at 75% is 8 s, not
    7.5 s (half rounds up); a hold of a second or more never scales to
    nothing. A hold under a second (the format allows 0.5 s) keeps its
    fraction, since rounding would double or erase it. The result always
    stays within the format's limits (``MIN_DURATION`` to ``MAX_DURATION``):
    a scaled routine is still one the format could have said.
    """
    value = _scaled(seconds, dose)
    if seconds >= 1:
        value = max(_WHOLE, value.quantize(_WHOLE, rounding=ROUND_HALF_UP))
    return min(MAX_DURATION, max(MIN_DURATION, float(value)))


def scale_reps(reps: int, dose: int) -> int:
    """``reps`` at ``dose`` percent: whole reps (half rounds up), from 1 to ``MAX_REPS``."""
    value = int(_scaled(reps, dose).quantize(_WHOLE, rounding=ROUND_HALF_UP))
    return min(MAX_REPS, max(1, value))


def scale_step(step: Step, dose: int) -> Step:
    """``step`` with its holds and reps at ``dose`` percent of what it says.

    A hold step's ``hold``, a reps step's ``reps`` and its per-rep ``hold``
    are scaled; every other key and kind is returned as written. At 100% the
    step itself is returned. A ``use:`` step is left alone: scale a plan
    after ``use:`` expansion, where there are none. ``dose`` is a whole
    percent above zero (``ValueError`` otherwise).
    """
    if dose < 1:
        raise ValueError(f"a dose is a whole percent above zero, got {dose}")
    if dose == FULL_DOSE:
        return step
    changes: dict[str, float | int] = {}
    if step.kind in (StepKind.HOLD, StepKind.REPS) and step.hold is not None:
        changes["hold"] = scale_hold(step.hold, dose)
    if step.kind is StepKind.REPS and step.reps is not None:
        changes["reps"] = scale_reps(step.reps, dose)
    return replace(step, **changes) if changes else step  # type: ignore[arg-type]


def scale_plan(steps: Sequence[PlanStep], dose: int) -> list[PlanStep]:
    """Every step of an expanded plan at ``dose`` percent (see ``scale_step``)."""
    if dose < 1:
        raise ValueError(f"a dose is a whole percent above zero, got {dose}")
    if dose == FULL_DOSE:
        return list(steps)
    return [replace(plan, step=scale_step(plan.step, dose)) for plan in steps]
