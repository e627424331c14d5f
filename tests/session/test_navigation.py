"""Moving by exercise (n, b) and by part (N . B ,), on a fake clock: no test here sleeps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spasm_cli.app.catalog import compile_routine
from spasm_cli.format.library import Library, default_dirs
from spasm_cli.session.clock import FakeClock
from spasm_cli.session.engine import Engine, SessionResult
from spasm_cli.session.events import EndStatus, Event, EventKind
from spasm_cli.session.keys import Key, ScriptedKeys, parse_keys
from spasm_cli.session.navigation import BACK_GRACE, Steps
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.terminal.tally import StepTally

E = EventKind
K = SegmentKind

# Get-ready 5 s; step 1: three 10 s holds (0-based indexes 1-3); step 2: two
# 10 s holds (4-5); step 3: one 10 s hold (6).
ROUTINE = [
    Segment(K.GET_READY, 5.0, 0, 3, "One"),
    *(Segment(K.HOLD, 10.0, 1, 3, "One", set_no=n, set_count=3) for n in (1, 2, 3)),
    *(Segment(K.HOLD, 10.0, 2, 3, "Two", set_no=n, set_count=2) for n in (1, 2)),
    Segment(K.HOLD, 10.0, 3, 3, "Three"),
]


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind is kind]

    def starts(self) -> list[tuple[int, float]]:
        return [(e.snapshot.index, e.t) for e in self.of(E.SEGMENT_START)]


def play(
    script: Iterable[tuple[float, Key]], segments: Sequence[Segment] = ROUTINE
) -> tuple[SessionResult, Recorder, StepTally]:
    clock = FakeClock()
    recorder = Recorder()
    tally = StepTally(segments)
    keys = ScriptedKeys(clock, script, eof=True)
    result = Engine(segments, clock, keys, [recorder, tally], tick=None).run()
    return result, recorder, tally


# -- the keys -------------------------------------------------------------------------


def test_the_letters_and_arrows() -> None:
    assert parse_keys("n\x1b[CN.b\x1b[DB,") == [
        Key.NEXT,
        Key.NEXT,
        Key.NEXT_PART,
        Key.NEXT_PART,
        Key.BACK,
        Key.BACK,
        Key.BACK_PART,
        Key.BACK_PART,
    ]


# -- n: the next exercise -------------------------------------------------------------


def test_n_skips_the_rest_of_the_exercise() -> None:
    # 17 s: step 1's second hold (index 2): on to step 2 at once.
    result, rec, tally = play([(17.0, Key.NEXT)])
    skip = rec.of(E.SKIP)[0]
    assert (skip.t, skip.detail, skip.snapshot.index) == (17.0, "exercise", 2)
    assert skip.segment is not None and skip.segment.step_index == 1
    assert rec.starts() == [(0, 0.0), (1, 5.0), (2, 15.0), (4, 17.0), (5, 27.0), (6, 37.0)]
    # The engine counts parts (the two left of step 1); a person, one exercise.
    assert (result.done, result.skipped) == (5, 2)
    assert (tally.done, tally.skipped, tally.total) == (2, 1, 3)
    assert result.elapsed == 47.0


def test_n_during_the_get_ready_starts_the_first_exercise() -> None:
    result, rec, tally = play([(1.0, Key.NEXT)])
    assert rec.starts()[:2] == [(0, 0.0), (1, 1.0)]
    assert rec.of(E.SKIP)[0].snapshot.skipped == 1
    assert (tally.done, tally.skipped) == (3, 0)
    assert result.status is EndStatus.FINISHED


def test_n_on_the_last_exercise_finishes() -> None:
    result, rec, tally = play([(60.0, Key.NEXT)])
    assert [e.kind for e in rec.events][-2:] == [E.SKIP, E.FINISH]
    assert rec.of(E.FINISH)[0].t == 60.0
    assert result.status is EndStatus.FINISHED
    assert (tally.done, tally.skipped) == (2, 1)


def test_n_pressed_once_per_exercise_leaves_every_one() -> None:
    result, rec, tally = play([(6.0, Key.NEXT), (7.0, Key.NEXT), (8.0, Key.NEXT)])
    assert [i for i, _t in rec.starts()] == [0, 1, 4, 6]
    assert result.elapsed == 8.0
    assert (tally.done, tally.skipped, tally.total) == (0, 3, 3)


def test_n_while_paused_stays_paused_on_the_next_exercise() -> None:
    script = [(7.0, Key.PAUSE), (9.0, Key.NEXT), (30.0, Key.PAUSE)]
    result, rec, _tally = play(script)
    start = rec.of(E.SEGMENT_START)[2]
    assert (start.snapshot.index, start.snapshot.paused) == (4, True)
    assert rec.of(E.RESUME)[0].t == 30.0
    assert (result.elapsed, result.active) == (60.0, 60.0 - 23.0)


def test_n_leaves_a_breathing_exercise_in_one_press() -> None:
    library = Library(default_dirs([]))
    _steps, timeline = compile_routine(library, library.get("breathing"), 0.0)
    segments = timeline.segments
    breaths = [s for s in segments if s.step_index == 2]
    assert len(breaths) > 10  # many breaths, each in two to four parts
    # Enter ends "Lie down"; one n, 9 s into the breathing, ends the routine.
    result, rec, tally = play([(1.0, Key.ENTER), (10.0, Key.NEXT)], segments)
    assert [e.kind for e in rec.events][-2:] == [E.SKIP, E.FINISH]
    assert result.elapsed == 10.0
    assert (tally.done, tally.skipped, tally.total) == (1, 1, 2)


# -- N and .: one part ----------------------------------------------------------------


def test_capital_n_skips_one_part() -> None:
    result, rec, tally = play([(12.0, Key.NEXT_PART)])
    assert rec.of(E.SKIP)[0].detail == "part"
    assert rec.starts()[:4] == [(0, 0.0), (1, 5.0), (2, 12.0), (3, 22.0)]
    assert (result.done, result.skipped) == (6, 1)
    assert (tally.done, tally.skipped) == (2, 1)


# -- b: back by exercise --------------------------------------------------------------


def test_b_after_the_grace_restarts_the_exercise_from_its_first_part() -> None:
    # 22 s: step 1's second hold (index 2), 7 s into it.
    _result, rec, _tally = play([(22.0, Key.BACK)])
    back = rec.of(E.BACK)[0]
    assert (back.detail, back.snapshot.index) == ("restart exercise", 2)
    assert rec.starts()[:4] == [(0, 0.0), (1, 5.0), (2, 15.0), (1, 22.0)]


def test_b_on_the_first_part_after_the_grace_restarts_it() -> None:
    # Step 2 starts at 35 s; b three seconds in.
    _result, rec, _tally = play([(35.0 + BACK_GRACE + 1.0, Key.BACK)])
    back = rec.of(E.BACK)[0]
    assert back.detail == "restart exercise"
    assert rec.starts()[4:6] == [(4, 35.0), (4, 38.0)]


def test_b_at_the_start_of_an_exercise_goes_to_the_one_before() -> None:
    # Step 2 starts at 35 s; b one second in goes to step 1's first part.
    _result, rec, _tally = play([(36.0, Key.BACK)])
    back = rec.of(E.BACK)[0]
    assert (back.detail, back.snapshot.index) == ("previous exercise", 4)
    assert rec.starts()[5] == (1, 36.0)


def test_b_twice_goes_back_one_exercise() -> None:
    _result, rec, _tally = play([(50.0, Key.BACK), (50.5, Key.BACK)])
    assert [e.detail for e in rec.of(E.BACK)] == ["restart exercise", "previous exercise"]
    assert [i for i, _t in rec.starts()][6:8] == [4, 1]


def test_b_on_the_first_exercise_restarts_it_never_the_get_ready() -> None:
    _result, rec, _tally = play([(6.0, Key.BACK), (6.5, Key.BACK)])
    assert [e.detail for e in rec.of(E.BACK)] == ["restart exercise", "restart exercise"]
    assert rec.starts()[:4] == [(0, 0.0), (1, 5.0), (1, 6.0), (1, 6.5)]


def test_b_during_the_get_ready_restarts_it() -> None:
    _result, rec, _tally = play([(3.0, Key.BACK)])
    assert rec.starts()[:3] == [(0, 0.0), (0, 3.0), (1, 8.0)]


def test_b_while_paused_stays_paused_and_a_second_b_goes_back_further() -> None:
    # Paused 9 s into step 2; b restarts it (no time passes while paused),
    # so a second b, however late, is at its start: back to step 1.
    script = [(44.0, Key.PAUSE), (50.0, Key.BACK), (60.0, Key.BACK), (70.0, Key.PAUSE)]
    result, rec, _tally = play(script)
    assert [e.detail for e in rec.of(E.BACK)] == ["restart exercise", "previous exercise"]
    moved = [(e.snapshot.index, e.t, e.snapshot.paused) for e in rec.of(E.SEGMENT_START)]
    assert moved[5:8] == [(4, 50.0, True), (1, 60.0, True), (2, 80.0, False)]
    assert rec.of(E.RESUME)[0].t == 70.0
    assert result.status is EndStatus.FINISHED


# -- B and ,: back one part ------------------------------------------------------------


def test_capital_b_restarts_the_part_then_goes_back_one_part() -> None:
    _result, rec, _tally = play([(22.0, Key.BACK_PART), (22.5, Key.BACK_PART)])
    assert [e.detail for e in rec.of(E.BACK)] == ["restart", "previous"]
    assert [i for i, _t in rec.starts()][:5] == [0, 1, 2, 2, 1]


# -- the edges of exercises -----------------------------------------------------------


def test_steps_find_each_exercise() -> None:
    steps = Steps(ROUTINE)
    assert [steps.first(i) for i in range(7)] == [0, 1, 1, 1, 4, 4, 6]
    assert [steps.end(i) for i in range(7)] == [1, 4, 4, 4, 6, 6, 7]
    assert [steps.previous(i) for i in range(7)] == [None, None, None, None, 1, 1, 4]


def test_steps_without_a_get_ready() -> None:
    steps = Steps(ROUTINE[1:])
    assert steps.previous(0) is None
    assert steps.back_target(0, 0.0) == (0, "restart exercise")
    assert steps.back_target(3, 0.0) == (0, "previous exercise")
    assert steps.back_target(3, BACK_GRACE) == (3, "restart exercise")
    assert steps.back_target(4, 0.0) == (3, "restart exercise")
