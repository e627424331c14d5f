"""The big-digit font the live screen draws its countdown in.

``big_digits`` turns a clock such as ``"01:30"`` into lines of block
characters, large enough to read from across the room: three lines at
scale 1 (30 cells for "mm:ss"), and larger on a larger terminal.
"""

from __future__ import annotations

# A 3x5 pixel font. At scale s each pixel is 2s cells wide and s half-lines
# high (two half-lines per text line, drawn with half blocks), so at scale 1
# a digit is 6 cells wide and 3 lines high: readable from the floor, yet
# "mm:ss" fits in 40 columns; at scale 3 it is 18 cells by 8 lines.
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


def _glyph(rows: tuple[str, ...], scale: int) -> list[str]:
    tall = [row for row in rows for _ in range(scale)]
    if len(tall) % 2:
        tall.append("0" * len(rows[0]))
    lines = []
    for top, bottom in zip(tall[0::2], tall[1::2], strict=True):
        cells = (_HALF_BLOCKS[(a, b)] * (2 * scale) for a, b in zip(top, bottom, strict=True))
        lines.append("".join(cells))
    return lines


_GLYPHS = {char: _glyph(rows, 1) for char, rows in _PIXELS.items()}


def big_digits(text: str, scale: int = 1) -> list[str]:
    """Draw ``text`` (digits and colons) in block characters at ``scale`` (1 or more)."""
    scale = max(1, scale)
    if scale == 1:
        glyphs = [_GLYPHS[char] for char in text if char in _GLYPHS]
    else:
        glyphs = [_glyph(_PIXELS[char], scale) for char in text if char in _PIXELS]
    if not glyphs:
        return []
    gap = " " * scale
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(len(glyphs[0]))]
