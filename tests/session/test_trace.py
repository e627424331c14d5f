"""``--trace FILE``: the JSON lines the timing benchmark reads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from spasm_cli.errors import Interrupted, SpasmError, UsageError
from spasm_cli.session.clock import FakeClock
from spasm_cli.session.engine import Engine, SessionResult
from spasm_cli.session.events import Event, EventKind
from spasm_cli.session.keys import Key, ScriptedKeys
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.session.trace import TraceWriter

K = SegmentKind
SEGMENTS = [
    Segment(K.GET_READY, 5.0, 0, 2, "Knee hug"),
    Segment(K.HOLD, 20.0, 1, 2, "Knee hug", side="left"),
    Segment(K.REP, None, 2, 2, "Pelvic tilt", rep_no=1, rep_count=2),
    Segment(K.REP, None, 2, 2, "Pelvic tilt", rep_no=2, rep_count=2),
]


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def handle(self, event: Event) -> None:
        self.events.append(event)


def run_traced(
    path: Path,
    segments: Sequence[Segment] = SEGMENTS,
    script: Iterable[tuple[float, Key]] = (),
    *,
    eof: bool = False,
    force: bool = False,
) -> tuple[SessionResult, list[dict[str, Any]], Recorder]:
    clock = FakeClock()
    writer = TraceWriter(path, force=force)
    recorder = Recorder()
    keys = ScriptedKeys(clock, script, eof=eof)
    try:
        result = Engine(segments, clock, keys, [recorder, writer], tick=0.25).run()
    finally:
        writer.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    return result, [json.loads(line) for line in lines], recorder


def test_one_line_per_event_except_ticks(tmp_path: Path) -> None:
    script = [(8.0, Key.PAUSE), (12.0, Key.PAUSE), (40.0, Key.ENTER), (41.0, Key.NEXT)]
    _result, records, recorder = run_traced(tmp_path / "trace.jsonl", script=script)
    expected = [e for e in recorder.events if e.kind is not EventKind.TICK]
    assert any(e.kind is EventKind.TICK for e in recorder.events)
    assert [r["event"] for r in records] == [e.kind.value for e in expected]
    assert "tick" not in {r["event"] for r in records}
    for record, event in zip(records, expected, strict=True):
        assert record["t"] == pytest.approx(event.t)
        assert record["planned"] == pytest.approx(event.planned)
        assert record["index"] == event.snapshot.index
        assert event.segment is not None
        assert record["step"] == event.segment.step_index
        assert record["kind"] == event.segment.kind.value
        assert record["title"] == event.segment.step_title
        assert record["duration"] == event.segment.duration


def test_trace_records_the_whole_session(tmp_path: Path) -> None:
    script = [(8.0, Key.PAUSE), (12.0, Key.PAUSE), (40.0, Key.ENTER), (41.0, Key.NEXT)]
    result, records, _recorder = run_traced(tmp_path / "trace.jsonl", script=script)
    summary = [(r["event"], r["t"], r["planned"], r["index"]) for r in records]
    assert summary == [
        ("session_start", 0.0, 0.0, 0),
        ("segment_start", 0.0, 0.0, 0),
        ("segment_end", 5.0, 5.0, 0),
        ("segment_start", 5.0, 5.0, 1),
        ("pause", 8.0, 8.0, 1),
        ("resume", 12.0, 8.0, 1),
        ("countdown", 19.0, 15.0, 1),
        ("countdown", 26.0, 22.0, 1),
        ("countdown", 27.0, 23.0, 1),
        ("countdown", 28.0, 24.0, 1),
        ("segment_end", 29.0, 25.0, 1),
        ("segment_start", 29.0, 25.0, 2),
        ("rep", 40.0, 36.0, 2),
        ("segment_start", 40.0, 36.0, 3),
        ("skip", 41.0, 37.0, 3),
        ("finish", 41.0, 37.0, 3),
    ]
    assert records[2:4] == [
        {
            "event": "segment_end",
            "t": 5.0,
            "planned": 5.0,
            "paused": 0.0,
            "index": 0,
            "step": 0,
            "kind": "get_ready",
            "title": "Knee hug",
            "duration": 5.0,
        },
        {
            "event": "segment_start",
            "t": 5.0,
            "planned": 5.0,
            "paused": 0.0,
            "index": 1,
            "step": 1,
            "kind": "hold",
            "title": "Knee hug",
            "duration": 20.0,
        },
    ]
    assert [r["remaining"] for r in records if r["event"] == "countdown"] == [10, 3, 2, 1]
    assert all("remaining" not in r for r in records if r["event"] != "countdown")
    finish = records[-1]
    assert finish["event"] == "finish"
    assert (finish["done"], finish["skipped"], finish["paused"]) == (3, 1, 4.0)
    assert (result.done, result.skipped) == (3, 1)
    # The benchmark's lateness, t - paused - planned, is zero on a fake clock.
    for record in records:
        assert record["t"] - record["paused"] - record["planned"] == pytest.approx(0.0)


def test_trace_of_a_session_stopped_with_q(tmp_path: Path) -> None:
    _result, records, _recorder = run_traced(tmp_path / "t.jsonl", script=[(10.0, Key.QUIT)])
    last = records[-1]
    assert last["event"] == "quit"
    assert (last["t"], last["index"], last["done"], last["skipped"]) == (10.0, 1, 1, 0)
    assert "finish" not in {r["event"] for r in records}


def test_trace_of_an_interrupted_session_is_complete_on_disk(tmp_path: Path) -> None:
    class Interrupting(ScriptedKeys):
        def wait(self, timeout: float) -> Key | None:
            if self.clock.now() - self.start >= 3.0:
                raise Interrupted("SIGTERM")
            return super().wait(timeout)

    path = tmp_path / "t.jsonl"
    clock = FakeClock()
    writer = TraceWriter(path)
    with pytest.raises(Interrupted):
        Engine(SEGMENTS, clock, Interrupting(clock), [writer], tick=0.25).run()
    # Flushed at the interrupt, before anyone closes the file.
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    writer.close()
    assert records[-1]["event"] == "interrupt"
    assert records[-1]["detail"] == "SIGTERM"
    assert records[-1]["t"] == 3.0
    assert (records[-1]["done"], records[-1]["skipped"]) == (0, 0)


def test_trace_notes_the_end_of_input(tmp_path: Path) -> None:
    _result, records, _recorder = run_traced(tmp_path / "t.jsonl", eof=True)
    ended = [r for r in records if r["event"] == "input_ended"]
    assert len(ended) == 1
    assert "3 seconds" in ended[0]["detail"]
    # The self-paced reps then ran 3 s each: the trace shows their `null` duration.
    reps = [r for r in records if r["event"] == "segment_end" and r["kind"] == "rep"]
    assert [(r["t"], r["duration"]) for r in reps] == [(28.0, None), (31.0, None)]
    assert records[-1]["event"] == "finish"


def test_trace_of_an_empty_timeline(tmp_path: Path) -> None:
    _result, records, _recorder = run_traced(tmp_path / "t.jsonl", segments=[])
    assert [r["event"] for r in records] == ["session_start", "finish"]
    assert all("step" not in r for r in records)


def test_each_line_is_a_json_object(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    run_traced(path, script=[(2.0, Key.BACK), (2.5, Key.BACK), (30.0, Key.ENTER)], eof=True)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    for line in text.splitlines():
        assert isinstance(json.loads(line), dict)
    backs = [json.loads(line) for line in text.splitlines() if '"back"' in line]
    assert [b["detail"] for b in backs] == ["restart exercise", "restart exercise"]


def test_trace_replaces_an_old_file_only_when_forced(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists; not overwriting it"):
        TraceWriter(path)
    assert path.read_text(encoding="utf-8") == "old\n"
    _result, records, _recorder = run_traced(path, segments=[], force=True)
    assert len(records) == 2


def test_trace_never_writes_through_a_link_even_forced(tmp_path: Path) -> None:
    precious = tmp_path / "history.sqlite3"
    precious.write_bytes(b"SQLite format 3\x00 precious")
    link = tmp_path / "t.jsonl"
    link.symlink_to(precious)
    for force in (False, True):
        with pytest.raises(UsageError, match="symbolic link"):
            TraceWriter(link, force=force)
    assert precious.read_bytes() == b"SQLite format 3\x00 precious" and link.is_symlink()


def test_a_new_trace_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    run_traced(path, segments=[])
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("where", ["missing/trace.jsonl", "."])
def test_an_unwritable_path_is_a_usage_error(tmp_path: Path, where: str) -> None:
    path = tmp_path / where
    with pytest.raises(UsageError) as caught:
        TraceWriter(path)
    assert isinstance(caught.value, SpasmError)
    assert str(path) in str(caught.value)
    assert "cannot write trace file" in str(caught.value)
