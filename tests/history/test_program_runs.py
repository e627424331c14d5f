"""Program runs in the history database: the schema, one active run, its sessions, damage."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from spasm_cli.errors import ProgramStateError
from spasm_cli.history import program_runs
from spasm_cli.history.migrations import SCHEMA_VERSION, migrate, schema_version
from spasm_cli.history.program_runs import ProgramAlreadyOn, ProgramRuns
from spasm_cli.history.recorder import HistoryRecorder
from spasm_cli.history.records import DamagedRow, ProgramTag, SessionRecord, SessionStatus
from spasm_cli.history.run_records import DamagedRun, ProgramRun, RunStatus
from spasm_cli.history.store import HistoryStore
from spasm_cli.session.events import Event, EventKind, Snapshot

CET = timezone(timedelta(hours=1))
# 08:30 in Vienna on 2 Dec 2026 is 07:30 UTC.
MORNING = datetime(2026, 12, 2, 8, 30, tzinfo=CET)
HASH = "c0" * 32


class Clock:
    """A store clock that moves only when told to."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "spasm" / "history.sqlite3"


@pytest.fixture
def clock() -> Clock:
    return Clock(MORNING)


@pytest.fixture
def store(db: Path, clock: Clock) -> Iterator[HistoryStore]:
    s = HistoryStore(db, now=clock)
    yield s
    s.close()


@pytest.fixture
def runs(store: HistoryStore) -> ProgramRuns:
    return ProgramRuns(store)


@contextmanager
def _raw(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _start_core(runs: ProgramRuns, **kwargs: Any) -> ProgramRun:
    return runs.start("core-foundations", HASH, "Core foundations", 14, **kwargs)


# --- the schema -------------------------------------------------------------------


def test_a_version_3_database_keeps_its_sessions_and_gains_empty_program_columns(
    db: Path,
) -> None:
    db.parent.mkdir(parents=True)
    with _raw(db) as conn:
        migrate(conn, target=3)
        conn.execute(
            "INSERT INTO sessions (routine, routine_hash, title, started_at, utc_offset_seconds,"
            " planned_seconds, status, pid, host, exercises, exercises_done, exercises_skipped)"
            " VALUES ('acute-relief', 'h', 'Acute relief', '2026-11-30T07:00:00.000000+00:00',"
            " 3600, 300, 'finished', 1, 'x', 5, 4, 1)"
        )
    with HistoryStore(db) as store:
        assert SCHEMA_VERSION == 4 and store.info().schema_version == 4
        [old] = store.sessions()
        assert (old.routine, old.exercises, old.exercises_done) == ("acute-relief", 5, 4)
        assert (old.program_run, old.program, old.program_day, old.dose) == (None,) * 4
        assert ProgramRuns(store).runs() == [] and ProgramRuns(store).active() is None
    with _raw(db) as conn:
        assert schema_version(conn) == 4
        columns = [r[1] for r in conn.execute("PRAGMA table_info(sessions)")]
        assert columns[-4:] == ["program_run", "program", "program_day", "dose"]
        assert conn.execute(
            "SELECT program_run, program, program_day, dose FROM sessions"
        ).fetchall() == [(None, None, None, None)]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"program_runs_one_active", "sessions_program_run", "sessions_started"} <= indexes


def test_the_database_refuses_a_second_active_run_from_another_connection(db: Path) -> None:
    HistoryStore(db).close()
    insert = (
        "INSERT INTO program_runs (program, program_hash, title, days, started_at,"
        " utc_offset_seconds, status) VALUES (?, 'h', 'T', 7, '2026-12-02T07:30:00+00:00', 0, ?)"
    )
    with _raw(db) as first, _raw(db) as second:
        first.execute(insert, ("one", "active"))
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            second.execute(insert, ("two", "active"))
        second.execute(insert, ("three", "stopped"))  # any number of ended runs
        second.execute(insert, ("four", "finished"))
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            second.execute(insert, ("five", "paused"))
        assert first.execute("SELECT count(*) FROM program_runs").fetchone()[0] == 3


# --- start, active, stop, replace -------------------------------------------------------


