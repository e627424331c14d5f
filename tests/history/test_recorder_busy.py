"""A busy history database never delays a session, and the session is still recorded.

Another process holding the write lock once stalled the start of a session for
about ten seconds and then printed "database is locked" twice. Now the
session starts at once; the recorder keeps its writes and tries again as the
session goes on, and gives the database one bounded wait at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from spasm_cli.errors import StorageBusy, StorageError, UsageError
from spasm_cli.history.recorder import RETRY_EVERY, HistoryRecorder
from spasm_cli.history.records import SessionStatus
from spasm_cli.history.store import HistoryStore
from spasm_cli.session.events import Event, EventKind, Snapshot

STARTED = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def _event(kind: EventKind, t: float, done: int = 0) -> Event:
    snap = Snapshot(
        elapsed=t,
        paused=False,
        paused_total=0.0,
        index=done,
        segment_count=3,
        segment_elapsed=0.0,
        segment_remaining=None,
        routine_remaining=60.0,
        done=done,
        skipped=0,
    )
    return Event(kind=kind, t=t, planned=t, segment=None, snapshot=snap)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "spasm" / "history.sqlite3"
    HistoryStore(path).close()  # created and migrated, as after a first session
    return path


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program's write transaction, held until the block ends."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _rows(path: Path) -> list[tuple[object, ...]]:
    with HistoryStore(path) as store:
        return [(r.status, r.started_at, r.done) for r in store.sessions()]


class Clock:
    """Wall-clock moments for the recorder: the start, then the end a minute later."""

    def __init__(self) -> None:
        self.moments = [STARTED, STARTED + timedelta(minutes=1)]

    def __call__(self) -> datetime:
        return self.moments.pop(0) if len(self.moments) > 1 else self.moments[0]


def test_a_store_opens_and_reads_while_another_program_writes(db: Path) -> None:
    with write_lock(db), HistoryStore(db, timeout=0.0) as store:
        assert store.write_locked()
        assert store.sessions() == []
    with HistoryStore(db, timeout=0.0) as store:
        assert not store.write_locked()


def test_a_new_database_that_is_locked_is_busy_not_broken(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    sqlite3.connect(path).close()  # an empty file: it needs its schema first
    with write_lock(path), pytest.raises(StorageBusy, match="busy"):
        HistoryStore(path, timeout=0.0)
    assert path.exists()  # a lock is not damage: nothing was moved aside


def test_the_session_is_written_soon_after_the_lock_clears(db: Path) -> None:
    busy: list[StorageBusy] = []
    store = HistoryStore(db, timeout=0.0)
    rec = HistoryRecorder(store, "r", "h", "R", on_busy=busy.append, now=Clock())
    with write_lock(db):
        rec.handle(_event(EventKind.SESSION_START, 0.0))
        rec.handle(_event(EventKind.SEGMENT_START, 0.2))
        rec.handle(_event(EventKind.SEGMENT_START, RETRY_EVERY + 0.5))
        assert rec.waiting and rec.session_id is None
        assert len(busy) == 1  # said once, not at every try
    assert _rows(db) == []
    # The lock is gone: the next event after the retry interval writes the row.
    rec.handle(_event(EventKind.TICK, 2 * RETRY_EVERY + 1.0))
    assert not rec.waiting
    assert _rows(db) == [(SessionStatus.RUNNING, STARTED, 0)]
    rec.handle(_event(EventKind.FINISH, 60.0, done=3))
    assert rec.settle(0.0)
    assert _rows(db) == [(SessionStatus.FINISHED, STARTED, 3)]
    assert rec.error is None
    rec.close()


def test_writes_still_waiting_at_the_end_are_kept_in_order(db: Path) -> None:
    store = HistoryStore(db, timeout=0.0)
    rec = HistoryRecorder(store, "r", "h", "R", now=Clock())
    with write_lock(db):
        rec.handle(_event(EventKind.SESSION_START, 0.0))
        rec.set_pain_before(6)
        rec.handle(_event(EventKind.FINISH, 60.0, done=3))
        rec.set_pain_after(2)
        assert not rec.settle(0.01)  # still locked: not recorded yet
    assert rec.settle(0.0)
    with HistoryStore(db) as check:
        [row] = check.sessions()
    assert row.status is SessionStatus.FINISHED
    assert (row.started_at, row.ended_at) == (STARTED, STARTED + timedelta(minutes=1))
    assert (row.pain_before, row.pain_after, row.done) == (6, 2, 3)
    rec.close()


def test_a_store_that_could_not_be_opened_is_opened_when_free(db: Path) -> None:
    tries: list[float] = []

    def open_store(timeout: float) -> HistoryStore:
        tries.append(timeout)
        if len(tries) <= 2:
            raise StorageBusy("busy")
        return HistoryStore(db, timeout=timeout)

    rec = HistoryRecorder(None, "r", "h", "R", open_store=open_store, now=Clock())
    rec.handle(_event(EventKind.SESSION_START, 0.0))
    assert rec.waiting and rec.store is None
    rec.handle(_event(EventKind.FINISH, 5.0, done=1))  # tried again: still busy
    assert rec.settle(3.0)
    assert tries == [0.0, 0.0, 3.0]  # never waiting during the session; 3 s at the end
    assert _rows(db) == [(SessionStatus.FINISHED, STARTED, 1)]
    rec.close()


def test_a_failure_that_is_not_a_lock_is_kept_and_the_rest_goes_on(db: Path) -> None:
    errors: list[StorageError] = []
    store = HistoryStore(db, timeout=0.0)
    rec = HistoryRecorder(store, "r", "h", "R", on_error=errors.append, now=Clock())
    rec.handle(_event(EventKind.SESSION_START, 0.0))
    with pytest.raises(UsageError):
        rec.set_pain_after(11)  # refused before anything is written
    store.close()
    rec.handle(_event(EventKind.FINISH, 5.0))
    assert rec.settle(0.0)  # nothing waits: the failure was reported, not kept
    assert len(errors) == 1 and not isinstance(errors[0], StorageBusy)


def test_a_recorder_needs_a_store_or_an_opener() -> None:
    with pytest.raises(ValueError):
        HistoryRecorder(None, "r", "h", "R")
