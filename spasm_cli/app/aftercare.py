"""What the end of a session says: pain before → after, saved or not, warning signs, next time.

The session's own summary (exercises done, time) is the display's; this is
what follows it, once the pain question is answered: one line of what the
session leaves behind, the warning signs themselves when pain rose by
``safety.PAIN_RISE_WARNING`` or more, and one suggestion for next time
(``app.next_time``), drawn from the routines this installation has.
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

from spasm_cli.app.next_time import Choice, Outcome, position_of, suggest
from spasm_cli.app.prompts import say
from spasm_cli.app.welcome import place
from spasm_cli.errors import SpasmError
from spasm_cli.wrapping import fill, stream_width

if TYPE_CHECKING:
    from spasm_cli.format.library import Library
    from spasm_cli.format.model import Routine
    from spasm_cli.terminal.tally import StepTally


def after_line(before: int | None, after: int | None, saved: bool | None) -> str:
    """``Pain 5 → 3. Saved to your history.``: what the session leaves behind."""
    parts = []
    if before is not None and after is not None:
        parts.append(f"Pain {before} → {after}.")
    elif before is not None:
        parts.append(f"Pain before: {before}.")
    elif after is not None:
        parts.append(f"Pain after: {after}.")
    if saved is True:
        parts.append("Saved to your history.")
    elif saved is False:
        parts.append("Not saved to your history.")
    else:
        parts.append("Not saved (--no-history).")
    return " ".join(parts)


def choice(library: Library, routine: Routine, target: str | None = None) -> Choice:
    """``routine`` as a suggestion's data: phase, position, planned exercise time.

    A routine given by path is named by that path (``target``), so "again"
    names something ``spasm routine`` can find.
    """
    from spasm_cli.app.catalog import compile_routine, exercise_seconds

    steps, _timeline = compile_routine(library, routine)
    name = routine.name
    if routine.origin == "path" and target:
        name = shlex.quote(target)
    return Choice(
        name=name,
        phase=routine.phase,
        # The ``position:`` field (or its parts') wins; tags are a guess without it.
        position=place(routine, library) or position_of(routine.tags),
        seconds=exercise_seconds(steps),
    )


def library_choices(library: Library) -> list[Choice]:
    """Every routine that loads and expands, as suggestion data (broken ones left out)."""
    found = []
    for routine in library.scan().routines:
        try:
            found.append(choice(library, routine))
        except SpasmError:
            continue
    return found


def next_time(
    library: Library,
    routine: Routine,
    target: str,
    before: int | None,
    after: int | None,
    tally: StepTally,
) -> str | None:
    """The suggestion line, or None when the library cannot be read (never fatal)."""
    try:
        outcome = Outcome(
            routine=choice(library, routine, target),
            pain_before=before,
            pain_after=after,
            done=tally.done,
            skipped=tally.skipped,
            total=tally.total,
        )
        return suggest(outcome, library_choices(library))
    except SpasmError:
        return None


def say_wrapped(text: str) -> None:
    """``text`` on stdout, wrapped to the terminal (list items hang)."""
    say(fill(text, stream_width(sys.stdout)))


def end_of_session(
    library: Library,
    routine: Routine,
    target: str,
    tally: StepTally,
    *,
    before: int | None,
    after: int | None,
    saved: bool | None,
    suggest: bool = True,
) -> None:
    """Say what the session leaves behind, the signs if pain rose, and what next.

    ``suggest`` False leaves out the suggestion for next time: a program
    session's next step is the program's to say.
    """
    from spasm_cli.safety import pain_warning

    say_wrapped(after_line(before, after, saved))
    warning = pain_warning(before, after, routine.name)
    if warning:
        say()
        say_wrapped(warning)
        say()
    line = next_time(library, routine, target, before, after, tally) if suggest else None
    if line:
        say_wrapped(line)


__all__ = ["after_line", "end_of_session", "library_choices", "next_time"]
