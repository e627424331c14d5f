"""Helpers for sound tests: an ALSA device that writes to a file, and analysis.

``write_asoundrc(home, capture)`` makes ALSA's default device (for aplay,
the miniaudio helper and anything else using libasound with ``HOME=home``) append the
raw samples it is given to ``capture`` instead of playing them: the "file"
plugin in front of the "null" device. spasm sends signed 16-bit little-endian
mono at ``SAMPLE_RATE``, and the file plugin writes exactly what it receives.

The analysis is pure Python (no numpy): decoding, splitting into bursts of
sound separated by silence, and frequency by zero crossings or Goertzel power.
"""

from __future__ import annotations

import math
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spasm_cli.session.events import Event, EventKind, Snapshot
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.sound.synth import SAMPLE_RATE

__all__ = [
    "SAMPLE_RATE",
    "Burst",
    "bursts",
    "decode_s16le",
    "dominant_frequencies",
    "event",
    "segment",
    "goertzel_power",
    "pitch_sequence",
    "require_or_skip",
    "wait_for_capture",
    "write_asoundrc",
    "zero_crossing_frequency",
]


REQUIRE = "SPASM_TEST_REQUIRE"


def require_or_skip(name: str, why: str) -> None:
    """Skip a test that needs ``name``, or fail it where the run requires it.

    The test matrix (``noxfile.py``) sets ``SPASM_TEST_REQUIRE`` to the sound
    pieces every supported Python must have (``miniaudio,aplay``), so that a
    missing install there is a failure, not a quiet skip.
    """
    import os

    import pytest

    wanted = {w.strip() for w in os.environ.get(REQUIRE, "").split(",") if w.strip()}
    if name in wanted:
        pytest.fail(f"{why}, but {REQUIRE} requires {name}")
    pytest.skip(why)


def write_asoundrc(home: Path, capture: Path, *, append: bool = True) -> None:
    """Write ``home/.asoundrc`` so the default ALSA PCM captures into ``capture``.

    With ``append`` (the default) every opening of the device appends to the
    file through ``cat >>``, so all the cues of a session are kept; otherwise
    each opening truncates the file and only the last cue remains.
    """
    home.mkdir(parents=True, exist_ok=True)
    capture.parent.mkdir(parents=True, exist_ok=True)
    target = str(capture)
    if any(c in target for c in "\"'\\$`"):
        raise ValueError(f"capture path must not contain quotes or shell characters: {target}")
    file_value = f"|cat >> '{target}'" if append else target
    (home / ".asoundrc").write_text(
        "pcm.!default {\n"
        "    type file\n"
        '    slave.pcm "null"\n'
        f'    file "{file_value}"\n'
        '    format "raw"\n'
        "}\n",
        encoding="utf-8",
    )


def wait_for_capture(capture: Path, min_bytes: int, timeout: float = 5.0) -> bytes:
    """The capture file's bytes once it holds at least ``min_bytes`` (or at timeout)."""
    give_up = time.monotonic() + timeout
    data = b""
    while time.monotonic() < give_up:
        if capture.exists():
            data = capture.read_bytes()
            if len(data) >= min_bytes:
                break
        time.sleep(0.02)
    return data


def decode_s16le(raw: bytes) -> list[int]:
    """Signed 16-bit little-endian samples from raw bytes (an odd last byte is dropped)."""
    n = len(raw) // 2
    return list(struct.unpack(f"<{n}h", raw[: 2 * n]))


def zero_crossing_frequency(samples: list[int], rate: int = SAMPLE_RATE) -> float:
    """The frequency of a single steady tone, from its sign changes.

    Measured from the first crossing to the last, so silence or a partial
    cycle at either end does not bias it.
    """
    at = [
        i for i, (a, b) in enumerate(zip(samples, samples[1:], strict=False)) if (a < 0) != (b < 0)
    ]
    if len(at) < 2:
        return 0.0
    return (len(at) - 1) / 2 / ((at[-1] - at[0]) / rate)


def goertzel_power(samples: list[int], freq: float, rate: int = SAMPLE_RATE) -> float:
    """Normalised power of ``samples`` at ``freq`` (a one-bin DFT)."""
    w = 2.0 * math.pi * freq / rate
    coeff = 2.0 * math.cos(w)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return power / max(1, len(samples)) ** 2


