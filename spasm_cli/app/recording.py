"""A session's history: opening the diary without delaying the start, and settling at the end.

``open_recorder`` makes the ``HistoryRecorder`` a session subscribes: a busy
database never delays the start (the recorder writes once it is free), a
damaged one is moved aside and a fresh one started, so the session still
counts. ``settle`` writes what is still owed at the end, waiting a bounded
time, and says in plain words whether the session was saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spasm_cli import paths
from spasm_cli.app.prompts import Notices, say
from spasm_cli.errors import StorageBusy, StorageError, StorageMovedAside

if TYPE_CHECKING:
    from spasm_cli.format.model import Routine
    from spasm_cli.history.recorder import HistoryRecorder
    from spasm_cli.history.records import ProgramTag
    from spasm_cli.session.timeline import Timeline


def settle(recorder: HistoryRecorder, wait: float, *, quiet: bool = False) -> bool:
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


def open_recorder(
    routine: Routine,
    timeline: Timeline,
    notices: Notices,
    program: ProgramTag | None = None,
) -> HistoryRecorder | None:
    """The recorder for this session, or None when history cannot be opened at all.

    ``program`` tags the session with its program run, day and dose.
    """
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
        program=program,
    )
