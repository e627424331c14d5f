"""Static tables for commands that print and exit (``spasm list``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table


@dataclass(frozen=True)
class ListRow:
    """One routine as ``spasm list`` shows it."""

    name: str
    title: str
    phase: str
    total: str
    steps: int
    tags: str
    source: str


def make_console(*, stderr: bool = False) -> Console:
    """A console for printed output; Rich honours NO_COLOR and non-terminals itself."""
    console = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # In a pipe, one routine per line is worth more than fitting 80 columns:
        # `spasm list | grep core` should find whole rows.
        console = Console(stderr=stderr, highlight=False, soft_wrap=False, width=250)
    return console


def print_routine_table(console: Console, rows: Sequence[ListRow]) -> None:
    """Print the routine list as a table that folds long cells to fit the width."""
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False, padding=(0, 1))
    table.add_column("name", no_wrap=True, style="cyan")
    table.add_column("title", overflow="fold")
    table.add_column("phase", no_wrap=True, min_width=10)
    table.add_column("time", justify="right", no_wrap=True, min_width=6)
    table.add_column("steps", justify="right", no_wrap=True, min_width=5)
    # Below 100 columns the tags squeeze the titles into one word per line;
    # they are dropped there (a note says so) rather than made unreadable.
    wide = console.width >= 100
    if wide:
        table.add_column("tags", overflow="fold")
    table.add_column("from", no_wrap=True, min_width=7)
    for row in rows:
        cells = [row.name, row.title, row.phase, row.total, str(row.steps)]
        if wide:
            cells.append(row.tags)
        table.add_row(*cells, row.source)
    console.print(table)
    if not wide:
        console.print(
            "(tags show at 100 columns or wider and in --json; filter with --tag)", style="dim"
        )


def colour_system() -> str:
    """What colour the terminal on stdout supports, as Rich detects it."""
    console = Console()
    if not console.is_terminal:
        return "none (not a terminal)"
    return console.color_system or "none"
