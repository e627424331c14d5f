"""The session subscriber that turns events into cues, speech and bells."""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable

from spasm_cli.session.events import Event, EventKind
from spasm_cli.sound import backends
from spasm_cli.sound.backends import Backend, Choice
from spasm_cli.sound.cues import CuePlanner, Hush, Play, Say
from spasm_cli.sound.player import Probe, ToneWorker
from spasm_cli.sound.speech import Speaker, SpeechProgram, find_speech
from spasm_cli.sound.synth import SAMPLE_RATE

CLOSE_WAIT = 1.5  # seconds close() may wait for the final chime (and "done")


class CueSubscriber:
    """Plays the cues for a session; see ``spasm_cli.sound.cues`` for which.

    Every callable given here (``bell``, ``notice``) is called on the thread
    that calls ``handle``/``close``, never on a worker thread, so that the
    screen need not be thread-safe. ``bell`` must be cheap (write "\\a").
    """

    def __init__(
        self,
        *,
        choice: Choice,
        volume: int,
        voice: bool,
        bell: Callable[[], None],
        notice: Callable[[str], None],
        speech: tuple[SpeechProgram | None, str] | None = None,
        open_backend: Callable[[], Backend] | None = None,
        probe: Probe | None = None,
    ) -> None:
        self._notice = notice
        self._notices: deque[str] = deque()  # filled by workers, emptied on our thread
        self._bell: Callable[[], None] | None = bell if choice.name == "bell" else None
        self._closed = False
        self._broken = False
        if choice.problem:
            self._notices.append(f"sound: {choice.problem}")
        self._tones: ToneWorker | None = None
        if choice.name not in ("bell", "none"):
            opener = open_backend or (lambda: backends.open_backend(choice, SAMPLE_RATE))
            self._tones = ToneWorker(
                opener,
                volume=volume,
                notices=self._notices,
                needs_wav=choice.name in backends.PLAYERS,
                probe=probe,
            )
        self._speaker: Speaker | None = None
        if voice:
            program, why = speech if speech is not None else find_speech()
            if program is None:
                self._notices.append(f"voice off: {why}; using tones instead")
            else:
                self._speaker = Speaker(program, volume=volume, notices=self._notices)
        self._planner = CuePlanner(voice=self._speaker is not None)
        self._flush()

    def handle(self, event: Event) -> None:
        """Queue the cues for ``event``; returns at once (no I/O, no waiting)."""
        if event.kind is EventKind.TICK:  # the most frequent event, and never a cue
            if self._notices:
                self._flush()
            return
        if self._closed or self._broken:
            return
        try:
            self._handle(event)
        except Exception as exc:  # a bug here must not stop the session
            self._broken = True
            self._notices.append(f"sound off: unexpected error ({exc})")
        if self._notices:
            self._flush()

    def _handle(self, event: Event) -> None:
        speaker = self._speaker
        if speaker is not None and speaker.failed and self._planner.voice:
            self._planner.voice = False  # bring the start cue back in place of speech
        for action in self._planner.plan(event):
            if isinstance(action, Play):
                if self._tones is not None:
                    self._tones.play(action)
                elif self._bell is not None and action.key:
                    self._ring()
            elif isinstance(action, Say):
                if speaker is not None and self._planner.voice:
                    speaker.say(action.text)
            elif isinstance(action, Hush):
                if self._tones is not None:
                    self._tones.hush()
                if speaker is not None:
                    speaker.hush()

    def _ring(self) -> None:
        try:
            if self._bell is not None:
                self._bell()
        except Exception as exc:
            self._bell = None
            self._notices.append(f"sound off: the terminal bell failed ({exc})")

    def _flush(self) -> None:
        while self._notices:
            text = self._notices.popleft()
            # If even the notice fails there is nowhere left to report it; sound stays quiet.
            with contextlib.suppress(Exception):
                self._notice(text)

    def wait_ready(self, timeout: float) -> None:
        """Wait, at most ``timeout`` seconds, until the tone backend is open.

        Called before the engine starts, so that the session's first cue is
        not lost to the helper process starting up (about 0.1 s here).
        """
        if self._tones is not None:
            self._tones.ready.wait(timeout)
        self._flush()

    def close(self) -> None:
        """Let the final chime (and "done") finish, at most 1.5 s, then stop."""
        if self._closed:
            return
        self._closed = True
        deadline = time.monotonic() + CLOSE_WAIT
        if self._tones is not None:
            self._tones.close(deadline)
        if self._speaker is not None:
            self._speaker.close(deadline)
        self._flush()


class SilentSound:
    """The do-nothing twin, for ``--no-sound`` and volume 0."""

    def handle(self, event: Event) -> None:
        """Ignore the event."""

    def wait_ready(self, timeout: float) -> None:
        """Ready at once."""

    def close(self) -> None:
        """Nothing to stop."""
