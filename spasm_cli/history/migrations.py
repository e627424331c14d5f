"""The history database schema: its ordered migrations and how they are applied.

Owns ``MIGRATIONS`` (migration i takes the schema from version i-1 to i),
``SCHEMA_VERSION``, ``schema_version`` (read from ``PRAGMA user_version``) and
``migrate``. It works on any ``sqlite3`` connection in autocommit mode, so it
is tested on ``:memory:``; ``store.HistoryStore`` runs it on every open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from spasm_cli.history.records import SessionStatus

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


def _m3_exercises(conn: sqlite3.Connection) -> None:
    # done/skipped count the engine's segments (get-ready, each hold, each
    # relax), which no one thinks in. These count the routine's steps, as the
    # end of a session does; NULL for sessions recorded before they existed.
    for column in ("exercises", "exercises_done", "exercises_skipped"):
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column} INTEGER")


def _m4_program_runs(conn: sqlite3.Connection) -> None:
    # Program state lives here, beside the sessions, so one file holds all of
    # it and `export` carries it. Status values are written out, not taken
    # from RunStatus: a shipped migration must not change when code does.
    conn.execute(
        """
        CREATE TABLE program_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            program TEXT NOT NULL,
            program_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            days INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            utc_offset_seconds INTEGER NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'stopped', 'finished'))
        )
        """
    )
    # At most one active run, kept by the database itself: two processes
    # starting a program at once cannot both succeed, whatever they checked.
    conn.execute(
        "CREATE UNIQUE INDEX program_runs_one_active ON program_runs (status)"
        " WHERE status = 'active'"
    )
    # A session of a program is tagged with its run, program, day and dose;
    # NULL for sessions outside a program (and for every earlier one).
    conn.execute("ALTER TABLE sessions ADD COLUMN program_run INTEGER REFERENCES program_runs(id)")
    conn.execute("ALTER TABLE sessions ADD COLUMN program TEXT")
    conn.execute("ALTER TABLE sessions ADD COLUMN program_day INTEGER")
    conn.execute("ALTER TABLE sessions ADD COLUMN dose INTEGER")
    # A run's sessions are read in order on every program command.
    conn.execute("CREATE INDEX sessions_program_run ON sessions (program_run, started_at)")


# Ordered: migration i (1-based) takes the schema from version i-1 to i.
# Append only; never edit one that has shipped.
MIGRATIONS: tuple[Migration, ...] = (
    _m1_create_sessions,
    _m2_indexes,
    _m3_exercises,
    _m4_program_runs,
)
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
    # Up to date (every open but the first): no lock is taken, so a database
    # another process is writing to opens at once instead of waiting for it.
    if schema_version(conn) >= target:
        return schema_version(conn)
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
