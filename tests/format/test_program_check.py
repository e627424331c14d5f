"""Checking a program file: what a valid one gives, and every refusal at its FILE:LINE:COLUMN."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from spasm_cli.errors import RoutineError
from spasm_cli.format.model import MAX_FILE_BYTES
from spasm_cli.format.program_check import load_program, parse_program
from spasm_cli.format.program_model import (
    DEFAULT_PROGRESS,
    MAX_DAYS,
    PROGRAM_FIELDS,
    DayRoutine,
    Program,
    Progress,
)
from spasm_cli.format.validate import MAX_PROBLEMS

EXAMPLE = "[core-beginner, childs-pose]"
FULL = """\
name: core-foundations
title: Core foundations
summary: Four weeks of gentle core work.
phase: recovery
source: [core-stability-guide, back-pain-guide]
caution: Stop if the pain sharply increases.
days:
  - [core-beginner]
  - daily-stretch
  - [core-beginner, childs-pose]
progress:
  start: 70%
  step: 10%
  after: 2
  max: 150%
  back_off_at: 3
next: desk-health
"""


def parse(text: str, *, name: str | None = "plan", expected: str | None = None) -> Program:
    data = textwrap.dedent(text).encode("utf-8")
    return parse_program(data, "plan.yaml", default_name=name, expected_name=expected)


def refused(
    text: str | bytes, *, name: str | None = "plan", expected: str | None = None
) -> list[str]:
    """Every problem of ``text`` (the file's text, or its bytes), as `spasm validate` prints it."""
    with pytest.raises(RoutineError) as info:
        if isinstance(text, bytes):
            parse_program(text, "plan.yaml", default_name=name, expected_name=expected)
        else:
            parse(text, name=name, expected=expected)
    return [str(problem) for problem in info.value.problems]


# -- what a valid file gives ----------------------------------------------------------


def test_a_full_program_gives_every_field_with_its_places() -> None:
    program = parse_program(FULL.encode(), "plan.yaml", default_name="core-foundations")
    assert (program.name, program.title, program.phase) == (
        "core-foundations",
        "Core foundations",
        "recovery",
    )
    assert program.summary == "Four weeks of gentle core work."
    assert program.source == ("core-stability-guide", "back-pain-guide")
    assert program.caution == "Stop if the pain sharply increases."
    assert [day.names for day in program.days] == [
        ("core-beginner",),
        ("daily-stretch",),
        ("core-beginner", "childs-pose"),
    ]
    # Each day where its entry starts, each routine where its name starts.
    assert [(day.line, day.column) for day in program.days] == [(8, 5), (9, 5), (10, 5)]
    assert program.days[0].routines == (DayRoutine("core-beginner", 8, 6),)
    assert program.days[1].routines == (DayRoutine("daily-stretch", 9, 5),)
    assert program.days[2].routines == (
        DayRoutine("core-beginner", 10, 6),
        DayRoutine("childs-pose", 10, 21),
    )
    assert program.progress == Progress(start=70, step=10, after=2, max=150, back_off_at=3)
    assert program.progress_given
    assert (program.next, program.next_line, program.next_column) == ("desk-health", 17, 7)
    assert program.length == 3
    assert len(program.digest) == 64 and program.origin == "path"


def test_the_least_program_takes_the_file_name_and_the_default_rule() -> None:
    program = parse("title: Plan\ndays: [core-beginner]\n")
    assert program.name == "plan"
    assert [day.names for day in program.days] == [("core-beginner",)]
    assert program.progress == DEFAULT_PROGRESS and not program.progress_given
    assert (program.next, program.next_line, program.next_column) == (None, 0, 0)


def test_the_longest_program_and_the_fullest_day_are_allowed() -> None:
    day = "[" + ", ".join(f"r{i}" for i in range(10)) + "]"
    program = parse("title: Plan\ndays:\n" + f"  - {day}\n" * MAX_DAYS)
    assert program.length == MAX_DAYS and len(program.days[-1].routines) == 10


# -- days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (
            "days: core-beginner",
            f"plan.yaml:2:7: days: expected a list of days, each a routine name or a list of them like {EXAMPLE}, got 'core-beginner'",
        ),
        (
            "days: []",
            f"plan.yaml:2:7: days: expected at least one day, got an empty list (each day is a line like - {EXAMPLE})",
        ),
        (
            "days:\n  - []",
            f"plan.yaml:3:5: day 1: expected the routines of the day, like {EXAMPLE}, got an empty list",
        ),
        (
            "days:\n  - {routine: core-beginner}",
            f"plan.yaml:3:5: day 1: expected a routine name or a list of them like {EXAMPLE}, got a mapping",
        ),
        (
            "days:\n  - 3",
            f"plan.yaml:3:5: day 1: expected a routine name or a list of them like {EXAMPLE}, got a number",
        ),
        (
            "days:\n  -",
            f"plan.yaml:3:4: day 1: expected a routine name or a list of them like {EXAMPLE}, got nothing",
        ),
        (
            "days:\n  - [breathing]\n  - [core-beginner, 3]",
            "plan.yaml:4:21: day 2, routine 2: expected a routine name like core-beginner, got a number",
        ),
        (
            "days:\n  - [[breathing]]",
            "plan.yaml:3:6: day 1, routine 1: expected a routine name like core-beginner, got a list",
        ),
        (
            "days:\n  - [Core Beginner]",
            "plan.yaml:3:6: day 1, routine 1: expected a routine name of lowercase letters, digits and dashes, got 'Core Beginner'",
        ),
        (
            "days:\n  - core-beginner, childs-pose",
            "plan.yaml:3:5: day 1: expected one routine name, got 'core-beginner, childs-pose': "
            "a day of several routines is a list in brackets, like [core-beginner, childs-pose]",
        ),
    ],
)
def test_days_refused(days: str, expected: str) -> None:
    assert refused(f"title: Plan\n{days}\n") == [expected]


