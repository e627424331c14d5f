"""What a failure or a row means for the history store: busy, damaged, or not ours.

The store's judgements, kept apart from its reading and writing: whether a
SQLite error is another process's lock (wait and try again) or real damage
(move the file aside, under a name that never overwrites an earlier one:
``move_aside``), and whether a row's process is still alive (``dead_sessions``).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

from spasm_cli.errors import StorageError, StorageMovedAside


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs on this host (True when it cannot be told)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) terminates the process on Windows; assume alive.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def is_pid(value: object) -> bool:
    """Whether a row's value can be a process id at all."""
    # Linux pids stop at 2**22; os.kill refuses (OverflowError) past a C int.
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """Whether ``exc`` is damage to the file (not a lock, not a refusal)."""
    # "database is locked" is a DatabaseError too; only real damage may move the file.
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if isinstance(code, int):
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` is another process holding the lock (trying later may work)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if isinstance(code, int):
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return "locked" in str(exc).lower() or "busy" in str(exc).lower()


def aside_name(path: Path, moment: datetime) -> Path:
    """A free name beside ``path`` to move a damaged database to."""
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():  # never overwrite an earlier one
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate


def move_aside(path: Path, moment: datetime, exc: sqlite3.DatabaseError) -> NoReturn:
    """Move the damaged database at ``path`` (and its -wal, -shm) aside; always raises.

    ``StorageMovedAside`` when it was moved (kept under a new name, never
    deleted), ``StorageError`` when it could not be.
    """
    aside = aside_name(path, moment)
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
    except OSError as move_error:
        raise StorageError(
            f"history database {path} is damaged ({exc}) and could not be "
            f"moved aside ({move_error}); move or remove it to start a new history."
        ) from exc
    raise StorageMovedAside(
        f"history database {path} is not a valid SQLite database ({exc}). "
        f"It was moved aside to {aside} (kept, not deleted); "
        "a new, empty history starts with the next session."
    ) from exc


def dead_sessions(rows: Iterable[sqlite3.Row]) -> list[int]:
    """The ids of ``running`` rows (``id``, ``pid``) on this host whose process is gone."""
    # A row whose id or pid is not a process id (edited by hand) is not ours
    # to judge: it is left as it is, and shown as damaged.
    return [
        r["id"] for r in rows if is_pid(r["id"]) and is_pid(r["pid"]) and not pid_alive(r["pid"])
    ]
