"""One column of a history row: how a time is stored, and reading a value that may be damaged.

Shared by the session records (``records``) and the program runs
(``run_records``), so both tables are written the same way (times as
fixed-width ISO 8601 UTC text with the local offset beside them) and read
with the same tolerance: a value edited by hand becomes ``ColumnDamaged``,
whose message says in plain words which column and why, with anything quoted
from the row escaped. Nothing here imports ``sqlite3`` at run time.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from spasm_cli.errors import printable

if TYPE_CHECKING:
    from sqlite3 import Row

# timezone() takes offsets strictly inside one day.
MAX_OFFSET = 24 * 3600 - 1
# Start years a session or run can have: well inside what date arithmetic allows.
EARLIEST, LATEST = 1970, 9000


class ColumnDamaged(Exception):
    """One column of a row that cannot be read; its message says which and why."""


def utc_text(moment: datetime) -> str:
    """``moment`` as stored: UTC, always microseconds and ``+00:00`` (a naive one is local)."""
    # Fixed width, so text order is time order (the indexes sort on it).
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def stored_moment(moment: datetime) -> tuple[str, int]:
    """``moment`` as its UTC text and the whole seconds of its local UTC offset.

    A naive ``moment`` is taken as local time. The offset is kept beside the
    time so local days can be worked out later without guessing the zone.
    """
    if moment.tzinfo is None:
        moment = moment.astimezone()
    offset = moment.utcoffset() or timedelta(0)
    return utc_text(moment), round(offset.total_seconds())


def shown(value: object) -> str:
    """A value quoted from a row, short and with every control character escaped."""
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    if len(text) > 40:
        text = text[:40] + "..."
    return printable(text, lines=False)


def read_text(row: Row, column: str, what: str) -> str:
    """Text, printable (bytes decoded, control characters escaped)."""
    value = row[column]
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        raise ColumnDamaged(f"{what} {shown(value)} is not text")
    # Text from the database reaches the terminal and exports: never raw
    # control characters, whoever wrote them there.
    return printable(value, lines=False)


def read_optional_text(row: Row, column: str, what: str) -> str | None:
    """Text as ``read_text`` reads it, or None for NULL."""
    return None if row[column] is None else read_text(row, column, what)


def read_whole(row: Row, column: str, what: str, *, optional: bool = False) -> int | None:
    """A whole number (a float with no fraction counts); None for NULL when ``optional``."""
    value = row[column]
    if value is None and optional:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ColumnDamaged(f"{what} {shown(value)} is not a whole number")
    return value


def read_counting(row: Row, column: str, what: str) -> int | None:
    """A whole number from 1 up (an id, a day, a percent), or None for NULL."""
    value = read_whole(row, column, what, optional=True)
    if value is not None and value < 1:
        raise ColumnDamaged(f"{what} {value} is not 1 or more")
    return value


def read_seconds(row: Row, column: str, what: str, *, optional: bool = False) -> float | None:
    """A finite, non-negative number of seconds; None for NULL when ``optional``."""
    value = row[column]
    if value is None and optional:
        return None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ColumnDamaged(f"{what} {shown(value)} is not a number of seconds")
    return float(value)


def read_moment(row: Row, column: str, what: str, *, optional: bool = False) -> datetime | None:
    """An aware datetime from ISO 8601 text; None for NULL when ``optional``."""
    value = row[column]
    if value is None and optional:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ColumnDamaged(f"{what} {shown(value)} is not a date and time") from None
    if moment.tzinfo is None:
        # spasm always writes UTC with its offset; a time without one (written
        # by hand or by another tool) is taken as UTC, like the rest.
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def read_offset(row: Row) -> int:
    """The ``utc_offset_seconds`` column: whole seconds, less than a day either way."""
    offset = read_whole(row, "utc_offset_seconds", "time zone offset")
    assert offset is not None  # not optional
    if abs(offset) > MAX_OFFSET:
        raise ColumnDamaged(f"time zone offset {offset} s is more than a day")
    return offset


def read_start(row: Row) -> datetime:
    """The ``started_at`` column, in a year date arithmetic can work with."""
    started = read_moment(row, "started_at", "start time")
    assert started is not None  # not optional
    if not EARLIEST <= started.year <= LATEST:
        # Days are added to and taken from start dates (weeks, streaks, program
        # days): a year at the calendar's edge would overflow there.
        raise ColumnDamaged(f"start time {shown(row['started_at'])} is not a plausible date")
    return started


def row_id(row: Row) -> int | None:
    """The row's ``id``, or None when it is not a whole number."""
    raw = row["id"]
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


def local_moment(moment: datetime, offset_seconds: int) -> datetime:
    """``moment`` in the local time of the place it happened (its stored UTC offset)."""
    return moment.astimezone(timezone(timedelta(seconds=offset_seconds)))