def test_too_many_days_and_too_many_routines_in_one_day() -> None:
    assert refused("title: Plan\ndays:\n" + "  - breathing\n" * (MAX_DAYS + 1)) == [
        "plan.yaml:3:3: days: expected at most 366 days (a year), got 367"
    ]
    day = "[" + ", ".join(f"r{i}" for i in range(11)) + "]"
    assert refused(f"title: Plan\ndays:\n  - breathing\n  - {day}\n") == [
        "plan.yaml:4:5: day 2: expected at most 10 routines in one day, got 11 (one day is one session)"
    ]


def test_every_bad_day_is_reported_not_only_the_first() -> None:
    problems = refused("title: Plan\ndays:\n  - []\n  - breathing\n  - [BAD]\n")
    assert [problem.split(": ")[1] for problem in problems] == ["day 1", "day 3, routine 1"]


def test_a_file_of_many_mistakes_lists_the_first_hundred_and_counts_the_rest() -> None:
    problems = refused("title: Plan\ndays:\n" + "  - []\n" * 150)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == "plan.yaml:102:5: file: 50 more problems not shown"


# -- keys, names and the document ------------------------------------------------------


def test_a_typo_of_a_required_key_is_one_mistake() -> None:
    assert refused("title: Plan\ndyas: [breathing]\n") == [
        "plan.yaml:2:1: dyas: unknown key 'dyas' (did you mean 'days'?)"
    ]
    assert refused("titel: Plan\ndays: [breathing]\n") == [
        "plan.yaml:1:1: titel: unknown key 'titel' (did you mean 'title'?)"
    ]


def test_unknown_keys_say_what_was_meant() -> None:
    assert refused("title: Plan\ndays: [b]\nprogres: off\n") == [
        "plan.yaml:3:1: progres: unknown key 'progres' (did you mean 'progress'?)"
    ]
    assert refused("title: Plan\ndays: [b]\nprogress:\n  strat: 70%\n  max: 150%\n") == [
        "plan.yaml:4:3: progress.strat: unknown key 'strat' (did you mean 'start'?)"
    ]
    everything = ", ".join(PROGRAM_FIELDS)
    assert refused("title: Plan\ndays: [b]\nzzz: 1\n") == [
        f"plan.yaml:3:1: zzz: unknown key 'zzz' (expected one of: {everything})"
    ]


