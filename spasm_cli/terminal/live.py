"""The full-screen live display of a running routine.

``LiveScreen`` subscribes to session events and draws one frame per visible
change on the terminal's alternate screen. The engine sends ticks several
times a second; most of them change nothing a person could see, so each event
is first reduced to a cheap *frame key* (segment, whole seconds, bar cells,
pause, terminal size) and the layout is rebuilt only when that key changes.
That keeps a long hold well under 1% of a core.

What a frame shows is built in ``spasm_cli.terminal.frame``; how it reaches
the terminal (cached escape codes, only the changed lines) is
``spasm_cli.terminal.painter``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from types import TracebackType

from rich.console import Console
from rich.text import Text

from spasm_cli.session.events import EndStatus, Event, EventKind
from spasm_cli.session.legend import KeyStyle
from spasm_cli.session.segments import Segment
from spasm_cli.terminal.frame import FrameBuilder
from spasm_cli.terminal.painter import Frame, Painter
from spasm_cli.terminal.plain import clean, summary_lines, whole_seconds_left
from spasm_cli.terminal.tally import StepTally

_END_STATUS = {
    EventKind.FINISH: EndStatus.FINISHED,
    EventKind.QUIT: EndStatus.STOPPED,
    EventKind.INTERRUPT: EndStatus.INTERRUPTED,
}


class LiveScreen:
    """A ``Subscriber`` that shows the session full-screen with Rich ``Live``.

    Use it as a context manager (or call ``start``/``stop``) around the
    session; it also starts itself on the first event and stops itself at
    finish, quit or interrupt, leaving the alternate screen and printing the
    summary on the normal one (unless ``show_summary`` is False).
    """

    def __init__(
        self,
        console: Console,
        *,
        title: str,
        segments: Sequence[Segment],
        keys_legend: KeyStyle | str,
        show_summary: bool = True,
    ) -> None:
        self._console = console
        self._title = clean(title)
        self._show_summary = show_summary
        self._live: Painter | None = None
        self._ended = False
        self._input_ended = False
        self._last_key: tuple[object, ...] | None = None
        self._frames = FrameBuilder(
            console, title=self._title, segments=segments, keys_legend=keys_legend
        )
        self._tally = StepTally(segments)
        self.refresh_count = 0
        """How many frames were drawn; tests and benchmarks read it."""

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> None:
        """Enter the alternate screen and hide the cursor (idempotent)."""
        if self._live is not None:
            return
        self._live = Painter(self._console)
        self._last_key = None

    def stop(self) -> None:
        """Show the cursor and leave the alternate screen (idempotent)."""
        live, self._live = self._live, None
        if live is not None:
            # After a hang-up the terminal is gone and writing to it fails
            # (EIO); there is then nothing left to restore on it.
            with contextlib.suppress(OSError, ValueError):
                live.close()

    def __enter__(self) -> LiveScreen:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def on_resize(self) -> None:
        """Redraw in full at the next event (after SIGWINCH)."""
        self._last_key = None
        if self._live is not None:
            self._live.invalidate()

    # -- events ------------------------------------------------------------

    def handle(self, event: Event) -> None:
        """Redraw if ``event`` changes what is visible; stop at the end of the session."""
        kind = event.kind
        self._tally.handle(event)
        if kind in _END_STATUS:
            self._finish(event)
            return
        if self._ended:
            return
        if kind is EventKind.INPUT_ENDED:
            self._input_ended = True
            self._last_key = None
        if self._live is None:
            self.start()
        key = self.frame_key(event)
        if key == self._last_key:
            return
        self._last_key = key
        assert self._live is not None
        try:
            self._live.paint(self.render(event).lines)
        except OSError:
            # The terminal went away (closed window: EIO). The hang-up signal
            # that follows ends the session; until then, draw nothing more.
            self._ended = True
            return
        self.refresh_count += 1

    def _finish(self, event: Event) -> None:
        if self._ended:
            return
        self._ended = True
        self.stop()
        if not self._show_summary:
            return
        snap = event.snapshot
        lines = summary_lines(
            title=self._title,
            status=_END_STATUS[event.kind].value,
            elapsed=snap.elapsed,
            active=snap.elapsed - snap.paused_total,
            done=self._tally.done,
            skipped=self._tally.skipped,
            total=self._tally.total,
            breaths=self._tally.breaths,
            reps=self._tally.reps,
        )
        with contextlib.suppress(OSError, ValueError):
            for line in lines:
                self._console.print(Text(line), highlight=False)

    def frame_key(self, event: Event) -> tuple[object, ...]:
        """Everything a frame shows that can change during a segment, cheaply.

        Two events with the same key draw the same frame, so the second one
        is not drawn at all.
        """
        snap = event.snapshot
        width, height = self._console.size
        seg = self._frames.segment(event)
        seg_left = (
            whole_seconds_left(snap.segment_remaining)
            if snap.segment_remaining is not None
            else None
        )
        return (
            snap.index,
            seg_left,
            whole_seconds_left(snap.routine_remaining),
            self._frames.bar_cells(seg, snap, width),
            snap.paused,
            width,
            height,
            self._input_ended,
        )

    def render(self, event: Event) -> Frame:
        """Build the frame for ``event`` at the console's current size."""
        return self._frames.render(event, input_ended=self._input_ended)
