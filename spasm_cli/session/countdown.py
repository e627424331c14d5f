"""The countdown a timed part announces before it ends: "10 seconds left", 3, 2, 1.

Which marks a part gets depends on its kind and length; which are still to
come depends on what was announced already. The engine asks this module
when the next mark falls (so that it wakes for it) and which marks are due
(so that it emits them).
"""

from __future__ import annotations

from spasm_cli.session.segments import SegmentKind

# Announcements before a timed segment ends, and the shortest segment that
# gets each: "10 seconds left" only on long holds, 3-2-1 on anything >= 6 s.
COUNTDOWN_MARKS = ((10, 20.0), (3, 6.0), (2, 6.0), (1, 6.0))
_COUNTED_KINDS = frozenset(
    {SegmentKind.GET_READY, SegmentKind.HOLD, SegmentKind.REST, SegmentKind.REP}
)


class Countdown:
    """The marks of the current segment, and which of them were announced."""

    def __init__(self) -> None:
        self.marks: list[int] = []
        self._announced: set[int] = set()

    def reset(self, kind: SegmentKind, duration: float | None) -> None:
        """Start over for a segment of ``kind`` lasting ``duration`` seconds."""
        self._announced = set()
        if kind not in _COUNTED_KINDS or duration is None:
            self.marks = []
        else:
            self.marks = [mark for mark, shortest in COUNTDOWN_MARKS if duration >= shortest]

    def next_at(self, deadline: float) -> float | None:
        """When the next mark still to announce falls, for a part ending at ``deadline``."""
        pending = [mark for mark in self.marks if mark not in self._announced]
        return deadline - max(pending) if pending else None

    def due(self, now: float, deadline: float) -> list[int]:
        """The marks to announce at ``now``: each once, and when late only the latest."""
        out = []
        for mark in self.marks:
            if mark not in self._announced and now >= deadline - mark:
                self._announced.add(mark)
                # Once late past a later mark, announce only the latest one.
                if now < deadline - mark + 1.0:
                    out.append(mark)
        return out
