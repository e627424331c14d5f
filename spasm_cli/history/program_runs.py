"""Program runs in the history database: which program is on, starting and ending one, its sessions.

Owns ``ProgramRuns``, which works over an open ``store.HistoryStore``: its
connection, its write transaction (``BEGIN IMMEDIATE``), its mapping of
SQLite errors to ``StorageBusy`` and ``StorageError``, and its clock, so every
time is written as the sessions' are (ISO 8601 UTC text, local offset beside
it) and a test can fix the time.

At most one run is active. ``start`` checks and inserts in one write
transaction, and the database's unique partial index
(``program_runs_one_active``) refuses a second active row whatever a writer
checked first; either way a second start comes out as ``ProgramAlreadyOn``
(a ``ProgramStateError``), never as an SQLite error.

Damaged rows (edited by hand) are never a crash. In the lists they are left
out, and ``rows``/``run_rows`` give them in their place (``DamagedRow``,
``DamagedRun``). An active run whose row is damaged is not ``active()``
(there is nothing to follow), but it still blocks ``start`` until it is
replaced (``replace=True`` stops it) or stopped by id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

from spasm_cli.errors import ProgramStateError, StorageError
from spasm_cli.history.columns import stored_moment, utc_text
from spasm_cli.history.records import DamagedRow, SessionRecord, decode_row
from spasm_cli.history.run_records import DamagedRun, ProgramRun, RunStatus, decode_run
from spasm_cli.history.stats import day_and_month
from spasm_cli.history.store import HistoryStore


class ProgramAlreadyOn(ProgramStateError):
    """``start`` found a program run already active, and was not asked to replace it.

    ``active`` is that run, or None when its row is damaged (the message then
    says which row and why).
    """

    def __init__(self, message: str, active: ProgramRun | None) -> None:
        super().__init__(message)
        self.active = active


class _Raced(Exception):
    """The unique index refused the new active run: another one got in first."""


def _when(day: date, today: date) -> str:
    # "2 Dec" for this year, "2 Dec 2025" for another: short, and unambiguous.
    return day_and_month(day) if day.year == today.year else f"{day_and_month(day)} {day.year}"


def _already_on(run: ProgramRun | DamagedRun, now: datetime) -> ProgramAlreadyOn:
    if isinstance(run, DamagedRun):
        return ProgramAlreadyOn(f"another program is already on ({run.describe()})", None)
    today = now.astimezone(run.local_start.tzinfo).date()
    return ProgramAlreadyOn(
        f"{run.title} is already on (started {_when(run.local_date, today)})", run
    )


def _active_row(conn: sqlite3.Connection) -> ProgramRun | DamagedRun | None:
    row = conn.execute("SELECT * FROM program_runs WHERE status = 'active'").fetchone()
    return None if row is None else decode_run(row)


class ProgramRuns:
    """The program runs kept in ``store``'s database (``program_runs``, and tagged sessions)."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    # --- reading ---

    def active_row(self) -> ProgramRun | DamagedRun | None:
        """The active run as its row reads (damaged or not), or None when none is active."""
        with self.store.errors("read the active program"):
            return _active_row(self.store.connection)

    def active(self) -> ProgramRun | None:
        """The active run, or None (also when the active run's row is damaged)."""
        run = self.active_row()
        return run if isinstance(run, ProgramRun) else None

    def run(self, run_id: int) -> ProgramRun | None:
        """One run by id, or None (also for a damaged row)."""
        with self.store.errors("read a program run"):
            row = self.store.connection.execute(
                "SELECT * FROM program_runs WHERE id = ?", (run_id,)
            ).fetchone()
        decoded = None if row is None else decode_run(row)
        return decoded if isinstance(decoded, ProgramRun) else None

    def run_rows(self) -> Iterator[ProgramRun | DamagedRun]:
        """Every run, newest first; a row that cannot be read comes as a ``DamagedRun``."""
        with self.store.errors("read program runs"):
            for row in self.store.connection.execute(
                "SELECT * FROM program_runs ORDER BY started_at DESC, id DESC"
            ):
                yield decode_run(row)

    def runs(self) -> list[ProgramRun]:
        """Every run that can be read, newest first (damaged rows left out)."""
        return [r for r in self.run_rows() if isinstance(r, ProgramRun)]

    def rows(self, run_id: int) -> Iterator[SessionRecord | DamagedRow]:
        """The sessions tagged with run ``run_id``, oldest first (start time, then id).

        A row that cannot be read as a session comes as a ``DamagedRow`` in
        its place, so a caller can count what it leaves out.
        """
        with self.store.errors("read the program's sessions"):
            for row in self.store.connection.execute(
                "SELECT * FROM sessions WHERE program_run = ? ORDER BY started_at, id",
                (run_id,),
            ):
                yield decode_row(row)

    def sessions(self, run_id: int) -> list[SessionRecord]:
        """The readable sessions of run ``run_id``, oldest first (damaged rows left out)."""
        return [r for r in self.rows(run_id) if isinstance(r, SessionRecord)]

    # --- writing ---

    def start(
        self,
        program: str,
        program_hash: str,
        title: str,
        days: int,
        *,
        replace: bool = False,
        started_at: datetime | None = None,
    ) -> ProgramRun:
        """Start a run of ``program`` (``days`` long) now, or at ``started_at``; return it.

        One write transaction: with a run already active, ``ProgramAlreadyOn``
        names it unless ``replace``, which marks it ``stopped`` (ended now, by
        the store's clock) before the new run is inserted. A naive
        ``started_at`` is taken as local time. ``ValueError`` for ``days``
        below 1 or a start time that could not be read back.
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError(f"a program has 1 day or more, got {days!r}")
        moment = started_at if started_at is not None else self.store.now()
        started, offset = stored_moment(moment)
        try:
            with self.store.errors("start the program"), self.store.write_transaction() as conn:
                on = _active_row(conn)
                if on is not None and not replace:
                    raise _already_on(on, self.store.now())
                if on is not None:
                    # By status, not id: a damaged active row is replaced too.
                    conn.execute(
                        "UPDATE program_runs SET status = 'stopped', ended_at = ?"
                        " WHERE status = 'active'",
                        (utc_text(self.store.now()),),
                    )
                try:
                    cursor = conn.execute(
                        "INSERT INTO program_runs (program, program_hash, title, days,"
                        " started_at, utc_offset_seconds, status)"
                        " VALUES (?, ?, ?, ?, ?, ?, 'active')",
                        (program, program_hash, title, days, started, offset),
                    )
                except sqlite3.IntegrityError as exc:
                    raise _Raced from exc
                row = conn.execute(
                    "SELECT * FROM program_runs WHERE id = ?", (cursor.lastrowid,)
                ).fetchone()
                run = decode_run(row)
                if isinstance(run, DamagedRun):
                    # Raised inside the transaction, so nothing is kept.
                    raise ValueError(f"cannot start the program: {run.reason}")
        except _Raced:
            # The check above runs under the write lock, so this is a writer
            # that did not take it first; the run it left active is named.
            other = self.active_row()
            if other is None:
                raise StorageError(
                    f"history database {self.store.path}: cannot start the program: "
                    "the database refused a new active run, but none is active"
                ) from None
            raise _already_on(other, self.store.now()) from None
        return run

    def stop(
        self,
        run_id: int,
        *,
        status: RunStatus = RunStatus.STOPPED,
        ended_at: datetime | None = None,
    ) -> None:
        """End the active run ``run_id`` as ``status`` (``FINISHED`` after its last day).

        ``ended_at`` defaults to now by the store's clock. Only an active run
        can end: ``ProgramStateError`` when ``run_id`` is no run, or one that
        has already ended (nothing is changed); ``ValueError`` for
        ``status=ACTIVE``.
        """
        status = RunStatus(status)
        if status is RunStatus.ACTIVE:
            raise ValueError("stop ends a run: its status is stopped or finished")
        moment = ended_at if ended_at is not None else self.store.now()
        with self.store.errors("end the program"), self.store.write_transaction() as conn:
            cursor = conn.execute(
                "UPDATE program_runs SET status = ?, ended_at = ?"
                " WHERE id = ? AND status = 'active'",
                (status.value, utc_text(moment), run_id),
            )
            if cursor.rowcount == 1:
                return
            row = conn.execute("SELECT * FROM program_runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise ProgramStateError(f"there is no program run {run_id}")
        run = decode_run(row)
        if isinstance(run, DamagedRun):
            raise ProgramStateError(f"{run.describe()}; it is not on")
        ended = "" if run.ended_at is None else self._on(run, run.ended_at)
        raise ProgramStateError(f"{run.title} is not on: it was {run.status.value}{ended}")

    def _on(self, run: ProgramRun, moment: datetime) -> str:
        zone = timezone(timedelta(seconds=run.utc_offset_seconds))
        today = self.store.now().astimezone(zone).date()
        return f" on {_when(moment.astimezone(zone).date(), today)}"
