"""`source:` in a routine: short ids, old file names (made ids), words, near misses."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from spasm_cli.errors import RoutineError
from spasm_cli.format.loader import load_routine


def routine_with(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "mine.yaml"
    text = f"title: Mine\nsource: {source}\nsteps:\n  - hold: 10\n"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("core-stability-guide", ("core-stability-guide",)),
        ("002_a8755f4e4cbf7c52.txt", ("core-stability-guide",)),
        ("[more4life, 001_f5d19e6a89d7a877.txt]", ("more4life", "back-pain-guide")),
        ("My physiotherapist's handout, May 2024", ("My physiotherapist's handout, May 2024",)),
        ("[holistic-guide, Dr Lee's advice]", ("holistic-guide", "Dr Lee's advice")),
    ],
)
def test_ids_file_names_and_words(tmp_path: Path, written: str, stored: tuple[str, ...]) -> None:
    assert load_routine(routine_with(tmp_path, written)).source == stored


def test_a_near_miss_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as caught:
        load_routine(routine_with(tmp_path, "[more4life, core-stabilty-guide]"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.where) == (2, "source item 2")
    assert problem.message == (
        "unknown source 'core-stabilty-guide' (did you mean 'core-stability-guide'?); "
        "`spasm sources` lists them, and a source of your own may be written in words"
    )


def test_a_near_miss_of_an_old_file_name(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as caught:
        load_routine(routine_with(tmp_path, "002_a8755f4e4cbf7c5.txt"))
    assert "did you mean 'core-stability-guide'?" in caught.value.problems[0].message
