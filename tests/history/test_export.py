"""CSV and JSON export: plain fields for a therapist, local time, whole seconds, nothing private."""

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
    HEADINGS,
    JSON_FIELDS,
    json_chunks,
    read_csv,
    record_to_dict,
    render,
    time_zone,
    to_csv,
    to_json,
    whole_seconds,
    write_file,
)
from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.store import HistoryStore

PRIVATE_WORDS = ("hash", "pid", "host", "laptop", "4242", "0123456789abcdef")


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
        exercises=4,
        exercises_done=3,
        exercises_skipped=1,
        program_run=3,
        program="core-foundations",
        program_day=2,
        dose=70,
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


def test_json_fields_are_plain_local_and_whole() -> None:
    data = json.loads(to_json(_records()))
    assert [list(d) for d in data] == [list(JSON_FIELDS)] * 2
    first, killed = data
    # 22:59:59.123456 UTC is 17:29:59 in UTC-5:30, where it started; cut to the second.
    assert first["date"] == "2023-12-31" and first["start"] == "17:29:59"
    assert first["end"] == "17:35:11"  # 312.5 s later
    assert first["time_zone"] == "UTC-05:30"
    assert first["started_at"] == "2023-12-31T17:29:59-05:30"
    assert first["routine"].startswith("Side bend") and first["routine_name"] == "ql-stretch"
    assert first["how_it_ended"] == "finished"
    assert first["planned_seconds"] == 0 and first["exercising_seconds"] == 312
    assert (first["exercises"], first["exercises_done"], first["exercises_skipped"]) == (4, 3, 1)
    assert (first["pain_before"], first["pain_after"]) == (0, 10)
    # Played as day 2 of a program at 70 %; the run's id is the database's, not hers.
    assert (first["program"], first["program_day"], first["dose"]) == ("core-foundations", 2, 70)
    assert "program_run" not in first
    assert (killed["program"], killed["program_day"], killed["dose"]) == (None, None, None)
    # A session whose process was killed: no end, no time, nothing counted.
    assert killed["end"] is None and killed["ended_at"] is None
    assert killed["exercising_seconds"] is None and killed["exercises"] is None
    assert killed["date"] == "2024-01-01" and killed["time_zone"] == "UTC+01:00"


def test_csv_has_plain_headings_and_the_same_values() -> None:
    text = to_csv(_records())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == HEADINGS
    assert rows[0][:4] == ["Date", "Start", "End", "Time zone"]
    assert "Pain before (0-10)" in rows[0] and "Exercises skipped" in rows[0]
    # The program's columns follow the routine's.
    assert rows[0][4:9] == ["Routine", "Routine name", "Program", "Program day", "Dose (%)"]
    first, killed = read_csv(text)
    assert (first["Date"], first["Start"], first["Time zone"]) == (
        "2023-12-31",
        "17:29:59",
        "UTC-05:30",
    )
    assert first["Time exercising (seconds)"] == "312"  # not 312.4999999
    assert first["Planned time (seconds)"] == "0"  # not 0.30000000000000004
    assert killed["End"] == "" and killed["Time exercising (seconds)"] == ""
    assert (first["Program"], first["Program day"], first["Dose (%)"]) == (
        "core-foundations",
        "2",
        "70",
    )
    assert (killed["Program"], killed["Program day"], killed["Dose (%)"]) == ("", "", "")
    assert read_csv(to_csv([])) == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_nothing_private_or_internal_is_exported(fmt: str) -> None:
    text = render(_records(), fmt)
    for word in PRIVATE_WORDS:
        assert word not in text
    assert "." not in text.split("\n", 1)[1].replace("Side bend", "")  # no fractions anywhere
    assert "+00:00" not in text  # local times, not UTC


def test_every_field_has_a_heading() -> None:
    assert len(FIELDS) == len(HEADINGS) == len(set(HEADINGS))
    assert set(FIELDS) < set(JSON_FIELDS)


def test_whole_seconds_and_time_zones() -> None:
    assert [whole_seconds(x) for x in (0.4, 0.5, 1.5, 59.999, None)] == [0, 1, 2, 60, None]
    assert time_zone(0) == "UTC+00:00"
    assert time_zone(3600) == "UTC+01:00"
    assert time_zone(-(5 * 3600 + 1800)) == "UTC-05:30"
    assert time_zone(5 * 3600 + 45 * 60) == "UTC+05:45"


def test_a_real_store_exports_what_it_recorded(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        sid = store.start_session("r", "h", "R", 60.0, pain_before=3)
        store.set_pain_after(sid, 5)
        store.start_session("s", "h", "S", 30.0)
        records = store.sessions()
    data = json.loads(render(records, "json"))
    assert [d["routine_name"] for d in data] == ["s", "r"]
    assert data[1]["pain_before"] == 3 and data[1]["pain_after"] == 5
    assert data[0]["how_it_ended"] == "running"
    assert [r["Routine name"] for r in read_csv(render(records, "csv"))] == ["s", "r"]
    assert record_to_dict(records[0])["planned_seconds"] == 30


def test_stored_dict_has_every_column_the_program_ones_too() -> None:
    from spasm_cli.history.export import stored_dict

    first, killed = (stored_dict(r) for r in _records())
    assert (first["program_run"], first["program"], first["program_day"], first["dose"]) == (
        3,
        "core-foundations",
        2,
        70,
    )
    assert [killed[k] for k in ("program_run", "program", "program_day", "dose")] == [None] * 4
    assert {"routine_hash", "pid", "host"} <= set(first)  # as stored, for scripts


def test_a_tagged_session_exports_its_program(tmp_path: Path) -> None:
    from spasm_cli.history.records import ProgramTag

    with HistoryStore(tmp_path / "h.sqlite3") as store:
        store.start_session("r", "h", "R", 60.0, program=ProgramTag(1, "desk-health", 4, 85))
        records = store.sessions()
    [row] = read_csv(render(records, "csv"))
    assert (row["Program"], row["Program day"], row["Dose (%)"]) == ("desk-health", "4", "85")
    [item] = json.loads(render(records, "json"))
    assert (item["program"], item["program_day"], item["dose"]) == ("desk-health", 4, 85)


def test_an_unknown_format_is_refused() -> None:
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
    assert row["Routine"] == "'" + title
    # ...numbers and dates stay as they are...
    assert row["Date"] == "2023-12-31" and row["Pain after (0-10)"] == "10"
    # ...and every cell reads back exactly.
    assert read_csv(text)[0]["Routine"] == title


@pytest.mark.parametrize("count", [0, 1, 2])
def test_streamed_json_is_the_same_text_as_one_dump(count: int) -> None:
    records = _records()[:count]
    whole = json.dumps([record_to_dict(r) for r in records], indent=2, ensure_ascii=False) + "\n"
    assert "".join(json_chunks(records)) == whole == to_json(records)


def test_a_file_routine_is_exported_by_its_file_name_not_its_path() -> None:
    import dataclasses

    from spasm_cli.history.export import export_name

    record = dataclasses.replace(
        _records()[0],
        routine="file:/home/ana/physio/evening.yaml",
        program="file:/home/ana/physio/plan.yaml",
    )
    text = render([record], "csv")
    assert "/home/ana" not in text
    assert "evening.yaml (own file)" in text and "plan.yaml (own file)" in text
    assert export_name("acute-relief") == "acute-relief"
