"""What the program commands do, apart from printing: list, show, start, status, stop.

Functions here return text and JSON-ready data; the CLI prints them. A
program is checked in full (its days' routines exist, are valid and stay
within the routine limits at the highest dose) before it is shown or
started, so a broken program is a list of problems with their places, never
a surprise on day 12.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from spasm_cli.app.program_checks import checked
from spasm_cli.app.program_day import day_plan
from spasm_cli.app.program_state import (
    Standing,
    active_standing,
    open_history,
    program_of,
    standing_of,
)
from spasm_cli.app.program_words import (
    day_words,
    dose_reason,
    plural,
    rule_lines,
    standing_lines,
)
from spasm_cli.errors import Problem, ProgramNotFound, ProgramStateError, RoutineError, UsageError
from spasm_cli.format.describe import origin_label, source_lines

if TYPE_CHECKING:
    from spasm_cli.format.library import Library
    from spasm_cli.format.program_library import ProgramLibrary
    from spasm_cli.format.program_model import Program
    from spasm_cli.terminal.program_view import ProgramView


@dataclass(frozen=True)
class Listed:
    """The programs found, the problems of the broken ones, and files passed over."""

    programs: list[Program]
    problems: list[Problem]
    ignored: list[Problem]


def list_programs(programs: ProgramLibrary) -> Listed:
    """Every program in the programs folders, name order (broken ones as problems)."""
    from spasm_cli.format.model import PHASES

    scan = programs.scan()
    # In the order a person meets them: the first days, recovery, then prevention.
    order = {phase: index for index, phase in enumerate(PHASES)}
    found = sorted(scan.programs, key=lambda p: (order.get(p.phase or "", len(PHASES)), p.name))
    return Listed(found, list(scan.problems), list(scan.ignored))


def program_json(program: Program) -> dict[str, Any]:
    """The summary fields of a program, as ``program list --json`` prints them."""
    progress = program.progress
    return {
        "name": program.name,
        "title": program.title,
        "summary": program.summary,
        "phase": program.phase,
        "days": program.length,
        "source": program.origin,
        "progress": (
            {
                "start": progress.start,
                "step": progress.step,
                "after": progress.after,
                "max": progress.max,
                "back_off_at": progress.back_off_at,
            }
            if progress.enabled
            else None
        ),
        "next": program.next,
    }


def show_program(
    programs: ProgramLibrary, library: Library, arg: str, today: date
) -> tuple[str, dict[str, Any]]:
    """The plan of one program, as text and JSON: rule, days at today's dose, what next."""
    program = checked(programs, library, arg)
    active = active_standing(programs, today)
    mine = active if active is not None and active.run.program == program.name else None
    dose = mine.dose.dose if mine is not None else program.progress.floor
    lines = [f"{program.title} ({program.name})"]
    if program.summary:
        lines.append(program.summary)
    facts = [f"phase: {program.phase}"] if program.phase else []
    facts += [plural(program.length, "day"), "from: " + origin_label(program)]  # type: ignore[arg-type]
    lines.append("; ".join(facts))
    if program.caution:
        lines += ["", f"Caution: {program.caution}"]
    lines += _sources(program)
    lines += ["", *rule_lines(program.progress, given=program.progress_given), ""]
    if mine is not None:
        lines.append(
            f"You are on this program: day {mine.days.day}, at {dose_reason(program.progress, mine.dose)}."
        )
        lines.append(f"The days below are at {dose}%.")
    elif program.progress.enabled:
        lines.append(f"The days below are at {dose}%, where the program starts.")
    lines += ["", "Days"]
    days_json = []
    for index in range(program.length):
        plan = day_plan(program, index, library, dose)
        marker = " (today)" if mine is not None and mine.index == index else ""
        lines.append(f"{index + 1:>3}. {plan.summary(dose=False)}{marker}")
        days_json.append(
            {
                "day": index + 1,
                "routines": list(program.days[index].names),
                "titles": list(plan.titles),
                "seconds": plan.seconds,
                "dose": dose,
            }
        )
    lines += ["", *_after_end(program, programs)]
    data = program_json(program)
    data.update(
        caution=program.caution,
        rule=rule_lines(program.progress, given=program.progress_given)[2:],
        days=days_json,
        length=program.length,
        today=None if mine is None else {"day": mine.days.day, "dose": dose},
    )
    return "\n".join(lines), data


