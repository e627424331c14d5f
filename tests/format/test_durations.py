"""Durations as routine files write them, and as spasm prints them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasm_cli.format.durations import (
    DURATION_HELP,
    DurationError,
    format_clock,
    format_duration,
    parse_duration,
)
from spasm_cli.format.schema import DURATION_TEXT_PATTERN


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (30, 30.0),
        (2.5, 2.5),
        (0, 0.0),
        ("30", 30.0),
        ("2.5", 2.5),
        ("0", 0.0),
        ("30s", 30.0),
        ("2m", 120.0),
        ("1m30s", 90.0),
        ("1.5m", 90.0),
        ("1h", 3600.0),
        ("1h2m3s", 3723.0),
        ("1h30s", 3630.0),
        ("1:30", 90.0),
        ("0:05", 5.0),
        ("0:05.5", 5.5),
        ("1:02:03", 3723.0),
        (" 45S ", 45.0),
        ("2M", 120.0),
    ],
)
def test_parse_accepted_forms(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        [30],
        {"s": 30},
        "",
        "   ",
        "abc",
        "-5",
        -5,
        -0.5,
        float("inf"),
        float("nan"),
        "1:60",
        "1:5",
        "30 s",
        "1m30",
        "s",
        "m",
        "1.s",
        ".5",
        "5x",
        "1d",
        "30ss",
        "٣٠s",  # Arabic-Indic digits: Python's \d would take them, the schema does not
        "1_000",
    ],
)
def test_parse_refuses(value: object) -> None:
    with pytest.raises(DurationError, match="expected"):
        parse_duration(value)


def test_error_says_what_is_expected() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("soon")
    assert str(info.value) == f"expected {DURATION_HELP}, got 'soon'"
    with pytest.raises(DurationError, match="got a boolean"):
        parse_duration(True)
    with pytest.raises(DurationError, match="zero or more seconds, got -5"):
        parse_duration(-5)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (45, "45s"),
        (2.5, "2.5s"),
        (0.4, "0.4s"),
        (59, "59s"),
        (60, "1m"),
        (90, "1m30s"),
        (65, "1m05s"),
        (120, "2m"),
        (599.6, "10m"),
        (3599, "59m59s"),
        (3600, "1h00m"),
        (3661, "1h01m01s"),
        (3723, "1h02m03s"),
        (4 * 3600, "4h00m"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (-3, "0:00"),
        (0.2, "0:01"),
        (1, "0:01"),
        (1.0000000001, "0:01"),
        (9.5, "0:10"),
        (59.01, "1:00"),
        (60, "1:00"),
        (61, "1:01"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
    ],
)
def test_format_clock_rounds_up(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@given(st.integers(min_value=0, max_value=4 * 3600))
def test_format_duration_reads_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=0, max_value=4 * 3600))
def test_format_clock_reads_back(seconds: int) -> None:
    assert parse_duration(format_clock(seconds)) == seconds


@given(st.text(alphabet="0123456789.:hmsHMS \t٣x-", max_size=12))
def test_schema_pattern_and_parser_agree_on_text(text: str) -> None:
    try:
        parse_duration(text)
        parsed = True
    except DurationError:
        parsed = False
    assert (re.search(DURATION_TEXT_PATTERN, text) is not None) == parsed
