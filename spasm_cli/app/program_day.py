"""One program day as a session: its routines one after another, at the day's dose.

``day_session`` builds what ``spasm today`` plays (``session.Prepared``): the
day's routines expanded in order and scaled by the dose, a routine that names
the session (its title says the program and the day; its key in history is
the routines it played, so ``history --routine core-beginner`` finds a day of
core-beginner too), and the tag that marks the session's row with the run,
the day and the dose. ``day_summary`` says the same day in a few words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spasm_cli.format.describe import time_words
from spasm_cli.format.model import Routine, Step, StepKind
from spasm_cli.format.size import step_size

if TYPE_CHECKING:
    from spasm_cli.format.expand import PlanStep
    from spasm_cli.format.library import Library
    from spasm_cli.format.program_model import Program


@dataclass(frozen=True)
class DayPlan:
    """One program day ready to play: the session's routine and its scaled steps."""

    routine: Routine
    steps: tuple[PlanStep, ...]
    titles: tuple[str, ...]  # the day's routines, by title, in order
    dose: int

    @property
    def seconds(self) -> float:
        """Planned exercise time at this dose (self-paced parts count none)."""
        return sum(step_size(plan.step)[0] for plan in self.steps)

    @property
    def self_paced(self) -> int:
        """Parts that wait for Enter."""
        from spasm_cli.session.timeline import compile_timeline

        return compile_timeline("", [p.step for p in self.steps], 0.0).self_paced_count

    def summary(self, *, dose: bool = True) -> str:
        """``Pelvic tilts, Leg raises (1m36s at 70%)``; without ``dose``, ``(1m36s)``.

        The get-ready waits a routine starts with are not counted out: the
        time is what a person plans for.
        """
        timing = time_words(self.seconds, 0 if self.seconds else self.self_paced)
        at = f" at {self.dose}%" if dose else ""
        return f"{', '.join(self.titles)} ({timing}{at})"


def day_plan(program: Program, index: int, library: Library, dose: int) -> DayPlan:
    """Day ``index`` (from 0) of ``program`` at ``dose`` percent.

    Raises ``RoutineError`` or ``RoutineNotFound`` as the library does when a
    routine of the day is missing or broken (``check_program`` says where).
    """
    from spasm_cli.format.program_library import day_plan as planned

    day = program.days[index]
    children = [library.get(ref.name) for ref in day.routines]
    steps = planned(program, index, library, dose)
    if len(children) > 1:
        # Each part of a combined day is headed by its routine, as `use:` steps are.
        by_name = {child.name: child.title for child in children}
        steps = [
            replace(plan, group=plan.group or by_name.get(plan.routine, plan.routine))
            for plan in steps
        ]
    digest = hashlib.sha256(
        "\n".join([program.digest, str(dose), *(c.digest for c in children)]).encode()
    ).hexdigest()
    routine = Routine(
        name="+".join(day.names),
        title=f"{program.title}, day {index + 1} of {program.length}",
        steps=tuple(
            Step(kind=StepKind.USE, title=child.title, use=child.name, line=ref.line)
            for child, ref in zip(children, day.routines, strict=True)
        ),
        summary=program.summary,
        phase=program.phase,
        caution=program.caution,
        source=program.source,
        # The get-ready of the routine that comes first, as playing it alone has.
        lead_in=children[0].lead_in,
        origin="program",
        digest=digest,
    )
    return DayPlan(routine, tuple(steps), tuple(c.title for c in children), dose)


__all__ = ["DayPlan", "day_plan"]
