"""The progression rule: every verdict, every bound, and long runs of sessions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasm_cli.format.program_model import DEFAULT_PROGRESS, NO_PROGRESS, Progress
from spasm_cli.program.played import Played
from spasm_cli.program.rule import (
    DoseState,
    Verdict,
    judge,
    next_dose,
    replay,
    state,
)

DAY = date(2024, 12, 1)


def played(
    before: int | None = 3,
    after: int | None = 3,
    *,
    finished: bool = True,
    day: int = 1,
) -> Played:
    return Played(day, DAY, finished, before, after)


SETTLED = played(3, 3)
NEUTRAL = played(3, 5)
PAIN = played(2, 6)
NO_SCORE = played(None, None)
STOPPED = played(3, 3, finished=False)


def doses(progress: Progress, sessions: list[Played]) -> list[int]:
    return [j.dose_after for j in replay(progress, sessions)]


# --- judge -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (3, 3, Verdict.SETTLED),
        (3, 4, Verdict.SETTLED),  # up by 1 still settled
        (5, 2, Verdict.SETTLED),  # pain fell
        (3, 5, Verdict.NEUTRAL),  # up by 2, short of 3
        (3, 6, Verdict.PAIN_RISE),  # up by exactly back_off_at
        (0, 10, Verdict.PAIN_RISE),
    ],
)
def test_judge_by_rise(before: int, after: int, verdict: Verdict) -> None:
    assert judge(DEFAULT_PROGRESS, played(before, after)) is verdict


def test_pain_rise_wins_over_stopped_early() -> None:
    # Someone who stopped because pain rose sharply must not get the same load.
    assert judge(DEFAULT_PROGRESS, played(2, 7, finished=False)) is Verdict.PAIN_RISE


def test_stopped_early_without_pain_rise() -> None:
    assert judge(DEFAULT_PROGRESS, played(3, 4, finished=False)) is Verdict.STOPPED
    assert judge(DEFAULT_PROGRESS, played(3, 5, finished=False)) is Verdict.STOPPED


def test_stopped_comes_before_no_pain() -> None:
    assert judge(DEFAULT_PROGRESS, played(None, None, finished=False)) is Verdict.STOPPED
    assert judge(DEFAULT_PROGRESS, played(None, 9, finished=False)) is Verdict.STOPPED


@pytest.mark.parametrize(("before", "after"), [(None, None), (3, None), (None, 3)])
def test_a_missing_score_is_no_pain(before: int | None, after: int | None) -> None:
    assert judge(DEFAULT_PROGRESS, played(before, after)) is Verdict.NO_PAIN


def test_custom_back_off_at() -> None:
    strict = Progress(back_off_at=2)
    assert judge(strict, played(3, 5)) is Verdict.PAIN_RISE
    assert judge(strict, played(3, 4)) is Verdict.SETTLED
    lenient = Progress(back_off_at=5)
    assert judge(lenient, played(3, 7)) is Verdict.NEUTRAL
    assert judge(lenient, played(3, 8)) is Verdict.PAIN_RISE


def test_verdicts_are_strings() -> None:
    assert isinstance(Verdict.PAIN_RISE, str)
    assert [v.value for v in Verdict] == ["settled", "neutral", "pain_rise", "no_pain", "stopped"]


# --- replay ------------------------------------------------------------------


def test_no_sessions_plays_at_start() -> None:
    assert replay(DEFAULT_PROGRESS, []) == []
    assert next_dose(DEFAULT_PROGRESS, []) == 70
    assert state(DEFAULT_PROGRESS, []) == DoseState(70, 0, None, 2)


def test_one_settled_session_counts_but_does_not_step() -> None:
    (only,) = replay(DEFAULT_PROGRESS, [SETTLED])
    assert only.verdict is Verdict.SETTLED
    assert (only.dose_before, only.dose_after, only.streak, only.change) == (70, 70, 1, 0)
    assert only.played is SETTLED
    assert state(DEFAULT_PROGRESS, [SETTLED]).settled_to_go == 1


def test_after_settled_sessions_steps_up_and_restarts() -> None:
    first, second, third = replay(DEFAULT_PROGRESS, [SETTLED, SETTLED, SETTLED])
    assert (second.dose_before, second.dose_after, second.streak, second.change) == (70, 80, 0, 1)
    assert (third.dose_before, third.dose_after, third.streak) == (80, 80, 1)
    assert first.streak == 1
    assert next_dose(DEFAULT_PROGRESS, [SETTLED] * 4) == 90


def test_neutral_keeps_the_dose_and_breaks_the_row() -> None:
    judged = replay(DEFAULT_PROGRESS, [SETTLED, NEUTRAL, SETTLED])
    assert [j.verdict for j in judged] == [Verdict.SETTLED, Verdict.NEUTRAL, Verdict.SETTLED]
    assert [j.streak for j in judged] == [1, 0, 1]
    assert [j.dose_after for j in judged] == [70, 70, 70]
    assert judged[1].change == 0


@pytest.mark.parametrize(
    "breaker", [NEUTRAL, NO_SCORE, STOPPED], ids=["neutral", "no-pain", "stopped"]
)
def test_anything_not_settled_breaks_the_row(breaker: Played) -> None:
    assert doses(DEFAULT_PROGRESS, [SETTLED, breaker, SETTLED, SETTLED]) == [70, 70, 70, 80]


def test_pain_rise_steps_down_and_breaks_the_row() -> None:
    run = [SETTLED, SETTLED, SETTLED, PAIN]
    judged = replay(DEFAULT_PROGRESS, run)
    assert [j.dose_after for j in judged] == [70, 80, 80, 70]
    last = judged[-1]
    assert (last.verdict, last.streak, last.change) == (Verdict.PAIN_RISE, 0, -1)


def test_pain_rise_while_stopped_early_steps_down() -> None:
    run = [SETTLED, SETTLED, played(2, 6, finished=False)]
    judged = replay(DEFAULT_PROGRESS, run)
    assert judged[-1].verdict is Verdict.PAIN_RISE
    assert judged[-1].dose_after == 70


def test_no_pain_and_stopped_keep_the_dose() -> None:
    judged = replay(DEFAULT_PROGRESS, [SETTLED, SETTLED, NO_SCORE, STOPPED])
    assert [j.dose_after for j in judged] == [70, 80, 80, 80]
    assert [j.verdict for j in judged][2:] == [Verdict.NO_PAIN, Verdict.STOPPED]
    assert [j.change for j in judged] == [0, 1, 0, 0]


def test_floor_is_the_start() -> None:
    judged = replay(DEFAULT_PROGRESS, [PAIN, PAIN])
    assert [(j.dose_before, j.dose_after, j.change) for j in judged] == [(70, 70, 0), (70, 70, 0)]
    assert DEFAULT_PROGRESS.floor == 70


def test_max_bound_and_streak_restarts_there() -> None:
    progress = Progress(start=130, step=15, after=1, max=150)
    judged = replay(progress, [SETTLED, SETTLED, SETTLED])
    assert [(j.dose_after, j.change, j.streak) for j in judged] == [
        (145, 1, 0),
        (150, 1, 0),  # one step would pass max: stops at max
        (150, 0, 0),  # at max: no change, the streak still restarts
    ]
    assert state(progress, [SETTLED] * 3).settled_to_go is None


def test_start_at_max() -> None:
    progress = Progress(start=100, max=100)
    assert doses(progress, [SETTLED] * 4) == [100] * 4
    assert state(progress, []).settled_to_go is None


def test_custom_step_and_after() -> None:
    progress = Progress(start=50, step=25, after=3, max=200)
    assert doses(progress, [SETTLED] * 6 + [PAIN]) == [50, 50, 75, 75, 75, 100, 75]
    assert state(progress, [SETTLED] * 4).settled_to_go == 2


def test_progress_off_keeps_full_dose_but_still_judges() -> None:
    judged = replay(NO_PROGRESS, [SETTLED, SETTLED, PAIN, NEUTRAL, STOPPED])
    assert [j.dose_after for j in judged] == [100] * 5
    assert [j.dose_before for j in judged] == [100] * 5
    assert [j.change for j in judged] == [0] * 5
    assert [j.verdict for j in judged] == [
        Verdict.SETTLED,
        Verdict.SETTLED,
        Verdict.PAIN_RISE,
        Verdict.NEUTRAL,
        Verdict.STOPPED,
    ]
    assert state(NO_PROGRESS, [SETTLED]) == DoseState(100, 1, judged[0], None)


def test_progress_off_ignores_its_start_and_step() -> None:
    off = Progress(start=60, step=20, max=150, enabled=False)
    assert next_dose(off, []) == 100
    assert doses(off, [SETTLED] * 3 + [PAIN] * 2) == [100] * 5
    assert state(off, [SETTLED]).settled_to_go is None


def test_state_reports_the_last_session() -> None:
    run = [SETTLED, NEUTRAL, SETTLED]
    now = state(DEFAULT_PROGRESS, run)
    assert now.last is not None
    assert now.last.played is run[-1]
    assert (now.dose, now.streak, now.settled_to_go) == (70, 1, 1)


def test_a_long_run() -> None:
    # Up from 70 to 150 in 16 settled sessions, then held; two pain rises bring it down.
    run = [SETTLED] * 20 + [PAIN, PAIN, SETTLED, NEUTRAL, SETTLED, SETTLED]
    judged = replay(DEFAULT_PROGRESS, run)
    assert judged[15].dose_after == 150
    assert judged[19].dose_after == 150
    assert [j.dose_after for j in judged[20:]] == [140, 130, 130, 130, 130, 140]
    assert next_dose(DEFAULT_PROGRESS, run) == 140


def test_the_dose_ignores_what_a_row_recorded() -> None:
    # The dose comes from the scores, replayed from the start, not from a stored number.
    recorded = [Played(1, DAY, True, 3, 3, dose=120), Played(2, DAY, True, 3, 3, dose=10)]
    assert doses(DEFAULT_PROGRESS, recorded) == [70, 80]


# --- properties --------------------------------------------------------------

scores = st.one_of(st.none(), st.integers(min_value=0, max_value=10))
sessions = st.builds(
    lambda before, after, finished: Played(1, DAY, finished, before, after),
    scores,
    scores,
    st.booleans(),
)


@st.composite
def progresses(draw: st.DrawFn) -> Progress:
    start = draw(st.integers(min_value=10, max_value=200))
    return Progress(
        start=start,
        step=draw(st.integers(min_value=1, max_value=100)),
        after=draw(st.integers(min_value=1, max_value=30)),
        max=draw(st.integers(min_value=max(10, start), max_value=300)),
        back_off_at=draw(st.integers(min_value=2, max_value=10)),
        enabled=draw(st.booleans()),
    )


@given(progresses(), st.lists(sessions, max_size=60))
def test_dose_stays_in_bounds_and_moves_one_step(progress: Progress, run: list[Played]) -> None:
    top = progress.max if progress.enabled else 100
    floor = progress.floor
    judged = replay(progress, run)
    expected_before = progress.start if progress.enabled else 100
    for j in judged:
        assert j.dose_before == expected_before
        assert floor <= j.dose_after <= top
        moved = j.dose_after - j.dose_before
        assert j.change == (moved > 0) - (moved < 0)
        if moved > 0:
            assert j.verdict is Verdict.SETTLED
            assert moved == progress.step or j.dose_after == top
        elif moved < 0:
            assert j.verdict is Verdict.PAIN_RISE
            assert -moved == progress.step or j.dose_after == floor
        if j.verdict is not Verdict.SETTLED:
            assert j.streak == 0
        assert 0 <= j.streak < progress.after
        expected_before = j.dose_after
    assert next_dose(progress, run) == expected_before


@given(progresses(), st.lists(sessions, max_size=30))
def test_settled_to_go_is_what_the_next_step_needs(progress: Progress, run: list[Played]) -> None:
    now = state(progress, run)
    if now.settled_to_go is None:
        assert not progress.enabled or now.dose == progress.max
        return
    more = [Played(1, DAY, True, 3, 3)] * now.settled_to_go
    judged = replay(progress, run + more)
    assert judged[-1].change == 1
    assert all(j.change == 0 for j in judged[len(run) : -1])


def test_dates_do_not_matter_to_the_rule() -> None:
    run = [Played(1, DAY + timedelta(days=i * 30), True, 3, 3) for i in range(2)]
    assert doses(DEFAULT_PROGRESS, run) == [70, 80]