def dominant_frequencies(
    raw: bytes,
    rate: int = SAMPLE_RATE,
    candidates: tuple[float, ...] | None = None,
    *,
    share: float = 0.1,
) -> list[float]:
    """Frequencies in ``raw`` (S16_LE mono), strongest first.

    With ``candidates``, the ones holding at least ``share`` of the strongest
    candidate's power; without, a 10 Hz-step scan from 100 to 2000 Hz reduced
    to local peaks.
    """
    samples = decode_s16le(raw)
    if candidates is None:
        grid = [100.0 + 10.0 * i for i in range(191)]
        powers = [goertzel_power(samples, f, rate) for f in grid]
        peaks = [
            (p, f)
            for i, (f, p) in enumerate(zip(grid, powers, strict=True))
            if p >= (powers[i - 1] if i else 0.0)
            and p >= (powers[i + 1] if i + 1 < len(grid) else 0.0)
        ]
    else:
        peaks = [(goertzel_power(samples, f, rate), f) for f in candidates]
    if not peaks:
        return []
    top = max(p for p, _ in peaks)
    return [f for p, f in sorted(peaks, reverse=True) if top > 0 and p >= share * top]


@dataclass(frozen=True)
class Burst:
    """A stretch of sound between silences: where it is and its pitch."""

    start: float  # seconds into the capture
    length: float
    frequency: float  # by zero crossings over the burst
    peak: int


def bursts(
    samples: list[int],
    rate: int = SAMPLE_RATE,
    *,
    threshold: int = 300,
    window: float = 0.004,
) -> list[Burst]:
    """Split samples into bursts of sound, a window being loud when its peak > threshold."""
    size = max(1, int(window * rate))
    loud = [
        max(abs(x) for x in samples[i : i + size]) > threshold for i in range(0, len(samples), size)
    ]
    found: list[Burst] = []
    i = 0
    while i < len(loud):
        if not loud[i]:
            i += 1
            continue
        j = i
        while j < len(loud) and loud[j]:
            j += 1
        part = samples[i * size : j * size]
        found.append(
            Burst(
                i * size / rate,
                len(part) / rate,
                zero_crossing_frequency(part, rate),
                max(map(abs, part)),
            )
        )
        i = j
    return found


# --- building engine events by hand ---------------------------------------------


def segment(kind: SegmentKind, duration: float | None = 30.0, **labels: Any) -> Segment:
    """A segment with sensible labels; ``labels`` override any field."""
    fields: dict[str, Any] = {
        "step_index": 0,
        "step_count": 3,
        "step_title": "Child's pose",
    }
    fields.update(labels)
    return Segment(kind=kind, duration=duration, **fields)


def event(
    kind: EventKind,
    seg: Segment | None = None,
    *,
    remaining: int | None = None,
    segment_remaining: float | None = None,
    t: float = 0.0,
) -> Event:
    """An event as the engine would emit it (the snapshot is mostly zeros)."""
    snap = Snapshot(
        elapsed=t,
        paused=kind is EventKind.PAUSE,
        paused_total=0.0,
        index=0,
        segment_count=10,
        segment_elapsed=0.0,
        segment_remaining=segment_remaining,
        routine_remaining=60.0,
        done=0,
        skipped=0,
    )
    return Event(kind=kind, t=t, planned=t, segment=seg, snapshot=snap, remaining=remaining)


def pitch_sequence(
    samples: list[int],
    candidates: tuple[float, ...],
    rate: int = SAMPLE_RATE,
    *,
    window: float = 0.01,
    threshold: int = 1500,
    min_windows: int = 2,
) -> list[float]:
    """The order in which ``candidates`` sound: each loud window is matched to
    its strongest candidate, and runs of the same one are collapsed.

    Unlike ``bursts`` this needs no silence between cues, which matters for
    captures where cues are written back to back (miniaudio into the file
    plugin writes faster than real time, with no gaps).
    """
    size = max(1, int(window * rate))
    runs: list[list[float]] = []  # [candidate, windows]
    for i in range(0, len(samples) - size + 1, size):
        part = samples[i : i + size]
        if max(map(abs, part)) <= threshold:
            best = 0.0
        else:
            best = max(candidates, key=lambda f: goertzel_power(part, f, rate))
        if runs and runs[-1][0] == best:
            runs[-1][1] += 1
        else:
            runs.append([best, 1])
    out: list[float] = []
    for freq, count in runs:
        if freq and count >= min_windows and (not out or out[-1] != freq):
            out.append(freq)
    return out
