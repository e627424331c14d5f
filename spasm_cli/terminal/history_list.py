"""``spasm history`` as lines, one session at a time, so any number of them streams.

Twenty thousand sessions (three a day for twenty years) drawn as one Rich table
took 7 s; each session here is formatted on its own, from a cursor, and
written at once. Columns have fixed widths but the routine's, which comes last
and folds under itself when long, so no line is ever wider than the terminal.
Below ``WIDE`` columns the table would not fit: each session is a small card
instead, its date and routine, then what happened in words, wrapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spasm_cli.errors import printable
from spasm_cli.history.records import DamagedRow, SessionRecord, SessionStatus
from spasm_cli.wrapping import wrap

HEADING = "Recent sessions"
EMPTY = "No sessions recorded yet. Run one with `spasm routine NAME`."

# started, status, time spent, exercises done, pain: then the routine, in what is left.
_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("started", 16, "<"),
    ("status", 11, "<"),
    ("time", 6, ">"),
    ("exercises done", 17, "<"),
    ("pain", 7, "^"),
)
_GAP = "  "
_FIXED = sum(width for _, width, _ in _COLUMNS) + len(_GAP) * len(_COLUMNS)
WIDE = _FIXED + 13  # below this a routine name would fold into slivers: 80 columns

_SGR = {
    SessionStatus.FINISHED: "32",
    SessionStatus.STOPPED: "33",
    SessionStatus.INTERRUPTED: "33",
    SessionStatus.RUNNING: "36",
    SessionStatus.UNKNOWN: "31",
}


def minutes_seconds(seconds: float | None) -> str:
    """``12:05`` for 725 s; ``-`` when unknown."""
    if seconds is None:
        return "-"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def pain_text(before: int | None, after: int | None) -> str:
    """``7 → 4``, ``- → 4``; empty when neither was given."""
    if before is None and after is None:
        return ""
    left = "-" if before is None else str(before)
    right = "-" if after is None else str(after)
    return f"{left} → {right}"


def exercises_text(record: SessionRecord, *, noun: bool = False) -> str:
    """``3 of 4, 1 skipped`` (``3 of 4 exercises done, 1 skipped`` with ``noun``).

    Empty for a session recorded before spasm counted exercises.
    """
    total, done, skipped = record.exercises, record.exercises_done, record.exercises_skipped
    if total is None or done is None:
        return ""
    text = f"{done} of {total}"
    if noun:
        text += " exercise done" if total == 1 else " exercises done"
    if skipped:
        text += f", {skipped} skipped"
    return text


class HistoryLines:
    """The lines of ``spasm history`` for a terminal ``width`` wide, with colour or not."""

    def __init__(self, width: int, *, colour: bool = False, routine: str | None = None) -> None:
        self.width = max(20, width)
        self.colour = colour
        self.routine = routine  # the --routine filter, for the word when nothing matched
        self.damaged: list[DamagedRow] = []

    def lines(self, rows: Iterable[SessionRecord | DamagedRow]) -> Iterator[str]:
        """Every line, the heading first; a word that there is nothing to show."""
        first = True
        for row in rows:
            if first:
                yield from self._heading()
                first = False
            if isinstance(row, DamagedRow):
                self.damaged.append(row)
                yield from self._damaged(row)
            elif self.width >= WIDE:
                yield from self._wide(row)
            else:
                yield from self._narrow(row)
        if first:
            if self.routine is None:
                yield from self._wrap(EMPTY)
            else:
                name = printable(self.routine, lines=False)
                yield from self._wrap(
                    f"No sessions of '{name}' recorded yet. `spasm history` shows them all."
                )

    def _heading(self) -> Iterator[str]:
        yield self._style(HEADING, "1")
        if self.width >= WIDE:
            cells = [f"{name:{align}{width}}" for name, width, align in _COLUMNS]
            yield (_GAP.join(cells) + _GAP + "routine").rstrip()
            yield "─" * min(self.width, _FIXED + 20)

    def _status(self, record: SessionRecord, width: int = 0) -> str:
        text = f"{record.status.value:<{width}}"
        return self._style(text, _SGR[record.status])

    def _style(self, text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if self.colour else text

    def _wide(self, r: SessionRecord) -> Iterator[str]:
        cells = [
            f"{r.local_start.strftime('%Y-%m-%d %H:%M'):<16}",
            self._status(r, 11),
            f"{minutes_seconds(r.active_seconds):>6}",
            f"{exercises_text(r) or '-':<17}",
            f"{pain_text(r.pain_before, r.pain_after):^7}",
        ]
        room = self.width - _FIXED
        # A long routine name (a file routine's path) folds under itself.
        parts = [r.routine[i : i + room] for i in range(0, len(r.routine), room)] or [""]
        yield _GAP.join(cells) + _GAP + parts[0]
        for part in parts[1:]:
            yield " " * _FIXED + part

    def _narrow(self, r: SessionRecord) -> Iterator[str]:
        # A card: when and what, then one line (wrapped, hanging) for each
        # thing that happened, so no figure is split from its words.
        head = f"{r.local_start.strftime('%Y-%m-%d %H:%M')}  {r.routine}"
        yield from wrap(head, self.width, hang="  ")
        ended = r.status.value
        if r.active_seconds is not None:
            ended += f" after {minutes_seconds(r.active_seconds)}"
        items = [ended + f" ({minutes_seconds(r.planned_seconds)} planned)"]
        items.append(exercises_text(r, noun=True))
        if r.pain_before is not None and r.pain_after is not None:
            items.append(f"pain {pain_text(r.pain_before, r.pain_after)}")
        elif r.pain_before is not None or r.pain_after is not None:
            which = "before" if r.pain_after is None else "after"
            items.append(f"pain {r.pain_before if r.pain_after is None else r.pain_after} {which}")
        for n, item in enumerate(i for i in items if i):
            lines = wrap("  " + item, self.width, hang="    ")
            if n == 0:
                # The status keeps its colour: it is the first word of the card's body.
                lines[0] = "  " + self._status(r) + lines[0][2 + len(r.status.value) :]
            yield from lines

    def _damaged(self, row: DamagedRow) -> Iterator[str]:
        yield from self._wrap(
            f"Damaged row, {row.describe()}. It is kept as it is, and left out of "
            "stats and exports.",
            indent="  ",
        )

    def _wrap(self, text: str, indent: str = "") -> Iterator[str]:
        yield from wrap(text, self.width, hang=indent)
