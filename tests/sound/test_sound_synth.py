"""Tone synthesis: lengths, pitch, clean edges, volume, WAV output."""

from __future__ import annotations

import io
import wave

from hypothesis import given, settings
from hypothesis import strategies as st
from sound_helpers import bursts, goertzel_power, zero_crossing_frequency

from spasm_cli.session.segments import SegmentKind
from spasm_cli.sound.cues import CUE_SOUNDS, Cue, breath_sound
from spasm_cli.sound.synth import (
    MAX_TONE_SECONDS,
    SAMPLE_RATE,
    Note,
    Sound,
    amplitude,
    pcm_bytes,
    render,
    wav_bytes,
)


def tone(freq: float, length: float, **kw: float) -> Sound:
    return Sound("t", (Note(freq, length, **kw),))


def test_length_in_samples() -> None:
    assert len(render(tone(440, 0.5), 100)) == SAMPLE_RATE // 2
    assert len(render(tone(440, 0.25, start=0.25), 100)) == SAMPLE_RATE // 2


def test_frequency_by_zero_crossings() -> None:
    for freq in (293.66, 440.0, 880.0, 1760.0):
        samples = list(render(tone(freq, 1.0), 100))
        assert abs(zero_crossing_frequency(samples) - freq) < 2.0


def test_fades_start_and_end_near_zero() -> None:
    samples = list(render(tone(440, 0.3, fade=0.01), 100))
    peak = max(map(abs, samples))
    assert abs(samples[0]) < 0.01 * peak and abs(samples[-1]) < 0.01 * peak
    # The first and last millisecond are well below the peak: a ramp, not a step.
    ms = SAMPLE_RATE // 1000
    assert max(map(abs, samples[:ms])) < 0.1 * peak
    assert max(map(abs, samples[-ms:])) < 0.1 * peak
    # ...and the middle reaches the full amplitude.
    assert peak > 0.99 * amplitude(100)


def test_every_cue_starts_and_ends_silent() -> None:
    for sound in CUE_SOUNDS.values():
        samples = render(sound, 100)
        assert abs(samples[0]) < 200 and abs(samples[-1]) < 200, sound.name


def test_amplitude_scales_with_volume() -> None:
    peaks = {v: max(map(abs, render(tone(440, 0.2), v))) for v in (0, 25, 50, 100)}
    assert peaks[0] == 0
    assert abs(peaks[50] / peaks[100] - 0.5) < 0.01
    assert abs(peaks[25] / peaks[100] - 0.25) < 0.01
    assert peaks[100] <= 32767


def test_glides_rise_for_inhale_and_fall_for_exhale() -> None:
    for kind, rising in ((SegmentKind.INHALE, True), (SegmentKind.EXHALE, False)):
        samples = list(render(breath_sound(kind, 4.0), 100))
        assert len(samples) == 4 * SAMPLE_RATE  # the tone lasts the whole phase
        head = zero_crossing_frequency(samples[SAMPLE_RATE // 2 : SAMPLE_RATE])
        tail = zero_crossing_frequency(samples[-SAMPLE_RATE : -SAMPLE_RATE // 2])
        assert (tail > head * 1.2) if rising else (head > tail * 1.2)


def test_resumed_glide_continues_from_where_it_was() -> None:
    full = breath_sound(SegmentKind.INHALE, 4.0)
    rest = breath_sound(SegmentKind.INHALE, 4.0, done_fraction=0.5)
    assert abs(rest.length - 2.0) < 1e-9
    assert rest.notes[0].freq > full.notes[0].freq
    assert rest.notes[0].end_freq == full.notes[0].end_freq


def test_very_long_phases_are_capped() -> None:
    samples = render(breath_sound(SegmentKind.EXHALE, 600.0), 50)
    assert len(samples) <= (MAX_TONE_SECONDS + 1) * SAMPLE_RATE


def test_cues_are_distinguishable() -> None:
    """Start, end, tick, rep and chime differ in pattern, pitch or length."""
    shapes = {}
    for cue, sound in CUE_SOUNDS.items():
        samples = list(render(sound, 100))
        found = bursts(samples, threshold=2000)
        shapes[cue] = (
            len(sound.notes),
            tuple(round(n.freq) for n in sound.notes),
            round(sound.length, 2),
        )
        assert found, cue
    assert len(set(shapes.values())) == len(shapes)
    start, end = CUE_SOUNDS[Cue.START].notes, CUE_SOUNDS[Cue.END].notes
    assert start[0].freq < start[1].freq  # rising: go
    assert end[0].freq > end[1].freq  # falling: stop
    assert CUE_SOUNDS[Cue.TICK].length < 0.05
    assert CUE_SOUNDS[Cue.CHIME].length > 0.9
    # The chime really holds its four notes.
    chime = list(render(CUE_SOUNDS[Cue.CHIME], 100))
    for note in CUE_SOUNDS[Cue.CHIME].notes:
        assert goertzel_power(chime, note.freq) > 100 * goertzel_power(chime, 300.0)


def test_wav_bytes_is_a_valid_mono_16_bit_file() -> None:
    samples = render(tone(440, 0.1), 80)
    data = wav_bytes(samples)
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
        assert w.readframes(w.getnframes()) == pcm_bytes(samples)


@settings(max_examples=40, deadline=None)
@given(
    freq=st.floats(100, 3000),
    length=st.floats(0.01, 0.5),
    volume=st.integers(0, 100),
    end=st.one_of(st.none(), st.floats(100, 3000)),
)
def test_any_tone_has_exact_length_no_clipping_and_silent_edges(
    freq: float, length: float, volume: int, end: float | None
) -> None:
    samples = render(Sound("h", (Note(freq, length, end_freq=end),)), volume)
    assert len(samples) == round(length * SAMPLE_RATE)
    assert max(map(abs, samples), default=0) <= amplitude(volume) + 1
    if len(samples) > 2:
        assert abs(samples[0]) <= 1
