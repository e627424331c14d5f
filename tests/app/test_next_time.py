"""One suggestion for next time: each case, from the routines' own phase and position."""

from __future__ import annotations

import pytest

from spasm_cli.app.next_time import STARTERS, Choice, Outcome, position_of, suggest
from spasm_cli.app.welcome import STARTS

BREATHING = Choice("breathing", "acute", "lying down", 300)
KNEES = Choice("knees-to-chest", "acute", "lying down", 120)
QL = Choice("ql-stretch", "acute", "standing", 90)
ACUTE = Choice("acute-relief", "acute", "lying down", 700)
BEGINNER = Choice("core-beginner", "recovery", "lying down", 600)
DEAD_BUG = Choice("dead-bug", "recovery", "lying down", 240)
BIRD_DOG = Choice("bird-dog", "recovery", "kneeling", 260)
DESK = Choice("desk-break", "prevention", "sitting", 300)
PLANK = Choice("side-plank", "prevention", "lying down", 200)
LIBRARY = [BREATHING, KNEES, QL, ACUTE, BEGINNER, DEAD_BUG, BIRD_DOG, DESK, PLANK]


def outcome(
    routine: Choice,
    before: int | None = None,
    after: int | None = None,
    done: int = 3,
    skipped: int = 0,
) -> Outcome:
    return Outcome(routine, before, after, done=done, skipped=skipped, total=done + skipped)


def test_pain_down_suggests_the_same_routine_again() -> None:
    line = suggest(outcome(DEAD_BUG, 5, 3), LIBRARY)
    assert line == "Next time: `spasm routine dead-bug` again, tomorrow."


def test_pain_down_after_an_acute_routine_at_high_pain_says_when_it_returns() -> None:
    line = suggest(outcome(BREATHING, 8, 6), LIBRARY)
    assert line == "Next time: `spasm routine breathing` again, when the pain returns."


def test_pain_the_same_suggests_a_related_routine_of_the_phase_same_position_first() -> None:
    line = suggest(outcome(DEAD_BUG, 4, 4), LIBRARY)
    # core-beginner: recovery, lying down, and the phase's way in.
    assert line == (
        "Next time, for a change: `spasm routine core-beginner`, another routine for "
        "recovering, done lying down."
    )
    line = suggest(outcome(BIRD_DOG, 4, 4), LIBRARY)
    assert "`spasm routine core-beginner`" in line  # no other kneeling one: the starter


def test_pain_the_same_with_nothing_related_suggests_the_same_again() -> None:
    assert (
        suggest(outcome(DESK, 4, 4), [DESK])
        == "Next time: `spasm routine desk-break` again, tomorrow."
    )


def test_pain_up_a_little_suggests_something_gentler_from_the_phase_before() -> None:
    line = suggest(outcome(PLANK, 3, 5), LIBRARY)
    assert line.startswith("Next time: something gentler, such as `spasm routine ")
    assert "(lying down), or rest." in line
    assert "`spasm routine dead-bug`" in line or "`spasm routine core-beginner`" in line
    assert "Listen to your body and rest when needed." in line
    line = suggest(outcome(DEAD_BUG, 3, 4), LIBRARY)
    assert "`spasm routine acute-relief`" in line or "`spasm routine breathing`" in line


def test_pain_up_a_little_in_an_acute_routine_suggests_rest() -> None:
    line = suggest(outcome(ACUTE, 5, 7), LIBRARY)
    assert line.startswith("Next time: rest first.")
    assert "Don’t push through the pain." in line


def test_pain_up_by_the_warning_rise_suggests_rest_never_another_routine() -> None:
    line = suggest(outcome(DESK, 2, 5), LIBRARY)
    assert line.startswith("Next time: rest first.")
    assert "spasm routine" not in line


def test_skipped_most_suggests_a_shorter_routine_of_the_phase() -> None:
    line = suggest(outcome(ACUTE, done=1, skipped=2), LIBRARY)
    # The shortest acute routine done lying down, as acute-relief is.
    assert (
        line
        == "Next time: a shorter routine, such as `spasm routine knees-to-chest` (about 2 minutes)."
    )


def test_skipped_most_with_nothing_shorter_falls_back() -> None:
    line = suggest(outcome(KNEES, done=0, skipped=3), [KNEES, ACUTE])
    assert line == "Next time: `spasm routine knees-to-chest` again, when the pain returns."


def test_an_acute_routine_finished_with_low_pain_points_at_the_recovery_starter() -> None:
    line = suggest(outcome(ACUTE, 6, 2), LIBRARY)
    assert line.startswith(
        "Next time, once the acute pain subsides: `spasm routine core-beginner`."
    )
    assert "Start with gentle, low-impact moves" in line
    # Without a before score, a low after score counts too.
    assert "core-beginner" in suggest(outcome(ACUTE, None, 1), LIBRARY)


def test_without_the_starter_the_recovery_phase_gives_its_shortest() -> None:
    line = suggest(outcome(ACUTE, 5, 2), [ACUTE, DEAD_BUG, BIRD_DOG])
    assert "`spasm routine dead-bug`" in line


def test_user_routines_are_suggested_from_their_own_data() -> None:
    mine = Choice("my-floor-stretch", "recovery", "lying down", 200)
    line = suggest(outcome(BEGINNER, 4, 4), [BEGINNER, mine, BIRD_DOG])
    assert "`spasm routine my-floor-stretch`" in line


def test_no_pain_scores_suggests_the_same_again() -> None:
    assert suggest(outcome(BEGINNER), LIBRARY) == (
        "Next time: `spasm routine core-beginner` again, tomorrow."
    )


@pytest.mark.parametrize(
    ("tags", "position", "words"),
    [
        (("stretch", "floor", "kneeling"), None, "kneeling"),
        (("stretch", "seated", "floor"), None, "sitting"),
        (("core", "floor"), None, "lying down"),
        (("core", "standing", "walking"), None, "standing"),
        (("massage",), None, ""),
        (("floor",), "standing", "standing"),
        ((), "lying", "lying down"),
    ],
)
def test_position_of(tags: tuple[str, ...], position: str | None, words: str) -> None:
    assert position_of(tags, position) == words


def test_the_starters_are_the_ones_spasm_alone_shows() -> None:
    assert sorted(STARTERS.values()) == sorted(name for _label, name in STARTS)


def test_every_suggestion_is_one_line() -> None:
    cases = [
        outcome(r, b, a, done, skipped)
        for r in LIBRARY
        for b, a in ((5, 3), (4, 4), (3, 5), (2, 9), (None, None), (6, 1))
        for done, skipped in ((3, 0), (0, 3))
    ]
    for case in cases:
        line = suggest(case, LIBRARY)
        assert "\n" not in line and line.startswith("Next time")
