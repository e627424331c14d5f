"""Text from routine files never reaches the terminal as control sequences.

Double-quoted YAML turns ``\\e``, ``\\a``, ``\\u202e`` into the characters
themselves; a routine must not be able to retitle the terminal, clear it, hide
its own caution or make it read backwards. Such text is refused with a
located message, and every message escapes what it quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from spasm_cli.errors import Problem, RoutineError, printable
from spasm_cli.format.loader import parse_routine

BASE = "title: {title}\ncaution: {caution}\nsteps:\n  - title: {step}\n    instructions: {text}\n    hold: 5s\n"


def routine(**fields: str) -> bytes:
    values = {"title": "Fine", "caution": "Fine", "step": "Fine", "text": "Fine", **fields}
    return BASE.format(**values).encode("utf-8")


HOSTILE = {
    "retitle the terminal (OSC)": '"\\e]0;pwned\\a"',
    "clear the screen": '"\\e[2J"',
    "invisible text": '"\\e[8mstop if it hurts"',
    "NUL": '"a\\0b"',
    "carriage return": '"ok\\rgone"',
    "backspace": '"ok\\bx"',
    "line separator": '"one\\Ltwo"',
    "paragraph separator": '"one\\Ptwo"',
    "right-to-left override": '"\\u202egnop"',
    "left-to-right isolate": '"\\u2066x\\u2069"',
    "noncharacter": '"x\\uFFFE"',
}


@pytest.mark.parametrize("field", ["title", "caution", "step", "text"])
@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_control_and_direction_characters_are_refused(field: str, value: str) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(routine(**{field: value}), "hostile.yaml", default_name="hostile")
    [problem] = caught.value.problems
    assert problem.file == "hostile.yaml" and problem.line >= 1
    assert "not allowed in routine text" in problem.message
    assert str(problem).isprintable()


def test_a_title_of_only_invisible_characters_is_empty() -> None:
    with pytest.raises(RoutineError, match="only invisible characters"):
        parse_routine(routine(title='"\\u200b\\u200d\\ufeff"'), "blank.yaml", default_name="blank")


def test_ordinary_text_in_any_script_is_fine() -> None:
    parsed = parse_routine(
        routine(title='"Étirement — 子供のポーズ, شد"'), "ok.yaml", default_name="ok"
    )
    assert parsed.title == "Étirement — 子供のポーズ, شد"


def test_an_unknown_key_with_escapes_is_quoted_escaped(
    tmp_path: Path, spasm: Callable[..., Run]
) -> None:
    path = tmp_path / "keys.yaml"
    path.write_bytes(b'title: T\n"\\e]0;x\\a": 1\nsteps:\n  - hold: 5s\n')
    result = spasm("validate", str(path))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "unknown key '\\x1b]0;x\\x07'" in result.stderr


def test_every_problem_prints_escaped() -> None:
    problem = Problem("\x1b[2Jevil.yaml", 1, 2, "title", "got '\x1b]0;x\x07'")
    assert str(problem) == "\\x1b[2Jevil.yaml:1:2: title: got '\\x1b]0;x\\x07'"
    assert printable("plain — text") == "plain — text"
