"""Which cues events get, and how the subscriber hands them to a backend."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sound_helpers import event, segment

from spasm_cli.session.events import EventKind
from spasm_cli.session.segments import SegmentKind
from spasm_cli.sound import SoundSubscriber, make_sound
from spasm_cli.sound.backends import BackendError, Choice
from spasm_cli.sound.cues import CUE_SOUNDS, Action, Cue, CuePlanner, Hush, Play, Say
from spasm_cli.sound.subscriber import CueSubscriber, SilentSound

K = EventKind
S = SegmentKind


def names(actions: list[Action]) -> list[str]:
    out = []
    for a in actions:
        if isinstance(a, Play):
            out.append(a.sound.name)
        elif isinstance(a, Say):
            out.append(f"say:{a.text}")
        else:
            out.append("hush")
    return out


def test_a_hold_gets_start_ticks_and_end() -> None:
    p = CuePlanner(voice=False)
    hold = segment(S.HOLD, 30)
    seen = [names(p.plan(event(K.SEGMENT_START, hold)))]
    for r in (10, 3, 2, 1):
        seen.append(names(p.plan(event(K.COUNTDOWN, hold, remaining=r))))
    seen.append(names(p.plan(event(K.SEGMENT_END, hold))))
    assert seen == [["start"], [], ["tick"], ["tick"], ["tick"], ["end"]]


def test_key_cues_are_end_and_chime() -> None:
    p = CuePlanner(voice=False)
    hold = segment(S.HOLD, 30)
    end = p.plan(event(K.SEGMENT_END, hold))
    chime = p.plan(event(K.FINISH))
    tick = p.plan(event(K.COUNTDOWN, hold, remaining=3))
    assert all(isinstance(a, Play) and a.key for a in end + chime)
    assert not any(isinstance(a, Play) and a.key for a in tick)
    assert names(chime) == ["chime"]


def test_rest_after_a_hold_gets_no_start_cue() -> None:
    p = CuePlanner(voice=False)
    p.plan(event(K.SEGMENT_END, segment(S.HOLD, 30)))
    assert names(p.plan(event(K.SEGMENT_START, segment(S.REST, 15)))) == []
    # A rest that follows something without an end cue is announced.
    p.plan(event(K.SEGMENT_END, segment(S.REP, 2)))
    assert names(p.plan(event(K.SEGMENT_START, segment(S.REST, 15, step_index=1)))) == ["start"]


def test_timed_reps_tick_and_short_segments_get_no_countdown() -> None:
    p = CuePlanner(voice=False)
    rep = segment(S.REP, 3, rep_no=1, rep_count=10)
    assert names(p.plan(event(K.SEGMENT_START, rep))) == ["rep"]
    assert names(p.plan(event(K.COUNTDOWN, rep, remaining=3))) == []
    assert names(p.plan(event(K.SEGMENT_END, rep))) == []
    relax = segment(S.RELAX, 2)
    assert names(p.plan(event(K.SEGMENT_START, relax))) == []
    selfpaced = segment(S.REP, None, rep_no=1, rep_count=10)
    assert names(p.plan(event(K.SEGMENT_START, selfpaced))) == []
    held = segment(S.REP, 8, rep_no=2, rep_count=10)
    assert names(p.plan(event(K.COUNTDOWN, held, remaining=1))) == ["tick"]


def test_breathing_glides_last_the_phase_and_are_interruptible() -> None:
    p = CuePlanner(voice=False)
    inhale = p.plan(event(K.SEGMENT_START, segment(S.INHALE, 4, cycle_no=1, cycle_count=6)))
    exhale = p.plan(event(K.SEGMENT_START, segment(S.EXHALE, 6, cycle_no=1, cycle_count=6)))
    hold = p.plan(event(K.SEGMENT_START, segment(S.HOLD_IN, 4, cycle_no=1, cycle_count=6)))
    assert names(inhale) == ["inhale"] and names(exhale) == ["exhale"] and hold == []
    for actions, length in ((inhale, 4), (exhale, 6)):
        (play,) = actions
        assert isinstance(play, Play) and play.interruptible
        assert play.sound.length == length
    # No 3-2-1 over a breath: the glide is the pacer.
    assert p.plan(event(K.COUNTDOWN, segment(S.EXHALE, 6), remaining=3)) == []


def test_pause_hushes_and_resume_finishes_the_glide() -> None:
    p = CuePlanner(voice=False)
    inhale = segment(S.INHALE, 4, cycle_no=1, cycle_count=6)
    assert isinstance(p.plan(event(K.PAUSE, inhale))[0], Hush)
    (play,) = p.plan(event(K.RESUME, inhale, segment_remaining=1.0))
    assert isinstance(play, Play) and abs(play.sound.length - 1.0) < 1e-9
    assert p.plan(event(K.RESUME, segment(S.HOLD, 30), segment_remaining=10)) == []
    for kind in (K.QUIT, K.INTERRUPT, K.SKIP, K.BACK):
        assert names(p.plan(event(kind, inhale))) == ["hush"]
    assert p.plan(event(K.TICK, inhale)) == []


def test_voice_announces_steps_sides_breaths_countdown_and_done() -> None:
    p = CuePlanner(voice=True)
    said: list[str] = []

    def run(kind: EventKind, seg: object = None, **kw: object) -> list[str]:
        got = names(p.plan(event(kind, seg, **kw)))  # type: ignore[arg-type]
        said.extend(n[4:] for n in got if n.startswith("say:"))
        return got

    ready = segment(S.GET_READY, 5, step_index=-1, step_title="")
    assert run(K.SEGMENT_START, ready) == ["say:Get ready"]
    left = segment(S.HOLD, 30, side="left")
    # The spoken title replaces the start cue; ticks stay, with "three, two, one".
    assert run(K.SEGMENT_START, left) == ["say:Child's pose, left side, 30 seconds"]
    assert run(K.COUNTDOWN, left, remaining=3) == ["tick", "say:three, two, one"]
    assert run(K.COUNTDOWN, left, remaining=2) == ["tick"]
    run(K.SEGMENT_END, left)
    run(K.SEGMENT_START, segment(S.REST, 15, side="right"))
    run(K.SEGMENT_START, segment(S.HOLD, 30, side="right"))
    for cycle in (1, 2, 3, 4):
        kw = {"step_index": 1, "step_title": "Belly breathing", "cycle_no": cycle, "cycle_count": 4}
        run(K.SEGMENT_START, segment(S.INHALE, 4, **kw))
        run(K.SEGMENT_START, segment(S.EXHALE, 6, **kw))
    run(K.FINISH)
    assert said == [
        "Get ready",
        "Child's pose, left side, 30 seconds",
        "three, two, one",
        "Rest",
        "Child's pose, right side, 30 seconds",
        "Belly breathing, 4 breaths. Breathe in",
        "Breathe out",
        "Breathe in",
        "Breathe out",
        "Breathe in",
        "Breathe out",
        "done",
    ]


def test_voice_phrases_for_reps_minutes_and_sets() -> None:
    p = CuePlanner(voice=True)
    rep = segment(S.REP, 3, step_title="Bridge", rep_no=1, rep_count=10)
    assert names(p.plan(event(K.SEGMENT_START, rep))) == ["rep", "say:Bridge, 10 reps"]
    long = segment(S.HOLD, 90, step_index=1, step_title="Plank", set_no=1, set_count=2)
    assert "say:Plank, 1 minute 30 seconds, set 1 of 2" in names(
        p.plan(event(K.SEGMENT_START, long))
    )
    second = segment(S.HOLD, 90, step_index=1, step_title="Plank", set_no=2, set_count=2)
    assert "say:Set 2 of 2" in names(p.plan(event(K.SEGMENT_START, second)))


# --- the subscriber, with a fake backend ---------------------------------------


class FakePlaying:
    def __init__(self, log: list[str], name: str, fail: str | None) -> None:
        self.log, self.name, self.fail = log, name, fail
        self.stopped = False

    def done(self) -> bool:
        return True

    def stop(self) -> None:
        self.stopped = True
        self.log.append(f"stop:{self.name}")

    def failure(self) -> str | None:
        return self.fail


class FakeBackend:
    """Records what was played; never sleeps; can be told to fail."""

    name = "fake"

    def __init__(self, *, raise_on: int | None = None, fail_on: int | None = None) -> None:
        self.log: list[str] = []
        self.lengths: list[float] = []
        self.raise_on, self.fail_on = raise_on, fail_on
        self.closed = False

    def start(self, pcm: bytes, wav: Path | None, length: float) -> FakePlaying:
        n = len(self.lengths)
        if n == self.raise_on:
            raise BackendError("fake device is busy")
        self.lengths.append(length)
        self.log.append(f"{len(pcm) // 2}")
        return FakePlaying(self.log, str(n), "fake player failed" if n == self.fail_on else None)

    def close(self) -> None:
        self.closed = True


def subscriber(
    backend: FakeBackend,
    notices: list[str],
    choice: str = "fake",
    bell: Callable[[], None] = lambda: None,
) -> CueSubscriber:
    return CueSubscriber(
        choice=Choice(choice, choice),
        volume=80,
        voice=False,
        bell=bell,
        notice=notices.append,
        open_backend=lambda: backend,
    )


def play_hold(sub: SoundSubscriber) -> None:
    hold = segment(S.HOLD, 30)
    sub.handle(event(K.SESSION_START))
    sub.handle(event(K.SEGMENT_START, hold))
    for r in (10, 3, 2, 1):
        sub.handle(event(K.TICK, hold))
        sub.handle(event(K.COUNTDOWN, hold, remaining=r))
    sub.handle(event(K.SEGMENT_END, hold))
    sub.handle(event(K.FINISH))


def test_subscriber_plays_cues_in_order() -> None:
    backend, notices = FakeBackend(), list[str]()
    sub = subscriber(backend, notices)
    play_hold(sub)
    sub.close()
    expected = [
        CUE_SOUNDS[c].length for c in (Cue.START, Cue.TICK, Cue.TICK, Cue.TICK, Cue.END, Cue.CHIME)
    ]
    assert backend.lengths == pytest.approx(expected, abs=1e-3)
    assert notices == [] and backend.closed


def test_handle_never_waits_for_the_backend() -> None:
    # No stopwatch (bench/sound_latency.py measures time): a backend that
    # blocks until released, and 200 events handled while it blocks. Were
    # handle() to play on the caller's thread, the first call would wait and
    # the loop could not finish before the release.
    release = threading.Event()
    caller = threading.get_ident()
    threads: list[int] = []
    finished: list[int] = []  # start() calls that got past the block

    class Blocking(FakeBackend):
        def start(self, pcm: bytes, wav: Path | None, length: float) -> FakePlaying:
            threads.append(threading.get_ident())
            release.wait(30)
            finished.append(1)
            return super().start(pcm, wav, length)

    backend, notices = Blocking(), list[str]()
    sub = subscriber(backend, notices)
    hold = segment(S.HOLD, 30)
    for _ in range(200):
        sub.handle(event(K.COUNTDOWN, hold, remaining=3))
    assert finished == []  # all 200 returned while the backend was still blocked
    release.set()
    sub.close()
    assert threads and caller not in threads


def test_a_failing_device_gives_one_notice_then_silence() -> None:
    backend, notices = FakeBackend(raise_on=1), list[str]()
    caller = threading.get_ident()
    threads: list[int] = []

    def notice(text: str) -> None:
        notices.append(text)
        threads.append(threading.get_ident())

    sub = CueSubscriber(
        choice=Choice("fake", "fake"),
        volume=80,
        voice=False,
        bell=lambda: None,
        notice=notice,
        open_backend=lambda: backend,
    )
    for _ in range(3):
        play_hold(sub)
    sub.close()
    assert len(backend.lengths) == 1  # the first cue, then nothing more was tried
    assert len(notices) == 1 and "fake device is busy" in notices[0]
    assert threads == [caller]  # notices come on the session's thread, not the worker's


def test_a_player_that_fails_after_starting_gives_one_notice() -> None:
    backend, notices = FakeBackend(fail_on=0), list[str]()
    sub = subscriber(backend, notices)
    play_hold(sub)
    play_hold(sub)
    sub.close()
    assert len(notices) == 1 and "fake player failed" in notices[0]
    assert len(backend.lengths) == 1


def test_a_backend_that_cannot_open_gives_one_notice() -> None:
    notices: list[str] = []

    def broken() -> FakeBackend:
        raise BackendError("miniaudio cannot load (no libasound)")

    sub = CueSubscriber(
        choice=Choice("miniaudio", "x"),
        volume=80,
        voice=False,
        bell=lambda: None,
        notice=notices.append,
        open_backend=broken,
    )
    play_hold(sub)
    sub.close()
    assert notices == [
        "sound off: miniaudio cannot load (no libasound); the session goes on without sound"
    ]


def test_bell_backend_rings_for_key_cues_only() -> None:
    rings: list[int] = []
    notices: list[str] = []
    sub = CueSubscriber(
        choice=Choice("bell", "terminal bell"),
        volume=80,
        voice=False,
        bell=lambda: rings.append(1),
        notice=notices.append,
    )
    play_hold(sub)
    sub.close()
    assert len(rings) == 2  # the end of the hold and the finish; no ticks, no start
    assert notices == []


def test_a_failing_bell_gives_one_notice() -> None:
    notices: list[str] = []

    def bell() -> None:
        raise OSError("terminal gone")

    sub = CueSubscriber(
        choice=Choice("bell", "bell"), volume=80, voice=False, bell=bell, notice=notices.append
    )
    play_hold(sub)
    play_hold(sub)
    sub.close()
    assert len(notices) == 1 and "bell" in notices[0]


def test_a_stale_breath_glide_is_cut_by_the_next_cue() -> None:
    class Long(FakePlaying):
        def done(self) -> bool:
            return self.stopped

    class LongBackend(FakeBackend):
        def start(self, pcm: bytes, wav: Path | None, length: float) -> FakePlaying:
            super().start(pcm, wav, length)
            return Long(self.log, str(len(self.lengths) - 1), None)

    backend, notices = LongBackend(), list[str]()
    sub = subscriber(backend, notices)
    sub.handle(event(K.SEGMENT_START, segment(S.INHALE, 4, cycle_no=1)))
    sub.handle(event(K.SEGMENT_START, segment(S.EXHALE, 4, cycle_no=1)))
    sub.handle(event(K.PAUSE, segment(S.EXHALE, 4, cycle_no=1)))
    sub.close()
    assert [e for e in backend.log if e.startswith("stop")] == ["stop:0", "stop:1"]


def test_disabled_or_silent_sound_does_nothing() -> None:
    for enabled, volume in ((False, 80), (True, 0)):
        sub = make_sound(
            enabled=enabled, volume=volume, voice=True, bell=pytest.fail, notice=pytest.fail
        )
        assert isinstance(sub, SilentSound)
        play_hold(sub)
        sub.close()


def test_make_sound_none_backend_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASM_SOUND_BACKEND", "none")
    notices: list[str] = []
    sub = make_sound(enabled=True, volume=50, voice=False, bell=pytest.fail, notice=notices.append)
    play_hold(sub)
    sub.close()
    assert notices == []


def test_close_is_idempotent_and_events_after_close_are_ignored() -> None:
    backend, notices = FakeBackend(), list[str]()
    sub = subscriber(backend, notices)
    sub.close()
    sub.close()
    play_hold(sub)
    assert backend.lengths == []
