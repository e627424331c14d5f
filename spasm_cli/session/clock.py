"""Clocks: the real monotonic one, and a fake one tests move by hand.

The engine reads time only through a ``Clock`` and waits only through its
``Input`` (which waits on the keyboard and the clock together), so a test can
play a ten-minute routine in milliseconds without sleeping.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic time in seconds."""

    def now(self) -> float:
        """Seconds on a clock that never goes backwards; only differences matter."""


class MonotonicClock:
    """The real clock: ``time.monotonic``, immune to wall-clock changes."""

    def now(self) -> float:
        """Current monotonic time."""
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start

    def now(self) -> float:
        """The time it was last set to."""
        return self.time

    def advance(self, seconds: float) -> None:
        """Move forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self.time += seconds
