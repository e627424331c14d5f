"""``use:`` expansion: a routine's steps with every ``use:`` replaced by the steps it names.

Overrides (``hold``, ``reps``, ``sets`` on the ``use:`` step) reach the
included steps of the matching kind; a cycle, an unknown or invalid routine,
and a routine that would expand past a person's reach (``MAX_STEPS`` steps,
``MAX_SEGMENTS`` parts, 4 hours) are problems with their place in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spasm_cli.errors import Problem, RoutineError, RoutineNotFound
from spasm_cli.format.durations import format_duration
from spasm_cli.format.model import MAX_ROUTINE_SECONDS, Routine, Step, StepKind
from spasm_cli.format.size import step_size

# Segments of one expanded routine: the largest legal step (500 held reps,
# 50 sets, both sides) makes about 200,000.
MAX_SEGMENTS = 250_000
MAX_STEPS = 5_000  # after `use:` expansion; a person follows a few dozen
_MAX_USE_PROBLEMS = 100
# How many routines deep ``use:`` may go. A person reads a routine that uses
# one that uses another; a chain of hundreds is a mistake or an attack (it
# ran Python out of stack).
MAX_USE_DEPTH = 16


@dataclass(frozen=True)
class PlanStep:
    """A step after ``use:`` expansion, with the routine it came from."""

    step: Step
    routine: str  # name of the routine whose file holds the step
    group: str | None = None  # title of the `use:` step (or included routine) it came through


def expand_steps(
    routine: Routine, lookup: Callable[[str], Routine], display: Callable[[Routine], str]
) -> list[PlanStep]:
    """The routine's steps with every ``use:`` replaced by the steps ``lookup`` finds.

    ``display`` names a routine in problems (its file, or its name). Raises
    ``RoutineError`` for a ``use:`` of an unknown or invalid routine, a cycle
    of ``use:``, or a routine longer than 4 hours in all.
    """
    problems: list[Problem] = []
    steps: list[PlanStep] = []
    total, segments = 0.0, 0
    for plan in _expand(routine, lookup, problems, (routine.name,), _Overrides(), None, display):
        seconds, count = step_size(plan.step)
        total += seconds
        segments += count
        steps.append(plan)
        if segments > MAX_SEGMENTS or len(steps) > MAX_STEPS:
            # Self-paced reps count no time, and `use:` multiplies steps:
            # without these bounds a small file could expand to billions of
            # segments and hang `spasm list`.
            what = (
                f"more than {MAX_SEGMENTS} parts (holds, reps, breaths, rests)"
                if segments > MAX_SEGMENTS
                else f"more than {MAX_STEPS} steps"
            )
            problems.append(Problem(display(routine), 1, 1, "steps", f"routine expands to {what}"))
            break
    if not problems:
        if total > MAX_ROUTINE_SECONDS:
            problems.append(
                Problem(
                    display(routine),
                    1,
                    1,
                    "steps",
                    f"routine lasts {format_duration(total)} in all (expected at most 4 hours)",
                )
            )
    if problems:
        raise RoutineError(problems)
    return steps


@dataclass(frozen=True)
class _Overrides:
    hold: float | None = None
    reps: int | None = None
    sets: int | None = None

    def inner(self, step: Step) -> _Overrides:
        # The outermost override wins: it is the one the person reading the
        # including routine sees.
        return _Overrides(
            hold=self.hold if self.hold is not None else step.hold,
            reps=self.reps if self.reps is not None else step.reps,
            sets=self.sets if self.sets is not None else step.sets,
        )

    def apply(self, step: Step) -> Step:
        changes: dict[str, object] = {}
        if self.hold is not None and step.kind is StepKind.HOLD:
            changes["hold"] = self.hold
        if self.reps is not None and step.kind is StepKind.REPS:
            changes["reps"] = self.reps
        if self.sets is not None and step.kind in (StepKind.HOLD, StepKind.REPS, StepKind.BREATHE):
            changes["sets"] = self.sets
        return replace(step, **changes) if changes else step  # type: ignore[arg-type]


def _expand(
    routine: Routine,
    lookup: Callable[[str], Routine],
    problems: list[Problem],
    stack: tuple[str, ...],
    overrides: _Overrides,
    group: str | None,
    display_of: Callable[[Routine], str],
) -> Iterator[PlanStep]:
    for index, step in enumerate(routine.steps):
        if len(problems) >= _MAX_USE_PROBLEMS:
            # A routine using, 300 times, one that uses a missing one 300
            # times would otherwise report (and take the time for) 90,000.
            return
        if step.kind is not StepKind.USE:
            yield PlanStep(overrides.apply(step), routine.name, group)
            continue
        assert step.use is not None
        where = f"steps[{index}].use"
        display = display_of(routine)
        if step.use in stack:
            chain = " -> ".join((*stack, step.use))
            problems.append(Problem(display, step.line, 1, where, f"use: makes a cycle ({chain})"))
            continue
        if len(stack) >= MAX_USE_DEPTH:
            problems.append(
                Problem(
                    display,
                    step.line,
                    1,
                    where,
                    f"use: goes more than {MAX_USE_DEPTH} routines deep "
                    f"(from {stack[0]}; at most {MAX_USE_DEPTH})",
                )
            )
            continue
        try:
            child = lookup(step.use)
        except RoutineNotFound:
            problems.append(
                Problem(
                    display,
                    step.line,
                    1,
                    where,
                    f"use: of unknown routine '{step.use}' (see `spasm list`)",
                )
            )
            continue
        except RoutineError as err:
            problems.append(
                Problem(display, step.line, 1, where, f"use: of invalid routine '{step.use}'")
            )
            problems.extend(p for p in err.problems if p not in problems)
            continue
        yield from _expand(
            child,
            lookup,
            problems,
            (*stack, step.use),
            overrides.inner(step),
            step.title or child.title,
            display_of,
        )
