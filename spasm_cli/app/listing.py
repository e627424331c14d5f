"""What ``spasm list`` prints: a screenful grouped by phase at a terminal, one line a routine in a pipe.

At a terminal the list is for a person choosing what to do now, often in
pain: the routines are grouped by when they fit ("In a spasm now",
"Recovering", "Preventing", then "Other"), and each shows where the body is
and about how long it takes. Combined routines (made of ``use:`` steps) get a
line each with their title; single exercises are packed in columns under
them, so the twenty-nine bundled routines fit an 80x24 terminal. Every line is
at most the width given; nothing is cut mid-word.

In a pipe every field of every routine is on one line, tab-separated, so
``grep``, ``cut`` and ``awk`` can use it.

Pure: no Typer, no Rich, no terminal; the command gives the width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spasm_cli.format.durations import format_duration
from spasm_cli.wrapping import cell_width, wrap_line

# The headings, in the order a person meets the phases; routines without a
# phase come last.
GROUPS: tuple[tuple[str | None, str], ...] = (
    ("acute", "In a spasm now"),
    ("recovery", "Recovering"),
    ("prevention", "Preventing"),
    (None, "Other"),
)
PIPE_FIELDS = ("name", "title", "phase", "position", "time", "steps", "tags", "from")
FOOTER = "spasm show NAME for its steps, spasm routine NAME to play it."
# Short words for packed columns, where "lying/sitting/standing" would not fit.
_SHORT = {"lying": "lie", "kneeling": "kneel", "sitting": "sit", "standing": "stand"}
_GAP = "  "


@dataclass(frozen=True)
class Row:
    """One routine as the list shows it."""

    name: str
    title: str
    phase: str | None
    position: tuple[str, ...]
    seconds: float
    steps: int
    tags: tuple[str, ...]
    origin: str
    combined: bool  # made of other routines (``use:`` steps)


def about(seconds: float) -> str:
    """A routine's time at a glance: ``45s`` under a minute, else whole minutes (``12m``).

    A routine with no timed part (self-paced reps only) is ``own pace``, not ``0s``.
    """
    if not seconds:
        return "own pace"
    if seconds < 59.5:
        return f"{max(1, round(seconds))}s"
    return f"{round(seconds / 60)}m"


def where(position: tuple[str, ...], *, short: bool = False) -> str:
    """``lying``, ``standing/sitting``; with ``short``, ``stand/sit``; ``-`` when unknown."""
    if not position:
        return "-"
    if short and len(position) > 1:
        return "/".join(_SHORT.get(p, p) for p in position)
    return "/".join(position)


def pipe_lines(rows: Sequence[Row]) -> list[str]:
    """Every field of every routine, one routine a line, tab-separated, after a header."""
    out = ["\t".join(PIPE_FIELDS)]
    for row in rows:
        cells = (
            row.name,
            row.title,
            row.phase or "",
            ",".join(row.position),
            format_duration(row.seconds),
            str(row.steps),
            ",".join(row.tags),
            row.origin,
        )
        # Tabs and line breaks cannot come from a routine file's text, but a
        # cell must never split a line whatever it holds.
        out.append("\t".join(" ".join(cell.split()) for cell in cells))
    return out


def screen_lines(rows: Sequence[Row], width: int, height: int | None = None) -> list[str]:
    """The grouped list for a terminal ``width`` columns wide, ending with the footer.

    When it is longer than ``height`` rows, a line before the footer says
    how to list fewer.
    """
    width = max(20, width)
    combined = [row for row in rows if row.combined]
    # Combined rows line up across the groups: one table read top to bottom.
    name_w = max((cell_width(row.name) for row in combined), default=0)
    where_w = max((cell_width(where(row.position, short=True)) for row in combined), default=0)
    out: list[str] = []
    for phase, heading in GROUPS:
        group = [row for row in rows if row.phase == phase]
        if not group:
            continue
        several = [row for row in group if row.combined]
        single = [row for row in group if not row.combined]
        out += wrap_line(f"{heading}: {_counts(len(several), len(single))}", width, hang="  ")
        out += [line for row in several for line in _combined(row, width, name_w, where_w)]
        out += _packed(single, width)
    if height is not None and len(out) + 1 > height - 1:
        out += wrap_line(
            "More than a screenful: --phase PHASE or --position POSITION lists fewer.",
            width,
            hang="",
        )
    out += wrap_line(FOOTER, width, hang="")
    return out


def _counts(several: int, single: int) -> str:
    # The heading says what the two kinds of line below it are.
    parts = []
    if several:
        parts.append(f"{several} combined routine" + ("s" if several != 1 else ""))
    if single:
        parts.append(f"{single} single exercise" + ("s" if single != 1 else ""))
    return ", then ".join(parts)


def _combined(row: Row, width: int, name_w: int, where_w: int) -> list[str]:
    """One line: name, where, time, title; the title wraps under itself."""
    place = where(row.position, short=True)
    lead = f"  {_pad(row.name, name_w)}  {_pad(place, where_w)}  {about(row.seconds).rjust(3)}  "
    lead_w = cell_width(lead)
    if lead_w + cell_width(row.title) <= width or lead_w <= width // 2:
        return wrap_line(lead + row.title, width, hang=" " * lead_w)
    # Too narrow for columns: the name, then what it is, indented.
    return [
        *wrap_line(f"  {row.name}", width),
        *wrap_line(f"    {place}, {about(row.seconds)}: {row.title}", width, hang="    "),
    ]


def _packed(rows: Sequence[Row], width: int) -> list[str]:
    """Single exercises as ``name where time`` cells, as many columns as fit, read down."""
    if not rows:
        return []
    cells = [(row.name, where(row.position, short=True), about(row.seconds)) for row in rows]
    for columns in range(min(len(cells), 6), 0, -1):
        per = -(-len(cells) // columns)
        chunks = [cells[i * per : (i + 1) * per] for i in range(columns)]
        chunks = [chunk for chunk in chunks if chunk]
        widths = [_cell_widths(chunk) for chunk in chunks]
        used = 2 + sum(sum(w) + 2 for w in widths) + len(_GAP) * (len(chunks) - 1)
        if used <= width or columns == 1:
            break
    if used > width:
        # Not even one column fits: each exercise on its own line, wrapped.
        return [
            piece
            for name, place, time in cells
            for piece in wrap_line(f"  {name} {place} {time}", width, hang="    ")
        ]
    lines = []
    for index in range(per):
        parts = []
        for chunk, (name_w, where_w, time_w) in zip(chunks, widths, strict=True):
            if index < len(chunk):
                name, place, time = chunk[index]
                parts.append(f"{_pad(name, name_w)} {_pad(place, where_w)} {time.rjust(time_w)}")
        lines.append(("  " + _GAP.join(parts)).rstrip())
    return lines


def _cell_widths(chunk: Sequence[tuple[str, str, str]]) -> tuple[int, int, int]:
    return (
        max(cell_width(name) for name, _, _ in chunk),
        max(cell_width(place) for _, place, _ in chunk),
        max(cell_width(time) for _, _, time in chunk),
    )


def _pad(text: str, size: int) -> str:
    return text + " " * max(0, size - cell_width(text))
