"""End to end through ALSA: cues played into a file by the ALSA "file" plugin.

A temporary HOME holds an ``.asoundrc`` (see ``sound_helpers.write_asoundrc``)
whose default device appends the samples it receives to a file; the captured
samples must hold the cues' tone frequencies. Each backend runs in its own
process, because libasound reads ``~/.asoundrc`` once per process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sound_helpers import (
    decode_s16le,
    dominant_frequencies,
    pitch_sequence,
    require_or_skip,
    wait_for_capture,
    write_asoundrc,
)

from spasm_cli.sound import backends
from spasm_cli.sound.cues import A5, A6, CUE_SOUNDS, D5, Cue

pytestmark = pytest.mark.alsa
ROOT = Path(__file__).resolve().parents[2]

SESSION = """
import time
from spasm_cli.sound import make_sound
from spasm_cli.session.events import EventKind
from spasm_cli.session.segments import SegmentKind
from sound_helpers import event, segment
sub = make_sound(enabled=True, volume=80, voice=False, bell=lambda: print("BELL"),
                 notice=lambda m: print("NOTICE", m))
sub.wait_ready(30)
hold = segment(SegmentKind.HOLD, 30)
sub.handle(event(EventKind.SEGMENT_START, hold))
time.sleep(0.4)
sub.handle(event(EventKind.COUNTDOWN, hold, remaining=3))
time.sleep(0.2)
sub.handle(event(EventKind.SEGMENT_END, hold))
sub.close()
"""


def available(backend: str) -> bool:
    if backend == "miniaudio":
        return backends.miniaudio_version() is not None
    return shutil.which(backend) is not None


@pytest.mark.parametrize("backend", ["aplay", "miniaudio"])
def test_cues_reach_the_alsa_device(backend: str, tmp_path: Path) -> None:
    if not available(backend):
        require_or_skip(backend, f"{backend} is not installed")
    home, capture = tmp_path / "home", tmp_path / "capture.raw"
    write_asoundrc(home, capture)
    env = {
        **os.environ,
        "HOME": str(home),
        "SPASM_SOUND_BACKEND": backend,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}",
    }
    out = subprocess.run(
        [sys.executable, "-c", SESSION], capture_output=True, text=True, env=env, timeout=30
    )
    assert out.returncode == 0 and out.stdout == "" and out.stderr == "", out
    expected = sum(CUE_SOUNDS[c].length for c in (Cue.START, Cue.TICK, Cue.END))
    raw = wait_for_capture(capture, int(expected * 22050 * 2))
    samples = decode_s16le(raw)
    assert len(samples) >= expected * 22050
    # Start (D5, A5), tick (A6) and end (A5, D5): all three pitches are there,
    # and a pitch no cue uses is not.
    found = dominant_frequencies(raw, candidates=(D5, A5, A6, 1000.0, 300.0), share=0.005)
    assert {D5, A5, A6} <= set(found) and 1000.0 not in found and 300.0 not in found
    # ...in the played order: start D5 A5, tick A6, end A5 D5.
    assert pitch_sequence(samples, (D5, A5, A6)) == [D5, A5, A6, A5, D5]
