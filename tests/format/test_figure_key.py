"""`figure:` on a step: a bundled figure by name, or art of your own, each refusal at its place."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from spasm_cli.errors import Problem, RoutineError
from spasm_cli.format import figures
from spasm_cli.format.cache_json import BadEntry, routine_from, routine_json
from spasm_cli.format.loader import parse_routine
from spasm_cli.format.model import KIND_KEYS, STEP_FIELDS, FieldType, Routine, Step, StepKind
from spasm_cli.format.schema import routine_schema

HEAD = "title: Mine\nsteps:\n  - title: Bridge\n    hold: 10\n"


def load(text: str) -> Routine:
    return parse_routine(text.encode("utf-8"), "mine.yaml", default_name="mine")


def step_with(figure: str) -> Step:
    """The one step of a routine whose step says ``figure:`` as written (its lines indented 4)."""
    return load(HEAD + "    figure: " + figure).steps[0]


def problem_of(text: str) -> Problem:
    with pytest.raises(RoutineError) as caught:
        load(text)
    (problem,) = caught.value.problems
    return problem


def figure_problem(figure: str) -> Problem:
    return problem_of(HEAD + "    figure: " + figure)


# -- what is accepted ------------------------------------------------------------------


def test_a_bundled_figure_by_name() -> None:
    step = step_with("bridge\n")
    found = figures.get("bridge")
    assert found is not None
    assert (step.figure, step.figure_name) == (found.lines, "bridge")
    assert step.figure == found.phases[0]


@pytest.mark.parametrize("name", figures.names())
def test_every_bundled_name_is_accepted(name: str) -> None:
    step = step_with(name + "\n")
    assert step.figure_name == name and step.figure


def test_own_art_as_a_block() -> None:
    step = step_with("|\n      _o_\n      /|\\\n      / \\\n")
    assert step.figure == ("_o_", "/|\\", "/ \\")
    assert step.figure_name is None


def test_own_art_as_a_block_with_an_indentation_indicator() -> None:
    # A drawing whose first line starts with spaces needs `|2` (2 past the key).
    step = step_with("|2\n       o\n      /|\\\n")
    assert step.figure == (" o ", "/|\\")


def test_own_art_as_a_list() -> None:
    step = step_with('[" o", "/|\\\\", "/ \\\\"]\n')
    assert step.figure == (" o ", "/|\\", "/ \\")
    assert step.figure_name is None


def test_own_art_as_a_block_list() -> None:
    step = step_with("\n      - '  _o'\n      - ' /\\\\'\n")
    assert step.figure == ("  _o", " /\\\\")


def test_trailing_spaces_and_blank_lines_around_are_trimmed_and_lines_padded() -> None:
    step = step_with('["", "  o   ", "  |  ", "/ \\\\", "   "]\n')
    assert step.figure == ("  o", "  |", "/ \\")
    assert {len(line) for line in step.figure} == {3}


def test_wide_characters_are_padded_by_cells() -> None:
    step = step_with('["世界", "ab"]\n')
    assert step.figure == ("世界", "ab  ")


def test_a_figure_at_the_largest() -> None:
    line = "x" * figures.MAX_FIGURE_WIDTH
    items = ", ".join([f'"{line}"'] * figures.MAX_FIGURE_LINES)
    assert step_with(f"[{items}]\n").figure == (line,) * figures.MAX_FIGURE_LINES


@pytest.mark.parametrize(
    "step",
    [
        "  - hold: 10\n",
        "  - reps: 5\n",
        "  - breathe: {inhale: 4, exhale: 4, cycles: 2}\n",
        "  - rest: 10\n",
        "  - wait: true\n",
    ],
)
def test_every_kind_but_use_takes_a_figure(step: str) -> None:
    routine = load("title: Mine\nsteps:\n" + step + "    figure: standing\n")
    assert routine.steps[0].figure_name == "standing"


def test_step_fields_default_to_no_figure() -> None:
    step = Step(StepKind.HOLD, "Hold", hold=5.0)
    assert (step.figure, step.figure_name) == ((), None)
    assert load(HEAD).steps[0].figure == ()


def test_the_field_tables() -> None:
    assert STEP_FIELDS["figure"].type is FieldType.FIGURE
    assert "spasm figures" in STEP_FIELDS["figure"].description
    with_figure = {kind for kind, keys in KIND_KEYS.items() if "figure" in keys}
    assert with_figure == set(StepKind) - {StepKind.USE}


# -- what is refused, and where ----------------------------------------------------------


def test_a_near_miss_gets_did_you_mean() -> None:
    problem = figure_problem("brige\n")
    assert (problem.line, problem.column, problem.where) == (5, 13, "step 1, figure")
    assert problem.message == (
        "unknown figure 'brige' (did you mean 'bridge'?); `spasm figures` lists them"
    )


def test_an_unknown_word_names_spasm_figures() -> None:
    problem = figure_problem("zzqx\n")
    assert str(problem).startswith("mine.yaml:5:13: step 1, figure: unknown figure 'zzqx': ")
    assert "`spasm figures` lists them" in problem.message
    assert "figure: |" in problem.message


def test_words_on_one_line_are_not_a_name() -> None:
    problem = figure_problem("'o/ and more'\n")
    assert (problem.line, problem.column) == (5, 13)
    assert problem.message.startswith("'o/ and more' is not a figure's name; `spasm figures`")


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("5\n", "expected a figure's name or a drawing, got a number"),
        ("true\n", "expected a figure's name or a drawing, got true/false"),
        ("{a: 1}\n", "expected a figure's name or a drawing, got a mapping"),
        ("''\n", "expected a figure's name or a drawing, got an empty string"),
        ("[]\n", "expected a figure's lines, got an empty list"),
        ("|\n      \n      \n", "expected a figure's name or a drawing, got an empty string"),
        ('"  \\n  \\n"', "the figure is blank (expected a drawing of 1 to 6 lines)"),
        ('["  ", ""]\n', "the figure is blank (expected a drawing of 1 to 6 lines)"),
        ('["\\u200b"]\n', "the figure is blank (expected a drawing of 1 to 6 lines)"),
    ],
)
def test_values_that_are_no_figure(written: str, words: str) -> None:
    problem = figure_problem(written)
    assert (problem.line, problem.column, problem.where) == (5, 13, "step 1, figure")
    assert problem.message.startswith(words)


def test_a_line_too_wide_in_a_block_is_placed_at_that_line() -> None:
    problem = figure_problem("|\n      o\n      " + "x" * 29 + "\n      o\n")
    assert (problem.line, problem.column, problem.where) == (7, 7, "step 1, figure")
    assert problem.message == "line 2 is 29 cells wide (expected at most 28)"


def test_a_line_of_a_block_with_an_indicator_is_placed_at_the_blocks_indentation() -> None:
    problem = figure_problem("|2\n       o\n      " + "x" * 29 + "\n    sides: left\n")
    assert (problem.line, problem.column) == (7, 7)


def test_width_is_counted_in_cells() -> None:
    problem = figure_problem('["o", "' + "世" * 15 + '"]\n')
    assert (problem.line, problem.column, problem.where) == (5, 19, "step 1, figure item 2")
    assert problem.message == "line 2 is 30 cells wide (expected at most 28)"


def test_too_many_lines_is_placed_at_the_first_one_too_many() -> None:
    art = "".join(f"      {n}\n" for n in range(1, 9))
    problem = figure_problem("|\n" + art)
    assert (problem.line, problem.column) == (12, 7)  # the 7th line of the drawing
    assert problem.message == "the figure has 8 lines (expected at most 6)"


def test_too_many_lines_in_a_list() -> None:
    problem = figure_problem("\n" + "".join(f"      - '{n}'\n" for n in range(7)))
    assert (problem.line, problem.column, problem.where) == (12, 9, "step 1, figure item 7")
    assert problem.message == "the figure has 7 lines (expected at most 6)"


def test_a_tab_is_refused_at_its_line() -> None:
    problem = figure_problem("|\n      o\n      a\tb\n")
    assert (problem.line, problem.column) == (7, 7)
    assert problem.message == (
        "line 2 holds a tab, which each terminal draws at its own width: use spaces"
    )


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ('"\\e[2J"', "line 2 holds U+001B (ESCAPE): control and direction-changing"),
        ('"a\\rb"', "line 2 holds U+000D (CARRIAGE RETURN): control"),
        ('"ab\\u202e"', "line 2 holds U+202E (RIGHT-TO-LEFT OVERRIDE): control"),
        ('"a\\u2028b"', "line 2 holds U+2028 (LINE SEPARATOR): control"),
        ('"a\\tb"', "line 2 holds a tab"),
        ('"a\\nb"', "line 2 holds a line break: give each line as an item"),
        ("7", "line 2: expected text, got a number (put it in quotes)"),
        ("[x]", "line 2: expected text, got a list"),
    ],
)
def test_a_bad_line_in_a_list_is_placed_at_its_item(item: str, words: str) -> None:
    problem = figure_problem(f'["o", {item}]\n')
    assert (problem.line, problem.column, problem.where) == (5, 19, "step 1, figure item 2")
    assert problem.message.startswith(words)


def test_a_control_character_in_a_block() -> None:
    problem = figure_problem('"o\\n\\e]0;x\\a\\n"\n')
    assert (problem.line, problem.column) == (5, 13)  # a quoted string: at its start
    assert problem.message.startswith("line 2 holds U+001B (ESCAPE)")


def test_a_figure_on_a_use_step_does_not_belong_to_that_kind() -> None:
    problem = problem_of("title: Mine\nsteps:\n  - use: breathing\n    figure: lying-rest\n")
    assert (problem.line, problem.column, problem.where) == (4, 5, "step 1, figure")
    assert problem.message.startswith("'figure' does not apply to a use step (it goes with hold")


def test_a_figure_alone_is_no_kind_of_step() -> None:
    problem = problem_of("title: Mine\nsteps:\n  - title: X\n    figure: standing\n")
    assert problem.message.startswith("step has no kind")


def test_every_problem_of_a_file_is_listed() -> None:
    text = (
        "title: Mine\nsteps:\n  - hold: 5\n    figure: brige\n"
        "  - rest: 5\n    figure: ['" + "x" * 30 + "']\n"
    )
    with pytest.raises(RoutineError) as caught:
        load(text)
    assert [(p.line, p.where) for p in caught.value.problems] == [
        (4, "step 1, figure"),
        (6, "step 2, figure item 1"),
    ]


# -- the cache and the schema ---------------------------------------------------------------


def test_the_cache_keeps_a_figure_and_refuses_one_no_file_could_give() -> None:
    routine = load(
        "title: Mine\nsteps:\n  - hold: 5\n    figure: bridge\n"
        "  - rest: 5\n    figure: ['o', '/|']\n"
    )
    data = json.loads(json.dumps(routine_json(routine)))
    again = routine_from(data, Path("mine.yaml"), "path")
    assert again.steps == routine.steps and again.steps[1].figure == ("o ", "/|")
    for damage in (
        {"figure": ["nothing like it"]},
        {"figure_name": "no-such-figure"},
        {"figure_name": None, "figure": ["\x1b[2J"]},
        {"figure": ["o"] * 7, "figure_name": None},
    ):
        broken = json.loads(json.dumps(data))
        broken["steps"][0].update(damage)
        with pytest.raises(BadEntry):
            routine_from(broken, Path("mine.yaml"), "path")


@pytest.mark.parametrize(
    ("figure", "valid"),
    [
        ("bridge", True),
        ("o\n/|\\\n", True),
        (["o", "/|"], True),
        (["o"] * 6, True),
        ("brige", False),
        ([], False),
        (["o"] * 7, False),
        ([1], False),
        (5, False),
    ],
)
def test_the_schema_takes_a_name_a_block_or_a_list(figure: object, valid: bool) -> None:
    validator = jsonschema.Draft202012Validator(routine_schema())
    for step in ({"hold": 5}, {"reps": 3}, {"wait": True}, {"rest": 5}):
        document = {"title": "T", "steps": [{**step, "figure": figure}]}
        assert validator.is_valid(document) is valid, (step, figure)
    used = {"title": "T", "steps": [{"use": "breathing", "figure": "bridge"}]}
    assert not validator.is_valid(used)
    schema = routine_schema()
    hold = next(s for s in schema["$defs"]["step"]["oneOf"] if s["title"] == "hold step")
    names = hold["properties"]["figure"]["anyOf"][0]["enum"]
    assert names == figures.names()
    assert yaml.safe_load("figure: |\n  o\n")["figure"] == "o\n"
