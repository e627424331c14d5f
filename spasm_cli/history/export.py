"""Sessions to and from CSV and JSON, for ``spasm export`` and ``history --json``.

Both formats carry every stored field under the same names and read back into
equal ``SessionRecord``s: times as ISO-8601 UTC text, missing values as JSON
``null`` or an empty CSV cell. ``local_date`` is added for people reading the
file and ignored when reading it back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path

from spasm_cli.errors import UsageError
from spasm_cli.files import PRIVATE, write_text
from spasm_cli.history.records import SessionRecord, SessionStatus

FORMATS = ("csv", "json")

FIELDS = (
    "id",
    "routine",
    "routine_hash",
    "title",
    "status",
    "started_at",
    "utc_offset_seconds",
    "local_date",
    "ended_at",
    "planned_seconds",
    "active_seconds",
    "done",
    "skipped",
    "pain_before",
    "pain_after",
    "pid",
    "host",
)

Value = str | int | float | None


def record_to_dict(record: SessionRecord) -> dict[str, Value]:
    """A record as JSON-ready values, keys in ``FIELDS`` order."""
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
        "pain_before": record.pain_before,
        "pain_after": record.pain_after,
        "pid": record.pid,
        "host": record.host,
    }


def _text(data: Mapping[str, object], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected text, got {value!r}")
    return value


def _int(data: Mapping[str, object], key: str) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{key}: expected a whole number, got {value!r}")
    return int(value)


def _opt_int(data: Mapping[str, object], key: str) -> int | None:
    return None if data.get(key) in (None, "") else _int(data, key)


def _float(data: Mapping[str, object], key: str) -> float:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{key}: expected a number, got {value!r}")
    return float(value)


def _opt_float(data: Mapping[str, object], key: str) -> float | None:
    return None if data.get(key) in (None, "") else _float(data, key)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a UTC offset: {text!r}")
    return moment


def record_from_dict(data: Mapping[str, object]) -> SessionRecord:
    """The inverse of ``record_to_dict``; also accepts CSV text cells.

    Raises ``ValueError`` (or ``KeyError`` for a missing field) on bad input.
    """
    ended = data.get("ended_at")
    return SessionRecord(
        id=_int(data, "id"),
        routine=_text(data, "routine"),
        routine_hash=_text(data, "routine_hash"),
        title=_text(data, "title"),
        started_at=_moment(_text(data, "started_at")),
        utc_offset_seconds=_int(data, "utc_offset_seconds"),
        ended_at=None if ended in (None, "") else _moment(_text(data, "ended_at")),
        planned_seconds=_float(data, "planned_seconds"),
        active_seconds=_opt_float(data, "active_seconds"),
        done=_int(data, "done"),
        skipped=_int(data, "skipped"),
        status=SessionStatus(_text(data, "status")),
        pain_before=_opt_int(data, "pain_before"),
        pain_after=_opt_int(data, "pain_after"),
        pid=_int(data, "pid"),
        host=_text(data, "host"),
    )


def json_chunks(records: Iterable[SessionRecord]) -> Iterator[str]:
    """``to_json``'s text, one session at a time, so a long history streams."""
    first = True
    for record in records:
        item = json.dumps(record_to_dict(record), indent=2, ensure_ascii=False)
        # The same text as json.dumps of the whole list with indent=2.
        yield ("[\n  " if first else ",\n  ") + item.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def to_json(records: Iterable[SessionRecord]) -> str:
    """A JSON list of sessions, one object each, ending in a newline."""
    return "".join(json_chunks(records))


def from_json(text: str) -> list[SessionRecord]:
    """Sessions read back from ``to_json`` output."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of sessions")
    return [record_from_dict(item) for item in data]


# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), +cmd|...). A routine title can start with anything, so a
# text cell starting so gets a leading apostrophe, which spreadsheets show as
# text and hide; a cell that already starts with one gets another, so
# ``from_csv`` reads every cell back exactly by dropping one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def to_csv(records: Iterable[SessionRecord]) -> str:
    """CSV with a header row of ``FIELDS``; empty cells for missing values.

    Text that a spreadsheet would run as a formula is kept as text (a leading
    apostrophe); numbers are written as they are.
    """
    out = io.StringIO()
    # "\n" rather than the csv default "\r\n": this text goes to stdout or a
    # file opened with newline="", and Unix tools expect plain newlines.
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        # repr() of a float is the shortest text that reads back to the same float
        writer.writerow({k: "" if v is None else _cell(v) for k, v in record_to_dict(r).items()})
    return out.getvalue()


def from_csv(text: str) -> list[SessionRecord]:
    """Sessions read back from ``to_csv`` output."""
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [record_from_dict({k: _uncell(v) for k, v in row.items()}) for row in rows]


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