def test_a_missing_required_key_says_what_it_is() -> None:
    assert refused("days: [breathing]\n") == [
        "plan.yaml:1:1: program: missing required key 'title' "
        "(Title shown by `spasm program` and `spasm today`)"
    ]
    assert refused("title: Plan\n") == [
        "plan.yaml:1:1: program: missing required key 'days' (One entry per program day, in "
        "order: the routines played one after another as that day's session, e.g. "
        "[core-beginner, childs-pose])"
    ]


def test_shared_fields_are_checked_as_a_routine_checks_them() -> None:
    problems = refused(
        "title: 5\nphase: recovry\nsource: [core-stability-guid]\nsummary: ''\ndays: [b]\n"
    )
    assert problems == [
        "plan.yaml:1:8: title: expected text, got a number (put it in quotes: '5')",
        "plan.yaml:2:8: phase: expected acute, recovery or prevention, got 'recovry' (did you mean 'recovery'?)",
        "plan.yaml:3:10: source item 1: unknown source 'core-stability-guid' (did you mean "
        "'core-stability-guide'?); `spasm sources` lists them, and a source of your own may be "
        "written in words",
        "plan.yaml:4:10: summary: expected text, got an empty string",
    ]


def test_a_name_other_than_the_file_name_is_refused_in_a_programs_folder() -> None:
    text = "name: other\ntitle: Plan\ndays: [b]\n"
    assert parse(text).name == "other"  # a file given by its path may name itself
    assert refused(text, expected="plan") == [
        "plan.yaml:1:7: name: name 'other' does not match the file name "
        "(expected name: plan, or rename the file)"
    ]


def test_names_are_program_names() -> None:
    assert refused("name: My Plan\ntitle: P\ndays: [b]\nnext: Desk Health\n") == [
        "plan.yaml:1:7: name: expected a program name of lowercase letters, digits and dashes, got 'My Plan'",
        "plan.yaml:4:7: next: expected a program name of lowercase letters, digits and dashes, got 'Desk Health'",
    ]
    assert refused("title: P\ndays: [b]\n", name="My Plan") == [
        "plan.yaml:1:1: program: the file name 'My Plan' is not a program name "
        "(expected name: with lowercase letters, digits and dashes)"
    ]
    assert refused("title: P\ndays: [b]\n", name=None) == [
        "plan.yaml:1:1: program: missing name (expected name: with lowercase letters, digits and dashes)"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "plan.yaml:1:1: file: is empty (expected a program: title and days)"),
        (b"  \n\n", "plan.yaml:1:1: file: is empty (expected a program: title and days)"),
        (
            b"# nothing yet\n",
            "plan.yaml:1:1: program: file is empty (expected a program: title and days)",
        ),
        (
            b"- a\n- b\n",
            "plan.yaml:1:1: program: expected a mapping with title and days, got a list",
        ),
        (
            b"just words\n",
            "plan.yaml:1:1: program: expected a mapping with title and days, got text",
        ),
        (b"title: Plan\xff\n", "plan.yaml:1:12: file: is not UTF-8 text (byte 0xff)"),
    ],
)
def test_a_file_that_is_no_program_document(data: bytes, expected: str) -> None:
    assert refused(data) == [expected]


# -- files -------------------------------------------------------------------------------


def test_load_program_reads_a_file_and_names_it_as_given(tmp_path: Path) -> None:
    path = tmp_path / "core-foundations.yaml"
    path.write_text(FULL, encoding="utf-8")
    program = load_program(path, origin="user", match_name=True)
    assert (program.name, program.path, program.origin) == ("core-foundations", path, "user")
    other = tmp_path / "mine.yaml"
    other.write_text(FULL, encoding="utf-8")
    with pytest.raises(RoutineError) as info:
        load_program(other, display="mine.yaml", match_name=True)
    assert str(info.value).startswith("mine.yaml:1:7: name: name 'core-foundations' does not match")
    assert load_program(other).name == "core-foundations"  # by path, its own name stands


def test_load_program_refuses_what_is_not_a_program_file(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as info:
        load_program(tmp_path, display="here")
    assert str(info.value) == "here:0:0: file: is a folder, not a program file"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RoutineError) as info:
        load_program(big, display="big.yaml")
    assert str(info.value).endswith("; a program file is a few KiB")
    with pytest.raises(RoutineError) as info:
        load_program(tmp_path / "gone.yaml", display="gone.yaml")
    assert str(info.value) == "gone.yaml:0:0: file: no such file"
