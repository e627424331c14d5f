"""Sound cue latency, per available backend.

For each backend (simpleaudio, paplay, aplay, afplay, plus "queue" with a
do-nothing backend as the floor) this sends countdown ticks through the real
sound subscriber and measures:

- handle: how long ``handle(event)`` takes on the session's thread;
- to call: from ``handle`` to the backend call (the worker woke and rendered);
- to start: from ``handle`` to the samples handed to simpleaudio / the player
  process started.

Prints median and p99 for each and writes nothing else. Usage:

    python bench/sound_latency.py [--count N] [--alsa-null]

``--alsa-null`` points ALSA's default device at the "null" device (through a
temporary HOME/.asoundrc, removed afterwards): for machines without a sound
card, or to measure without making noise. PulseAudio's paplay ignores it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spasm_cli.events import Event, EventKind, Snapshot  # noqa: E402
from spasm_cli.segments import Segment, SegmentKind  # noqa: E402
from spasm_cli.sound import backends  # noqa: E402
from spasm_cli.sound.backends import Choice  # noqa: E402
from spasm_cli.sound.subscriber import CueSubscriber  # noqa: E402


class _Nothing:
    def done(self) -> bool:
        return True

    def stop(self) -> None:
        pass

    def failure(self) -> str | None:
        return None


class QueueOnly:
    """A backend that plays nothing: the worker's own overhead."""

    name = "queue"

    def start(self, pcm: bytes, wav: Path | None, length: float) -> _Nothing:
        return _Nothing()

    def close(self) -> None:
        pass


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fmt(values: list[float], scale: float, unit: str) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values) * scale:8.3f} / {pct(values, 0.99) * scale:8.3f} {unit}"


def measure(name: str, count: int) -> None:
    seg = Segment(SegmentKind.HOLD, 30.0, 0, 1, "Bench")
    snap = Snapshot(0.0, False, 0.0, 0, 1, 0.0, 3.0, 30.0, 0, 0)
    tick = Event(EventKind.COUNTDOWN, 0.0, 0.0, seg, snap, remaining=3)
    probes: list[tuple[float, float, float]] = []
    notices: list[str] = []
    if name == "queue":
        choice = Choice("queue", "queue")
        opener = QueueOnly
    else:
        path = shutil.which(name) if name in backends.PLAYERS else None
        choice = Choice(name, name, path=path)
        opener = None
    sub = CueSubscriber(
        choice=choice,
        volume=30,
        voice=False,
        bell=lambda: None,
        notice=notices.append,
        open_backend=opener,
        probe=lambda *t: probes.append(t),
    )
    time.sleep(0.3)  # let the worker open the backend and render the cues
    handle: list[float] = []
    for _ in range(count):
        t0 = time.perf_counter()
        sub.handle(tick)
        handle.append(time.perf_counter() - t0)
        time.sleep(0.08)  # a tick lasts 40 ms: each one is done before the next
    sub.close()
    to_call = [c - h for h, c, _ in probes]
    to_start = [s - h for h, _, s in probes]
    print(
        f"{name:12} handle {fmt(handle, 1e6, 'us')}   to call {fmt(to_call, 1e3, 'ms')}"
        f"   to start {fmt(to_start, 1e3, 'ms')}   ({len(probes)}/{count} played)"
    )
    for text in notices:
        print(f"{'':12} {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="ticks per backend (default 50)")
    parser.add_argument("--alsa-null", action="store_true", help="send ALSA output to 'null'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spasm-bench-") as tmp:
        if args.alsa_null:
            Path(tmp, ".asoundrc").write_text("pcm.!default { type null }\n", encoding="utf-8")
            os.environ["HOME"] = tmp  # before anything loads libasound
        names = ["queue"]
        if backends.simpleaudio_version() is not None:
            names.append("simpleaudio")
        names += [p for p in backends.PLAYERS if shutil.which(p)]
        print("median / p99 per backend")
        for name in names:
            measure(name, args.count)


if __name__ == "__main__":
    main()
