"""CSV and JSON export: every field, and both read back to equal records."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from spasm_cli.errors import UsageError
from spasm_cli.history.export import (
    FIELDS,
    from_csv,
    from_json,
    json_chunks,
    record_to_dict,
    render,
    to_csv,
    to_json,
    write_file,
)
from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.store import HistoryStore


def _records() -> list[SessionRecord]:
    start = datetime(2023, 12, 31, 22, 59, 59, 123456, tzinfo=timezone.utc)
    tricky = SessionRecord(
        id=7,
        routine="ql-stretch",
        routine_hash="0123456789abcdef" * 4,
        title='Side bend, "gently"\nthen rest — ça va [bold]',
        started_at=start,
        utc_offset_seconds=-5 * 3600 - 1800,
        ended_at=start + timedelta(seconds=312.5),
        planned_seconds=0.1 + 0.2,
        active_seconds=312.4999999,
        done=12,
        skipped=0,
        status=SessionStatus.FINISHED,
        pain_before=0,
        pain_after=10,
        pid=4242,
        host="laptop",
    )
    killed = SessionRecord(
        id=8,
        routine="acute-relief",
        routine_hash="f" * 64,
        title="Acute relief",
        started_at=start + timedelta(days=1),
        utc_offset_seconds=3600,
        ended_at=None,
        planned_seconds=600.0,
        active_seconds=None,
        done=0,
        skipped=0,
        status=SessionStatus.UNKNOWN,
        pain_before=None,
        pain_after=None,
        pid=1,
        host="laptop",
    )
    return [tricky, killed]


def test_json_round_trip() -> None:
    records = _records()
    text = to_json(records)
    data = json.loads(text)
    assert [list(d) for d in data] == [list(FIELDS)] * 2
    assert data[0]["status"] == "finished" and data[1]["pain_after"] is None
    assert data[0]["local_date"] == "2023-12-31"  # 17:29 in UTC-5:30
    assert data[0]["started_at"] == "2023-12-31T22:59:59.123456+00:00"
    assert from_json(text) == records


def test_csv_round_trip() -> None:
    records = _records()
    text = to_csv(records)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == FIELDS
    assert rows[1]["active_seconds"] == "" and rows[1]["ended_at"] == ""
    assert from_csv(text) == records
    assert from_csv(to_csv([])) == []


def test_round_trip_through_a_real_store(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        sid = store.start_session("r", "h", "R", 60.0, pain_before=3)
        store.set_pain_after(sid, 5)
        store.start_session("s", "h", "S", 30.0)
        records = store.sessions()
    assert from_json(render(records, "json")) == records
    assert from_csv(render(records, "csv")) == records
    assert record_to_dict(records[0])["status"] == "running"


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError):
        from_json('{"not": "a list"}')
    good = record_to_dict(_records()[0])
    with pytest.raises(ValueError):
        from_json(json.dumps([{**good, "status": "exploded"}]))
    with pytest.raises(ValueError):
        from_json(json.dumps([{**good, "started_at": "2024-01-01T00:00:00"}]))
    with pytest.raises(UsageError):
        render([], "xml")


def test_write_file_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "sessions.csv"
    write_file("first\n", out)
    assert out.read_text() == "first\n"
    with pytest.raises(UsageError, match="already exists.*--force"):
        write_file("second\n", out)
    assert out.read_text() == "first\n"
    write_file("second\n", out, force=True)
    assert out.read_text() == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions.csv"]  # no temp left


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://x.invalid","click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "'quoted",
    ],
)
def test_csv_keeps_formula_looking_titles_as_text(title: str) -> None:
    [base, *_] = _records()
    record = SessionRecord(**{**base.__dict__, "title": title})
    text = to_csv([record])
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    # A spreadsheet sees text (the apostrophe), never a formula to run...
    assert row["title"] == "'" + title
    # ...numbers stay numbers, even negative ones...
    assert row["utc_offset_seconds"] == str(base.utc_offset_seconds)
    # ...and the export reads back exactly.
    assert from_csv(text) == [record]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_streamed_json_is_the_same_text_as_one_dump(count: int) -> None:
    records = _records()[:count]
    whole = json.dumps([record_to_dict(r) for r in records], indent=2, ensure_ascii=False) + "\n"
    assert "".join(json_chunks(records)) == whole == to_json(records)
