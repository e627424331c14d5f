"""The big-digit font the live screen draws its countdown in.

``big_digits`` turns a clock such as ``"01:30"`` into three lines of block
characters, large enough to read from across the room.
"""

from __future__ import annotations

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
