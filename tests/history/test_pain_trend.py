"""Pain over the most recent sessions, as series of points, on fixed records."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import count

from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.stats import (
    TREND_SESSIONS,
    TREND_SESSIONS_PER_ROUTINE,
    PainPoint,
    pain_by_routine,
    pain_trend,
    summarize,
)

_ids = count(1)
START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)


def rec(
    hours: float,
    before: int | None,
    after: int | None,
    *,
    routine: str = "acute-relief",
    title: str | None = None,
    status: SessionStatus = SessionStatus.FINISHED,
) -> SessionRecord:
    """A session ``hours`` after the first of May 2024, 08:00 UTC."""
    return SessionRecord(
        id=next(_ids),
        routine=routine,
        routine_hash="h" * 64,
        title=title or routine.replace("-", " ").capitalize(),
        started_at=START + timedelta(hours=hours),
        utc_offset_seconds=0,
        ended_at=None,
        planned_seconds=600.0,
        active_seconds=540.0,
        done=4,
        skipped=0,
        status=status,
        pain_before=before,
        pain_after=after,
        pid=1,
        host="h",
    )


def test_points_are_oldest_first_whatever_order_they_are_read_in() -> None:
    data = [rec(48, 5, 2), rec(0, 7, 4), rec(24, 6, 3)]  # newest first, as history reads
    trend = pain_trend(data)
    assert trend.overall.before == [7, 6, 5]
    assert trend.overall.after == [4, 3, 2]
    assert trend.overall.routine is None and trend.overall.title == "All sessions"


def test_sessions_at_the_same_moment_keep_the_order_they_were_recorded_in() -> None:
    first = rec(0, 1, 1)
    second = rec(0, 9, 9)
    assert first.id < second.id
    assert pain_trend([second, first]).overall.before == [1, 9]


def test_a_session_without_a_score_keeps_its_place_as_a_gap() -> None:
    data = [rec(0, 7, 4), rec(1, 6, None), rec(2, None, None), rec(3, None, 2), rec(4, 5, 1)]
    series = pain_trend(data).overall
    assert series.before == [7, 6, None, None, 5]
    assert series.after == [4, None, None, 2, 1]
    assert len(series.points) == 5  # nothing dropped
    assert [p.change for p in series.points] == [-3, None, None, None, -4]


def test_only_the_last_twenty_in_all_and_the_last_ten_per_routine() -> None:
    assert (TREND_SESSIONS, TREND_SESSIONS_PER_ROUTINE) == (20, 10)
    data = [rec(h, h % 11, 10 - h % 11) for h in range(25)]
    trend = pain_trend(data)
    assert len(trend.overall.points) == 20
    assert trend.overall.before == [h % 11 for h in range(5, 25)]  # the oldest five left out
    (acute,) = trend.routines
    assert acute.before == [h % 11 for h in range(15, 25)]
    assert acute.after == [10 - h % 11 for h in range(15, 25)]
    assert (trend.limit, trend.routine_limit) == (20, 10)


def test_limits_can_be_chosen() -> None:
    data = [rec(h, h, h) for h in range(6)]
    trend = pain_trend(data, limit=4, routine_limit=2)
    assert trend.overall.before == [2, 3, 4, 5]
    assert trend.routines[0].before == [4, 5]
    assert pain_trend(data, limit=0).overall.points == ()


def test_routines_in_the_pain_tables_order_titled_as_their_newest_session() -> None:
    data = [
        rec(0, 3, 2, routine="bridges", title="Old bridges title"),
        rec(1, 6, 4, routine="acute-relief"),
        rec(2, 2, 2, routine="bridges", title="Bridges"),
        rec(3, 5, None, routine="core-beginner"),
        rec(4, 4, 3, routine="acute-relief"),
    ]
    trend = pain_trend(data)
    assert [s.routine for s in trend.routines] == [p.routine for p in pain_by_routine(data)]
    assert [s.routine for s in trend.routines] == ["acute-relief", "bridges", "core-beginner"]
    acute, bridges, core = trend.routines
    assert (acute.before, acute.after) == ([6, 4], [4, 3])
    assert (bridges.title, bridges.before) == ("Bridges", [3, 2])
    assert (core.before, core.after) == ([5], [None])
    # the overall series interleaves them in time
    assert trend.overall.before == [3, 6, 2, 5, 4]


def test_a_running_session_is_not_a_point_yet() -> None:
    data = [rec(0, 6, 3), rec(1, 5, None, status=SessionStatus.RUNNING)]
    trend = pain_trend(data)
    assert trend.overall.points == (PainPoint(6, 3),)
    # every other way a session ends is a point, scored or not
    ended = [rec(2, None, None, status=s) for s in SessionStatus if s is not SessionStatus.RUNNING]
    assert len(pain_trend(data + ended).overall.points) == 1 + len(ended)


def test_no_scores_at_all_is_said() -> None:
    unscored = pain_trend([rec(0, None, None), rec(1, None, None, routine="bridges")])
    assert not unscored.has_scores
    assert not unscored.overall.has_scores and len(unscored.overall.points) == 2
    assert not pain_trend([]).has_scores and pain_trend([]).routines == ()
    assert pain_trend([rec(0, None, 0)]).has_scores  # 0 is a score


def test_summarize_carries_the_trend() -> None:
    data = [rec(0, 6, 3), rec(24, None, 2)]
    stats = summarize(data, today=date(2024, 5, 2))
    assert stats.trend.overall.before == [6, None]
    assert stats.trend.overall.after == [3, 2]
    assert stats.trend == pain_trend(data)


def test_a_program_day_is_named_by_its_routines_not_by_the_day() -> None:
    from dataclasses import replace as changed

    day = rec(1, 3, 2, routine="pelvic-tilts+dead-bug", title="Core foundations, day 3 of 28")
    day = changed(day, program="core-foundations")
    alone = rec(2, 4, 3, routine="breathing", title="Deep belly breathing")
    titles = {s.routine: s.title for s in pain_trend([day, alone]).routines}
    assert titles == {
        "pelvic-tilts+dead-bug": "pelvic-tilts + dead-bug",
        "breathing": "Deep belly breathing",
    }
