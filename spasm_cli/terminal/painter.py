"""Putting a frame's lines on the terminal, cheaply.

``Frame`` is a column of lines already fitted to the width, printable by
Rich as it is. ``Painter`` draws frames on the alternate screen, caching each
line's escape codes and writing only the lines that changed since the last
frame. ``make_console`` makes the console a live session draws on.
"""

from __future__ import annotations

from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment as RichSegment
from rich.text import Text

_COLOUR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


class Frame:
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


class Painter:
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


def make_console() -> Console:
    """The console a live session draws on: stdout, Rich's own terminal detection."""
    return Console(highlight=False)
