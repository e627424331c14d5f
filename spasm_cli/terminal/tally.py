"""Which exercises a session did: what its end says, in a person's terms.

The engine counts segments (get-ready, each hold, each relax between reps),
so "21 of 21 segments done, 1 skipped" counted parts no one thinks of and
contradicted itself. A person counts exercises: the routine's steps. A step
is done when its last part ended (on time or with Enter) and none of it was
skipped; it is skipped when any of its parts was, unless it was then done
again from its start (going back to it with ``b``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spasm_cli.session.events import Event, EventKind
from spasm_cli.session.segments import Segment, SegmentKind


class StepTally:
    """Listens to a session's events and counts its exercises done and skipped."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        # The index of each step's last segment; step 0 is the get-ready countdown.
        self._last: dict[int, int] = {}
        self._first: dict[int, int] = {}
        for index, segment in enumerate(segments):
            if segment.step_index >= 1:
                self._last[segment.step_index] = index
                self._first.setdefault(segment.step_index, index)
        self.total = len(self._last)
        self._completed: set[int] = set()
        self._skipped: set[int] = set()
        # Breaths (each exhale) and reps that ended, by part: one done again
        # after going back counts once.
        self._breaths: set[int] = set()
        self._reps: set[int] = set()
        self._finished = False

    def handle(self, event: Event) -> None:
        """Note the end or the skip of a part, and the end of the routine."""
        if event.kind is EventKind.FINISH:
            # The routine played to its end: every step it did not skip is done.
            self._finished = True
            return
        segment = event.segment
        if segment is None or segment.step_index < 1:
            return
        step = segment.step_index
        # An exercise done once counts as done: skipped, then started again
        # from its first part (b) and done, or done and skipped on a second round.
        if event.kind is EventKind.SEGMENT_START and event.snapshot.index == self._first[step]:
            self._skipped.discard(step)
        elif event.kind is EventKind.SKIP:
            if step not in self._completed:
                self._skipped.add(step)
        elif event.kind in (EventKind.SEGMENT_END, EventKind.REP):
            index = event.snapshot.index
            if segment.kind is SegmentKind.EXHALE:
                self._breaths.add(index)
            elif segment.kind is SegmentKind.REP:
                self._reps.add(index)
            if index == self._last.get(step):
                self._completed.add(step)

    @property
    def done(self) -> int:
        """Exercises finished without a skip."""
        if self._finished:
            return self.total - len(self._skipped)
        return len(self._completed - self._skipped)

    @property
    def skipped(self) -> int:
        """Exercises with any part skipped."""
        return len(self._skipped)

    @property
    def breaths(self) -> int:
        """Breaths breathed to their end (out-breaths that ended, not skipped)."""
        return len(self._breaths)

    @property
    def reps(self) -> int:
        """Reps done (ended on time or with Enter, not skipped)."""
        return len(self._reps)


def exercises_line(done: int, skipped: int, total: int, *, breaths: int = 0, reps: int = 0) -> str:
    """``3 of 4 exercises done, 1 skipped: 30 breaths, 10 reps.``; ``1 of 1 exercise done.``"""
    noun = "exercise" if total == 1 else "exercises"
    line = f"{done} of {total} {noun} done"
    if skipped:
        line += f", {skipped} skipped"
    counts = [
        f"{count} {word}" + ("s" if count != 1 else "")
        for count, word in ((breaths, "breath"), (reps, "rep"))
        if count
    ]
    if counts:
        line += ": " + ", ".join(counts)
    return line + "."
