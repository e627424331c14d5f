"""Where samples go: simpleaudio, a system player, the terminal bell, or nowhere.

Choosing a backend is cheap (a module lookup and a PATH search) and happens
when the session is set up; opening one (importing simpleaudio, which loads
libasound) happens on the sound worker thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ENV_BACKEND = "SPASM_SOUND_BACKEND"
PLAYERS = ("paplay", "aplay", "afplay")
CHOICES = ("simpleaudio", *PLAYERS, "bell", "none")
OVERRUN = 3.0  # seconds a player may run past its sound before it counts as stuck


class BackendError(Exception):
    """The backend could not play; the message is the reason, for the notice."""


@dataclass(frozen=True)
class Choice:
    """The backend a session will use, and why (for ``spasm doctor``)."""

    name: str  # one of CHOICES
    detail: str  # what describe_backend() prints
    path: str | None = None  # the player program, for system players
    problem: str | None = None  # a notice to give once when the choice is a fallback


def simpleaudio_version() -> str | None:
    """The installed simpleaudio version, found without importing it."""
    if importlib.util.find_spec("simpleaudio") is None:
        return None
    try:
        return importlib.metadata.version("simpleaudio")
    except importlib.metadata.PackageNotFoundError:
        return "(unknown version)"


def select(
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    simpleaudio: Callable[[], str | None] = simpleaudio_version,
) -> Choice:
    """Pick a backend: ``SPASM_SOUND_BACKEND`` if set, else the first available."""
    env = os.environ if env is None else env
    forced = env.get(ENV_BACKEND, "").strip().lower()
    problem = None
    if forced:
        if forced not in CHOICES:
            problem = f"{ENV_BACKEND}={forced!r} is not one of {', '.join(CHOICES)}; ignoring it"
        elif forced == "none":
            return Choice("none", f"none ({ENV_BACKEND}=none)")
        elif forced == "bell":
            return Choice("bell", f"terminal bell ({ENV_BACKEND}=bell)")
        elif forced == "simpleaudio":
            version = simpleaudio()
            if version is None:
                why = f"{ENV_BACKEND}=simpleaudio but simpleaudio is not installed"
                return Choice("none", f"none ({why})", problem=f"{why}; sound is off")
            return Choice("simpleaudio", f"simpleaudio {version} ({ENV_BACKEND})")
        else:
            path = which(forced)
            if path is None:
                why = f"{ENV_BACKEND}={forced} but {forced} is not on PATH"
                return Choice("none", f"none ({why})", problem=f"{why}; sound is off")
            return Choice(forced, f"{forced} ({path}, {ENV_BACKEND})", path=path)
    version = simpleaudio()
    if version is not None:
        return Choice("simpleaudio", f"simpleaudio {version}", problem=problem)
    for name in PLAYERS:
        path = which(name)
        if path is not None:
            return Choice(name, f"{name} ({path}; no simpleaudio)", path=path, problem=problem)
    return Choice(
        "bell",
        "terminal bell (no simpleaudio, no paplay/aplay/afplay)",
        problem=problem,
    )


# --- libasound's own error printing --------------------------------------------

_ALSA_HANDLER: Any = None  # the C callback must outlive every libasound call


def silence_alsa() -> bool:
    """Stop libasound from printing "ALSA lib ..." lines on our stderr.

    Those lines would land in the middle of the live screen. A no-op error
    handler is installed with ``snd_lib_error_set_handler``; returns whether it
    was (False when libasound cannot be loaded, e.g. on macOS).
    """
    global _ALSA_HANDLER
    if _ALSA_HANDLER is not None:
        return True
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return False
    # void handler(const char *file, int line, const char *func, int err, const char *fmt, ...)
    # The varargs are never read, so declaring only the fixed ones is safe.
    proto = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )

    def _ignore(_f: bytes, _l: int, _fn: bytes, _e: int, _fmt: bytes) -> None:
        return None

    handler = proto(_ignore)
    try:
        lib.snd_lib_error_set_handler(handler)
    except AttributeError:
        return False
    _ALSA_HANDLER = handler
    return True


# --- playing ------------------------------------------------------------------


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


class _SimpleaudioPlaying:
    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def done(self) -> bool:
        return not bool(self._obj.is_playing())

    def stop(self) -> None:
        self._obj.stop()

    def failure(self) -> str | None:
        return None  # simpleaudio reports device errors when play starts


class SimpleaudioBackend:
    """Plays from memory through simpleaudio (libasound on Linux)."""

    name = "simpleaudio"
    needs_wav = False

    def __init__(self, rate: int) -> None:
        silence_alsa()
        try:
            import simpleaudio  # heavy (loads libasound): only when this backend is used
        except Exception as exc:  # ImportError, or OSError from a missing libasound
            raise BackendError(f"simpleaudio cannot load ({exc})") from exc
        self._sa = simpleaudio
        self._rate = rate

    def start(self, pcm: bytes, wav: Path | None, length: float) -> Playing:
        try:
            obj = self._sa.play_buffer(pcm, 1, 2, self._rate)
        except Exception as exc:  # SimpleaudioError: no device, busy device
            raise BackendError(f"simpleaudio could not play ({_short(str(exc))})") from exc
        return _SimpleaudioPlaying(obj)

    def close(self) -> None:
        """simpleaudio holds nothing between cues."""


class _ProcessPlaying:
    def __init__(self, proc: subprocess.Popen[bytes], program: str, length: float) -> None:
        self._proc = proc
        self._program = program
        self._deadline = time.monotonic() + length + OVERRUN
        self._stopped = False
        self._stuck = False

    def done(self) -> bool:
        if self._proc.poll() is not None:
            return True
        if time.monotonic() > self._deadline:
            # A player that outlives its sound by this much is waiting on a
            # device that will not come: stop it and call that a failure.
            self._stuck = True
            self._kill()
            return True
        return False

    def stop(self) -> None:
        self._stopped = True
        self._kill()

    def _kill(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stderr is not None:
            self._proc.stderr.close()

    def failure(self) -> str | None:
        if self._stuck:
            return f"{self._program} did not finish (is the sound device busy?)"
        code = self._proc.poll()
        if code is None:
            return None
        message = ""
        pipe = self._proc.stderr
        if pipe is not None and not pipe.closed:
            if not self._stopped and code != 0:
                message = _last_line(pipe.read())  # the process has exited: this cannot block
            pipe.close()
        if self._stopped or code == 0:
            return None
        why = f"exit status {code}" + (f": {message}" if message else "")
        return f"{self._program} failed ({why})"


class PlayerBackend:
    """Runs a system player (paplay, aplay, afplay) on a WAV file per cue."""

    needs_wav = True

    def __init__(self, name: str, path: str) -> None:
        self.name = name
        self._path = path

    def start(self, pcm: bytes, wav: Path | None, length: float) -> Playing:
        if wav is None:
            raise BackendError(f"{self.name}: no WAV file to play")
        args = [self._path, str(wav)]
        if self.name == "aplay":
            args.insert(1, "-q")
        try:
            proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,  # never share the keyboard the session reads
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,  # its error text goes in the notice, not on screen
            )
        except OSError as exc:
            raise BackendError(f"{self.name} could not start ({exc.strerror or exc})") from exc
        return _ProcessPlaying(proc, self.name, length)

    def close(self) -> None:
        """simpleaudio holds nothing between cues."""


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _last_line(data: bytes) -> str:
    lines = [ln for ln in data.decode("utf-8", "replace").splitlines() if ln.strip()]
    return _short(lines[-1]) if lines else ""


def open_backend(choice: Choice, rate: int) -> SimpleaudioBackend | PlayerBackend:
    """Open the tone backend for ``choice`` (simpleaudio or a player)."""
    if choice.name == "simpleaudio":
        return SimpleaudioBackend(rate)
    if choice.name in PLAYERS and choice.path is not None:
        return PlayerBackend(choice.name, choice.path)
    raise BackendError(f"{choice.name} does not play tones")
