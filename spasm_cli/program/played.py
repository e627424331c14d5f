"""``Played``: one session of a program run, as the rule and the days see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Played:
    """One recorded session of a program run, oldest first in every sequence.

    ``finished`` is True only for a session that played to its end (not
    stopped with q, interrupted, or killed); ``dose`` is the percent it was
    played at (None for a row that lost it); ``local_date`` is the calendar day
    it started on, where it started.
    """

    day: int  # the program day it played, from 1
    local_date: date
    finished: bool
    pain_before: int | None = None
    pain_after: int | None = None
    dose: int | None = None

    @property
    def rise(self) -> int | None:
        """Pain after minus pain before; None unless both were given."""
        if self.pain_before is None or self.pain_after is None:
            return None
        return self.pain_after - self.pain_before
