"""A program's `progress:` rule: the defaults, off, and every refusal at its place."""

from __future__ import annotations

import textwrap

import pytest

from spasm_cli.errors import RoutineError
from spasm_cli.format.program_check import parse_program
from spasm_cli.format.program_model import DEFAULT_PROGRESS, NO_PROGRESS, Program, Progress


def parse(text: str) -> Program:
    return parse_program(textwrap.dedent(text).encode("utf-8"), "plan.yaml", default_name="plan")


def refused(text: str) -> list[str]:
    """Every problem of ``text``, as `spasm validate` prints it."""
    with pytest.raises(RoutineError) as info:
        parse(text)
    return [str(problem) for problem in info.value.problems]


# -- rules that are valid -------------------------------------------------------------


def test_a_partial_rule_takes_the_defaults_for_the_keys_left_out() -> None:
    program = parse("title: Plan\ndays: [breathing]\nprogress:\n  start: 50%\n  after: 4\n")
    assert program.progress == Progress(start=50, step=10, after=4, max=150, back_off_at=3)
    assert program.progress_given


@pytest.mark.parametrize("written", ["off", "false", "'off'"])
def test_progress_off_keeps_the_routines_as_written(written: str) -> None:
    program = parse(f"title: Plan\ndays: [breathing]\nprogress: {written}\n")
    assert program.progress == NO_PROGRESS and program.progress_given
    assert not program.progress.enabled
    assert (program.progress.start, program.progress.max, program.progress.floor) == (100, 100, 100)


def test_an_empty_rule_is_the_defaults_given() -> None:
    program = parse("title: Plan\ndays: [breathing]\nprogress: {}\n")
    assert program.progress == DEFAULT_PROGRESS and program.progress_given


# -- progress -------------------------------------------------------------------------


def rule(key: str, value: str) -> list[str]:
    """The problems of ``progress:`` with one key (its value on line 4, column len(key) + 5)."""
    return refused(f"title: Plan\ndays: [breathing]\nprogress:\n  {key}: {value}\n")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "start",
            "70",
            "4:10: progress.start: expected a percent with its sign, got 70 (write 70%)",
        ),
        ("max", "'150'", "4:8: progress.max: expected a percent like 70%, got '150' (write 150%)"),
        (
            "step",
            "70.0",
            "4:9: progress.step: expected a percent with its sign, got 70.0 (write 70%)",
        ),
        (
            "start",
            "72.5%",
            "4:10: progress.start: expected a whole percent like 70%, got '72.5%' (write 72% or 73%)",
        ),
        (
            "start",
            "72.5",
            "4:10: progress.start: expected a whole percent like 70%, got 72.5 (write 72% or 73%)",
        ),
        (
            "start",
            "'70 %'",
            "4:10: progress.start: expected a percent like 70%, got '70 %' (write 70%)",
        ),
        ("start", "seventy", "4:10: progress.start: expected a percent like 70%, got 'seventy'"),
        ("start", "true", "4:10: progress.start: expected a percent like 70%, got true/false"),
        ("start", "[70%]", "4:10: progress.start: expected a percent like 70%, got a list"),
        ("start", "5%", "4:10: progress.start: expected a percent from 10% to 200%, got '5%'"),
        ("start", "201%", "4:10: progress.start: expected a percent from 10% to 200%, got '201%'"),
        ("step", "0%", "4:9: progress.step: expected a percent from 1% to 100%, got '0%'"),
        ("step", "101%", "4:9: progress.step: expected a percent from 1% to 100%, got '101%'"),
        ("max", "9%", "4:8: progress.max: expected a percent from 10% to 300%, got '9%'"),
        ("max", "301%", "4:8: progress.max: expected a percent from 10% to 300%, got '301%'"),
        (
            "max",
            "9" * 5000 + "%",
            "4:8: progress.max: expected a percent from 10% to 300%, got '" + "9" * 56 + "...",
        ),
        ("after", "0", "4:10: progress.after: expected a whole number from 1 to 30, got 0"),
        ("after", "31", "4:10: progress.after: expected a whole number from 1 to 30, got 31"),
        ("after", "2%", "4:10: progress.after: expected a whole number from 1 to 30, got '2%'"),
        (
            "back_off_at",
            "1",
            "4:16: progress.back_off_at: expected a whole number from 2 to 10, got 1: a rise of 1 "
            "point still counts as a settled session, so it cannot also be the rise that steps the dose down",
        ),
        (
            "back_off_at",
            "0",
            "4:16: progress.back_off_at: expected a whole number from 2 to 10, got 0",
        ),
        (
            "back_off_at",
            "11",
            "4:16: progress.back_off_at: expected a whole number from 2 to 10, got 11",
        ),
        (
            "back_off_at",
            "'3'",
            "4:16: progress.back_off_at: expected a whole number from 2 to 10, got '3'",
        ),
    ],
)
def test_progress_values_refused(key: str, value: str, expected: str) -> None:
    assert rule(key, value) == [f"plan.yaml:{expected}"]


def test_the_limits_of_each_percent_are_allowed() -> None:
    for start, step, max_ in (("10%", "1%", "10%"), ("200%", "100%", "300%")):
        text = f"title: P\ndays: [b]\nprogress: {{start: {start}, step: {step}, max: {max_}}}\n"
        assert parse(text).progress.start == int(start[:-1])
    assert parse("title: P\ndays: [b]\nprogress: {back_off_at: 10, after: 30}\n").progress == (
        Progress(after=30, back_off_at=10)
    )


def test_a_max_below_start_is_refused_at_max() -> None:
    assert refused("title: P\ndays: [b]\nprogress:\n  start: 80%\n  max: 60%\n") == [
        "plan.yaml:5:8: progress.max: max 60% is below start 80%, so the first session would "
        "already be past the most the rule allows (expected max at least 80%)"
    ]


def test_a_start_above_the_default_max_is_refused_at_start() -> None:
    assert refused("title: P\ndays: [b]\nprogress:\n  start: 200%\n") == [
        "plan.yaml:4:10: progress.start: start 200% is above max (150% when not given), so the "
        "first session would already be past the most the rule allows (expected start at most "
        "150%, or a max of at least 200%)"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "true",
            "progress: progress: true is not a rule: leave progress out for the defaults, "
            "write its keys, or off",
        ),
        (
            "on",
            "progress: expected a mapping of start, step, after, max, back_off_at, or off, got 'on'",
        ),
        (
            "70%",
            "progress: expected a mapping of start, step, after, max, back_off_at, or off, got '70%'",
        ),
        (
            "[70%]",
            "progress: expected a mapping of start, step, after, max, back_off_at, or off, got a list",
        ),
    ],
)
def test_progress_that_is_not_a_rule(value: str, expected: str) -> None:
    assert refused(f"title: P\ndays: [b]\nprogress: {value}\n") == [f"plan.yaml:3:11: {expected}"]
