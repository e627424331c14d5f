"""The position's figure on the live screen: beside the instructions where there is room.

At 80x24 and larger the segment's figure (already mirrored for its side and
in the phase of its movement, see ``session.figure_frames``) is drawn in a
column to the left of the instructions; smaller, it is left out. It is one
block with the instructions and gives way before the countdown does: the
frame builder draws the frame without it when the whole drawing does not fit.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from spasm_cli.session.segments import Segment
from spasm_cli.terminal.layout import Block, cut_line

FIGURE_MIN_WIDTH = 70
FIGURE_MIN_HEIGHT = 22
_GAP = 3  # cells between the drawing and the instructions
_STYLE = ""  # the terminal's own foreground: a drawing must show on any background
PRIORITY = 7  # as the instructions: after the spacing and the rule, before the countdown


def drawable(seg: Segment | None, width: int, height: int) -> bool:
    """Whether a frame of ``seg`` at this size draws its figure."""
    return (
        seg is not None
        and bool(seg.figure)
        and width >= FIGURE_MIN_WIDTH
        and height >= FIGURE_MIN_HEIGHT
    )


def figure_block(seg: Segment, width: int, instructions: Callable[[int], list[Text]]) -> Block:
    """The figure with the instructions (wrapped by ``instructions(width)``) beside it."""
    art = [cut_line(line, _STYLE, width=width) for line in seg.figure]
    art_width = max(line.cell_len for line in art)
    if not seg.instructions:
        margin = max(0, (width - art_width) // 2)
        centred = []
        for line in art:
            line.pad_left(margin)
            centred.append(line)
        return Block("figure", centred, PRIORITY)
    text = instructions(max(10, width - art_width - _GAP))
    rows = []
    for row in range(max(len(art), len(text))):
        line = art[row] if row < len(art) else Text("")
        line.pad_right(art_width - line.cell_len + _GAP)
        if row < len(text):
            line.append_text(text[row])
        rows.append(line)
    return Block("figure", rows, PRIORITY)
