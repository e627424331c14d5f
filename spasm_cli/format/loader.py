"""Loading routine files: the bytes, their text, and the validated ``Routine``.

``load_routine`` reads one file and returns a ``Routine`` or raises a
``RoutineError`` carrying every problem found, each with its file, line and
column. It never lets a YAML or Python error escape: whatever the bytes, the
result is a routine or a list of problems. The checks themselves are in
``format.validate`` (the document) and ``format.values`` (single values).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from spasm_cli.errors import Problem, RoutineError
from spasm_cli.files import Unreadable, read_limited
from spasm_cli.format.model import MAX_FILE_BYTES, Routine
from spasm_cli.format.validate import Checker
from spasm_cli.format.values import where
from spasm_cli.format.yamlsafe import load_located

__all__ = ["decode", "load_routine", "parse_routine", "read_bytes", "where"]


def read_bytes(path: Path, display: str, *, what: str = "routine") -> bytes:
    """Read a routine file, refusing folders, pipes, devices, unreadable and oversized files.

    ``what`` is the kind of file messages name (a program file is read the same way).
    """
    try:
        return read_limited(path, MAX_FILE_BYTES)
    except Unreadable as why:
        message = str(why)
        if message.startswith("is larger than"):
            message += f"; a {what} file is a few KiB"
        elif message == "is a folder, not a file":
            message = f"is a folder, not a {what} file"
        raise RoutineError([Problem(display, 0, 0, "file", message)]) from None


def load_routine(
    path: Path, *, display: str | None = None, origin: str = "path", match_name: bool = False
) -> Routine:
    """Read, parse and validate the routine file at ``path``.

    ``display`` is how the file is named in messages (defaults to the path as
    given). With ``match_name`` (a file in a routines folder, found by its file
    name) a ``name:`` other than the file name is a problem. ``use:``
    references are not resolved here; see ``library``.
    """
    shown = display if display is not None else str(path)
    data = read_bytes(path, shown)
    return parse_routine(
        data,
        shown,
        default_name=path.stem,
        path=path,
        origin=origin,
        expected_name=path.stem if match_name else None,
    )


def parse_routine(
    data: bytes,
    display: str,
    *,
    default_name: str | None = None,
    path: Path | None = None,
    origin: str = "path",
    expected_name: str | None = None,
) -> Routine:
    """Validate routine ``data`` (the file's bytes) named ``display`` in messages."""
    text = decode(data, display)
    located = load_located(text, display)
    if isinstance(located, list):
        raise RoutineError(located)
    checker = Checker(located, display)
    routine = checker.routine(default_name, expected_name)
    if checker.problems or routine is None:
        raise RoutineError(checker.closing())
    digest = hashlib.sha256(data).hexdigest()
    return replace(routine, path=path, origin=origin, digest=digest)


def decode(data: bytes, display: str, *, expected: str = "a routine: title and steps") -> str:
    """The file's text: UTF-8 with or without a BOM, and not blank.

    Raises ``RoutineError`` at the first byte that is not UTF-8, or for a file
    of nothing but white space (``expected`` says what it should hold).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        # Columns count characters, as editors do, not bytes; all before the
        # bad byte decoded fine.
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8")) + 1
        byte = data[err.start]
        raise RoutineError(
            [Problem(display, line, column, "file", f"is not UTF-8 text (byte 0x{byte:02x})")]
        ) from None
    if not text.strip():
        raise RoutineError([Problem(display, 1, 1, "file", f"is empty (expected {expected})")])
    return text
