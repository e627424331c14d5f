"""Pain over the recent sessions in ``spasm stats``: a sparkline before and after, drawn with Rich.

Takes a ``PainTrend`` (plain data from ``history.stats``) and a ``Console``.
Each series is a title and two lines, before and after, one block a session
from ``▁`` (0) to ``█`` (10), oldest on the left, ``·`` where a session has no
score, and the first and latest score in plain numbers at the end of the
line (``before 6 → 3``), so nothing is said by colour alone. Every line fits
the console: a long title is cut with ``…``, and a narrow console gets short
labels and the most recent points that fit. User text (routine titles) goes
in as ``Text`` so brackets in it are never read as Rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from spasm_cli.history.stats import PainPoint, PainSeries, PainTrend
from spasm_cli.wrapping import wrap

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"
WIDE_FROM = 40  # columns; narrower gets the short labels
NO_SCORES = "No pain scores to draw yet: spasm asks for them before and after a session."


@dataclass(frozen=True)
class _Labels:
    indent: str
    gap: str  # between the sparkline and the words
    before: str
    after: str


_WIDE = _Labels(indent="  ", gap="  ", before="before", after="after")
_NARROW = _Labels(indent="  ", gap=" ", before="bef", after="aft")


def block(score: int) -> str:
    """The block for a pain score from 0 to 10: ``▁`` for 0, ``█`` for 10."""
    score = max(0, min(10, score))
    return BLOCKS[(score * (len(BLOCKS) - 1) + 5) // 10]  # rounded, halves up


def sparkline(scores: Sequence[int | None]) -> str:
    """One block a score, oldest first; ``·`` for a session without one."""
    return "".join(GAP if s is None else block(s) for s in scores)


def first_to_latest(scores: Sequence[int | None]) -> str:
    """``6 → 3``: the first score and the latest; one score alone, ``-`` for none."""
    known = [s for s in scores if s is not None]
    if not known:
        return "-"
    if len(known) == 1:
        return str(known[0])
    return f"{known[0]} → {known[-1]}"


def heading(trend: PainTrend) -> str:
    """What the chart is, in one line: how many sessions, the scale, which way time runs."""
    n = len(trend.overall.points)
    if n == 1:
        return "Pain over your last session (0 to 10)"
    return f"Pain over your last {n} sessions (0 to 10; oldest on the left)"


def legend(trend: PainTrend) -> str:
    """What a dot means, and how far back each routine goes."""
    return (
        f"{GAP} marks a session without a score; each routine shows its last "
        f"{trend.routine_limit} sessions."
    )


def _words(labels: _Labels, points: Sequence[PainPoint]) -> tuple[str, str]:
    return (
        f"{labels.before} {first_to_latest([p.before for p in points])}",
        f"{labels.after} {first_to_latest([p.after for p in points])}",
    )


def _fit(
    points: Sequence[PainPoint], labels: _Labels, width: int
) -> tuple[Sequence[PainPoint], tuple[str, str]]:
    """The most recent points whose lines fit ``width``, and the words that end them."""
    room = width - cell_len(labels.indent)
    for n in range(len(points), 0, -1):
        shown = points[-n:]
        words = _words(labels, shown)
        if n + cell_len(labels.gap) + max(cell_len(w) for w in words) <= room:
            return shown, words
    return (), _words(labels, ())


def _after_style(point: PainPoint) -> str:
    change = point.change
    if change is None or change == 0:
        return ""
    return "green" if change < 0 else "red"


def _line(labels: _Labels, points: Sequence[PainPoint], words: str, *, after: bool) -> Text:
    line = Text(labels.indent)
    for p in points:
        score = p.after if after else p.before
        if score is None:
            line.append(GAP, style="dim")
        else:
            line.append(block(score), style=_after_style(p) if after else "")
    if points:
        line.append(labels.gap)
    line.append(words)
    return line


def series_lines(series: PainSeries, width: int) -> list[Text]:
    """A series' title (cut with ``…`` to fit) and its before and after lines."""
    labels = _WIDE if width >= WIDE_FROM else _NARROW
    title = Text(series.title, style="bold")
    title.truncate(max(1, width), overflow="ellipsis")
    if not series.has_scores:
        return [title, Text(f"{labels.indent}no pain scores", style="dim")]
    shown, (before, after) = _fit(series.points, labels, width)
    return [
        title,
        _line(labels, shown, before, after=False),
        _line(labels, shown, after, after=True),
    ]


def _print_wrapped(console: Console, text: str, style: str = "") -> None:
    for piece in wrap(text, max(20, console.width - 1)):
        console.print(Text(piece, style=style), no_wrap=True, overflow="ignore")


def render_pain_trend(console: Console, trend: PainTrend) -> None:
    """All sessions, then each routine: pain before and after, or one line if there is none."""
    if not trend.has_scores:
        _print_wrapped(console, NO_SCORES)
        return
    _print_wrapped(console, heading(trend), style="bold")
    _print_wrapped(console, legend(trend), style="dim")
    for series in (trend.overall, *trend.routines):
        for line in series_lines(series, console.width):
            console.print(line, no_wrap=True, overflow="ignore")
