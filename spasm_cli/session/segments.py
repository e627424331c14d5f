"""The unit a session plays: one segment of a compiled routine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class SegmentKind(str, Enum):
    """What the person is doing during a segment."""

    GET_READY = "get_ready"
    HOLD = "hold"
    REP = "rep"
    RELAX = "relax"
    REST = "rest"
    INHALE = "inhale"
    HOLD_IN = "hold_in"
    EXHALE = "exhale"
    HOLD_OUT = "hold_out"
    WAIT = "wait"


BREATH_KINDS = frozenset(
    {SegmentKind.INHALE, SegmentKind.HOLD_IN, SegmentKind.EXHALE, SegmentKind.HOLD_OUT}
)


@dataclass(frozen=True)
class Segment:
    """One timed (or self-paced) piece of a routine, with the labels to show.

    ``duration`` is None for a self-paced segment (a rep counted with Enter, or
    a wait). Counters are 1-based; ``step_index`` is 0 for the get-ready
    countdown, which belongs to no step.
    """

    kind: SegmentKind
    duration: float | None
    step_index: int
    step_count: int
    step_title: str
    instructions: tuple[str, ...] = ()
    side: str | None = None
    set_no: int = 1
    set_count: int = 1
    rep_no: int | None = None
    rep_count: int | None = None
    cycle_no: int | None = None
    cycle_count: int | None = None
    # The position drawn for this part (mirrored for the right side, the
    # phase of a two-phase movement), and the same position in words for the
    # plain printer; empty when the step has no figure.
    figure: tuple[str, ...] = ()
    position_words: str = ""

    @property
    def self_paced(self) -> bool:
        """True when the segment ends on Enter rather than on time."""
        return self.duration is None

    @property
    def label(self) -> str:
        """A short name for what to do now, e.g. "Hold", "Breathe in"."""
        return _LABELS[self.kind]


_LABELS = {
    SegmentKind.GET_READY: "Get ready",
    SegmentKind.HOLD: "Hold",
    SegmentKind.REP: "Rep",
    SegmentKind.RELAX: "Relax",
    SegmentKind.REST: "Rest",
    SegmentKind.INHALE: "Breathe in",
    SegmentKind.HOLD_IN: "Hold your breath",
    SegmentKind.EXHALE: "Breathe out",
    SegmentKind.HOLD_OUT: "Hold, lungs empty",
    SegmentKind.WAIT: "When ready",
}
