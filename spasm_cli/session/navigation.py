"""Moving through a timeline by exercise: where each step's parts begin and end.

A timeline is flat (get-ready, then each step's holds, reps, relaxes and
breaths in turn), but a person thinks in exercises: ``n`` leaves a 30-breath
step at once instead of after 120 presses. The steps are contiguous runs of
segments with the same ``step_index``; this module finds their edges. The
get-ready countdown (step 0) is a run of its own but not an exercise: going
back never lands in it.

``b`` works like a media player's "previous": it goes to the start of the
current exercise, or, when already there (on its first part and less than
``BACK_GRACE`` seconds into it), to the start of the exercise before.
"""

from __future__ import annotations

from collections.abc import Sequence

from spasm_cli.session.segments import Segment

BACK_GRACE = 2.0  # seconds: a `b` this soon after the start goes back one further


class Steps:
    """The exercise each segment of a timeline belongs to, by index."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._count = len(segments)
        self._first: list[int] = []
        self._end: list[int] = []
        start = 0
        for index in range(1, self._count + 1):
            if index == self._count or segments[index].step_index != segments[start].step_index:
                self._first += [start] * (index - start)
                self._end += [index] * (index - start)
                start = index
        self._is_step = [segment.step_index >= 1 for segment in segments]

    def first(self, index: int) -> int:
        """The index of the first part of the exercise that segment ``index`` is in."""
        return self._first[index]

    def end(self, index: int) -> int:
        """One past the last part of segment ``index``'s exercise (the next one's first)."""
        return self._end[index]

    def previous(self, index: int) -> int | None:
        """The first part of the exercise before ``index``'s; None at the first exercise."""
        first = self._first[index]
        if first == 0 or not self._is_step[first - 1]:
            return None
        return self._first[first - 1]

    def back_target(self, index: int, elapsed: float) -> tuple[int, str]:
        """Where ``b`` goes from segment ``index``, ``elapsed`` active seconds into it.

        Returns the segment to start and what the move was: ``"restart
        exercise"`` or ``"previous exercise"``.
        """
        first = self._first[index]
        previous = self.previous(index)
        if index == first and elapsed < BACK_GRACE and previous is not None:
            return previous, "previous exercise"
        return first, "restart exercise"
