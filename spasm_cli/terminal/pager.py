"""Long output at a terminal goes through a pager, as ``git log`` does.

Lines are taken from an iterator as they come. At a terminal, the first
screenful is held back: if the output ends within it, it is printed as it
is; if not, a pager is started and everything goes to it. ``$PAGER`` is used
when set (empty or ``cat``: no pager); else ``less``, with ``LESS=FRX`` unless
you set ``LESS`` yourself (quit at once when it fits, keep colours, leave the
text on the screen). Not at a terminal (a pipe, a file), lines are written as
they come, so ``spasm history --limit 0 | head`` starts at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO


def pager_command(environ: dict[str, str] | None = None) -> str | None:
    """The pager to run (a shell command), or None for none."""
    env = os.environ if environ is None else environ
    chosen = env.get("PAGER")
    if chosen is not None:
        chosen = chosen.strip()
        return None if chosen in ("", "cat") else chosen
    return "less" if shutil.which("less") else None


def _write(out: IO[str], lines: Iterable[str]) -> None:
    for line in lines:
        out.write(line + "\n")


def show(lines: Iterable[str], *, terminal: bool, height: int, use_pager: bool = True) -> None:
    """Write ``lines`` to stdout, through the pager when they pass a screenful."""
    it: Iterator[str] = iter(lines)
    if not terminal or not use_pager:
        _write(sys.stdout, it)
        return
    # One line is left for the shell's prompt.
    held = list(islice(it, max(1, height - 1)))
    extra = next(it, None)
    if extra is None:
        _write(sys.stdout, held)  # it fits: no pager
        return
    held.append(extra)
    command = pager_command()
    if command is None:
        _write(sys.stdout, held)
        _write(sys.stdout, it)
        return
    _page(command, held, it)


def _page(command: str, first: list[str], rest: Iterator[str]) -> None:
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    sys.stdout.flush()
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a
    # search); spasm must not die under it and leave the terminal to it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            pager = subprocess.Popen(  # noqa: S602 - $PAGER is a shell command, as for git
                command,
                shell=True,
                stdin=subprocess.PIPE,
                env=env,
                text=True,
                encoding=sys.stdout.encoding,
                errors="replace",
            )
        except OSError:
            _write(sys.stdout, first)  # no pager after all: print as it is
            _write(sys.stdout, rest)
            return
        stdin = pager.stdin
        assert stdin is not None
        try:
            _write(stdin, first)
            _write(stdin, rest)
        except OSError:
            pass  # the pager was quit before the end: that is the reader's choice
        finally:
            # Closed on every path, quit early included: a pipe left open with
            # text in its buffer is flushed again when it is collected, and
            # that second broken pipe is printed ("Exception ignored").
            with contextlib.suppress(OSError):
                stdin.close()
            pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
