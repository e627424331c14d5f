"""What one frame of the live screen shows, built from an event and a size.

``FrameBuilder`` turns a session event into the lines of a full-screen frame
at the console's current size: the header, the step and its counters, the
instructions, the countdown (in big digits when there is room), the
progress bar or breathing pacer, what comes next and the key legend.

The layout is a column of blocks, each with a priority (see ``layout``). When
the terminal is too small, the least important blocks shrink or go first
(spacing, the rule, instructions and the figure beside them, the big
digits, what comes next), so the
countdown, the step and the key legend stay readable down to a handful of
lines; when it is large, the big digits grow and the column is centred.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from spasm_cli.session.events import Event, Snapshot
from spasm_cli.session.legend import KeyStyle, legend
from spasm_cli.session.segments import BREATH_KINDS, Segment, SegmentKind
from spasm_cli.terminal.digits import big_digits
from spasm_cli.terminal.figure_block import drawable, figure_block
from spasm_cli.terminal.layout import Block, cut_line, fit
from spasm_cli.terminal.painter import Frame
from spasm_cli.terminal.plain import clean, format_clock, next_text, whole_seconds_left

# Calm, non-flashing styles that read on light and dark terminals alike:
# text keeps the terminal's own foreground (bold, dim or reversed, never
# white, which vanishes on a light background), and colour is kept for the
# solid blocks of the bar and the pacer, which show on either. Rich drops the
# colours itself under NO_COLOR or on a monochrome terminal; what remains
# (bold, dim, reverse, the block characters) still tells the parts apart.
_TITLE = "bold"
_STEP = "bold"
_COUNTERS = ""
_DIGITS = "bold"
_DIGITS_PAUSED = "dim"
_BAR_DONE = "cyan"
_BAR_LEFT = "dim"
_PACER = "green"
_PAUSED = "bold reverse"
_DIM = "dim"
_WORDS = "bold"  # what to do now, and the prompt of a self-paced part
STYLES = frozenset(
    {_TITLE, _STEP, _COUNTERS, _DIGITS, _DIGITS_PAUSED, _BAR_DONE, _BAR_LEFT, _PACER, _PAUSED}
    | {_DIM, _WORDS}
)
"""Every style a frame uses, for the tests that check they suit any background."""

_BAR_FULL = "█"
_BAR_EMPTY = "░"

# Big digits need room for "mm:ss" (30 cells) and a margin; below that the
# countdown goes on the label line in normal text. On a larger terminal they
# grow (scale 2 is 60 cells by 5 lines, 3 is 90 by 8) while the rest fits.
_BIG_MIN_WIDTH = 40
_BIG_MARGIN = 4
_BIG_MAX_SCALE = 5

_BREATH_WORDS = {
    SegmentKind.INHALE: "breathe in",
    SegmentKind.HOLD_IN: "hold",
    SegmentKind.EXHALE: "breathe out",
    SegmentKind.HOLD_OUT: "hold",
}


class FrameBuilder:
    """Builds the frame the live screen shows for an event, at the console's size.

    It keeps what does not change during a session (the title, the segments,
    the key legend) and caches wrapped text, which is the costliest part of a
    frame and the same for every frame of a segment.
    """

    def __init__(
        self,
        console: Console,
        *,
        title: str,
        segments: Sequence[Segment],
        keys_legend: KeyStyle | str,
    ) -> None:
        self._console = console
        self._title = title
        self._segments = tuple(segments)
        # A key style: the legend follows the state (resume while paused,
        # Enter only when it counts a rep). Any other text is shown as it is.
        self._style = keys_legend if isinstance(keys_legend, KeyStyle) else None
        self._legend = clean(str(keys_legend))
        self._step_count = max(
            (s.step_count for s in self._segments if s.step_index >= 1), default=0
        )
        # Wrapped instructions per (segment index, width): wrapping is the
        # costliest part of a frame and the text never changes mid-segment.
        self._wrap_cache: dict[tuple[int, int], list[Text]] = {}
        self._wraps: dict[tuple[str, str, int, bool], list[Text]] = {}

    def segment(self, event: Event) -> Segment | None:
        """The segment ``event`` is about, or None before the first and after the last."""
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

    def bar_cells(self, seg: Segment | None, snap: Snapshot, width: int) -> int:
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

    def render(self, event: Event, *, input_ended: bool = False) -> Frame:
        """Build the frame for ``event`` at the console's current size.

        ``input_ended`` says standard input has closed, so a segment that
        waits for Enter goes on by itself.
        """
        width, height = self._console.size
        width = max(width, 1)
        height = max(height, 1)
        legend = cut_line(
            self.legend_text(event, width, input_ended=input_ended), _DIM, width=width
        )
        drawn = drawable(self.segment(event), width, height)
        blocks = self._blocks(event, width, height, input_ended=input_ended, figure=drawn)
        self._grow_digits(blocks, event, width, height - 1)
        kept = fit(blocks, height - 1, width)
        if drawn and not any(block.name == "figure" and not block.cut for block in kept):
            # No room for the whole drawing: the frame as it is without one.
            blocks = self._blocks(event, width, height, input_ended=input_ended, figure=False)
            self._grow_digits(blocks, event, width, height - 1)
            kept = fit(blocks, height - 1, width)
        big_kept = any(block.name == "big" for block in kept)
        lines: list[Text] = []
        body = 0  # where the part below the header begins
        for block in kept:
            if block.name == "step" and not body:
                body = len(lines)
            if block.name == "now" and not big_kept and len(block.lines) == 1:
                # The big digits gave way: the time goes on the label line.
                lines.extend(self._now_lines(event, width, with_time=True))
            else:
                lines.extend(block.lines)
        # Rows to spare go half above the body, half below: on a tall
        # terminal the countdown sits mid-screen, not under the header.
        spare = height - 1 - len(lines)
        lines[body:body] = [Text("") for _ in range(spare // 2)]
        # The legend sits on the bottom line whatever is above it.
        lines.extend(Text("") for _ in range(height - 1 - len(lines)))
        lines.append(legend)
        return Frame(lines)

    def legend_text(self, event: Event, width: int, *, input_ended: bool = False) -> str:
        """The key legend for ``event``'s state: only the keys that mean something now."""
        if self._style is None:
            return self._legend
        seg = self.segment(event)
        enter = None
        if seg is not None and seg.self_paced and not input_ended:
            enter = "rep done" if seg.kind is SegmentKind.REP else "go on"
        return legend(
            self._style,
            width,
            paused=event.snapshot.paused,
            enter=enter,
            input_ended=input_ended,
        )

    @staticmethod
    def _grow_digits(blocks: list[Block], event: Event, width: int, room: int) -> None:
        """Draw the big digits as large as the width and the spare rows allow."""
        big = next((block for block in blocks if block.name == "big"), None)
        if big is None or event.snapshot.segment_remaining is None:
            return
        used = sum(len(block.lines) for block in blocks)
        clock = format_clock(whole_seconds_left(event.snapshot.segment_remaining))
        style = big.lines[0].style
        for scale in range(_BIG_MAX_SCALE, 1, -1):
            rows = big_digits(clock, scale)
            if not rows or len(rows[0]) + _BIG_MARGIN > width:
                continue
            if used - len(big.lines) + len(rows) <= room:
                big.lines = [cut_line(row, str(style), width=width, center=True) for row in rows]
                return

    def _blocks(
        self, event: Event, width: int, height: int, *, input_ended: bool, figure: bool = False
    ) -> list[Block]:
        snap = event.snapshot
        seg = self.segment(event)
        blocks = [Block("header", [self._header(seg, snap, width)], 4)]
        blocks.append(Block("rule", [cut_line("─" * width, _DIM, width=width)], 8))
        blocks.append(Block("space", [Text("")], 9))
        if seg is None:
            blocks.append(Block("step", self._wrap(self._title, _STEP, width), 2, 1))
            if snap.paused:
                blocks.append(Block("paused", [self._paused(width)], 0))
            return blocks

        step_title = clean(seg.step_title) or seg.label
        blocks.append(Block("step", self._wrap(step_title, _STEP, width), 2, 1))
        counters = self._counters(seg)
        if counters:
            blocks.append(Block("counters", self._wrap(counters, _COUNTERS, width), 2, 1))
        if figure:
            blocks.append(Block("space", [Text("")], 9))
            blocks.append(
                figure_block(seg, width, lambda w: self._instructions(snap.index, seg, w))
            )
        elif seg.instructions:
            blocks.append(Block("space", [Text("")], 9))
            blocks.append(Block("instructions", self._instructions(snap.index, seg, width), 7, 1))
        blocks.append(Block("space", [Text("")], 9))
        if snap.paused:
            blocks.append(Block("paused", [self._paused(width)], 0))
        blocks.append(Block("now", self._now_lines(event, width, with_time=False), 1))

        if seg.kind in BREATH_KINDS and seg.duration is not None:
            bar = self._pacer(seg, snap, width)
            blocks.append(Block("pacer", [bar], 3))
            # Two more rows make the pacer a band that is easy to follow
            # with half-closed eyes; they are the first to go.
            blocks.append(Block("pacer-extra", [bar, bar], 6))
        elif seg.duration is None:
            waiting = (
                "press Enter to go on" if seg.kind is SegmentKind.WAIT else "press Enter when done"
            )
            prompt = waiting if not input_ended else "continuing on its own"
            blocks.append(Block("prompt", self._wrap(prompt, _WORDS, width, center=True), 1, 1))
        else:
            if snap.segment_remaining is not None and width >= _BIG_MIN_WIDTH:
                clock = format_clock(whole_seconds_left(snap.segment_remaining))
                style = _DIGITS_PAUSED if snap.paused else _DIGITS
                digits = [
                    cut_line(row, style, width=width, center=True) for row in big_digits(clock)
                ]
                if all(row.cell_len <= width for row in digits):
                    blocks.append(Block("big", digits, 5))
            blocks.append(Block("space", [Text("")], 9))
            blocks.append(Block("bar", [self._bar(seg, snap, width)], 4))

        blocks.append(Block("space", [Text("")], 9))
        following = next_text(self._segments, snap.index) if self._segments else "finish"
        blocks.append(Block("next", [cut_line(f"next: {following}", _DIM, width=width)], 6))
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
            # A person counts breaths, not cycles.
            parts.append(f"breath {seg.cycle_no} of {seg.cycle_count}")
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
        return cut_line(" PAUSED ", _PAUSED, width=width, center=True)

    def _now_lines(self, event: Event, width: int, *, with_time: bool) -> list[Text]:
        seg = self.segment(event)
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
        return [cut_line(word, _WORDS, width=width, center=True)]

    def _bar(self, seg: Segment, snap: Snapshot, width: int) -> Text:
        cells = self._bar_width(width)
        done = max(0, min(cells, self.bar_cells(seg, snap, width)))
        bar = Text(no_wrap=True, overflow="crop")
        bar.append(_BAR_FULL * done, style=_BAR_DONE)
        bar.append(_BAR_EMPTY * (cells - done), style=_BAR_LEFT)
        bar.pad_left(max(0, (width - cells) // 2))
        return bar

    def _pacer(self, seg: Segment, snap: Snapshot, width: int) -> Text:
        cells = self._bar_width(width)
        filled = max(0, min(cells, self.bar_cells(seg, snap, width)))
        # The band grows from the middle outwards, like a chest filling.
        before = (cells - filled) // 2
        pacer = Text(no_wrap=True, overflow="crop")
        pacer.append(_BAR_EMPTY * before, style=_BAR_LEFT)
        pacer.append(_BAR_FULL * filled, style=_PACER)
        pacer.append(_BAR_EMPTY * (cells - filled - before), style=_BAR_LEFT)
        pacer.pad_left(max(0, (width - cells) // 2))
        return pacer
