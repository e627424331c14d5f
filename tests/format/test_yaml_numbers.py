"""Numbers that YAML 1.1 (PyYAML) and YAML 1.2 (editors, the JSON Schema) read differently."""

from __future__ import annotations

import pytest

from spasm_cli.errors import RoutineError
from spasm_cli.format.loader import parse_routine


def step(line: str) -> bytes:
    return f"title: T\nsteps:\n  - {line}\n".encode()


def load(line: str) -> object:
    return parse_routine(step(line), "n.yaml", default_name="n").steps[0]


@pytest.mark.parametrize(
    ("line", "plain"), [("reps: 010", "10"), ("hold: 010", "10"), ("hold: -012", "-12")]
)
def test_a_leading_zero_is_refused_saying_how_to_write_it(line: str, plain: str) -> None:
    with pytest.raises(RoutineError) as caught:
        load(line)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 5 + line.index(":") + 2)
    assert "leading zero" in problem.message and problem.message.endswith(f"write {plain}")


@pytest.mark.parametrize("line", ["reps: 1:30", "reps: 1_0", "reps: 0b11", "sets: 1:02"])
def test_base_60_underscores_and_binary_are_text_as_in_yaml_1_2(line: str) -> None:
    key, value = line.split(": ")
    with pytest.raises(RoutineError, match=f"expected a whole number .* got '{value}'"):
        load(line if key != "sets" else f"hold: 5s\n    {line}")


def test_a_base_60_duration_means_what_editors_read() -> None:
    assert load("hold: 1:30").hold == 90.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("line", ["reps: '010'", 'reps: "1:30"'])
def test_quoted_numbers_are_text(line: str) -> None:
    with pytest.raises(RoutineError, match="expected a whole number"):
        load(line)


def test_ordinary_numbers_are_unchanged() -> None:
    assert load("reps: 10").reps == 10  # type: ignore[attr-defined]
    assert load("hold: 2.5").hold == 2.5  # type: ignore[attr-defined]
    assert load("hold: 07").hold == 7.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("word", ["No", "yes", "ON", "off"])
def test_yes_no_on_off_are_words_as_in_yaml_1_2(word: str) -> None:
    assert load(f"title: {word}\n    hold: 5s").title == word  # type: ignore[attr-defined]


def test_a_date_is_text_as_in_yaml_1_2() -> None:
    assert load("title: 2026-12-02\n    hold: 5s").title == "2026-12-02"  # type: ignore[attr-defined]


def test_a_yes_for_a_setting_says_to_write_true(tmp_path: object) -> None:
    from pathlib import Path

    from spasm_cli.config import load_config
    from spasm_cli.errors import ConfigError

    path = Path(str(tmp_path)) / "config.yaml"
    path.write_text("sound: yes\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"config.yaml:1:8: sound: expected true or false, got 'yes'"
    ):
        load_config(path)


def test_an_impossible_date_is_text_too() -> None:
    with pytest.raises(RoutineError, match="expected a duration .* got '2024-13-45'"):
        load("hold: 2024-13-45")
