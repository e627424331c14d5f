"""A cache of validated routines, so ``spasm list`` need not parse every file.

Each entry is keyed by the file's path and the origin it was read as (a
folder's routine is checked differently from a file given by path), and is
valid only while the file's size, modification time, change time and inode
are the ones seen before it was read. Any difference and the file is parsed
again: the cache can make a command faster, never make it see old contents.

Entries whose file changed less than ``RACY_SECONDS`` before they were read
are not stored: a second write within the file system's timestamp
granularity could otherwise leave size and times unchanged. The whole cache
is also tied to the spasm version and to the loader's source files, so a
change in validation rules drops it.

The cache is one JSON file (never pickle: a cache file must not be able to
run code) written atomically (a temp file, then ``os.replace``). Any problem
reading or writing it is ignored and the routines are parsed as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from spasm_cli import __version__
from spasm_cli.errors import RoutineError
from spasm_cli.format.cache_json import (
    BadEntry,
    problems_from,
    problems_json,
    routine_from,
    routine_json,
)
from spasm_cli.format.model import Routine

__all__ = ["CACHE_FILE", "RoutineCache", "code_stamp", "file_key", "routine_from", "routine_json"]

CACHE_FORMAT = 2
CACHE_FILE = f"routines-v{CACHE_FORMAT}.json"
RACY_SECONDS = 2.0
MAX_ENTRIES = 20_000  # beyond this, entries not used by the current command are dropped
# Modules whose code decides what a file validates to; editing one (in a
# source checkout) or upgrading spasm invalidates every entry.
_STAMP_MODULES = (
    "loader.py",
    "validate.py",
    "idle.py",
    "values.py",
    "model.py",
    "yamlsafe.py",
    "../sources.py",  # the source ids a routine's `source:` is normalised to
    "durations.py",
    "figures.py",  # the figure names a step's `figure:` may give, and their lines
    "figure_art.py",
    "errors.py",
    "cache.py",
    "cache_json.py",
)

FileKey = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def file_key(path: Path) -> FileKey | None:
    """What must be unchanged for a cached entry of ``path`` to be served; None if unreadable."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def code_stamp() -> str:
    """The spasm version and the size and time of the validation code's files."""
    here = Path(__file__).resolve().parent
    parts = [__version__]
    for name in _STAMP_MODULES:
        try:
            st = os.stat(here / name)
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "|".join(parts)


def _seal(ident: str, entry: dict[str, Any]) -> str:
    """A checksum of an entry and the file it is for.

    An entry edited by hand, or copied to another file's place, no longer
    matches its seal and is a miss; one whose seal was recomputed is still
    checked value by value (``cache_json``).
    """
    body = {name: value for name, value in entry.items() if name != "seal"}
    text = json.dumps([ident, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- the cache ----------------------------------------------------------------------


class RoutineCache:
    """Validated routines (or their problems) by file, loaded lazily, saved on request."""

    def __init__(self, directory: Path) -> None:
        self.file = directory / CACHE_FILE
        self._entries: dict[str, dict[str, Any]] | None = None
        self._used: set[str] = set()
        self._dirty = False
        self._stamp = ""

    @staticmethod
    def _id(path: Path, origin: str) -> str:
        return f"{origin}\t{os.path.abspath(path)}"

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is not None:
            return self._entries
        self._stamp = code_stamp()
        entries: dict[str, dict[str, Any]] = {}
        try:
            with self.file.open("rb") as handle:
                data = json.loads(handle.read())
            if (
                isinstance(data, dict)
                and data.get("format") == CACHE_FORMAT
                and data.get("stamp") == self._stamp
                and isinstance(data.get("entries"), dict)
            ):
                entries = data["entries"]
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            entries = {}  # no cache yet, or a damaged one: start empty
        self._entries = entries
        return entries

    def get(
        self, path: Path, origin: str, display: str
    ) -> tuple[Routine | RoutineError | None, FileKey | None]:
        """The cached result for ``path`` if the file is unchanged, and the file's key now.

        Call this before reading the file and pass the key to ``put``: a file
        changed after the key was taken is then stored under its old key, so
        it is parsed again next time, never served stale.
        """
        key = file_key(path)
        if key is None:
            return None, None
        ident = self._id(path, origin)
        entry = self._load().get(ident)
        if not isinstance(entry, dict) or entry.get("key") != list(key):
            return None, key
        try:
            if entry.get("seal") != _seal(ident, entry):
                return None, key  # edited, or another file's entry: parse the file
            if "problems" in entry:
                value: Routine | RoutineError = problems_from(entry["problems"], display)
            else:
                value = routine_from(entry.get("routine"), path, origin, display)
        except (BadEntry, TypeError, ValueError, RecursionError):
            return None, key  # an entry no file could have produced: parse the file
        self._used.add(ident)
        return value, key

    def put(
        self,
        path: Path,
        origin: str,
        display: str,
        key: FileKey | None,
        value: Routine | RoutineError,
    ) -> None:
        """Remember ``value`` as what ``path`` (unchanged since ``key``) validates to."""
        if key is None:
            return
        _size, mtime_ns, ctime_ns, _inode = key
        if time.time_ns() - max(mtime_ns, ctime_ns) < RACY_SECONDS * 1e9:
            return  # changed just now: a second change could keep the same key
        entry: dict[str, Any] = {"key": list(key)}
        try:
            if isinstance(value, RoutineError):
                entry["problems"] = problems_json(value, display)
                ok = problems_from(entry["problems"], display).problems == value.problems
            else:
                entry["routine"] = routine_json(value)
                ok = routine_from(entry["routine"], path, origin, display) == value
        except (BadEntry, TypeError, ValueError):
            return
        if not ok:
            return  # something the JSON form cannot carry exactly: never cache it
        ident = self._id(path, origin)
        entry["seal"] = _seal(ident, entry)
        self._load()[ident] = entry
        self._used.add(ident)
        self._dirty = True

    def save(self) -> None:
        """Write the cache if anything new was learnt; atomically, silently on failure."""
        if not self._dirty or self._entries is None:
            return
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = {ident: entries[ident] for ident in self._used if ident in entries}
        data = {"format": CACHE_FORMAT, "stamp": self._stamp, "entries": entries}
        tmp = None
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".routines-", suffix=".tmp", dir=self.file.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"))
            os.replace(tmp, self.file)
            tmp = None
            self._dirty = False
        except (OSError, ValueError, TypeError):
            return  # a read-only or full disk costs speed, nothing else
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
