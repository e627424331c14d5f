"""Sine-tone synthesis with the standard library only.

A ``Sound`` is a small score: notes (steady or gliding sine tones) placed in
time. ``render`` turns it into signed 16-bit mono samples; ``wav_bytes`` wraps
those in a WAV container for system players. Every note fades in and out with
a raised-cosine ramp so that no cue starts or stops with a click.
"""

from __future__ import annotations

import io
import math
import sys
import time
import wave
from array import array
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, mul

SAMPLE_RATE = 22050  # plenty for tones under 2 kHz, and half the work of 44.1 kHz
PEAK = 0.5  # full-scale fraction at volume 100: headroom for the chime's overlapping notes
MAX_TONE_SECONDS = 15.0  # a breath phase can be long; its tone stops here (memory, CPU)
_CHUNK = 2048  # samples per burst of work between GIL releases (~0.2 ms each)


@dataclass(frozen=True)
class Note:
    """One sine tone: ``freq`` Hz at ``start`` s for ``length`` s.

    ``end_freq`` makes the tone glide (exponentially, so it sounds even) to
    that frequency. ``fade`` is the length of each raised-cosine ramp;
    ``decay`` > 0 adds an exponential decay with that time constant (a bell's
    ring). ``level`` scales this note relative to the sound's peak.
    """

    freq: float
    length: float
    start: float = 0.0
    end_freq: float | None = None
    fade: float = 0.005
    decay: float = 0.0
    level: float = 1.0


@dataclass(frozen=True)
class Sound:
    """A cue: notes that may overlap, mixed together."""

    name: str
    notes: tuple[Note, ...]

    @property
    def length(self) -> float:
        """Seconds from the first sample to the end of the last note."""
        return max((n.start + n.length for n in self.notes), default=0.0)


def amplitude(volume: int) -> float:
    """The peak sample value (of 32767) for a volume of 0-100, linear in volume."""
    v = min(max(volume, 0), 100)
    return PEAK * 32767.0 * v / 100.0


def _add_note(buf: list[float], note: Note, scale: float, rate: int) -> None:
    first = int(round(note.start * rate))
    count = int(round(min(note.length, MAX_TONE_SECONDS) * rate))
    count = min(count, len(buf) - first)
    if count <= 0:
        return
    f0 = note.freq
    f1 = note.end_freq if note.end_freq is not None else f0
    total = note.length * rate  # the glide spans the whole note, even if it was cut short
    step = 2.0 * math.pi * f0 / rate
    ratio = (f1 / f0) ** (1.0 / total) if f1 != f0 else 1.0
    # Exponential sweep f(n) = f0 * ratio**n; its phase has the closed form
    # step * (ratio**n - 1) / (ratio - 1), which keeps the wave continuous (no
    # clicks). ratio**n and decay**n come from running products: C-speed loops.
    sweep = step / (ratio - 1.0) if ratio != 1.0 else 0.0
    decay = math.exp(-1.0 / (note.decay * rate)) if note.decay > 0 else 1.0
    gain = scale * note.level
    pos = 0
    grow = 1.0  # ratio**pos
    fall = gain  # gain * decay**pos
    while pos < count:
        n = min(_CHUNK, count - pos)
        if ratio != 1.0:
            powers = list(accumulate(repeat(ratio, n - 1), mul, initial=grow))
            grow = powers[-1] * ratio
            wave_ = list(map(math.sin, [sweep * (p - 1.0) for p in powers]))
        else:
            wave_ = list(map(math.sin, map(mul, range(pos, pos + n), repeat(step))))
        if decay != 1.0:
            env = list(accumulate(repeat(decay, n - 1), mul, initial=fall))
            fall = env[-1] * decay
            wave_ = list(map(mul, wave_, env))
        else:
            wave_ = list(map(mul, wave_, repeat(gain)))
        at = first + pos
        buf[at : at + n] = map(add, buf[at : at + n], wave_)
        pos += n
        # Let the session's timer thread run: synthesis would otherwise hold the
        # GIL for whole milliseconds.
        time.sleep(0)
    # Raised-cosine ramps at both ends, so the note starts and stops at zero.
    fade_n = max(1, min(int(note.fade * rate), count // 2))
    last = first + count - 1
    for i in range(fade_n):
        ramp = 0.5 - 0.5 * math.cos(math.pi * i / fade_n)
        buf[first + i] *= ramp
        buf[last - i] *= ramp


def render(sound: Sound, volume: int, rate: int = SAMPLE_RATE) -> array[int]:
    """Signed 16-bit mono samples of ``sound`` at ``volume`` (0-100)."""
    length = min(sound.length, MAX_TONE_SECONDS + 1.0)
    buf = [0.0] * int(round(length * rate))
    scale = amplitude(volume)
    for note in sound.notes:
        _add_note(buf, note, scale, rate)
    if buf and (max(buf) > 32767.0 or min(buf) < -32767.0):
        buf = [min(32767.0, max(-32767.0, x)) for x in buf]
    return array("h", map(round, buf))


def pcm_bytes(samples: array[int]) -> bytes:
    """Little-endian 16-bit PCM, the byte order WAV and ALSA's S16_LE expect."""
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def wav_bytes(samples: array[int], rate: int = SAMPLE_RATE) -> bytes:
    """A complete mono 16-bit WAV file holding ``samples``."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm_bytes(samples))
    return out.getvalue()
