"""The rule and where a program stands, in the words a person reads."""

from __future__ import annotations

from datetime import date

import pytest

from spasm_cli.app.program_words import (
    ago,
    day_words,
    dose_reason,
    in_a_row,
    plural,
    rule_lines,
    standing_lines,
    step_line,
)
from spasm_cli.format.program_model import NO_PROGRESS, Progress
from spasm_cli.program.calendar import day_state
from spasm_cli.program.played import Played
from spasm_cli.program.rule import replay, state
from spasm_cli.safety import CAUTIONS

DAY = date(2026, 12, 3)
RULE = Progress(start=70, step=10, after=2, max=150, back_off_at=3)


def one(before: int | None, after: int | None, *, finished: bool = True) -> Played:
    return Played(day=1, local_date=DAY, finished=finished, pain_before=before, pain_after=after)


def text(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def test_rule_lines_quote_the_article_for_each_part_and_say_whose_numbers() -> None:
    said = text(rule_lines(RULE))
    assert f"“{CAUTIONS[1].text}”" in said  # start gently, progress as pain allows
    assert f"“{CAUTIONS[2].text}”" in said  # stop on a sharp increase
    assert "A core-stability guide ('Tips and cautions') says" in said
    assert "The first session is at 70%." in said
    assert "After 2 settled sessions in a row, the dose goes up 10%, to at most 150%" in said
    assert "3 or more points above pain before, even in a session you stopped early" in said
    assert "never below 70%" in said
    assert "or one where pain rose by 2." in said
    assert "These numbers are this program's choice, not medical advice" in said


def test_rule_lines_without_a_rule_of_its_own_say_they_are_the_defaults() -> None:
    assert "These numbers are spasm's defaults" in text(rule_lines(RULE, given=False))


@pytest.mark.parametrize(
    ("back_off_at", "neutral"),
    [(2, "one without both pain scores."), (3, "rose by 2."), (5, "rose by 2 to 4.")],
)
def test_the_neutral_range_follows_back_off_at(back_off_at: int, neutral: str) -> None:
    rule = Progress(back_off_at=back_off_at)
    assert text(rule_lines(rule)).endswith(
        "not medical advice: the articles give no numbers for them."
    )
    assert neutral in text(rule_lines(rule))


def test_rule_lines_of_a_program_that_keeps_the_routines_as_written() -> None:
    said = text(rule_lines(NO_PROGRESS))
    assert "The routines play as written (100%) every session" in said
    assert "settled" not in said and f"“{CAUTIONS[2].text}”" in said


def test_one_settled_session_is_not_a_row() -> None:
    assert in_a_row(1) == "1 settled session"
    assert in_a_row(3) == "3 settled sessions in a row"
    assert "After 1 settled session, the dose goes up" in text(rule_lines(Progress(after=1)))


@pytest.mark.parametrize(
    ("sessions", "reason"),
    [
        ([], "70%: where the program starts"),
        ([one(3, 3)], "70%: 1 more settled session to go up"),
        ([one(3, 3), one(2, 3)], "80%: up one step after 2 settled sessions in a row"),
        ([one(3, 3), one(3, 3), one(2, 6)], "70%: down one step: pain went from 2 to 6 last time"),
        ([one(2, 6)], "70%: kept: pain rose last time, and 70% is the lowest"),
        ([one(3, 3, finished=False)], "70%: kept: the last session was stopped before its end"),
        (
            [one(None, 3)],
            "70%: kept: the last session has no pain scores (give both to move the dose)",
        ),
        ([one(3, 5)], "70%: kept: pain rose by 2 last time"),
    ],
)
def test_dose_reason_says_why(sessions: list[Played], reason: str) -> None:
    assert dose_reason(RULE, state(RULE, sessions)) == reason


def test_dose_reason_at_the_top_says_so() -> None:
    top = Progress(start=140, step=10, after=1, max=150)
    sessions = [one(3, 3), one(3, 3)]
    assert (
        dose_reason(top, state(top, sessions)) == "150%: kept: 150% is the most this program goes"
    )


def test_step_line_says_what_the_session_did_to_the_dose() -> None:
    up = replay(RULE, [one(3, 3), one(3, 3)])[-1]
    down = replay(RULE, [one(3, 3), one(3, 3), one(1, 5)])[-1]
    kept = replay(RULE, [one(3, 3)])[-1]
    assert step_line(RULE, up) == "Dose up from 70% to 80% for the next session."
    assert step_line(RULE, down) == "Dose down from 80% to 70% for the next session."
    assert step_line(RULE, kept) == "The dose stays at 70% for the next session."
    assert step_line(NO_PROGRESS, kept) == "The routines stay as written (100%)."


def test_days_in_words() -> None:
    assert [day_words(d, DAY) for d in (DAY, date(2026, 12, 2), date(2026, 12, 4))] == [
        "today",
        "yesterday",
        "tomorrow",
    ]
    assert day_words(date(2026, 11, 28), DAY) == "28 Nov"
    assert [ago(0), ago(1), ago(5)] == ["today", "yesterday", "5 days ago"]
    assert [plural(1, "day"), plural(2, "day"), plural(0, "session")] == [
        "1 day",
        "2 days",
        "0 sessions",
    ]


def test_standing_lines_say_how_long_it_has_been_and_that_no_day_is_skipped() -> None:
    sessions = [Played(day=1, local_date=date(2026, 11, 28), finished=True)]
    days = day_state(28, date(2026, 11, 28), sessions, DAY)
    said = text(standing_lines("Core foundations", days, DAY))
    assert said.startswith("1 day of 28 done. Last session: 5 days ago.")
    assert "It has been 5 days since your last session." in said
    assert "goes on where you left off, with day 2: missed days are never skipped." in said
    yesterday = day_state(
        28, DAY, [Played(day=1, local_date=date(2026, 12, 2), finished=True)], DAY
    )
    assert text(standing_lines("X", yesterday, DAY)) == "1 day of 28 done. Last session: yesterday."
