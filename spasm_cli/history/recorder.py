"""The session subscriber that writes each session to the history database.

Owns ``HistoryRecorder``: it listens to the session engine's events, inserts
the session row through a ``store.HistoryStore`` at SESSION_START and fills it
in when the session finishes, is stopped or is interrupted. It never imports
``sqlite3`` itself; the store it is given does the writing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spasm_cli.errors import StorageError
from spasm_cli.history.records import check_pain
from spasm_cli.session.events import EndStatus, Event, EventKind

if TYPE_CHECKING:
    from spasm_cli.history.store import HistoryStore

_ENDINGS = {
    EventKind.FINISH: EndStatus.FINISHED,
    EventKind.QUIT: EndStatus.STOPPED,
    EventKind.INTERRUPT: EndStatus.INTERRUPTED,
}


class HistoryRecorder:
    """A session ``Subscriber`` that writes the session to a ``HistoryStore``.

    Inserts the row at SESSION_START and fills it in at FINISH, QUIT or
    INTERRUPT. Active time is the event time minus time spent paused.
    ``planned_seconds`` defaults to the routine time remaining at the start.

    A storage failure must not stop someone mid-stretch, so errors are kept in
    ``error`` (and passed to ``on_error`` if given) and the session goes on;
    the CLI reports them when the session is over.
    """

    def __init__(
        self,
        store: HistoryStore,
        routine: str,
        routine_hash: str,
        title: str,
        *,
        planned_seconds: float | None = None,
        pain_before: int | None = None,
        on_error: Callable[[StorageError], None] | None = None,
    ) -> None:
        check_pain(pain_before)
        self.store = store
        self.routine = routine
        self.routine_hash = routine_hash
        self.title = title
        self.planned_seconds = planned_seconds
        self.pain_before = pain_before
        self.on_error = on_error
        self.session_id: int | None = None
        self.status: EndStatus | None = None
        self.error: StorageError | None = None

    def handle(self, event: Event) -> None:
        """Record the start or the end of the session; ignore other events."""
        if event.kind is EventKind.SESSION_START:
            if self.session_id is None:
                planned = self.planned_seconds
                if planned is None:
                    planned = event.snapshot.routine_remaining
                self._guard(
                    lambda: self._started(
                        self.store.start_session(
                            self.routine,
                            self.routine_hash,
                            self.title,
                            planned,
                            pain_before=self.pain_before,
                        )
                    )
                )
            return
        status = _ENDINGS.get(event.kind)
        if status is None or self.session_id is None or self.status is not None:
            return
        self.status = status  # the first ending wins (Ctrl-C after q changes nothing)
        session_id = self.session_id
        snap = event.snapshot
        self._guard(
            lambda: self.store.end_session(
                session_id,
                status,
                active_seconds=event.t - snap.paused_total,
                done=snap.done,
                skipped=snap.skipped,
            )
        )

    def set_pain_before(self, pain: int | None) -> None:
        """Set the pain before: now if the session has started, else at its start."""
        check_pain(pain)
        self.pain_before = pain
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self.store.set_pain_before(session_id, pain))

    def set_pain_after(self, pain: int | None) -> None:
        """Record the pain after the session (asked once it has ended)."""
        check_pain(pain)
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self.store.set_pain_after(session_id, pain))

    def _started(self, session_id: int) -> None:
        self.session_id = session_id

    def _guard(self, action: Callable[[], object]) -> None:
        try:
            action()
        except StorageError as exc:
            if self.error is None:
                self.error = exc
            if self.on_error is not None:
                self.on_error(exc)
