"""What the command modules share: the ``--routines-dir`` option, the library, stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spasm_cli.errors import Problem, printable

if TYPE_CHECKING:
    from spasm_cli.format.library import Library

RoutinesDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--routines-dir",
        help="Also look for routines in DIR, before all other folders (repeatable).",
        metavar="DIR",
    ),
]


def library(extra: list[Path] | None) -> Library:
    from spasm_cli.format.library import Library, default_dirs

    return Library(default_dirs(extra or ()))


def err(message: str) -> None:
    """Print ``message`` to stderr, wrapped to its width (see ``wrapping``)."""
    from spasm_cli.wrapping import echo

    # Pieces of a wrapped message hang two spaces in, so each new message
    # still starts at the margin.
    echo(message, sys.stderr, hang="  ")


def report_skipped(problems: list[Problem]) -> None:
    # Invalid user routines never stop a command; say so once, briefly.
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found in by_file.items():
        first = found[0]
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        line = f"spasm: skipped invalid routine {file}:{first.line}: {first.message}{more}"
        err(printable(line, lines=False))
    if by_file:
        err("spasm: run `spasm validate FILE` to see every problem")


def report_ignored(ignored: list[Problem]) -> None:
    # A file the folder passes over is a routine the user may think they have.
    for problem in ignored:
        err(printable(f"spasm: ignored: {problem.file}: {problem.message}", lines=False))
