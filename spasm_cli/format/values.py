"""Checks of single values in a routine file: text, names, tags, durations, counts, sides, figures.

Each check takes the raw value YAML gave and returns it in the model's form,
or raises ``Bad`` with the message a person reads (the checker in
``format.validate`` adds the file, line and column). They know nothing of
where the value sits in the file.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from spasm_cli import sources
from spasm_cli.format import figures
from spasm_cli.format.durations import DURATION_HELP, DurationError, format_duration, parse_duration
from spasm_cli.format.model import (
    MAX_DURATION,
    MIN_DURATION,
    NAME_PATTERN,
    PHASES,
    POSITIONS,
    SIDES,
)
from spasm_cli.format.suggest import bracket_hint, choices_text, near
from spasm_cli.format.yamlsafe import Path_
from spasm_cli.wrapping import cell_width

_NAME = re.compile(NAME_PATTERN)
MAX_TEXT = 2000  # characters in one title, instruction or caution
MAX_LIST = 200  # items in instructions, tags or sources


# Characters that change how text is shown rather than being text: right-to-
# left embeddings, overrides and isolates can make a caution read backwards.
_DIRECTION = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
# Characters that show nothing although they are letters or symbols: the
# Hangul fillers and the blank braille pattern. With the format characters
# (zero-width space and joiners, soft hyphen, word joiner, BOM: category Cf),
# spaces, and combining marks with nothing to combine with, a title made only
# of them looks empty.
_BLANK = frozenset({0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E})
_NOTHING_TO_SEE = ("Cf", "Mn", "Me", "Zs")
_CHAR_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 13: "CARRIAGE RETURN", 27: "ESCAPE"}


def _forbidden(ch: str) -> bool:
    """Whether ``ch`` may not appear in routine text (line feeds and tabs may)."""
    if ch in "\n\t":
        return False
    code = ord(ch)
    if code in _DIRECTION or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return True  # direction changes and noncharacters
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def _invisible(ch: str) -> bool:
    """Whether ``ch`` alone shows nothing on the screen."""
    return ch.isspace() or ord(ch) in _BLANK or unicodedata.category(ch) in _NOTHING_TO_SEE


def _char_words(ch: str) -> str:
    code = ord(ch)
    name = _CHAR_NAMES.get(code) or unicodedata.name(ch, "") or "a control character"
    return f"U+{code:04X} ({name})"


class Bad(Exception):
    """A value failed its check; the message says what was expected."""


class BadLine(Bad):
    """One line of a figure failed its check; ``index`` counts from 0 in the value as written."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


def quote(key: str) -> str:
    """A key from the file as messages quote it: ``'hodl'``, or escaped if not printable."""
    return f"'{key}'" if key.isprintable() else repr(key)


def quote_value(written: str) -> str:
    """``written`` in YAML single quotes, as a person would type it into the file."""
    return "'" + written.replace("'", "''") + "'"


