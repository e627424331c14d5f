"""Writing the files a user names (``export -o``, ``schema -o``, ``--trace``) without harm.

The rules, the same for every such file:

- an existing file is never replaced unless the user said ``--force``;
- a symbolic link is never written through, even with ``--force`` (it may
  point at the history database, a routine, anything): name the target;
- only regular files are replaced: a device, a pipe or a folder is refused
  (as root, ``--force`` on ``/dev/null`` would otherwise make it a file);
- a new file is created with the mode asked for (``0o600`` for health data),
  and a replaced file keeps at most that;
- the text appears whole or not at all: it is written to a temporary file in
  the same folder and moved into place, so a full disk leaves what was there.

Refusals are ``UsageError`` (exit 2: the user can choose another name); a
failure of the machine (no space, no permission) is ``StorageError`` (exit 1).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import IO

from spasm_cli.errors import SpasmError, StorageError, UsageError

PRIVATE = 0o600  # health data: the user's alone
# A path the user gave that cannot be a file (no such folder, a folder) is
# their input to fix (exit 2); anything else is the machine's (exit 1).
_INPUT_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP}


def _failure(what: str, path: Path, exc: OSError) -> SpasmError:
    message = f"cannot write {what} {path}: {exc.strerror or exc}"
    return UsageError(message) if exc.errno in _INPUT_ERRNOS else StorageError(message)


class Unreadable(Exception):
    """A file spasm was asked to read cannot be; the message says why, in words."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    Opened without blocking, so a named pipe (a FIFO given as a routine or as
    config.yaml) is refused at once instead of waiting forever; a device
    (``/dev/zero``) is refused rather than read without end. Links are
    followed: reading through one harms nothing. Raises ``Unreadable``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except PermissionError:
        raise Unreadable("permission denied") from None
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise Unreadable("is not a regular file (a pipe or a device); not reading it")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Unreadable(f"is larger than {_size_words(limit)}")
    return data


def _size_words(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB" if size >= 1024 * 1024 else f"{size // 1024} KiB"


def check_target(path: Path, *, force: bool, what: str = "file") -> bool:
    """Refuse ``path`` as an output unless it may be written; True when it exists.

    Raises ``UsageError`` for a link, for anything but a regular file, and for
    an existing file without ``force``.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise UsageError(f"cannot use {path}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise UsageError(
            f"cannot write {what} {path}: it is a symbolic link, and spasm does not write "
            "through links (give the path of the file itself)"
        )
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"cannot write {what} {path}: it is not a regular file")
    if not force:
        raise UsageError(f"{path} already exists; not overwriting it (--force replaces it)")
    return True


def write_text(
    path: Path, text: str, *, force: bool = False, mode: int = PRIVATE, what: str = "file"
) -> None:
    """Write ``text`` to ``path`` whole, by the rules above (``what`` names it in messages)."""
    write_bytes(path, text.encode("utf-8"), force=force, mode=mode, what=what)


def write_bytes(
    path: Path, data: bytes, *, force: bool = False, mode: int = PRIVATE, what: str = "file"
) -> None:
    """Write ``data`` to ``path`` whole, by the rules above (``what`` names it in messages)."""
    existed = check_target(path, force=force, what=what)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if existed:
            check_target(path, force=True, what=what)  # still a regular file, not a link
            os.replace(tmp, path)
        else:
            # link() fails if anything took the name meanwhile (even a
            # dangling link): a new file never replaces one that appeared.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise UsageError(f"{path} appeared while writing; not replacing it") from None
            except OSError:
                os.replace(tmp, path)  # a filesystem without hard links
                tmp = ""
            else:
                os.unlink(tmp)
                tmp = ""
        tmp = ""
    except OSError as exc:
        raise _failure(what, path, exc) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def open_new(
    path: Path, *, force: bool = False, mode: int = PRIVATE, what: str = "file"
) -> IO[str]:
    """Open ``path`` for writing as a stream (``--trace``), by the rules above.

    Written as it goes, so not atomic; but never through a link, never a
    device, and an existing file only with ``force``.
    """
    existed = check_target(path, force=force, what=what)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_TRUNC if existed else os.O_EXCL
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise UsageError(
            f"{path} already exists; not overwriting it (--force replaces it)"
        ) from None
    except OSError as exc:
        raise _failure(what, path, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(f"cannot write {what} {path}: it is not a regular file")
        os.fchmod(fd, stat.S_IMODE(os.fstat(fd).st_mode) & mode)
        return os.fdopen(fd, "w", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise
