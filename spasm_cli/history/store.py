"""The session diary: every session played, stored in SQLite.

One row per session, inserted when it starts and updated when it ends, each in
its own transaction, so a process killed midway leaves a readable database with
every earlier session in it. The database runs in WAL mode with a busy timeout
so that two sessions at once (two terminals) can both write.

A row still ``running`` whose process is gone (same host, dead pid) is marked
``unknown`` the next time the database is opened: that session was killed
before it could say how it ended.

This is the only module that imports ``sqlite3``; the CLI imports it lazily so
commands that never touch history do not pay for it.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path

from spasm_cli.errors import StorageError, UsageError
from spasm_cli.session.events import EndStatus, Event, EventKind

FILE_NAME = "history.sqlite3"
MEMORY = ":memory:"

# Seconds to wait for another process's write lock before giving up. Writes
# are two tiny transactions per session, so contention is short.
BUSY_TIMEOUT = 5.0


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


# --- schema -------------------------------------------------------------------

Migration = Callable[[sqlite3.Connection], None]

_STATUSES = ", ".join(f"'{s.value}'" for s in SessionStatus)


def _m1_create_sessions(conn: sqlite3.Connection) -> None:
    # AUTOINCREMENT so an id handed to a running session is never reused, even
    # if rows are ever deleted.
    conn.execute(
        f"""
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            routine TEXT NOT NULL,
            routine_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            started_at TEXT NOT NULL,
            utc_offset_seconds INTEGER NOT NULL,
            ended_at TEXT,
            planned_seconds REAL NOT NULL,
            active_seconds REAL,
            done INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ({_STATUSES})),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            pid INTEGER NOT NULL,
            host TEXT NOT NULL
        )
        """
    )


def _m2_indexes(conn: sqlite3.Connection) -> None:
    # `spasm history --routine` and the newest-first listing read by start time;
    # every open looks for running rows, which the partial index keeps cheap.
    conn.execute("CREATE INDEX sessions_started ON sessions (started_at)")
    conn.execute("CREATE INDEX sessions_routine ON sessions (routine, started_at)")
    conn.execute("CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running'")


# Ordered: migration i (1-based) takes the schema from version i-1 to i.
# Append only; never edit one that has shipped.
MIGRATIONS: tuple[Migration, ...] = (_m1_create_sessions, _m2_indexes)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new one)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target``, one migration per transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Each step
    takes the write lock first and re-reads the version inside it, so two
    processes opening a new database at once do not both create the table.
    Returns the version reached.
    """
    while True:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            version = schema_version(conn)
            if version >= target:
                return version
            MIGRATIONS[version](conn)
            # user_version lives in the database header and is part of the
            # transaction, so a failed migration leaves the old version.
            conn.execute(f"PRAGMA user_version = {version + 1}")


# --- the store ----------------------------------------------------------------


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _utc_text(moment: datetime) -> str:
    # Fixed width (always microseconds, always +00:00) so text order is time order.
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _check_pain(pain: int | None) -> None:
    if pain is None:
        return
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise UsageError(f"pain must be a whole number from 0 to 10, got {pain!r}")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) terminates the process on Windows; assume alive.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    # "database is locked" is a DatabaseError too; only real damage may move the file.
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if isinstance(code, int):
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _aside_name(path: Path, moment: datetime) -> Path:
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():  # never overwrite an earlier one
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate


