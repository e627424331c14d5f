"""``spasm today``: the active program's day, played as one session at today's dose.

Before the session: which day, which routines, the dose and why, and how long
it has been when days were missed. The session itself is ``spasm routine``'s
(the same screen, keys, sound, pain questions and history). After it, the
history says how it went: the day is done when the session finished, the next
dose follows the rule, and the last day done ends the run with what next.
"""

from __future__ import annotations

import contextlib
from datetime import date

from spasm_cli.app.program_checks import checked
from spasm_cli.app.program_day import day_plan
from spasm_cli.app.program_state import Standing, open_history, standing_of
from spasm_cli.app.program_words import dose_reason, plural, step_line
from spasm_cli.app.programs import end_lines, today_program
from spasm_cli.app.prompts import say
from spasm_cli.app.session import Prepared, SessionOptions, run_session
from spasm_cli.config import Config
from spasm_cli.errors import ExitCode, ProgramStateError
from spasm_cli.format.library import Library, default_dirs
from spasm_cli.format.program_library import ProgramLibrary, default_program_dirs


def _wrapped(text: str) -> None:
    import sys

    from spasm_cli.wrapping import fill, stream_width

    say(fill(text, stream_width(sys.stdout)))


def run_today(options: SessionOptions, config: Config, today: date | None = None) -> ExitCode:
    """Play today's program day; say what it changed. Returns the exit code."""
    from spasm_cli.history.records import ProgramTag

    day = today or date.today()
    programs = ProgramLibrary(default_program_dirs())
    library = Library(default_dirs(options.routines_dirs))
    current = today_program(programs, day)
    # Checked in full before anything starts: a broken routine of day 12 is
    # its file's problems now, not a traceback then.
    checked(programs, library, current.program.name)
    program, days = current.program, current.days
    if days.finished:
        for line in end_lines(program, programs):
            _wrapped(line)
        _wrapped("`spasm program stop` ends it, so you can start another.")
        return ExitCode.OK
    if days.done_today:
        _wrapped(
            f"Today's session of {program.title} (day {days.day} of {days.length}) is done. "
            f"Day {days.day + 1} is offered from tomorrow."
        )
        return ExitCode.OK
    plan = day_plan(program, current.index, library, current.dose.dose)
    intro = [
        f"{program.title}, day {days.day} of {days.length}: {plan.summary()}.",
        f"Dose {dose_reason(program.progress, current.dose)}.",
    ]
    if days.since_last is not None and days.since_last > 1:
        intro.append(
            f"Your last session was {plural(days.since_last, 'day')} ago; the program goes on "
            f"with day {days.day}, as missed days are never skipped."
        )
    intro.append("")
    tag = ProgramTag(
        run_id=current.run.id, program=program.name, day=days.day, dose=current.dose.dose
    )
    prepared = Prepared(plan.routine, plan.steps, tag, tuple(intro))
    code = run_session(options, config, prepared)
    if options.history:
        _after(current, programs, day, interrupted=code is ExitCode.INTERRUPTED)
    else:
        _wrapped(f"Not recorded (--no-history), so day {days.day} stays open.")
    return code


def _after(before: Standing, programs: ProgramLibrary, day: date, *, interrupted: bool) -> None:
    """What the session changed, read back from history (where the rule's inputs live)."""
    from spasm_cli.history.program_runs import ProgramRuns
    from spasm_cli.history.records import RunStatus

    with open_history(create=False) as store:
        if store is None:
            return
        runs = ProgramRuns(store)
        records = runs.sessions(before.run.id)
        now = standing_of(before.run, before.program, records, day)
        if now.days.finished and before.run.status is RunStatus.ACTIVE:
            # Stopped from another terminal meanwhile: it has ended either way.
            with contextlib.suppress(ProgramStateError):
                runs.stop(before.run.id, status=RunStatus.FINISHED)
    program = before.program
    if len(now.played) == len(before.played) or now.dose.last is None:
        _wrapped(f"This session was not recorded, so day {before.days.day} stays open.")
        return
    last = now.dose.last
    if now.days.finished:
        for line in end_lines(program, programs):
            _wrapped(line)
        return
    if not last.played.finished:
        how = "was interrupted" if interrupted else "stopped before its end"
        _wrapped(
            f"The session {how}, so day {before.days.day} stays open: `spasm today` plays it again."
        )
    else:
        _wrapped(
            f"Day {before.days.day} of {program.length} done. Day {now.days.day + 1} is offered from tomorrow."
        )
    _wrapped(step_line(program.progress, last))
    if program.progress.enabled and last.change == 0:
        _wrapped(f"Dose {dose_reason(program.progress, now.dose)}.")
    if _signs_due(program.progress.back_off_at, last.played.rise):
        from spasm_cli.safety import signs_text

        say()
        for line in signs_text():
            _wrapped(line)


def _signs_due(back_off_at: int, rise: int | None) -> bool:
    """The warning signs after a back-off that the general rule did not already show."""
    from spasm_cli.safety import PAIN_RISE_WARNING

    return rise is not None and back_off_at <= rise < PAIN_RISE_WARNING


__all__ = ["run_today"]
