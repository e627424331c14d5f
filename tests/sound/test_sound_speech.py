"""--voice: a fake speech program on PATH, and real espeak-ng into a WAV file."""

from __future__ import annotations

import shutil
import subprocess
import time
import wave
from collections import deque
from pathlib import Path

import pytest
from sound_helpers import decode_s16le, event, require_or_skip, segment

from spasm_cli.session.events import EventKind
from spasm_cli.session.segments import SegmentKind
from spasm_cli.sound import make_sound
from spasm_cli.sound.speech import Speaker, SpeechProgram, find_speech, speech_command

K = EventKind
S = SegmentKind


def fake_program(tmp_path: Path, body: str = "") -> tuple[Path, Path]:
    """A speech program that appends what it is asked to say to a log."""
    log = tmp_path / "said.log"
    prog = tmp_path / "bin" / "fake-say"
    prog.parent.mkdir()
    prog.write_text(f'#!/bin/sh\necho "start $*" >> {log}\n{body}', encoding="utf-8")
    prog.chmod(0o755)
    return prog, log


def lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def wait_until(cond, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    give_up = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < give_up, "timed out"
        time.sleep(0.01)


def test_find_speech_prefers_the_environment_then_the_usual_programs() -> None:
    def which(name: str) -> str | None:
        return {"espeak": "/usr/bin/espeak", "say": "/usr/bin/say", "mine": "/opt/mine"}.get(name)

    assert find_speech({}, which)[0] == SpeechProgram("espeak", "/usr/bin/espeak")
    assert find_speech({"SPASM_SPEECH_PROGRAM": "mine"}, which)[0] == SpeechProgram(
        "mine", "/opt/mine"
    )
    program, why = find_speech({"SPASM_SPEECH_PROGRAM": "nope"}, which)
    assert program is None and "nope" in why
    program, why = find_speech({}, lambda _: None)
    assert program is None and why.startswith("no speech program found")


def test_speech_commands() -> None:
    assert speech_command(SpeechProgram("espeak-ng", "/e"), "hi", 70) == [
        "/e",
        "-a",
        "70",
        "--",
        "hi",
    ]
    assert speech_command(SpeechProgram("spd-say", "/s"), "hi", 70) == ["/s", "-w", "--", "hi"]
    assert speech_command(SpeechProgram("say", "/say"), "hi", 70) == ["/say", "--", "hi"]


@pytest.mark.parametrize("name", ["espeak-ng", "espeak", "spd-say", "say", "my-tts"])
def test_a_title_that_looks_like_an_option_is_spoken_not_obeyed(name: str) -> None:
    argv = speech_command(SpeechProgram(name, f"/bin/{name}"), "-f/etc/passwd", 70)
    text_at = len(argv) - 1
    assert argv[text_at].strip() == "-f/etc/passwd"
    # Either options end before the text, or the text does not start with "-".
    assert "--" in argv[:text_at] or not argv[text_at].startswith("-")


def test_real_espeak_ng_says_a_dash_title_instead_of_reading_a_file(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        require_or_skip("espeak-ng", "espeak-ng is not installed")
    wav = tmp_path / "said.wav"
    argv = speech_command(SpeechProgram("espeak-ng", "espeak-ng"), "-f/etc/passwd", 70)
    subprocess.run([argv[0], "-w", str(wav), *argv[1:]], check=True, timeout=60)
    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert seconds < 5.0  # a short phrase, not the whole of /etc/passwd (minutes)


def test_a_newer_phrase_stops_the_one_being_spoken(tmp_path: Path) -> None:
    prog, log = fake_program(
        tmp_path,
        f"trap 'echo \"stopped $*\" >> {tmp_path}/said.log; exit 143' TERM\nsleep 5 &\nwait\n",
    )
    notices: deque[str] = deque()
    speaker = Speaker(SpeechProgram("fake-say", str(prog)), volume=50, notices=notices)
    speaker.say("one")
    wait_until(lambda: "start one" in lines(log))
    speaker.say("two")
    wait_until(lambda: "start two" in lines(log))
    speaker.close(time.monotonic() + 0.2)
    got = lines(log)
    assert got.index("stopped one") < got.index("start two")
    assert not notices  # being stopped is not a failure


def test_stale_queued_phrases_are_dropped(tmp_path: Path) -> None:
    prog, log = fake_program(tmp_path)
    speaker = Speaker(SpeechProgram("fake-say", str(prog)), volume=50, notices=deque())
    for n in range(50):
        speaker.say(f"phrase {n}")
    wait_until(lambda: "start phrase 49" in lines(log))
    speaker.close(time.monotonic() + 1)
    assert len(speaker.spoken) < 50 and speaker.spoken[-1] == "phrase 49"


def test_session_speech_through_make_sound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prog, log = fake_program(tmp_path)
    monkeypatch.setenv("PATH", f"{prog.parent}:/usr/bin:/bin")
    monkeypatch.setenv("SPASM_SPEECH_PROGRAM", "fake-say")
    monkeypatch.setenv("SPASM_SOUND_BACKEND", "none")
    notices: list[str] = []
    sub = make_sound(enabled=True, volume=60, voice=True, bell=pytest.fail, notice=notices.append)
    hold = segment(S.HOLD, 30, side="left")
    steps = [
        (event(K.SEGMENT_START, hold), "start Child's pose, left side, 30 seconds"),
        (event(K.COUNTDOWN, hold, remaining=3), "start three, two, one"),
        (event(K.FINISH), "start done"),
    ]
    for ev, expected in steps:
        sub.handle(ev)
        wait_until(lambda expected=expected: expected in lines(log))
    sub.close()
    assert lines(log) == [expected for _, expected in steps]
    assert notices == []


def test_a_failing_speech_program_gives_one_notice_and_tones_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prog, log = fake_program(tmp_path, "exit 3\n")
    monkeypatch.setenv("SPASM_SPEECH_PROGRAM", str(prog))
    monkeypatch.setenv("SPASM_SOUND_BACKEND", "bell")
    notices: list[str] = []
    sub = make_sound(enabled=True, volume=60, voice=True, bell=lambda: None, notice=notices.append)
    sub.handle(event(K.SEGMENT_START, segment(S.HOLD, 30)))
    wait_until(lambda: len(lines(log)) == 1)
    time.sleep(0.3)  # let the worker see the exit status
    for n in range(3):
        sub.handle(event(K.SEGMENT_START, segment(S.HOLD, 30, step_index=n + 1)))
    sub.close()
    assert notices == ["voice off: fake-say failed (exit status 3); using tones instead"]
    assert len(lines(log)) == 1
    assert sub._planner.voice is False  # type: ignore[attr-defined]


def test_no_speech_program_means_tones_and_one_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("SPASM_SPEECH_PROGRAM", raising=False)
    monkeypatch.setenv("SPASM_SOUND_BACKEND", "none")
    notices: list[str] = []
    sub = make_sound(enabled=True, volume=60, voice=True, bell=pytest.fail, notice=notices.append)
    sub.handle(event(K.SEGMENT_START, segment(S.HOLD, 30)))
    sub.close()
    assert notices == [
        "voice off: no speech program found (espeak-ng, espeak, spd-say, say); using tones instead"
    ]


def test_real_espeak_ng_speaks_into_a_wav_file(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        require_or_skip("espeak-ng", "espeak-ng is not installed")
    out = tmp_path / "out"
    out.mkdir()
    # A wrapper that makes espeak-ng write each phrase to a file instead of the device.
    wrapper = tmp_path / "espeak-ng"
    wrapper.write_text(
        f'#!/bin/sh\nexec {shutil.which("espeak-ng")} -w {out}/$$.wav "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    notices: deque[str] = deque()
    speaker = Speaker(SpeechProgram("espeak-ng", str(wrapper)), volume=80, notices=notices)
    speaker.say("Child's pose, left side, 30 seconds")
    wait_until(lambda: speaker.spoken)
    speaker.close(time.monotonic() + 5)
    (wav_path,) = out.iterdir()
    with wave.open(str(wav_path)) as w:
        seconds = w.getnframes() / w.getframerate()
        samples = decode_s16le(w.readframes(w.getnframes()))
    assert 1.0 < seconds < 6.0
    assert max(map(abs, samples)) > 1000  # speech, not silence
    assert not notices
