"""Spoken cues (``--voice``) through a speech program, never blocking the timer.

One phrase at a time: a newer phrase replaces an older one that is still
waiting, and stops one that is still being spoken, so the voice never talks
over itself and never lags behind the session.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

ENV_SPEECH = "SPASM_SPEECH_PROGRAM"
PROGRAMS = ("espeak-ng", "espeak", "spd-say", "say")
STALE = 2.0  # a phrase not started within this many seconds is out of date


@dataclass(frozen=True)
class SpeechProgram:
    """A speech program found on this machine."""

    name: str  # its file name, which decides the arguments
    path: str


def find_speech(
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> tuple[SpeechProgram | None, str]:
    """The speech program to use and a description (or the reason for none)."""
    env = os.environ if env is None else env
    wanted = env.get(ENV_SPEECH, "").strip()
    if wanted:
        path = which(wanted)
        if path is None:
            return None, f"{ENV_SPEECH}={wanted} is not an executable program"
        return SpeechProgram(os.path.basename(path), path), f"{path} ({ENV_SPEECH})"
    for name in PROGRAMS:
        path = which(name)
        if path is not None:
            return SpeechProgram(name, path), path
    return None, "no speech program found (espeak-ng, espeak, spd-say, say)"


def speech_command(program: SpeechProgram, text: str, volume: int) -> list[str]:
    """The argument list that makes ``program`` say ``text`` at ``volume`` (0-100)."""
    # The text comes from routine files: a title "-f/etc/passwd" must be
    # spoken, not read as an option (espeak-ng would read the file aloud).
    # The known programs all end their options at "--".
    if program.name in ("espeak-ng", "espeak"):
        # -a is amplitude 0-200 with 100 the default; our 100 maps to its default.
        return [program.path, "-a", str(min(max(volume, 0), 100)), "--", text]
    if program.name == "spd-say":
        # -w keeps the client alive while speaking, so stopping it is meaningful.
        return [program.path, "-w", "--", text]
    if program.name == "say":
        return [program.path, "--", text]
    # A program of the user's own (SPASM_SPEECH_PROGRAM) may not know "--":
    # a leading space keeps the text from looking like an option to it.
    return [program.path, " " + text if text.startswith("-") else text]


@dataclass(frozen=True)
class _Phrase:
    text: str
    t: float  # time.monotonic() when asked


class Speaker:
    """Speaks phrases on a daemon thread, latest first.

    The first failure of the program (it cannot start, or exits non-zero)
    adds one notice and sets ``failed``; the caller then goes back to tones.
    """

    def __init__(
        self,
        program: SpeechProgram,
        *,
        volume: int,
        notices: deque[str],
        popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen,
    ) -> None:
        self._program = program
        self._volume = volume
        self._notices = notices
        self._popen = popen
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pending: _Phrase | None = None
        self._hush = False
        self._deadline: float | None = None
        self.failed = False
        self.spoken: list[str] = []  # phrases started, for tests
        self._thread = threading.Thread(target=self._run, name="spasm-voice", daemon=True)
        self._thread.start()

    def say(self, text: str) -> None:
        """Speak ``text`` soon, replacing any phrase not yet started."""
        if self.failed:
            return
        with self._lock:
            self._pending = _Phrase(text, time.monotonic())
        self._wake.set()

    def hush(self) -> None:
        """Stop speaking and forget what was waiting."""
        with self._lock:
            self._pending = None
            self._hush = True
        self._wake.set()

    def close(self, deadline: float) -> None:
        """Let the current phrase finish until ``deadline`` (monotonic), then stop."""
        with self._lock:
            self._deadline = deadline
        self._wake.set()
        self._thread.join(max(0.0, deadline - time.monotonic()) + 0.5)

    def _fail(self, why: str) -> None:
        if not self.failed:
            self.failed = True
            self._notices.append(f"voice off: {why}; using tones instead")

    def _run(self) -> None:
        proc: subprocess.Popen[bytes] | None = None
        while True:
            self._wake.wait(timeout=0.1 if proc is not None else None)
            self._wake.clear()
            with self._lock:
                phrase, self._pending = self._pending, None
                hush, self._hush = self._hush, False
                deadline = self._deadline
            if proc is not None and proc.poll() is not None:
                if proc.returncode != 0 and not self.failed:
                    self._fail(f"{self._program.name} failed (exit status {proc.returncode})")
                proc = None
            if hush and proc is not None:
                _stop(proc)
                proc = None
            if deadline is not None:
                # Closing: a phrase asked for just before (the final "done")
                # still gets said, within the deadline.
                if phrase is not None and not self.failed and time.monotonic() - phrase.t <= STALE:
                    if proc is not None:
                        _stop(proc)
                    with contextlib.suppress(OSError):
                        proc = self._popen(
                            speech_command(self._program, phrase.text, self._volume),
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )
                if proc is not None:
                    while proc.poll() is None and time.monotonic() < deadline:
                        time.sleep(0.01)
                    _stop(proc)
                return
            if phrase is None or self.failed or time.monotonic() - phrase.t > STALE:
                continue
            if proc is not None:
                _stop(proc)  # never talk over ourselves: the newer phrase wins
                proc = None
            try:
                proc = self._popen(
                    speech_command(self._program, phrase.text, self._volume),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                self._fail(f"{self._program.name} could not start ({exc.strerror or exc})")
                continue
            self.spoken.append(phrase.text)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
