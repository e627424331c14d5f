"""What a recorded session is, as Python values.

Owns the record types (``SessionStatus``, ``SessionRecord``, ``HistoryInfo``),
the check that a pain score is one the diary accepts, and the conversion from a
``sessions`` row to a ``SessionRecord``. Nothing here imports ``sqlite3`` at run
time, so ``stats``, ``export`` and the terminal's history view can read records
without loading the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli.errors import UsageError

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


def check_pain(pain: int | None) -> None:
    """Raise ``UsageError`` unless ``pain`` is None or a whole number from 0 to 10."""
    if pain is None:
        return
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise UsageError(f"pain must be a whole number from 0 to 10, got {pain!r}")


def record_from_row(row: sqlite3.Row) -> SessionRecord:
    """The ``SessionRecord`` for one row of the ``sessions`` table."""
    ended = row["ended_at"]
    return SessionRecord(
        id=int(row["id"]),
        routine=row["routine"],
        routine_hash=row["routine_hash"],
        title=row["title"],
        started_at=datetime.fromisoformat(row["started_at"]),
        utc_offset_seconds=int(row["utc_offset_seconds"]),
        ended_at=None if ended is None else datetime.fromisoformat(ended),
        planned_seconds=float(row["planned_seconds"]),
        active_seconds=None if row["active_seconds"] is None else float(row["active_seconds"]),
        done=int(row["done"]),
        skipped=int(row["skipped"]),
        status=SessionStatus(row["status"]),
        pain_before=row["pain_before"],
        pain_after=row["pain_after"],
        pid=int(row["pid"]),
        host=row["host"],
    )