def _record(row: sqlite3.Row) -> SessionRecord:
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
            if _is_corruption(exc) and not self._memory:
                self._move_aside(exc)
            raise StorageError(f"cannot use history database {self.path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise

    def _create_file(self) -> None:
        # Pain scores are health data: keep the folder and file private.
        # SQLite gives its -wal and -shm files the database file's mode.
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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

    def _move_aside(self, exc: sqlite3.DatabaseError) -> None:
        aside = _aside_name(self.path, self._now())
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    os.replace(extra, aside.with_name(aside.name + suffix))
        except OSError as move_error:
            raise StorageError(
                f"history database {self.path} is damaged ({exc}) and could not be "
                f"moved aside ({move_error}); move or remove it to start a new history."
            ) from exc
        raise StorageError(
            f"history database {self.path} is not a valid SQLite database ({exc}). "
            f"It was moved aside to {aside} (kept, not deleted); "
            "a new, empty history starts with the next session."
        ) from exc

    def _mark_orphans(self) -> None:
        rows = self._conn.execute(
            "SELECT id, pid FROM sessions WHERE status = 'running' AND host = ?",
            (self._host,),
        ).fetchall()
        # Sessions on other hosts (a shared home folder) cannot be checked: leave them.
        dead = [int(r["id"]) for r in rows if not _pid_alive(int(r["pid"]))]
        if not dead:
            return
        with self._write() as conn:
            conn.executemany(
                "UPDATE sessions SET status = 'unknown' WHERE id = ? AND status = 'running'",
                [(i,) for i in dead],
            )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so a busy database waits on
        # the busy timeout instead of failing halfway through (WAL upgrades
        # from a read to a write lock do not wait).
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            yield self._conn

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StorageError(f"history database {self.path}: cannot {doing}: {exc}") from exc

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
    ) -> int:
        """Insert a ``running`` row for a session starting now; return its id.

        ``started_at`` should be aware (a naive one is taken as local time); its
        UTC offset is stored with it for local-day statistics.
        """
        _check_pain(pain_before)
        moment = started_at if started_at is not None else self._now()
        if moment.tzinfo is None:
            moment = moment.astimezone()
        offset = moment.utcoffset() or timedelta(0)
        with self._errors("record the session start"), self._write() as conn:
            cursor = conn.execute(
                """
                INSERT INTO sessions (routine, routine_hash, title, started_at,
                    utc_offset_seconds, planned_seconds, status, pain_before, pid, host)
                VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)
                """,
                (
                    routine,
                    routine_hash,
                    title,
                    _utc_text(moment),
                    round(offset.total_seconds()),
                    float(planned_seconds),
                    pain_before,
                    os.getpid() if pid is None else pid,
                    self._host,
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
    ) -> None:
        """Record how session ``session_id`` ended.

        ``pain_after`` is only written when given, so one asked earlier is kept.
        """
        _check_pain(pain_after)
        status = EndStatus(status)
        moment = ended_at if ended_at is not None else self._now()
        with self._errors("record the session end"), self._write() as conn:
            cursor = conn.execute(
                """
                UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ?,
                    done = ?, skipped = ?, pain_after = coalesce(?, pain_after)
                WHERE id = ?
                """,
                (
                    status.value,
                    _utc_text(moment),
                    max(0.0, float(active_seconds)),
                    done,
                    skipped,
                    pain_after,
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
        _check_pain(pain)
        with self._errors(f"record {column.replace('_', ' ')}"), self._write() as conn:
            # column is one of two literals above, never user input
            cursor = conn.execute(
                f"UPDATE sessions SET {column} = ? WHERE id = ?", (pain, session_id)
            )
            if cursor.rowcount == 0:
                raise StorageError(f"history has no session {session_id}")

    # --- reading ---

    def sessions(self, limit: int | None = None, routine: str | None = None) -> list[SessionRecord]:
        """Recorded sessions, newest first; at most ``limit``, only ``routine`` if given."""
        sql = "SELECT * FROM sessions"
        params: list[object] = []
        if routine is not None:
            sql += " WHERE routine = ?"
            params.append(routine)
        sql += " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, limit))
        with self._errors("read sessions"):
            return [_record(r) for r in self._conn.execute(sql, params).fetchall()]

    def session(self, session_id: int) -> SessionRecord | None:
        """One session by id, or None."""
        with self._errors("read a session"):
            row = self._conn.execute(
                "SELECT * FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        return None if row is None else _record(row)

    def info(self) -> HistoryInfo:
        """Facts for ``spasm doctor``, including a full integrity check."""
        with self._errors("check the database"):
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows)
            count = self._conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
            running = self._conn.execute(
                "SELECT count(*) FROM sessions WHERE status = 'running'"
            ).fetchone()[0]
            mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
            version = schema_version(self._conn)
        return HistoryInfo(
            path=self.path,
            sessions=int(count),
            running=int(running),
            schema_version=version,
            latest_schema_version=SCHEMA_VERSION,
            integrity=integrity,
            journal_mode=str(mode),
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


# --- the subscriber -------------------------------------------------------------

_ENDINGS = {
    EventKind.FINISH: EndStatus.FINISHED,
    EventKind.QUIT: EndStatus.STOPPED,
    EventKind.INTERRUPT: EndStatus.INTERRUPTED,
}


class HistoryRecorder:
    """A session ``Subscriber`` that writes the session to a ``HistoryStore``.

    Inserts the row at SESSION_START and fills it in at FINISH, QUIT or
    INTERRUPT. Active time is the event time minus time spent paused.
    ``planned_seconds`` defaults to the routine time remaining at the start.

    A storage failure must not stop someone mid-stretch, so errors are kept in
    ``error`` (and passed to ``on_error`` if given) and the session goes on;
    the CLI reports them when the session is over.
    """

    def __init__(
        self,
        store: HistoryStore,
        routine: str,
        routine_hash: str,
        title: str,
        *,
        planned_seconds: float | None = None,
        pain_before: int | None = None,
        on_error: Callable[[StorageError], None] | None = None,
    ) -> None:
        _check_pain(pain_before)
        self.store = store
        self.routine = routine
        self.routine_hash = routine_hash
        self.title = title
        self.planned_seconds = planned_seconds
        self.pain_before = pain_before
        self.on_error = on_error
        self.session_id: int | None = None
        self.status: EndStatus | None = None
        self.error: StorageError | None = None

    def handle(self, event: Event) -> None:
        """Record the start or the end of the session; ignore other events."""
        if event.kind is EventKind.SESSION_START:
            if self.session_id is None:
                planned = self.planned_seconds
                if planned is None:
                    planned = event.snapshot.routine_remaining
                self._guard(
                    lambda: self._started(
                        self.store.start_session(
                            self.routine,
                            self.routine_hash,
                            self.title,
                            planned,
                            pain_before=self.pain_before,
                        )
                    )
                )
            return
        status = _ENDINGS.get(event.kind)
        if status is None or self.session_id is None or self.status is not None:
            return
        self.status = status  # the first ending wins (Ctrl-C after q changes nothing)
        session_id = self.session_id
        snap = event.snapshot
        self._guard(
            lambda: self.store.end_session(
                session_id,
                status,
                active_seconds=event.t - snap.paused_total,
                done=snap.done,
                skipped=snap.skipped,
            )
        )

    def set_pain_before(self, pain: int | None) -> None:
        """Set the pain before: now if the session has started, else at its start."""
        _check_pain(pain)
        self.pain_before = pain
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self.store.set_pain_before(session_id, pain))

    def set_pain_after(self, pain: int | None) -> None:
        """Record the pain after the session (asked once it has ended)."""
        _check_pain(pain)
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self.store.set_pain_after(session_id, pain))

    def _started(self, session_id: int) -> None:
        self.session_id = session_id

    def _guard(self, action: Callable[[], object]) -> None:
        try:
            action()
        except StorageError as exc:
            if self.error is None:
                self.error = exc
            if self.on_error is not None:
                self.on_error(exc)
