"""Signals during a session: SIGTERM and SIGHUP end it cleanly, Ctrl-Z pauses it, resizes redraw.

The handlers are installed before the terminal is switched to cbreak mode,
so no signal can ever leave it there; ``Hooks`` holds what they act on, filled
in as the session gets under way.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from spasm_cli.app.prompts import say
from spasm_cli.errors import Interrupted
from spasm_cli.session.engine import Engine
from spasm_cli.session.events import Subscriber
from spasm_cli.session.keys import Input, TerminalKeys


@dataclass
class Hooks:
    """What the signal handlers act on; filled in as the session gets under way."""

    keys: Input | None = None
    engine: Engine | None = None
    display: Subscriber | None = None
    resize: Callable[[], None] = field(default=lambda: None)


@contextlib.contextmanager
def session_signals(hooks: Hooks) -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into ``Interrupted`` so every ``finally`` runs.

    Installed before the terminal is switched to cbreak mode, so that no
    signal can ever leave it there. Ctrl-Z (SIGTSTP) pauses the session and
    hands the terminal back before stopping; ``fg`` takes it again.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signal.Signals(signum).name)

    def resize(signum: int, frame: FrameType | None) -> None:
        hooks.resize()

    def suspend(signum: int, frame: FrameType | None) -> None:
        suspend_session(hooks)

    wanted: list[tuple[int, Callable[[int, FrameType | None], Any]]] = []
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            wanted.append((getattr(signal, name), interrupt))
    if hasattr(signal, "SIGWINCH"):
        wanted.append((signal.SIGWINCH, resize))
    if hasattr(signal, "SIGTSTP"):
        wanted.append((signal.SIGTSTP, suspend))
    saved = []
    for signum, handler in wanted:
        saved.append((signum, signal.signal(signum, handler)))
    try:
        yield
    finally:
        for signum, previous in saved:
            signal.signal(signum, previous)


def suspend_session(hooks: Hooks) -> None:
    """Ctrl-Z: pause, give the terminal back, stop; on ``fg``, take it again."""
    if hooks.engine is not None:
        hooks.engine.request_pause(hooks.engine.clock.now())
    if hooks.display is not None:
        close_display(hooks.display)
    keys = hooks.keys if isinstance(hooks.keys, TerminalKeys) else None
    if keys is not None:
        keys.restore()
    if hooks.engine is not None:
        say("spasm: paused; `fg` brings it back.", err=True)
    previous = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
    try:
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT
    finally:
        signal.signal(signal.SIGTSTP, previous)
        if keys is not None:
            keys.__enter__()
        start = getattr(hooks.display, "start", None)
        if start is not None:
            start()
        hooks.resize()


def close_display(display: Subscriber) -> None:
    """Put the display away (the live screen leaves the alternate screen); never raises."""
    stop = getattr(display, "stop", None)
    if stop is not None:
        with contextlib.suppress(OSError, ValueError):
            stop()
