"""The sound helper: a small process that plays cues through miniaudio.

spasm never loads a native audio library into the process that owns the
terminal. A crash in one (simpleaudio segfaults on Python 3.12 and later; any
C library can) would take the session, the pain diary and the terminal state
with it. The session starts this module as ``python -m spasm_cli.sound.helper
RATE`` instead, sends it cues over a pipe and reads back what it did; if the
helper dies, the session loses its sound and says so once, nothing more.

Protocol. Parent to helper, on stdin, binary frames of ``HEADER``
(command byte, cue id, payload length) then the payload:

- ``P``: play this cue now (signed 16-bit little-endian mono PCM at RATE),
  replacing whatever is playing;
- ``H``: hush, stop what is playing.

End of input means quit: the helper lets the current cue finish (the final
chime), closes the device and exits 0. Helper to parent, on stdout, one line
each: ``ready BACKEND`` once the device is open, ``error MESSAGE`` (then exit
1) when it cannot be, ``started ID T`` when a cue's first samples reach the
device and ``done ID`` when its last have (T in ``time.monotonic()`` seconds,
which is one clock for every process on the machine).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Generator
from typing import IO, Any

from spasm_cli.sound.protocol import HEADER, HUSH, MAX_CUE, PLAY

PERIOD_MS = 20  # the device asks for this much audio at a time
# How far the samples handed to the device may run ahead of the wall clock.
# A real device asks for a few periods ahead (well under this); a device that
# consumes faster than real time (ALSA's "null" plugin, used to capture cues
# into a file) is held to real time, so silence does not pour out at gigabytes
# an hour and the cues keep their timing.
LEAD = 0.25
TAIL = 0.15  # seconds kept playing after the last cue, so its end is not cut off


class Stream:
    """What the device plays: the current cue, else silence, paced to real time.

    ``frames()`` runs on miniaudio's audio thread; ``play``/``hush`` on the
    helper's main thread. ``report`` writes one protocol line (thread-safe).
    """

    def __init__(self, rate: int, report: Any, clock: Any = time.monotonic) -> None:
        self._rate = rate
        self._report = report
        self._clock = clock
        self._sleep = time.sleep
        self._lock = threading.Lock()
        self._cue: tuple[int, bytes] | None = None
        self._pos = 0
        self._handed = 0  # frames given to the device since the first request
        self._t0: float | None = None
        self.idle = threading.Event()
        self.idle.set()

    def play(self, cue_id: int, pcm: bytes) -> None:
        """Start ``pcm`` now, replacing the cue that is playing."""
        with self._lock:
            self._cue = (cue_id, pcm)
            self._pos = 0
            self.idle.clear()

    def hush(self) -> None:
        """Stop the cue that is playing."""
        with self._lock:
            self._cue = None
            self.idle.set()

    def next_chunk(self, frames: int) -> bytes:
        """The next ``frames`` frames of audio (the cue, padded with silence)."""
        want = frames * 2
        with self._lock:
            cue = self._cue
            if cue is None:
                chunk = b""
            else:
                cue_id, pcm = cue
                if self._pos == 0:
                    self._report(f"started {cue_id} {self._clock():.6f}")
                chunk = pcm[self._pos : self._pos + want]
                self._pos += len(chunk)
                if self._pos >= len(pcm):
                    self._cue = None
                    self._report(f"done {cue_id}")
                    self.idle.set()
        self._pace(frames)
        return chunk + bytes(want - len(chunk))

    def _pace(self, frames: int) -> None:
        now = self._clock()
        if self._t0 is None:
            self._t0 = now
        self._handed += frames
        ahead = self._handed / self._rate - (now - self._t0)
        if ahead > LEAD:
            self._sleep(ahead - LEAD)
        elif ahead < -LEAD:
            # The device fell behind (an underrun, a suspended machine): count
            # from now rather than letting it race to catch up.
            self._t0, self._handed = now, 0

    def frames(self) -> Generator[bytes, int, None]:
        """The generator miniaudio's ``PlaybackDevice.start`` takes."""
        frames = yield b""
        while True:
            try:
                chunk = self.next_chunk(frames)
            except Exception:  # never raise into the C callback: play silence instead
                chunk = bytes(frames * 2)
            frames = yield chunk


class _Reporter:
    """Writes protocol lines to stdout from any thread; a closed pipe ends nothing."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        with self._lock, contextlib.suppress(OSError, ValueError):
            self._out.write(line + "\n")
            self._out.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def serve(stream: Stream, commands: IO[bytes]) -> None:
    """Apply commands from ``commands`` until end of input (or a malformed frame)."""
    while True:
        head = _read_exact(commands, HEADER.size)
        if head is None:
            return
        command, cue_id, length = HEADER.unpack(head)
        if length > MAX_CUE:
            return
        payload = _read_exact(commands, length) if length else b""
        if payload is None:
            return
        if command == PLAY:
            stream.play(cue_id, payload)
        elif command == HUSH:
            stream.hush()


def _reason(exc: Exception) -> str:
    """MiniaudioError("failed to init device", -401) as "failed to init device, code -401"."""
    words = [str(a) for a in exc.args if not isinstance(a, int)]
    codes = [f"code {a}" for a in exc.args if isinstance(a, int)]
    return ", ".join(words + codes) or type(exc).__name__


def _open_device(rate: int) -> Any:
    import miniaudio

    # Every real backend, never miniaudio's own "null" one: a session with no
    # sound device must hear about it, not play into nothing.
    wanted = [b for b in miniaudio.Backend if b not in (miniaudio.Backend.NULL,)]
    return miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=rate,
        buffersize_msec=PERIOD_MS,
        backends=wanted,
        app_name="spasm",
    )


def main(argv: list[str]) -> int:
    """Run the helper; the exit status is 0 after a clean quit, 1 when no device opened."""
    # Keyboard signals belong to the session; the helper ends when its input does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    report = _Reporter(sys.stdout)
    try:
        rate = int(argv[1])
    except (IndexError, ValueError):
        report("error the sound helper needs a sample rate")
        return 1
    try:
        device = _open_device(rate)
    except ImportError as exc:
        report(f"error miniaudio cannot load ({exc})")
        return 1
    except Exception as exc:  # MiniaudioError: no device, no backend
        report(f"error miniaudio could not open a sound device ({_reason(exc)})")
        return 1
    stream = Stream(rate, report)
    frames = stream.frames()
    next(frames)  # miniaudio wants a generator that has already started
    try:
        device.start(frames)
    except Exception as exc:
        report(f"error miniaudio could not start the sound device ({_reason(exc)})")
        return 1
    report(f"ready {getattr(device, 'backend', 'miniaudio')}")
    try:
        serve(stream, sys.stdin.buffer)
        # Let the cue that is playing (the final chime) end before closing.
        stream.idle.wait(timeout=5.0)
        time.sleep(TAIL)
    finally:
        with contextlib.suppress(Exception):
            device.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
