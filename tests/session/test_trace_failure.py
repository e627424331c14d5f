"""A trace file that cannot be written stops the trace, never the session.

A `--trace` file on a full disk once crashed the session midway and left its
history row `running`.
"""

from __future__ import annotations

import errno
import io
from pathlib import Path
from typing import Any

import pytest

from spasm_cli.history.recorder import HistoryRecorder
from spasm_cli.history.records import SessionStatus
from spasm_cli.history.store import HistoryStore
from spasm_cli.session import trace as trace_module
from spasm_cli.session.clock import FakeClock
from spasm_cli.session.engine import Engine
from spasm_cli.session.events import EndStatus
from spasm_cli.session.keys import ScriptedKeys
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.session.trace import TraceWriter

SEGMENTS = [
    Segment(SegmentKind.GET_READY, 5.0, 0, 2, "Knee hug"),
    Segment(SegmentKind.HOLD, 20.0, 1, 2, "Knee hug", side="left"),
    Segment(SegmentKind.HOLD, 20.0, 1, 2, "Knee hug", side="right"),
]


class FullDisk(io.StringIO):
    """A file that takes ``room`` writes, then fails as a full disk does."""

    def __init__(self, room: int, *, fail_close: bool = False) -> None:
        super().__init__()
        self.room = room
        self.fail_close = fail_close

    def write(self, text: str) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= 1
        return super().write(text)

    def close(self) -> None:
        if self.fail_close:
            self.fail_close = False
            raise OSError(errno.ENOSPC, "No space left on device")
        super().close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> list[FullDisk]:
    made: list[FullDisk] = []

    def open_new(path: Path, **_options: Any) -> FullDisk:
        made.append(FullDisk(room=2))
        return made[-1]

    monkeypatch.setattr(trace_module, "open_new", open_new)
    return made


def test_the_session_goes_on_and_history_hears_the_end(
    tmp_path: Path, full_disk: list[FullDisk]
) -> None:
    said: list[str] = []
    writer = TraceWriter(tmp_path / "trace.jsonl", on_error=said.append)
    store = HistoryStore(tmp_path / "history.sqlite3")
    recorder = HistoryRecorder(store, "knee-hug", "h", "Knee hug")
    clock = FakeClock()
    # The trace before history, as the session wires them: a failing trace
    # must not keep the end from reaching history.
    engine = Engine(SEGMENTS, clock, ScriptedKeys(clock, ()), [writer, recorder], tick=0.25)
    result = engine.run()
    writer.close()
    assert result.status is EndStatus.FINISHED
    assert result.done == 3
    assert said == [
        f"trace stopped: cannot write {tmp_path / 'trace.jsonl'}: No space left on device; "
        "what was written before is kept"
    ]
    assert writer.error == said[0]
    [row] = store.sessions()
    assert row.status is SessionStatus.FINISHED
    assert row.done == 3
    store.close()


def test_a_failure_when_closing_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = FullDisk(room=100, fail_close=True)
    monkeypatch.setattr(trace_module, "open_new", lambda *_a, **_k: file)
    said: list[str] = []
    writer = TraceWriter(tmp_path / "t", on_error=said.append)
    clock = FakeClock()
    Engine(SEGMENTS, clock, ScriptedKeys(clock, ()), [writer], tick=None).run()
    writer.close()
    writer.close()  # twice is harmless
    assert len(said) == 1 and "No space left on device" in said[0]


def test_a_path_with_control_characters_is_escaped(
    tmp_path: Path, full_disk: list[FullDisk]
) -> None:
    said: list[str] = []
    writer = TraceWriter(tmp_path / "a\x1b[2Jb", on_error=said.append)
    clock = FakeClock()
    Engine(SEGMENTS, clock, ScriptedKeys(clock, ()), [writer], tick=None).run()
    assert "\x1b" not in said[0] and "a\\x1b[2Jb" in said[0]
