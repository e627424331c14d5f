"""The session diary: every session played, stored in SQLite.

One row per session, inserted when it starts and updated when it ends, each in
its own transaction, so a process killed midway leaves a readable database with
every earlier session in it. The database runs in WAL mode with a busy timeout
so that two sessions at once (two terminals) can both write.

A row still ``running`` whose process is gone (same host, dead pid) is marked
``unknown`` the next time the database is opened: that session was killed
before it could say how it ended.

Only the history package imports ``sqlite3``, and the CLI imports it lazily.
Record types live in ``records``, the session's writer in ``recorder``, what
an error or a row means (busy, damaged, whose process) in ``damage``, program
runs (written through this store's ``write_transaction`` and ``errors``) in
``program_runs``.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple
from datetime import datetime
from pathlib import Path

from spasm_cli.errors import StorageBusy, StorageError
from spasm_cli.history.columns import stored_moment, utc_text
from spasm_cli.history.damage import dead_sessions, is_busy, is_corruption, move_aside
from spasm_cli.history.migrations import SCHEMA_VERSION, migrate, schema_version
from spasm_cli.history.records import (
    DamagedRow,
    HistoryInfo,
    ProgramTag,
    SessionRecord,
    check_pain,
    decode_row,
)
from spasm_cli.paths import private_dir
from spasm_cli.session.events import EndStatus

FILE_NAME = "history.sqlite3"
MEMORY = ":memory:"

# Seconds to wait for another process's write lock before giving up. Writes
# are two tiny transactions per session, so contention is short.
BUSY_TIMEOUT = 5.0


# --- the store ----------------------------------------------------------------


def _local_now() -> datetime:
    return datetime.now().astimezone()


class HistoryStore:
    """The history database at ``path`` (``Path(":memory:")`` for tests).

    Opening creates the file and its folder if missing, applies migrations and
    marks sessions of dead processes ``unknown``. Raises ``StorageError`` for a
    file that is not a SQLite database (after moving it aside), for a schema
    newer than this program knows (file left untouched), and for anything the
    operating system refuses.
    """

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime] = _local_now,
        timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.path = Path(path)
        self._now = now
        self._memory = str(path) == MEMORY
        self._host = socket.gethostname()
        if not self._memory:
            self._create_file()
        try:
            conn = sqlite3.connect(
                MEMORY if self._memory else str(self.path),
                timeout=timeout,
                isolation_level=None,  # we open every transaction ourselves
            )
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open history database {self.path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        self._conn = conn
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if is_busy(exc):
                raise StorageBusy(
                    f"history database {self.path} is busy: another program is writing to it"
                ) from exc
            if is_corruption(exc) and not self._memory:
                move_aside(self.path, self._now(), exc)
            raise StorageError(f"cannot use history database {self.path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise

    def _create_file(self) -> None:
        # Pain scores are health data: keep the folder and file private.
        # SQLite gives its -wal and -shm files the database file's mode.
        try:
            private_dir(self.path.parent)
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                return
            os.close(fd)
        except OSError as exc:
            raise StorageError(f"cannot create history database {self.path}: {exc}") from exc

    def _open(self) -> None:
        conn = self._conn
        # Reading the header first: a non-database fails here, and a newer
        # schema is refused before anything (even the journal mode) is written.
        version = schema_version(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if version > SCHEMA_VERSION:
            conn.close()
            raise StorageError(
                f"history database {self.path} has schema version {version}, but this "
                f"spasm knows only up to {SCHEMA_VERSION}: it was written by a newer "
                "spasm. Upgrade spasm; the file was left untouched."
            )
        # WAL lets a reader and a writer (two sessions, `spasm history` during a
        # session) work at once; NORMAL sync is still crash-safe in WAL mode.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
        self._mark_orphans()

    def _mark_orphans(self) -> None:
        rows = self._conn.execute(
            "SELECT id, pid FROM sessions WHERE status = 'running' AND host = ?",
            (self._host,),
        ).fetchall()
        # Sessions on other hosts (a shared home folder) cannot be checked: leave them.
        dead = dead_sessions(rows)
        if not dead:
            return
        try:
            with self.write_transaction() as conn:
                conn.executemany(
                    "UPDATE sessions SET status = 'unknown' WHERE id = ? AND status = 'running'",
                    [(i,) for i in dead],
                )
        except sqlite3.OperationalError as exc:
            # Tidying up can wait for the next open; reading must not.
            if not is_busy(exc):
                raise

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for reading inside ``errors`` (the history package only)."""
        return self._conn

    def now(self) -> datetime:
        """The current time by the store's clock (``now``, injectable for tests)."""
        return self._now()

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back on any error.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a busy database
        waits on the busy timeout instead of failing halfway through (WAL
        upgrades from a read to a write lock do not wait), and what the block
        reads cannot change before it writes.
        """
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            yield self._conn

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn an ``sqlite3.Error`` in the block into ``StorageBusy`` or ``StorageError``.

        ``doing`` says what failed: ``cannot {doing}`` (``record the session start``).
        """
        try:
            yield
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise StorageBusy(
                    f"history database {self.path} is busy: cannot {doing} yet"
                ) from exc
            raise StorageError(f"history database {self.path}: cannot {doing}: {exc}") from exc

    def write_locked(self) -> bool:
        """Whether another process holds the write lock right now. Never waits."""
        with self.errors("check the write lock"):
            saved = int(self._conn.execute("PRAGMA busy_timeout").fetchone()[0])
            self._conn.execute("PRAGMA busy_timeout = 0")
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute("ROLLBACK")
            except sqlite3.OperationalError as exc:
                if is_busy(exc):
                    return True
                raise
            finally:
                self._conn.execute(f"PRAGMA busy_timeout = {saved}")
        return False

    def set_busy_timeout(self, seconds: float) -> None:
        """Wait up to ``seconds`` for another process's write lock from now on."""
        with self.errors("set the busy timeout"):
            self._conn.execute(f"PRAGMA busy_timeout = {max(0, round(seconds * 1000))}")

    # --- writing ---

    def start_session(
        self,
        routine: str,
        routine_hash: str,
        title: str,
        planned_seconds: float,
        *,
        pain_before: int | None = None,
        started_at: datetime | None = None,
        pid: int | None = None,
        program: ProgramTag | None = None,
    ) -> int:
        """Insert a ``running`` row for a session starting now; return its id.

        ``started_at`` should be aware (a naive one is taken as local time); its
        UTC offset is stored with it for local-day statistics. ``program`` tags
        the session as a day of a program run (left NULL outside one).
        """
        check_pain(pain_before)
        started, offset = stored_moment(started_at if started_at is not None else self._now())
        # In column order: program_run, program, program_day, dose.
        tag = (None,) * 4 if program is None else astuple(program)
        with self.errors("record the session start"), self.write_transaction() as conn:
            cursor = conn.execute(
                """
                INSERT INTO sessions (routine, routine_hash, title, started_at,
                    utc_offset_seconds, planned_seconds, status, pain_before, pid, host,
                    program_run, program, program_day, dose)
                VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    routine,
                    routine_hash,
                    title,
                    started,
                    offset,
                    float(planned_seconds),
                    pain_before,
                    os.getpid() if pid is None else pid,
                    self._host,
                    *tag,
                ),
            )
            return int(cursor.lastrowid or 0)

    def end_session(
        self,
        session_id: int,
        status: EndStatus,
        active_seconds: float,
        done: int,
        skipped: int,
        *,
        ended_at: datetime | None = None,
        pain_after: int | None = None,
        exercises: tuple[int, int, int] | None = None,
    ) -> None:
        """Record how session ``session_id`` ended (``exercises``: steps, done, skipped).

        ``pain_after`` is only written when given, so one asked earlier is kept.
        """
        check_pain(pain_after)
        status = EndStatus(status)
        moment = ended_at if ended_at is not None else self._now()
        with self.errors("record the session end"), self.write_transaction() as conn:
            cursor = conn.execute(
                """
                UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ?,
                    done = ?, skipped = ?, pain_after = coalesce(?, pain_after),
                    exercises = ?, exercises_done = ?, exercises_skipped = ?
                WHERE id = ?
                """,
                (
                    status.value,
                    utc_text(moment),
                    max(0.0, float(active_seconds)),
                    done,
                    skipped,
                    pain_after,
                    *(exercises or (None, None, None)),
                    session_id,
                ),
            )
            if cursor.rowcount == 0:
                raise StorageError(f"history has no session {session_id} to end")

    def set_pain_before(self, session_id: int, pain: int | None) -> None:
        """Set (or clear, with None) the 0-10 pain score before the session."""
        self._set_pain("pain_before", session_id, pain)

    def set_pain_after(self, session_id: int, pain: int | None) -> None:
        """Set (or clear, with None) the 0-10 pain score after the session."""
        self._set_pain("pain_after", session_id, pain)

    def _set_pain(self, column: str, session_id: int, pain: int | None) -> None:
        check_pain(pain)
        with self.errors(f"record {column.replace('_', ' ')}"), self.write_transaction() as conn:
            # column is one of two literals above, never user input
            cursor = conn.execute(
                f"UPDATE sessions SET {column} = ? WHERE id = ?", (pain, session_id)
            )
            if cursor.rowcount == 0:
                raise StorageError(f"history has no session {session_id}")

    # --- reading ---

    def rows(
        self, limit: int | None = None, routine: str | None = None
    ) -> Iterator[SessionRecord | DamagedRow]:
        """Recorded sessions, newest first, read one at a time as they are needed.

        A row that cannot be read as a session comes as a ``DamagedRow``, in
        its place; at most ``limit`` rows, only ``routine``'s if given.
        """
        sql = "SELECT * FROM sessions"
        params: list[object] = []
        if routine is not None:
            sql += " WHERE routine = ?"
            params.append(routine)
        sql += " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, limit))
        with self.errors("read sessions"):
            for row in self._conn.execute(sql, params):
                yield decode_row(row)

    def sessions(self, limit: int | None = None, routine: str | None = None) -> list[SessionRecord]:
        """Recorded sessions that can be read, newest first (damaged rows left out)."""
        return [r for r in self.rows(limit, routine) if isinstance(r, SessionRecord)]

    def session(self, session_id: int) -> SessionRecord | None:
        """One session by id, or None (also for a damaged row)."""
        with self.errors("read a session"):
            row = self._conn.execute(
                "SELECT * FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        decoded = None if row is None else decode_row(row)
        return decoded if isinstance(decoded, SessionRecord) else None

    def info(self) -> HistoryInfo:
        """Facts for ``spasm doctor``, including a full integrity check."""
        with self.errors("check the database"):
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows)
            count = self._conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
            running = self._conn.execute(
                "SELECT count(*) FROM sessions WHERE status = 'running'"
            ).fetchone()[0]
            mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
            version = schema_version(self._conn)
        damaged = sum(isinstance(r, DamagedRow) for r in self.rows())
        return HistoryInfo(
            path=self.path,
            sessions=int(count),
            running=int(running),
            schema_version=version,
            latest_schema_version=SCHEMA_VERSION,
            integrity=integrity,
            journal_mode=str(mode),
            damaged=damaged,
        )

    def close(self) -> None:
        """Close the database. Safe to call twice."""
        self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_path(data_dir: Path) -> Path:
    """Where the history database lives inside the user data folder."""
    return data_dir / FILE_NAME