def test_start_makes_the_one_active_run(runs: ProgramRuns, db: Path) -> None:
    run = _start_core(runs)
    assert run.status is RunStatus.ACTIVE and run.ended_at is None
    assert (run.program, run.program_hash, run.title, run.days) == (
        "core-foundations",
        HASH,
        "Core foundations",
        14,
    )
    # The store's clock, kept as UTC with the local offset beside it.
    assert run.started_at == MORNING and run.started_at.utcoffset() == timedelta(0)
    assert run.utc_offset_seconds == 3600
    assert run.local_start.hour == 8 and run.local_date.isoformat() == "2026-12-02"
    assert runs.active() == run == runs.run(run.id)
    assert runs.runs() == [run]
    with _raw(db) as conn:
        stored = conn.execute(
            "SELECT started_at, typeof(started_at), ended_at, status FROM program_runs"
        ).fetchone()
    assert stored == ("2026-12-02T07:30:00.000000+00:00", "text", None, "active")


def test_a_second_start_is_refused_naming_the_active_run(runs: ProgramRuns) -> None:
    first = _start_core(runs)
    with pytest.raises(ProgramStateError) as caught:
        runs.start("desk-health", "d" * 64, "Desk health", 10)
    assert isinstance(caught.value, ProgramAlreadyOn)
    assert str(caught.value) == "Core foundations is already on (started 2 Dec)"
    assert caught.value.active == first
    assert runs.runs() == [first]  # nothing written


def test_a_run_started_in_another_year_says_the_year(runs: ProgramRuns, clock: Clock) -> None:
    _start_core(runs, started_at=datetime(2025, 12, 30, 9, tzinfo=CET))
    with pytest.raises(
        ProgramStateError, match=r"^Core foundations is already on \(started 30 Dec 2025\)$"
    ):
        _start_core(runs)


def test_replace_stops_the_active_run_and_starts_the_new_one(
    runs: ProgramRuns, clock: Clock, db: Path
) -> None:
    first = _start_core(runs)
    clock.now = MORNING + timedelta(days=3)
    second = runs.start("desk-health", "d" * 64, "Desk health", 10, replace=True)
    assert runs.active() == second and second.started_at == clock.now
    old = runs.run(first.id)
    assert old is not None and old.status is RunStatus.STOPPED
    assert old.ended_at == MORNING + timedelta(days=3)
    assert [r.id for r in runs.runs()] == [second.id, first.id]  # newest first
    with _raw(db) as conn:
        ended = conn.execute(
            "SELECT ended_at, typeof(ended_at) FROM program_runs WHERE id = ?", (first.id,)
        ).fetchone()
    assert ended == ("2026-12-05T07:30:00.000000+00:00", "text")


def test_replace_with_nothing_active_just_starts(runs: ProgramRuns) -> None:
    run = _start_core(runs, replace=True)
    assert runs.runs() == [run] and run.status is RunStatus.ACTIVE


def test_stop_ends_only_an_active_run(runs: ProgramRuns, clock: Clock) -> None:
    run = _start_core(runs)
    clock.now = MORNING + timedelta(days=1, hours=2)
    runs.stop(run.id)
    assert runs.active() is None
    stopped = runs.run(run.id)
    assert stopped is not None and stopped.status is RunStatus.STOPPED
    assert stopped.ended_at == clock.now
    with pytest.raises(
        ProgramStateError, match=r"^Core foundations is not on: it was stopped on 3 Dec$"
    ):
        runs.stop(run.id, status=RunStatus.FINISHED)
    assert runs.run(run.id) == stopped  # unchanged
    with pytest.raises(ProgramStateError, match="there is no program run 99"):
        runs.stop(99)
    # Stopped, another can start without replace.
    assert _start_core(runs).status is RunStatus.ACTIVE


def test_the_last_day_finishes_the_run(runs: ProgramRuns) -> None:
    run = _start_core(runs)
    end = MORNING + timedelta(days=13, hours=1)
    runs.stop(run.id, status=RunStatus.FINISHED, ended_at=end)
    finished = runs.run(run.id)
    assert finished is not None
    assert (finished.status, finished.ended_at) == (RunStatus.FINISHED, end)
    with pytest.raises(ValueError, match="stopped or finished"):
        runs.stop(run.id, status=RunStatus.ACTIVE)


def test_a_program_has_at_least_one_day(runs: ProgramRuns) -> None:
    for days in (0, -1, True):
        with pytest.raises(ValueError, match="1 day or more"):
            runs.start("p", "h", "P", days)
    assert runs.runs() == []


# --- one active run, across processes ------------------------------------------------------


