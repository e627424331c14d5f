"""The program days against the calendar, followed gently.

In plain words: a program day is done when a session of it played to its end
(a session stopped early leaves the day to do again, and a day done twice
counts once). The day offered next is the one after the highest day done, so
missed calendar days never skip program days: after a week away the next day
is still the next day, not the one the calendar would have reached. A day done
today stays today's day until midnight: the next one is offered from the next
calendar day, not the same evening. A session dated after today (the clock was
moved back since) counts as done today.

Sessions of days outside the program (1 to ``length``, say after the file lost
some days) are left out of all of this. Dates are local calendar dates, as the
sessions were recorded; ``today`` is handed in, so every rule is tested on a
fixed date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spasm_cli.program.played import Played


@dataclass(frozen=True)
class DayState:
    """Where a program run stands today.

    - ``day``: the program day offered today, or the one done today (when the
      last day is done and none was done today: the last day, ``length``);
    - ``days_done``: how many distinct program days have a finished session;
    - ``done_today``: the latest finished session, when it started today or
      later (a clock moved back counts as today); None otherwise;
    - ``finished``: the last program day is done, so the next day would be
      past ``length``;
    - ``last_date``: the local date of the latest finished session, or None;
    - ``since_last``: whole calendar days from ``last_date`` to today (0 when
      ``last_date`` is today or later), or None;
    - ``since_start``: whole calendar days from ``started`` to today (0 when
      started today or later);
    - ``missed``: the calendar days that had no finished session, after the
      latest one's date (or from ``started``, when none finished yet) and
      before today. Today is never missed, since it is not over; so playing
      yesterday, or starting today, is 0. A finished program misses nothing.
    """

    day: int
    length: int
    days_done: int
    done_today: Played | None
    finished: bool
    last_date: date | None
    since_last: int | None
    since_start: int
    missed: int


def in_program(length: int, played: Sequence[Played]) -> list[Played]:
    """The finished sessions of days 1 to ``length``, oldest first."""
    return [p for p in played if p.finished and 1 <= p.day <= length]


def done_days(length: int, played: Sequence[Played]) -> frozenset[int]:
    """The program days that have a finished session, each once."""
    return frozenset(p.day for p in in_program(length, played))


def day_state(length: int, started: date, played: Sequence[Played], today: date) -> DayState:
    """Today's program day and how the run has followed the calendar.

    ``played`` is every session of the run, oldest first, finished or not;
    ``started`` is the run's first calendar day.
    """
    finished_sessions = in_program(length, played)
    done = frozenset(p.day for p in finished_sessions)
    highest = max(done, default=0)
    finished = highest + 1 > length
    latest = finished_sessions[-1] if finished_sessions else None
    done_today = latest if latest is not None and latest.local_date >= today else None
    if done_today is not None:
        day = done_today.day
    else:
        day = min(highest + 1, length)
    since_start = max(0, (today - started).days)
    if latest is None:
        last_date, since_last = None, None
        missed = since_start
    else:
        last_date = latest.local_date
        since_last = max(0, (today - last_date).days)
        missed = max(0, since_last - 1)
    if finished:
        missed = 0
    return DayState(
        day=max(1, day),
        length=length,
        days_done=len(done),
        done_today=done_today,
        finished=finished,
        last_date=last_date,
        since_last=since_last,
        since_start=since_start,
        missed=missed,
    )
