"""System players (paplay, aplay, afplay): one process per cue, fed a WAV file."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from spasm_cli.sound.backends import BackendError, Playing

OVERRUN = 3.0  # seconds a player may run past its sound before it counts as stuck


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
        """Each cue's process ends by itself; nothing is held between cues."""


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _last_line(data: bytes) -> str:
    lines = [ln for ln in data.decode("utf-8", "replace").splitlines() if ln.strip()]
    return _short(lines[-1]) if lines else ""
