"""The installed ``spasm routine`` with sound on, heard through a real ALSA device.

A temporary HOME holds an ``.asoundrc`` whose default device appends every
sample it is given to a file (see ``sound_helpers.write_asoundrc``), so a
whole session's cues can be analysed afterwards: the start and end cues of a
hold, the 3-2-1 ticks, the breathing glides and the final chime, in order.
``--voice`` is checked with a fake speech program that writes down what it
was asked to say.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import World, program_python
from sound_helpers import (
    SAMPLE_RATE,
    decode_s16le,
    dominant_frequencies,
    pitch_sequence,
    require_or_skip,
    wait_for_capture,
    write_asoundrc,
)

from spasm_cli.sound.cues import A4, A5, A6, C5, C6, D4, D5, E5, G5

SOUND_ROUTINE = """\
title: Sound check
lead_in: 0
steps:
  - title: Hold still
    hold: 6s
  - title: One breath
    breathe: {inhale: 1s, exhale: 1s, cycles: 1}
"""

CANDIDATES = (D4, A4, C5, D5, E5, G5, A5, C6, A6)
# In the order they sound: the hold's start cue (D5 A5), its 3-2-1 ticks (A6),
# its end cue (A5 D5), the inhale glide up (D4 to A4) and the exhale back down,
# then the chime (C5 E5 G5 C6). Repeated pitches in a row count once.
EXPECTED_ORDER = [D5, A5, A6, A5, D5, D4, A4, D4, C5, E5, G5, C6]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A returning user (the warning signs already read)."""
    world = World.create(tmp_path)
    world.safety_read()
    yield world
    world.close()


def is_subsequence(wanted: list[float], found: list[float]) -> bool:
    """Whether ``wanted`` occurs in ``found`` in order, other items allowed between."""
    rest = iter(found)
    return all(any(item == f for f in rest) for item in wanted)


def alsa_capture_works(world: World) -> str | None:
    """Why ALSA's file plugin cannot be used here, or None when it works."""
    if not _which("aplay", world.env):
        return "aplay is not installed"
    probe_home = world.root / "probe-home"
    capture = world.root / "probe.raw"
    write_asoundrc(probe_home, capture)
    silence = world.root / "probe-in.raw"
    silence.write_bytes(b"\x00\x10" * 2205)  # 0.1 s
    try:
        result = subprocess.run(
            ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", str(SAMPLE_RATE), "-c", "1"]
            + [str(silence)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={**world.env, "HOME": str(probe_home)},
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"aplay could not run: {exc}"
    if result.returncode != 0:
        return f"aplay into the ALSA file plugin failed: {result.stderr.decode(errors='replace')}"
    if len(wait_for_capture(capture, 4410, timeout=10)) < 4410:
        return "the ALSA file plugin wrote nothing"
    return None


def _which(name: str, env: dict[str, str]) -> bool:
    import shutil

    return shutil.which(name, path=env.get("PATH")) is not None


def miniaudio_in_the_program(world: World) -> bool:
    """Whether the installed program's Python can import miniaudio."""
    result = subprocess.run(
        [program_python(world.program), "-c", "import miniaudio"],
        capture_output=True,
        env=world.env,
        timeout=60,
        check=False,
    )
    return result.returncode == 0


@pytest.mark.alsa
@pytest.mark.parametrize("backend", ["aplay", "miniaudio"])
def test_a_session_sounds_its_cues_through_alsa(world: World, backend: str) -> None:
    why = alsa_capture_works(world)
    if why is not None:
        require_or_skip(backend, why)
    if backend == "miniaudio" and not miniaudio_in_the_program(world):
        require_or_skip("miniaudio", "miniaudio is not importable by the installed spasm")
    capture = world.root / "capture.raw"
    write_asoundrc(Path(world.env["HOME"]), capture)
    path = world.routine("e2e-sound", SOUND_ROUTINE)

    result = world.run(
        "routine", str(path), "--plain", "--volume", "80", env={"SPASM_SOUND_BACKEND": backend}
    )
    assert result.returncode == 0, result.stderr
    # No "no device" or "player failed" notice: sound really played.
    assert "sound" not in result.stderr, result.stderr
    assert any(line.endswith("Sound check: finished.") for line in result.stdout.splitlines())

    # Start+end 0.6 s, three 40 ms ticks, the glides 2 s, and most of the chime.
    expected = 0.6 + 0.12 + 2.0 + 0.8
    raw = wait_for_capture(capture, int(expected * SAMPLE_RATE * 2), timeout=15)
    assert len(raw) >= expected * SAMPLE_RATE * 2, len(raw)
    found = dominant_frequencies(raw, candidates=(*CANDIDATES, 1200.0, 250.0), share=0.002)
    assert {D5, A5, A6, C5, E5, G5, C6} <= set(found), found
    assert 1200.0 not in found and 250.0 not in found, found
    sequence = pitch_sequence(decode_s16le(raw), CANDIDATES)
    assert is_subsequence(EXPECTED_ORDER, sequence), sequence


VOICE_ROUTINE = """\
title: Voice check
lead_in: 0
steps:
  - title: Knee hug
    hold: 1s
  - title: Pelvic tilt
    hold: 1s
"""


def test_voice_says_the_step_titles_and_done(world: World) -> None:
    bin_dir = world.root / "bin"
    bin_dir.mkdir()
    spoken = world.root / "spoken.txt"
    fake = bin_dir / "fake-say"
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{spoken}'\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    path = world.routine("e2e-voice", VOICE_ROUTINE)

    result = world.run(
        "routine",
        str(path),
        "--plain",
        "--voice",
        env={
            "PATH": f"{bin_dir}{os.pathsep}{world.env.get('PATH', '')}",
            "SPASM_SPEECH_PROGRAM": "fake-say",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "voice off" not in result.stderr, result.stderr
    said = spoken.read_text(encoding="utf-8").splitlines() if spoken.exists() else []
    assert any(line.startswith("Knee hug") for line in said), said
    assert any(line.startswith("Pelvic tilt") for line in said), said
    assert said[-1] == "done"


FAKE_MINIAUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "fake_miniaudio"


def test_a_crash_in_the_audio_library_leaves_the_session_whole(world: World) -> None:
    # A stand-in miniaudio that segfaults at the first sound, as simpleaudio did
    # on Python 3.12: the session must finish, record itself, and say why it
    # went quiet, once.
    path = world.routine("e2e-crash", SOUND_ROUTINE)
    result = world.run(
        "routine",
        str(path),
        "--plain",
        env={
            "SPASM_SOUND_BACKEND": "miniaudio",
            "FAKE_MINIAUDIO": "crash",
            "PYTHONPATH": str(FAKE_MINIAUDIO),
        },
    )
    assert result.returncode == 0, result.stderr
    assert any(line.endswith("Sound check: finished.") for line in result.stdout.splitlines())
    notices = [line for line in result.stderr.splitlines() if "sound" in line]
    assert notices == [
        "spasm: sound off: the sound helper stopped (it was killed by signal SIGSEGV);"
        " the session goes on without sound"
    ], result.stderr
