"""``spasm figures``: the drawings a step can show, by name, for routines of your own."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer


def figures_command(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print a JSON list: name, title, words, sided, phases, phase_names."
        ),
    ] = False,
    pager: Annotated[
        bool,
        typer.Option(
            "--pager/--no-pager", help="At a terminal, show the list through $PAGER (or less)."
        ),
    ] = True,
) -> None:
    """List the bundled figures a step can show: name, title, drawing and words.

    Use one in your own routines with `figure: NAME` on a hold, reps,
    breathe, rest or wait step, or draw your own with `figure: |` and the
    lines under it.
    """
    from spasm_cli.app.figures import listing, listing_json

    if as_json:
        print(json.dumps(listing_json(), indent=2))
        return
    import shutil

    from spasm_cli.terminal.pager import show
    from spasm_cli.wrapping import stream_width

    try:
        terminal = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        terminal = False
    lines = listing(stream_width(sys.stdout))
    show(lines, terminal=terminal, height=shutil.get_terminal_size().lines, use_pager=pager)


def register(app: typer.Typer) -> None:
    """Add ``figures`` to ``app``."""
    app.command("figures")(figures_command)
