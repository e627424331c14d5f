"""What a routine writer reads: one error per mistake, steps counted from 1,
quoting advice in their own spelling, and "did you mean" for every closed set."""

from __future__ import annotations

import textwrap

import pytest

from spasm_cli.errors import RoutineError
from spasm_cli.format.loader import parse_routine
from spasm_cli.format.values import where


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineError) as info:
        parse_routine(textwrap.dedent(text).encode(), "f.yaml", default_name="f")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: A\nsteps:\n  - title: One\n    hodl: 10\n",
            "f.yaml:4:5: step 1, hodl: unknown key 'hodl' (did you mean 'hold'?)",
        ),
        (
            "title: A\nsteps:\n  - title: Two\n    breathing: {inhale: 4, exhale: 4, cycles: 3}\n",
            "f.yaml:4:5: step 1, breathing: unknown key 'breathing' (did you mean 'breathe'?)",
        ),
        (
            "titel: A\nsteps: [{hold: 5}]\n",
            "f.yaml:1:1: titel: unknown key 'titel' (did you mean 'title'?)",
        ),
        (
            "title: A\nsteps:\n  - breathe: {inhale: 4, exhale: 4, cylces: 3}\n",
            "f.yaml:3:37: step 1, breathe.cylces: unknown key 'cylces' (did you mean 'cycles'?)",
        ),
        (
            "title: A\nsteps:\n  - breathe: {inhal: 4, exhale: 4, cycles: 3}\n",
            "f.yaml:3:15: step 1, breathe.inhal: unknown key 'inhal' (did you mean 'inhale'?)",
        ),
    ],
)
def test_one_mistake_gives_one_error(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_an_unknown_key_that_is_no_kind_still_leaves_the_step_without_one() -> None:
    """`colour:` is not a typo of a kind: the step really has none, and says so."""
    assert problems("title: A\nsteps:\n  - title: One\n    colour: red\n") == [
        "f.yaml:4:5: step 1, colour: unknown key 'colour' (expected one of: title, instructions, "
        "hold, reps, tempo, relax, breathe, rest, wait, use, sides, alternate, sets, figure)",
        "f.yaml:3:5: step 1: step has no kind (expected one of hold, reps, breathe, rest, wait, use)",
    ]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ((), "routine"),
        (("title",), "title"),
        (("steps",), "steps"),
        (("steps", 0), "step 1"),
        (("steps", 2, "hold"), "step 3, hold"),
        (("steps", 1, "breathe", "inhale"), "step 2, breathe.inhale"),
        (("steps", 0, "instructions", 1), "step 1, instructions item 2"),
        (("tags", 0), "tags item 1"),
    ],
)
def test_places_count_steps_and_items_from_one(path: tuple[str | int, ...], words: str) -> None:
    assert where(path) == words


def test_the_third_step_is_step_3_as_show_numbers_it() -> None:
    text = "title: A\nsteps:\n  - hold: 5\n  - hold: 5\n  - hold: 0\n"
    assert problems(text) == [
        "f.yaml:5:11: step 3, hold: expected a duration above zero "
        "(a duration like 30, 2.5, '30s', '2m', '1m30s' or '1:30'), got 0"
    ]


@pytest.mark.parametrize(
    ("written", "advice"),
    [("5", "'5'"), ("0x1F", "'0x1F'"), (".5", "'.5'"), ("1.50", "'1.50'"), ("-7", "'-7'")],
)
def test_quoting_advice_quotes_what_the_person_wrote(written: str, advice: str) -> None:
    (problem,) = problems(f"title: A\nsteps:\n  - title: {written}\n    hold: 5\n")
    assert problem.endswith(
        f"step 1, title: expected text, got a number (put it in quotes: {advice})"
    )


@pytest.mark.parametrize("written", ["true", "False"])
def test_true_or_false_where_text_is_expected_gets_the_same_advice(written: str) -> None:
    (problem,) = problems(f"title: A\nsteps:\n  - title: {written}\n    hold: 5\n")
    assert problem.endswith(
        f"step 1, title: expected text, got true/false (put it in quotes: '{written}')"
    )


def test_a_clock_time_or_underscored_number_is_text_as_written() -> None:
    routine = parse_routine(
        b"title: 1:30\nsteps:\n  - title: 1_000\n    hold: 5\n", "f.yaml", default_name="f"
    )
    assert (routine.title, routine.steps[0].title) == ("1:30", "1_000")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "phase: recovry",
            "phase: expected acute, recovery or prevention, got 'recovry' (did you mean 'recovery'?)",
        ),
        ("phase: later", "phase: expected acute, recovery or prevention, got 'later'"),
        ("position: lyng", "(did you mean 'lying'?)"),
    ],
)
def test_routine_fields_of_a_closed_set_say_did_you_mean(line: str, expected: str) -> None:
    (problem,) = problems(f"title: A\n{line}\nsteps: [{{hold: 5}}]\n")
    assert problem.endswith(expected), problem


@pytest.mark.parametrize(
    ("sides", "hint"),
    [
        ("bothh", " (did you mean 'both'?)"),
        ("[left, rigth]", " (did you mean 'right'?)"),
        ("up", ""),
    ],
)
def test_sides_say_did_you_mean(sides: str, hint: str) -> None:
    (problem,) = problems(f"title: A\nsteps:\n  - hold: 5\n    sides: {sides}\n")
    assert "step 1, sides: expected both, left, right or a list of left and right" in problem
    assert problem.endswith(hint) and (hint or "did you mean" not in problem)
