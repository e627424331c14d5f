"""The session subscriber that writes each session to the history database.

Owns ``HistoryRecorder``: it listens to the session engine's events, inserts
the session row through a ``store.HistoryStore`` at SESSION_START and fills it
in when the session finishes, is stopped or is interrupted. It never imports
``sqlite3`` itself; the store it is given does the writing.

The database may be busy (another spasm, or a tool holding a write lock).
The recorder never makes the session wait for it: a write that finds the
lock taken is kept, in order, and tried again as the session goes on; what
is still waiting at the end gets one bounded wait (``settle``), after which
the session is either recorded or said not to be.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from spasm_cli.errors import StorageBusy, StorageError
from spasm_cli.history.records import check_pain
from spasm_cli.session.events import EndStatus, Event, EventKind

if TYPE_CHECKING:
    from spasm_cli.history.records import ProgramTag
    from spasm_cli.history.store import HistoryStore

_ENDINGS = {
    EventKind.FINISH: EndStatus.FINISHED,
    EventKind.QUIT: EndStatus.STOPPED,
    EventKind.INTERRUPT: EndStatus.INTERRUPTED,
}

# Session seconds between two tries of a write that found the database busy:
# often enough to record soon after the lock clears, rare enough to cost nothing.
RETRY_EVERY = 1.0

Write = Callable[["HistoryStore"], None]


class StepCounter(Protocol):
    """Counts a session's exercises (steps) from its events: ``terminal.tally.StepTally``."""

    total: int

    def handle(self, event: Event) -> None:
        """Note one event."""

    @property
    def done(self) -> int:
        """Exercises finished without a skip."""

    @property
    def skipped(self) -> int:
        """Exercises with any part skipped."""


def _local_now() -> datetime:
    return datetime.now().astimezone()


