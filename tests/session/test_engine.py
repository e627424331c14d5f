"""The session engine, played on a fake clock: no test here sleeps.

``ScriptedKeys`` advances a ``FakeClock`` to the next scripted key or by the
engine's timeout, so a ten-minute routine runs in milliseconds and every
event time is exact.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import pytest

from spasm_cli.app.catalog import compile_routine
from spasm_cli.errors import Interrupted
from spasm_cli.format.library import Library, default_dirs
from spasm_cli.session.clock import FakeClock
from spasm_cli.session.engine import BACK_GRACE, Engine, SessionResult
from spasm_cli.session.events import EndStatus, Event, EventKind
from spasm_cli.session.keys import Key, ScriptedKeys
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.session.timeline import Timeline

E = EventKind
K = SegmentKind


class Recorder:
    """A subscriber that keeps every event."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def kinds(self, *, ticks: bool = False) -> list[EventKind]:
        return [e.kind for e in self.events if ticks or e.kind is not E.TICK]

    def of(self, kind: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind is kind]

    def starts(self) -> list[tuple[int, float, float]]:
        """(index, t, planned) of each SEGMENT_START."""
        return [(e.snapshot.index, e.t, e.planned) for e in self.of(E.SEGMENT_START)]


class _NoChars:
    """The prompt side of an input, which the engine never uses."""

    def read_char(self, timeout: float) -> str | None:
        return None

    def flush(self) -> None:
        """Nothing is ever typed ahead."""


class OvershootKeys(_NoChars):
    """An input whose every wait runs ``late`` seconds over, like a busy machine."""

    def __init__(self, clock: FakeClock, late: float = 0.007) -> None:
        self.clock = clock
        self.late = late
        self.waits = 0

    def wait(self, timeout: float) -> Key | None:
        self.waits += 1
        self.clock.advance(max(0.0, timeout) + self.late)
        return None


class JumpKeys(_NoChars):
    """An input that, on its first wait, wakes at ``first_wake`` whatever the timeout was."""

    def __init__(self, clock: FakeClock, first_wake: float) -> None:
        self.clock = clock
        self.start = clock.now()
        self.first_wake: float | None = first_wake

    def wait(self, timeout: float) -> Key | None:
        if self.first_wake is not None:
            self.clock.advance(self.start + self.first_wake - self.clock.now())
            self.first_wake = None
        else:
            self.clock.advance(max(0.0, timeout))
        return None


class RaisingKeys(_NoChars):
    """An input that raises ``error`` from its ``on``-th wait (a Ctrl-C or a signal)."""

    def __init__(self, clock: FakeClock, error: BaseException, on: int = 3) -> None:
        self.clock = clock
        self.error = error
        self.on = on
        self.waits = 0

    def wait(self, timeout: float) -> Key | None:
        self.waits += 1
        if self.waits >= self.on:
            raise self.error
        self.clock.advance(max(0.0, timeout))
        return None


