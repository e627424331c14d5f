"""Parsing and formatting of durations as routine files write them.

Accepted forms: a number of seconds (``30``, ``2.5``), a unit string
(``30s``, ``2m``, ``1m30s``, ``1h``, ``1.5m``) or a clock form (``1:30``,
``1:02:03``).
"""

from __future__ import annotations

import math
import re

_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0}
# re.ASCII: \d would also take other scripts' digits ("٣٠s"), which the JSON
# Schema (and every editor using it) refuses; the two must agree.
_UNIT_FORM = re.compile(
    r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$", re.ASCII
)
_CLOCK_FORM = re.compile(r"^(?:(\d+):)?(\d+):([0-5]\d(?:\.\d+)?)$", re.ASCII)
_NUMBER_FORM = re.compile(r"^\d+(?:\.\d+)?$", re.ASCII)

DURATION_HELP = "a duration like 30, 2.5, '30s', '2m', '1m30s' or '1:30'"


def _show(value: object) -> str:
    # Quoted values are cut short: a hostile file must not flood the messages.
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class DurationError(ValueError):
    """The text is not a duration; the message says what was expected."""


def parse_duration(value: object) -> float:
    """Return the number of seconds ``value`` stands for.

    ``value`` is what YAML gave: an int, a float or a string. Raises
    ``DurationError`` for anything else, for negative or non-finite numbers and
    for malformed strings. Zero is returned as 0.0; range checks belong to the
    caller, which knows whether zero is allowed.
    """
    if isinstance(value, bool):
        # YAML's yes/no become bools; they are never durations.
        raise DurationError(f"expected {DURATION_HELP}, got a boolean")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = _parse_text(value.strip().lower())
    else:
        raise DurationError(f"expected {DURATION_HELP}, got {type(value).__name__}")
    if not math.isfinite(seconds) or seconds < 0:
        raise DurationError(f"expected a duration of zero or more seconds, got {_show(value)}")
    return seconds


def _parse_text(text: str) -> float:
    if not text:
        raise DurationError(f"expected {DURATION_HELP}, got an empty string")
    if _NUMBER_FORM.match(text):
        return float(text)
    clock = _CLOCK_FORM.match(text)
    if clock:
        hours, minutes, seconds = clock.groups()
        return float(hours or 0) * 3600 + float(minutes) * 60 + float(seconds)
    units = _UNIT_FORM.match(text)
    if units and any(units.groups()):
        return sum(
            float(amount) * _UNITS[unit]
            for amount, unit in zip(units.groups(), "hms", strict=True)
            if amount is not None
        )
    raise DurationError(f"expected {DURATION_HELP}, got {_show(text)}")


def format_duration(seconds: float) -> str:
    """Format seconds for people: ``45s``, ``2m``, ``1m30s``, ``1h05m``."""
    total = round(seconds)
    if total < 60 and seconds != total:
        return f"{seconds:g}s"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m" + (f"{secs:02d}s" if secs else "")
    if minutes:
        return f"{minutes}m" + (f"{secs:02d}s" if secs else "")
    return f"{secs}s"


def format_clock(seconds: float) -> str:
    """Format seconds as a countdown clock, ``m:ss`` or ``h:mm:ss``, rounding up.

    Rounding up means a countdown shows ``0:01`` until the very end and never
    shows ``0:00`` while time is left.
    """
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
