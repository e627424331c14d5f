"""The tone worker: a background thread that renders and plays cues in order.

``handle()`` on the session's thread only puts an item on a queue; everything
slow (synthesis, opening the device, starting a player process, waiting for
a cue to end) happens here, so sound never delays the timer.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import tempfile
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spasm_cli.sound.backends import Backend, BackendError, Playing
from spasm_cli.sound.cues import CUE_SOUNDS, Play
from spasm_cli.sound.synth import SAMPLE_RATE, Sound, pcm_bytes, render, wav_bytes

STALE = 1.0  # a cue that waited longer than this is out of date: drop it
CACHE_SIZE = 24  # rendered sounds kept (fixed cues plus a few breath lengths)
POLL = 0.05  # how often a playing sound is checked for failure

# (seconds at handle(), just before the backend call, just after it), on
# time.monotonic(): the clock the sound helper reports in too.
# The Playing object is passed last, for backends that can say more.
Probe = Callable[[float, float, float, Playing], None]


@dataclass(frozen=True)
class _Rendered:
    pcm: bytes
    wav: Path | None
    length: float


@dataclass(frozen=True)
class _Item:
    play: Play
    t: float


@dataclass(frozen=True)
class _Close:
    deadline: float  # time.monotonic()


_HUSH = object()


class ToneWorker:
    """Plays ``Play`` actions one after another on a daemon thread.

    A short cue is let finish before the next starts (so "end" then "start"
    sound as a pair); an interruptible one (a breath glide) is cut off. The
    first failure of the backend adds one notice and silences the worker.
    """

    def __init__(
        self,
        open_backend: Callable[[], Backend],
        *,
        volume: int,
        notices: deque[str],
        needs_wav: bool,
        probe: Probe | None = None,
    ) -> None:
        self._open = open_backend
        self._volume = volume
        self._notices = notices
        self._needs_wav = needs_wav
        self._probe = probe
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._cache: OrderedDict[Sound, _Rendered] = OrderedDict()
        self._dir: Path | None = None
        self.failed = False
        self.ready = threading.Event()  # set once the backend is open (or could not be)
        self.played: int = 0  # cues started, for tests and the benchmark
        self._thread = threading.Thread(target=self._run, name="spasm-sound", daemon=True)
        self._thread.start()

    # --- called on the session's thread -----------------------------------

    def play(self, play: Play) -> None:
        """Queue a cue; returns at once."""
        if not self.failed:
            self._queue.put(_Item(play, time.monotonic()))

    def hush(self) -> None:
        """Stop the sound playing now and anything queued before this call."""
        self._queue.put(_HUSH)

    def close(self, deadline: float) -> None:
        """Let queued cues finish until ``deadline`` (monotonic), then stop."""
        self._queue.put(_Close(deadline))
        self._thread.join(max(0.0, deadline - time.monotonic()) + 0.5)

    # --- the worker thread --------------------------------------------------

    def _fail(self, why: str) -> None:
        if not self.failed:
            self.failed = True
            self._notices.append(f"sound off: {why}; the session goes on without sound")

    def _run(self) -> None:
        try:
            backend = self._open()
        except BackendError as exc:
            self._fail(str(exc))
            self.ready.set()
            self._drain()
            return
        except Exception as exc:  # sound must never take the session down
            self._fail(f"the sound backend could not start ({exc})")
            self.ready.set()
            self._drain()
            return
        self.ready.set()
        closed = False
        try:
            if self._needs_wav:
                self._dir = Path(tempfile.mkdtemp(prefix="spasm-sound-"))
            closed = self._loop(backend)
        except Exception as exc:
            self._fail(f"unexpected error ({exc})")
        finally:
            with contextlib.suppress(Exception):
                backend.close()
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)
        if not closed:
            self._drain()

    def _drain(self) -> None:
        """After a failure, swallow the queue until close (nothing plays)."""
        while True:
            item = self._queue.get()
            if isinstance(item, _Close):
                return

    def _rendered(self, sound: Sound) -> _Rendered:
        got = self._cache.get(sound)
        if got is not None:
            self._cache.move_to_end(sound)
            return got
        samples = render(sound, self._volume)
        wav = None
        if self._dir is not None:
            wav = self._dir / f"cue-{len(self._cache)}-{time.monotonic_ns()}.wav"
            wav.write_bytes(wav_bytes(samples, SAMPLE_RATE))
        got = _Rendered(pcm_bytes(samples), wav, len(samples) / SAMPLE_RATE)
        self._cache[sound] = got
        if len(self._cache) > CACHE_SIZE:
            _, old = self._cache.popitem(last=False)
            if old.wav is not None:
                old.wav.unlink(missing_ok=True)
        return got

    def _loop(self, backend: Backend) -> bool:
        """Play until closed (True) or the backend failed (False)."""
        # Render the fixed cues now, during the get-ready, not when first needed.
        for sound in CUE_SOUNDS.values():
            if not self._queue.empty():
                break
            self._rendered(sound)
        current: Playing | None = None
        interruptible = False
        ends = 0.0
        while True:
            try:
                item = self._queue.get(timeout=POLL if current is not None else None)
            except queue.Empty:
                item = None
            if current is not None and current.done():
                why = current.failure()
                current = None
                if why is not None:
                    self._fail(why)
                    return False
            if item is None:
                continue
            if isinstance(item, _Close):
                if current is not None:
                    self._wait(current, item.deadline)
                    why = current.failure()
                    if why is not None:
                        self._fail(why)
                return True
            if item is _HUSH:
                if current is not None:
                    current.stop()
                    current = None
                continue
            if not isinstance(item, _Item) or time.monotonic() - item.t > STALE:
                continue
            if current is not None:
                if interruptible:
                    current.stop()
                else:
                    self._wait(current, ends + 0.5)
                why = current.failure()
                current = None
                if why is not None:
                    self._fail(why)
                    return False
            rendered = self._rendered(item.play.sound)
            t_call = time.monotonic()
            try:
                current = backend.start(rendered.pcm, rendered.wav, rendered.length)
            except BackendError as exc:
                self._fail(str(exc))
                return False
            t_started = time.monotonic()
            self.played += 1
            interruptible = item.play.interruptible
            ends = time.monotonic() + rendered.length
            if self._probe is not None:
                self._probe(item.t, t_call, t_started, current)

    @staticmethod
    def _wait(playing: Playing, until: float) -> None:
        """Wait for ``playing`` to end, stopping it at ``until`` (monotonic)."""
        while not playing.done():
            if time.monotonic() >= until:
                playing.stop()
                return
            time.sleep(0.01)
