"""Rows spasm did not write: one bad row never crashes a command or hides the others.

A row edited by hand or by another tool (`started_at = 'yesterday'`, text in a
number column, a huge pid, bytes and escapes in a title) once crashed
`history`, `stats`, `export`, `doctor` and even `routine`. Such a row is now
shown by `history` as damaged, left out of `stats` and `export` (which say
how many), counted by `doctor`, and kept as it is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasm_cli.history.records import DamagedRow, SessionRecord, decode_row
from spasm_cli.history.store import HistoryStore
from spasm_cli.session.events import EndStatus

GOOD: dict[str, Any] = {
    "id": 1,
    "routine": "breathing",
    "routine_hash": "ab" * 32,
    "title": "Breathing",
    "started_at": "2026-12-01T08:00:00.000000+00:00",
    "utc_offset_seconds": 3600,
    "ended_at": "2026-12-01T08:05:00.000000+00:00",
    "planned_seconds": 300.0,
    "active_seconds": 299.5,
    "done": 10,
    "skipped": 0,
    "status": "finished",
    "pain_before": 5,
    "pain_after": 3,
    "pid": 4242,
    "host": "laptop",
    "exercises": 4,
    "exercises_done": 3,
    "exercises_skipped": 1,
    "program_run": 2,
    "program": "core-foundations",
    "program_day": 3,
    "dose": 70,
}

# Each kind of damage, as the row holds it, and the words that say what is wrong.
DAMAGE = {
    "start-not-a-date": ({"started_at": "yesterday"}, "start time 'yesterday' is not a date"),
    "start-a-number": ({"started_at": 20261201}, "start time 20261201 is not a date"),
    "start-at-the-end-of-time": (
        {"started_at": "9999-12-31T23:30:00+00:00"},
        "start time '9999-12-31T23:30:00+00:00' is not a plausible date",
    ),
    "start-at-year-one": ({"started_at": "0001-01-01T00:10:00+00:00"}, "not a plausible date"),
    "end-not-a-date": ({"ended_at": "soon"}, "end time 'soon' is not a date"),
    "offset-past-a-day": ({"utc_offset_seconds": 10**9}, "more than a day"),
    "offset-as-text": ({"utc_offset_seconds": "CET"}, "time zone offset 'CET' is not a whole"),
    "pid-as-text": ({"pid": "abc"}, "process id 'abc' is not a whole number"),
    "done-as-text": ({"done": "lots"}, "done count 'lots' is not a whole number"),
    "exercises-as-text": ({"exercises_done": "all"}, "exercises done 'all' is not a whole"),
    "planned-as-text": ({"planned_seconds": "x"}, "planned time 'x' is not a number"),
    "planned-infinite": ({"planned_seconds": float("inf")}, "planned time inf is not"),
    "active-negative": ({"active_seconds": -5.0}, "active time -5.0 is not"),
    "status-unknown": ({"status": "weird"}, "status 'weird' is not one spasm knows"),
    "pain-past-ten": ({"pain_after": 99}, "pain after 99 is not from 0 to 10"),
    "routine-a-number": ({"routine": 7}, "routine name 7 is not text"),
    "null-status": ({"status": None}, "status None is not text"),
    "dose-as-text": ({"dose": "lots"}, "dose 'lots' is not a whole number"),
    "dose-a-fraction": ({"dose": 70.5}, "dose 70.5 is not a whole number"),
    "dose-zero": ({"dose": 0}, "dose 0 is not 1 or more"),
    "day-as-text": ({"program_day": "third"}, "program day 'third' is not a whole number"),
    "day-zero": ({"program_day": 0}, "program day 0 is not 1 or more"),
    "run-as-text": ({"program_run": "x"}, "program run 'x' is not a whole number"),
    "program-a-number": ({"program": 5}, "program name 5 is not text"),
}


def _row(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **changes}


@pytest.mark.parametrize(("changes", "words"), DAMAGE.values(), ids=DAMAGE.keys())
def test_each_kind_of_damage_is_named(changes: dict[str, Any], words: str) -> None:
    decoded = decode_row(_row(**changes))  # type: ignore[arg-type]
    assert isinstance(decoded, DamagedRow)
    assert decoded.id == 1
    assert words in decoded.reason
    assert decoded.describe().startswith("session 1: ")


def test_a_good_row_reads_back() -> None:
    decoded = decode_row(_row())  # type: ignore[arg-type]
    assert isinstance(decoded, SessionRecord)
    assert decoded.local_start.hour == 9 and decoded.pain_after == 3
    assert (decoded.program_run, decoded.program, decoded.program_day, decoded.dose) == (
        2,
        "core-foundations",
        3,
        70,
    )


def test_a_session_outside_a_program_has_no_program_columns() -> None:
    outside = {"program_run": None, "program": None, "program_day": None, "dose": None}
    decoded = decode_row(_row(**outside))  # type: ignore[arg-type]
    assert isinstance(decoded, SessionRecord)
    assert (decoded.program_run, decoded.program, decoded.program_day, decoded.dose) == (
        None,
        None,
        None,
        None,
    )


def test_a_time_without_an_offset_is_taken_as_utc() -> None:
    decoded = decode_row(_row(started_at="2026-12-01T08:00:00"))  # type: ignore[arg-type]
    assert isinstance(decoded, SessionRecord)
    assert decoded.started_at == datetime(2026, 12, 1, 8, tzinfo=timezone.utc)


def test_bytes_and_escapes_in_text_are_read_and_escaped() -> None:
    decoded = decode_row(  # type: ignore[arg-type]
        _row(
            title=b"\xff\x1b]0;pwned\x07",
            routine="\x1b[2Jevil",
            host="h\r",
            program=b"\x1b[31mred\xfe",
        )
    )
    assert isinstance(decoded, SessionRecord)
    assert decoded.program is not None
    for text in (decoded.title, decoded.routine, decoded.host, decoded.program):
        assert text.isprintable()
    assert decoded.program == "\\x1b[31mred\ufffd"
    assert decoded.title == "\ufffd\\x1b]0;pwned\\x07"
    assert decoded.routine == "\\x1b[2Jevil"


def test_a_huge_number_where_a_pid_goes_is_only_a_number() -> None:
    decoded = decode_row(_row(pid=2**62))  # type: ignore[arg-type]
    assert isinstance(decoded, SessionRecord) and decoded.pid == 2**62


VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.binary(max_size=30),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(GOOD)), VALUES))
def test_any_values_in_any_columns_never_raise(changes: dict[str, Any]) -> None:
    decoded = decode_row(_row(**changes))  # type: ignore[arg-type]
    assert isinstance(decoded, (SessionRecord, DamagedRow))
    if isinstance(decoded, SessionRecord):
        assert decoded.routine.isprintable() and decoded.title.isprintable()
        assert decoded.program is None or decoded.program.isprintable()
        assert decoded.dose is None or (isinstance(decoded.dose, int) and decoded.dose >= 1)
        decoded.local_date  # noqa: B018 - computing it must not raise either
    else:
        assert decoded.reason.isprintable()


# --- the commands, over a database with damaged rows among good ones ---------------


def _database(data_home: Path) -> Path:
    path = data_home / "spasm" / "history.sqlite3"
    start = datetime(2026, 12, 1, 8, tzinfo=timezone(timedelta(hours=1)))
    with HistoryStore(path) as store:
        for _day in range(3):
            sid = store.start_session(
                "breathing", "h", "Breathing", 300, pain_before=5, started_at=start
            )
            store.end_session(sid, EndStatus.FINISHED, 290, 10, 0, ended_at=start, pain_after=3)
            start += timedelta(days=1)
    conn = sqlite3.connect(path)
    try:
        # What a hand edit can do to rows the schema's checks let through.
        conn.execute("UPDATE sessions SET started_at = 'yesterday' WHERE id = 1")
        conn.execute(
            "UPDATE sessions SET done = 'lots', pid = 'x', status = 'running' WHERE id = 2"
        )
        conn.execute(
            "INSERT INTO sessions (routine, routine_hash, title, started_at, utc_offset_seconds,"
            " planned_seconds, status, pid, host) VALUES (?, 'h', ?, ?, ?, 60, 'running', ?, ?)",
            ("\x1b]0;x\x07", b"\xff", "2026-12-05T08:00:00", 10**9, 2**62, "vm"),
        )
        conn.commit()
    finally:
        conn.close()
    return path


@pytest.fixture
def damaged(isolated_folders: Path) -> Path:
    return _database(isolated_folders / "data")


def test_history_shows_damaged_rows_in_their_place(
    damaged: Path, spasm: Callable[..., Any]
) -> None:
    result = spasm("history")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Damaged row, session 1: start time 'yesterday' is not a date and time." in out
    assert "Damaged row, session 2: done count 'lots' is not a whole number." in out
    assert "Damaged row, session 4: time zone offset 1000000000 s is more than a day." in out
    assert "2026-12-03 08:00  finished" in out  # the good one is still there
    assert "\x1b" not in out


def test_stats_export_and_json_leave_damaged_rows_out_and_say_so(
    damaged: Path, spasm: Callable[..., Any]
) -> None:
    for args in (["stats"], ["export"], ["export", "--format", "json"], ["history", "--json"]):
        result = spasm(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "spasm: 3 damaged history rows left out" in result.stderr, args
    rows = json.loads(spasm("export", "--format", "json").stdout)
    assert [r["date"] for r in rows] == ["2026-12-03"]  # session 3, the good one


def test_doctor_counts_damaged_rows(damaged: Path, spasm: Callable[..., Any]) -> None:
    result = spasm("doctor")
    assert "damaged rows:" in result.stdout
    assert "3 (kept; `spasm history` shows which and why)" in result.stdout


def test_opening_the_store_with_odd_pids_neither_crashes_nor_changes_them(damaged: Path) -> None:
    with HistoryStore(damaged) as store:
        rows = list(store.rows())
    assert len(rows) == 4
    conn = sqlite3.connect(damaged)
    try:
        statuses = dict(conn.execute("SELECT id, status FROM sessions").fetchall())
    finally:
        conn.close()
    assert statuses[2] == "running" and statuses[4] == "running"  # not ours to judge


def test_history_writes_each_row_before_reading_the_next(
    damaged: Path, spasm: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    real = HistoryStore.rows
    seen: list[int] = []

    def watched(self: HistoryStore, *args: Any, **kwargs: Any) -> Any:
        for row in real(self, *args, **kwargs):
            # Everything before this row is on stdout already: nothing waits
            # for the whole history to be read.
            sys.stdout.flush()
            seen.append(len(sys.stdout.buffer.getvalue()))  # type: ignore[attr-defined]
            yield row

    monkeypatch.setattr(HistoryStore, "rows", watched)
    result = spasm("history", "--limit", "0")
    assert result.exit_code == 0
    assert seen == sorted(seen) and len(set(seen)) == len(seen)  # output grew row by row


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(timezones=st.just(timezone.utc)),
    st.integers(min_value=-(10**6), max_value=10**6),
)
def test_any_start_and_offset_never_breaks_reading_or_stats(start: datetime, offset: int) -> None:
    from datetime import date

    from spasm_cli.history.stats import summarize

    decoded = decode_row(  # type: ignore[arg-type]
        _row(started_at=start.isoformat(), utc_offset_seconds=offset)
    )
    if isinstance(decoded, SessionRecord):
        summarize([decoded], date(2026, 12, 2))  # weeks and streaks add days to dates
