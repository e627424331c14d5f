"""Output in an encoding that cannot carry spasm's characters: stand-ins, never a crash."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasm_cli import encoding


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\u2022", "*"),
        ("\u2014", "--"),
        ("\u2019", "'"),
        ("\u2192", "->"),
        ("\u2588", "#"),
        ("\u258c", "#"),
        ("\u00e9", "e"),
        ("\ufb01", "fi"),
        ("\u0663", "3"),  # ARABIC-INDIC DIGIT THREE
        ("\u4e2d", "?"),  # a letter with no ASCII form
        ("a", "a"),
    ],
)
def test_stand_ins(char: str, expected: str) -> None:
    assert encoding.stand_in(char) == expected


@given(st.text())
def test_to_ascii_always_gives_printable_ascii_for_printable_text(text: str) -> None:
    result = encoding.to_ascii(text)
    assert result.isascii()
    # A stand-in never brings a control character that was not already there.
    assert sum(not c.isprintable() for c in result) <= sum(not c.isprintable() for c in text)


def _stream(name: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=name, errors="strict")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ascii", "* cafe -- done\n"),
        ("latin-1", "* caf\u00e9 -- done\n"),  # é is Latin-1: kept
        ("cp1252", "\u2022 caf\u00e9 \u2014 done\n"),  # all of it is cp1252
    ],
)
def test_prepared_streams_write_stand_ins(
    name: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, err = _stream(name), _stream(name)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    encoding.prepare_streams()
    out.write("\u2022 caf\u00e9 \u2014 done\n")
    out.flush()
    assert out.buffer.getvalue().decode(name) == expected
    assert out.encoding == name  # only the error handler changed


def test_utf8_streams_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _stream("utf-8")
    monkeypatch.setattr(sys, "stdout", out)
    encoding.prepare_streams()
    assert out.errors == "strict"
