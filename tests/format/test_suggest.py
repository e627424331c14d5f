""" "Did you mean": a prefix first, then a typo or two, nothing when nothing is close."""

from __future__ import annotations

import pytest

from spasm_cli.format.suggest import choices_text, did_you_mean, near

NAMES = ["breathing", "childs-pose", "core-beginner", "daily-stretch", "psoas-stretch"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("breath", ["breathing"]),
        ("core-begginer", ["core-beginner"]),
        ("child-pose", ["childs-pose"]),
        ("zzz", []),
        ("", []),
        ("breathing", []),  # the word itself is no suggestion
    ],
)
def test_near(word: str, expected: list[str]) -> None:
    assert [n for n in near(word, NAMES) if n != word] == expected


def test_choices_text_and_the_sentence() -> None:
    assert choices_text(["a"]) == "'a'"
    assert choices_text(["a", "b"]) == "'a' or 'b'"
    assert choices_text(["a", "b", "c"]) == "'a', 'b' or 'c'"
    assert did_you_mean("breath", NAMES) == " Did you mean 'breathing'?"
    assert did_you_mean("zzz", NAMES) == ""
