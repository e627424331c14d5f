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
# Two-digit seconds (and minutes after hours); their range is checked apart
# so that "1:60" gets the same message as "1m60s".
_CLOCK_FORM = re.compile(r"^(?:(\d+):)?(\d+):(\d\d(?:\.\d+)?)$", re.ASCII)
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
        if hours is not None and len(minutes) != 2:
            raise DurationError(f"expected {DURATION_HELP}, got {_show(text)}")
        return _checked(text, hours, minutes, seconds)
    units = _UNIT_FORM.match(text)
    if units and any(units.groups()):
        return _checked(text, *units.groups())
    raise DurationError(f"expected {DURATION_HELP}, got {_show(text)}")


def _checked(text: str, hours: str | None, minutes: str | None, seconds: str | None) -> float:
    """The seconds of the parts, refusing 60 or more of a unit after a larger one.

    "1m60s" and "1:60" are the same mistake and get the same message, which
    says how to write what was probably meant.
    """
    h, m, s = (float(part) if part is not None else None for part in (hours, minutes, seconds))
    total = (h or 0.0) * 3600 + (m or 0.0) * 60 + (s or 0.0)
    if s is not None and s >= 60 and (h is not None or m is not None):
        unit, larger = "seconds", "minutes" if m is not None else "hours"
    elif m is not None and m >= 60 and h is not None:
        unit, larger = "minutes", "hours"
    else:
        return total
    raise DurationError(
        f"expected {unit} under 60 after {larger} in {_show(text)}: "
        f"write {format_duration(total)} or {total:g}s"
    )


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
