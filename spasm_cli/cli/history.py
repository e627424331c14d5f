"""``spasm history``, ``stats``, ``export`` and ``safety``: thin Typer commands.

Each parses its options, asks the core (``history``, ``stats``, ``export``,
``safety``) and draws through ``screen.history_view``. Those modules are
imported inside the commands so that ``spasm --help`` and ``spasm list`` never
load sqlite3 or Rich. Errors are ``SpasmError``s, reported by the main CLI.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spasm_cli.cli.common import complete_routine, err

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spasm_cli.history.records import SessionRecord
    from spasm_cli.history.store import HistoryStore


class ExportFormat(str, Enum):
    """The formats ``spasm export`` writes."""

    CSV = "csv"
    JSON = "json"


def history_path() -> Path:
    """The history database file, in the user data folder (honours XDG_DATA_HOME)."""
    from spasm_cli.history.store import default_path
    from spasm_cli.paths import data_dir

    return default_path(data_dir())


def _store() -> HistoryStore | None:
    from spasm_cli.history.store import HistoryStore

    path = history_path()
    # Looking at history must not create a database as a side effect.
    if not path.exists():
        return None
    return HistoryStore(path)


def _load(limit: int | None = None, routine: str | None = None) -> list[SessionRecord]:
    """The readable sessions; a line on stderr counts the damaged ones left out."""
    from spasm_cli.history.records import SessionRecord

    store = _store()
    if store is None:
        return []
    with store:
        rows = list(store.rows(limit=limit, routine=routine))
    records = [r for r in rows if isinstance(r, SessionRecord)]
    _left_out(len(rows) - len(records))
    return records


def _stream(limit: int | None, routine: str | None) -> Iterator[SessionRecord]:
    """The readable sessions as they are read; the damaged ones counted at the end."""
    from spasm_cli.history.records import SessionRecord

    store = _store()
    if store is None:
        return
    damaged = 0
    with store:
        for row in store.rows(limit=limit, routine=routine):
            if isinstance(row, SessionRecord):
                yield row
            else:
                damaged += 1
    _left_out(damaged)


def _left_out(damaged: int) -> None:
    if damaged:
        noun = "row" if damaged == 1 else "rows"
        err(
            f"spasm: {damaged} damaged history {noun} left out (`spasm history` shows "
            "which; they are kept as they are)"
        )


def _not_negative(value: int) -> int:
    if value < 0:
        raise typer.BadParameter(f"expected 0 or more, got {value}")
    return value


def history_command(
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            callback=_not_negative,
            help="Show at most this many sessions (0: all).",
        ),
    ] = 20,
    routine: Annotated[
        str | None,
        typer.Option(
            "--routine",
            "-r",
            metavar="NAME",
            help="Only sessions of this routine.",
            autocompletion=complete_routine,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print a JSON list with every stored field, for scripts."),
    ] = False,
    pager: Annotated[
        bool,
        typer.Option(
            "--pager/--no-pager",
            help="At a terminal, show a long list through $PAGER (or less).",
        ),
    ] = True,
) -> None:
    """Show past sessions, newest first."""
    if as_json:
        from spasm_cli.history.export import json_chunks, stored_dict

        for chunk in json_chunks(_stream(limit or None, routine), stored_dict):
            sys.stdout.write(chunk)
        return
    import shutil

    from spasm_cli.terminal.history_list import HistoryLines
    from spasm_cli.terminal.pager import show

    terminal = _stdout_is_terminal()
    size = shutil.get_terminal_size()
    lines = HistoryLines(
        size.columns, colour=terminal and not os.environ.get("NO_COLOR"), routine=routine
    )
    store = _store()
    if store is None:
        show(lines.lines(()), terminal=terminal, height=size.lines)
        return
    with store:
        rows = store.rows(limit=limit or None, routine=routine)
        show(lines.lines(rows), terminal=terminal, height=size.lines, use_pager=pager)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def stats_command() -> None:
    """Show streaks, minutes per week, pain before and after per routine, and your program."""
    from datetime import date

    from spasm_cli.app.programs import stats_view
    from spasm_cli.format.program_library import ProgramLibrary, default_program_dirs
    from spasm_cli.history.stats import summarize
    from spasm_cli.terminal.history_view import render_stats, stdout_console

    console = stdout_console()
    today = date.today()
    render_stats(console, summarize(_load(), today))
    view = stats_view(ProgramLibrary(default_program_dirs()), today)
    if view is not None:
        from spasm_cli.terminal.program_view import render_program

        console.print()
        render_program(console, view)


def export_command(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", metavar="csv|json", help="csv or json.", case_sensitive=False
        ),
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file instead of stdout.",
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
) -> None:
    """Export every session as CSV or JSON, for a spreadsheet or your therapist.

    Local date and time, time zone, routine, how it ended, time in whole
    seconds, exercises done and skipped, pain before and after. Nothing that
    names your computer.
    """
    from spasm_cli.history.export import render, write_file

    records = _load()
    text = render(records, fmt.value)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_file(text, output, force=force)
    noun = "session" if len(records) == 1 else "sessions"
    typer.echo(f"Exported {len(records)} {noun} to {output}", err=True)


def safety_command() -> None:
    """Show the warning signs that need a doctor, quoted from the articles the routines follow."""
    from spasm_cli import safety
    from spasm_cli.paths import data_dir
    from spasm_cli.terminal.history_view import render_safety, stdout_console

    render_safety(stdout_console())
    # Read on purpose, so the first `spasm routine` need not show them again.
    safety.mark_shown(data_dir())


def register(app: typer.Typer) -> None:
    """Add ``history``, ``stats``, ``export`` and ``safety`` to ``app``."""
    app.command("history")(history_command)
    app.command("stats")(stats_command)
    app.command("export")(export_command)
    app.command("safety")(safety_command)
