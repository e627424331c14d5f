"""One wrapping helper for every line spasm prints: words are never cut by the terminal.

Every command wraps its text here, to the width of the stream it writes to,
so the same rules hold everywhere:

- Widths are counted in terminal cells: a wide character (CJK, most emoji)
  takes two, a combining mark none. ``textwrap`` counts code points, which
  overflows the line on such text.
- Each line of the text is wrapped on its own; its leading spaces are kept
  as the indent of every piece, and a list marker (``- ``, ``• ``, ``1. ``)
  makes the pieces hang under the text after it.
- A word longer than the line is broken at the width, the only cut there is.
- Not a terminal: lines are left whole, so ``grep``, files and screen
  readers' logs see one line per line written.

Pure (no Rich, no Typer), so the core's messages and the plain printer can
share it.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from typing import TextIO

# What makes a line a list item whose wrapped pieces hang under its text.
_MARKER = re.compile(r"(?P<lead> *)(?P<mark>(?:[-*•]|\d{1,3}[.)])\s+)?")
# Below this many columns nothing reads well; wrap as if it were this wide.
MIN_WIDTH = 20


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes (wide characters 2, marks 0)."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(ch) for ch in text)


def _char_cells(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def stream_width(stream: TextIO | None = None) -> int | None:
    """The column count to wrap ``stream``'s text to; ``None`` means "do not wrap".

    A terminal gives its own width (``COLUMNS``, when set, wins, as in
    ``shutil``); a pipe or a file is not wrapped.
    """
    stream = sys.stdout if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        tty = False
    if tty:
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = shutil.get_terminal_size().columns
        env = _env_columns()
        # COLUMNS set by the user wins over the ioctl, as shutil does.
        return max(MIN_WIDTH, env or columns or 80)
    return None


def _env_columns() -> int | None:
    raw = os.environ.get("COLUMNS", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else None


def wrap_line(line: str, width: int | None, *, hang: str | None = None) -> list[str]:
    """One line of text as lines of at most ``width`` cells.

    The line's leading spaces indent every piece; ``hang`` overrides the
    indent of the pieces after the first (by default a list marker's width).
    """
    line = line.rstrip()
    if width is None or cell_width(line) <= width:
        return [line]
    match = _MARKER.match(line)
    lead = match.group("lead") if match else ""
    mark = (match.group("mark") or "") if match else ""
    first = lead + mark
    rest = hang if hang is not None else " " * cell_width(first)
    if cell_width(rest) > width // 2:
        rest = ""
    words = line[len(first) :].split()
    out: list[str] = []
    current, used = first, cell_width(first)
    started = False
    for word in words:
        size = cell_width(word)
        gap = 1 if started else 0
        if used + gap + size <= width:
            current += (" " if started else "") + word
            used += gap + size
            started = True
            continue
        if started:
            out.append(current)
            current, used, started = rest, cell_width(rest), False
        # A word wider than the line is cut at the width: the one cut allowed.
        while used + size > width:
            piece, word = _split_cells(word, width - used)
            out.append(current + piece)
            current, used = rest, cell_width(rest)
            size = cell_width(word)
        if word:
            current += word
            used += size
            started = True
    if started or not out:
        out.append(current)
    return [piece.rstrip() for piece in out]


def _split_cells(word: str, cells: int) -> tuple[str, str]:
    cells = max(1, cells)
    used = 0
    for i, ch in enumerate(word):
        used += _char_cells(ch)
        if used > cells:
            # Always take at least one character, so the loop ends.
            return word[: max(1, i)], word[max(1, i) :]
    return word, ""


def wrap(text: str, width: int | None, *, hang: str | None = None) -> list[str]:
    """Every line of ``text`` wrapped to ``width`` (see ``wrap_line``)."""
    return [piece for line in text.split("\n") for piece in wrap_line(line, width, hang=hang)]


def fill(text: str, width: int | None, *, hang: str | None = None) -> str:
    """``wrap`` joined back into one string (no trailing newline added)."""
    return "\n".join(wrap(text, width, hang=hang))


def echo(text: str = "", stream: TextIO | None = None, *, hang: str | None = None) -> None:
    """Print ``text`` to ``stream`` (stdout), wrapped to that stream's width."""
    stream = sys.stdout if stream is None else stream
    print(fill(text, stream_width(stream), hang=hang), file=stream, flush=True)
