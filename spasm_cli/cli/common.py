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


# -- shell completion ---------------------------------------------------------------
#
# Typer calls these when the shell asks what may come next (Tab), with what
# is typed so far; it keeps only the answers that start with it. Each imports
# what it needs inside, so that `spasm --help` loads none of it, and answers
# nothing rather than fail: a broken folder must not print a traceback into
# someone's command line.


def _dirs_typed(ctx: typer.Context) -> list[Path] | None:
    # `--routines-dir DIR` typed earlier on the line counts, as it will when run.
    dirs = ctx.params.get("routines_dir")
    return list(dirs) if dirs else None


def complete_routine(ctx: typer.Context, incomplete: str) -> list[str]:
    """Routine names for ``spasm routine``, ``show``, ``validate`` and ``history --routine``.

    A path being typed (``./``, ``~/``, ``x.yaml``) gets no names, so the
    shell completes file names instead.
    """
    from spasm_cli.errors import SpasmError
    from spasm_cli.format.library import looks_like_path

    if looks_like_path(incomplete) or incomplete.startswith((".", "~")):
        return []
    try:
        return sorted(library(_dirs_typed(ctx)).names())
    except (OSError, SpasmError):
        return []


def complete_phase(incomplete: str) -> list[str]:
    """The phases ``list --phase`` takes."""
    from spasm_cli.format.model import PHASES

    return list(PHASES)


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """Every tag the routines at hand have, for ``list --tag``."""
    from spasm_cli.errors import SpasmError

    try:
        scan = library(_dirs_typed(ctx)).scan()
    except (OSError, SpasmError):
        return []
    return sorted({tag for routine in scan.routines for tag in routine.tags})
