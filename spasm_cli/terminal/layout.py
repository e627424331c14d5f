"""Laying out a frame: blocks of lines, each with a priority, fitted to the room.

The live screen is a column of blocks (header, step, instructions, digits,
bar, what comes next). When the terminal is too small, ``fit`` cuts or drops
the least important ones first, so the countdown, the step and the key
legend stay readable down to a handful of lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text


@dataclass
class Block:
    """A run of lines in the layout and how readily it gives way when space is short.

    Higher ``priority`` numbers go first; a block with ``min_lines`` is cut
    down to that many lines before it is dropped.
    """

    name: str
    lines: list[Text]
    priority: int
    min_lines: int = 0
    cut: bool = field(default=False)


def fit(blocks: list[Block], room: int, width: int) -> list[Block]:
    """The blocks that fit in ``room`` lines, the least important cut or dropped first."""
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


def cut_line(text: str, style: str = "", *, width: int, center: bool = False) -> Text:
    """One line of ``text``, cut to ``width`` with an ellipsis, centred if asked."""
    out = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    out.truncate(width, overflow="ellipsis")
    if center:
        out.pad_left(max(0, (width - out.cell_len) // 2))
    return out
