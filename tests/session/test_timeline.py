"""Compiling steps into the flat timeline a session plays: exact segments and totals."""

from __future__ import annotations

import textwrap

import pytest

from spasm_cli.format.library import Library, default_dirs
from spasm_cli.format.loader import parse_routine
from spasm_cli.format.model import Step, StepKind
from spasm_cli.format.size import step_size
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.session.timeline import compile_timeline, step_segments

K = SegmentKind


def steps_of(yaml_steps: str) -> tuple[Step, ...]:
    text = "title: T\nsteps:\n" + textwrap.indent(textwrap.dedent(yaml_steps), "  ")
    return parse_routine(text.encode(), "t.yaml", default_name="t").steps


def shape(segments: list[Segment] | tuple[Segment, ...]) -> list[tuple[object, ...]]:
    """Each segment as (kind, duration, side, set, rep, cycle)."""
    return [(s.kind.value, s.duration, s.side, s.set_no, s.rep_no, s.cycle_no) for s in segments]


def test_hold_with_sides_sets_and_rests() -> None:
    (step,) = steps_of("- {title: Lean, hold: 30s, sides: both, sets: 2, rest: 15s}")
    segments = step_segments(step, 0, 1)
    assert shape(segments) == [
        ("hold", 30.0, "left", 1, None, None),
        ("rest", 15.0, "left", 1, None, None),
        ("hold", 30.0, "left", 2, None, None),
        ("rest", 15.0, "left", 2, None, None),
        ("hold", 30.0, "right", 1, None, None),
        ("rest", 15.0, "right", 1, None, None),
        ("hold", 30.0, "right", 2, None, None),
    ]
    assert all(s.set_count == 2 and s.step_title == "Lean" for s in segments)


def test_hold_without_rest_or_sides() -> None:
    (step,) = steps_of("- {hold: 20, sets: 3}")
    assert shape(step_segments(step, 0, 1)) == [
        ("hold", 20.0, None, n, None, None) for n in (1, 2, 3)
    ]


def test_reps_held_with_default_relax() -> None:
    (step,) = steps_of("- {reps: 3, hold: 5s}")
    assert shape(step_segments(step, 0, 1)) == [
        ("rep", 5.0, None, 1, 1, None),
        ("relax", 2.0, None, 1, 1, None),
        ("rep", 5.0, None, 1, 2, None),
        ("relax", 2.0, None, 1, 2, None),
        ("rep", 5.0, None, 1, 3, None),
    ]


def test_reps_held_with_relax_sets_and_rest() -> None:
    (step,) = steps_of("- {reps: 2, hold: 4, relax: 1, sets: 2, rest: 10}")
    assert shape(step_segments(step, 0, 1)) == [
        ("rep", 4.0, None, 1, 1, None),
        ("relax", 1.0, None, 1, 1, None),
        ("rep", 4.0, None, 1, 2, None),
        ("rest", 10.0, None, 1, None, None),
        ("rep", 4.0, None, 2, 1, None),
        ("relax", 1.0, None, 2, 1, None),
        ("rep", 4.0, None, 2, 2, None),
    ]


def test_tempo_reps() -> None:
    (step,) = steps_of("- {reps: 3, tempo: 4s}")
    segments = step_segments(step, 0, 1)
    assert shape(segments) == [("rep", 4.0, None, 1, n, None) for n in (1, 2, 3)]
    assert all(s.rep_count == 3 for s in segments)


def test_self_paced_reps_have_no_duration() -> None:
    (step,) = steps_of("- {reps: 2, sides: [right]}")
    segments = step_segments(step, 0, 1)
    assert shape(segments) == [
        ("rep", None, "right", 1, 1, None),
        ("rep", None, "right", 1, 2, None),
    ]
    assert all(s.self_paced for s in segments)


def test_alternating_reps_switch_sides_within_a_set() -> None:
    (step,) = steps_of("- {reps: 4, tempo: 3, alternate: true, sets: 2, rest: 5}")
    assert shape(step_segments(step, 0, 1)) == [
        ("rep", 3.0, "left", 1, 1, None),
        ("rep", 3.0, "right", 1, 2, None),
        ("rep", 3.0, "left", 1, 3, None),
        ("rep", 3.0, "right", 1, 4, None),
        ("rest", 5.0, None, 1, None, None),
        ("rep", 3.0, "left", 2, 1, None),
        ("rep", 3.0, "right", 2, 2, None),
        ("rep", 3.0, "left", 2, 3, None),
        ("rep", 3.0, "right", 2, 4, None),
    ]


def test_breathing_with_cycles_and_all_phases() -> None:
    (step,) = steps_of("- breathe: {inhale: 4, hold_in: 7, exhale: 8, hold_out: 2, cycles: 2}")
    assert shape(step_segments(step, 0, 1)) == [
        ("inhale", 4.0, None, 1, None, 1),
        ("hold_in", 7.0, None, 1, None, 1),
        ("exhale", 8.0, None, 1, None, 1),
        ("hold_out", 2.0, None, 1, None, 1),
        ("inhale", 4.0, None, 1, None, 2),
        ("hold_in", 7.0, None, 1, None, 2),
        ("exhale", 8.0, None, 1, None, 2),
        ("hold_out", 2.0, None, 1, None, 2),
    ]


