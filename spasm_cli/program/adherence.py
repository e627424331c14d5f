"""How closely a program run has been followed: the figures ``stats`` shows.

In plain words: how many program days are done out of the days the calendar
has offered so far, how many sessions were played (finished or not) and how
many a week that makes, and the dose each session played at. These are facts
for a person to read, not a grade; saying them is left to the presentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from spasm_cli.program.calendar import done_days
from spasm_cli.program.played import Played

WEEK = 7


class DosePoint(NamedTuple):
    """The dose one session played at, on the day it started."""

    local_date: date
    dose: int


@dataclass(frozen=True)
class Adherence:
    """A program run's figures.

    - ``days_done``: distinct program days (1 to the length) with a finished
      session;
    - ``days_planned``: the days the calendar has offered: the calendar days
      from the start to today, both counted, but no more than the program's
      length, and at least 1;
    - ``sessions``: every session of the run, finished or stopped early;
    - ``per_week``: sessions a week, the first week counted whole (so three
      sessions in the first four days are 3.0 a week, not 5.25);
    - ``doses``: each session's dose with its date, oldest first (sessions
      whose dose was lost are left out).
    """

    days_done: int
    days_planned: int
    sessions: int
    per_week: float
    doses: tuple[DosePoint, ...]

    def dose_changes(self) -> tuple[DosePoint, ...]:
        """The first dose, then only the sessions whose dose differs from the one before."""
        changes: list[DosePoint] = []
        for point in self.doses:
            if not changes or point.dose != changes[-1].dose:
                changes.append(point)
        return tuple(changes)


def adherence(length: int, started: date, played: Sequence[Played], today: date) -> Adherence:
    """The figures of a run of ``length`` days started on ``started``, as of ``today``.

    ``played`` is every session of the run, oldest first. The elapsed calendar
    days count both the start and today (at least 1, should the clock have
    been moved back before the start).
    """
    elapsed = max(1, (today - started).days + 1)
    sessions = len(played)
    return Adherence(
        days_done=len(done_days(length, played)),
        days_planned=max(1, min(length, elapsed)),
        sessions=sessions,
        per_week=sessions / max(1.0, elapsed / WEEK),
        doses=tuple(DosePoint(p.local_date, p.dose) for p in played if p.dose is not None),
    )
