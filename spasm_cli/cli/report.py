"""``spasm report``: one HTML file of the recent sessions, for a therapist.

Thin, as the other command modules: it parses the options, reads the
history (never creating a database just to look), has the report's contents
worked out (``history.report_data``) and drawn (``terminal.report_html``),
and writes the file by the rules of ``files.write_text``: never over a file
without ``--force``, never through a link, private (mode 0600), since pain
scores are health data. The heavy modules (sqlite3 among them) are imported
inside the command, so ``spasm --help`` never loads them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spasm_cli.cli.common import err

if TYPE_CHECKING:
    from datetime import date

    from spasm_cli.history.report_data import ReportData


def report_name(today: date) -> Path:
    """The file written when no ``--output`` is given: ``spasm-report-2026-12-03.html``."""
    return Path(f"spasm-report-{today.isoformat()}.html")


def _contents(today: date, start: date) -> ReportData:
    from spasm_cli.app.program_state import open_history
    from spasm_cli.history.program_runs import ProgramRuns
    from spasm_cli.history.records import SessionRecord
    from spasm_cli.history.report_data import build

    with open_history(create=False) as store:
        if store is None:
            return build((), today, start)
        rows = list(store.rows())
        runs = ProgramRuns(store)
        run = runs.active()
        run_records = [] if run is None else runs.sessions(run.id)
    records = [r for r in rows if isinstance(r, SessionRecord)]
    left_out = len(rows) - len(records)
    if left_out:
        noun = "row" if left_out == 1 else "rows"
        err(
            f"spasm: {left_out} damaged history {noun} left out of the report "
            "(`spasm history` shows which; they are kept as they are)"
        )
    return build(records, today, start, run=run, run_records=run_records, left_out=left_out)


def report_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Default: spasm-report-YYYY-MM-DD.html in this folder.",
            dir_okay=False,
        ),
    ] = None,
    since: Annotated[
        str,
        typer.Option(
            "--since",
            metavar="PERIOD|DATE",
            help="The first day covered: 4w, 30d, 3m (weeks, days, months back) or a date "
            "such as 2026-11-01.",
        ),
    ] = "4w",
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the report file if it exists.")
    ] = False,
) -> None:
    """Write a report of your recent sessions for your therapist: one HTML file to open or print.

    Sessions per week, pain before and after each session (a chart and a
    table), the pain change per routine, your program if one is on, and the
    warning signs. Nothing that names your computer or your folders; no
    links, nothing loaded from the internet.
    """
    from datetime import date

    from spasm_cli.files import check_target, write_text
    from spasm_cli.history.report_data import since_date
    from spasm_cli.terminal.report_html import render

    today = date.today()
    start = since_date(since, today)
    path = output if output is not None else report_name(today)
    # Refused before the history is read: a file in the way is said at once.
    check_target(path, force=force, what="report")
    data = _contents(today, start)
    write_text(path, render(data), force=force, what="report")
    count = len(data.sessions)
    noun = "session" if count == 1 else "sessions"
    typer.echo(f"Wrote {path} ({count} {noun}, {start.isoformat()} to {today.isoformat()})")


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report_command)