@pytest.mark.parametrize(("duration", "cycles"), [("1m", 6), ("65s", 6), ("30", 3), ("2", 1)])
def test_breathing_with_duration_plays_whole_cycles(duration: str, cycles: int) -> None:
    (step,) = steps_of(f"- breathe: {{inhale: 4, exhale: 6, duration: {duration}}}")
    segments = step_segments(step, 0, 1)
    assert [s.kind for s in segments] == [K.INHALE, K.EXHALE] * cycles
    assert {s.cycle_count for s in segments} == {cycles}
    assert sum(s.duration or 0 for s in segments) == 10.0 * cycles


def test_breathing_sets_with_rest() -> None:
    (step,) = steps_of("- {breathe: {inhale: 2, exhale: 3, cycles: 1}, sets: 2, rest: 30}")
    assert shape(step_segments(step, 0, 1)) == [
        ("inhale", 2.0, None, 1, None, 1),
        ("exhale", 3.0, None, 1, None, 1),
        ("rest", 30.0, None, 1, None, None),
        ("inhale", 2.0, None, 2, None, 1),
        ("exhale", 3.0, None, 2, None, 1),
    ]


def test_rest_alone_and_wait() -> None:
    rest, wait = steps_of("- rest: 1m\n- {title: Lie down, wait: true}\n")
    assert shape(step_segments(rest, 0, 2)) == [("rest", 60.0, None, 1, None, None)]
    (segment,) = step_segments(wait, 1, 2)
    assert (segment.kind, segment.duration, segment.self_paced, segment.step_title) == (
        K.WAIT,
        None,
        True,
        "Lie down",
    )
    assert (segment.step_index, segment.step_count, segment.label) == (1, 2, "When ready")


def test_use_steps_must_be_expanded_first() -> None:
    (step,) = steps_of("- use: breathing\n")
    with pytest.raises(ValueError, match="expand"):
        step_segments(step, 0, 1)


def test_whole_timeline_with_lead_in() -> None:
    steps = steps_of("- {title: First, hold: 10}\n- {reps: 2}\n- rest: 5\n- wait: true\n")
    timeline = compile_timeline("Mine", steps, 5.0)
    assert [(s.kind.value, s.duration, s.step_index) for s in timeline.segments] == [
        ("get_ready", 5.0, 0),
        ("hold", 10.0, 1),
        ("rep", None, 2),
        ("rep", None, 2),
        ("rest", 5.0, 3),
        ("wait", None, 4),
    ]
    assert timeline.segments[0].step_title == "First"
    assert {s.step_count for s in timeline.segments} == {4}
    assert timeline.planned_seconds == 20.0
    assert timeline.self_paced_count == 3
    assert timeline.offsets() == [0.0, 5.0, 15.0, 15.0, 15.0, 20.0]


def test_no_lead_in_segment_when_zero() -> None:
    timeline = compile_timeline("T", steps_of("- hold: 3\n"), 0)
    assert [s.kind for s in timeline.segments] == [K.HOLD]
    assert timeline.planned_seconds == 3.0


@pytest.mark.parametrize(
    "step",
    [
        "- {hold: 30s, sides: both, sets: 2, rest: 15s}",
        "- {reps: 3, hold: 5}",
        "- {reps: 3, hold: 5, relax: 1, sets: 4, rest: 20, sides: both}",
        "- {reps: 1, hold: 5}",
        "- {reps: 7, tempo: 3, alternate: true, sets: 2, rest: 4}",
        "- {reps: 5}",
        "- {breathe: {inhale: 4, hold_in: 2, exhale: 6, duration: 1m}, sets: 3, rest: 10}",
        "- rest: 9",
        "- wait: true",
    ],
)
def test_step_size_agrees_with_segments(step: str) -> None:
    (parsed,) = steps_of(step)
    segments = step_segments(parsed, 0, 1)
    assert step_size(parsed) == (sum(s.duration or 0.0 for s in segments), len(segments))


def test_bundled_routines_compile_and_sizes_agree() -> None:
    library = Library([d for d in default_dirs() if d.origin == "bundled"])
    for routine in library.scan().routines:
        steps = [plan.step for plan in library.expand(routine)]
        timeline = compile_timeline(routine.title, steps, routine.effective_lead_in)
        # A first step that waits for Enter is the get-ready: no countdown before it.
        lead_in = 0.0 if steps[0].kind is StepKind.WAIT else routine.effective_lead_in
        assert timeline.planned_seconds == lead_in + sum(step_size(s)[0] for s in steps)
        assert len(timeline.segments) == (lead_in > 0) + sum(step_size(s)[1] for s in steps)


def test_one_get_ready_when_the_first_step_waits_for_enter() -> None:
    # "Get ready" counting down, then "When ready, press Enter", said the
    # same thing twice: the step that waits is the get-ready.
    steps = steps_of("- {title: Lie down, wait: true}\n- hold: 10\n")
    timeline = compile_timeline("T", steps, 5.0)
    assert [s.kind for s in timeline.segments] == [K.WAIT, K.HOLD]
    assert timeline.planned_seconds == 10.0
    # A wait later on keeps the countdown before the first step.
    later = compile_timeline("T", steps_of("- hold: 10\n- wait: true\n"), 5.0)
    assert [s.kind for s in later.segments] == [K.GET_READY, K.HOLD, K.WAIT]
