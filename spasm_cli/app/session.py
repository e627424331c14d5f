"""Running a routine: wiring the engine to the keyboard, the display, sound, history.

This is the adapter layer behind ``spasm routine``. It decides the modes
(live screen or plain lines, raw keys or lines), asks the pain questions,
installs the signal handlers that turn SIGTERM and SIGHUP into a clean
interrupt, and makes sure that whatever ends the session, the terminal is
left as it was found.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli import paths
from spasm_cli.app.aftercare import end_of_session
from spasm_cli.app.catalog import compile_routine
from spasm_cli.app.first_run import show_first_run
from spasm_cli.app.prompts import Notices, ask_pain, say, stdout_is_terminal
from spasm_cli.app.recording import open_recorder, settle
from spasm_cli.app.signals import Hooks, close_display, session_signals
from spasm_cli.config import Config
from spasm_cli.errors import ExitCode, Interrupted
from spasm_cli.files import check_target
from spasm_cli.format.library import Library
from spasm_cli.session.clock import MonotonicClock
from spasm_cli.session.engine import Engine, SessionResult
from spasm_cli.session.events import Subscriber
from spasm_cli.session.keys import (
    LEGEND_KEYS,
    LEGEND_LINES,
    Input,
    TerminalKeys,
    open_input,
    stdin_is_terminal,
)
from spasm_cli.session.segments import BREATH_KINDS, Segment
from spasm_cli.session.timeline import compile_timeline
from spasm_cli.terminal.tally import StepTally

if TYPE_CHECKING:
    from spasm_cli.format.expand import PlanStep
    from spasm_cli.format.library import RoutineDir
    from spasm_cli.format.model import Routine
    from spasm_cli.history.recorder import HistoryRecorder
    from spasm_cli.history.records import ProgramTag
    from spasm_cli.session.timeline import Timeline
    from spasm_cli.sound import SoundSubscriber

LIVE_TICK = 0.2  # seconds between redraws of the breathing pacer and short segments
HOLD_TICK = 1.0  # a long hold's screen changes once a second (its countdown digit)
# How long the start may wait for the sound helper (about 0.1 s here); past
# that the session starts anyway and the sound joins when it can.
SOUND_READY_WAIT = 3.0
# A busy history (another program holding its write lock) never delays the
# start; at the end, spasm waits this long for it before saying the session
# was not recorded. Shorter after an interrupt: the person wants out.
HISTORY_WAIT = 10.0
HISTORY_WAIT_INTERRUPTED = 2.0


def _live_beat(segment: Segment) -> float:
    """How often the live screen needs a redraw during ``segment``.

    Waking five times a second on a one-minute hold cost 0.29% of a core,
    against 0.07% for termdown; once a second, on the countdown's own beat,
    draws the same thing.
    """
    if segment.kind in BREATH_KINDS or (segment.duration is not None and segment.duration < 10):
        return LIVE_TICK
    return HOLD_TICK


@dataclass
class SessionOptions:
    """What the command line asked for; None means "use the config or routine"."""

    target: str
    plain: bool = False
    sound: bool | None = None
    volume: int | None = None
    voice: bool | None = None
    lead_in: float | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    trace: Path | None = None
    trace_force: bool = False  # --force: the trace may replace an existing file
    timestamps: bool | None = None  # plain mode's [mm:ss]; None: the config's
    history: bool = True
    routines_dirs: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Prepared:
    """A session built by someone else: today's program day, as one routine.

    ``routine`` names the session (title, caution, its key in history);
    ``steps`` are the day's routines expanded one after another at the day's
    dose; ``tag`` marks the session's history row with its program run, day
    and dose; ``intro`` lines are said before the caution.
    """

    routine: Routine
    steps: tuple[PlanStep, ...]
    tag: ProgramTag
    intro: tuple[str, ...] = ()


def run_session(
    options: SessionOptions, config: Config, prepared: Prepared | None = None
) -> ExitCode:
    """Play one routine (or ``prepared``, a program day) from start to end; return the exit code."""
    if options.trace is not None:
        # Refused before anything is asked or recorded, not after the pain question.
        check_target(options.trace, force=options.trace_force, what="trace file")
    library = Library(_dirs(options.routines_dirs))
    routine = prepared.routine if prepared is not None else library.resolve(options.target)
    lead_in = options.lead_in if options.lead_in is not None else config.lead_in
    if prepared is None:
        _steps, timeline = compile_routine(library, routine, lead_in, _warn)
    else:
        ready = routine.effective_lead_in if lead_in is None else lead_in
        timeline = compile_timeline(routine.title, [plan.step for plan in prepared.steps], ready)
    live = not options.plain and stdout_is_terminal()
    raw = stdin_is_terminal()
    notices = Notices(immediate=not live)

    hooks = Hooks()
    recorder: HistoryRecorder | None = None
    try:
        with session_signals(hooks), open_input(raw=raw) as keys:
            hooks.keys = keys
            # The warning signs before anything else: at a terminal, nothing
            # is asked, recorded or started until a key is pressed.
            first_run = options.history and show_first_run(keys, paths.data_dir(), plain=not live)
            for line in prepared.intro if prepared is not None else ():
                say(_wrapped(line))
            if routine.caution:
                say(_wrapped(f"Caution: {routine.caution}") + "\n")
            tag = prepared.tag if prepared is not None else None
            recorder = open_recorder(routine, timeline, notices, tag) if options.history else None
            return _play(
                options,
                config,
                library,
                routine,
                timeline,
                keys,
                hooks,
                recorder,
                notices,
                live=live,
                first_run=first_run,
                suggest=prepared is None,
            )
    except (Interrupted, KeyboardInterrupt):
        # Before the session started (at the pain question) or after it ended:
        # the terminal is already restored by open_input's exit.
        say("Interrupted.", err=True)
        return ExitCode.INTERRUPTED
    finally:
        # The session is over (or never began): nothing writes to the history
        # after this, so the database connection is closed here on every path.
        if recorder is not None:
            recorder.close()


def _play(
    options: SessionOptions,
    config: Config,
    library: Library,
    routine: Routine,
    timeline: Timeline,
    keys: Input,
    hooks: Hooks,
    recorder: HistoryRecorder | None,
    notices: Notices,
    *,
    live: bool,
    first_run: bool,
    suggest: bool,
) -> ExitCode:
    # Whenever someone can answer (stdin is a terminal), --plain included:
    # plain mode is how screen-reader users run a session, and their pain
    # diary counts as much as anyone's.
    ask = isinstance(keys, TerminalKeys) and config.ask_pain
    pain_before = options.pain_before
    if pain_before is None and ask:
        pain_before = ask_pain(keys, "Pain right now?")
        if first_run or routine.caution:
            say()
    if recorder is not None:
        recorder.set_pain_before(pain_before)

    subscribers: list[Subscriber] = []
    display, on_resize = _display(
        live,
        routine.title,
        timeline.segments,
        isinstance(keys, TerminalKeys),
        timestamps=config.timestamps if options.timestamps is None else options.timestamps,
    )
    subscribers.append(display)
    tally = StepTally(timeline.segments)  # for the suggestion for next time
    subscribers.append(tally)
    trace = None
    if options.trace is not None:
        from spasm_cli.session.trace import TraceWriter

        trace = TraceWriter(options.trace, force=options.trace_force, on_error=notices)
        subscribers.append(trace)
    sound = _sound(options, config, notices)
    subscribers.append(sound)
    if recorder is not None:
        subscribers.append(recorder)
    engine = Engine(
        timeline.segments,
        MonotonicClock(),
        keys,
        subscribers,
        tick=None,
        tick_for=_live_beat if live else None,
        bank_enters=not isinstance(keys, TerminalKeys),
    )
    hooks.engine, hooks.display, hooks.resize = engine, display, on_resize
    result: SessionResult | None = None
    interrupted = False
    try:
        sound.wait_ready(SOUND_READY_WAIT)
        result = engine.run()
    except (Interrupted, KeyboardInterrupt):
        interrupted = True
    finally:
        hooks.engine = hooks.display = None
        close_display(display)
        sound.close()
        if trace is not None:
            trace.close()
        notices.flush()
    if interrupted or result is None:
        # The screen (or the plain printer) has said "interrupted" already:
        # say only what became of the session, once.
        if recorder is not None:
            kept = settle(recorder, HISTORY_WAIT_INTERRUPTED, quiet=True)
            say("Saved to your history." if kept else "Not saved to your history.", err=True)
        return ExitCode.INTERRUPTED
    pain_after = options.pain_after
    if pain_after is None and ask:
        pain_after = ask_pain(keys, "Pain now?")
    saved: bool | None = None  # None: --no-history
    if recorder is not None:
        recorder.set_pain_after(pain_after)
        saved = settle(recorder, HISTORY_WAIT)
    end_of_session(
        library,
        routine,
        options.target,
        tally,
        before=pain_before,
        after=pain_after,
        saved=saved,
        suggest=suggest,
    )
    return ExitCode.OK


def _wrapped(text: str) -> str:
    from spasm_cli.wrapping import fill, stream_width

    return fill(text, stream_width(sys.stdout))


def _warn(text: str) -> None:
    """A routine's warning (a key that does nothing), once, before the session."""
    say(text, err=True)