def _sources(program: Program) -> list[str]:
    # The same lines as a routine's: each article by its title and publisher.
    from spasm_cli.format.model import Routine

    stand_in = Routine(name=program.name, title=program.title, steps=(), source=program.source)
    return source_lines(stand_in)


def _after_end(program: Program, programs: ProgramLibrary) -> list[str]:
    """What the end of the program suggests: the next program, or keeping it up."""
    lines = []
    if program.next:
        try:
            following = programs.get(program.next)
            # After the first days of a spasm, the next step waits for the pain
            # to ease, as the core-stability guide says to wait.
            when = (
                "Once the acute pain has eased"
                if program.phase == "acute" and following.phase != "acute"
                else "When it ends"
            )
            lines.append(
                f"{when}: `spasm program start {following.name}` starts {following.title}."
            )
        except (ProgramNotFound, RoutineError):
            pass
    last = program.days[-1].names[0]
    lines.append(f"To keep it up on your own: `spasm routine {last}` any day.")
    return lines


def all_done(length: int) -> str:
    """``all 28 days are done``; a one-day program's ``its one day is done``."""
    return "its one day is done" if length == 1 else f"all {length} days are done"


def end_lines(program: Program, programs: ProgramLibrary) -> list[str]:
    """What is said when the last day is done."""
    return [
        f"That was the last day of {program.title}: {all_done(program.length)}.",
        *_after_end(program, programs),
    ]


# -- start, stop, status ----------------------------------------------------------


def start_program(
    programs: ProgramLibrary,
    library: Library,
    arg: str,
    today: date,
    *,
    force: bool,
    ask: Callable[[str], bool] | None,
) -> list[str]:
    """Start ``arg`` as the one active program; returns what to say.

    Another active program is stopped only with ``force`` or a yes to ``ask``
    (None without a terminal: then ``force`` is needed).
    """
    from spasm_cli.history.program_runs import ProgramRuns

    program = checked(programs, library, arg)
    if program.origin == "path":
        raise UsageError(
            f"a program is started by name: put {arg} in your programs folder "
            "(`spasm doctor` shows where), then `spasm program start NAME`"
        )
    current = active_standing(programs, today) if not force else None
    if current is not None:
        same = current.run.program == program.name
        what = f"You are on {current.run.title}, day {current.days.day} of {current.days.length}."
        question = (
            f"{what} Start it again from day 1?"
            if same
            else f"{what} Stop it and start {program.title}?"
        )
        if ask is None:
            raise UsageError(
                f"{what[0].lower()}{what[1:]} Starting {program.title} {'again ' if same else ''}ends it: add "
                "--force to do that without being asked."
            )
        if not ask(question):
            return [f"Nothing changed: you are still on {current.run.title}."]
    with open_history(create=True) as store:
        assert store is not None
        # Replacing only what was asked about: a program another terminal
        # started meanwhile is refused by the store, not stopped unseen.
        ProgramRuns(store).start(
            program.name,
            program.digest,
            program.title,
            program.length,
            replace=force or current is not None,
        )
    first = day_plan(program, 0, library, program.progress.floor)
    return [
        f"Started {program.title}: {plural(program.length, 'day')}, one a day.",
        f"Day 1: {first.summary()}.",
        "Play it with `spasm today`. `spasm program status` shows where you are.",
    ]


def stop_program(programs: ProgramLibrary, today: date) -> list[str]:
    """End the active program (its sessions stay in history); what to say."""
    from spasm_cli.history.program_runs import ProgramRuns

    with open_history(create=False) as store:
        run = None if store is None else ProgramRuns(store).active()
        if store is None or run is None:
            return ["No program is on, so there is nothing to stop."]
        ProgramRuns(store).stop(run.id)
    return [
        f"Stopped {run.title}. Its sessions stay in your history.",
        f"`spasm program start {run.program}` begins it again from day 1.",
    ]


