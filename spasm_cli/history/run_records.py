"""What a program run is, as Python values, and reading a ``program_runs`` row that may be damaged.

A program run is one go at a program: started on a day, at most one active at
a time, ended by ``stop`` (``stopped``) or by its last day (``finished``). Its
sessions are the ``sessions`` rows tagged with its id (``records.ProgramTag``).

``decode_run`` never raises for what a row holds: a row edited by hand comes
back as a ``DamagedRun`` (its id, when readable, and the reason in plain
words), in the same way ``records.decode_row`` gives a ``DamagedRow``. Nothing
here imports ``sqlite3`` at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

from spasm_cli.history.columns import (
    ColumnDamaged,
    local_moment,
    read_moment,
    read_offset,
    read_start,
    read_text,
    read_whole,
    row_id,
    shown,
)
from spasm_cli.program.played import Played

if TYPE_CHECKING:
    import sqlite3

    from spasm_cli.history.records import SessionRecord


class RunStatus(str, Enum):
    """Where a program run stands."""

    ACTIVE = "active"  # the one being followed (at most one at a time)
    STOPPED = "stopped"  # ended before its last day, or replaced by another
    FINISHED = "finished"  # its last day was done


@dataclass(frozen=True)
class ProgramRun:
    """One program run as stored.

    ``started_at`` and ``ended_at`` are aware UTC datetimes; ``utc_offset_seconds``
    is the local offset where the run started, so its first local day (day 1)
    is known without guessing the time zone. ``program_hash`` is the digest of
    the program file it started from; ``days`` how many days that program has.
    """

    id: int
    program: str
    program_hash: str
    title: str
    days: int
    started_at: datetime
    utc_offset_seconds: int
    ended_at: datetime | None
    status: RunStatus

    @property
    def local_start(self) -> datetime:
        """The start time in the local time of the place it started."""
        return local_moment(self.started_at, self.utc_offset_seconds)

    @property
    def local_date(self) -> date:
        """The local calendar day the run started on."""
        return self.local_start.date()


@dataclass(frozen=True)
class DamagedRun:
    """A ``program_runs`` row that cannot be read as a run (edited by hand, or damaged).

    Kept in the database as it is; the lists of runs leave it out.
    """

    id: int | None  # None when even the id is unreadable
    reason: str  # plain words, with anything quoted from the row escaped

    def describe(self) -> str:
        """``program run 3: start time 'yesterday' is not a date and time``."""
        which = "a program run" if self.id is None else f"program run {self.id}"
        return f"{which}: {self.reason}"


def decode_run(row: sqlite3.Row) -> ProgramRun | DamagedRun:
    """The ``ProgramRun`` for one ``program_runs`` row, or a ``DamagedRun`` saying why not."""
    the_id = row_id(row)
    try:
        offset = read_offset(row)
        status_text = read_text(row, "status", "status")
        try:
            status = RunStatus(status_text)
        except ValueError:
            raise ColumnDamaged(f"status {shown(status_text)} is not one spasm knows") from None
        started = read_start(row)
        if the_id is None:
            raise ColumnDamaged(f"id {shown(row['id'])} is not a whole number")
        days = read_whole(row, "days", "number of days")
        assert days is not None  # not optional
        if days < 1:
            raise ColumnDamaged(f"number of days {days} is not 1 or more")
        return ProgramRun(
            id=the_id,
            program=read_text(row, "program", "program name"),
            program_hash=read_text(row, "program_hash", "program hash"),
            title=read_text(row, "title", "title"),
            days=days,
            started_at=started,
            utc_offset_seconds=offset,
            ended_at=read_moment(row, "ended_at", "end time", optional=True),
            status=status,
        )
    except ColumnDamaged as damage:
        return DamagedRun(the_id, str(damage))


def played_of(records: Sequence[SessionRecord]) -> list[Played]:
    """A run's sessions as the program core reads them (``program.played``), oldest first."""
    from spasm_cli.history.records import SessionStatus

    return [
        Played(
            day=record.program_day or 0,
            local_date=record.local_date,
            finished=record.status is SessionStatus.FINISHED,
            pain_before=record.pain_before,
            pain_after=record.pain_after,
            dose=record.dose,
        )
        for record in records
    ]
