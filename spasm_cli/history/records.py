"""What a recorded session is, as Python values.

Owns the record types (``SessionStatus``, ``SessionRecord``, ``ProgramTag``,
``HistoryInfo``), the check that a pain score is one the diary accepts, and the
conversion from a ``sessions`` row to a ``SessionRecord``. Nothing here imports
``sqlite3`` at run time, so ``stats``, ``export`` and the terminal's history
view can read records without loading the database. Reading one column that
may be damaged is ``columns``'; a program run's records (``RunStatus``,
``ProgramRun``, ``DamagedRun``, ``decode_run``) are ``run_records``', and are
named here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli.errors import UsageError
from spasm_cli.history.columns import (
    ColumnDamaged,
    local_moment,
    read_counting,
    read_moment,
    read_offset,
    read_optional_text,
    read_seconds,
    read_start,
    read_text,
    read_whole,
    row_id,
    shown,
)

# The program run's records live in run_records (this module stays about
# sessions); named here too, so one import reaches every history record type.
from spasm_cli.history.run_records import DamagedRun as DamagedRun
from spasm_cli.history.run_records import ProgramRun as ProgramRun
from spasm_cli.history.run_records import RunStatus as RunStatus
from spasm_cli.history.run_records import decode_run as decode_run

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
    # The program run the session was a day of, that run's program, the day
    # (from 1) and the dose in whole percent; all None outside a program.
    program_run: int | None = None
    program: str | None = None
    program_day: int | None = None
    dose: int | None = None

    @property
    def local_start(self) -> datetime:
        """The start time in the local time of the place it started."""
        return local_moment(self.started_at, self.utc_offset_seconds)

    @property
    def local_date(self) -> date:
        """The local calendar day the session started on."""
        return self.local_start.date()


@dataclass(frozen=True)
class ProgramTag:
    """What marks a session as one day of a program run: ``start_session`` stores it.

    ``run_id`` is the ``program_runs`` row, ``program`` the program's name,
    ``day`` the program day (from 1) and ``dose`` the whole percent played.
    """

    run_id: int
    program: str
    day: int
    dose: int

    def __post_init__(self) -> None:
        # Written by spasm itself, never typed by a person: a bad one is a bug.
        for name in ("run_id", "day", "dose"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"program tag {name} must be a whole number from 1, got {value!r}")


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


def pain_change(before: int | None, after: int | None) -> int | None:
    """After minus before (negative: less pain), or None unless both were given."""
    if before is None or after is None:
        return None
    return after - before


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


def _pain_score(row: sqlite3.Row, column: str, what: str) -> int | None:
    pain = read_whole(row, column, what, optional=True)
    if pain is not None and not 0 <= pain <= 10:
        raise ColumnDamaged(f"{what} {pain} is not from 0 to 10")
    return pain


def decode_row(row: sqlite3.Row) -> SessionRecord | DamagedRow:
    """The ``SessionRecord`` for one ``sessions`` row, or a ``DamagedRow`` saying why not.

    Never raises for what a row holds: any column may have been edited by
    hand (text in a number column, a date that is not one, bytes in a title).
    """
    the_id = row_id(row)
    try:
        offset = read_offset(row)
        status_text = read_text(row, "status", "status")
        try:
            status = SessionStatus(status_text)
        except ValueError:
            raise ColumnDamaged(f"status {shown(status_text)} is not one spasm knows") from None
        started = read_start(row)
        if the_id is None:
            raise ColumnDamaged(f"id {shown(row['id'])} is not a whole number")
        return SessionRecord(
            id=the_id,
            routine=read_text(row, "routine", "routine name"),
            routine_hash=read_text(row, "routine_hash", "routine hash"),
            title=read_text(row, "title", "title"),
            started_at=started,
            utc_offset_seconds=offset,
            ended_at=read_moment(row, "ended_at", "end time", optional=True),
            planned_seconds=read_seconds(row, "planned_seconds", "planned time") or 0.0,
            active_seconds=read_seconds(row, "active_seconds", "active time", optional=True),
            done=read_whole(row, "done", "done count") or 0,
            skipped=read_whole(row, "skipped", "skipped count") or 0,
            status=status,
            pain_before=_pain_score(row, "pain_before", "pain before"),
            pain_after=_pain_score(row, "pain_after", "pain after"),
            pid=read_whole(row, "pid", "process id") or 0,
            host=read_text(row, "host", "host name"),
            exercises=read_whole(row, "exercises", "exercise count", optional=True),
            exercises_done=read_whole(row, "exercises_done", "exercises done", optional=True),
            exercises_skipped=read_whole(
                row, "exercises_skipped", "exercises skipped", optional=True
            ),
            program_run=read_counting(row, "program_run", "program run"),
            program=read_optional_text(row, "program", "program name"),
            program_day=read_counting(row, "program_day", "program day"),
            dose=read_counting(row, "dose", "dose"),
        )
    except ColumnDamaged as damage:
        return DamagedRow(the_id, str(damage))


def record_from_row(row: sqlite3.Row) -> SessionRecord:
    """The ``SessionRecord`` for a row known to be good; ``ValueError`` for a damaged one."""
    decoded = decode_row(row)
    if isinstance(decoded, DamagedRow):
        raise ValueError(decoded.describe())
    return decoded
