"""Streaks, weekly totals and pain averages on fixed data."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import count

from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.stats import (
    counts_for_streak,
    pain_by_routine,
    streaks,
    summarize,
    week_start,
    weekly,
)

_ids = count(1)


def rec(
    local: str,
    offset_hours: float = 0,
    *,
    active: float | None = 600.0,
    status: SessionStatus = SessionStatus.FINISHED,
    routine: str = "core-beginner",
    before: int | None = None,
    after: int | None = None,
) -> SessionRecord:
    """A session that started at ``local`` wall-clock time in a zone ``offset_hours`` from UTC."""
    zone = timezone(timedelta(hours=offset_hours))
    start = datetime.fromisoformat(local).replace(tzinfo=zone)
    return SessionRecord(
        id=next(_ids),
        routine=routine,
        routine_hash="h" * 64,
        title=routine.title(),
        started_at=start.astimezone(timezone.utc),
        utc_offset_seconds=int(offset_hours * 3600),
        ended_at=None,
        planned_seconds=600.0,
        active_seconds=active,
        done=10,
        skipped=0,
        status=status,
        pain_before=before,
        pain_after=after,
        pid=1,
        host="h",
    )


def test_local_date_not_utc_date_decides_the_day() -> None:
    late = rec("2024-03-09T23:50", 2)  # 21:50 UTC on the 9th
    early = rec("2024-03-10T00:10", 2)  # 22:10 UTC, still the 9th in UTC
    assert late.started_at.date() == early.started_at.date() == date(2024, 3, 9)
    assert (late.local_date, early.local_date) == (date(2024, 3, 9), date(2024, 3, 10))
    west = rec("2024-03-10T20:00", -5)  # 01:00 UTC on the 11th
    assert west.local_date == date(2024, 3, 10)
    s = streaks([late, early], today=date(2024, 3, 10))
    assert (s.current, s.longest) == (2, 2)


def test_what_counts_for_a_streak() -> None:
    assert counts_for_streak(rec("2024-01-01T10:00", active=5, status=SessionStatus.FINISHED))
    assert counts_for_streak(rec("2024-01-01T10:00", active=60, status=SessionStatus.STOPPED))
    assert not counts_for_streak(rec("2024-01-01T10:00", active=59.9, status=SessionStatus.STOPPED))
    assert not counts_for_streak(rec("2024-01-01T10:00", active=None, status=SessionStatus.UNKNOWN))
    assert counts_for_streak(rec("2024-01-01T10:00", active=90, status=SessionStatus.INTERRUPTED))


def test_current_streak_counts_today_or_up_to_yesterday() -> None:
    days = [rec(f"2024-05-{d:02d}T08:00") for d in (1, 2, 3, 6, 7)]
    assert streaks(days, today=date(2024, 5, 7)).current == 2  # today included
    assert streaks(days, today=date(2024, 5, 8)).current == 2  # nothing yet today
    assert streaks(days, today=date(2024, 5, 9)).current == 0  # a day missed
    assert streaks(days, today=date(2024, 5, 9)).longest == 3
    assert streaks(days, today=date(2024, 5, 9)).last_day == date(2024, 5, 7)


def test_short_sessions_break_a_streak_and_duplicates_do_not_add() -> None:
    data = [
        rec("2024-05-01T08:00"),
        rec("2024-05-01T20:00"),  # same day twice
        rec("2024-05-02T08:00", active=20, status=SessionStatus.STOPPED),  # too short
        rec("2024-05-03T08:00"),
    ]
    s = streaks(data, today=date(2024, 5, 3))
    assert (s.current, s.longest) == (1, 1)


def test_streak_across_new_year_and_empty() -> None:
    data = [rec(f"{d}T07:00") for d in ("2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02")]
    s = streaks(data, today=date(2024, 1, 2))
    assert (s.current, s.longest) == (4, 4)
    empty = streaks([], today=date(2024, 1, 2))
    assert (empty.current, empty.longest, empty.last_day) == (0, 0, None)


def test_weekly_iso_weeks_across_a_year_boundary() -> None:
    today = date(2021, 1, 6)  # Wednesday of 2021-W01; 2020 has a week 53
    data = [
        rec("2021-01-03T23:30", 1, active=600),  # Sunday: 2020-W53
        rec("2021-01-04T00:05", 1, active=300),  # Monday 00:05 local, Sunday in UTC: 2021-W01
        rec("2021-01-05T12:00", active=None, status=SessionStatus.UNKNOWN),  # counts, 0 min
        rec("2021-01-06T12:00", active=60, status=SessionStatus.RUNNING),  # still going: skipped
        rec("2020-11-16T09:00", active=120),  # Monday of the oldest week shown
        rec("2020-11-15T09:00", active=120),  # the Sunday before: too old
    ]
    weeks = weekly(data, today)
    assert len(weeks) == 8
    assert [w.label for w in weeks][0] == "2020-W47"
    assert [w.label for w in weeks][-2:] == ["2020-W53", "2021-W01"]
    assert all(w.start.weekday() == 0 for w in weeks)
    by_label = {w.label: w for w in weeks}
    assert (by_label["2020-W53"].sessions, by_label["2020-W53"].active_minutes) == (1, 10.0)
    assert (by_label["2021-W01"].sessions, by_label["2021-W01"].active_minutes) == (2, 5.0)
    assert (by_label["2020-W47"].sessions, by_label["2020-W47"].active_minutes) == (1, 2.0)
    assert sum(w.sessions for w in weeks) == 4
    assert week_start(date(2021, 1, 3)) == date(2020, 12, 28)


def test_pain_by_routine_with_counts() -> None:
    data = [
        rec("2024-05-01T08:00", routine="acute-relief", before=6, after=3),
        rec("2024-05-02T08:00", routine="acute-relief", before=5),
        rec("2024-05-03T08:00", routine="acute-relief", after=4),
        rec("2024-05-04T08:00", routine="acute-relief", before=7, after=6),
        rec("2024-05-04T09:00", routine="bridges"),
    ]
    acute, bridges = pain_by_routine(data)
    assert acute.routine == "acute-relief" and acute.sessions == 4
    assert (acute.before, acute.before_n) == (6.0, 3)
    assert (acute.after, acute.after_n) == (13 / 3, 3)
    assert (acute.change, acute.change_n) == (-2.0, 2)  # (-3 + -1) / 2, both-score sessions only
    assert (bridges.sessions, bridges.before, bridges.after, bridges.change) == (
        1,
        None,
        None,
        None,
    )
    assert (bridges.before_n, bridges.after_n, bridges.change_n) == (0, 0, 0)


def test_summarize_bundles_everything() -> None:
    data = [rec("2024-05-06T08:00", before=4, after=2), rec("2024-05-07T08:00")]
    stats = summarize(data, today=date(2024, 5, 7))
    assert stats.total_sessions == 2
    assert stats.streaks.current == 2
    assert stats.weeks[-1].sessions == 2 and stats.weeks[-1].label == "2024-W19"
    assert stats.weeks[-1].monday == "6 May"  # what `spasm stats` shows
    assert stats.pain[0].change == -2.0
