"""``--trace FILE``: one JSON object per line for every session event.

The timing benchmark reads it: ``t`` is seconds since the session started on
the monotonic clock, ``planned`` the event's planned time with pauses left
out, so ``t - paused - planned`` is how late the event was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from spasm_cli.files import open_new
from spasm_cli.session.events import Event, EventKind


class TraceWriter:
    """A subscriber that appends each event (ticks excepted) to a file as JSON."""

    def __init__(self, path: Path, *, force: bool = False) -> None:
        # Never an existing file without --force (it could be the routine
        # being run, or the history database), never through a link.
        self._file: IO[str] = open_new(path, force=force, what="trace file")

    def handle(self, event: Event) -> None:
        """Write one line; ticks are redraw requests, not events worth a record."""
        if event.kind is EventKind.TICK:
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
        self._file.write(json.dumps(record) + "\n")
        if event.kind in (EventKind.FINISH, EventKind.QUIT, EventKind.INTERRUPT):
            self._file.flush()

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()