class EofKeys(_NoChars):
    """An input that reports ``Key.EOF`` on every wait, at once (a gone terminal)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits = 0

    def wait(self, timeout: float) -> Key | None:
        self.waits += 1
        if self.waits <= 3:
            return Key.EOF
        self.clock.advance(max(0.0, timeout))
        return None


def seg(
    duration: float | None = 10.0, kind: SegmentKind = K.HOLD, step: int = 1, title: str = "Step"
) -> Segment:
    return Segment(kind, duration, step, 3, title)


def play(
    segments: Sequence[Segment],
    script: Iterable[tuple[float, Key]] = (),
    *,
    eof: bool = False,
    tick: float | None = None,
) -> tuple[SessionResult, Recorder, ScriptedKeys]:
    clock = FakeClock()
    keys = ScriptedKeys(clock, script, eof=eof)
    recorder = Recorder()
    result = Engine(segments, clock, keys, [recorder], tick=tick).run()
    return result, recorder, keys


def bundled(name: str, lead_in: float = 5.0) -> Timeline:
    library = Library(default_dirs())
    _steps, timeline = compile_routine(library, library.get(name), lead_in)
    return timeline


# -- whole routines -------------------------------------------------------------------


def test_ten_minute_routine_plays_in_milliseconds() -> None:
    timeline = bundled("change-positions")
    assert timeline.planned_seconds >= 600
    assert timeline.self_paced_count == 0
    began = time.perf_counter()
    result, rec, keys = play(timeline.segments, tick=0.25)
    assert time.perf_counter() - began < 1.0
    assert result.status is EndStatus.FINISHED
    assert result.elapsed == pytest.approx(timeline.planned_seconds)
    assert result.active == pytest.approx(timeline.planned_seconds)
    assert result.planned == timeline.planned_seconds
    assert result.done == result.segment_count == len(timeline.segments)
    assert result.skipped == 0
    assert [s[0] for s in rec.starts()] == list(range(len(timeline.segments)))
    assert [s[1] for s in rec.starts()] == pytest.approx(timeline.offsets())
    assert rec.kinds()[0] is E.SESSION_START
    assert rec.kinds()[-1] is E.FINISH
    assert len(rec.of(E.SEGMENT_END)) == len(timeline.segments)
    # One wait per redraw tick, and no more.
    assert keys.waits == pytest.approx(timeline.planned_seconds / 0.25, abs=2)


def test_routine_with_waits_acknowledged_by_enter() -> None:
    timeline = bundled("acute-relief")
    assert timeline.planned_seconds >= 600
    offsets = timeline.offsets()
    waits = [i for i, s in enumerate(timeline.segments) if s.self_paced]
    assert len(waits) == 3
    # Each wait is acknowledged 2 s after it starts; every wait before it pushed it 2 s later.
    script = [(offsets[i] + 2.0 * (n + 1), Key.ENTER) for n, i in enumerate(waits)]
    result, rec, _keys = play(timeline.segments, script)
    assert result.status is EndStatus.FINISHED
    assert len(rec.of(E.REP)) == 3
    assert [e.snapshot.index for e in rec.of(E.REP)] == waits
    assert result.done == len(timeline.segments)
    assert result.elapsed == pytest.approx(timeline.planned_seconds + 6.0)
    assert rec.of(E.FINISH)[0].planned == pytest.approx(timeline.planned_seconds + 6.0)


# -- absolute deadlines ---------------------------------------------------------------


def test_segment_start_planned_is_the_sum_of_previous_durations() -> None:
    durations = [5.0, 2.5, 0.25, 30.0, 7.75, 1.0]
    kinds = [K.GET_READY, K.INHALE, K.EXHALE, K.HOLD, K.REST, K.RELAX]
    result, rec, _keys = play([seg(d, k) for d, k in zip(durations, kinds, strict=True)])
    sums = [sum(durations[:i]) for i in range(len(durations))]
    assert [s[2] for s in rec.starts()] == sums
    assert [s[1] for s in rec.starts()] == sums
    assert [e.planned for e in rec.of(E.SEGMENT_END)] == [sum(durations[: i + 1]) for i in range(6)]
    assert result.elapsed == sum(durations)


def test_overshooting_waits_do_not_accumulate_lateness() -> None:
    # Short breath phases and longer holds with countdowns: many wakes per segment.
    segments = [seg(1.5, K.INHALE) if i % 2 else seg(7.0, K.HOLD) for i in range(100)]
    clock = FakeClock()
    keys = OvershootKeys(clock, late=0.007)
    rec = Recorder()
    result = Engine(segments, clock, keys, [rec], tick=None).run()
    starts = rec.starts()
    assert len(starts) == 100
    planned = 0.0
    for index, (at_index, t, plan) in enumerate(starts):
        assert at_index == index
        assert plan == pytest.approx(planned)
        assert 0.0 <= t - plan <= 0.007 + 1e-9
        planned += segments[index].duration or 0.0
    finish = rec.of(E.FINISH)[0]
    assert finish.planned == pytest.approx(planned)
    assert 0.0 <= finish.t - finish.planned <= 0.007 + 1e-9
    # Sleeping segment by segment would be 100 * 7 ms = 0.7 s late by now.
    assert result.elapsed - result.planned < 0.01


def test_late_wake_shortens_the_next_segment_instead_of_delaying_the_rest() -> None:
    clock = FakeClock()
    rec = Recorder()
    keys = JumpKeys(clock, first_wake=12.0)  # segment 0 was due to end at 10
    Engine([seg(10.0), seg(10.0), seg(10.0)], clock, keys, [rec], tick=None).run()
    assert rec.starts() == [(0, 0.0, 0.0), (1, 12.0, 10.0), (2, 20.0, 20.0)]
    assert rec.of(E.FINISH)[0].t == 30.0


# -- pause and resume -----------------------------------------------------------------


def test_pause_shifts_deadlines_by_exactly_the_paused_time() -> None:
    script = [(10.0, Key.PAUSE), (25.0, Key.PAUSE)]
    result, rec, _keys = play([seg(30.0), seg(20.0)], script)
    assert rec.kinds() == [
        E.SESSION_START,
        E.SEGMENT_START,
        E.PAUSE,
        E.RESUME,
        E.COUNTDOWN,
        E.COUNTDOWN,
        E.COUNTDOWN,
        E.COUNTDOWN,
        E.SEGMENT_END,
        E.SEGMENT_START,
        E.COUNTDOWN,
        E.COUNTDOWN,
        E.COUNTDOWN,
        E.COUNTDOWN,
        E.SEGMENT_END,
        E.FINISH,
    ]
    pause, resume = rec.of(E.PAUSE)[0], rec.of(E.RESUME)[0]
    assert (pause.t, pause.planned, pause.snapshot.paused) == (10.0, 10.0, True)
    assert (resume.t, resume.planned, resume.snapshot.paused) == (25.0, 10.0, False)
    assert resume.snapshot.paused_total == 15.0
    # Segment 0 was due at 30; 15 s paused moves it to 45, planned stays 30.
    assert rec.of(E.SEGMENT_END)[0].t == 45.0
    assert rec.starts() == [(0, 0.0, 0.0), (1, 45.0, 30.0)]
    finish = rec.of(E.FINISH)[0]
    assert (finish.t, finish.planned) == (65.0, 50.0)
    assert (result.elapsed, result.active, result.planned) == (65.0, 50.0, 50.0)


def test_countdown_after_a_pause_keeps_its_planned_time() -> None:
    script = [(15.0, Key.PAUSE), (115.0, Key.PAUSE)]
    _result, rec, _keys = play([seg(20.0)], script)
    counts = [(e.remaining, e.t, e.planned) for e in rec.of(E.COUNTDOWN)]
    assert counts == [(10, 10.0, 10.0), (3, 117.0, 17.0), (2, 118.0, 18.0), (1, 119.0, 19.0)]


def test_events_during_a_pause_are_planned_at_the_moment_it_began() -> None:
    # Skip, back and quit while paused: the pause so far is left out of `planned`.
    script = [(10.0, Key.PAUSE), (40.0, Key.NEXT_PART), (50.0, Key.BACK_PART), (60.0, Key.QUIT)]
    result, rec, _keys = play([seg(30.0), seg(30.0)], script)
    planned = [(e.kind, e.t, e.planned) for e in rec.events]
    assert planned == [
        (E.SESSION_START, 0.0, 0.0),
        (E.SEGMENT_START, 0.0, 0.0),
        (E.PAUSE, 10.0, 10.0),
        (E.SKIP, 40.0, 10.0),
        (E.SEGMENT_START, 40.0, 10.0),
        (E.BACK, 50.0, 10.0),
        (E.SEGMENT_START, 50.0, 10.0),
        (E.QUIT, 60.0, 10.0),
    ]
    for event in rec.events:
        assert event.t - event.snapshot.paused_total - event.planned == pytest.approx(0.0)
    assert result.status is EndStatus.STOPPED
    assert (result.elapsed, result.active) == (60.0, 10.0)


def test_skip_while_paused_stays_paused_on_the_next_segment() -> None:
    script = [(5.0, Key.PAUSE), (8.0, Key.NEXT_PART), (20.0, Key.PAUSE)]
    result, rec, _keys = play([seg(10.0), seg(10.0)], script)
    assert rec.of(E.SEGMENT_START)[1].snapshot.paused
    assert rec.of(E.RESUME)[0].t == 20.0
    # Segment 1 began at 8 (paused), ran from 20: ends at 30.
    assert rec.of(E.FINISH)[0].t == 30.0
    assert (result.elapsed, result.active, result.skipped, result.done) == (30.0, 15.0, 1, 1)


# -- skip, back, quit -----------------------------------------------------------------


def test_skip_starts_the_next_segment_at_the_key_time() -> None:
    result, rec, _keys = play([seg(30.0), seg(20.0), seg(10.0)], [(5.0, Key.NEXT_PART)])
    skip = rec.of(E.SKIP)[0]
    assert (skip.t, skip.snapshot.index, skip.snapshot.skipped) == (5.0, 0, 1)
    assert rec.starts() == [(0, 0.0, 0.0), (1, 5.0, 5.0), (2, 25.0, 25.0)]
    assert [e.snapshot.index for e in rec.of(E.SEGMENT_END)] == [1, 2]
    assert result.status is EndStatus.FINISHED
    assert (result.skipped, result.done, result.elapsed, result.planned) == (1, 2, 35.0, 60.0)


def test_skipping_the_last_segment_finishes() -> None:
    result, rec, _keys = play([seg(10.0), seg(10.0)], [(12.0, Key.NEXT_PART)])
    assert rec.kinds()[-2:] == [E.SKIP, E.FINISH]
    assert rec.of(E.FINISH)[0].t == 12.0
    assert result.status is EndStatus.FINISHED
    assert (result.done, result.skipped, result.elapsed) == (1, 1, 12.0)


def test_back_restarts_the_current_segment() -> None:
    result, rec, _keys = play([seg(10.0), seg(10.0)], [(14.0, Key.BACK_PART)])
    back = rec.of(E.BACK)[0]
    assert (back.t, back.detail, back.snapshot.index) == (14.0, "restart", 1)
    assert rec.starts() == [(0, 0.0, 0.0), (1, 10.0, 10.0), (1, 14.0, 14.0)]
    assert rec.of(E.FINISH)[0].t == 24.0
    assert (result.done, result.skipped) == (2, 0)


def test_a_second_back_within_the_grace_goes_back_one_segment() -> None:
    script = [(14.0, Key.BACK_PART), (14.0 + BACK_GRACE - 0.5, Key.BACK_PART)]
    _result, rec, _keys = play([seg(10.0), seg(10.0)], script)
    assert [e.detail for e in rec.of(E.BACK)] == ["restart", "previous"]
    assert rec.starts() == [
        (0, 0.0, 0.0),
        (1, 10.0, 10.0),
        (1, 14.0, 14.0),
        (0, 15.5, 15.5),
        (1, 25.5, 25.5),
    ]
    assert rec.of(E.FINISH)[0].t == 35.5


def test_backs_further_apart_than_the_grace_each_restart() -> None:
    script = [(14.0, Key.BACK_PART), (14.0 + BACK_GRACE + 0.5, Key.BACK_PART)]
    _result, rec, _keys = play([seg(10.0), seg(10.0)], script)
    assert [e.detail for e in rec.of(E.BACK)] == ["restart", "restart"]
    assert [s[0] for s in rec.starts()] == [0, 1, 1, 1]


def test_a_third_quick_back_restarts_again() -> None:
    script = [(24.0, Key.BACK_PART), (24.5, Key.BACK_PART), (25.0, Key.BACK_PART)]
    _result, rec, _keys = play([seg(10.0), seg(10.0), seg(10.0)], script)
    assert [e.detail for e in rec.of(E.BACK)] == ["restart", "previous", "restart"]
    assert [s[0] for s in rec.starts()] == [0, 1, 2, 2, 1, 1, 2]


def test_quick_backs_on_the_first_segment_restart_it() -> None:
    _result, rec, _keys = play([seg(10.0)], [(3.0, Key.BACK_PART), (4.0, Key.BACK_PART)])
    assert [e.detail for e in rec.of(E.BACK)] == ["restart", "restart"]
    assert rec.starts() == [(0, 0.0, 0.0), (0, 3.0, 3.0), (0, 4.0, 4.0)]
    assert rec.of(E.FINISH)[0].t == 14.0


def test_back_restarts_the_countdown() -> None:
    _result, rec, _keys = play([seg(10.0)], [(8.5, Key.BACK_PART)])
    assert [(e.remaining, e.t) for e in rec.of(E.COUNTDOWN)] == [
        (3, 7.0),
        (2, 8.0),
        (3, 15.5),
        (2, 16.5),
        (1, 17.5),
    ]


def test_quit_stops_the_session() -> None:
    result, rec, _keys = play([seg(30.0), seg(30.0)], [(42.0, Key.QUIT)])
    assert rec.kinds()[-1] is E.QUIT
    assert E.FINISH not in rec.kinds()
    quit_ = rec.of(E.QUIT)[0]
    assert (quit_.t, quit_.snapshot.index, quit_.snapshot.done) == (42.0, 1, 1)
    assert result.status is EndStatus.STOPPED
    assert (result.elapsed, result.active, result.done, result.skipped) == (42.0, 42.0, 1, 0)
    assert result.planned == 60.0


# -- self-paced reps and waits --------------------------------------------------------


def test_enter_counts_self_paced_reps_and_waits() -> None:
    segments = [seg(None, K.REP), seg(None, K.REP), seg(None, K.WAIT), seg(5.0)]
    script = [(2.0, Key.ENTER), (3.5, Key.ENTER), (10.0, Key.ENTER)]
    result, rec, _keys = play(segments, script)
    reps = rec.of(E.REP)
    assert [(e.t, e.snapshot.index, e.segment.kind if e.segment else None) for e in reps] == [
        (2.0, 0, K.REP),
        (3.5, 1, K.REP),
        (10.0, 2, K.WAIT),
    ]
    assert [e.snapshot.done for e in reps] == [1, 2, 3]
    assert rec.starts() == [(0, 0.0, 0.0), (1, 2.0, 2.0), (2, 3.5, 3.5), (3, 10.0, 10.0)]
    # An acknowledged segment is counted by REP, not by SEGMENT_END.
    assert [e.snapshot.index for e in rec.of(E.SEGMENT_END)] == [3]
    assert (result.done, result.elapsed, result.planned) == (4, 15.0, 5.0)


def test_space_during_a_self_paced_rep_counts_it() -> None:
    result, rec, _keys = play([seg(None, K.REP), seg(5.0)], [(2.0, Key.PAUSE)])
    assert E.PAUSE not in rec.kinds()
    assert rec.of(E.REP)[0].t == 2.0
    assert (result.done, result.elapsed) == (2, 7.0)


def test_enter_on_a_timed_segment_does_nothing() -> None:
    result, rec, _keys = play([seg(10.0), seg(5.0)], [(3.0, Key.ENTER)])
    assert E.REP not in rec.kinds()
    assert rec.starts() == [(0, 0.0, 0.0), (1, 10.0, 10.0)]
    assert (result.done, result.elapsed) == (2, 15.0)


def test_enter_while_paused_does_nothing() -> None:
    script = [(2.0, Key.PAUSE), (3.0, Key.ENTER), (4.0, Key.NEXT_PART), (5.0, Key.ENTER)]
    # Paused on the hold, skip to the rep (still paused): Enter is ignored until resumed.
    _result, rec, _keys = play([seg(10.0), seg(None, K.REP)], script + [(6.0, Key.PAUSE)], eof=True)
    assert E.REP not in rec.kinds()
    assert rec.of(E.RESUME)[0].t == 6.0


# -- end of input ---------------------------------------------------------------------


def test_end_of_input_runs_self_paced_segments_for_three_seconds() -> None:
    segments = [seg(5.0), seg(None, K.REP), seg(None, K.REP), seg(None, K.WAIT), seg(2.0)]
    result, rec, _keys = play(segments, eof=True)
    ended = rec.of(E.INPUT_ENDED)
    assert len(ended) == 1
    assert ended[0].t == 0.0
    assert "3 seconds" in ended[0].detail
    assert rec.starts() == [
        (0, 0.0, 0.0),
        (1, 5.0, 5.0),
        (2, 8.0, 8.0),
        (3, 11.0, 11.0),
        (4, 14.0, 14.0),
    ]
    assert E.REP not in rec.kinds()
    assert len(rec.of(E.SEGMENT_END)) == 5
    assert result.status is EndStatus.FINISHED
    assert (result.done, result.elapsed) == (5, 16.0)


def test_end_of_input_is_reported_once() -> None:
    clock = FakeClock()
    keys = EofKeys(clock)
    rec = Recorder()
    result = Engine([seg(None, K.REP), seg(None, K.WAIT)], clock, keys, [rec], tick=None).run()
    assert len(rec.of(E.INPUT_ENDED)) == 1
    assert result.elapsed == 6.0


def test_end_of_input_during_a_long_wait_gives_it_the_fallback_from_then() -> None:
    _result, rec, _keys = play([seg(None, K.WAIT), seg(1.0)], [(10.0, Key.EOF)])
    assert rec.starts() == [(0, 0.0, 0.0), (1, 13.0, 13.0)]


def test_end_of_input_early_in_a_wait_ends_it_three_seconds_after_it_began() -> None:
    _result, rec, _keys = play([seg(None, K.WAIT), seg(1.0)], [(1.0, Key.EOF)])
    assert rec.starts() == [(0, 0.0, 0.0), (1, 3.0, 3.0)]


def test_a_custom_fallback() -> None:
    clock = FakeClock()
    keys = ScriptedKeys(clock, eof=True)
    rec = Recorder()
    segments = [seg(None, K.REP), seg(None, K.WAIT)]
    result = Engine(segments, clock, keys, [rec], tick=None, self_paced_fallback=7.0).run()
    assert result.elapsed == 14.0
    assert "7 seconds" in rec.of(E.INPUT_ENDED)[0].detail
    # A 7 s self-paced rep now counts down like a timed one; a wait does not.
    assert [e.remaining for e in rec.of(E.COUNTDOWN)] == [3, 2, 1]


def test_end_of_input_while_paused_resumes() -> None:
    result, rec, _keys = play([seg(10.0)], [(2.0, Key.PAUSE), (5.0, Key.EOF)])
    assert rec.kinds()[:6] == [
        E.SESSION_START,
        E.SEGMENT_START,
        E.PAUSE,
        E.RESUME,
        E.INPUT_ENDED,
        E.COUNTDOWN,
    ]
    assert rec.of(E.RESUME)[0].t == 5.0
    assert (result.elapsed, result.active) == (13.0, 10.0)


def test_keys_after_end_of_input_still_work() -> None:
    # Scripted: EOF then q (a terminal cannot do this, but nothing should break).
    result, _rec, _keys = play([seg(None, K.REP), seg(10.0)], [(1.0, Key.EOF), (2.0, Key.QUIT)])
    assert result.status is EndStatus.STOPPED


# -- countdown announcements ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "duration", "marks"),
    [
        (K.HOLD, 20.0, [10, 3, 2, 1]),
        (K.HOLD, 60.0, [10, 3, 2, 1]),
        (K.HOLD, 19.9, [3, 2, 1]),
        (K.HOLD, 6.0, [3, 2, 1]),
        (K.HOLD, 5.9, []),
        (K.REST, 20.0, [10, 3, 2, 1]),
        (K.REST, 6.0, [3, 2, 1]),
        (K.GET_READY, 10.0, [3, 2, 1]),
        (K.GET_READY, 5.0, []),
        (K.REP, 8.0, [3, 2, 1]),
        (K.RELAX, 30.0, []),
        (K.INHALE, 30.0, []),
        (K.EXHALE, 10.0, []),
        (K.HOLD_IN, 10.0, []),
        (K.HOLD_OUT, 10.0, []),
    ],
)
def test_countdown_marks(kind: SegmentKind, duration: float, marks: list[int]) -> None:
    _result, rec, _keys = play([seg(duration, kind)], tick=0.25)
    counts = rec.of(E.COUNTDOWN)
    assert [e.remaining for e in counts] == marks
    for event in counts:
        assert event.remaining is not None
        assert event.t == pytest.approx(duration - event.remaining)
        assert event.planned == pytest.approx(duration - event.remaining)


def test_no_countdown_for_waits_or_self_paced_reps() -> None:
    script = [(30.0, Key.ENTER), (60.0, Key.ENTER)]
    _result, rec, _keys = play([seg(None, K.WAIT), seg(None, K.REP)], script, tick=0.25)
    assert rec.of(E.COUNTDOWN) == []


def test_woken_late_announces_only_the_latest_mark() -> None:
    clock = FakeClock()
    rec = Recorder()
    Engine([seg(20.0)], clock, JumpKeys(clock, first_wake=19.5), [rec], tick=None).run()
    counts = rec.of(E.COUNTDOWN)
    assert [(e.remaining, e.t, e.planned) for e in counts] == [(1, 19.5, 19.0)]


def test_woken_past_the_deadline_announces_nothing() -> None:
    clock = FakeClock()
    rec = Recorder()
    keys = JumpKeys(clock, first_wake=45.0)
    Engine([seg(20.0), seg(20.0), seg(20.0)], clock, keys, [rec], tick=None).run()
    # Segment 0 ends late at 45, segment 1 (due at 40) ends at once, segment 2 is on time.
    assert rec.starts() == [(0, 0.0, 0.0), (1, 45.0, 20.0), (2, 45.0, 40.0)]
    counts = rec.of(E.COUNTDOWN)
    assert [(e.remaining, e.t) for e in counts] == [(10, 50.0), (3, 57.0), (2, 58.0), (1, 59.0)]
    assert all(e.snapshot.index == 2 for e in counts)


def test_woken_a_little_late_still_announces_each_mark_once() -> None:
    clock = FakeClock()
    rec = Recorder()
    Engine([seg(20.0)], clock, OvershootKeys(clock, late=0.3), [rec], tick=None).run()
    counts = rec.of(E.COUNTDOWN)
    assert [e.remaining for e in counts] == [10, 3, 2, 1]
    assert [e.t - e.planned for e in counts] == pytest.approx([0.3] * 4)


# -- ticks and waiting ----------------------------------------------------------------


def test_ticks_at_the_tick_interval() -> None:
    _result, rec, _keys = play([seg(3.0, K.INHALE)], tick=0.25)
    ticks = [e.t for e in rec.of(E.TICK)]
    # No tick at 3.0: the segment ends then, and its end redraws anyway.
    assert ticks == pytest.approx([0.25 * k for k in range(1, 12)])
    assert all(e.segment is not None for e in rec.of(E.TICK))


def test_ticks_go_on_while_paused() -> None:
    script = [(1.0, Key.PAUSE), (2.0, Key.PAUSE)]
    _result, rec, _keys = play([seg(2.0, K.INHALE)], script, tick=0.5)
    ticks = rec.of(E.TICK)
    # Resuming at 2.0 puts the ticks back on the segment's own beat (it
    # started at 0, paused 1 s): 2.5; the resume itself redraws at 2.0, and
    # the end at 3.0 needs no tick.
    assert [e.t for e in ticks] == pytest.approx([0.5, 1.0, 1.5, 2.5])
    assert [e.snapshot.paused for e in ticks] == [False, True, True, False]


def test_no_ticks_when_tick_is_none() -> None:
    _result, rec, _keys = play([seg(30.0), seg(None, K.REP)], [(35.0, Key.ENTER)])
    assert rec.of(E.TICK) == []


def test_a_late_wake_drops_missed_ticks_without_a_burst() -> None:
    clock = FakeClock()
    rec = Recorder()
    Engine([seg(3.0, K.INHALE)], clock, JumpKeys(clock, first_wake=1.1), [rec], tick=0.25).run()
    ticks = [e.t for e in rec.of(E.TICK)]
    assert ticks == pytest.approx([1.1, 1.35, 1.6, 1.85, 2.1, 2.35, 2.6, 2.85])


def test_no_busy_wait_without_ticks() -> None:
    _result, _rec, keys = play([seg(60.0)])
    # Woken for the 10 s and 3-2-1 marks and the deadline: a handful of waits.
    assert keys.waits <= 6


def test_no_busy_wait_with_ticks() -> None:
    _result, rec, keys = play([seg(60.0)], tick=0.25)
    assert 235 <= keys.waits <= 245
    assert len(rec.of(E.TICK)) == pytest.approx(240, abs=2)


def test_no_busy_wait_while_paused_or_waiting_for_enter() -> None:
    script = [(1.0, Key.PAUSE), (500.0, Key.PAUSE), (501.0, Key.NEXT_PART), (900.0, Key.ENTER)]
    _result, _rec, keys = play([seg(None, K.REP), seg(None, K.WAIT)], script)
    assert keys.waits <= len(script) + 1


# -- interrupts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        (KeyboardInterrupt(), "SIGINT"),
        (Interrupted("SIGTERM"), "SIGTERM"),
        (Interrupted("SIGHUP"), "SIGHUP"),
    ],
)
def test_interrupt_from_the_input_is_reported_and_propagates(
    error: BaseException, detail: str
) -> None:
    clock = FakeClock()
    rec = Recorder()
    engine = Engine([seg(30.0), seg(30.0)], clock, RaisingKeys(clock, error, on=3), [rec])
    with pytest.raises(type(error)):
        engine.run()
    assert rec.kinds()[-1] is E.INTERRUPT
    assert len(rec.of(E.INTERRUPT)) == 1
    interrupt = rec.of(E.INTERRUPT)[0]
    assert interrupt.detail == detail
    assert interrupt.t == pytest.approx(0.5)  # two 0.25 s ticks went by
    assert E.FINISH not in rec.kinds()


def test_interrupt_while_drawing_the_first_segment_is_reported() -> None:
    class InterruptOnFirstSegment(Recorder):
        def handle(self, event: Event) -> None:
            super().handle(event)
            if event.kind is E.SEGMENT_START:
                raise KeyboardInterrupt

    clock = FakeClock()
    rec = InterruptOnFirstSegment()
    with pytest.raises(KeyboardInterrupt):
        Engine([seg(10.0)], clock, ScriptedKeys(clock), [rec]).run()
    assert rec.kinds() == [E.SESSION_START, E.SEGMENT_START, E.INTERRUPT]


def test_other_errors_propagate_without_an_interrupt_event() -> None:
    clock = FakeClock()
    rec = Recorder()
    engine = Engine([seg(10.0)], clock, RaisingKeys(clock, RuntimeError("boom"), on=1), [rec])
    with pytest.raises(RuntimeError):
        engine.run()
    assert E.INTERRUPT not in rec.kinds()


# -- edges and results ----------------------------------------------------------------


def test_empty_timeline_finishes_at_once() -> None:
    result, rec, keys = play([], tick=0.25)
    assert rec.kinds(ticks=True) == [E.SESSION_START, E.FINISH]
    assert keys.waits == 0
    assert result == SessionResult(
        status=EndStatus.FINISHED,
        elapsed=0.0,
        active=0.0,
        planned=0.0,
        done=0,
        skipped=0,
        segment_count=0,
    )


def test_session_result_fields() -> None:
    segments = [seg(10.0), seg(None, K.REP), seg(10.0), seg(10.0)]
    script = [
        (2.0, Key.PAUSE),
        (5.0, Key.PAUSE),  # 3 s paused: segment 0 ends at 13
        (20.0, Key.ENTER),  # the rep, 7 s after it began
        (25.0, Key.NEXT_PART),  # skip segment 2 halfway
    ]
    result, rec, _keys = play(segments, script)
    assert result == SessionResult(
        status=EndStatus.FINISHED,
        elapsed=35.0,
        active=32.0,
        planned=30.0,
        done=3,
        skipped=1,
        segment_count=4,
    )
    finish = rec.of(E.FINISH)[0]
    assert (finish.snapshot.done, finish.snapshot.skipped) == (3, 1)
    assert finish.snapshot.paused_total == 3.0
    assert finish.t - finish.snapshot.paused_total == result.active


def test_snapshots_carry_the_remaining_times() -> None:
    _result, rec, _keys = play([seg(10.0), seg(None, K.REP), seg(20.0)], [(15.0, Key.ENTER)])
    first, second, third = (e.snapshot for e in rec.of(E.SEGMENT_START))
    assert (first.segment_remaining, first.routine_remaining) == (10.0, 30.0)
    assert (second.segment_remaining, second.routine_remaining) == (None, 20.0)
    assert (third.segment_remaining, third.routine_remaining) == (20.0, 20.0)
    assert (third.index, third.segment_count, third.done) == (2, 3, 2)
    countdown = rec.of(E.COUNTDOWN)[0].snapshot
    assert (countdown.segment_elapsed, countdown.segment_remaining) == (7.0, 3.0)


def test_events_carry_their_segment() -> None:
    segments = [seg(6.0, K.GET_READY, step=0), seg(6.0, K.HOLD, step=1, title="Knee hug")]
    _result, rec, _keys = play(segments)
    starts = rec.of(E.SEGMENT_START)
    assert [e.segment for e in starts] == segments
    assert rec.of(E.FINISH)[0].segment == segments[-1]
    assert all(e.segment is segments[1] for e in rec.of(E.COUNTDOWN)[3:])


# -- suspend (Ctrl-Z) -------------------------------------------------------------------


class SuspendingKeys(ScriptedKeys):
    """Simulates Ctrl-Z at the 3-2-1 wake-up (t=7 s): stopped for 20 s inside one wait."""

    def __init__(self, clock: FakeClock, engine_box: list[Engine]) -> None:
        super().__init__(clock, [(30.0, Key.PAUSE)])
        self.engine_box = engine_box
        self.suspended = False

    def wait(self, timeout: float) -> Key | None:
        if not self.suspended and self.clock.now() - self.start >= 7.0:
            self.suspended = True
            self.engine_box[0].request_pause(self.clock.now())  # what the SIGTSTP handler does
            self.clock.advance(20.0)  # stopped: the engine cannot run
            return None
        return super().wait(timeout)


def test_a_suspended_session_pauses_from_the_moment_it_stopped() -> None:
    clock = FakeClock()
    box: list[Engine] = []
    keys = SuspendingKeys(clock, box)
    recorder = Recorder()
    engine = Engine([seg(10.0), seg(10.0)], clock, keys, [recorder], tick=None)
    box.append(engine)
    result = engine.run()
    pause = next(e for e in recorder.events if e.kind is EventKind.PAUSE)
    assert pause.detail == "suspended"
    assert pause.planned == pytest.approx(7.0)
    # No segment ran out while the process was stopped: the first one ends
    # 3 s after the resume key at t=30, not the moment the process woke.
    ends = [e for e in recorder.events if e.kind is EventKind.SEGMENT_END]
    assert ends[0].t == pytest.approx(33.0)
    assert ends[0].planned == pytest.approx(10.0)
    assert result.active == pytest.approx(20.0)


def test_tick_for_sets_the_beat_per_segment() -> None:
    clock = FakeClock()
    rec = Recorder()

    def beat(segment: Segment) -> float | None:
        return 0.5 if segment.kind is K.INHALE else 1.0

    Engine([seg(3.0), seg(1.0, K.INHALE)], clock, ScriptedKeys(clock), [rec], tick_for=beat).run()
    ticks = [e.t for e in rec.of(E.TICK)]
    # Once a second on the hold (on its whole seconds), twice a second on the breath.
    assert ticks == pytest.approx([1.0, 2.0, 3.5])


def test_piped_enters_are_kept_for_the_next_self_paced_steps() -> None:
    clock = FakeClock()
    rec = Recorder()
    # Two empty lines arrive at once during the first hold, then the input ends.
    keys = ScriptedKeys(clock, [(0.1, Key.ENTER), (0.1, Key.ENTER)], eof=True)
    segments = [seg(5.0), seg(None, K.REP), seg(None, K.REP), seg(None, K.REP)]
    result = Engine(segments, clock, keys, [rec], tick=None, bank_enters=True).run()
    reps = rec.of(E.REP)
    # The first two reps are answered by the lines at once; the third, after
    # the input ended, runs the 3 s fallback.
    assert [e.t for e in reps] == pytest.approx([5.0, 5.0])
    assert [e.detail for e in reps] == ["typed ahead", "typed ahead"]
    assert result.elapsed == pytest.approx(8.0)
    assert result.done == 4


def test_enters_during_a_hold_are_not_kept_at_a_keyboard() -> None:
    clock = FakeClock()
    rec = Recorder()
    keys = ScriptedKeys(clock, [(0.1, Key.ENTER), (7.0, Key.ENTER)])
    Engine([seg(5.0), seg(None, K.REP)], clock, keys, [rec], tick=None).run()
    assert [e.t for e in rec.of(E.REP)] == pytest.approx([7.0])
