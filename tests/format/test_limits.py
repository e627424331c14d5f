"""What a person can follow: the duration floor, units under 60, and caps after expansion."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasm_cli.errors import RoutineError
from spasm_cli.format.durations import DurationError, parse_duration
from spasm_cli.format.loader import parse_routine
from spasm_cli.format.model import MIN_DURATION


def problems(text: str) -> list[str]:
    """The problems of a routine document, as `validate` prints them."""
    try:
        parse_routine(textwrap.dedent(text).encode(), "r.yaml", default_name="r")
    except RoutineError as err:
        return [str(p) for p in err.problems]
    return []


# -- the floor ---------------------------------------------------------------------

FIELDS = [
    ("hold: {d}", "step 1, hold"),
    ("rest: {d}", "step 1, rest"),
    ("{{reps: 3, tempo: {d}}}", "step 1, tempo"),
    ("{{reps: 3, hold: 2s, relax: {d}}}", "step 1, relax"),
    ("{{reps: 3, hold: {d}}}", "step 1, hold"),
    ("{{hold: 5s, sets: 2, rest: {d}}}", "step 1, rest"),
    ("{{breathe: {{inhale: {d}, exhale: 4s, cycles: 3}}}}", "step 1, breathe.inhale"),
    ("{{breathe: {{inhale: 4s, exhale: {d}, cycles: 3}}}}", "step 1, breathe.exhale"),
    (
        "{{breathe: {{inhale: 4s, hold_in: {d}, exhale: 4s, cycles: 3}}}}",
        "step 1, breathe.hold_in",
    ),
    (
        "{{breathe: {{inhale: 4s, exhale: 4s, hold_out: {d}, cycles: 3}}}}",
        "step 1, breathe.hold_out",
    ),
    ("{{breathe: {{inhale: 1s, exhale: 1s, duration: {d}}}}}", "step 1, breathe.duration"),
]


@pytest.mark.parametrize(("step", "where"), FIELDS)
@pytest.mark.parametrize("short", ["0.0001s", "0.0001", "0.49", "0:00.4", "0.4s"])
def test_every_duration_has_a_floor(step: str, where: str, short: str) -> None:
    found = problems(f"title: T\nsteps:\n  - {step.format(d=short)}\n")
    assert len(found) == 1, found
    assert f": {where}: expected at least 0.5s, got " in found[0]
    assert found[0].startswith("r.yaml:3:")
    assert "too quick to follow" in found[0]


@pytest.mark.parametrize(("step", "where"), FIELDS)
def test_the_floor_itself_is_allowed(step: str, where: str) -> None:
    assert problems(f"title: T\nsteps:\n  - {step.format(d='0.5s')}\n") == []


def test_lead_in_may_be_zero_but_not_a_flicker() -> None:
    assert problems("title: T\nlead_in: 0\nsteps:\n  - hold: 5s\n") == []
    (found,) = problems("title: T\nlead_in: 0.2s\nsteps:\n  - hold: 5s\n")
    assert "r.yaml:2:10: lead_in: expected at least 0.5s (or 0 for none), got '0.2s'" in found


def test_use_override_has_the_floor_too() -> None:
    (found,) = problems("title: T\nsteps:\n  - {use: breathing, hold: 0.01s}\n")
    assert "step 1, hold: expected at least 0.5s" in found


@given(st.floats(min_value=1e-6, max_value=MIN_DURATION - 1e-6))
def test_no_positive_duration_under_the_floor_validates(seconds: float) -> None:
    found = problems(f"title: T\nsteps:\n  - hold: {seconds:.9f}\n")
    assert len(found) == 1 and "expected at least 0.5s" in found[0]


# -- 60 of a unit after a larger one ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("1m60s", "seconds under 60 after minutes in '1m60s': write 2m or 120s"),
        ("1:60", "seconds under 60 after minutes in '1:60': write 2m or 120s"),
        ("1m90s", "seconds under 60 after minutes in '1m90s': write 2m30s or 150s"),
        ("0m75s", "seconds under 60 after minutes in '0m75s': write 1m15s or 75s"),
        ("1:75", "seconds under 60 after minutes in '1:75': write 2m15s or 135s"),
        ("0h60m", "minutes under 60 after hours in '0h60m': write 1h00m or 3600s"),
        ("0:60:00", "minutes under 60 after hours in '0:60:00': write 1h00m or 3600s"),
        ("0h61s", "seconds under 60 after hours in '0h61s': write 1m01s or 61s"),
    ],
)
def test_sixty_after_a_larger_unit_is_refused_alike(text: str, advice: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert str(info.value) == f"expected {advice}"
    (found,) = problems(f"title: T\nsteps:\n  - hold: '{text}'\n")
    assert found.endswith(f"step 1, hold: expected {advice}")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1m59s", 119.0), ("1:59", 119.0), ("90s", 90.0), ("90m", 5400.0), ("90:00", 5400.0)],
)
def test_a_unit_alone_may_be_60_or_more(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@given(st.integers(0, 200), st.integers(0, 99))
def test_unit_and_clock_forms_agree(minutes: int, seconds: int) -> None:
    """``XmYs`` and ``X:YY`` are accepted or refused together, for the same time."""
    units = f"{minutes}m{seconds}s"
    clock = f"{minutes}:{seconds:02d}"
    outcomes = []
    for text in (units, clock):
        try:
            outcomes.append(parse_duration(text))
        except DurationError as err:
            outcomes.append(str(err).split(" in ")[0])
    assert outcomes[0] == outcomes[1]
    assert isinstance(outcomes[0], str) == (seconds >= 60)
