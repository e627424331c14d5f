"""How big a step is: its planned seconds and how many parts it plays as.

Computed from the step alone, without building its segments, so a routine
that would expand to millions of parts is refused before any is built
(``format.library``) and ``spasm list`` sums routine lengths cheaply. The
session's timeline compiler builds the parts themselves and agrees with this
(the timeline tests check it).
"""

from __future__ import annotations

from spasm_cli.format.model import Step, StepKind


def step_size(step: Step) -> tuple[float, int]:
    """Planned seconds and segment count of one step, without building its segments.

    Agrees with ``spasm_cli.session.timeline.step_segments`` (the tests check
    it); it lets a caller refuse a routine that would compile to millions of
    segments before building them.
    """
    if step.kind is StepKind.USE:
        raise ValueError("expand use: steps before sizing them")
    if step.kind is StepKind.REST:
        return (step.rest or 0.0, 1)
    if step.kind is StepKind.WAIT:
        return (0.0, 1)
    rounds = (len(step.sides) if step.sides and not step.alternate else 1) * step.set_count
    if step.kind is StepKind.HOLD:
        seconds, segments = step.hold or 0.0, 1
    elif step.kind is StepKind.REPS:
        reps = step.reps or 0
        if step.hold is not None:
            relaxes = reps - 1 if step.relax else 0
            seconds = reps * step.hold + relaxes * (step.relax or 0.0)
            segments = reps + relaxes
        else:
            seconds, segments = reps * (step.tempo or 0.0), reps
    else:
        pattern = step.breathe
        assert pattern is not None
        phases = (pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out)
        cycles = pattern.cycle_count
        seconds = cycles * sum(phases)
        segments = cycles * sum(1 for p in phases if p > 0)
    if step.rest is not None:
        return (rounds * seconds + (rounds - 1) * step.rest, rounds * segments + rounds - 1)
    return (rounds * seconds, rounds * segments)
