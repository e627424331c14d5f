"""What a recorded session is, as Python values.

Owns the record types (``SessionStatus``, ``SessionRecord``, ``HistoryInfo``),
the check that a pain score is one the diary accepts, and the conversion from a
``sessions`` row to a ``SessionRecord``. Nothing here imports ``sqlite3`` at run
time, so ``stats``, ``export`` and the terminal's history view can read records
without loading the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli.errors import UsageError, printable

if TYPE_CHECKING:
    import sqlite3


class SessionStatus(str, Enum):
    """Where a recorded session stands."""

    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"  # the user pressed q
    INTERRUPTED = "interrupted"  # Ctrl-C, SIGTERM or SIGHUP
    UNKNOWN = "unknown"  # the process died without saying how it ended


@dataclass(frozen=True)
class SessionRecord:
    """One session as stored.

    ``started_at`` and ``ended_at`` are aware UTC datetimes; ``utc_offset_seconds``
    is the local offset where the session started, so local days (streaks)
    can be worked out later without guessing the time zone.
    """

    id: int
    routine: str
    routine_hash: str
    title: str
    started_at: datetime
    utc_offset_seconds: int
    ended_at: datetime | None
    planned_seconds: float
    active_seconds: float | None
    done: int
    skipped: int
    status: SessionStatus
    pain_before: int | None
    pain_after: int | None
    pid: int
    host: str
    # The routine's steps, and how many were done and skipped, as the end of
    # the session said; None for sessions recorded before spasm counted them.
    exercises: int | None = None
    exercises_done: int | None = None
    exercises_skipped: int | None = None

    @property
    def local_start(self) -> datetime:
        """The start time in the local time of the place it started."""
        return self.started_at.astimezone(timezone(timedelta(seconds=self.utc_offset_seconds)))

    @property
    def local_date(self) -> date:
        """The local calendar day the session started on."""
        return self.local_start.date()


@dataclass(frozen=True)
class HistoryInfo:
    """What ``spasm doctor`` reports about the history database."""

    path: Path
    sessions: int
    running: int
    schema_version: int
    latest_schema_version: int
    integrity: str  # "ok", or the problems PRAGMA integrity_check found
    journal_mode: str
    damaged: int = 0  # rows that cannot be read as sessions


def check_pain(pain: int | None) -> None:
    """Raise ``UsageError`` unless ``pain`` is None or a whole number from 0 to 10."""
    if pain is None:
        return
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise UsageError(f"pain must be a whole number from 0 to 10, got {pain!r}")


@dataclass(frozen=True)
class DamagedRow:
    """A ``sessions`` row that cannot be read as a session (edited by hand, or damaged).

    Kept in the database as it is; ``history`` shows it as damaged, ``stats``
    and ``export`` leave it out and say how many they left out.
    """

    id: int | None  # None when even the id is unreadable
    reason: str  # plain words, with anything quoted from the row escaped

    def describe(self) -> str:
        """``session 17: start time 'yesterday' is not a date and time``."""
        which = "a session" if self.id is None else f"session {self.id}"
        return f"{which}: {self.reason}"


class _Damaged(Exception):
    """One column of a row that cannot be read; its message says which and why."""


# timezone() takes offsets strictly inside one day.
_MAX_OFFSET = 24 * 3600 - 1
# Start years a session can have: well inside what date arithmetic allows.
_EARLIEST, _LATEST = 1970, 9000


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    if len(text) > 40:
        text = text[:40] + "..."
    return printable(text, lines=False)


def _text(row: sqlite3.Row, column: str, what: str) -> str:
    value = row[column]
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        raise _Damaged(f"{what} {_shown(value)} is not text")
    # Text from the database reaches the terminal and exports: never raw
    # control characters, whoever wrote them there.
    return printable(value, lines=False)


def _whole(row: sqlite3.Row, column: str, what: str, *, optional: bool = False) -> int | None:
    value = row[column]
    if value is None and optional:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Damaged(f"{what} {_shown(value)} is not a whole number")
    return value


def _seconds(row: sqlite3.Row, column: str, what: str, *, optional: bool = False) -> float | None:
    value = row[column]
    if value is None and optional:
        return None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise _Damaged(f"{what} {_shown(value)} is not a number of seconds")
    return float(value)


def _moment(row: sqlite3.Row, column: str, what: str, *, optional: bool = False) -> datetime | None:
    value = row[column]
    if value is None and optional:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Damaged(f"{what} {_shown(value)} is not a date and time") from None
    if moment.tzinfo is None:
        # spasm always writes UTC with its offset; a time without one (written
        # by hand or by another tool) is taken as UTC, like the rest.
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def _pain_score(row: sqlite3.Row, column: str, what: str) -> int | None:
    pain = _whole(row, column, what, optional=True)
    if pain is not None and not 0 <= pain <= 10:
        raise _Damaged(f"{what} {pain} is not from 0 to 10")
    return pain


def decode_row(row: sqlite3.Row) -> SessionRecord | DamagedRow:
    """The ``SessionRecord`` for one ``sessions`` row, or a ``DamagedRow`` saying why not.

    Never raises for what a row holds: any column may have been edited by
    hand (text in a number column, a date that is not one, bytes in a title).
    """
    raw_id = row["id"]
    row_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
    try:
        offset = _whole(row, "utc_offset_seconds", "time zone offset")
        assert offset is not None
        if abs(offset) > _MAX_OFFSET:
            raise _Damaged(f"time zone offset {offset} s is more than a day")
        status_text = _text(row, "status", "status")
        try:
            status = SessionStatus(status_text)
        except ValueError:
            raise _Damaged(f"status {_shown(status_text)} is not one spasm knows") from None
        started = _moment(row, "started_at", "start time")
        assert started is not None
        if not _EARLIEST <= started.year <= _LATEST:
            # Days are added to and taken from session dates (weeks, streaks):
            # a year at the calendar's edge would overflow there.
            raise _Damaged(f"start time {_shown(row['started_at'])} is not a plausible date")
        if row_id is None:
            raise _Damaged(f"id {_shown(raw_id)} is not a whole number")
        return SessionRecord(
            id=row_id,
            routine=_text(row, "routine", "routine name"),
            routine_hash=_text(row, "routine_hash", "routine hash"),
            title=_text(row, "title", "title"),
            started_at=started,
            utc_offset_seconds=offset,
            ended_at=_moment(row, "ended_at", "end time", optional=True),
            planned_seconds=_seconds(row, "planned_seconds", "planned time") or 0.0,
            active_seconds=_seconds(row, "active_seconds", "active time", optional=True),
            done=_whole(row, "done", "done count") or 0,
            skipped=_whole(row, "skipped", "skipped count") or 0,
            status=status,
            pain_before=_pain_score(row, "pain_before", "pain before"),
            pain_after=_pain_score(row, "pain_after", "pain after"),
            pid=_whole(row, "pid", "process id") or 0,
            host=_text(row, "host", "host name"),
            exercises=_whole(row, "exercises", "exercise count", optional=True),
            exercises_done=_whole(row, "exercises_done", "exercises done", optional=True),
            exercises_skipped=_whole(row, "exercises_skipped", "exercises skipped", optional=True),
        )
    except _Damaged as damage:
        return DamagedRow(row_id, str(damage))


def record_from_row(row: sqlite3.Row) -> SessionRecord:
    """The ``SessionRecord`` for a row known to be good; ``ValueError`` for a damaged one."""
    decoded = decode_row(row)
    if isinstance(decoded, DamagedRow):
        raise ValueError(decoded.describe())
    return decoded
