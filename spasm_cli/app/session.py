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
from spasm_cli.app.signals import Hooks, close_display, session_signals
from spasm_cli.config import Config
from spasm_cli.errors import ExitCode, Interrupted, StorageBusy, StorageError, StorageMovedAside
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
from spasm_cli.terminal.tally import StepTally

if TYPE_CHECKING:
    from spasm_cli.format.library import RoutineDir
    from spasm_cli.format.model import Routine
    from spasm_cli.history.recorder import HistoryRecorder
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


def run_session(options: SessionOptions, config: Config) -> ExitCode:
    """Play one routine from start to end; return the exit code."""
    if options.trace is not None:
        # Refused before anything is asked or recorded, not after the pain question.
        check_target(options.trace, force=options.trace_force, what="trace file")
    library = Library(_dirs(options.routines_dirs))
    routine = library.resolve(options.target)
    lead_in = options.lead_in if options.lead_in is not None else config.lead_in
    steps, timeline = compile_routine(library, routine, lead_in, _warn)
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
            if routine.caution:
                say(_wrapped(f"Caution: {routine.caution}") + "\n")
            recorder = _recorder(options, routine, timeline, notices)
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
            kept = _settle(recorder, HISTORY_WAIT_INTERRUPTED, quiet=True)
            say("Saved to your history." if kept else "Not saved to your history.", err=True)
        return ExitCode.INTERRUPTED
    pain_after = options.pain_after
    if pain_after is None and ask:
        pain_after = ask_pain(keys, "Pain now?")
    saved: bool | None = None  # None: --no-history
    if recorder is not None:
        recorder.set_pain_after(pain_after)
        saved = _settle(recorder, HISTORY_WAIT)
    end_of_session(
        library, routine, options.target, tally, before=pain_before, after=pain_after, saved=saved
    )
    return ExitCode.OK


def _wrapped(text: str) -> str:
    from spasm_cli.wrapping import fill, stream_width

    return fill(text, stream_width(sys.stdout))


def _settle(recorder: HistoryRecorder, wait: float, *, quiet: bool = False) -> bool:
    """Write what history still owes, waiting up to ``wait`` s; say how it went."""
    if recorder.waiting:
        if not quiet:
            say(
                f"spasm: history is busy; waiting up to {wait:g} seconds to record this session",
                err=True,
            )
        if not recorder.settle(wait):
            say("spasm: history stayed busy, so this session was not recorded.", err=True)
            return False
        if not quiet:
            say("spasm: this session is now recorded in history.", err=True)
    elif recorder.busy is not None and not quiet:
        say("spasm: history is free again; this session is recorded.", err=True)
    if recorder.error is not None:
        say(f"spasm: this session was not saved to history: {recorder.error}", err=True)
        return False
    return recorder.session_id is not None


def _warn(text: str) -> None:
    """A routine's warning (a key that does nothing), once, before the session."""
    say(text, err=True)


def _dirs(extra: list[Path]) -> list[RoutineDir]:
    from spasm_cli.format.library import default_dirs

    return default_dirs(extra)


def _recorder(
    options: SessionOptions, routine: Routine, timeline: Timeline, notices: Notices
) -> HistoryRecorder | None:
    if not options.history:
        return None
    from spasm_cli.history.recorder import HistoryRecorder
    from spasm_cli.history.store import HistoryStore, default_path

    path = default_path(paths.data_dir())

    def open_store(timeout: float) -> HistoryStore:
        return HistoryStore(path, timeout=timeout)

    store = None
    busy = False
    for _attempt in range(2):
        # A damaged database is moved aside by the store, which then says so;
        # the second attempt starts a fresh one so the session still counts.
        try:
            # No waiting for a lock: the session starts on time, and the
            # recorder writes once the database is free.
            store = open_store(0.0)
            busy = store.write_locked()
            break
        except StorageBusy:
            busy = True
            break
        except StorageMovedAside as err:
            say(f"spasm: {err}", err=True)
        except StorageError as err:
            say(f"spasm: {err}", err=True)  # trying again would fail the same way
            break
    if store is None and not busy:
        say("spasm: history is unavailable; this session will not be recorded", err=True)
        return None
    if busy:
        say(
            "spasm: history is busy: another program is writing to it. The session "
            "starts now and is recorded when history is free.",
            err=True,
        )
    announced = busy

    def on_busy(_error: StorageBusy) -> None:
        if not announced:
            notices("history is busy; this session is recorded when it is free")

    from spasm_cli.terminal.tally import StepTally

    return HistoryRecorder(
        store,
        routine.key,
        routine.digest,
        routine.title,
        planned_seconds=timeline.planned_seconds,
        steps=StepTally(timeline.segments),  # exercises, as the end of the session counts them
        on_error=lambda e: notices(f"history: {e}"),
        on_busy=on_busy,
        open_store=open_store,
    )


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


__all__ = ["SessionOptions", "run_session"]
