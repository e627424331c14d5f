"""A program run's figures: days done and planned, sessions a week, the doses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spasm_cli.program.adherence import Adherence, DosePoint, adherence
from spasm_cli.program.played import Played

START = date(2024, 12, 1)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def session(day: int, offset: int, dose: int | None = 70, *, finished: bool = True) -> Played:
    return Played(day, on(offset), finished, 3, 3, dose)


def test_nothing_played_on_the_first_day() -> None:
    assert adherence(14, START, [], START) == Adherence(
        days_done=0, days_planned=1, sessions=0, per_week=0.0, doses=()
    )


def test_days_planned_counts_start_and_today() -> None:
    assert adherence(14, START, [], on(4)).days_planned == 5


def test_days_planned_never_past_the_length() -> None:
    assert adherence(14, START, [], on(60)).days_planned == 14


def test_days_planned_at_least_one_with_the_clock_moved_back() -> None:
    figures = adherence(14, START, [], on(-3))
    assert figures.days_planned == 1
    assert figures.per_week == 0.0


def test_days_done_and_sessions() -> None:
    played = [
        session(1, 0),
        session(2, 1, finished=False),
        session(2, 2),
        session(2, 3),  # done twice, counted once
        session(20, 4),  # past the program's length
    ]
    figures = adherence(14, START, played, on(4))
    assert figures.days_done == 2
    assert figures.sessions == 5  # every session played, finished or not


def test_per_week_first_week_counts_whole() -> None:
    played = [session(day, day - 1) for day in (1, 2, 3)]
    assert adherence(14, START, played, on(3)).per_week == pytest.approx(3.0)


def test_per_week_over_two_weeks() -> None:
    played = [session(day, day - 1) for day in range(1, 8)]
    # 7 sessions over 14 calendar days (start and today counted): 3.5 a week.
    assert adherence(28, START, played, on(13)).per_week == pytest.approx(3.5)


def test_doses_oldest_first_without_lost_ones() -> None:
    played = [session(1, 0, 70), session(2, 1, None), session(3, 2, 80)]
    assert adherence(14, START, played, on(2)).doses == (
        DosePoint(on(0), 70),
        DosePoint(on(2), 80),
    )


def test_dose_changes_keeps_the_first_and_each_change() -> None:
    doses = [70, 70, 80, 80, 80, 70, 70, 80]
    played = [session(i + 1, i, dose) for i, dose in enumerate(doses)]
    changes = adherence(14, START, played, on(8)).dose_changes()
    assert changes == (
        DosePoint(on(0), 70),
        DosePoint(on(2), 80),
        DosePoint(on(5), 70),
        DosePoint(on(7), 80),
    )
    assert changes[0] == (on(0), 70)  # a plain (date, dose) tuple too


def test_dose_changes_of_one_dose_and_of_none() -> None:
    same = [session(i + 1, i, 100) for i in range(3)]
    assert adherence(14, START, same, on(3)).dose_changes() == (DosePoint(on(0), 100),)
    assert adherence(14, START, [], on(3)).dose_changes() == ()
