"""The full-screen live display of a running routine.

``LiveScreen`` subscribes to session events and draws one frame per visible
change on the terminal's alternate screen. The engine sends ticks several
times a second; most of them change nothing a person could see, so each event
is first reduced to a cheap *frame key* (segment, whole seconds, bar cells,
pause, terminal size) and the layout is rebuilt only when that key changes.
That keeps a long hold well under 1% of a core.

The layout is a column of blocks, each with a priority. When the terminal is
too small, the least important blocks shrink or go first (spacing, the rule,
instructions, the big digits, what comes next), so the countdown, the step
and the key legend stay readable down to a handful of lines.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment as RichSegment
from rich.text import Text

from spasm_cli.session.events import EndStatus, Event, EventKind, Snapshot
from spasm_cli.session.segments import BREATH_KINDS, Segment, SegmentKind
from spasm_cli.terminal.plain import (
    clean,
    format_clock,
    next_text,
    summary_lines,
    whole_seconds_left,
)

# Calm, non-flashing styles. Rich drops the colours itself under NO_COLOR or
# on a monochrome terminal; what remains (bold, dim, reverse, the block
# characters) still tells the parts apart.
_TITLE = "bold"
_STEP = "bold bright_white"
_COUNTERS = "cyan"
_DIGITS = "bold cyan"
_DIGITS_PAUSED = "dim"
_BAR_DONE = "cyan"
_BAR_LEFT = "dim"
_PACER = "green"
_PAUSED = "bold reverse yellow"
_DIM = "dim"

_COLOUR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}

_BAR_FULL = "█"
_BAR_EMPTY = "░"

# Big digits need room for "mm:ss" (30 cells) and a margin; below that the
# countdown goes on the label line in normal text.
_BIG_MIN_WIDTH = 40

_BREATH_WORDS = {
    SegmentKind.INHALE: "breathe in",
    SegmentKind.HOLD_IN: "hold",
    SegmentKind.EXHALE: "breathe out",
    SegmentKind.HOLD_OUT: "hold",
}

_END_STATUS = {
    EventKind.FINISH: EndStatus.FINISHED,
    EventKind.QUIT: EndStatus.STOPPED,
    EventKind.INTERRUPT: EndStatus.INTERRUPTED,
}

# A 3x5 pixel font. Each glyph is drawn two cells per pixel wide and two pixel
# rows per text line with half blocks, so a digit is 6 cells wide and 3 lines
# high: readable from the floor, yet "mm:ss" fits in 40 columns.
_PIXELS = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ":": ("0", "1", "0", "1", "0"),
}
_HALF_BLOCKS = {("1", "1"): "█", ("1", "0"): "▀", ("0", "1"): "▄", ("0", "0"): " "}


def _glyph(rows: tuple[str, ...]) -> tuple[str, str, str]:
    padded = (*rows, "0" * len(rows[0]))
    lines = []
    for top, bottom in zip(padded[0::2], padded[1::2], strict=True):
        lines.append("".join(_HALF_BLOCKS[(a, b)] * 2 for a, b in zip(top, bottom, strict=True)))
    return (lines[0], lines[1], lines[2])


_GLYPHS = {char: _glyph(rows) for char, rows in _PIXELS.items()}


def big_digits(text: str) -> list[str]:
    """Draw ``text`` (digits and colons) as three lines of block characters."""
    glyphs = [_GLYPHS[char] for char in text if char in _GLYPHS]
    return [" ".join(glyph[row] for glyph in glyphs) for row in range(3)]


@dataclass
class _Block:
    """A run of lines in the layout and how readily it gives way when space is short.

    Higher ``priority`` numbers go first; a block with ``min_lines`` is cut
    down to that many lines before it is dropped.
    """

    name: str
    lines: list[Text]
    priority: int
    min_lines: int = 0
    cut: bool = field(default=False)


def _fit(blocks: list[_Block], room: int, width: int) -> list[_Block]:
    kept = [block for block in blocks if block.lines]
    total = sum(len(block.lines) for block in kept)
    while total > room and kept:
        position, victim = max(enumerate(kept), key=lambda item: (item[1].priority, item[0]))
        spare = len(victim.lines) - max(victim.min_lines, 1)
        if victim.min_lines and spare > 0:
            cut = min(spare, total - room)
            victim.lines = victim.lines[: len(victim.lines) - cut]
            victim.cut = True
            total -= cut
        else:
            del kept[position]
            total -= len(victim.lines)
    for block in kept:
        if block.cut:
            # Show that text was cut rather than let it end mid-sentence silently.
            last = block.lines[-1].copy()
            last.rstrip()
            last.truncate(max(width - 1, 0))
            last.append("…")
            block.lines[-1] = last
    return kept


class _Frame:
    """Lines already fitted to the width, rendered without Rich's wrapping pass.

    Every line is cut to the width when built, so wrapping them again (as a
    joined ``Text`` would) only costs time on every frame.
    """

    def __init__(self, lines: list[Text]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        newline = RichSegment.line()
        width = options.max_width
        for line in self.lines:
            if line.cell_len > width:
                # Printed somewhere narrower than it was laid out for: crop
                # rather than let the terminal wrap and push the legend off.
                line = line.copy()
                line.truncate(width, overflow="ellipsis")
            # Text.render leaves out the line's own style when it has no spans;
            # apply it here so PAUSED, the digits and the title keep theirs.
            segments = line.render(console)
            if line.style:
                segments = RichSegment.apply_style(segments, console.get_style(line.style))
            yield from segments
            yield newline


def _line(text: str, style: str = "", *, width: int, center: bool = False) -> Text:
    line = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    line.truncate(width, overflow="ellipsis")
    if center:
        line.pad_left(max(0, (width - line.cell_len) // 2))
    return line


class _Painter:
    """Draws whole frames on the alternate screen, caching each line's escape codes.

    Rich's ``Live`` re-renders every line of every frame; on a one-minute hold
    that was about 2 ms a second of CPU, three times termdown's. A frame here
    is the same full screen (cursor home, then every line padded to the
    width), but a line whose text and style did not change is not rendered
    again: on a hold, only the clock's lines change each second.
    """

    _CACHE_LIMIT = 512

    def __init__(self, console: Console) -> None:
        self.console = console
        self.terminal = console.is_terminal
        self._cache: dict[tuple[object, ...], str] = {}
        self._shown: list[str] = []  # what each screen line shows now
        self._size = (0, 0)
        self._colours = _COLOUR_SYSTEMS.get(console.color_system or "")
        if self.terminal:
            console.set_alt_screen(True)
            console.show_cursor(False)

    def close(self) -> None:
        if self.terminal:
            self.console.show_cursor(True)
            self.console.set_alt_screen(False)

    def _ansi(self, line: Text, width: int) -> str:
        key = (line.plain, str(line.style), tuple(line.spans), width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if line.cell_len > width:
            # Printed somewhere narrower than it was laid out for: crop
            # rather than let the terminal wrap and push the legend off.
            line = line.copy()
            line.truncate(width, overflow="ellipsis")
        console = self.console
        segments = line.render(console)
        if line.style:
            segments = RichSegment.apply_style(segments, console.get_style(line.style))
        parts = []
        for segment in segments:
            style = segment.style
            if style is not None and console.no_color:
                style = style.without_color
            if style is None or self._colours is None:
                parts.append(segment.text)
            else:
                parts.append(style.render(segment.text, color_system=self._colours))
        cached = "".join(parts) + " " * max(0, width - line.cell_len)
        if len(self._cache) >= self._CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = cached
        return cached

    def paint(self, lines: list[Text]) -> None:
        size = self.console.size
        width = max(size.width, 1)
        shown = [self._ansi(line, width) for line in lines]
        if (width, size.height) != self._size or len(shown) != len(self._shown):
            # First frame, or a new size: home, then every line in full (no
            # scrolling, nothing of the old layout left behind).
            frame = "\x1b[H" + "\n".join(shown)
        else:
            # Only the lines that changed, each put in place; on a hold that
            # is the clock and the bar. The leading home marks a frame.
            changed = [
                f"\x1b[{row};1H{text}"
                for row, (text, old) in enumerate(zip(shown, self._shown, strict=True), 1)
                if text != old
            ]
            if not changed:
                return
            frame = "\x1b[H" + "".join(changed)
        self._shown, self._size = shown, (width, size.height)
        file = self.console.file
        file.write(frame)
        file.flush()

    def invalidate(self) -> None:
        """Draw the next frame in full (after a resize or a suspend)."""
        self._shown = []


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
        keys_legend: str,
        show_summary: bool = True,
    ) -> None:
        self._console = console
        self._title = clean(title)
        self._segments = tuple(segments)
        self._legend = clean(keys_legend)
        self._show_summary = show_summary
        self._live: _Painter | None = None
        self._ended = False
        self._input_ended = False
        self._last_key: tuple[object, ...] | None = None
        self._step_count = max(
            (s.step_count for s in self._segments if s.step_index >= 1), default=0
        )
        # Wrapped instructions per (segment index, width): wrapping is the
        # costliest part of a frame and the text never changes mid-segment.
        self._wrap_cache: dict[tuple[int, int], list[Text]] = {}
        self._wraps: dict[tuple[str, str, int, bool], list[Text]] = {}
        self.refresh_count = 0
        """How many frames were drawn; tests and benchmarks read it."""

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> None:
        """Enter the alternate screen and hide the cursor (idempotent)."""
        if self._live is not None:
            return
        self._live = _Painter(self._console)
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
            done=snap.done,
            skipped=snap.skipped,
            total=snap.segment_count,
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
        seg = self._segment(event)
        seg_left = (
            whole_seconds_left(snap.segment_remaining)
            if snap.segment_remaining is not None
            else None
        )
        return (
            snap.index,
            seg_left,
            whole_seconds_left(snap.routine_remaining),
            self._bar_cells(seg, snap, width),
            snap.paused,
            width,
            height,
            self._input_ended,
        )

    # -- drawing -----------------------------------------------------------

    def _segment(self, event: Event) -> Segment | None:
        if event.segment is not None:
            return event.segment
        index = event.snapshot.index
        if 0 <= index < len(self._segments):
            return self._segments[index]
        return None

    @staticmethod
    def _bar_width(width: int) -> int:
        return max(1, min(width - 4, 60))

    @staticmethod
    def _fraction(seg: Segment, snap: Snapshot) -> float:
        if not seg.duration:
            return 0.0
        return min(1.0, max(0.0, snap.segment_elapsed / seg.duration))

    def _bar_cells(self, seg: Segment | None, snap: Snapshot, width: int) -> int:
        """Filled cells of the progress bar or breathing pacer; -1 when there is none."""
        if seg is None or seg.duration is None:
            return -1
        cells = self._bar_width(width)
        fraction = self._fraction(seg, snap)
        if seg.kind is SegmentKind.INHALE:
            return round(fraction * cells)
        if seg.kind is SegmentKind.EXHALE:
            return cells - round(fraction * cells)
        if seg.kind is SegmentKind.HOLD_IN:
            return cells
        if seg.kind is SegmentKind.HOLD_OUT:
            return 0
        return int(fraction * cells)

    def render(self, event: Event) -> _Frame:
        """Build the frame for ``event`` at the console's current size."""
        width, height = self._console.size
        width = max(width, 1)
        height = max(height, 1)
        legend = _line(self._legend, _DIM, width=width)
        blocks = self._blocks(event, width, height)
        kept = _fit(blocks, height - 1, width)
        big_kept = any(block.name == "big" for block in kept)
        lines: list[Text] = []
        for block in kept:
            if block.name == "now" and not big_kept and len(block.lines) == 1:
                # The big digits gave way: the time goes on the label line.
                lines.extend(self._now_lines(event, width, with_time=True))
            else:
                lines.extend(block.lines)
        # The legend sits on the bottom line whatever is above it.
        lines.extend(Text("") for _ in range(height - 1 - len(lines)))
        lines.append(legend)
        return _Frame(lines)

    def _blocks(self, event: Event, width: int, height: int) -> list[_Block]:
        snap = event.snapshot
        seg = self._segment(event)
        blocks = [_Block("header", [self._header(seg, snap, width)], 4)]
        blocks.append(_Block("rule", [_line("─" * width, _DIM, width=width)], 8))
        blocks.append(_Block("space", [Text("")], 9))
        if seg is None:
            blocks.append(_Block("step", self._wrap(self._title, _STEP, width), 2, 1))
            if snap.paused:
                blocks.append(_Block("paused", [self._paused(width)], 0))
            return blocks

        step_title = clean(seg.step_title) or seg.label
        blocks.append(_Block("step", self._wrap(step_title, _STEP, width), 2, 1))
        counters = self._counters(seg)
        if counters:
            blocks.append(_Block("counters", self._wrap(counters, _COUNTERS, width), 2, 1))
        if seg.instructions:
            blocks.append(_Block("space", [Text("")], 9))
            blocks.append(_Block("instructions", self._instructions(snap.index, seg, width), 7, 1))
        blocks.append(_Block("space", [Text("")], 9))
        if snap.paused:
            blocks.append(_Block("paused", [self._paused(width)], 0))
        blocks.append(_Block("now", self._now_lines(event, width, with_time=False), 1))

        if seg.kind in BREATH_KINDS and seg.duration is not None:
            bar = self._pacer(seg, snap, width)
            blocks.append(_Block("pacer", [bar], 3))
            # Two more rows make the pacer a band that is easy to follow
            # with half-closed eyes; they are the first to go.
            blocks.append(_Block("pacer-extra", [bar, bar], 6))
        elif seg.duration is None:
            waiting = (
                "press Enter to go on" if seg.kind is SegmentKind.WAIT else "press Enter when done"
            )
            prompt = waiting if not self._input_ended else "continuing on its own"
            blocks.append(_Block("prompt", self._wrap(prompt, "bold", width, center=True), 1, 1))
        else:
            if snap.segment_remaining is not None and width >= _BIG_MIN_WIDTH:
                clock = format_clock(whole_seconds_left(snap.segment_remaining))
                style = _DIGITS_PAUSED if snap.paused else _DIGITS
                digits = [_line(row, style, width=width, center=True) for row in big_digits(clock)]
                if all(row.cell_len <= width for row in digits):
                    blocks.append(_Block("big", digits, 5))
            blocks.append(_Block("space", [Text("")], 9))
            blocks.append(_Block("bar", [self._bar(seg, snap, width)], 4))

        blocks.append(_Block("space", [Text("")], 9))
        following = next_text(self._segments, snap.index) if self._segments else "finish"
        blocks.append(_Block("next", [_line(f"next: {following}", _DIM, width=width)], 6))
        return blocks

    def _header(self, seg: Segment | None, snap: Snapshot, width: int) -> Text:
        left = format_clock(whole_seconds_left(snap.routine_remaining))
        if seg is not None and seg.step_index >= 1:
            right = f"step {seg.step_index} of {seg.step_count} · {left} left"
        else:
            count = self._step_count
            right = f"{count} step{'' if count == 1 else 's'} · {left} left"
        if len(right) + 2 > width:
            right = f"{left} left"
        room = width - len(right) - 2
        header = Text(no_wrap=True, overflow="ellipsis")
        if room >= 4:
            title = Text(self._title, style=_TITLE)
            title.truncate(room, overflow="ellipsis")
            header.append_text(title)
            header.append(" " * (width - title.cell_len - len(right)))
        else:
            header.append(" " * max(0, width - len(right)))
        header.append(right, style=_DIM)
        header.truncate(width, overflow="ellipsis")
        return header

    @staticmethod
    def _counters(seg: Segment) -> str:
        parts = []
        if seg.side:
            parts.append(f"{clean(seg.side)} side")
        if seg.set_count > 1:
            parts.append(f"set {seg.set_no} of {seg.set_count}")
        if seg.kind in (SegmentKind.REP, SegmentKind.RELAX) and seg.rep_no is not None:
            parts.append(f"rep {seg.rep_no} of {seg.rep_count}")
        if seg.kind in BREATH_KINDS and seg.cycle_no is not None:
            parts.append(f"cycle {seg.cycle_no} of {seg.cycle_count}")
        return ", ".join(parts)

    def _wrap(self, text: str, style: str, width: int, *, center: bool = False) -> list[Text]:
        key = (text, style, width, center)
        wrapped = self._wraps.get(key)
        if wrapped is None:
            # Wrapping is the costliest part of a frame, and a step's title or
            # "next:" line is the same for every frame of the segment.
            if len(self._wraps) > 256:
                self._wraps.clear()
            wrapped = list(
                Text(text, style=style).wrap(
                    self._console, width, justify="center" if center else "left", overflow="fold"
                )
            )
            self._wraps[key] = wrapped
        return [line.copy() for line in wrapped]

    def _instructions(self, index: int, seg: Segment, width: int) -> list[Text]:
        cached = self._wrap_cache.get((index, width))
        if cached is not None:
            return list(cached)
        lines: list[Text] = []
        for item in seg.instructions:
            if width > 6:
                # A hanging indent keeps separate instructions apart.
                wrapped = self._wrap(clean(item), "", width - 2)
                for number, line in enumerate(wrapped):
                    lines.append(Text("• " if number == 0 else "  ").append_text(line))
            else:
                lines.extend(self._wrap(clean(item), "", width))
        if len(self._wrap_cache) > 64:
            self._wrap_cache.clear()
        self._wrap_cache[(index, width)] = lines
        return list(lines)

    @staticmethod
    def _paused(width: int) -> Text:
        return _line(" PAUSED ", _PAUSED, width=width, center=True)

    def _now_lines(self, event: Event, width: int, *, with_time: bool) -> list[Text]:
        seg = self._segment(event)
        if seg is None:
            return []
        snap = event.snapshot
        if seg.kind in BREATH_KINDS:
            word = _BREATH_WORDS[seg.kind]
        else:
            word = seg.label
        if seg.kind in BREATH_KINDS or with_time:
            if snap.segment_remaining is not None:
                left = whole_seconds_left(snap.segment_remaining)
                clock = str(left) if seg.kind in BREATH_KINDS else format_clock(left)
                word = f"{word}  {clock}"
        return [_line(word, "bold", width=width, center=True)]

    def _bar(self, seg: Segment, snap: Snapshot, width: int) -> Text:
        cells = self._bar_width(width)
        done = max(0, min(cells, self._bar_cells(seg, snap, width)))
        bar = Text(no_wrap=True, overflow="crop")
        bar.append(_BAR_FULL * done, style=_BAR_DONE)
        bar.append(_BAR_EMPTY * (cells - done), style=_BAR_LEFT)
        bar.pad_left(max(0, (width - cells) // 2))
        return bar

    def _pacer(self, seg: Segment, snap: Snapshot, width: int) -> Text:
        cells = self._bar_width(width)
        filled = max(0, min(cells, self._bar_cells(seg, snap, width)))
        # The band grows from the middle outwards, like a chest filling.
        before = (cells - filled) // 2
        pacer = Text(no_wrap=True, overflow="crop")
        pacer.append(_BAR_EMPTY * before, style=_BAR_LEFT)
        pacer.append(_BAR_FULL * filled, style=_PACER)
        pacer.append(_BAR_EMPTY * (cells - filled - before), style=_BAR_LEFT)
        pacer.pad_left(max(0, (width - cells) // 2))
        return pacer


def make_console() -> Console:
    """The console a live session draws on: stdout, Rich's own terminal detection."""
    return Console(highlight=False)
