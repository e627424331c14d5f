"""The first run: the warning signs, the emergency first, before anything else.

About 35 lines of signs once ran straight into the pain question, and at
80x24 the bladder and bowel warning had scrolled off before it could be read.
Now the first screen is short (the emergency, then the other signs in a few
words) and fits 80x24; at a terminal spasm waits for a key before it asks or
starts anything, and ``?`` shows every sign in full with the cautions. A
narrow terminal gets the text a screenful at a time. When stdin is not a
terminal (a pipe, CI) the signs are printed in full and spasm goes on: no
one is there to press a key, so nothing is said about keys.

The "shown" marker is written only once the signs were written: a failed
write means they come again next time rather than never.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from spasm_cli import safety
from spasm_cli.app.prompts import say, stdout_is_terminal
from spasm_cli.session.keys import Input, TerminalKeys
from spasm_cli.wrapping import stream_width, wrap

# How long the warning signs wait for their key; then the session goes on.
FIRST_RUN_WAIT = 3600.0
MORE_KEY = "?"
BOLD, NORMAL = "\x1b[1m", "\x1b[22m"

PROMPT_KEYS = f"Press {MORE_KEY} for all the warning signs and cautions, any other key to go on."
PROMPT_ENTER = f"Press Enter to go on, or {MORE_KEY} for all the warning signs and cautions."
GO_ON_KEYS = "Press any key to go on."
GO_ON_ENTER = "Press Enter to go on."
MORE_KEYS = "Press any key for more."
# Lines drawn bold on the live screen, with the emergency itself.
_BOLD = (safety.FIRST_HEADING, safety.URGENT_LEAD, safety.OTHER_LEAD)


def first_screen_lines(
    width: int | None, *, waits: bool, plain: bool, styled: bool = False
) -> list[str]:
    """The first screen wrapped to ``width``, its key prompt last when it waits.

    ``styled`` draws the headings and the emergency bold (the live screen's
    terminal; never in plain mode).
    """
    lines = []
    for line in safety.first_screen():
        bold = styled and (line in _BOLD or line.removeprefix("- ") in safety.FIRST_URGENT)
        lines += [f"{BOLD}{piece}{NORMAL}" if bold else piece for piece in wrap(line, width)]
    if waits:
        lines += wrap(PROMPT_ENTER if plain else PROMPT_KEYS, width)
    return lines


def pages(lines: Sequence[str], rows: int | None) -> list[list[str]]:
    """``lines`` cut into screenfuls of ``rows``, each but the last leaving a row for "more".

    ``None`` (not a terminal, or plain mode) is one page: nothing is held back.
    """
    if rows is None or len(lines) <= rows:
        return [list(lines)]
    per = max(1, rows - 1)
    out: list[list[str]] = []
    rest = list(lines)
    while len(rest) > rows:
        out.append(rest[:per])
        rest = rest[per:]
    return [*out, rest]


def show_first_run(keys: Input, data_dir: Path, *, plain: bool) -> bool:
    """Show the warning signs if they never were; wait for a key at a terminal.

    True when they were shown now (written to the terminal, or to the pipe).
    """
    if not safety.should_show_first_run(data_dir):
        return False
    width = stream_width(sys.stdout)
    if not isinstance(keys, TerminalKeys):
        # No one to press a key: everything, once, and on.
        text = "\n".join(wrap(safety.render_plain(first_run=True), width))
        if say(text):
            safety.mark_shown(data_dir)
        return True
    styled = not plain and stdout_is_terminal()
    # Plain mode is for screen readers: one stream of text, never held back.
    rows = _rows() if styled else None
    keys.flush()  # a key typed before the signs appeared must not dismiss them
    lines = first_screen_lines(width, waits=True, plain=plain, styled=styled)
    if _show(lines, keys, rows):
        safety.mark_shown(data_dir)
    answer = keys.read_char(FIRST_RUN_WAIT)
    say()
    if answer == MORE_KEY:
        full = wrap(safety.render_plain(first_run=True), width)
        _show([*full, *wrap(GO_ON_ENTER if plain else GO_ON_KEYS, width)], keys, rows)
        keys.read_char(FIRST_RUN_WAIT)
        say()
    keys.flush()
    say()  # a blank line between the signs and what follows (the routine's caution)
    return True


def _show(lines: Sequence[str], keys: Input, rows: int | None) -> bool:
    """Write ``lines`` a screenful at a time; the last line is left for the caller's key.

    False when any line could not be written.
    """
    written = True
    chunks = pages(lines, rows)
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        body = chunk[:-1] if last else chunk
        for line in body:
            written = _say(line) and written
        if last:
            written = _say(chunk[-1], end=" ") and written
        else:
            _say(MORE_KEYS, end=" ")
            keys.read_char(FIRST_RUN_WAIT)
            say()
    return written


def _say(text: str, *, end: str = "\n") -> bool:
    try:
        print(text, end=end, flush=True)
    except (OSError, ValueError):
        return False
    return True


def _rows() -> int:
    return max(4, shutil.get_terminal_size((80, 24)).lines)


__all__ = ["first_screen_lines", "pages", "show_first_run"]
