"""Reading the person's keys while a session runs, and leaving the terminal as found.

Three inputs share one small interface, ``wait(timeout) -> Key | None``:

- ``TerminalKeys``: a POSIX terminal in cbreak mode (keys without Enter, no
  echo, Ctrl-C still a signal), read with ``select`` so that waiting for a key
  and waiting for a deadline are one wait.
- ``LineKeys``: lines from a pipe, a file, or a terminal where raw keys are not
  available (Windows): an empty line is Enter, and a line holding one of
  the keys' letters (``n N . b B , p q``) is that key. A daemon thread reads, so waiting stays one bounded wait.
- ``ScriptedKeys``: for tests; it advances a ``FakeClock`` instead of waiting.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import IO, Any, Protocol

from spasm_cli.session.clock import FakeClock
from spasm_cli.session.legend import KeyStyle


class Key(str, Enum):
    """What a key press means to a session."""

    PAUSE = "pause"
    NEXT = "next"  # the next exercise (step)
    NEXT_PART = "next_part"  # the next part of the exercise (one segment)
    BACK = "back"  # the start of this exercise, or the one before
    BACK_PART = "back_part"  # the start of this part, or the one before
    QUIT = "quit"
    ENTER = "enter"
    EOF = "eof"  # input ended: no more keys will come


# Case matters for n and b (the capital moves by one part, the small letter
# by a whole exercise); p and q mean the same in either case.
_CHAR_KEYS = {
    " ": Key.PAUSE,
    "p": Key.PAUSE,
    "P": Key.PAUSE,
    "n": Key.NEXT,
    "N": Key.NEXT_PART,
    ".": Key.NEXT_PART,
    "b": Key.BACK,
    "B": Key.BACK_PART,
    ",": Key.BACK_PART,
    "q": Key.QUIT,
    "Q": Key.QUIT,
    "\r": Key.ENTER,
    "\n": Key.ENTER,
}
_ESCAPES = {"[C": Key.NEXT, "OC": Key.NEXT, "[D": Key.BACK, "OD": Key.BACK}

# Which legend a display shows (see ``spasm_cli.session.legend``): keys read
# one at a time, or letters typed as lines and sent with Enter.
LEGEND_KEYS = KeyStyle.KEYS
LEGEND_LINES = KeyStyle.LINES


class Input(Protocol):
    """Where a session's keys come from."""

    def wait(self, timeout: float) -> Key | None:
        """Wait up to ``timeout`` seconds for a key; None when the time ran out."""

    def read_char(self, timeout: float) -> str | None:
        """Wait up to ``timeout`` seconds for one character (for prompts)."""

    def flush(self) -> None:
        """Forget keys typed before now, so a question is not answered by accident."""


def parse_keys(text: str) -> list[Key]:
    """Turn characters read from a terminal into keys, ignoring the rest."""
    keys: list[Key] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\x1b":
            seq = text[index + 1 : index + 3]
            if seq in _ESCAPES:
                keys.append(_ESCAPES[seq])
                index += 3
                continue
            # A lone Escape or a sequence we do not use (F-keys, mouse): skip
            # its bracket and parameters so that their letters are not read as keys.
            index += 1
            if index < len(text) and text[index] in "[O":
                index += 1
                if text[index : index + 1] == "M":
                    # X10 mouse report: three raw bytes follow, any of them
                    # possibly a space or a letter.
                    index += 4
                    continue
                while index < len(text) and not text[index].isalpha() and text[index] != "~":
                    index += 1
                index += 1
            continue
        key = _CHAR_KEYS.get(char)
        if key is not None:
            keys.append(key)
        index += 1
    return keys