def test_two_stores_racing_to_start_leave_one_active_run(db: Path) -> None:
    HistoryStore(db).close()
    barrier = threading.Barrier(2, timeout=30)  # one failing to open never hangs the other
    outcomes: dict[str, ProgramRun | ProgramStateError] = {}

    def start(name: str) -> None:
        # Each its own connection, as two spasm processes would have.
        with HistoryStore(db) as store:
            barrier.wait()
            try:
                outcomes[name] = ProgramRuns(store).start(name, "h", name.title(), 7)
            except ProgramStateError as exc:
                outcomes[name] = exc

    threads = [threading.Thread(target=start, args=(n,)) for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    started = [o for o in outcomes.values() if isinstance(o, ProgramRun)]
    refused = [o for o in outcomes.values() if isinstance(o, ProgramAlreadyOn)]
    assert len(started) == 1 and len(refused) == 1
    assert refused[0].active == started[0]
    with HistoryStore(db) as store:
        assert ProgramRuns(store).runs() == started


def test_the_unique_index_comes_out_as_a_program_state_error(
    runs: ProgramRuns, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another program (or an older spasm) inserted an active run without the
    # write lock; the check saw none, and the index refuses the insert.
    with _raw(db) as other:
        other.execute(
            "INSERT INTO program_runs (program, program_hash, title, days, started_at,"
            " utc_offset_seconds, status) VALUES ('desk-health', 'h', 'Desk health', 10,"
            " '2026-12-01T07:00:00.000000+00:00', 3600, 'active')"
        )
    real = program_runs._active_row
    calls: list[int] = []

    def missed_once(conn: sqlite3.Connection) -> ProgramRun | DamagedRun | None:
        calls.append(1)
        return None if len(calls) == 1 else real(conn)

    monkeypatch.setattr(program_runs, "_active_row", missed_once)
    with pytest.raises(
        ProgramAlreadyOn, match=r"^Desk health is already on \(started 1 Dec\)$"
    ) as caught:
        _start_core(runs)
    assert caught.value.active is not None and caught.value.active.program == "desk-health"
    assert [r.program for r in runs.runs()] == ["desk-health"]  # the insert rolled back


# --- the sessions of a run --------------------------------------------------------------


def test_tagged_sessions_round_trip_and_come_oldest_first(
    runs: ProgramRuns, store: HistoryStore
) -> None:
    run = _start_core(runs)
    other = runs.start("desk-health", "d", "Desk health", 10, replace=True)

    def session(day: int, at: datetime, run_id: int = run.id) -> int:
        tag = ProgramTag(run_id=run_id, program="core-foundations", day=day, dose=60 + day * 5)
        return store.start_session("core-day", "h", "Core day", 300, started_at=at, program=tag)

    third = session(3, MORNING + timedelta(days=2))
    first = session(1, MORNING)
    second_a = session(2, MORNING + timedelta(days=1))
    second_b = session(2, MORNING + timedelta(days=1))  # same instant: by id
    store.start_session("acute-relief", "h", "Acute relief", 60, started_at=MORNING)  # no program
    session(1, MORNING, run_id=other.id)
    played = runs.sessions(run.id)
    assert [r.id for r in played] == [first, second_a, second_b, third]
    assert [(r.program_run, r.program, r.program_day, r.dose) for r in played] == [
        (run.id, "core-foundations", 1, 65),
        (run.id, "core-foundations", 2, 70),
        (run.id, "core-foundations", 2, 70),
        (run.id, "core-foundations", 3, 75),
    ]
    outside = [r for r in store.sessions() if r.routine == "acute-relief"]
    assert [(r.program_run, r.program, r.program_day, r.dose) for r in outside] == [(None,) * 4]
    assert len(runs.sessions(other.id)) == 1 and runs.sessions(999) == []


def test_the_recorder_tags_the_session_it_writes(runs: ProgramRuns, store: HistoryStore) -> None:
    run = _start_core(runs)
    tag = ProgramTag(run.id, run.program, 1, 70)
    recorder = HistoryRecorder(store, "core-day", "h", "Core day", program=tag)
    snap = Snapshot(
        elapsed=0.0,
        paused=False,
        paused_total=0.0,
        index=0,
        segment_count=1,
        segment_elapsed=0.0,
        segment_remaining=None,
        routine_remaining=60.0,
        done=0,
        skipped=0,
    )
    recorder.handle(Event(EventKind.SESSION_START, 0.0, 0.0, None, snap))
    recorder.handle(Event(EventKind.FINISH, 60.0, 60.0, None, snap))
    [played] = runs.sessions(run.id)
    assert played.id == recorder.session_id and played.status is SessionStatus.FINISHED
    assert (played.program_run, played.program, played.program_day, played.dose) == (
        run.id,
        "core-foundations",
        1,
        70,
    )


def test_a_program_tag_is_whole_numbers_from_one() -> None:
    for bad in ({"day": 0}, {"dose": -5}, {"run_id": True}, {"dose": 70.0}):
        with pytest.raises(ValueError, match="program tag"):
            ProgramTag(**{"run_id": 1, "program": "p", "day": 1, "dose": 70, **bad})


# --- damage ---------------------------------------------------------------------


def test_text_in_a_program_column_is_a_damaged_row_not_a_crash(
    runs: ProgramRuns, store: HistoryStore, db: Path
) -> None:
    run = _start_core(runs)
    tag = ProgramTag(run.id, run.program, 1, 70)
    good = store.start_session("core-day", "h", "Core day", 300, program=tag)
    bad = store.start_session(
        "core-day", "h", "Core day", 300, started_at=MORNING + timedelta(days=1), program=tag
    )
    with _raw(db) as conn:
        conn.execute("UPDATE sessions SET dose = 'lots' WHERE id = ?", (bad,))
    rows = list(runs.rows(run.id))
    assert [type(r) for r in rows] == [SessionRecord, DamagedRow]
    damaged = rows[1]
    assert isinstance(damaged, DamagedRow) and damaged.id == bad
    assert damaged.reason == "dose 'lots' is not a whole number"
    assert [r.id for r in runs.sessions(run.id)] == [good]  # left out, the good one kept
    assert sum(isinstance(r, DamagedRow) for r in store.rows()) == 1


def test_a_damaged_history_row_shows_as_damaged_in_history(
    isolated_folders: Path, spasm: Callable[..., Any]
) -> None:
    path = isolated_folders / "data" / "spasm" / "history.sqlite3"
    with HistoryStore(path) as store:
        run = ProgramRuns(store).start("core-foundations", HASH, "Core foundations", 14)
        sid = store.start_session(
            "core-day", "h", "Core day", 300, program=ProgramTag(run.id, run.program, 2, 70)
        )
    with _raw(path) as conn:
        conn.execute("UPDATE sessions SET program_day = 'second' WHERE id = ?", (sid,))
    result = spasm("history")
    assert result.exit_code == 0, result.stderr
    assert f"session {sid}: program day 'second' is not a whole number" in result.stdout


def test_a_damaged_active_run_is_not_followed_but_blocks_until_replaced(
    runs: ProgramRuns, db: Path
) -> None:
    run = _start_core(runs)
    with _raw(db) as conn:
        conn.execute("UPDATE program_runs SET started_at = 'yesterday' WHERE id = ?", (run.id,))
    assert runs.active() is None and runs.runs() == [] and runs.run(run.id) is None
    damaged = runs.active_row()
    assert damaged == DamagedRun(run.id, "start time 'yesterday' is not a date and time")
    assert list(runs.run_rows()) == [damaged]
    with pytest.raises(ProgramAlreadyOn) as caught:
        runs.start("desk-health", "d", "Desk health", 10)
    assert caught.value.active is None
    assert str(caught.value) == (
        f"another program is already on (program run {run.id}: "
        "start time 'yesterday' is not a date and time)"
    )
    new = runs.start("desk-health", "d", "Desk health", 10, replace=True)
    assert runs.active() == new
    with _raw(db) as conn:
        status = conn.execute("SELECT status FROM program_runs WHERE id = ?", (run.id,)).fetchone()
    assert status == ("stopped",)  # ended, and otherwise kept as it was


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("days", "two weeks", "number of days 'two weeks' is not a whole number"),
        ("days", 0, "number of days 0 is not 1 or more"),
        ("utc_offset_seconds", "CET", "time zone offset 'CET' is not a whole number"),
        ("ended_at", "soon", "end time 'soon' is not a date and time"),
        ("started_at", "Tuesday", "start time 'Tuesday' is not a date and time"),
    ],
)
def test_each_kind_of_run_damage_is_named(
    runs: ProgramRuns, db: Path, column: str, value: object, words: str
) -> None:
    run = _start_core(runs)
    runs.stop(run.id)
    with _raw(db) as conn:
        # column is one of the literals above
        conn.execute(f"UPDATE program_runs SET {column} = ? WHERE id = ?", (value, run.id))
    [damaged] = list(runs.run_rows())
    assert isinstance(damaged, DamagedRun)
    assert damaged.reason == words and damaged.describe() == f"program run {run.id}: {words}"
    with pytest.raises(ProgramStateError, match="is not on"):
        runs.stop(run.id)  # nothing to end, and no crash either


def test_a_title_with_escapes_is_read_printable(runs: ProgramRuns) -> None:
    run = runs.start("p", "h", "Core\x1b]0;pwned\x07", 7)
    assert run.title == "Core\\x1b]0;pwned\\x07" and run.title.isprintable()
