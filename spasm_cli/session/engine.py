"""The session engine: plays a timeline against a clock, reacting to keys.

Timing is by absolute deadlines. Segment k ends at the moment it started plus
its planned duration; the next segment starts at exactly that deadline, not at
the moment the engine noticed it, so lateness never accumulates. Pausing moves
the current deadline by the time spent paused. The engine never sleeps: it
asks its input to wait for a key until the next thing is due (a deadline, a
countdown announcement or a redraw tick), so it wakes only when needed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spasm_cli.errors import Interrupted
from spasm_cli.session.clock import Clock
from spasm_cli.session.countdown import Countdown
from spasm_cli.session.events import EndStatus, Event, EventKind, Snapshot, Subscriber
from spasm_cli.session.keys import Input, Key
from spasm_cli.session.navigation import BACK_GRACE, Steps
from spasm_cli.session.segments import Segment

SELF_PACED_FALLBACK = 3.0  # seconds per self-paced segment once input has ended


@dataclass(frozen=True)
class SessionResult:
    """How a session went, for the summary and for history."""

    status: EndStatus
    elapsed: float  # seconds from start to end, pauses included
    active: float  # elapsed minus time paused
    planned: float  # planned seconds of the whole timeline (self-paced count 0)
    done: int  # segments that ran to their end or were acknowledged
    skipped: int
    segment_count: int
    detail: str = ""


class Engine:
    """Plays ``segments`` against ``clock``, reading ``keys``, telling ``subscribers``."""

    def __init__(
        self,
        segments: Sequence[Segment],
        clock: Clock,
        keys: Input,
        subscribers: Sequence[Subscriber] = (),
        *,
        tick: float | None = 0.25,
        tick_for: Callable[[Segment], float | None] | None = None,
        self_paced_fallback: float = SELF_PACED_FALLBACK,
        bank_enters: bool = False,
    ) -> None:
        self.segments = list(segments)
        self.steps = Steps(self.segments)
        self.clock = clock
        self.keys = keys
        self.subscribers = list(subscribers)
        self.tick = tick
        # Redraw interval per segment (the live screen: fast for the breathing
        # pacer, once a second on a long hold); overrides `tick` when given.
        self.tick_for = tick_for
        self.fallback = self_paced_fallback
        # With lines from a pipe, each empty line is an answer for the next
        # self-paced step, whenever it arrives; at a keyboard, an Enter
        # pressed during a hold is not kept for later.
        self.bank_enters = bank_enters
        self._banked = 0
        self._planned_total = sum(s.duration or 0.0 for s in self.segments)
        # Remaining planned time after each segment, for "time left in the routine".
        self._after: list[float] = []
        left = self._planned_total
        for segment in self.segments:
            left -= segment.duration or 0.0
            self._after.append(max(0.0, left))
        self.start = 0.0
        self.index = 0
        self.seg_start = 0.0  # absolute start of the current segment, moved by pauses
        self.paused_at: float | None = None
        self.paused_total = 0.0
        self.done = 0
        self.skipped = 0
        self.input_ended = False
        self._countdown = Countdown()
        self._next_tick = 0.0
        self._last_back: float | None = None
        self._pause_request: float | None = None

    def request_pause(self, at: float) -> None:
        """Pause as of clock time ``at``, at the next turn of the loop.

        Safe to call from a signal handler (Ctrl-Z): it only sets a value the
        loop reads. Time from ``at`` on counts as paused, so a segment does
        not run out while the program is suspended.
        """
        self._pause_request = at

    # -- what subscribers see -------------------------------------------------------

    def _duration(self, segment: Segment) -> float | None:
        if segment.duration is None and self.input_ended:
            return self.fallback
        return segment.duration

    def _deadline(self) -> float | None:
        duration = self._duration(self.segments[self.index])
        return None if duration is None else self.seg_start + duration

    def _seg_elapsed(self, now: float) -> float:
        paused_now = now - self.paused_at if self.paused_at is not None else 0.0
        return max(0.0, now - self.seg_start - paused_now)

    def snapshot(self, now: float) -> Snapshot:
        """The session's state at ``now``."""
        paused_now = now - self.paused_at if self.paused_at is not None else 0.0
        at_index = min(self.index, len(self.segments) - 1)
        if self.index < len(self.segments):
            seg_elapsed = self._seg_elapsed(now)
            duration = self._duration(self.segments[at_index])
            seg_remaining = None if duration is None else max(0.0, duration - seg_elapsed)
            routine_remaining = (seg_remaining or 0.0) + self._after[at_index]
        else:
            seg_elapsed, seg_remaining, routine_remaining = 0.0, 0.0, 0.0
        return Snapshot(
            elapsed=now - self.start,
            paused=self.paused_at is not None,
            paused_total=self.paused_total + paused_now,
            index=at_index,
            segment_count=len(self.segments),
            segment_elapsed=seg_elapsed,
            segment_remaining=seg_remaining,
            routine_remaining=routine_remaining,
            done=self.done,
            skipped=self.skipped,
        )

    def _emit(
        self,
        kind: EventKind,
        now: float,
        planned_at: float,
        *,
        remaining: int | None = None,
        detail: str = "",
        segment: Segment | None = None,
    ) -> None:
        if segment is None and self.index < len(self.segments):
            segment = self.segments[self.index]
        paused = self.paused_total
        if self.paused_at is not None:
            # An event during a pause (skip, back, quit) was planned for the
            # moment the pause began: the pause so far is left out too.
            paused += max(0.0, planned_at - self.paused_at)
        event = Event(
            kind=kind,
            t=now - self.start,
            planned=planned_at - self.start - paused,
            segment=segment,
            snapshot=self.snapshot(now),
            remaining=remaining,
            detail=detail,
        )
        if kind is EventKind.INTERRUPT:
            # The session is going down: every subscriber (history above all)
            # must hear it, even if one of them fails on a terminal that is gone.
            for subscriber in self.subscribers:
                with contextlib.suppress(Exception):
                    subscriber.handle(event)
            return
        for subscriber in self.subscribers:
            subscriber.handle(event)

    # -- moving between segments ---------------------------------------------------------

    def _begin(self, index: int, at: float, now: float) -> None:
        """Make segment ``index`` current, starting at absolute time ``at``."""
        if self.paused_at is not None:
            # Moving while paused: the pause so far is banked, and continues
            # from here on the new segment.
            self.paused_total += now - self.paused_at
            self.paused_at = now
        self.index = index
        self.seg_start = at
        if index < len(self.segments):
            segment = self.segments[index]
            self._countdown.reset(segment.kind, self._duration(segment))
            self._align_tick(now)
            self._emit(EventKind.SEGMENT_START, now, at)

    def _interval(self) -> float | None:
        if self.tick_for is not None and self.index < len(self.segments):
            return self.tick_for(self.segments[self.index])
        return self.tick

    def _align_tick(self, now: float) -> None:
        """Schedule the next tick on the segment's own beat.

        Ticks fall at whole intervals after the segment started, so with a
        one-second interval the countdown's digit changes exactly on a tick.
        """
        interval = self._interval()
        if not interval:
            return
        elapsed = max(0.0, now - self.seg_start)
        self._next_tick = self.seg_start + (int(elapsed / interval + 1e-9) + 1) * interval

    def run(self) -> SessionResult:
        """Play the whole timeline; return how it went.

        ``KeyboardInterrupt`` and ``Interrupted`` (signals) propagate after an
        ``INTERRUPT`` event has told every subscriber.
        """
        now = self.clock.now()
        self.start = now
        self._next_tick = now + (self.tick or 0.0)
        try:
            # Inside the try: a Ctrl-C during the first events (the screen's
            # first draw) must still tell subscribers, or history stays open.
            self._emit(EventKind.SESSION_START, now, now)
            if not self.segments:
                self._emit(EventKind.FINISH, now, now)
                return self._result(EndStatus.FINISHED, now)
            self._begin(0, now, now)
            return self._loop()
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, Interrupted)):
                now = self.clock.now()
                self._emit(
                    EventKind.INTERRUPT, now, now, detail=getattr(exc, "signal_name", "SIGINT")
                )
            raise

    def _loop(self) -> SessionResult:
        while True:
            now = self.clock.now()
            if self._pause_request is not None:
                at, self._pause_request = min(self._pause_request, now), None
                if self.paused_at is None:
                    self.paused_at = max(at, self.seg_start)
                    self._emit(EventKind.PAUSE, now, self.paused_at, detail="suspended")
            if self._banked and self.segments[self.index].self_paced and self.paused_at is None:
                self._banked -= 1
                self.done += 1
                self._emit(EventKind.REP, now, now, detail="typed ahead")
                result = self._advance(now)
                if result is not None:
                    return result
                continue
            deadline = self._deadline()
            if self.paused_at is None and deadline is not None:
                self._announce(now, deadline)
                if now >= deadline:
                    self.done += 1
                    self._emit(EventKind.SEGMENT_END, now, deadline)
                    if self.index + 1 >= len(self.segments):
                        self.index += 1
                        self._emit(EventKind.FINISH, now, deadline, segment=self.segments[-1])
                        return self._result(EndStatus.FINISHED, now)
                    # The next segment starts at the deadline, not at `now`:
                    # a late wake-up shortens it instead of delaying everything after.
                    self._begin(self.index + 1, deadline, now)
                    continue
            wake = self._next_wake(now, deadline)
            key = self.keys.wait(wake - now if wake is not None else 3600.0)
            now = self.clock.now()
            if key is not None:
                result = self._on_key(key, now)
                if result is not None:
                    return result
            interval = self._interval()
            due = self._deadline()
            if due is not None and now >= due and self.paused_at is None:
                continue  # the segment ends now: its end and the next start redraw
            if interval and now >= self._next_tick:
                # Missed ticks are dropped, not caught up with a burst of redraws.
                self._next_tick += interval
                if self._next_tick <= now:
                    self._next_tick = now + interval
                self._emit(EventKind.TICK, now, now)

    def _next_wake(self, now: float, deadline: float | None) -> float | None:
        candidates = []
        if self._interval():
            candidates.append(self._next_tick)
        if self.paused_at is None and deadline is not None:
            candidates.append(deadline)
            mark = self._countdown.next_at(deadline)
            if mark is not None:
                candidates.append(mark)
        return min(candidates) if candidates else None

    def _announce(self, now: float, deadline: float) -> None:
        for mark in self._countdown.due(now, deadline):
            self._emit(EventKind.COUNTDOWN, now, deadline - mark, remaining=mark)

    def _on_key(self, key: Key, now: float) -> SessionResult | None:
        segment = self.segments[self.index]
        if key is Key.QUIT:
            self._emit(EventKind.QUIT, now, now)
            return self._result(EndStatus.STOPPED, now)
        if key is Key.EOF:
            if not self.input_ended:
                self.input_ended = True
                if self.paused_at is not None:
                    # No key can ever resume it now; carry on rather than hang.
                    self._on_key(Key.PAUSE, now)
                if segment.self_paced and now - self.seg_start > self.fallback:
                    # The wait so far already exceeds the fallback: give this
                    # one its full fallback from now rather than ending it at once.
                    self.seg_start = now
                if segment.self_paced:
                    self._countdown.reset(segment.kind, self.fallback)  # now timed
                self._emit(
                    EventKind.INPUT_ENDED,
                    now,
                    now,
                    detail=f"End of input: self-paced steps now continue every {self.fallback:g} seconds.",
                )
            return None
        if (
            key is Key.PAUSE
            and segment.self_paced
            and self.paused_at is None
            and not self.input_ended
        ):
            key = Key.ENTER  # nothing to pause in a self-paced rep: space counts it
        if key is Key.PAUSE:
            if self.paused_at is None:
                self.paused_at = now
                self._emit(EventKind.PAUSE, now, now)
            else:
                pause = now - self.paused_at
                self.paused_total += pause
                self.seg_start += pause
                self.paused_at = None
                self._align_tick(now)
                self._emit(EventKind.RESUME, now, now)
            return None
        if key is Key.ENTER:
            if segment.self_paced and not self.input_ended and self.paused_at is None:
                self.done += 1
                self._emit(EventKind.REP, now, now)
                return self._advance(now)
            if self.bank_enters and not segment.self_paced:
                self._banked += 1
            return None
        if key is Key.NEXT_PART:
            self.skipped += 1
            self._emit(EventKind.SKIP, now, now, detail="part")
            return self._advance(now)
        if key is Key.NEXT:
            # The rest of the exercise, all its parts at once: one SKIP event
            # (the tally marks the step skipped) for every part left in it.
            end = self.steps.end(self.index)
            self.skipped += end - self.index
            self._emit(EventKind.SKIP, now, now, detail="exercise")
            return self._advance(now, end)
        if key is Key.BACK:
            target, move = self.steps.back_target(self.index, self._seg_elapsed(now))
            self._emit(EventKind.BACK, now, now, detail=move)
            self._last_back = None
            self._begin(target, now, now)
            return None
        if key is Key.BACK_PART:
            restart_again = self._last_back is not None and now - self._last_back < BACK_GRACE
            if restart_again and self.index > 0:
                self._emit(EventKind.BACK, now, now, detail="previous")
                self._last_back = None
                self._begin(self.index - 1, now, now)
            else:
                self._emit(EventKind.BACK, now, now, detail="restart")
                self._last_back = now
                self._begin(self.index, now, now)
        return None

    def _advance(self, now: float, to: int | None = None) -> SessionResult | None:
        """Start segment ``to`` (the next one by default), or finish past the last."""
        target = self.index + 1 if to is None else to
        if target >= len(self.segments):
            self.index = len(self.segments)
            self._emit(EventKind.FINISH, now, now, segment=self.segments[-1])
            return self._result(EndStatus.FINISHED, now)
        self._begin(target, now, now)
        return None

    def _result(self, status: EndStatus, now: float) -> SessionResult:
        paused = self.paused_total + (now - self.paused_at if self.paused_at is not None else 0.0)
        return SessionResult(
            status=status,
            elapsed=now - self.start,
            active=now - self.start - paused,
            planned=self._planned_total,
            done=self.done,
            skipped=self.skipped,
            segment_count=len(self.segments),
        )