def _dirs(extra: list[Path]) -> list[RoutineDir]:
    from spasm_cli.format.library import default_dirs

    return default_dirs(extra)


def _display(
    live: bool, title: str, segments: Sequence[Segment], raw: bool, *, timestamps: bool
) -> tuple[Subscriber, Callable[[], None]]:
    legend = LEGEND_KEYS if raw else LEGEND_LINES
    if live:
        from spasm_cli.terminal.live import LiveScreen
        from spasm_cli.terminal.painter import make_console

        screen = LiveScreen(make_console(), title=title, segments=segments, keys_legend=legend)
        return screen, screen.on_resize
    from spasm_cli.terminal.plain import PlainPrinter

    def write(line: str) -> None:
        say(line)

    from spasm_cli.wrapping import stream_width

    printer = PlainPrinter(
        write,
        title=title,
        segments=segments,
        timestamps=timestamps,
        keys=legend,
        width=lambda: stream_width(sys.stdout),
    )
    return printer, lambda: None


def _sound(options: SessionOptions, config: Config, notices: Notices) -> SoundSubscriber:
    from spasm_cli.sound import make_sound

    enabled = config.sound if options.sound is None else options.sound
    volume = config.volume if options.volume is None else options.volume
    voice = config.voice if options.voice is None else options.voice

    def bell() -> None:
        if stdout_is_terminal():
            with contextlib.suppress(OSError, ValueError):
                sys.stdout.write("\a")
                sys.stdout.flush()

    return make_sound(enabled=enabled, volume=volume, voice=voice, bell=bell, notice=notices)


__all__ = ["Prepared", "SessionOptions", "run_session"]
