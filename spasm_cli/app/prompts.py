"""What a session says and asks outside the live screen: lines, notices, pain questions.

Everything here writes plain lines (the live screen is not up, or has been
put away), and tolerates a terminal that is gone: after SIGHUP, losing a line
is fine.
"""

from __future__ import annotations

import os
import sys

from spasm_cli.session.keys import Input, TerminalKeys

PAIN_DIGIT_WAIT = 0.8  # after "1", how long to wait for "0" (to make 10)


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal that can take escape codes (not TERM=dumb)."""
    try:
        return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def say(text: str = "", *, err: bool = False) -> bool:
    """Print one line to stdout (or stderr), flushed; False if it could not be written.

    A closed terminal is not an error: after SIGHUP losing a line is fine.
    The caller of a line that must be read (the warning signs) checks the answer.
    """
    stream = sys.stderr if err else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except (OSError, ValueError):
        return False
    return True


def _put(text: str) -> None:
    """Write ``text`` to stdout at once, without a newline; a gone terminal is fine."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


def ask_pain(keys: Input, question: str) -> int | None:
    """Ask for a pain score 0-10 with one key; Enter (or anything else) skips.

    ``1`` waits briefly for a ``0`` so that 10 is two quick keys. At a
    terminal (keys unechoed) each digit is shown the moment it is typed, so
    a ``1`` never sits unseen while the wait for a ``0`` runs.
    """
    keys.flush()
    prompt = f"{question} 0-10, Enter to skip: "
    echo = isinstance(keys, TerminalKeys)
    if echo:
        _put(prompt)
    else:
        # Typed lines echo themselves (or come from a pipe): the prompt is a line.
        say(prompt)
    char = keys.read_char(600.0)
    answer: int | None = None
    if char is not None and char[:1].isdigit():
        answer = int(char[:1])
        if echo:
            _put(char[:1])
        if answer == 1:
            following = char[1:2] or (keys.read_char(PAIN_DIGIT_WAIT) or "")
            if following == "0":
                answer = 10
                if echo:
                    _put("0")
    if echo:
        _put("\n")
    say(f"  pain {answer}" if answer is not None else "  skipped")
    return answer


class Notices:
    """Sound and history notices: printed at once in plain mode, after the screen otherwise."""

    def __init__(self, immediate: bool) -> None:
        self.immediate = immediate
        self.held: list[str] = []

    def __call__(self, text: str) -> None:
        if self.immediate:
            say(f"spasm: {text}", err=True)
        else:
            self.held.append(text)

    def flush(self) -> None:
        for text in self.held:
            say(f"spasm: {text}", err=True)
        self.held.clear()
