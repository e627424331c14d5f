"""The ``position:`` field: where the body is, written or taken from the routines used."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from spasm_cli import paths
from spasm_cli.errors import RoutineError
from spasm_cli.format.library import Library, RoutineDir
from spasm_cli.format.loader import parse_routine
from spasm_cli.format.model import POSITIONS, Routine
from spasm_cli.format.position import position_words, routine_position
from spasm_cli.format.schema import routine_schema

ROUTINE = """\
title: T
{position}
steps:
  - hold: 10s
"""


def parse(position: str) -> Routine:
    text = ROUTINE.format(position=position)
    return parse_routine(text.encode(), "r.yaml", default_name="r")


def problem(position: str) -> str:
    with pytest.raises(RoutineError) as info:
        parse(position)
    [found] = info.value.problems
    return str(found)


def test_a_single_position_and_a_list() -> None:
    assert parse("position: lying").position == ("lying",)
    assert parse("position: [standing, sitting]").position == ("standing", "sitting")
    assert parse("").position == ()


def test_a_near_miss_says_did_you_mean() -> None:
    message = problem("position: lyng")
    assert message.startswith("r.yaml:2:11: position: ")
    assert "did you mean 'lying'?" in message


def test_a_near_miss_inside_a_list_is_found_too() -> None:
    assert "did you mean 'sitting'" in problem("position: [lying, siting]")


def test_an_unknown_position_names_the_choices() -> None:
    message = problem("position: upside-down")
    assert "expected lying, kneeling, sitting or standing" in message
    assert "did you mean" not in message


@pytest.mark.parametrize("value", ["[]", "[lying, lying]", "3", "{a: 1}", "[[lying]]"])
def test_other_wrong_values_are_one_problem_each(value: str) -> None:
    assert "position" in problem(f"position: {value}")


def test_the_schema_has_the_closed_set() -> None:
    spec = routine_schema()["properties"]["position"]
    one, many = spec["anyOf"]
    assert one == {"enum": list(POSITIONS)}
    assert many["items"] == {"enum": list(POSITIONS)} and many["uniqueItems"]


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def test_a_routine_of_others_takes_their_positions_in_order_each_once(tmp_path: Path) -> None:
    for name, position in (("a", "sitting"), ("b", "[lying, sitting]"), ("c", "standing")):
        write(tmp_path, name, f"title: {name}\nposition: {position}\nsteps:\n  - hold: 5s\n")
    write(tmp_path, "none", "title: none\nsteps:\n  - hold: 5s\n")
    write(tmp_path, "inner", "title: inner\nsteps:\n  - use: c\n  - use: a\n")
    write(
        tmp_path,
        "outer",
        "title: outer\nsteps:\n  - use: a\n  - use: none\n  - use: b\n  - use: inner\n",
    )
    write(tmp_path, "own", "title: own\nposition: kneeling\nsteps:\n  - use: a\n")
    library = Library([RoutineDir(tmp_path, "dir")], cache=False)
    assert routine_position(library.get("outer"), library.get) == ("sitting", "lying", "standing")
    assert routine_position(library.get("own"), library.get) == ("kneeling",)
    assert routine_position(library.get("none"), library.get) == ()


def test_a_missing_or_circular_use_adds_nothing(tmp_path: Path) -> None:
    write(tmp_path, "a", "title: a\nsteps:\n  - use: b\n  - use: gone\n")
    write(tmp_path, "b", "title: b\nsteps:\n  - use: a\n  - use: c\n")
    write(tmp_path, "c", "title: c\nposition: lying\nsteps:\n  - hold: 5s\n")
    library = Library([RoutineDir(tmp_path, "dir")], cache=False)
    assert routine_position(library.get("a"), library.get) == ("lying",)


def test_every_bundled_routine_says_where_the_body_is() -> None:
    library = Library([RoutineDir(paths.bundled_routines_dir(), "bundled")], cache=False)
    for routine in library.scan().routines:
        assert routine_position(routine, library.get), f"{routine.name} has no position"
        if routine.position and any(step.use for step in routine.steps):
            # What a combined routine says agrees with the routines it is made of.
            derived = routine_position(replace(routine, position=()), library.get)
            assert routine.position == derived, routine.name


def test_position_words() -> None:
    assert position_words(("lying",)) == "lying down"
    assert position_words(("standing", "sitting")) == "standing or sitting"
    assert position_words(("lying", "kneeling", "sitting"), "then") == (
        "lying down, kneeling then sitting"
    )
    assert position_words(()) == ""
