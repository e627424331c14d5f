"""Line-by-line session output for pipes, dumb terminals and screen readers.

``PlainPrinter`` is the ``--plain`` twin of the live screen: one line per
event, each prefixed with the time since the session started, and nothing a
terminal would interpret (no colour, no cursor movement, no escape sequences).
A screen reader speaks every line, so the printer stays quiet on ticks and
on countdowns too short to be worth announcing.

The small text helpers here (clock and spoken durations, the end-of-session
summary) are shared with the live screen; this module must not import Rich.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence

from spasm_cli.session.events import EndStatus, Event, EventKind
from spasm_cli.session.legend import KeyStyle, paused_hint, plain_hint
from spasm_cli.session.segments import BREATH_KINDS, Segment, SegmentKind
from spasm_cli.terminal.tally import StepTally, exercises_line
from spasm_cli.wrapping import wrap_line

# Countdown announcements for segments shorter than this are noise for a
# screen reader: a 2 s relax between reps would speak "2", "1" every rep.
_MIN_COUNTDOWN_SEGMENT = 5.0

# Floats from a monotonic clock can land a hair below a whole second
# (4.9999997); without this nudge the prefix would show the previous second.
_EPSILON = 1e-6

_STATUS_PHRASES = {
    EndStatus.FINISHED.value: "finished",
    EndStatus.STOPPED.value: "stopped early",
    EndStatus.INTERRUPTED.value: "interrupted",
}

_END_STATUS = {
    EventKind.FINISH: EndStatus.FINISHED,
    EventKind.QUIT: EndStatus.STOPPED,
    EventKind.INTERRUPT: EndStatus.INTERRUPTED,
}

_BACK_PHRASES = {
    "restart exercise": "Back to the start of this exercise",
    "previous exercise": "Back to the previous exercise",
    "restart": "Back to the start of this part",
    "previous": "Back one part",
}

_BREATH_WORDS = {
    SegmentKind.INHALE: "Breathe in",
    SegmentKind.HOLD_IN: "Hold your breath",
    SegmentKind.EXHALE: "Breathe out",
    SegmentKind.HOLD_OUT: "Hold, lungs empty",
}


def format_clock(seconds: float) -> str:
    """Format whole seconds as ``mm:ss``, or ``h:mm:ss`` from one hour on.

    Fractions are dropped (the caller rounds first when it wants a countdown
    that shows 1 during the last second); negative values show as ``00:00``.
    """
    total = max(0, int(seconds + _EPSILON))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def whole_seconds_left(remaining: float) -> int:
    """Seconds to show for a countdown: 3 while 2.0 < remaining <= 3.0, never below 0."""
    return max(0, math.ceil(remaining - _EPSILON))


def spoken_duration(seconds: float) -> str:
    """Say a duration in words: "1 second", "2.5 seconds", "1 minute 30 seconds"."""
    if seconds < 60:
        value = round(seconds, 1)
        number = f"{value:g}"
        return f"{number} second" if number == "1" else f"{number} seconds"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    for amount, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")):
        if amount:
            parts.append(f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s")
    return " ".join(parts)


def clean(text: str) -> str:
    """Remove control characters from routine text before it reaches a terminal.

    Routine files are user-written; an ESC or a carriage return in a title
    must not move the cursor or recolour the terminal.
    """
    if text.isprintable():
        return text
    return "".join(
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or not unicodedata.category(ch).startswith("C")
    )


def summary_lines(
    *,
    title: str,
    status: str,
    elapsed: float,
    active: float,
    done: int,
    skipped: int,
    total: int,
    breaths: int = 0,
    reps: int = 0,
) -> list[str]:
    """Describe how a session went, in a few plain lines.

    ``status`` is an ``EndStatus`` value ("finished", "stopped",
    "interrupted"); ``elapsed`` is wall time including pauses and ``active``
    excludes them; ``done``, ``skipped`` and ``total`` count exercises (steps,
    see ``tally``).
    """
    phrase = _STATUS_PHRASES.get(str(getattr(status, "value", status)), str(status))
    paused = max(0.0, elapsed - active)
    # Whole seconds, as the clock on screen shows them: "7.3 seconds" is
    # precision nobody in pain needs.
    time_line = f"Time: {spoken_duration(int(elapsed))}"
    if paused >= 1:
        time_line += f", {spoken_duration(int(paused))} of it paused"
    return [
        f"{clean(title)}: {phrase}.",
        f"{time_line}.",
        exercises_line(done, skipped, total, breaths=breaths, reps=reps),
    ]


def alternating_sets(segments: Sequence[Segment]) -> frozenset[tuple[int, int]]:
    """The (step, set) pairs whose reps switch sides rep by rep (``alternate: true``).

    Their side belongs on each rep, not on the step's heading.
    """
    sides: dict[tuple[int, int], set[str]] = {}
    for seg in segments:
        if seg.kind is SegmentKind.REP and seg.side:
            sides.setdefault((seg.step_index, seg.set_no), set()).add(seg.side)
    return frozenset(key for key, found in sides.items() if len(found) > 1)


def step_heading(segment: Segment, *, with_side: bool = True) -> str:
    """Name the step, side and set: "Step 2 of 6: Child's pose, left side, set 1 of 2"."""
    parts = [f"Step {segment.step_index} of {segment.step_count}: {clean(segment.step_title)}"]
    if segment.side and with_side:
        parts.append(f"{clean(segment.side)} side")
    if segment.set_count > 1:
        parts.append(f"set {segment.set_no} of {segment.set_count}")
    return ", ".join(parts)


def next_text(segments: Sequence[Segment], index: int) -> str:
    """What comes after segment ``index``, for a "next:" line."""
    if index + 1 >= len(segments):
        return "finish"
    current = segments[index] if 0 <= index < len(segments) else None
    following = segments[index + 1]
    if current is None or following.step_index != current.step_index:
        return step_heading(following)
    label = following.label
    if following.kind is SegmentKind.REP and following.rep_no is not None:
        # "Rep 3 of 10", not "Rep, rep 3 of 10".
        label = f"Rep {following.rep_no} of {following.rep_count}"
    elif following.kind is SegmentKind.RELAX and following.rep_no is not None:
        label = f"{label}, rep {following.rep_no} of {following.rep_count}"
    if following.side and following.side != current.side:
        label = f"{label}, {clean(following.side)} side"
    elif following.set_no != current.set_no:
        label = f"{label}, set {following.set_no} of {following.set_count}"
    if following.duration is not None:
        label = f"{label} ({spoken_duration(following.duration)})"
    return label


class PlainPrinter:
    """A ``Subscriber`` that writes one plain line per session event.

    ``write`` receives one line at a time without a trailing newline (``print``
    with ``flush=True`` fits), so each line reaches a pipe or a screen reader
    as soon as it happens.
    """

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        title: str,
        segments: Sequence[Segment],
        show_summary: bool = True,
        timestamps: bool = True,
        keys: KeyStyle | None = None,
        width: Callable[[], int | None] = lambda: None,
    ) -> None:
        self._write = write
        # The terminal's width now (None: a pipe, never wrapped). Asked per
        # line, so a terminal resized mid-session gets lines that fit it.
        self._width = width
        # How keys arrive, for the hints (None: say nothing of keys).
        self._keys = keys
        # A screen reader reads "[00:14]" aloud before every line; off on request.
        self._timestamps = timestamps
        self._title = title
        self._segments = tuple(segments)
        self._show_summary = show_summary
        # The (step, side, set) group whose heading was printed last: the
        # heading is repeated only when it changes, not for every rep.
        self._group: tuple[int, str | None, int] | None = None
        self._instructions_step: int | None = None
        self._input_ended = False
        self._alternating = alternating_sets(self._segments)
        self._tally = StepTally(self._segments)

    def handle(self, event: Event) -> None:
        """Write the lines for one event (nothing for ticks)."""
        kind = event.kind
        self._tally.handle(event)
        if kind is EventKind.TICK or kind is EventKind.SEGMENT_END:
            # A segment's end is announced by the next one's start.
            return
        prefix = f"[{format_clock(event.t)}] " if self._timestamps else ""
        if kind is EventKind.SEGMENT_START:
            if event.segment is not None:
                self._segment_start(prefix, event.segment)
            return
        lines = self._lines_for(event)
        if not lines:
            return
        self._emit(prefix, lines[0])
        indent = " " * len(prefix)
        for line in lines[1:]:
            self._emit(indent, line)

    def _emit(self, prefix: str, text: str) -> None:
        # Wrapped lines hang under the text, past the "[mm:ss] " prefix, so
        # the times stay a column of their own.
        hang = " " * len(prefix) if prefix.strip() else None
        for piece in wrap_line(prefix + text, self._width(), hang=hang):
            self._write(piece)

    def _lines_for(self, event: Event) -> list[str]:
        kind = event.kind
        snap = event.snapshot
        if kind is EventKind.SESSION_START:
            if self._keys is None:
                return [self._opening()]
            return [self._opening(), plain_hint(self._keys)]
        if kind is EventKind.COUNTDOWN:
            return self._countdown(event)
        if kind is EventKind.REP:
            # The next segment's line confirms the press; saying "done" too
            # would double what a screen reader speaks.
            return []
        if kind is EventKind.PAUSE:
            return [paused_hint(self._keys)] if self._keys is not None else ["Paused"]
        if kind is EventKind.RESUME:
            return ["Resumed"]
        if kind is EventKind.SKIP:
            seg = event.segment
            what = seg.label if seg is not None else "segment"
            if event.detail == "exercise" and seg is not None and seg.step_index >= 1:
                what = clean(seg.step_title)
            return [f"Skipped: {what}"]
        if kind is EventKind.BACK:
            if event.detail.endswith("exercise"):
                # The exercise starts over: name it and say its instructions again.
                self._group = None
                self._instructions_step = None
            return [_BACK_PHRASES.get(event.detail, "Back")]
        if kind is EventKind.INPUT_ENDED:
            self._input_ended = True
            return [
                clean(event.detail) or "End of input: self-paced steps now continue on their own."
            ]
        if kind in _END_STATUS:
            lines = summary_lines(
                title=self._title,
                status=_END_STATUS[kind].value,
                elapsed=snap.elapsed,
                active=snap.elapsed - snap.paused_total,
                done=self._tally.done,
                skipped=self._tally.skipped,
                total=self._tally.total,
                breaths=self._tally.breaths,
                reps=self._tally.reps,
            )
            if kind is EventKind.INTERRUPT and event.detail:
                lines[0] = f"{lines[0][:-1]} ({clean(event.detail)})."
            return lines if self._show_summary else lines[:1]
        return []

    def _opening(self) -> str:
        steps = max((s.step_count for s in self._segments if s.step_index >= 1), default=0)
        timed = sum(s.duration or 0.0 for s in self._segments)
        text = f"{clean(self._title)}: {steps} step{'' if steps == 1 else 's'}"
        if timed > 0:
            text += f", about {spoken_duration(timed)}"
        if any(s.self_paced for s in self._segments):
            text += " plus self-paced parts"
        return text + "."

    def _countdown(self, event: Event) -> list[str]:
        seg = event.segment
        n = event.remaining
        if n is None or n <= 0:
            return []
        if seg is not None and (
            seg.kind in BREATH_KINDS or (seg.duration or 0.0) < _MIN_COUNTDOWN_SEGMENT
        ):
            return []
        if n <= 3:
            return [str(n)]
        return [f"{n} seconds left"]

    def _segment_start(self, prefix: str, seg: Segment) -> None:
        if self._needs_heading(seg):
            self._group = (seg.step_index, seg.side, seg.set_no)
            heading = step_heading(seg, with_side=not self._alternates(seg))
            self._emit(prefix, f"{heading}. {self._action(seg)}.")
        else:
            if seg.step_index < 1:
                self._group = None
            self._emit(prefix, self._action(seg))
        if seg.step_index >= 1 and seg.step_index != self._instructions_step:
            self._instructions_step = seg.step_index
            indent = " " * len(prefix)
            if seg.position_words:
                # The figure the live screen draws, in words (screen readers).
                self._emit(indent, f"Position: {clean(seg.position_words)}")
            for line in seg.instructions:
                self._emit(indent, clean(line))

    def _alternates(self, seg: Segment) -> bool:
        return (seg.step_index, seg.set_no) in self._alternating

    def _needs_heading(self, seg: Segment) -> bool:
        if seg.step_index < 1:
            return False
        if self._group is None or seg.step_index != self._group[0]:
            return True
        # Rests and relaxes between sets or sides belong to the step already
        # named; the next hold or rep names the new side or set.
        if seg.kind in (SegmentKind.REST, SegmentKind.RELAX):
            return False
        if seg.set_no != self._group[2]:
            return True
        # In an alternating exercise (dead bug) each rep line says its side.
        return seg.side != self._group[1] and not self._alternates(seg)

    def _action(self, seg: Segment) -> str:
        kind = seg.kind
        duration = seg.duration
        length = spoken_duration(duration) if duration is not None else ""
        if kind is SegmentKind.GET_READY:
            first = next((s for s in self._segments if s.step_index >= 1), None)
            text = f"Get ready, {length}" if length else "Get ready"
            if first is not None:
                text += f". First: {clean(first.step_title)}"
            return text
        if kind is SegmentKind.REP:
            text = f"Rep {seg.rep_no} of {seg.rep_count}"
            if seg.side and self._alternates(seg):
                text += f", {clean(seg.side)} side"
            if duration is not None:
                text += f", {length}"
            elif not self._input_ended:
                text += ", press Enter when done"
            return text
        if kind in BREATH_KINDS:
            text = f"{_BREATH_WORDS[kind]}, {length}" if length else _BREATH_WORDS[kind]
            if seg.cycle_no is not None:
                text += f" (breath {seg.cycle_no} of {seg.cycle_count})"
            return text
        if kind is SegmentKind.WAIT:
            return "When ready, press Enter" if not self._input_ended else "Continuing on its own"
        # HOLD, REST, RELAX: "Hold 30 seconds".
        return f"{seg.label} {length}" if length else seg.label
