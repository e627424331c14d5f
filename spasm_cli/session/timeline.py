"""Compiling a routine into a timeline: the flat list of segments a session plays.

A pure function of the expanded steps: no clock, no input, no output. Order
within a step: each side in turn, its sets one after another, with ``rest``
between sets and between sides; reps within a set; breathing phases within a
cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spasm_cli.format.model import Step, StepKind
from spasm_cli.session.segments import Segment, SegmentKind


@dataclass(frozen=True)
class Timeline:
    """A compiled routine: its segments and its totals."""

    title: str
    segments: tuple[Segment, ...]

    @property
    def planned_seconds(self) -> float:
        """Sum of the timed segments, get-ready included; self-paced ones count 0."""
        return sum(segment.duration or 0.0 for segment in self.segments)

    @property
    def self_paced_count(self) -> int:
        """How many segments wait for the person rather than the clock."""
        return sum(1 for segment in self.segments if segment.self_paced)

    def offsets(self) -> list[float]:
        """Planned start of each segment, self-paced ones counted as 0 s."""
        out, at = [], 0.0
        for segment in self.segments:
            out.append(at)
            at += segment.duration or 0.0
        return out


def compile_timeline(title: str, steps: Sequence[Step], lead_in: float) -> Timeline:
    """Compile expanded ``steps`` (no ``use:`` left) into a timeline.

    ``lead_in`` seconds of get-ready countdown come first when above zero,
    unless the first step waits for Enter: that step is the get-ready then,
    and a countdown before it would only say "get ready" twice.
    """
    segments: list[Segment] = []
    count = len(steps)
    if lead_in > 0 and not (steps and steps[0].kind is StepKind.WAIT):
        first = steps[0].title if steps else ""
        segments.append(Segment(SegmentKind.GET_READY, lead_in, 0, count, first))
    for number, step in enumerate(steps, 1):
        segments.extend(step_segments(step, number, count))
    return Timeline(title, tuple(segments))


def step_segments(step: Step, index: int, count: int) -> list[Segment]:
    """The segments of one step, which is step ``index`` (1-based) of ``count``."""
    if step.kind is StepKind.USE:
        raise ValueError("expand use: steps before compiling them")
    base = {
        "step_index": index,
        "step_count": count,
        "step_title": step.title,
        "instructions": step.instructions,
    }
    if step.kind is StepKind.REST:
        assert step.rest is not None
        return _drawn(step, [Segment(SegmentKind.REST, step.rest, **base)])  # type: ignore[arg-type]
    if step.kind is StepKind.WAIT:
        return _drawn(step, [Segment(SegmentKind.WAIT, None, **base)])  # type: ignore[arg-type]
    sides: Sequence[str | None] = step.sides if step.sides and not step.alternate else (None,)
    sets = step.set_count
    out: list[Segment] = []
    rounds = [(side, set_no) for side in sides for set_no in range(1, sets + 1)]
    for position, (side, set_no) in enumerate(rounds):
        common = {**base, "side": side, "set_no": set_no, "set_count": sets}
        if step.kind is StepKind.HOLD:
            assert step.hold is not None
            out.append(Segment(SegmentKind.HOLD, step.hold, **common))  # type: ignore[arg-type]
        elif step.kind is StepKind.REPS:
            out.extend(_reps(step, common))
        else:
            out.extend(_breaths(step, common))
        if step.rest is not None and position < len(rounds) - 1:
            out.append(Segment(SegmentKind.REST, step.rest, **common))  # type: ignore[arg-type]
    return _drawn(step, out)


def _drawn(step: Step, segments: list[Segment]) -> list[Segment]:
    """``segments`` with the figure each shows (its side, its phase), when the step has one."""
    if not step.figure and not step.figure_name:
        return segments
    from spasm_cli.session.figure_frames import segment_figure

    out = []
    for seg in segments:
        lines, words = segment_figure(step, seg.kind, seg.side, seg.rep_no)
        out.append(replace(seg, figure=lines, position_words=words))
    return out


def _reps(step: Step, common: dict[str, object]) -> list[Segment]:
    assert step.reps is not None
    out: list[Segment] = []
    for rep in range(1, step.reps + 1):
        labels = {**common, "rep_no": rep, "rep_count": step.reps}
        if step.alternate:
            labels["side"] = step.sides[(rep - 1) % len(step.sides)]
        if step.hold is not None:
            out.append(Segment(SegmentKind.REP, step.hold, **labels))  # type: ignore[arg-type]
            if rep < step.reps and step.relax:
                out.append(Segment(SegmentKind.RELAX, step.relax, **labels))  # type: ignore[arg-type]
        else:
            # tempo, or None: self-paced, ended by Enter.
            out.append(Segment(SegmentKind.REP, step.tempo, **labels))  # type: ignore[arg-type]
    return out


def _breaths(step: Step, common: dict[str, object]) -> list[Segment]:
    pattern = step.breathe
    assert pattern is not None
    cycles = pattern.cycle_count
    phases = [
        (SegmentKind.INHALE, pattern.inhale),
        (SegmentKind.HOLD_IN, pattern.hold_in),
        (SegmentKind.EXHALE, pattern.exhale),
        (SegmentKind.HOLD_OUT, pattern.hold_out),
    ]
    out: list[Segment] = []
    for cycle in range(1, cycles + 1):
        for kind, seconds in phases:
            if seconds > 0:
                out.append(Segment(kind, seconds, cycle_no=cycle, cycle_count=cycles, **common))  # type: ignore[arg-type]
    return out
