"""What ``spasm`` alone shows: where to start, in one screenful.

A person in a spasm should not have to read thirty routine names to find the
one for now. This names one routine per phase (in a spasm now, recovering,
preventing), where it is done and how long it takes (read from the routine
itself, so the screen never disagrees with ``show``), then the few commands
most people need. Every line is wrapped to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spasm_cli.errors import SpasmError
from spasm_cli.format.library import Library
from spasm_cli.format.model import Routine
from spasm_cli.wrapping import wrap_line

# One way in per phase. The acute one is the bundled combination of deep
# breathing and the side-lying knees-to-chest stretch the articles give for a
# spasm; the others are the gentlest start of each later phase.
STARTS = (
    ("In a spasm now", "acute-relief"),
    ("Recovering", "core-beginner"),
    ("Preventing", "desk-break"),
)

COMMANDS = (
    ("spasm routine NAME", "play a routine, step by step"),
    ("spasm list", "every routine, by when it fits, with where and how long"),
    ("spasm program list", "plans of a few days or weeks that follow your pain"),
    ("spasm safety", "the warning signs that need a doctor"),
    ("spasm history", "your past sessions and your pain before and after"),
)


@dataclass(frozen=True)
class Start:
    """One suggested routine: for whom, its name, where it is done, how long."""

    phase: str
    name: str
    place: str
    minutes: str


def place(routine: Routine, library: Library) -> str:
    """Where ``routine`` is done, in words: ``lying down``, ``sitting then standing``; empty if unknown.

    A combined routine's positions follow each other ("then"); a single
    exercise's are alternatives ("or").
    """
    from spasm_cli.format.model import StepKind
    from spasm_cli.format.position import position_words, routine_position

    combined = any(step.kind is StepKind.USE for step in routine.steps)
    return position_words(routine_position(routine, library.get), "then" if combined else "or")


def starts(library: Library) -> list[Start]:
    """The suggested routines that this installation has (a user may have removed one)."""
    from spasm_cli.app.catalog import compile_routine, exercise_seconds

    found = []
    for phase, name in STARTS:
        try:
            routine = library.resolve(name)
            steps, _timeline = compile_routine(library, routine)
        except SpasmError:
            continue
        found.append(
            Start(phase, name, place(routine, library), about_minutes(exercise_seconds(steps)))
        )
    return found


def about_minutes(seconds: float) -> str:
    """``about 12 minutes``; ``about 1 minute`` for anything under a minute and a half."""
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} minute" + ("" if minutes == 1 else "s")


def _wrap(text: str, width: int, indent: str, hang: str) -> list[str]:
    return wrap_line(indent + text, width, hang=hang)


def lines(found: Sequence[Start], width: int) -> list[str]:
    """The screen, wrapped to ``width`` columns."""
    width = max(30, width)
    out = [*wrap_line("spasm: a coach for back spasms, step by step.", width), ""]
    if found:
        out.append("Where to start:")
        for s in found:
            detail = ", ".join(part for part in (s.phase, s.place, s.minutes) if part)
            out += _wrap(f"{detail}:", width, "  ", "    ")
            out += _wrap(f"spasm routine {s.name}", width, "    ", "    ")
        out.append("")
    out.append("What most people need:")
    column = max(len(command) for command, _ in COMMANDS) + 4
    for command, what in COMMANDS:
        if width >= column + 30:
            out += _wrap(f"{command:<{column - 2}}{what}", width, "  ", " " * column)
        else:
            out += _wrap(command, width, "  ", "    ")
            out += _wrap(what, width, "    ", "    ")
    out.append("")
    out += wrap_line(
        # The two most urgent signs, in the articles' words (see safety.py).
        "If you suddenly lose control of your bladder or bowels, or notice new "
        "weakness in your arms or legs, seek medical help: `spasm safety` lists "
        "every warning sign. `spasm --help` shows every command.",
        width,
    )
    return out
