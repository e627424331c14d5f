"""Backend selection, fallbacks and failures, with fake and real players."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sound_helpers import event, require_or_skip, segment

from spasm_cli.session.events import EventKind
from spasm_cli.session.segments import SegmentKind
from spasm_cli.sound import backends, describe_backend, players
from spasm_cli.sound.backends import Choice, select
from spasm_cli.sound.players import PlayerBackend
from spasm_cli.sound.subscriber import CueSubscriber

ROOT = Path(__file__).resolve().parents[2]


def which_from(*present: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_miniaudio_comes_first() -> None:
    c = select({}, which_from("aplay"), lambda: "1.71")
    assert (c.name, c.detail, c.problem) == (
        "miniaudio",
        "miniaudio 1.71, in a helper process",
        None,
    )


def test_without_miniaudio_a_player_on_path() -> None:
    c = select({}, which_from("aplay", "afplay"), lambda: None)
    assert (c.name, c.path) == ("aplay", "/usr/bin/aplay")
    assert c.detail == "aplay (/usr/bin/aplay; miniaudio is not installed)"
    assert select({}, which_from("paplay", "aplay"), lambda: None).name == "paplay"


def test_without_miniaudio_or_player_the_bell() -> None:
    c = select({}, which_from(), lambda: None)
    assert c.name == "bell"
    assert c.detail == "terminal bell (no miniaudio, no paplay/aplay/afplay)"


def test_every_other_backend_says_why_it_was_passed_over() -> None:
    c = select({}, which_from("aplay"), lambda: "1.71")
    assert c.passed_over == (
        "paplay: not on PATH",
        "aplay: found (/usr/bin/aplay), but miniaudio comes first",
        "afplay: not on PATH",
        "simpleaudio: simpleaudio is no longer used (it crashes on Python 3.12 and later)",
    )
    c = select({}, which_from("aplay"), lambda: None)
    assert c.passed_over[:3] == (
        "miniaudio: not installed (pip install 'spasm-coach[sound]')",
        "paplay: not on PATH",
        "afplay: not on PATH",
    )


@pytest.mark.parametrize("forced", ["miniaudio", "paplay", "aplay", "afplay", "bell", "none"])
def test_environment_forces_a_backend(forced: str) -> None:
    c = select({"SPASM_SOUND_BACKEND": forced}, which_from(*backends.PLAYERS), lambda: "1.71")
    assert c.name == forced and c.problem is None
    assert "SPASM_SOUND_BACKEND" in c.detail


def test_a_forced_backend_that_is_missing_means_silence_with_a_reason() -> None:
    c = select({"SPASM_SOUND_BACKEND": "aplay"}, which_from(), lambda: None)
    assert c.name == "none" and c.problem and "not on PATH" in c.problem
    c = select({"SPASM_SOUND_BACKEND": "miniaudio"}, which_from("aplay"), lambda: None)
    assert c.name == "none" and c.problem and "not installed" in c.problem


def test_an_unknown_forced_backend_is_reported_and_ignored() -> None:
    c = select({"SPASM_SOUND_BACKEND": "jack"}, which_from("aplay"), lambda: None)
    assert c.name == "aplay" and c.problem and "'jack'" in c.problem


def test_simpleaudio_is_never_chosen_even_when_asked_for() -> None:
    c = select({"SPASM_SOUND_BACKEND": "simpleaudio"}, which_from("aplay"), lambda: "1.71")
    assert c.name == "miniaudio"
    assert c.problem and "crashes on Python 3.12" in c.problem


def test_describe_backend_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASM_SOUND_BACKEND", "bell")
    assert describe_backend() == "terminal bell (SPASM_SOUND_BACKEND=bell)"


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, spasm_cli.sound\n"
        "heavy = {'miniaudio', 'ctypes', 'subprocess', 'wave', 'spasm_cli.sound.player',"
        " 'spasm_cli.sound.synth', 'spasm_cli.sound.backends', 'spasm_cli.sound.helper_link'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


# --- real processes: fake players on PATH -----------------------------------------


def script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def hold_events(sub: CueSubscriber, rounds: int = 1) -> None:
    hold = segment(SegmentKind.HOLD, 30)
    for _ in range(rounds):
        sub.handle(event(EventKind.SEGMENT_START, hold))
        for r in (3, 2, 1):
            sub.handle(event(EventKind.COUNTDOWN, hold, remaining=r))
            time.sleep(0.05)  # real processes: give the failing one time to exit
        sub.handle(event(EventKind.SEGMENT_END, hold))


def test_a_failing_player_gives_one_notice_with_its_error(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    player = script(
        tmp_path / "aplay",
        f'echo "$@" >> {calls}\necho "aplay: audio open error: Device or resource busy" >&2\nexit 1\n',
    )
    notices: list[str] = []
    sub = CueSubscriber(
        choice=Choice("aplay", "aplay", path=player),
        volume=80,
        voice=False,
        bell=pytest.fail,
        notice=notices.append,
    )
    hold_events(sub, rounds=3)
    sub.close()
    assert notices == [
        "sound off: aplay failed (exit status 1: aplay: audio open error: Device or resource busy);"
        " the session goes on without sound"
    ]
    assert len(calls.read_text().splitlines()) <= 2  # no more tries after the failure
    assert "-q" in calls.read_text()


def test_a_working_player_gets_a_wav_file(tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    player = script(tmp_path / "paplay", f'cp "$1" {copies}/$$.wav\n')
    notices: list[str] = []
    sub = CueSubscriber(
        choice=Choice("paplay", "paplay", path=player),
        volume=80,
        voice=False,
        bell=pytest.fail,
        notice=notices.append,
    )
    hold_events(sub)
    sub.close()
    wavs = list(copies.iterdir())
    assert notices == [] and len(wavs) == 5  # start, 3 ticks, end
    assert all(w.read_bytes()[:4] == b"RIFF" for w in wavs)


def test_a_stuck_player_is_killed_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(players, "OVERRUN", 0.2)
    player = script(tmp_path / "afplay", "exec sleep 30\n")
    playing = PlayerBackend("afplay", player).start(b"", tmp_path / "x.wav", 0.05)
    give_up = time.monotonic() + 5
    while not playing.done():
        assert time.monotonic() < give_up
        time.sleep(0.02)
    assert playing.failure() == "afplay did not finish (is the sound device busy?)"


def test_a_player_that_cannot_start_is_a_backend_error(tmp_path: Path) -> None:
    with pytest.raises(backends.BackendError, match="could not start"):
        PlayerBackend("aplay", str(tmp_path / "missing")).start(b"", tmp_path / "x.wav", 0.1)


# --- real ALSA failures: nothing printed, one notice -------------------------------


def broken_home(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    # A card that does not exist: fails on every machine, with or without sound.
    (home / ".asoundrc").write_text("pcm.!default { type hw; card 99 }\n", encoding="utf-8")
    return {**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT)}


SESSION = """
import time
from spasm_cli.sound import make_sound
from spasm_cli.session.events import EventKind
from sound_helpers import event, require_or_skip, segment
from spasm_cli.session.segments import SegmentKind
sub = make_sound(enabled=True, volume=60, voice=False, bell=lambda: print("BELL"),
                 notice=lambda m: print("NOTICE", m))
