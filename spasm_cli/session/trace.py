"""``--trace FILE``: one JSON object per line for every session event.

The timing benchmark reads it: ``t`` is seconds since the session started on
the monotonic clock, ``planned`` the event's planned time with pauses left
out, so ``t - paused - planned`` is how late the event was.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from spasm_cli.errors import printable
from spasm_cli.files import open_new
from spasm_cli.session.events import Event, EventKind


class TraceWriter:
    """A subscriber that appends each event (ticks excepted) to a file as JSON.

    A write that fails (a full disk, a file-size limit) stops the trace, not
    the session: the person is mid-stretch, and history must still hear the
    end. ``on_error`` is told once, in plain words; ``error`` keeps it.
    """

    def __init__(
        self,
        path: Path,
        *,
        force: bool = False,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        # Never an existing file without --force (it could be the routine
        # being run, or the history database), never through a link.
        self.path = path
        self._file: IO[str] | None = open_new(path, force=force, what="trace file")
        self._on_error = on_error
        self.error: str | None = None

    def handle(self, event: Event) -> None:
        """Write one line; ticks are redraw requests, not events worth a record."""
        if event.kind is EventKind.TICK or self._file is None:
            return
        record: dict[str, Any] = {
            "event": event.kind.value,
            "t": round(event.t, 6),
            "planned": round(event.planned, 6),
            "paused": round(event.snapshot.paused_total, 6),
            "index": event.snapshot.index,
        }
        segment = event.segment
        if segment is not None:
            record["step"] = segment.step_index
            record["kind"] = segment.kind.value
            record["title"] = segment.step_title
            record["duration"] = segment.duration
        if event.remaining is not None:
            record["remaining"] = event.remaining
        if event.detail:
            record["detail"] = event.detail
        if event.kind in (EventKind.FINISH, EventKind.QUIT, EventKind.INTERRUPT):
            record["done"] = event.snapshot.done
            record["skipped"] = event.snapshot.skipped
        try:
            self._file.write(json.dumps(record) + "\n")
            if event.kind in (EventKind.FINISH, EventKind.QUIT, EventKind.INTERRUPT):
                self._file.flush()
        except OSError as exc:
            self._stop(exc)

    def close(self) -> None:
        """Flush and close the file; a failure now is reported like one mid-session."""
        if self._file is None:
            return
        try:
            self._file.close()
        except OSError as exc:
            self._stop(exc)
        self._file = None

    def _stop(self, exc: OSError) -> None:
        file, self._file = self._file, None
        if file is not None:
            # What is buffered cannot be written either; drop it, keep the fd closed.
            with contextlib.suppress(OSError):
                file.close()
        if self.error is None:
            reason = exc.strerror or str(exc)
            self.error = (
                f"trace stopped: cannot write {printable(str(self.path))}: {reason}; "
                "what was written before is kept"
            )
            if self._on_error is not None:
                self._on_error(self.error)
