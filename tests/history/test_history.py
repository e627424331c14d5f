"""The history store: schema and migrations, recording, crashes, concurrency, damage."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import spasm_cli
from spasm_cli.errors import StorageError, UsageError
from spasm_cli.history.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from spasm_cli.history.recorder import HistoryRecorder
from spasm_cli.history.records import SessionStatus
from spasm_cli.history.store import HistoryStore
from spasm_cli.session.clock import FakeClock
from spasm_cli.session.engine import Engine
from spasm_cli.session.events import EndStatus, Event, EventKind, Snapshot
from spasm_cli.session.keys import Key, ScriptedKeys
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.terminal.tally import StepTally

REPO = Path(spasm_cli.__file__).resolve().parents[1]
CEST = timezone(timedelta(hours=2))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "spasm" / "history.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[HistoryStore]:
    s = HistoryStore(db)
    yield s
    s.close()


@contextmanager
def _raw(path: Path) -> Iterator[sqlite3.Connection]:
    # Closed on every path, a failed assertion included: Python 3.13 reports a
    # connection left to the garbage collector with a ResourceWarning.
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _start(store: HistoryStore, routine: str = "core-beginner", pid: int | None = None) -> int:
    return store.start_session(
        routine, "ab" * 32, routine.replace("-", " ").title(), 600.0, pid=pid
    )


def _status(store: HistoryStore, session_id: int) -> SessionStatus:
    record = store.session(session_id)
    assert record is not None
    return record.status


# --- schema -------------------------------------------------------------------


def test_migrations_from_empty_on_memory() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        assert schema_version(conn) == 0
        assert migrate(conn) == SCHEMA_VERSION == len(MIGRATIONS) == 4
        assert schema_version(conn) == 4
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"sessions", "sessions_started", "sessions_routine", "sessions_running"} <= names
        assert {"program_runs", "program_runs_one_active", "sessions_program_run"} <= names
        assert migrate(conn) == 4  # idempotent
    finally:
        conn.close()


def test_store_on_memory() -> None:
    with HistoryStore(Path(":memory:")) as s:
        sid = _start(s)
        s.end_session(sid, EndStatus.FINISHED, 590, 40, 2)
        assert [r.status for r in s.sessions()] == [SessionStatus.FINISHED]
        assert s.info().schema_version == SCHEMA_VERSION


def test_upgrade_from_v1_keeps_rows(db: Path) -> None:
    db.parent.mkdir(parents=True)
    with _raw(db) as conn:
        migrate(conn, target=1)
        conn.execute(
            "INSERT INTO sessions (routine, routine_hash, title, started_at, utc_offset_seconds,"
            " planned_seconds, status, pid, host) VALUES ('old', 'h', 'Old', "
            "'2024-01-01T08:00:00.000000+00:00', 3600, 60, 'finished', 1, 'x')"
        )
        assert schema_version(conn) == 1
    with HistoryStore(db) as s:
        assert s.info().schema_version == SCHEMA_VERSION
        [rec] = s.sessions()
        assert rec.routine == "old" and rec.status is SessionStatus.FINISHED
        # Recorded before exercises were counted: unknown, not zero.
        assert (rec.exercises, rec.exercises_done, rec.exercises_skipped) == (None, None, None)
    with _raw(db) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "sessions_started" in indexes


def test_newer_schema_refused_and_file_untouched(db: Path) -> None:
    db.parent.mkdir(parents=True)
    with _raw(db) as conn:
        migrate(conn)
        conn.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    with pytest.raises(StorageError, match="schema version 99.*newer spasm.*untouched"):
        HistoryStore(db)
    assert db.read_bytes() == before
    assert not db.with_name(db.name + "-wal").exists()


def test_new_database_is_private_and_in_wal_mode(store: HistoryStore, db: Path) -> None:
    assert db.stat().st_mode & 0o777 == 0o600
    info = store.info()
    assert info.journal_mode == "wal"
    assert info.integrity == "ok"
    assert info.sessions == 0 and info.path == db


# --- recording ------------------------------------------------------------------


def test_start_and_end_fields(store: HistoryStore) -> None:
    start = datetime(2024, 3, 9, 23, 30, tzinfo=CEST)
    sid = store.start_session(
        "ql-stretch",
        "f" * 64,
        "Quadratus lumborum stretch",
        312.5,
        pain_before=6,
        started_at=start,
    )
    rec = store.session(sid)
    assert rec is not None
    assert rec.status is SessionStatus.RUNNING and rec.ended_at is None
    assert rec.started_at == start and rec.started_at.utcoffset() == timedelta(0)
    assert rec.utc_offset_seconds == 7200
    assert rec.local_date.isoformat() == "2024-03-09"  # UTC says the 9th 21:30 too
    assert rec.pid == os.getpid() and rec.host
    store.end_session(
        sid,
        EndStatus.STOPPED,
        100.25,
        7,
        1,
        ended_at=start + timedelta(minutes=2),
        pain_after=4,
    )
    rec = store.session(sid)
    assert rec is not None
    assert (rec.status, rec.active_seconds, rec.done, rec.skipped) == (
        SessionStatus.STOPPED,
        100.25,
        7,
        1,
    )
    assert (rec.pain_before, rec.pain_after) == (6, 4)
    assert rec.ended_at == start + timedelta(minutes=2)
    assert rec.planned_seconds == 312.5


def test_pain_setters_and_validation(store: HistoryStore) -> None:
    sid = _start(store)
    store.set_pain_before(sid, 0)
    store.set_pain_after(sid, 10)
    rec = store.session(sid)
    assert rec is not None and (rec.pain_before, rec.pain_after) == (0, 10)
    for bad in (-1, 11):
        with pytest.raises(UsageError, match="0 to 10"):
            store.set_pain_after(sid, bad)
    with pytest.raises(StorageError, match="no session 999"):
        store.set_pain_after(999, 3)
    with pytest.raises(StorageError, match="no session 999"):
        store.end_session(999, EndStatus.FINISHED, 1, 1, 0)


def test_sessions_newest_first_limit_and_routine(store: HistoryStore) -> None:
    base = datetime(2024, 1, 1, 12, tzinfo=timezone.utc)
    for i, name in enumerate(["a", "b", "a", "c", "a"]):
        store.start_session(name, "h", name, 60, started_at=base + timedelta(days=i))
    assert [r.routine for r in store.sessions()] == ["a", "c", "a", "b", "a"]
    assert len(store.sessions(limit=2)) == 2
    only_a = store.sessions(routine="a")
    assert [r.started_at.day for r in only_a] == [5, 3, 1]
    assert store.sessions(routine="zzz") == []


def _event(
    kind: EventKind, t: float, paused: float = 0.0, done: int = 0, skipped: int = 0
) -> Event:
    snap = Snapshot(
        elapsed=t,
        paused=False,
        paused_total=paused,
        index=done,
        segment_count=12,
        segment_elapsed=0.0,
        segment_remaining=None,
        routine_remaining=300.0,
        done=done,
        skipped=skipped,
    )
    return Event(kind=kind, t=t, planned=t - paused, segment=None, snapshot=snap)


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (EventKind.FINISH, SessionStatus.FINISHED),
        (EventKind.QUIT, SessionStatus.STOPPED),
        (EventKind.INTERRUPT, SessionStatus.INTERRUPTED),
    ],
)
def test_recorder_each_ending(store: HistoryStore, kind: EventKind, status: SessionStatus) -> None:
    rec = HistoryRecorder(store, "acute-relief", "c" * 64, "Acute relief", pain_before=7)
    rec.handle(_event(EventKind.SESSION_START, 0.0))
    assert rec.session_id is not None
    assert store.sessions()[0].status is SessionStatus.RUNNING
    for other in (EventKind.SEGMENT_START, EventKind.TICK, EventKind.PAUSE, EventKind.SKIP):
        rec.handle(_event(other, 5.0))
    rec.handle(_event(kind, 130.0, paused=30.0, done=9, skipped=2))
    rec.handle(_event(EventKind.INTERRUPT, 131.0))  # a second ending changes nothing
    rec.set_pain_after(3)
    [row] = store.sessions()
    assert row.status is status
    assert row.active_seconds == pytest.approx(100.0)
    assert (row.done, row.skipped) == (9, 2)
    assert row.planned_seconds == 300.0  # from the snapshot: no planned_seconds given
    assert (row.pain_before, row.pain_after) == (7, 3)
    assert rec.error is None


def test_recorder_pain_before_after_start_and_planned(store: HistoryStore) -> None:
    rec = HistoryRecorder(store, "r", "h", "R", planned_seconds=420.0)
    rec.handle(_event(EventKind.SESSION_START, 0.0))
    rec.set_pain_before(5)
    [row] = store.sessions()
    assert row.pain_before == 5 and row.planned_seconds == 420.0


def test_recorder_counts_exercises_as_the_end_of_the_session_does(store: HistoryStore) -> None:
    # Three exercises: the first has two holds and a rest; its rest is skipped.
    k = SegmentKind
    segments = [
        Segment(k.GET_READY, 5.0, 0, 3, "Knee hug"),
        Segment(k.HOLD, 20.0, 1, 3, "Knee hug"),
        Segment(k.REST, 10.0, 1, 3, "Knee hug"),
        Segment(k.HOLD, 20.0, 1, 3, "Knee hug"),
        Segment(k.HOLD, 20.0, 2, 3, "Pelvic tilt"),
        Segment(k.HOLD, 30.0, 3, 3, "Child's pose"),
    ]
    clock = FakeClock()
    rec = HistoryRecorder(store, "r", "h", "R", steps=StepTally(segments))
    keys = ScriptedKeys(clock, [(30.0, Key.NEXT)])
    Engine(segments, clock, keys, [rec], tick=None).run()
    [row] = store.sessions()
    assert (row.exercises, row.exercises_done, row.exercises_skipped) == (3, 2, 1)
    assert row.done > 3  # the engine's own count is of parts, kept as it was


def test_recorder_keeps_storage_errors_and_goes_on(store: HistoryStore) -> None:
    seen: list[StorageError] = []
    rec = HistoryRecorder(store, "r", "h", "R", on_error=seen.append)
    store.close()  # every write now fails
    rec.handle(_event(EventKind.SESSION_START, 0.0))
    rec.handle(_event(EventKind.FINISH, 10.0))
    assert isinstance(rec.error, StorageError)
    assert len(seen) == 1  # never started, so no end was attempted


def test_dead_running_row_becomes_unknown_live_one_stays(db: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    with HistoryStore(db) as s:
        gone = _start(s, pid=dead_pid)
        mine = _start(s)
    with HistoryStore(db) as s:
        assert _status(s, gone) is SessionStatus.UNKNOWN
        assert _status(s, mine) is SessionStatus.RUNNING


def test_running_row_from_another_host_is_left_alone(db: Path) -> None:
    with HistoryStore(db) as s:
        sid = _start(s, pid=2**22 + 12345)
    with _raw(db) as conn:
        conn.execute("UPDATE sessions SET host = 'elsewhere' WHERE id = ?", (sid,))
    with HistoryStore(db) as s:
        assert _status(s, sid) is SessionStatus.RUNNING


# --- processes ------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from spasm_cli.session.events import EndStatus
    from spasm_cli.history.store import HistoryStore
    store = HistoryStore(Path(sys.argv[1]))
    sid = store.start_session(sys.argv[2], "h" * 64, "Child", 60.0)
    print("ready", sid, flush=True)
    if sys.argv[3] == "sleep":
        time.sleep(60)
    elif sys.argv[3] == "churn":
        while True:  # keep writing, so the kill lands mid-transaction sometimes
            store.end_session(sid, EndStatus.FINISHED, 1.0, 1, 0)
            sid = store.start_session(sys.argv[2], "h" * 64, "Child", 60.0)
    else:
        sys.stdin.read()  # wait for the parent to close stdin
        store.end_session(sid, EndStatus.FINISHED, 59.0, 10, 0)
        store.close()
        print("done", flush=True)
    """
)