def show(value: object) -> str:
    """A value as messages quote it: its repr, cut short so a hostile file cannot flood them."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def where(path: Path_) -> str:
    """A value's place as messages name it: ``step 3, breathe.inhale``, ``tags item 2``.

    Counted from 1, as ``spasm show`` numbers the steps: a person reading
    "step 3" looks at the third step, not the fourth.
    """
    out = ""
    after_step = False
    for index, part in enumerate(path):
        if isinstance(part, int):
            if index and path[index - 1] == "steps":
                out = out[: -len("steps")] + f"step {part + 1}"
                after_step = True
            else:
                out += f" item {part + 1}"
            continue
        if out:
            out += ", " if after_step else "."
        out += part
        after_step = False
    return out or "routine"


def kind_name(value: object) -> str:
    """What kind of value YAML made, in words: "a number", "a list", "text"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def text(raw: Any, written: str | None = None) -> str:
    """A title, instruction or caution: non-empty text, at most ``MAX_TEXT`` characters.

    ``written`` is the value as the file spells it, for the quoting advice.
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # The schema says string; YAML turns `title: 5` or `0x1F` into a
        # number: the advice quotes what the person wrote, not what YAML made.
        spelled = written if written is not None else str(raw)
        raise Bad(f"expected text, got a number (put it in quotes: {quote_value(spelled)})")
    if isinstance(raw, bool) and written is not None:
        raise Bad(f"expected text, got true/false (put it in quotes: {quote_value(written)})")
    if not isinstance(raw, str):
        raise Bad(f"expected text, got {kind_name(raw)}")
    out = str(raw).strip()
    if not out:
        raise Bad("expected text, got an empty string")
    if len(out) > MAX_TEXT:
        raise Bad(f"text is longer than {MAX_TEXT} characters")
    if not out.isprintable():
        for index, ch in enumerate(out):
            if _forbidden(ch):
                raise Bad(
                    f"text holds {_char_words(ch)} at character {index + 1}: control and "
                    "direction-changing characters are not allowed in routine text"
                )
    if all(_invisible(ch) for ch in out):
        raise Bad("expected text, got only invisible characters (spaces, zero-width or blank ones)")
    return out


def source(raw: Any) -> str:
    """A source: an article's short id (an old file name becomes its id), or words.

    A single word close to a short id is taken for a typo: kept as written,
    it would name no article and nobody would notice.
    """
    value = text(raw)
    typo = sources.near_misses(value)
    if typo:
        raise Bad(
            f"unknown source {show(value)} (did you mean {choices_text(typo)}?); "
            "`spasm sources` lists them, and a source of your own may be written in words"
        )
    return sources.normalise(value)


def is_name(raw: object) -> bool:
    """Whether ``raw`` is a valid routine name (lowercase letters, digits, dashes)."""
    return isinstance(raw, str) and bool(_NAME.fullmatch(raw)) and len(raw) <= 100


def name(raw: Any) -> str:
    """A routine name: lowercase letters, digits and dashes."""
    if not is_name(raw):
        raise Bad(
            f"expected a routine name of lowercase letters, digits and dashes, got {show(raw)}"
        )
    return str(raw)


def tag(raw: Any) -> str:
    """A tag: lowercase letters, digits and dashes."""
    if not isinstance(raw, str) or not _NAME.fullmatch(raw) or len(raw) > 40:
        raise Bad(f"expected a tag of lowercase letters, digits and dashes, got {show(raw)}")
    return raw


def _hint(raw: Any, choices: tuple[str, ...]) -> str:
    # Only a word can be a near miss: `phase: 5` gets no "did you mean".
    return bracket_hint(raw, choices) if isinstance(raw, str) else ""


def phase(raw: Any) -> str:
    """One of the phases: acute, recovery, prevention; a near miss gets "did you mean"."""
    if raw not in PHASES:
        raise Bad(f"expected acute, recovery or prevention, got {show(raw)}{_hint(raw, PHASES)}")
    return str(raw)


def position(raw: Any) -> tuple[str, ...]:
    """One of ``POSITIONS`` or a list of them, each once; a near miss gets "did you mean"."""
    items = raw if isinstance(raw, list) and raw else [raw]
    for item in items:
        if item not in POSITIONS:
            raise Bad(
                f"expected lying, kneeling, sitting or standing, or a list of them, "
                f"got {show(item)}{_hint(item, POSITIONS)}"
            )
    if len(set(items)) != len(items):
        raise Bad("each position may appear once")
    return tuple(items)


def duration(raw: Any, *, allow_zero: bool = False) -> float:
    """A duration in seconds, from ``MIN_DURATION`` (or zero, for ``lead_in``) to 1 hour."""
    try:
        seconds = parse_duration(raw)
    except DurationError as err:
        raise Bad(str(err)) from None
    if seconds == 0 and not allow_zero:
        raise Bad(f"expected a duration above zero ({DURATION_HELP}), got {show(raw)}")
    if 0 < seconds < MIN_DURATION:
        least = format_duration(MIN_DURATION)
        zero = " (or 0 for none)" if allow_zero else ""
        raise Bad(
            f"expected at least {least}{zero}, got {show(raw)}: a shorter time is too quick to follow"
        )
    if seconds > MAX_DURATION:
        raise Bad(f"expected at most 1 hour, got {show(raw)}")
    return seconds


def count(raw: Any, maximum: int) -> int:
    """A whole number from 1 to ``maximum``."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise Bad(f"expected a whole number from 1 to {maximum}, got {show(raw)}")
    if not 1 <= raw <= maximum:
        raise Bad(f"expected a whole number from 1 to {maximum}, got {raw}")
    return raw


