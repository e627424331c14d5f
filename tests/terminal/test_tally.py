"""The end of a session counts exercises (steps), as a person does, not segments."""

from __future__ import annotations

from spasm_cli.session.clock import FakeClock
from spasm_cli.session.engine import Engine
from spasm_cli.session.keys import Key, ScriptedKeys
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.terminal.tally import StepTally, exercises_line

K = SegmentKind
SEGMENTS = [
    Segment(K.GET_READY, 5.0, 0, 3, "Knee hug"),
    Segment(K.HOLD, 20.0, 1, 3, "Knee hug", side="left"),
    Segment(K.REST, 10.0, 1, 3, "Knee hug"),
    Segment(K.HOLD, 20.0, 1, 3, "Knee hug", side="right"),
    Segment(K.REP, None, 2, 3, "Pelvic tilt", rep_no=1, rep_count=2),
    Segment(K.REP, None, 2, 3, "Pelvic tilt", rep_no=2, rep_count=2),
    Segment(K.HOLD, 30.0, 3, 3, "Child's pose"),
]


def play(script: list[tuple[float, Key]]) -> StepTally:
    clock = FakeClock()
    tally = StepTally(SEGMENTS)
    Engine(SEGMENTS, clock, ScriptedKeys(clock, script), [tally], tick=None).run()
    return tally


def test_a_whole_routine_is_every_exercise_done() -> None:
    tally = play([(60.0, Key.ENTER), (61.0, Key.ENTER)])
    assert (tally.done, tally.skipped, tally.total) == (3, 0, 3)


def test_a_skipped_rest_makes_its_exercise_skipped() -> None:
    tally = play([(30.0, Key.NEXT_PART), (60.0, Key.ENTER), (61.0, Key.ENTER)])
    assert (tally.done, tally.skipped, tally.total) == (2, 1, 3)


def test_n_skips_a_whole_exercise_once() -> None:
    # n during the first hold leaves Knee hug at once (its rest and right
    # side too): one exercise skipped, the other two done.
    tally = play([(10.0, Key.NEXT), (11.0, Key.ENTER), (12.0, Key.ENTER)])
    assert (tally.done, tally.skipped, tally.total) == (2, 1, 3)


def test_n_during_the_get_ready_skips_no_exercise() -> None:
    tally = play([(1.0, Key.NEXT), (60.0, Key.ENTER), (61.0, Key.ENTER)])
    assert (tally.done, tally.skipped, tally.total) == (3, 0, 3)


def test_an_exercise_skipped_then_done_after_going_back_counts_done() -> None:
    # n at 10 s skips Knee hug; b b (at the tilts' start) goes back to it,
    # and it then runs to its end: done, not skipped.
    script = [(10.0, Key.NEXT), (10.5, Key.BACK), (70.0, Key.ENTER), (71.0, Key.ENTER)]
    tally = play(script)
    assert (tally.done, tally.skipped, tally.total) == (3, 0, 3)


def test_stopping_counts_only_exercises_whose_last_part_ended() -> None:
    # Knee hug ends at 55 s; the tilts are counted with Enter; q during the pose.
    tally = play([(60.0, Key.ENTER), (61.0, Key.ENTER), (70.0, Key.QUIT)])
    assert (tally.done, tally.skipped) == (2, 0)
    tally = play([(10.0, Key.QUIT)])  # during the first hold
    assert (tally.done, tally.skipped) == (0, 0)


BREATHS = [
    Segment(K.GET_READY, 5.0, 0, 2, "Belly breathing"),
    Segment(K.INHALE, 4.0, 1, 2, "Belly breathing", cycle_no=1, cycle_count=2),
    Segment(K.EXHALE, 6.0, 1, 2, "Belly breathing", cycle_no=1, cycle_count=2),
    Segment(K.INHALE, 4.0, 1, 2, "Belly breathing", cycle_no=2, cycle_count=2),
    Segment(K.EXHALE, 6.0, 1, 2, "Belly breathing", cycle_no=2, cycle_count=2),
    Segment(K.REP, 2.0, 2, 2, "Tilt", rep_no=1, rep_count=2),
    Segment(K.REP, 2.0, 2, 2, "Tilt", rep_no=2, rep_count=2),
]


def _counts(script: list[tuple[float, Key]]) -> tuple[int, int]:
    clock = FakeClock()
    tally = StepTally(BREATHS)
    Engine(BREATHS, clock, ScriptedKeys(clock, script), [tally], tick=None).run()
    return tally.breaths, tally.reps


def test_breaths_and_reps_are_counted_as_they_end() -> None:
    assert _counts([]) == (2, 2)
    # N in the second in-breath skips it; its out-breath is still breathed.
    assert _counts([(16.0, Key.NEXT_PART)]) == (2, 2)
    # N in the last out-breath: that breath is not counted.
    assert _counts([(24.0, Key.NEXT_PART)]) == (1, 2)
    # q in the first rep: no rep done.
    assert _counts([(26.0, Key.QUIT)]) == (2, 0)
    # b in the second rep goes back to the first: each rep counts once.
    assert _counts([(28.5, Key.BACK_PART)]) == (2, 2)


def test_the_line_has_plurals() -> None:
    assert exercises_line(1, 0, 1) == "1 of 1 exercise done."
    assert exercises_line(2, 1, 3) == "2 of 3 exercises done, 1 skipped."
    assert exercises_line(0, 0, 4) == "0 of 4 exercises done."
    assert (
        exercises_line(2, 0, 2, breaths=30, reps=1) == "2 of 2 exercises done: 30 breaths, 1 rep."
    )
    assert exercises_line(1, 1, 2, breaths=1) == "1 of 2 exercises done, 1 skipped: 1 breath."
