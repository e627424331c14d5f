"""What ``spasm figures`` prints: every bundled figure, its drawing in each phase, and its words.

Returns lines and JSON values; the command prints them. The drawings are
never wrapped (a line of art cut in two is no drawing): the phases stand side
by side when they fit the width, one under another when not, and only the
words are wrapped. No Typer, no Rich.
"""

from __future__ import annotations

from typing import Any

from spasm_cli.format.figures import FIGURES, MAX_FIGURE_LINES, MAX_FIGURE_WIDTH, Figure
from spasm_cli.wrapping import cell_width, wrap

INTRO = (
    "The figures of the positions the routines use; `spasm show` draws each step's "
    "under it. Use one in your own routines with `figure: NAME` on a hold, reps, "
    "breathe, rest or wait step, or draw your own: `figure: |` with up to "
    f"{MAX_FIGURE_LINES} lines of at most {MAX_FIGURE_WIDTH} characters under it, "
    "or a list of lines."
)
SIDED = "Sided: a step done on the right side alone shows it mirrored."
_INDENT = "    "  # before a drawing
_GAP = "    "  # between two phases side by side


def phase_label(figure: Figure, index: int) -> str:
    """What phase ``index`` of ``figure`` is called: its own name, or its number."""
    if index < len(figure.phase_names) and figure.phase_names[index]:
        return figure.phase_names[index]
    return f"phase {index + 1}"


def _pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - cell_width(text))


def drawing_lines(figure: Figure, width: int | None) -> list[str]:
    """Each phase of ``figure`` under its label: side by side when they fit in ``width``.

    A figure of one unnamed phase is only its drawing.
    """
    if len(figure.phases) == 1 and not figure.phase_names:
        return [f"{_INDENT}{line}".rstrip() for line in figure.lines]
    columns = [
        (phase_label(figure, index) + ":", list(lines)) for index, lines in enumerate(figure.phases)
    ]
    sizes = [max(cell_width(line) for line in [label, *lines]) for label, lines in columns]
    across = cell_width(_INDENT) + sum(sizes) + cell_width(_GAP) * (len(sizes) - 1)
    if width is not None and across > width and len(columns) > 1:
        out: list[str] = []
        for label, lines in columns:
            out += [_INDENT + label, *(f"{_INDENT}{line}".rstrip() for line in lines)]
        return out
    rows = max((len(lines) for _, lines in columns), default=0)
    grid = [[label for label, _ in columns]]
    grid += [
        [lines[row] if row < len(lines) else "" for _, lines in columns] for row in range(rows)
    ]
    return [
        (
            _INDENT + _GAP.join(_pad(cell, size) for cell, size in zip(row, sizes, strict=True))
        ).rstrip()
        for row in grid
    ]


def figure_lines(figure: Figure, width: int | None) -> list[str]:
    """One figure as ``spasm figures`` shows it: name and title, words, drawing."""
    lines = wrap(f"{figure.name}: {figure.title}", width)
    if figure.words:
        lines += wrap(f"  {figure.words}", width)
    if figure.sided:
        lines += wrap(f"  {SIDED}", width)
    return [*lines, *drawing_lines(figure, width)]


def listing(width: int | None) -> list[str]:
    """Every bundled figure, after a paragraph on using them; ``width`` None: lines left whole."""
    lines = wrap(INTRO, width)
    for figure in FIGURES.values():
        lines += ["", *figure_lines(figure, width)]
    return lines


def figure_json(figure: Figure) -> dict[str, Any]:
    """One figure as ``spasm figures --json`` prints it."""
    return {
        "name": figure.name,
        "title": figure.title,
        "words": figure.words,
        "sided": figure.sided,
        "phases": [list(lines) for lines in figure.phases],
        "phase_names": list(figure.phase_names),
    }


def listing_json() -> list[dict[str, Any]]:
    """Every bundled figure as JSON, in the order ``spasm figures`` lists them."""
    return [figure_json(figure) for figure in FIGURES.values()]
