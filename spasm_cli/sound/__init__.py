"""Sound cues for a session: synthesized tones, the terminal bell, a voice.

Importing this package is cheap; the worker threads, synthesis and the
audio libraries are loaded only when ``make_sound`` builds a real subscriber.
The cue design is documented in ``spasm_cli.sound.cues``.

Environment: ``SPASM_SOUND_BACKEND`` (miniaudio|paplay|aplay|afplay|bell|none)
forces a backend; ``SPASM_SPEECH_PROGRAM`` names the speech program for ``--voice``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spasm_cli.session.events import Event

__all__ = [
    "SoundSubscriber",
    "describe_backend",
    "describe_passed_over",
    "describe_speech",
    "make_sound",
    "play_test_cue",
]


class SoundSubscriber(Protocol):
    """What ``make_sound`` returns: a session ``Subscriber`` that can be closed."""

    def handle(self, event: Event) -> None:
        """Queue the cues for one event; returns in microseconds."""

    def wait_ready(self, timeout: float) -> None:
        """Wait, at most ``timeout`` seconds, until sound can play (before the engine starts)."""

    def close(self) -> None:
        """Let the final chime finish (at most about 1.5 s), then stop the workers."""


def make_sound(
    *,
    enabled: bool,
    volume: int,
    voice: bool,
    bell: Callable[[], None],
    notice: Callable[[str], None],
) -> SoundSubscriber:
    """Build the sound subscriber for a session.

    ``volume`` 0-100 scales the tones' amplitude (and the speech program's,
    where it has a setting); 0 or ``enabled=False`` gives a subscriber that
    does nothing. ``bell`` rings the terminal bell (used for the key cues when
    no audio backend exists). ``notice`` receives at most one short line per
    problem (no device, failing player, no speech program), always on the
    thread that calls ``handle``/``close``.
    """
    from spasm_cli.sound.subscriber import CueSubscriber, SilentSound

    if not enabled or volume <= 0:
        return SilentSound()
    from spasm_cli.sound.backends import select

    return CueSubscriber(
        choice=select(), volume=min(volume, 100), voice=voice, bell=bell, notice=notice
    )


def describe_backend() -> str:
    """Which backend a session would use, e.g. "miniaudio 1.71, in a helper process"."""
    from spasm_cli.sound.backends import select

    return select().detail


def describe_passed_over() -> tuple[str, ...]:
    """Why each other backend was not chosen, one line each."""
    from spasm_cli.sound.backends import select

    return select().passed_over


def describe_speech() -> str:
    """Which speech program ``--voice`` would use, or why there is none."""
    from spasm_cli.sound.speech import find_speech

    return find_speech()[1]


def play_test_cue(volume: int, notice: Callable[[str], None]) -> bool:
    """Play the finish chime now, waiting for it; True when it played.

    For ``spasm doctor``. Problems go to ``notice``; when the only backend is
    the terminal bell (or none), nothing is played and the result is False.
    """
    import time

    from spasm_cli.sound.backends import BackendError, open_backend, select
    from spasm_cli.sound.cues import CUE_SOUNDS, Cue
    from spasm_cli.sound.synth import SAMPLE_RATE, pcm_bytes, render, wav_bytes

    choice = select()
    if choice.problem:
        notice(f"sound: {choice.problem}")
    if choice.name in ("bell", "none"):
        notice(f"no audio backend to play a tone: {choice.detail}")
        return False
    samples = render(CUE_SOUNDS[Cue.CHIME], volume)
    length = len(samples) / SAMPLE_RATE
    try:
        backend = open_backend(choice, SAMPLE_RATE)
        import tempfile  # only here: spasm doctor --sound
        from pathlib import Path

        with tempfile.TemporaryDirectory(prefix="spasm-sound-") as tmp:
            wav = Path(tmp) / "chime.wav"
            wav.write_bytes(wav_bytes(samples))
            playing = backend.start(pcm_bytes(samples), wav, length)
            give_up = time.monotonic() + length + 3.0
            while not playing.done():
                if time.monotonic() > give_up:
                    playing.stop()
                    notice(f"sound: {choice.name} did not finish playing")
                    return False
                time.sleep(0.01)
            why = playing.failure()
        backend.close()
    except BackendError as exc:
        notice(f"sound: {exc}")
        return False
    if why is not None:
        notice(f"sound: {why}")
        return False
    return True
