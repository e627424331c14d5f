"""The sound helper process and the session's link to it.

The stream (what the device plays) is tested on a fake clock; the protocol on
in-memory pipes; the link against real helper processes: the real helper with
a stand-in miniaudio (``tests/fixtures/fake_miniaudio``) that records, crashes
in native code or finds no device, and small scripts that misbehave.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sound_helpers import event, segment

from spasm_cli.session.events import EventKind
from spasm_cli.session.segments import SegmentKind
from spasm_cli.sound import helper_link
from spasm_cli.sound.backends import BackendError, Choice
from spasm_cli.sound.helper import LEAD, Stream, serve
from spasm_cli.sound.helper_link import HelperBackend, describe_exit, helper_command
from spasm_cli.sound.protocol import HEADER, HUSH, PLAY
from spasm_cli.sound.subscriber import CueSubscriber

ROOT = Path(__file__).resolve().parents[2]
FAKE = Path(__file__).resolve().parents[1] / "fixtures" / "fake_miniaudio"
RATE = 1000  # frames per second: round numbers for the stream tests


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def stream(lines: list[str], fake: FakeTime) -> Stream:
    s = Stream(RATE, lines.append, clock=fake.clock)
    s._sleep = fake.sleep  # noqa: SLF001 - the test's clock
    return s


# --- the stream -----------------------------------------------------------------------


def test_a_cue_plays_padded_with_silence_and_is_reported() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    assert s.next_chunk(10) == bytes(20)  # nothing to play: silence
    s.play(7, b"\x01\x00" * 15)
    assert not s.idle.is_set()
    first = s.next_chunk(10)
    assert first == b"\x01\x00" * 10 and lines == ["started 7 100.000000"]
    second = s.next_chunk(10)
    assert second == b"\x01\x00" * 5 + bytes(10)
    assert lines[-1] == "done 7" and s.idle.is_set()
    assert s.next_chunk(10) == bytes(20) and len(lines) == 2


def test_a_new_cue_replaces_the_one_playing_and_hush_stops_it() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    s.play(1, b"\x01\x00" * 100)
    s.next_chunk(10)
    s.play(2, b"\x02\x00" * 100)
    assert s.next_chunk(10) == b"\x02\x00" * 10
    s.hush()
    assert s.next_chunk(10) == bytes(20) and s.idle.is_set()
    assert lines == ["started 1 100.000000", "started 2 100.000000"]  # neither finished


def test_a_device_that_runs_faster_than_real_time_is_held_to_it() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    for _ in range(100):  # 100 periods of 50 ms asked for at once: 5 s of audio
        s.next_chunk(50)
    # Never more than LEAD ahead: the sleeps add up to the audio less the lead.
    assert sum(fake.slept) == pytest.approx(5.0 - LEAD, abs=0.051)
    assert fake.now - 100.0 == pytest.approx(5.0 - LEAD, abs=0.051)


def test_a_real_time_device_is_never_made_to_wait() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    for _ in range(100):
        s.next_chunk(20)
        fake.now += 0.020  # the device asks as it plays
    assert fake.slept == []


def test_a_device_that_fell_behind_does_not_race_to_catch_up() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    s.next_chunk(20)
    fake.now += 60.0  # the laptop slept
    s.next_chunk(20)
    for _ in range(10):
        s.next_chunk(20)
        fake.now += 0.020
    assert fake.slept == []


def test_the_generator_never_raises_into_the_device() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    frames = s.frames()
    assert next(frames) == b""
    s._cue = (1, None)  # type: ignore[assignment]  # noqa: SLF001 - a broken state
    assert frames.send(8) == bytes(16)


# --- the protocol ---------------------------------------------------------------------


def frame(command: bytes, cue: int, payload: bytes = b"") -> bytes:
    return HEADER.pack(command, cue, len(payload)) + payload


def test_serve_applies_play_and_hush_until_end_of_input() -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    serve(s, io.BytesIO(frame(PLAY, 3, b"\x05\x00" * 4) + frame(HUSH, 3) + frame(PLAY, 4, b"ab")))
    assert s.next_chunk(4) == b"ab" + bytes(6) and lines == ["started 4 100.000000", "done 4"]


@pytest.mark.parametrize(
    "data",
    [
        frame(PLAY, 1, b"abcd")[:-2],  # cut off inside the payload
        HEADER.pack(PLAY, 1, 2**40),  # an absurd length: not read
        b"\x00\x01",  # cut off inside the header
    ],
)
def test_serve_stops_at_a_malformed_frame(data: bytes) -> None:
    fake, lines = FakeTime(), []
    s = stream(lines, fake)
    serve(s, io.BytesIO(data))
    assert s.next_chunk(2) == bytes(4) and lines == []


def test_exit_statuses_read_as_words() -> None:
    assert describe_exit(-11) == "it was killed by signal SIGSEGV"
    assert describe_exit(1) == "exit status 1"


# --- the link, against real helper processes ---------------------------------------------


def fake_env(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    monkeypatch.setenv("FAKE_MINIAUDIO", mode)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(FAKE), str(ROOT)]))


def wait_done(playing: helper_link.HelperPlaying, timeout: float = 10.0) -> None:
    give_up = time.monotonic() + timeout
    while not playing.done():
        assert time.monotonic() < give_up, "the cue never ended"
        time.sleep(0.01)


def test_the_helper_plays_what_it_is_sent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "played.raw"
    fake_env(monkeypatch, f"record:{out}")
    backend = HelperBackend(22050)
    assert backend.device == "Fake"
    pcm = b"\x10\x27" * 2205  # 0.1 s at 10000
    before = time.monotonic()
    playing = backend.start(pcm, None, 0.1)
    wait_done(playing)
    assert playing.failure() is None
    started = playing.started_at()
    assert started is not None and before <= started <= time.monotonic()
    backend.close()
    assert out.read_bytes().rstrip(b"\x00") == pcm


def test_a_helper_that_crashes_in_native_code_is_a_failure_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_env(monkeypatch, "crash")
    backend = HelperBackend(22050)
    playing = backend.start(b"\x10\x27" * 2205, None, 0.1)
    wait_done(playing)
    assert playing.failure() == "the sound helper stopped (it was killed by signal SIGSEGV)"
    with pytest.raises(BackendError, match="it was killed by signal SIGSEGV"):
        backend.start(b"\x10\x27" * 100, None, 0.01)
    backend.close()


def test_no_device_is_a_backend_error_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_env(monkeypatch, "noinit")
    with pytest.raises(BackendError) as caught:
        HelperBackend(22050)
    assert str(caught.value) == (
        "miniaudio could not open a sound device (failed to init device, code -401)"
    )


def script(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "helper.py"
    path.write_text(body, encoding="utf-8")
    return [sys.executable, str(path)]


def test_a_helper_that_dies_before_it_is_ready(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="exit status 3"):
        HelperBackend(22050, script(tmp_path, "import sys; sys.exit(3)\n"))


def test_a_helper_that_never_answers_is_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helper_link, "READY_TIMEOUT", 0.3)
    command = script(tmp_path, "import time; time.sleep(60)\n")
    with pytest.raises(BackendError, match="did not start in time"):
        HelperBackend(22050, command)


def test_a_helper_that_stops_reporting_is_stuck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helper_link, "OVERRUN", 0.2)
    body = "import sys, time\nprint('ready Mute', flush=True)\nsys.stdin.buffer.read()\n"
    backend = HelperBackend(22050, script(tmp_path, body))
    playing = backend.start(b"\x00\x01" * 10, None, 0.05)
    wait_done(playing)
    assert playing.failure() == "the sound helper stopped answering"
    backend.close()


def test_the_helper_command_runs_this_python() -> None:
    assert helper_command(8000) == [sys.executable, "-m", "spasm_cli.sound.helper", "8000"]


def test_keyboard_signals_do_not_reach_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_env(monkeypatch, "record:/dev/null")
    backend = HelperBackend(22050)
    pid = backend._proc.pid  # noqa: SLF001
    assert os.getsid(pid) == pid  # a session of its own: Ctrl-C in the terminal is spasm's
    backend.close()
    assert backend._proc.returncode == 0  # noqa: SLF001 - quit cleanly at end of input


SESSION = """
import time
from spasm_cli.sound import make_sound
from spasm_cli.session.events import EventKind
from sound_helpers import event, segment
from spasm_cli.session.segments import SegmentKind
notices = []
sub = make_sound(enabled=True, volume=60, voice=False, bell=lambda: print("BELL"),
                 notice=notices.append)
