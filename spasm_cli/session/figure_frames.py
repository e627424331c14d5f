"""Which drawing each part of a step shows: the side, and the phase of a movement.

A figure drawn for the left side is mirrored for a part on the right. A
two-phase movement shows its phases in turn, timed with the parts: a held
rep holds the effort phase (bridge up, pelvic tilt flat) and its relax the
other; a breath in goes to the in-breath phase (cat-cow: cow) and a breath
out to the other (cat); reps without a hold take the phases in turn, one a
rep. The writer's own art is shown as written.
"""

from __future__ import annotations

from spasm_cli.format.figures import Figure, for_side, get
from spasm_cli.format.model import Step
from spasm_cli.session.segments import SegmentKind

# The phase a held rep holds, and the phase a breath in goes to, by name.
_EFFORT = frozenset({"up", "flat"})
_BREATH_IN = frozenset({"cow", "in"})
_IN_KINDS = frozenset({SegmentKind.INHALE, SegmentKind.HOLD_IN})
_OUT_KINDS = frozenset({SegmentKind.EXHALE, SegmentKind.HOLD_OUT})


def _named(figure: Figure, names: frozenset[str]) -> int:
    """The phase with one of ``names``, else the last."""
    for index, name in enumerate(figure.phase_names):
        if name in names:
            return index
    return len(figure.phases) - 1


def _phase(figure: Figure, kind: SegmentKind, rep_no: int | None, held: bool) -> int:
    if len(figure.phases) < 2:
        return 0
    if kind is SegmentKind.REP and held:
        return _named(figure, _EFFORT)
    if kind is SegmentKind.RELAX:
        return 1 - _named(figure, _EFFORT) if len(figure.phases) == 2 else 0
    if kind is SegmentKind.REP and rep_no is not None:
        return (rep_no - 1) % len(figure.phases)
    if kind in _IN_KINDS:
        return _named(figure, _BREATH_IN)
    if kind in _OUT_KINDS:
        return 1 - _named(figure, _BREATH_IN) if len(figure.phases) == 2 else 0
    return 0


def segment_figure(
    step: Step, kind: SegmentKind, side: str | None, rep_no: int | None = None
) -> tuple[tuple[str, ...], str]:
    """The lines one part of ``step`` shows, and the position in words (for plain mode)."""
    figure = get(step.figure_name) if step.figure_name else None
    if figure is None:
        return step.figure, ""
    phase = _phase(figure, kind, rep_no, held=step.hold is not None)
    return for_side(figure, side, phase), figure.words
