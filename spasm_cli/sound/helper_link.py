"""The session's end of the sound helper (see ``spasm_cli.sound.helper``).

``HelperBackend`` starts the helper process, writes cues to its stdin and
reads its reports on a thread of its own. Whatever happens to the helper (it
cannot open a device, it crashes in native code, it hangs) becomes a
``BackendError`` or a ``failure()`` string: one notice, then silence.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from spasm_cli.sound.backends import BackendError
from spasm_cli.sound.protocol import HEADER, HUSH, PLAY

READY_TIMEOUT = 10.0  # seconds for the helper to start Python, load miniaudio, open the device
QUIT_TIMEOUT = 2.0  # seconds the helper may take to finish its last cue and exit
OVERRUN = 3.0  # seconds a cue may run past its length before the helper counts as stuck


def helper_command(rate: int) -> list[str]:
    """The command that starts the helper with this Python."""
    return [sys.executable, "-m", "spasm_cli.sound.helper", str(rate)]


def describe_exit(code: int) -> str:
    """How the helper ended, in words: "exit status 1", "signal SIGSEGV"."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"it was killed by signal {name}"
    return f"exit status {code}"


class _Reports:
    """What the helper has said so far, filled by the reader thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.started: dict[int, float] = {}
        self.done: set[int] = set()
        self.first: queue.SimpleQueue[str] = queue.SimpleQueue()  # "ready ..." or "error ..."
        self.eof = False


class HelperPlaying:
    """One cue sent to the helper."""

    def __init__(self, link: HelperBackend, cue_id: int, length: float) -> None:
        self._link = link
        self._id = cue_id
        self._deadline = time.monotonic() + length + OVERRUN
        self._stopped = False
        self._why: str | None = None

    def done(self) -> bool:
        if self._stopped or self._why is not None:
            return True
        if self._link.finished(self._id):
            return True
        dead = self._link.death()
        if dead is not None:
            self._why = dead
            return True
        if time.monotonic() > self._deadline:
            self._why = "the sound helper stopped answering"
            self._link.kill()
            return True
        return False

    def stop(self) -> None:
        if not self._stopped and self._why is None and not self._link.finished(self._id):
            with contextlib.suppress(BackendError):
                self._link.send(HUSH, self._id, b"")
        self._stopped = True

    def failure(self) -> str | None:
        return None if self._stopped else self._why

    def started_at(self) -> float | None:
        """When the cue's first samples reached the device (``time.monotonic()``)."""
        return self._link.started_at(self._id)


class HelperBackend:
    """Plays cues through miniaudio in a helper process."""

    name = "miniaudio"
    needs_wav = False

    def __init__(self, rate: int, command: Sequence[str] | None = None) -> None:
        self._reports = _Reports()
        self._next_id = 0
        self._write_lock = threading.Lock()
        try:
            self._proc = subprocess.Popen(
                list(command) if command is not None else helper_command(rate),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                # Its stderr (libasound's "ALSA lib ..." lines, a crash dump)
                # would land on the live screen; what matters comes on stdout.
                stderr=subprocess.DEVNULL,
                # Its own session: Ctrl-C, Ctrl-Z and a hang-up go to spasm,
                # which decides; the helper ends when its input closes.
                start_new_session=True,
            )
        except OSError as exc:
            raise BackendError(f"the sound helper could not start ({exc.strerror or exc})") from exc
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._stdin: IO[bytes] = self._proc.stdin
        self._reader = threading.Thread(
            target=self._read, args=(self._proc.stdout,), name="spasm-sound-helper", daemon=True
        )
        self._reader.start()
        try:
            first = self._reports.first.get(timeout=READY_TIMEOUT)
        except queue.Empty:
            self.kill()
            raise BackendError("the sound helper did not start in time") from None
        if first.startswith("error "):
            self.close()
            raise BackendError(first.removeprefix("error "))
        if not first.startswith("ready"):
            self.close()
            raise BackendError(self._death_or("the sound helper could not open a device"))
        self.device = first.removeprefix("ready").strip() or "unknown"

    # --- the reader thread -------------------------------------------------------

    def _read(self, out: IO[bytes]) -> None:
        reports = self._reports
        announced = False
        try:
            for raw in out:
                line = raw.decode("utf-8", "replace").strip()
                word, _, rest = line.partition(" ")
                if word in ("ready", "error") and not announced:
                    announced = True
                    reports.first.put(line)
                elif word == "started":
                    cue, _, at = rest.partition(" ")
                    with contextlib.suppress(ValueError), reports.lock:
                        reports.started[int(cue)] = float(at)
                elif word == "done":
                    with contextlib.suppress(ValueError), reports.lock:
                        reports.done.add(int(rest))
        except (OSError, ValueError):
            # The pipe broke or closed under us: the helper is gone, which
            # death() reports; the reader's only job left is to say EOF.
            reports.eof = True
        finally:
            reports.eof = True
            if not announced:
                reports.first.put("")

    # --- used by HelperPlaying and the worker ---------------------------------------

    def finished(self, cue_id: int) -> bool:
        with self._reports.lock:
            return cue_id in self._reports.done

    def started_at(self, cue_id: int) -> float | None:
        with self._reports.lock:
            return self._reports.started.get(cue_id)

    def death(self) -> str | None:
        """Why the helper is gone, or None while it runs."""
        code = self._proc.poll()
        if code is None:
            return None
        return f"the sound helper stopped ({describe_exit(code)})"

    def _death_or(self, default: str) -> str:
        try:
            self._proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return default
        return self.death() or default

    def send(self, command: bytes, cue_id: int, payload: bytes) -> None:
        with self._write_lock:
            try:
                self._stdin.write(HEADER.pack(command, cue_id, len(payload)) + payload)
                self._stdin.flush()
            except (OSError, ValueError) as exc:
                raise BackendError(self._death_or(f"the sound helper is gone ({exc})")) from exc

    def start(self, pcm: bytes, wav: Path | None, length: float) -> HelperPlaying:
        self._next_id += 1
        self.send(PLAY, self._next_id, pcm)
        return HelperPlaying(self, self._next_id, length)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=QUIT_TIMEOUT)
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError, ValueError):
                    pipe.close()

    def close(self) -> None:
        """Ask the helper to quit (end of its input) and wait for it, briefly."""
        with self._write_lock, contextlib.suppress(OSError, ValueError):
            self._stdin.close()
        try:
            self._proc.wait(timeout=QUIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._reader.join(timeout=1.0)
        self._close_pipes()
