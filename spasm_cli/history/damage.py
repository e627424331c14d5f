"""What a failure or a row means for the history store: busy, damaged, or not ours.

The store's judgements, kept apart from its reading and writing: whether a
SQLite error is another process's lock (wait and try again) or real damage
(move the file aside, under a name that never overwrites an earlier one), and
whether a row's process is still alive.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path


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
