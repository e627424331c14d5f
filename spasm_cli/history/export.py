"""Sessions as CSV and JSON, for ``spasm export`` and ``history --json``.

Written for a person reading a spreadsheet (a therapist, say), not for a
database: the local date and time where the session started, to the second,
with its time zone; durations in whole seconds; plain column names; pain
before and after; exercises done and skipped; for a session played as a day
of a program, the program, the day and the dose (percent), empty otherwise.
Nothing that identifies the computer or the routine's or program's file (no
hash, process id, host name or folder).

JSON carries the same fields under snake_case keys, plus ``started_at`` and
``ended_at`` as ISO 8601 local times with their offset, for tools. Finer
precision (microseconds, fractions of a second) is left out on purpose: it
says nothing about a stretching session, and the fields stay the same list
in both formats.

``history --json`` is another thing: the diary as stored (``stored_dict``),
every column under its own name (the program run's id among them), for
scripts of your own; it is printed to you, never written to a file to hand on.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from spasm_cli.errors import UsageError
from spasm_cli.files import PRIVATE, write_text
from spasm_cli.history.records import SessionRecord

FORMATS = ("csv", "json")

# (JSON key, CSV column heading), in the order written.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("start", "Start"),
    ("end", "End"),
    ("time_zone", "Time zone"),
    ("routine", "Routine"),
    ("routine_name", "Routine name"),
    ("program", "Program"),
    ("program_day", "Program day"),
    ("dose", "Dose (%)"),
    ("how_it_ended", "How it ended"),
    ("planned_seconds", "Planned time (seconds)"),
    ("exercising_seconds", "Time exercising (seconds)"),
    ("exercises", "Exercises"),
    ("exercises_done", "Exercises done"),
    ("exercises_skipped", "Exercises skipped"),
    ("pain_before", "Pain before (0-10)"),
    ("pain_after", "Pain after (0-10)"),
)
FIELDS = tuple(key for key, _ in COLUMNS)
HEADINGS = tuple(heading for _, heading in COLUMNS)
# JSON only: instants a program can parse without joining date, time and zone.
JSON_FIELDS = (*FIELDS, "started_at", "ended_at")

Value = str | int | float | None


def whole_seconds(seconds: float | None) -> int | None:
    """``seconds`` rounded to the nearest whole second, halves up; None stays None."""
    return None if seconds is None else math.floor(seconds + 0.5)


def time_zone(offset_seconds: int) -> str:
    """``UTC+01:00``, ``UTC-05:30``: a name a spreadsheet keeps as text."""
    sign = "-" if offset_seconds < 0 else "+"
    minutes = round(abs(offset_seconds) / 60)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _local(record: SessionRecord, moment: datetime | None) -> datetime | None:
    # Both times in the zone where the session started, whatever the zone of
    # the computer exporting it; cut to the second.
    if moment is None:
        return None
    zone = timezone(timedelta(seconds=record.utc_offset_seconds))
    return moment.astimezone(zone).replace(microsecond=0)


def export_name(routine: str) -> str:
    """The routine's (or program's) name as a therapist should read it: a file by its name.

    History keys a routine run from a file by its whole path
    (``file:/home/ana/...``); the folders on the way name the person and
    their computer, which a file meant for someone else should not carry.
    """
    if routine.startswith("file:"):
        return routine.rsplit("/", 1)[-1] + " (own file)"
    return routine


def record_to_dict(record: SessionRecord) -> dict[str, Value]:
    """A record as JSON-ready values, keys in ``JSON_FIELDS`` order."""
    start = _local(record, record.started_at)
    assert start is not None  # a record always has a start
    end = _local(record, record.ended_at)
    return {
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M:%S"),
        "end": None if end is None else end.strftime("%H:%M:%S"),
        "time_zone": time_zone(record.utc_offset_seconds),
        "routine": record.title,
        "routine_name": export_name(record.routine),
        "program": None if record.program is None else export_name(record.program),
        "program_day": record.program_day,
        "dose": record.dose,
        "how_it_ended": record.status.value,
        "planned_seconds": whole_seconds(record.planned_seconds),
        "exercising_seconds": whole_seconds(record.active_seconds),
        "exercises": record.exercises,
        "exercises_done": record.exercises_done,
        "exercises_skipped": record.exercises_skipped,
        "pain_before": record.pain_before,
        "pain_after": record.pain_after,
        "started_at": start.isoformat(),
        "ended_at": None if end is None else end.isoformat(),
    }


def stored_dict(record: SessionRecord) -> dict[str, Value]:
    """Every stored column of a record, as JSON-ready values (``history --json``)."""
    return {
        "id": record.id,
        "routine": record.routine,
        "routine_hash": record.routine_hash,
        "title": record.title,
        "status": record.status.value,
        "started_at": record.started_at.isoformat(),
        "utc_offset_seconds": record.utc_offset_seconds,
        "local_date": record.local_date.isoformat(),
        "ended_at": None if record.ended_at is None else record.ended_at.isoformat(),
        "planned_seconds": record.planned_seconds,
        "active_seconds": record.active_seconds,
        "done": record.done,
        "skipped": record.skipped,
        "exercises": record.exercises,
        "exercises_done": record.exercises_done,
        "exercises_skipped": record.exercises_skipped,
        "pain_before": record.pain_before,
        "pain_after": record.pain_after,
        "program_run": record.program_run,
        "program": record.program,
        "program_day": record.program_day,
        "dose": record.dose,
        "pid": record.pid,
        "host": record.host,
    }


def json_chunks(
    records: Iterable[SessionRecord],
    as_dict: Callable[[SessionRecord], dict[str, Value]] = record_to_dict,
) -> Iterator[str]:
    """``to_json``'s text, one session at a time, so a long history streams."""
    first = True
    for record in records:
        item = json.dumps(as_dict(record), indent=2, ensure_ascii=False)
        # The same text as json.dumps of the whole list with indent=2.
        yield ("[\n  " if first else ",\n  ") + item.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def to_json(records: Iterable[SessionRecord]) -> str:
    """A JSON list of sessions, one object each, ending in a newline."""
    return "".join(json_chunks(records))


# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), +cmd|...). A routine title can start with anything, so a
# text cell starting so gets a leading apostrophe, which spreadsheets show as
# text and hide; a cell that already starts with one gets another, so
# ``read_csv`` reads every cell back exactly by dropping one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def to_csv(records: Iterable[SessionRecord]) -> str:
    """CSV with a header row of ``HEADINGS``; empty cells for missing values.

    Text that a spreadsheet would run as a formula is kept as text (a leading
    apostrophe); numbers are written as they are.
    """
    out = io.StringIO()
    # "\n" rather than the csv default "\r\n": this text goes to stdout or a
    # file opened with newline="", and Unix tools expect plain newlines.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADINGS)
    for r in records:
        data = record_to_dict(r)
        writer.writerow(["" if data[k] is None else _cell(data[k]) for k in FIELDS])
    return out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    """The rows of ``to_csv`` output by column heading, each cell exactly as it was."""
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [{k: _uncell(v) for k, v in row.items()} for row in rows]


def render(records: Iterable[SessionRecord], fmt: str) -> str:
    """``records`` in format ``fmt`` (one of ``FORMATS``)."""
    if fmt == "csv":
        return to_csv(records)
    if fmt == "json":
        return to_json(records)
    raise UsageError(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})")


def write_file(text: str, output: Path, *, force: bool = False) -> None:
    """Write ``text`` to ``output`` (mode 0600: it is health data), by ``spasm_cli.files``' rules.

    An existing file only with ``force``, never through a link, never a device;
    the text appears whole or not at all.
    """
    write_text(output, text, force=force, mode=PRIVATE, what="export")