class TerminalKeys:
    """Keys from a POSIX terminal, one at a time, without Enter.

    Use as a context manager: entering switches the terminal to cbreak mode
    (no line editing, no echo, signals kept), leaving restores exactly the
    settings found, whatever ended the session.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._saved: list[Any] | None = None
        self._pending: deque[Key] = deque()
        self._chars: deque[str] = deque()
        self._ended = False

    def __enter__(self) -> TerminalKeys:
        import termios

        self._saved = termios.tcgetattr(self.fd)
        mode: list[Any] = termios.tcgetattr(self.fd)
        lflag, cc = 3, 6
        # cbreak: keys arrive one at a time and unechoed; ISIG stays on, so
        # Ctrl-C is still SIGINT and reaches the handler that restores all this.
        mode[lflag] &= ~(termios.ECHO | termios.ICANON)
        mode[cc] = list(mode[cc])
        mode[cc][termios.VMIN] = 1
        mode[cc][termios.VTIME] = 0
        termios.tcsetattr(self.fd, termios.TCSANOW, mode)
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()

    def restore(self) -> None:
        """Put back the terminal settings found on entry (safe to call twice)."""
        if self._saved is None:
            return
        import termios

        # The terminal may be gone (SIGHUP): nothing then is left to restore.
        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
        self._saved = None

    def _read(self, timeout: float) -> bool:
        if self._ended:
            # The terminal is gone and stays readable (EOF) for ever: wait out
            # the time like a quiet keyboard rather than spin on it.
            threading.Event().wait(max(0.0, timeout))
            return False
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 256)
        except OSError:
            data = b""
        if not data:
            self._ended = True
            self._pending.append(Key.EOF)
            return True
        text = data.decode("utf-8", errors="ignore")
        self._chars.extend(text)
        self._pending.extend(parse_keys(text))
        return True

    def wait(self, timeout: float) -> Key | None:
        """Wait for the next key, at most ``timeout`` seconds."""
        if not self._pending:
            self._chars.clear()
            self._read(timeout)
        return self._pending.popleft() if self._pending else None

    def flush(self) -> None:
        """Drop keys already typed (the Enter that ended a session must not answer a question)."""
        import termios

        self._pending.clear()
        self._chars.clear()
        with contextlib.suppress(OSError, termios.error):
            termios.tcflush(self.fd, termios.TCIFLUSH)

    def read_char(self, timeout: float) -> str | None:
        """Wait for one raw character (for one-key prompts)."""
        if not self._chars:
            self._pending.clear()
            if not self._read(timeout) or (self._pending and self._pending[-1] is Key.EOF):
                self._pending.clear()
                return None
        self._pending.clear()
        return self._chars.popleft() if self._chars else None


_LINE_KEYS = {
    "": Key.ENTER,
    **{char: key for char, key in _CHAR_KEYS.items() if char not in "\r\n"},
}


class LineKeys:
    """Keys from lines of text: a pipe, a file, or a terminal without raw keys."""

    def __init__(self, stream: IO[str] | None) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._ended = False
        if stream is None:
            self._queue.put(None)
            return
        thread = threading.Thread(
            target=self._pump, args=(stream,), name="spasm-stdin", daemon=True
        )
        thread.start()

    def _pump(self, stream: IO[str]) -> None:
        # A closed or unreadable stream is simply the end of input.
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                self._queue.put(line.rstrip("\r\n"))
        self._queue.put(None)

    def _get(self, timeout: float) -> str | None | bool:
        if self._ended:
            return False
        try:
            line = self._queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return False
        if line is None:
            self._ended = True
        return line

    def wait(self, timeout: float) -> Key | None:
        """Wait for the next line, at most ``timeout`` seconds; EOF once at the end."""
        if self._ended:
            # Nothing more can come: wait out the time like a quiet keyboard.
            threading.Event().wait(max(0.0, timeout))
            return None
        while True:
            line = self._get(timeout)
            if line is False:
                return None
            if line is None:
                return Key.EOF
            assert isinstance(line, str)
            key = _LINE_KEYS.get(line if line == " " else line.strip())
            if key is not None:
                return key
            timeout = 0.0  # an unknown word is ignored; do not wait again for it

    def flush(self) -> None:
        """Lines are deliberate answers: nothing to drop."""

    def read_char(self, timeout: float) -> str | None:
        """The first character of the next line ("" for an empty line)."""
        line = self._get(timeout)
        if not isinstance(line, str):
            return None
        return line.strip()[:2] or "\r"


class ScriptedKeys:
    """Keys pressed at set times on a ``FakeClock``, for tests.

    ``script`` holds ``(time since start, key)`` pairs. ``wait`` advances the
    clock to the next key or by the timeout, whichever comes first; after the
    script, it reports ``Key.EOF`` once if ``eof`` is set.
    """

    def __init__(
        self, clock: FakeClock, script: Iterable[tuple[float, Key]] = (), *, eof: bool = False
    ) -> None:
        self.clock = clock
        self.start = clock.now()
        self.script = deque(sorted(script, key=lambda item: item[0]))
        self.eof = eof
        self.waits = 0

    def wait(self, timeout: float) -> Key | None:
        """Advance the fake clock; return a scripted key when its time comes."""
        self.waits += 1
        now = self.clock.now()
        if self.script:
            at, key = self.script[0]
            due = self.start + at
            if due <= now + timeout:
                self.clock.advance(max(0.0, due - now))
                self.script.popleft()
                return key
        elif self.eof:
            self.eof = False
            return Key.EOF
        self.clock.advance(max(0.0, timeout))
        return None

    def read_char(self, timeout: float) -> str | None:
        """Scripted keys carry no characters."""
        return None

    def flush(self) -> None:
        """Scripted keys are never typed ahead."""


def stdin_is_terminal() -> bool:
    """True when keys can be read one at a time from a terminal on stdin."""
    if sys.platform == "win32":
        return False
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def open_input(*, raw: bool) -> Iterator[TerminalKeys | LineKeys]:
    """The session's input: raw terminal keys when ``raw``, else lines from stdin."""
    if raw:
        with TerminalKeys(sys.stdin.fileno()) as keys:
            yield keys
    else:
        stream = sys.stdin if sys.stdin is not None and not sys.stdin.closed else None
        yield LineKeys(stream)