sub.wait_ready(30)
hold = segment(SegmentKind.HOLD, 30)
give_up = time.monotonic() + 30
while not notices and time.monotonic() < give_up:  # until the crash is noticed
    sub.handle(event(EventKind.SEGMENT_START, hold))
    time.sleep(0.1)
    sub.handle(event(EventKind.TICK, hold))  # notices reach the session on its own thread
sub.handle(event(EventKind.SEGMENT_END, hold))
sub.handle(event(EventKind.FINISH))
sub.close()
for notice in notices:
    print("NOTICE", notice)
print("SESSION WENT ON")
"""


def test_a_crashing_audio_library_costs_the_session_its_sound_only(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FAKE_MINIAUDIO": "crash",
        "SPASM_SOUND_BACKEND": "miniaudio",
        "PYTHONPATH": os.pathsep.join([str(FAKE), str(ROOT), str(ROOT / "tests")]),
    }
    out = subprocess.run(
        [sys.executable, "-c", SESSION], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    notices = [line for line in out.stdout.splitlines() if line.startswith("NOTICE")]
    assert notices == [
        "NOTICE sound off: the sound helper stopped (it was killed by signal SIGSEGV);"
        " the session goes on without sound"
    ]
    assert out.stdout.rstrip().endswith("SESSION WENT ON") and out.stderr == ""


def test_a_subscriber_over_the_helper_plays_every_cue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    played = tmp_path / "played.raw"
    fake_env(monkeypatch, f"record:{played}")
    notices: list[str] = []
    sub = CueSubscriber(
        choice=Choice("miniaudio", "miniaudio"),
        volume=80,
        voice=False,
        bell=pytest.fail,
        notice=notices.append,
    )
    sub.wait_ready(30)
    hold = segment(SegmentKind.HOLD, 30)
    sub.handle(event(EventKind.SEGMENT_START, hold))
    sub.handle(event(EventKind.SEGMENT_END, hold))  # waits its turn: start then end
    sub.close()
    assert notices == []
    assert len(played.read_bytes()) >= 0.55 * 22050 * 2  # start and end (0.3 s each)
