"""The active program in ``spasm stats``: adherence and the dose over time, drawn with Rich.

Takes a ``ProgramView`` (plain data the application fills in from the
history) and a ``Console``; user text (the program's title) goes in as
``Text`` so brackets in it are never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Console
from rich.text import Text

from spasm_cli.program.adherence import Adherence
from spasm_cli.terminal.history_view import bar
from spasm_cli.wrapping import wrap

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DOSES_SHOWN = 8  # the latest changes of dose; older ones are counted, not drawn
_BAR_CELLS = 20


@dataclass(frozen=True)
class ProgramView:
    """What ``stats`` says of the active program."""

    title: str
    day: int
    length: int
    started: date
    dose: int  # the next session's
    adherence: Adherence


def _date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _line(console: Console, text: str, style: str = "") -> None:
    for piece in wrap(text, max(20, console.width - 1), hang="  "):
        console.print(Text(piece, style=style), no_wrap=True, overflow="ignore")


def render_program(console: Console, view: ProgramView) -> None:
    """The program's days done of days planned, sessions a week, and the dose over time."""
    a = view.adherence
    _line(
        console,
        f"Program: {view.title}, day {view.day} of {view.length} (started {_date(view.started)})",
        style="bold",
    )
    share = round(100 * a.days_done / a.days_planned)
    _line(console, f"Days done: {a.days_done} of {a.days_planned} planned so far ({share}%)")
    sessions = f"{a.sessions} session{'s' if a.sessions != 1 else ''}"
    _line(console, f"Sessions: {sessions}, {a.per_week:.1f} a week")
    changes = a.dose_changes()
    if not changes:
        _line(console, f"Dose: {view.dose}% for the first session")
        return
    _line(console, f"Dose over time (next session: {view.dose}%)")
    shown = changes[-DOSES_SHOWN:]
    if len(changes) > len(shown):
        _line(console, f"  ({len(changes) - len(shown)} earlier changes not shown)", style="dim")
    largest = max(point.dose for point in shown)
    cells = max(4, min(_BAR_CELLS, console.width - 16))
    for point in shown:
        label = f"  {_date(point.local_date):>6}  {point.dose:>3}%  "
        console.print(
            Text(label + bar(point.dose, largest, cells)), no_wrap=True, overflow="ignore"
        )
