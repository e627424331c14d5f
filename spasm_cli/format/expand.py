"""``use:`` expansion: a routine's steps with every ``use:`` replaced by the steps it names.

Overrides (``hold``, ``reps``, ``sets`` on the ``use:`` step) reach the
included steps of the matching kind; a cycle, an unknown or invalid routine,
and a routine that would expand past a person's reach (``MAX_STEPS`` steps,
``MAX_SEGMENTS`` parts, 4 hours) are problems with their place in the file:
every cap is checked on the expanded steps (after ``use:``, sets, sides,
reps and breaths are multiplied out), at the step that passes it. An
override that reaches no included step is a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spasm_cli.errors import Problem, RoutineError, RoutineNotFound
from spasm_cli.format.durations import format_duration
from spasm_cli.format.model import (
    MAX_ROUTINE_SECONDS,
    MIN_DURATION,
    Routine,
    RoutineWarning,
    Step,
    StepKind,
)
from spasm_cli.format.size import step_size
from spasm_cli.format.suggest import question
from spasm_cli.format.values import where as place

# Parts (holds, reps, breaths, rests, waits) of one expanded routine: as many
# as 4 hours holds at the 0.5 s floor. Timed parts cannot pass it without
# passing 4 hours; this bounds the self-paced ones (reps without a time, waits),
# which count no time: 500 reps x 50 sets x 2 sides would be 50,000 presses.
MAX_SEGMENTS = int(MAX_ROUTINE_SECONDS / MIN_DURATION)
MAX_STEPS = 5_000  # after `use:` expansion; a person follows a few dozen
_MAX_USE_PROBLEMS = 100
# How many routines deep ``use:`` may go. A person reads a routine that uses
# one that uses another; a chain of hundreds is a mistake or an attack (it
# ran Python out of stack).
MAX_USE_DEPTH = 16
# What each override of a `use:` step reaches (``_Overrides.apply``), in words.
_REACHES = {
    "hold": ((StepKind.HOLD,), "sets the time of hold steps"),
    "reps": ((StepKind.REPS,), "sets the count of reps steps"),
    "sets": (
        (StepKind.HOLD, StepKind.REPS, StepKind.BREATHE),
        "sets how many times hold, reps and breathe steps are done",
    ),
}


@dataclass(frozen=True)
class PlanStep:
    """A step after ``use:`` expansion, with the routine it came from."""

    step: Step
    routine: str  # name of the routine whose file holds the step
    group: str | None = None  # title of the `use:` step (or included routine) it came through


class _Blown(Exception):
    """The expansion passed a cap; the problem has been recorded."""


def expand_steps(
    routine: Routine,
    lookup: Callable[[str], Routine],
    display: Callable[[Routine], str],
    warnings: list[RoutineWarning] | None = None,
) -> list[PlanStep]:
    """The routine's steps with every ``use:`` replaced by the steps ``lookup`` finds.

    ``display`` names a routine in problems (its file, or its name). Raises
    ``RoutineError`` for a ``use:`` of an unknown or invalid routine, a cycle
    of ``use:``, or a routine that expands past a cap (``MAX_STEPS`` steps,
    ``MAX_SEGMENTS`` parts, 4 hours), located at the step of ``routine``
    that passes it. Overrides of a ``use:`` step of ``routine`` that reach no
    included step are added to ``warnings`` when it is given.
    """
    problems: list[Problem] = []
    steps: list[PlanStep] = []
    file = display(routine)
    total, segments = 0.0, 0
    late: tuple[Step, str] | None = None  # the step that passes 4 hours
    try:
        for index, step in enumerate(routine.steps):
            if len(problems) >= _MAX_USE_PROBLEMS:
                break
            where = place(
                ("steps", index, "use") if step.kind is StepKind.USE else ("steps", index)
            )
            kinds: set[StepKind] = set()
            for plan in _expand_step(
                routine, index, step, lookup, problems, (routine.name,), _Overrides(), None, display
            ):
                seconds, count = step_size(plan.step)
                total += seconds
                segments += count
                steps.append(plan)
                kinds.add(plan.step.kind)
                if segments > MAX_SEGMENTS or len(steps) > MAX_STEPS:
                    # Self-paced reps count no time, and `use:` multiplies
                    # steps: without these bounds a small file could expand to
                    # billions of parts and hang `spasm list`.
                    what = (
                        f"more than {MAX_SEGMENTS:,} parts (holds, reps, breaths, rests)"
                        if segments > MAX_SEGMENTS
                        else f"more than {MAX_STEPS:,} steps"
                    )
                    problems.append(
                        Problem(file, step.line, 1, where, f"routine expands to {what} here")
                    )
                    raise _Blown
            if late is None and total > MAX_ROUTINE_SECONDS:
                late = (step, where)
            if warnings is not None and step.kind is StepKind.USE and not problems:
                warnings.extend(_idle_overrides(file, index, step, kinds))
    except _Blown:
        # Not an error to handle: the cap that blew is already a problem,
        # located at its step, and the steps after it need no counting.
        pass
    if not problems and late is not None:
        step, where = late
        problems.append(
            Problem(
                file,
                step.line,
                1,
                where,
                f"routine lasts {format_duration(total)} in all (expected at most 4 hours); "
                "it passes 4 hours here",
            )
        )
    if problems:
        raise RoutineError(problems)
    return steps


def _idle_overrides(
    file: str, index: int, step: Step, kinds: set[StepKind]
) -> list[RoutineWarning]:
    """Warnings for the overrides of a ``use:`` step that reach none of the steps it included."""
    out = []
    for key, (reach, words) in _REACHES.items():
        if getattr(step, key) is not None and not kinds.intersection(reach):
            out.append(
                RoutineWarning(
                    file,
                    step.line,
                    1,
                    place(("steps", index, key)),
                    f"does nothing: '{step.use}' has no step it applies to ({key}: {words})",
                )
            )
    return out


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
        yield from _expand_step(
            routine, index, step, lookup, problems, stack, overrides, group, display_of
        )


def _expand_step(
    routine: Routine,
    index: int,
    step: Step,
    lookup: Callable[[str], Routine],
    problems: list[Problem],
    stack: tuple[str, ...],
    overrides: _Overrides,
    group: str | None,
    display_of: Callable[[Routine], str],
) -> Iterator[PlanStep]:
    """Step ``index`` of ``routine``, or the steps its ``use:`` includes."""
    if step.kind is not StepKind.USE:
        yield PlanStep(overrides.apply(step), routine.name, group)
        return
    assert step.use is not None
    where = place(("steps", index, "use"))
    display = display_of(routine)
    if step.use in stack:
        chain = " -> ".join((*stack, step.use))
        problems.append(Problem(display, step.line, 1, where, f"makes a cycle ({chain})"))
        return
    if len(stack) >= MAX_USE_DEPTH:
        problems.append(
            Problem(
                display,
                step.line,
                1,
                where,
                f"goes more than {MAX_USE_DEPTH} routines deep "
                f"(from {stack[0]}; at most {MAX_USE_DEPTH})",
            )
        )
        return
    try:
        child = lookup(step.use)
    except RoutineNotFound as missing:
        hint = question(missing.near) + " " if missing.near else ""
        problems.append(
            Problem(
                display,
                step.line,
                1,
                where,
                f"no routine called '{step.use}' ({hint}`spasm list` shows every routine)",
            )
        )
        return
    except RoutineError as err:
        problems.append(
            Problem(
                display,
                step.line,
                1,
                where,
                f"the routine '{step.use}' is invalid (its problems follow)",
            )
        )
        problems.extend(p for p in err.problems if p not in problems)
        return
    yield from _expand(
        child,
        lookup,
        problems,
        (*stack, step.use),
        overrides.inner(step),
        step.title or child.title,
        display_of,
    )
