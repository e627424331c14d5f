"""The report's two charts as inline SVG text: sessions per week, and pain before and after.

Plain strings built with ``html.escape`` (no template engine, no library);
every text from the history is escaped, in elements and in attributes. Each
chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` saying
what it shows, scales to the width of the page (a ``viewBox``, width 100%)
and carries no script, link or outside resource. Nothing depends on colour
alone: pain before is drawn as circles, pain after as squares, and the
numbers are in tables beside the charts (``report_html``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from html import escape

from spasm_cli.history.report_data import SessionRow, WeekRow
from spasm_cli.history.stats import day_and_month

# Blue and orange: told apart with the common kinds of colour blindness, and
# dark enough to print on white. The legend names them with their shapes.
BEFORE_COLOUR = "#1f5fa8"
AFTER_COLOUR = "#d9661f"
BAR_COLOUR = "#5b7f95"
_INK = "#222222"
_GRID = "#d0d0d0"

WIDTH = 720  # the viewBox's width; the chart is drawn as wide as the page
_LEFT, _RIGHT, _TOP = 44, 16, 16
_FONT = 'font-family="sans-serif" font-size="12"'


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    # Coordinates to a tenth: short text, and no "1e-05" in an attribute.
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(ident: str, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" id="{ident}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{_INK}" {_FONT}'
        f"{extra}>{escape(text)}</text>"
    )


def _step(count: int, room: int) -> int:
    """Label every n-th of ``count`` things so that at most ``room`` labels are drawn."""
    return max(1, math.ceil(count / max(1, room)))


# --- sessions per week ---------------------------------------------------------


def weeks_chart(weeks: Sequence[WeekRow]) -> str:
    """Sessions per week as bars, each week labelled by its first day."""
    height, bottom = 190, 34
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, height - _TOP - bottom
    top_value = max([w.sessions for w in weeks] + [1])
    ticks = _axis_ticks(top_value)
    top_value = ticks[-1]
    total = sum(w.sessions for w in weeks)
    lines = _open(
        "weeks-chart",
        height,
        "Sessions per week",
        f"A bar for each of {len(weeks)} weeks, from {day_and_month(weeks[0].first)} to "
        f"{day_and_month(weeks[-1].last)}; {total} sessions in all. The table below gives "
        "each week's sessions and minutes.",
    )
    for tick in ticks:
        y = _TOP + plot_h - plot_h * tick / top_value
        lines.append(
            f'<line x1="{_LEFT}" y1="{_num(y)}" x2="{WIDTH - _RIGHT}" y2="{_num(y)}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        lines.append(_text(_LEFT - 6, y + 4, str(tick), "end"))
    slot = plot_w / len(weeks)
    bar_w = max(2.0, min(48.0, slot * 0.7))
    label_every = _step(len(weeks), 12)
    for index, week in enumerate(weeks):
        x = _LEFT + slot * index + (slot - bar_w) / 2
        h = plot_h * week.sessions / top_value
        noun = "session" if week.sessions == 1 else "sessions"
        lines.append(
            f'<rect class="bar" x="{_num(x)}" y="{_num(_TOP + plot_h - h)}" '
            f'width="{_num(bar_w)}" height="{_num(h)}" fill="{BAR_COLOUR}">'
            f"<title>{escape(_span(week))}: {week.sessions} {noun}</title></rect>"
        )
        if week.sessions and len(weeks) <= 26:
            lines.append(_text(x + bar_w / 2, _TOP + plot_h - h - 4, str(week.sessions)))
        if index % label_every == 0:
            lines.append(_text(x + bar_w / 2, height - bottom + 18, day_and_month(week.first)))
    lines.append(_baseline(_TOP + plot_h))
    lines.append("</svg>")
    return "\n".join(lines)


def _span(week: WeekRow) -> str:
    if week.first == week.last:
        return day_and_month(week.first)
    return f"{day_and_month(week.first)} to {day_and_month(week.last)}"


def _axis_ticks(top: int) -> list[int]:
    # Whole numbers from 0, at most about 5 of them, the last at or above ``top``.
    step = max(1, math.ceil(top / 5))
    return list(range(0, step * math.ceil(top / step) + 1, step))


def _baseline(y: float) -> str:
    return (
        f'<line x1="{_LEFT}" y1="{_num(y)}" x2="{WIDTH - _RIGHT}" y2="{_num(y)}" '
        f'stroke="{_INK}" stroke-width="1"/>'
    )


# --- pain before and after --------------------------------------------------------


def _when(row: SessionRow) -> str:
    return f"{day_and_month(row.when.date())} {row.when:%H:%M}"


def pain_chart(rows: Sequence[SessionRow], start: date, today: date) -> str:
    """Pain before (circles) and after (squares) each session, 0 to 10, over the period.

    ``rows`` are the sessions with a score, oldest first; each score is one
    point, placed at the session's local start time, and the points of each
    series are joined in order.
    """
    height, bottom = 300, 40
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, height - _TOP - bottom
    first = datetime.combine(start, datetime.min.time())
    span = (
        datetime.combine(today, datetime.min.time()) + timedelta(days=1) - first
    ).total_seconds()

    def x_of(when: datetime) -> float:
        share = min(1.0, max(0.0, (when - first).total_seconds() / span))
        return _LEFT + plot_w * share

    def y_of(pain: int) -> float:
        return _TOP + plot_h - plot_h * pain / 10

    befores = [r for r in rows if r.before is not None]
    afters = [r for r in rows if r.after is not None]
    lines = _open(
        "pain-chart",
        height,
        "Pain before and after each session",
        f"Pain from 0 (none) to 10 (worst), from {day_and_month(start)} to "
        f"{day_and_month(today)}: {len(befores)} scores before a session (blue circles, "
        f"joined by a solid line) and {len(afters)} after one (orange squares, joined by a "
        "dashed line). The table below gives every score.",
    )
    for pain in range(0, 11, 2):
        y = y_of(pain)
        lines.append(
            f'<line x1="{_LEFT}" y1="{_num(y)}" x2="{WIDTH - _RIGHT}" y2="{_num(y)}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        lines.append(_text(_LEFT - 6, y + 4, str(pain), "end"))
    lines.append(
        _text(
            12,
            _TOP + plot_h / 2,
            "pain (0-10)",
            extra=f' transform="rotate(-90 12 {_num(_TOP + plot_h / 2)})"',
        )
    )
    lines += _date_ticks(start, today, x_of, _TOP + plot_h, height - bottom + 20)
    lines.append(_baseline(_TOP + plot_h))
    lines += _series(befores, "before", BEFORE_COLOUR, "", x_of, lambda r: y_of(_given(r.before)))
    lines += _series(
        afters,
        "after",
        AFTER_COLOUR,
        ' stroke-dasharray="7 4"',
        x_of,
        lambda r: y_of(_given(r.after)),
    )
    for row in befores:
        x, y = x_of(row.when), y_of(_given(row.before))
        lines.append(
            f'<circle class="point-before" cx="{_num(x)}" cy="{_num(y)}" r="4.5" '
            f'fill="{BEFORE_COLOUR}" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(_when(row))}, {escape(row.title)}: pain before {row.before}</title>"
            "</circle>"
        )
    for row in afters:
        x, y = x_of(row.when), y_of(_given(row.after))
        # Drawn after the circles and hollow in the middle: a circle and a
        # square on the same score both stay visible.
        lines.append(
            f'<rect class="point-after" x="{_num(x - 5)}" y="{_num(y - 5)}" width="10" '
            f'height="10" fill="none" stroke="{AFTER_COLOUR}" stroke-width="2.5">'
            f"<title>{escape(_when(row))}, {escape(row.title)}: pain after {row.after}</title>"
            "</rect>"
        )
    lines.append("</svg>")
    return "\n".join(lines)


def _given(pain: int | None) -> int:
    assert pain is not None  # the series hold only sessions with that score
    return pain


def _series(
    rows: Sequence[SessionRow],
    which: str,
    colour: str,
    dash: str,
    x_of: Callable[[datetime], float],
    y_of: Callable[[SessionRow], float],
) -> list[str]:
    if len(rows) < 2:
        return []
    points = " ".join(f"{_num(x_of(r.when))},{_num(y_of(r))}" for r in rows)
    return [
        f'<polyline class="line-{which}" points="{points}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
    ]


def _date_ticks(
    start: date, today: date, x_of: Callable[[datetime], float], axis_y: float, label_y: float
) -> list[str]:
    days = (today - start).days + 1
    every = _step(days, 8)
    lines = []
    for offset in range(0, days, every):
        day = start + timedelta(days=offset)
        x = x_of(datetime.combine(day, datetime.min.time()))
        lines.append(
            f'<line x1="{_num(x)}" y1="{_num(axis_y)}" x2="{_num(x)}" y2="{_num(axis_y + 5)}" '
            f'stroke="{_INK}" stroke-width="1"/>'
        )
        lines.append(_text(x, label_y, day_and_month(day), "start" if offset == 0 else "middle"))
    return lines
