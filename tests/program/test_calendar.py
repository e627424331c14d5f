"""The program days against the calendar: offered gently, never skipped."""

from __future__ import annotations

from datetime import date, timedelta

from spasm_cli.program.calendar import DayState, day_state, done_days
from spasm_cli.program.played import Played

START = date(2024, 12, 1)
LENGTH = 10


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def done(day: int, when: date, *, finished: bool = True) -> Played:
    return Played(day, when, finished, 3, 3, 70)


def test_first_day() -> None:
    assert day_state(LENGTH, START, [], START) == DayState(
        day=1,
        length=LENGTH,
        days_done=0,
        done_today=None,
        finished=False,
        last_date=None,
        since_last=None,
        since_start=0,
        missed=0,
    )


def test_a_day_done_today_stays_today_s_day() -> None:
    session = done(1, START)
    now = day_state(LENGTH, START, [session], START)
    assert now.day == 1
    assert now.done_today is session
    assert (now.days_done, now.last_date, now.since_last, now.missed) == (1, START, 0, 0)


def test_next_day_offered_after_midnight() -> None:
    now = day_state(LENGTH, START, [done(1, START)], on(1))
    assert now.day == 2
    assert now.done_today is None
    assert (now.since_last, now.since_start, now.missed) == (1, 1, 0)


def test_day_3_at_23_50_then_day_4_at_00_05() -> None:
    # Day 3 finished at 23:50 on 3 Dec: that evening it is still day 3, done;
    # at 00:05 on 4 Dec day 4 is offered.
    history = [done(1, date(2024, 12, 1)), done(2, date(2024, 12, 2)), done(3, date(2024, 12, 3))]
    evening = day_state(LENGTH, START, history, date(2024, 12, 3))
    assert (evening.day, evening.done_today) == (3, history[-1])
    after_midnight = day_state(LENGTH, START, history, date(2024, 12, 4))
    assert (after_midnight.day, after_midnight.done_today) == (4, None)


def test_missed_days_never_skip_program_days() -> None:
    history = [done(1, on(0)), done(2, on(1))]
    now = day_state(LENGTH, START, history, on(4))
    assert now.day == 3
    assert now.since_last == 3
    assert now.missed == 2  # on(2) and on(3); today is not over
    assert now.since_start == 4


def test_a_week_away() -> None:
    history = [done(day, on(day - 1)) for day in (1, 2, 3)]
    now = day_state(LENGTH, START, history, on(2 + 8))
    assert now.day == 4  # not day 10 or 11
    assert (now.since_last, now.missed, now.days_done) == (8, 7, 3)


def test_nothing_played_since_the_start_counts_the_start_day() -> None:
    assert day_state(LENGTH, START, [], on(3)).missed == 3
    assert day_state(LENGTH, START, [], on(1)).missed == 1


def test_stopped_early_does_not_make_a_day_done() -> None:
    history = [done(1, on(0)), done(2, on(1), finished=False)]
    now = day_state(LENGTH, START, history, on(1))
    assert now.day == 2  # offered again, the same day
    assert now.done_today is None
    assert now.days_done == 1
    assert now.last_date == on(0)
    assert day_state(LENGTH, START, history, on(2)).day == 2


def test_only_stopped_sessions() -> None:
    history = [done(1, on(0), finished=False)]
    now = day_state(LENGTH, START, history, on(2))
    assert (now.day, now.days_done, now.last_date, now.since_last, now.missed) == (
        1,
        0,
        None,
        None,
        2,
    )


def test_a_day_done_twice_counts_once() -> None:
    history = [done(1, on(0)), done(2, on(1)), done(2, on(2))]
    now = day_state(LENGTH, START, history, on(3))
    assert now.days_done == 2
    assert now.day == 3
    assert now.last_date == on(2)
    assert done_days(LENGTH, history) == frozenset({1, 2})


def test_an_earlier_day_played_again_today() -> None:
    history = [done(1, on(0)), done(2, on(1)), done(1, on(2))]
    now = day_state(LENGTH, START, history, on(2))
    assert now.day == 1
    assert now.done_today == history[-1]
    assert day_state(LENGTH, START, history, on(3)).day == 3


def test_next_day_is_highest_done_plus_one() -> None:
    history = [done(1, on(0)), done(5, on(1))]
    now = day_state(LENGTH, START, history, on(2))
    assert (now.day, now.days_done) == (6, 2)


def test_days_outside_the_program_are_ignored() -> None:
    history = [done(1, on(0)), done(0, on(1)), done(LENGTH + 3, on(2))]
    now = day_state(LENGTH, START, history, on(2))
    assert now.day == 2
    assert now.done_today is None
    assert now.days_done == 1
    assert now.last_date == on(0)


def test_finished_program() -> None:
    history = [done(day, on(day - 1)) for day in range(1, 4)]
    same_day = day_state(3, START, history, on(2))
    assert same_day.finished
    assert (same_day.day, same_day.done_today, same_day.days_done) == (3, history[-1], 3)
    later = day_state(3, START, history, on(20))
    assert later.finished
    assert (later.day, later.done_today, later.missed, later.since_last) == (3, None, 0, 18)


def test_not_finished_before_the_last_day() -> None:
    history = [done(day, on(day - 1)) for day in range(1, 3)]
    assert not day_state(3, START, history, on(2)).finished


def test_clock_moved_back_counts_as_today() -> None:
    session = done(2, on(5))
    history = [done(1, on(0)), session]
    now = day_state(LENGTH, START, history, on(3))
    assert now.done_today is session
    assert now.day == 2
    assert (now.since_last, now.missed) == (0, 0)


def test_clock_moved_back_before_the_start() -> None:
    now = day_state(LENGTH, START, [], on(-2))
    assert (now.day, now.since_start, now.missed) == (1, 0, 0)