class HistoryRecorder:
    """A session ``Subscriber`` that writes the session to a ``HistoryStore``.

    Inserts the row at SESSION_START and fills it in at FINISH, QUIT or
    INTERRUPT. Active time is the event time minus time spent paused.
    ``planned_seconds`` defaults to the routine time remaining at the start.

    ``store`` may be None with ``open_store`` given: the database was busy
    when the session began, and is opened (``open_store(timeout)``) when it
    is free. A storage failure
    must not stop someone mid-stretch, so errors are kept in ``error`` (and
    passed to ``on_error`` if given) and the session goes on; the CLI reports
    them when the session is over. ``on_busy`` hears, once, that a write has
    to wait for the database. ``program`` tags the session as a day of a
    program run (its run, program, day and dose), written with its row.
    """

    def __init__(
        self,
        store: HistoryStore | None,
        routine: str,
        routine_hash: str,
        title: str,
        *,
        planned_seconds: float | None = None,
        pain_before: int | None = None,
        on_error: Callable[[StorageError], None] | None = None,
        on_busy: Callable[[StorageBusy], None] | None = None,
        open_store: Callable[[float], HistoryStore] | None = None,
        now: Callable[[], datetime] = _local_now,
        steps: StepCounter | None = None,
        program: ProgramTag | None = None,
    ) -> None:
        check_pain(pain_before)
        if store is None and open_store is None:
            raise ValueError("a recorder needs a store or a way to open one")
        self.store = store
        self.routine = routine
        self.routine_hash = routine_hash
        self.title = title
        self.planned_seconds = planned_seconds
        self.pain_before = pain_before
        self.program = program
        self.on_error = on_error
        self.on_busy = on_busy
        self.session_id: int | None = None
        self.status: EndStatus | None = None
        self.error: StorageError | None = None
        self.busy: StorageBusy | None = None  # the first wait for the lock, if any
        self._open_store = open_store
        self._steps = steps  # None: only segments are counted
        self._now = now
        self._pending: list[Write] = []
        self._last_try: float | None = None
        self._started_once = False  # SESSION_START seen (its row may still be waiting)

    # -- events -----------------------------------------------------------------------

    def handle(self, event: Event) -> None:
        """Record the start or the end of the session; retry writes still waiting."""
        if self._steps is not None:
            self._steps.handle(event)  # first: the end below reads its counts
        if event.kind is EventKind.SESSION_START:
            if self.session_id is None and not self._started_once:
                self._started_once = True
                planned = self.planned_seconds
                if planned is None:
                    planned = event.snapshot.routine_remaining
                self._write(self._start_write(planned, self._now()), event.t)
            return
        status = _ENDINGS.get(event.kind)
        if status is None or not self._started_once or self.status is not None:
            if self._due(event.t):
                self._flush(event.t)
            return
        self.status = status  # the first ending wins (Ctrl-C after q changes nothing)
        snap = event.snapshot
        active, done, skipped = event.t - snap.paused_total, snap.done, snap.skipped
        ended = self._now()  # when it ended, even if written later
        steps = self._steps
        exercises = None if steps is None else (steps.total, steps.done, steps.skipped)

        def end(store: HistoryStore) -> None:
            if self.session_id is not None:
                store.end_session(
                    self.session_id,
                    status,
                    active_seconds=active,
                    done=done,
                    skipped=skipped,
                    ended_at=ended,
                    exercises=exercises,
                )

        self._write(end, event.t)

    def set_pain_before(self, pain: int | None) -> None:
        """Set the pain before: now if the session has started, else at its start."""
        check_pain(pain)
        self.pain_before = pain
        if self._started_once:
            self._write(self._pain_write("before", pain), None)

    def set_pain_after(self, pain: int | None) -> None:
        """Record the pain after the session (asked once it has ended)."""
        check_pain(pain)
        if self._started_once:
            self._write(self._pain_write("after", pain), None)

    # -- the end ----------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        """Whether some of the session is not written yet (the database is busy)."""
        return bool(self._pending)

    def settle(self, wait: float) -> bool:
        """Write what is still waiting, giving the database up to ``wait`` seconds.

        True when everything is written. The waiting happens inside SQLite
        (its busy timeout), so the lock's release is noticed at once.
        """
        if not self._pending:
            return True
        self._flush(None, wait=wait)
        return not self._pending

    # -- writing ----------------------------------------------------------------------

    def _start_write(self, planned: float, moment: datetime) -> Write:
        def start(store: HistoryStore) -> None:
            # The moment the session began, even when written later.
            self.session_id = store.start_session(
                self.routine,
                self.routine_hash,
                self.title,
                planned,
                pain_before=self.pain_before,
                started_at=moment,
                program=self.program,
            )

        return start

    def _pain_write(self, which: str, pain: int | None) -> Write:
        def write(store: HistoryStore) -> None:
            if self.session_id is None:
                return  # the start failed for good; it was reported then
            if which == "before":
                store.set_pain_before(self.session_id, pain)
            else:
                store.set_pain_after(self.session_id, pain)

        return write

    def _due(self, t: float) -> bool:
        return bool(self._pending) and (self._last_try is None or t - self._last_try >= RETRY_EVERY)

    def _write(self, write: Write, t: float | None) -> None:
        self._pending.append(write)
        if len(self._pending) == 1 or t is None or self._due(t):
            self._flush(t)

    def _flush(self, t: float | None, *, wait: float | None = None) -> None:
        if t is not None:
            self._last_try = t
        while self._pending:
            try:
                store = self._store(wait or 0.0)
                if wait is not None:
                    store.set_busy_timeout(wait)
                self._pending[0](store)
            except StorageBusy as exc:
                if self.busy is None:
                    self.busy = exc
                    if self.on_busy is not None:
                        self.on_busy(exc)
                return
            except StorageError as exc:
                # Not a lock that may clear: this write is lost, the others may not be.
                self._fail(exc)
            self._pending.pop(0)

    def _store(self, timeout: float) -> HistoryStore:
        if self.store is None:
            assert self._open_store is not None  # checked in __init__
            self.store = self._open_store(timeout)
        return self.store

    def _fail(self, exc: StorageError) -> None:
        if self.error is None:
            self.error = exc
        if self.on_error is not None:
            self.on_error(exc)

    def close(self) -> None:
        """Close the store, if it was opened."""
        if self.store is not None:
            self.store.close()
