"""Facts about the terminal that only Rich can tell (for ``spasm doctor``)."""

from __future__ import annotations

from rich.console import Console


def colour_system() -> str:
    """What colour the terminal on stdout supports, as Rich detects it."""
    console = Console()
    if not console.is_terminal:
        return "none (not a terminal)"
    return console.color_system or "none"