def _spawn(db: Path, routine: str, mode: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), routine, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("ready"), line
    return proc


@pytest.mark.parametrize("mode", ["sleep", "churn"])
def test_kill_9_midway_keeps_earlier_sessions(db: Path, mode: str) -> None:
    with HistoryStore(db) as s:
        for _ in range(3):
            s.end_session(_start(s, "earlier"), EndStatus.FINISHED, 60, 5, 0)
    proc = _spawn(db, "killed", mode)
    if mode == "churn":
        time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)  # reaped: a zombie would still answer kill(pid, 0)
    assert proc.stdout is not None and proc.stdin is not None
    proc.stdout.close()
    proc.stdin.close()
    with HistoryStore(db) as s:
        assert s.info().integrity == "ok"
        earlier = s.sessions(routine="earlier")
        assert len(earlier) == 3
        assert all(r.status is SessionStatus.FINISHED for r in earlier)
        killed = s.sessions(routine="killed")
        unknown = [r for r in killed if r.status is SessionStatus.UNKNOWN]
        # Sleeping, the one session is cut short; churning, the kill may land
        # between an end and the next start, so at most the newest is unknown.
        assert len(unknown) == 1 if mode == "sleep" else len(unknown) <= 1
        assert unknown == [] or unknown[0] == killed[0]
        assert all(r.status is SessionStatus.FINISHED for r in killed[1:])
    with _raw(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_sessions_at_once_are_both_recorded(db: Path) -> None:
    first = _spawn(db, "one", "wait")
    second = _spawn(db, "two", "wait")
    with HistoryStore(db) as s:  # both alive: both stay running
        assert {r.routine: r.status for r in s.sessions()} == {
            "one": SessionStatus.RUNNING,
            "two": SessionStatus.RUNNING,
        }
    for proc in (first, second):
        out, _ = proc.communicate("", timeout=20)
        assert proc.returncode == 0 and "done" in out
    with HistoryStore(db) as s:
        rows = s.sessions()
        assert sorted(r.routine for r in rows) == ["one", "two"]
        assert all(r.status is SessionStatus.FINISHED and r.done == 10 for r in rows)


# --- damage ---------------------------------------------------------------------


def test_corrupt_file_is_moved_aside_with_clear_error(db: Path) -> None:
    db.parent.mkdir(parents=True)
    garbage = b"this is not a database, it is a shopping list\n" * 100
    db.write_bytes(garbage)
    fixed = datetime(2024, 5, 1, 10, 15, 30, tzinfo=timezone.utc)
    with pytest.raises(StorageError) as caught:
        HistoryStore(db, now=lambda: fixed)
    aside = db.with_name("history.sqlite3.corrupt-20240501T101530Z")
    message = str(caught.value)
    assert "not a valid SQLite database" in message
    assert str(aside) in message and "new" in message
    assert aside.read_bytes() == garbage
    assert not db.exists()
    # A second damaged file in the same second gets its own name, not the first's.
    db.write_bytes(b"more garbage" * 200)
    with pytest.raises(StorageError):
        HistoryStore(db, now=lambda: fixed)
    assert aside.read_bytes() == garbage
    assert db.with_name(aside.name + "-1").exists()
    # And the next open starts a fresh, working history.
    with HistoryStore(db) as s:
        assert s.sessions() == [] and s.info().integrity == "ok"


def test_damaged_pages_are_treated_as_corrupt(db: Path) -> None:
    with HistoryStore(db) as s:
        for _ in range(50):
            _start(s)
    with _raw(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, after the header
    db.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="moved aside"):
        HistoryStore(db)
    assert list(db.parent.glob("history.sqlite3.corrupt-*"))


def test_unusable_folder_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "spasm"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StorageError, match="cannot create history database"):
        HistoryStore(blocker / "history.sqlite3")
    assert blocker.read_text() == "a file where the folder should be"
