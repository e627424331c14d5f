"""Where samples go: miniaudio, a system player, the terminal bell, or nowhere.

Choosing a backend is cheap (a module lookup and a PATH search) and happens
when the session is set up; opening one (starting the miniaudio helper
process, or checking a player) happens on the sound worker thread.

The order, and why (figures in the README, from ``bench/sound_latency.py``):

1. ``miniaudio`` (the ``sound`` extra): wheels for every supported Python with
   no compiler or system headers, maintained, and the lowest latency here. It
   runs in a helper process (``spasm_cli.sound.helper``) so that a crash in
   native audio code costs the session its sound, never the session.
2. ``paplay``, ``aplay``, ``afplay``: a system player started for each cue.
3. The terminal bell, for the cues that ask for a key.

simpleaudio, the name people know, is not used: it has had no release since
2019 and segfaults at its first sound on Python 3.12 and later.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spasm_cli.sound.helper_link import HelperBackend
    from spasm_cli.sound.players import PlayerBackend

ENV_BACKEND = "SPASM_SOUND_BACKEND"
IN_PROCESS = "miniaudio"
PLAYERS = ("paplay", "aplay", "afplay")
CHOICES = (IN_PROCESS, *PLAYERS, "bell", "none")
INSTALL_HINT = "pip install 'spasm-coach[sound]'"
SIMPLEAUDIO_GONE = "simpleaudio is no longer used (it crashes on Python 3.12 and later)"


class BackendError(Exception):
    """The backend could not play; the message is the reason, for the notice."""


@dataclass(frozen=True)
class Choice:
    """The backend a session will use, and why (for ``spasm doctor``)."""

    name: str  # one of CHOICES
    detail: str  # what describe_backend() prints
    path: str | None = None  # the player program, for system players
    problem: str | None = None  # a notice to give once when the choice is a fallback
    # One line per other backend: why it was not chosen.
    passed_over: tuple[str, ...] = field(default=())


def miniaudio_version() -> str | None:
    """The installed miniaudio version, found without importing it."""
    try:
        if importlib.util.find_spec(IN_PROCESS) is None:
            return None
    except (ImportError, ValueError):
        return None
    try:
        return importlib.metadata.version(IN_PROCESS)
    except importlib.metadata.PackageNotFoundError:
        return "(unknown version)"


def _forced(
    forced: str, which: Callable[[str], str | None], miniaudio: Callable[[], str | None]
) -> Choice:
    """The choice ``SPASM_SOUND_BACKEND`` names (already checked to be one of CHOICES)."""
    if forced == "none":
        return Choice("none", f"none ({ENV_BACKEND}=none)")
    if forced == "bell":
        return Choice("bell", f"terminal bell ({ENV_BACKEND}=bell)")
    if forced == IN_PROCESS:
        version = miniaudio()
        if version is None:
            why = f"{ENV_BACKEND}=miniaudio but miniaudio is not installed"
            return Choice("none", f"none ({why})", problem=f"{why}; sound is off")
        return Choice(IN_PROCESS, f"miniaudio {version}, in a helper process ({ENV_BACKEND})")
    path = which(forced)
    if path is None:
        why = f"{ENV_BACKEND}={forced} but {forced} is not on PATH"
        return Choice("none", f"none ({why})", problem=f"{why}; sound is off")
    return Choice(forced, f"{forced} ({path}, {ENV_BACKEND})", path=path)


def select(
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    miniaudio: Callable[[], str | None] = miniaudio_version,
) -> Choice:
    """Pick a backend: ``SPASM_SOUND_BACKEND`` if set, else the first available."""
    env = os.environ if env is None else env
    forced = env.get(ENV_BACKEND, "").strip().lower()
    problem = None
    if forced in CHOICES:
        return _forced(forced, which, miniaudio)
    if forced == "simpleaudio":
        problem = f"{ENV_BACKEND}=simpleaudio: {SIMPLEAUDIO_GONE}; ignoring it"
    elif forced:
        problem = f"{ENV_BACKEND}={forced!r} is not one of {', '.join(CHOICES)}; ignoring it"
    version = miniaudio()
    paths = {name: which(name) for name in PLAYERS}
    if version is not None:
        chosen, detail, path = IN_PROCESS, f"miniaudio {version}, in a helper process", None
    else:
        found = [name for name in PLAYERS if paths[name] is not None]
        if found:
            chosen, path = found[0], paths[found[0]]
            detail = f"{chosen} ({path}; miniaudio is not installed)"
        else:
            chosen, path = "bell", None
            detail = "terminal bell (no miniaudio, no paplay/aplay/afplay)"
    passed = [] if chosen == IN_PROCESS else [f"miniaudio: not installed ({INSTALL_HINT})"]
    for name in PLAYERS:
        if name == chosen:
            continue
        if paths[name] is None:
            passed.append(f"{name}: not on PATH")
        else:
            passed.append(f"{name}: found ({paths[name]}), but {chosen} comes first")
    passed.append(f"simpleaudio: {SIMPLEAUDIO_GONE}")
    return Choice(chosen, detail, path=path, problem=problem, passed_over=tuple(passed))


class Playing(Protocol):
    """A sound that has been started."""

    def done(self) -> bool:
        """Whether it has stopped (finished, failed or was stopped)."""

    def stop(self) -> None:
        """Stop it now (idempotent)."""

    def failure(self) -> str | None:
        """Once done: why it failed, or None if it played (or was stopped)."""


class Backend(Protocol):
    """Something that starts playing rendered cues without waiting for them."""

    name: str

    def start(self, pcm: bytes, wav: Path | None, length: float) -> Playing:
        """Start playing; raise BackendError when the device cannot be used."""

    def close(self) -> None:
        """Release what the backend holds."""


def open_backend(choice: Choice, rate: int) -> HelperBackend | PlayerBackend:
    """Open the tone backend for ``choice`` (the miniaudio helper or a player)."""
    if choice.name == IN_PROCESS:
        from spasm_cli.sound.helper_link import HelperBackend

        return HelperBackend(rate)
    if choice.name in PLAYERS and choice.path is not None:
        from spasm_cli.sound.players import PlayerBackend

        return PlayerBackend(choice.name, choice.path)
    raise BackendError(f"{choice.name} does not play tones")
