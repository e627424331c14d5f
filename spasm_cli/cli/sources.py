"""``spasm sources``: the articles the routines come from, cited by what they are."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def sources_command(
    source: Annotated[
        str | None,
        typer.Argument(help="Show this article's headings (its short id).", metavar="ID"),
    ] = None,
) -> None:
    """List the articles the routines and warning signs come from."""
    from spasm_cli.app.sources import bundled_citers, detail, listing, lookup
    from spasm_cli.wrapping import echo

    # Looked up first: an unknown id is an error before anything is printed.
    found = lookup(source) if source is not None else None
    citers = bundled_citers()
    lines = listing(citers) if found is None else detail(found, citers)
    echo("\n".join(lines), sys.stdout)


def register(app: typer.Typer) -> None:
    """Add ``sources`` to ``app``."""
    app.command("sources")(sources_command)
