"""The one exception hierarchy of spasm, and the exit codes it maps to.

Every error a user can cause or meet is a ``SpasmError``; the CLI catches it once,
prints its message to stderr and exits with its ``exit_code``. Nothing else
should reach the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit statuses, as documented in the README."""

    OK = 0
    ERROR = 1
    INVALID = 2
    INTERRUPTED = 130


def printable(text: str, *, lines: bool = True) -> str:
    """``text`` with every non-printable character but line feeds escaped (``\\x1b``).

    Messages quote file names, keys and values from files spasm did not
    write; an escape sequence in one must reach the terminal as text, never
    as a command to retitle, clear or recolour it.
    """
    if text.isprintable():
        return text
    # Line breaks stay unless ``lines`` is False: a message may be one
    # problem per line, but one problem is one line.
    keep = "\n" if lines else ""
    return "".join(ch if ch.isprintable() or ch in keep else repr(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file, with its place in that file.

    ``line`` and ``column`` are 1-based; 0 means the place is unknown (for
    example a file that could not be read at all).
    """

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.where}: {self.message}"
        return printable(text, lines=False)


class SpasmError(Exception):
    """Base of every error spasm reports to the user."""

    exit_code: ExitCode = ExitCode.ERROR


class UsageError(SpasmError):
    """The command line asked for something impossible (bad option value, unknown name)."""

    exit_code = ExitCode.INVALID


class RoutineError(SpasmError):
    """One or more routine files are invalid. Carries every problem found."""

    exit_code = ExitCode.INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RoutineNotFound(UsageError):
    """No routine with that name in any folder searched."""

    def __init__(self, message: str, near: Sequence[str] = ()) -> None:
        super().__init__(message)
        # The names close to the one asked for, closest first: a `use:` of
        # the missing name says "did you mean" with them.
        self.near = tuple(near)


class ProgramNotFound(UsageError):
    """No program with that name in the programs folders."""

    def __init__(self, message: str, near: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.near = tuple(near)  # the names close to the one asked for, closest first


class ProgramStateError(SpasmError):
    """What the programs command was asked cannot be done now (none active, one already on)."""


class StorageError(SpasmError):
    """The history database or another user file cannot be read or written."""


class StorageMovedAside(StorageError):
    """The history database was damaged and moved aside: a new one can be started."""


class StorageBusy(StorageError):
    """Another process holds the history database's write lock; trying later may work."""


class ConfigError(SpasmError):
    """The user's config file is invalid."""

    exit_code = ExitCode.INVALID


class Interrupted(SpasmError):
    """The session was interrupted by Ctrl-C or a signal (SIGTERM, SIGHUP)."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, signal_name: str = "SIGINT") -> None:
        self.signal_name = signal_name
        super().__init__(f"interrupted ({signal_name})")
