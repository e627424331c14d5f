"""What the history says: streaks, weekly totals, pain before and after.

Pure functions over ``SessionRecord``s and a ``today`` date, so they are tested
on fixed data. Pain is summed up twice: averaged per routine (the table), and
as the scores of the most recent sessions in time order (the trend ``stats``
draws). Days are the local calendar days the sessions started on (each
session carries its own UTC offset), and weeks are ISO weeks, Monday first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from spasm_cli.history.records import SessionRecord, SessionStatus, pain_change

# A session this long counts toward a streak even if it was stopped early:
# a minute of breathing on a bad day is still practice.
STREAK_MIN_ACTIVE_SECONDS = 60.0
WEEKS_SHOWN = 8
# The pain trend: the last this many sessions in all, and per routine.
TREND_SESSIONS = 20
TREND_SESSIONS_PER_ROUTINE = 10
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_and_month(day: date) -> str:
    """``12 Feb``: a day in words a person reads at once, English whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive local days with at least one session that counts."""

    current: int  # ending today, or yesterday if nothing yet today; 0 otherwise
    longest: int
    last_day: date | None  # the most recent day that counted


@dataclass(frozen=True)
class WeekTotal:
    """Sessions and active minutes in one ISO week."""

    start: date  # the Monday
    iso_year: int
    iso_week: int
    sessions: int
    active_minutes: float

    @property
    def label(self) -> str:
        """E.g. ``2024-W07``."""
        return f"{self.iso_year}-W{self.iso_week:02d}"

    @property
    def monday(self) -> str:
        """The week's Monday in words a person reads at once: ``12 Feb``.

        (``stats`` shows this, not ISO ``2024-W07``, which few people know; not
        ``strftime``, whose month names follow the locale while the rest of
        spasm is English.)
        """
        return day_and_month(self.start)


@dataclass(frozen=True)
class PainSummary:
    """Average pain before and after one routine's sessions.

    Each average comes with the number of sessions behind it; ``change`` is
    averaged over sessions that have both scores (negative means less pain).
    """

    routine: str
    title: str
    sessions: int
    before: float | None
    before_n: int
    after: float | None
    after_n: int
    change: float | None
    change_n: int


@dataclass(frozen=True)
class PainPoint:
    """One session's pain before and after, each None when it was not given."""

    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        """After minus before (negative: less pain), when the session has both."""
        return pain_change(self.before, self.after)


@dataclass(frozen=True)
class PainSeries:
    """The pain of a run of recent sessions, oldest first.

    A session without a score keeps its place (a point whose before or after
    is None), so a gap shows where it was rather than the scores closing up.
    ``routine`` is None for all sessions together.
    """

    routine: str | None
    title: str
    points: tuple[PainPoint, ...]

    @property
    def before(self) -> list[int | None]:
        """The scores before each session, oldest first."""
        return [p.before for p in self.points]

    @property
    def after(self) -> list[int | None]:
        """The scores after each session, oldest first."""
        return [p.after for p in self.points]

    @property
    def has_scores(self) -> bool:
        """True if any of its sessions has a score, before or after."""
        return any(p.before is not None or p.after is not None for p in self.points)


@dataclass(frozen=True)
class PainTrend:
    """Pain over the most recent sessions: all of them, then per routine by name."""

    overall: PainSeries
    routines: tuple[PainSeries, ...]
    limit: int  # sessions in ``overall`` at most
    routine_limit: int  # sessions in each routine's series at most

    @property
    def has_scores(self) -> bool:
        """True if there is any score to draw."""
        return self.overall.has_scores or any(s.has_scores for s in self.routines)


@dataclass(frozen=True)
class Stats:
    """Everything ``spasm stats`` shows."""

    today: date
    total_sessions: int
    streaks: Streaks
    weeks: list[WeekTotal]
    pain: list[PainSummary]
    trend: PainTrend


def counts_for_streak(record: SessionRecord) -> bool:
    """True if the session finished or had at least a minute of active time."""
    if record.status is SessionStatus.FINISHED:
        return True
    active = record.active_seconds
    return active is not None and active >= STREAK_MIN_ACTIVE_SECONDS