hold = segment(SegmentKind.HOLD, 30)
for _ in range(3):
    sub.handle(event(EventKind.SEGMENT_START, hold))
    time.sleep(0.1)
    sub.handle(event(EventKind.SEGMENT_END, hold))
    time.sleep(0.1)
sub.handle(event(EventKind.FINISH))
sub.close()
"""


@pytest.mark.parametrize("backend", ["aplay", "miniaudio"])
def test_a_missing_alsa_device_is_one_notice_and_no_alsa_noise(
    backend: str, tmp_path: Path
) -> None:
    if backend == "aplay" and shutil.which("aplay") is None:
        require_or_skip("aplay", "aplay is not installed")
    if backend == "miniaudio" and backends.miniaudio_version() is None:
        require_or_skip("miniaudio", "miniaudio is not installed")
    env = broken_home(tmp_path)
    env["SPASM_SOUND_BACKEND"] = backend
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{ROOT / 'tests'}"
    out = subprocess.run(
        [sys.executable, "-c", SESSION], capture_output=True, text=True, env=env, timeout=30
    )
    assert out.returncode == 0, out.stderr
    notices = [ln for ln in out.stdout.splitlines() if ln.startswith("NOTICE")]
    assert len(notices) == 1 and f"sound off: {backend}" in notices[0], out.stdout
    assert "ALSA lib" not in out.stderr and out.stderr == ""
