"""Output in any encoding: what cannot be encoded is written in plain ASCII.

With ``PYTHONIOENCODING=ascii`` (or a Latin-1 terminal) a bullet, a curly
quote or a block of the big countdown cannot be encoded, and Python's default
is to raise ``UnicodeEncodeError`` in the middle of a line: `spasm safety`
crashed, and the first-run warning signs were lost. The warning signs must
reach the person whatever the terminal, so spasm's standard streams get an
error handler that writes a close ASCII stand-in instead (``•`` as ``*``,
``—`` as ``--``, ``é`` as ``e``) and ``?`` only for what has none.

Standard library only: this runs before any command, so it must cost nothing
when the streams are UTF-8 (the usual case), and it imports ``unicodedata``
only when a character actually needs a stand-in.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import TextIO

HANDLER = "spasm-ascii"

# Characters spasm itself writes, and the punctuation of the articles it
# quotes, with the stand-in a reader takes for the same thing.
_STAND_INS = {
    "\u2022": "*",  # bullet
    "\u00b7": ".",  # middle dot
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",  # en dash
    "\u2014": "--",  # em dash
    "\u2026": "...",
    "\u2192": "->",
    "\u2190": "<-",
    "\u00d7": "x",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00b1": "+/-",
    "\u00a0": " ",
    "\u00b0": " degrees",
    "\u2500": "-",  # box drawing, light horizontal
    "\u2502": "|",
    "\u2588": "#",  # full block (the big digits, the bars)
    "\u2580": "#",  # upper half block
    "\u2584": "#",  # lower half block
    "\u2591": ".",  # light shade (the empty part of a progress bar)
}
# The eighth blocks of a bar: any part of a cell reads as one mark.
_STAND_INS.update(dict.fromkeys("\u258f\u258e\u258d\u258c\u258b\u258a\u2589", "#"))
# The sparkline's rising blocks (stats), low to high, so a trend still shows
# (the lower half block, U+2584, stays "#": the big digits are drawn with it).
_STAND_INS.update(zip("\u2581\u2582\u2583\u2585\u2586\u2587", "_.-=*%", strict=True))
# The figures: a head, the floor, arrows and the rest of the box drawing.
_STAND_INS.update(
    {
        "\u25cf": "o",  # black circle: the head
        "\u2594": "_",  # upper one-eighth block: the floor
        "\u2193": "v",
        "\u2191": "^",
        "\u2501": "=",
        "\u2571": "/",
        "\u2572": "\\",
        "\u256d": ".",
        "\u256e": ".",
        "\u2570": "'",
        "\u256f": "'",
        "\u250c": "+",
        "\u2510": "+",
        "\u2514": "+",
        "\u2518": "+",
        "\u2574": "-",
        "\u2576": "-",
        "\u2575": "'",
        "\u2577": ".",
        "\u2590": "#",
        "\u2592": ":",
    }
)


def stand_in(char: str) -> str:
    """An ASCII stand-in for one character: ``*`` for a bullet, ``e`` for ``é``.

    ``?`` when the character has none (a letter of another script).
    """
    if char.isascii():
        return char
    known = _STAND_INS.get(char)
    if known is not None:
        return known
    import unicodedata

    if unicodedata.category(char) == "Nd":
        return str(unicodedata.digit(char))  # other scripts' digits
    # é -> e + combining accent -> e; ﬁ -> fi.
    decomposed = unicodedata.normalize("NFKD", char)
    plain = "".join(c for c in decomposed if c.isascii())
    return plain if plain and plain.isprintable() else "?"


def to_ascii(text: str) -> str:
    """``text`` with every character outside ASCII replaced by its stand-in."""
    if text.isascii():
        return text
    return "".join(stand_in(c) for c in text)


def _handle(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return to_ascii(error.object[error.start : error.end]), error.end


def _needs_help(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower()
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return True
    return name not in ("utf-8", "utf-16", "utf-32")


def prepare_streams() -> None:
    """Give stdout and stderr the ASCII stand-ins, where their encoding needs them.

    Only the error handler changes: the encoding, buffering and anything
    already written stay as they are.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not _needs_help(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            codecs.lookup_error(HANDLER)
        except LookupError:
            codecs.register_error(HANDLER, _handle)
        # A stream already closed, or one that cannot change, keeps its ways.
        with contextlib.suppress(ValueError, OSError, AttributeError):
            reconfigure(errors=HANDLER)
