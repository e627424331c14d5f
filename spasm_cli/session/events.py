"""What a running session tells its subscribers.

The engine emits ``Event`` objects; the live screen, the plain printer, sound,
history and the trace writer each implement ``Subscriber``. Events carry a
``Snapshot`` of the session so that a subscriber never needs to reach into the
engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from spasm_cli.session.segments import Segment


class EventKind(str, Enum):
    """Every kind of event a session emits."""

    SESSION_START = "session_start"  # before the first segment; t == 0
    SEGMENT_START = "segment_start"
    SEGMENT_END = "segment_end"  # the segment ran to its end (not skipped)
    COUNTDOWN = "countdown"  # ``remaining`` whole seconds left: 10, 3, 2, 1
    TICK = "tick"  # a few times a second, for redrawing; never traced
    REP = "rep"  # a self-paced rep or a wait was acknowledged
    PAUSE = "pause"
    RESUME = "resume"
    SKIP = "skip"  # the user skipped the rest of the current segment
    BACK = "back"  # the user restarted the segment or went back one
    INPUT_ENDED = "input_ended"  # stdin closed: self-paced segments now run 3 s each
    QUIT = "quit"  # the user pressed q
    INTERRUPT = "interrupt"  # Ctrl-C, SIGTERM or SIGHUP
    FINISH = "finish"  # the last segment ended


class EndStatus(str, Enum):
    """How a session ended, as stored in history."""

    FINISHED = "finished"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Snapshot:
    """The state of a session at the moment of an event.

    Times are seconds. ``elapsed`` is time since the session started on the
    monotonic clock; ``planned`` is where the engine scheduled the current
    moment with pauses left out; ``segment_remaining`` is None for self-paced
    segments.
    """

    elapsed: float
    paused: bool
    paused_total: float
    index: int
    segment_count: int
    segment_elapsed: float
    segment_remaining: float | None
    routine_remaining: float
    done: int
    skipped: int


@dataclass(frozen=True)
class Event:
    """One thing that happened in a session."""

    kind: EventKind
    t: float  # seconds since session start, monotonic, pauses included
    planned: float  # planned time of this event, pauses excluded
    segment: Segment | None
    snapshot: Snapshot
    remaining: int | None = None  # for COUNTDOWN: whole seconds left
    detail: str = ""  # free text: why input ended, which signal interrupted


class Subscriber(Protocol):
    """Anything that wants to hear what a session does."""

    def handle(self, event: Event) -> None:
        """React to one event. Must return quickly: the timer is waiting."""