def sides(raw: Any) -> tuple[str, ...]:
    """``both``, ``left``, ``right`` or a list of left and right, each once."""
    if raw == "both":
        return SIDES
    if raw in SIDES:
        return (raw,)
    if isinstance(raw, list) and raw and all(item in SIDES for item in raw):
        if len(set(raw)) != len(raw):
            raise Bad("each side may appear once")
        return tuple(raw)
    # The one word that is wrong, with its near miss: in [left, rigth] it is 'rigth'.
    wrong = next((i for i in raw if i not in SIDES), raw) if isinstance(raw, list) and raw else raw
    hint = _hint(wrong, ("both", *SIDES) if wrong is raw else SIDES)
    raise Bad(f"expected both, left, right or a list of left and right, got {show(raw)}{hint}")


_FIGURE_HELP = (
    "`spasm figures` lists them; a drawing of your own goes on lines of its own "
    "(figure: | with the lines under it, or a list of lines)"
)


def figure(raw: Any) -> tuple[tuple[str, ...], str | None]:
    """A step's figure: its lines as drawn, and the bundled figure's name when it is one.

    A single word names a bundled figure (a near miss gets "did you mean"); a
    block of text with line breaks, or a list of strings, is the writer's own
    art: 1 to ``MAX_FIGURE_LINES`` lines of at most ``MAX_FIGURE_WIDTH``
    terminal cells, no tabs, no control or direction-changing characters,
    not all blank. Trailing spaces and blank lines around it are trimmed and
    the lines padded to one width. A problem in one line is a ``BadLine``.
    """
    if isinstance(raw, str) and "\n" not in raw:
        return _named_figure(raw.strip())
    if isinstance(raw, str):
        return _figure_art(raw.split("\n")), None
    if isinstance(raw, list):
        if not raw:
            raise Bad("expected a figure's lines, got an empty list")
        for index, item in enumerate(raw):
            if not isinstance(item, str):
                quoted = " (put it in quotes)" if isinstance(item, (int, float)) else ""
                raise BadLine(
                    index, f"line {index + 1}: expected text, got {kind_name(item)}{quoted}"
                )
            if "\n" in item:
                raise BadLine(
                    index, f"line {index + 1} holds a line break: give each line as an item"
                )
        return _figure_art(raw), None
    raise Bad(f"expected a figure's name or a drawing, got {kind_name(raw)}; {_FIGURE_HELP}")


def _named_figure(word: str) -> tuple[tuple[str, ...], str]:
    found = figures.get(word)
    if found is not None:
        return found.lines, found.name
    if not word:
        raise Bad(f"expected a figure's name or a drawing, got an empty string; {_FIGURE_HELP}")
    if any(ch.isspace() for ch in word):
        raise Bad(f"{show(word)} is not a figure's name; {_FIGURE_HELP}")
    typo = near(word, figures.names())
    if typo:
        raise Bad(
            f"unknown figure {show(word)} (did you mean {choices_text(typo)}?); "
            "`spasm figures` lists them"
        )
    raise Bad(f"unknown figure {show(word)}: {_FIGURE_HELP}")


def _figure_art(raw: list[str]) -> tuple[str, ...]:
    most, wide = figures.MAX_FIGURE_LINES, figures.MAX_FIGURE_WIDTH
    lines: list[str] = []
    for index, line in enumerate(raw):
        if "\t" in line:
            raise BadLine(
                index,
                f"line {index + 1} holds a tab, which each terminal draws at its own width: "
                "use spaces",
            )
        bad = next((ch for ch in line if _forbidden(ch)), None)
        if bad is not None:
            raise BadLine(
                index,
                f"line {index + 1} holds {_char_words(bad)}: control and direction-changing "
                "characters are not allowed in a figure",
            )
        line = line.rstrip()
        cells = cell_width(line)
        if cells > wide:
            raise BadLine(
                index, f"line {index + 1} is {cells} cells wide (expected at most {wide})"
            )
        lines.append(line)
    drawn = [index for index, line in enumerate(lines) if not all(map(_invisible, line))]
    if not drawn:
        raise Bad(f"the figure is blank (expected a drawing of 1 to {most} lines)")
    first, last = drawn[0], drawn[-1]
    if last - first + 1 > most:
        raise BadLine(
            first + most, f"the figure has {last - first + 1} lines (expected at most {most})"
        )
    kept = lines[first : last + 1]
    width = max(cell_width(line) for line in kept)
    return tuple(line + " " * (width - cell_width(line)) for line in kept)