def status(programs: ProgramLibrary, library: Library, today: date) -> tuple[str, dict[str, Any]]:
    """Where the active program stands: text and the ``status --json`` object."""
    current = active_standing(programs, today)
    if current is None:
        text = "No program is on. `spasm program list` shows the programs; " + (
            "`spasm program start NAME` starts one."
        )
        return text, {"program": None}
    return _status_text(current, programs, library), status_json(current, library)


def status_json(current: Standing, library: Library) -> dict[str, Any]:
    """The ``program status --json`` object."""
    days = current.days
    plan = day_plan(current.program, current.index, library, current.dose.dose)
    return {
        "program": current.program.name,
        "title": current.program.title,
        "day": days.day,
        "days": days.length,
        "dose": current.dose.dose,
        "today": list(current.program.days[current.index].names),
        "done_today": days.done_today is not None,
        "finished": days.finished,
        "days_done": days.days_done,
        "started": current.run.local_date.isoformat(),
        "last_session": None if days.last_date is None else days.last_date.isoformat(),
        "days_since_last": days.since_last,
        "seconds": plan.seconds,
        "why": dose_reason(current.program.progress, current.dose),
        "sessions": len(current.played),
    }


def _status_text(current: Standing, programs: ProgramLibrary, library: Library) -> str:
    program, days = current.program, current.days
    lines = [f"{program.title}: day {days.day} of {days.length}, at {current.dose.dose}%."]
    if days.finished:
        lines = [f"{program.title}: {all_done(days.length)}."]
        lines += end_lines(program, programs)[1:]
        lines.append("`spasm program stop` ends it, so you can start another.")
        return "\n".join(lines)
    plan = day_plan(program, current.index, library, current.dose.dose)
    if days.done_today:
        lines.append(f"Today's session is done. Day {days.day + 1} is offered from tomorrow.")
    else:
        lines.append(f"Today: {plan.summary()}. Play it with `spasm today`.")
    lines.append(f"Dose {dose_reason(program.progress, current.dose)}.")
    lines.append(
        f"Started {day_words(current.run.local_date, current.today)}. "
        + " ".join(standing_lines(program.title, days, current.today))
    )
    if current.changed:
        lines.append(
            "The program's file has changed since you started it; the days follow the file as it is now."
        )
    return "\n".join(lines)


def today_program(programs: ProgramLibrary, today: date) -> Standing:
    """The active program where it stands, or the error that says none is on."""
    current = active_standing(programs, today)
    if current is None:
        raise ProgramStateError(
            "no program is on. `spasm program list` shows the programs, and "
            "`spasm program start NAME` starts one."
        )
    return current


def stats_view(programs: ProgramLibrary, today: date) -> ProgramView | None:
    """The active program as ``spasm stats`` shows it, or None when none is on.

    A program whose file is gone still has its figures: they are history's.
    """
    from spasm_cli.history.program_runs import ProgramRuns
    from spasm_cli.history.run_records import played_of
    from spasm_cli.program.adherence import adherence
    from spasm_cli.terminal.program_view import ProgramView

    with open_history(create=False) as store:
        run = None if store is None else ProgramRuns(store).active()
        if store is None or run is None:
            return None
        records = ProgramRuns(store).sessions(run.id)
    try:
        current = standing_of(run, program_of(run, programs), records, today)
    except (ProgramStateError, RoutineError):
        return None
    return ProgramView(
        title=run.title,
        day=current.days.day,
        length=current.days.length,
        started=run.local_date,
        dose=current.dose.dose,
        adherence=adherence(current.days.length, run.local_date, played_of(records), today),
    )


__all__ = [
    "Listed",
    "end_lines",
    "list_programs",
    "program_json",
    "program_of",
    "show_program",
    "start_program",
    "status",
    "status_json",
    "stats_view",
    "stop_program",
    "today_program",
]