def streaks(records: Iterable[SessionRecord], today: date) -> Streaks:
    """Current and longest streak of days, on the sessions' local dates."""
    days = sorted({r.local_date for r in records if counts_for_streak(r)})
    if not days:
        return Streaks(current=0, longest=0, last_day=None)
    longest = run = 1
    # pairs of neighbours: the second list is one shorter on purpose
    for previous, day in zip(days, days[1:], strict=False):
        run = run + 1 if day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
    # The run that ends on the last day; it is current only if that day is
    # today or yesterday (today's session may simply not have happened yet).
    last = days[-1]
    current = 0
    if last in (today, today - timedelta(days=1)):
        day_set = set(days)
        current = 0
        day = last
        while day in day_set:
            current += 1
            day -= timedelta(days=1)
    return Streaks(current=current, longest=longest, last_day=last)


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def weekly(
    records: Iterable[SessionRecord], today: date, weeks: int = WEEKS_SHOWN
) -> list[WeekTotal]:
    """Totals for the ``weeks`` ISO weeks up to and including today's, oldest first.

    Every session counts except one still running; active minutes add up the
    known active times (a session that was killed has none).
    """
    first = week_start(today) - timedelta(weeks=weeks - 1)
    counts: dict[date, int] = {}
    minutes: dict[date, float] = {}
    for r in records:
        if r.status is SessionStatus.RUNNING:
            continue
        start = week_start(r.local_date)
        if start < first or start > today:
            continue
        counts[start] = counts.get(start, 0) + 1
        minutes[start] = minutes.get(start, 0.0) + (r.active_seconds or 0.0) / 60.0
    totals = []
    for i in range(weeks):
        start = first + timedelta(weeks=i)
        iso = start.isocalendar()
        totals.append(
            WeekTotal(
                start=start,
                iso_year=iso[0],
                iso_week=iso[1],
                sessions=counts.get(start, 0),
                active_minutes=minutes.get(start, 0.0),
            )
        )
    return totals


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pain_by_routine(records: Iterable[SessionRecord]) -> list[PainSummary]:
    """Average pain before, after and the change, per routine, sorted by name.

    The title shown is the one of the routine's newest session.
    """
    grouped: dict[str, list[SessionRecord]] = {}
    for r in records:
        grouped.setdefault(r.routine, []).append(r)
    summaries = []
    for routine in sorted(grouped):
        group = sorted(grouped[routine], key=lambda r: (r.started_at, r.id))
        before = [float(r.pain_before) for r in group if r.pain_before is not None]
        after = [float(r.pain_after) for r in group if r.pain_after is not None]
        change = [
            float(r.pain_after - r.pain_before)
            for r in group
            if r.pain_before is not None and r.pain_after is not None
        ]
        summaries.append(
            PainSummary(
                routine=routine,
                title=group[-1].title,
                sessions=len(group),
                before=_mean(before),
                before_n=len(before),
                after=_mean(after),
                after_n=len(after),
                change=_mean(change),
                change_n=len(change),
            )
        )
    return summaries


def _in_time_order(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    # A session still running has no after score yet: it is not a point.
    ended = [r for r in records if r.status is not SessionStatus.RUNNING]
    return sorted(ended, key=lambda r: (r.started_at, r.id))


def _points(ordered: Sequence[SessionRecord], limit: int) -> tuple[PainPoint, ...]:
    recent = ordered[-limit:] if limit > 0 else []
    return tuple(PainPoint(r.pain_before, r.pain_after) for r in recent)


def _series_title(routine: str, group: Sequence[SessionRecord]) -> str:
    own = [r.title for r in group if r.program is None]
    return own[-1] if own else routine.replace("+", " + ")


def pain_trend(
    records: Iterable[SessionRecord],
    limit: int = TREND_SESSIONS,
    routine_limit: int = TREND_SESSIONS_PER_ROUTINE,
) -> PainTrend:
    """Pain before and after over the last ``limit`` sessions, and each routine's last few.

    Points are oldest first, one per session that has ended, scored or not
    (a session without a score is a gap in its place). Routines are sorted
    by name, as the pain table is; each is titled as its newest session
    played on its own (a program day's title names the program and the day,
    not the routines: ``pelvic-tilts+dead-bug`` is then named so).
    """
    ordered = _in_time_order(records)
    grouped: dict[str, list[SessionRecord]] = {}
    for r in ordered:
        grouped.setdefault(r.routine, []).append(r)
    routines = tuple(
        PainSeries(
            routine=routine,
            title=_series_title(routine, grouped[routine]),
            points=_points(grouped[routine], routine_limit),
        )
        for routine in sorted(grouped)
    )
    overall = PainSeries(routine=None, title="All sessions", points=_points(ordered, limit))
    return PainTrend(overall=overall, routines=routines, limit=limit, routine_limit=routine_limit)


def summarize(records: Sequence[SessionRecord], today: date) -> Stats:
    """All the figures of ``spasm stats`` for ``records`` as of ``today``."""
    return Stats(
        today=today,
        total_sessions=len(records),
        streaks=streaks(records, today),
        weeks=weekly(records, today),
        pain=pain_by_routine(records),
        trend=pain_trend(records),
    )
