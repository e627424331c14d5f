"""``spasm report`` drawn as one self-contained HTML page, for a therapist to read or print.

Built from a ``ReportData`` (``history.report_data``) with ``html.escape``,
no template engine: every text from the history (a routine's or program's
title may hold ``<script>``) is escaped. The page loads nothing: no fonts,
style sheets, images or scripts from anywhere, no JavaScript at all; its CSS
is in one ``<style>``, with an A4 page and print rules (white background,
charts as wide as the page, table rows never split across pages). The charts
are inline SVG (``report_svg``), and every number they draw is in a table
too, so nothing depends on colour or on seeing the chart.
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from spasm_cli.history.report_data import ProgramPart, ReportData, RoutineRow
from spasm_cli.history.stats import day_and_month
from spasm_cli.safety import (
    OTHER_HEADING,
    OTHER_SIGNS,
    TIMER_NOTE,
    URGENT_HEADING,
    URGENT_SIGNS,
    WARNING_HEADING,
    WARNING_SIGNS,
    sources_line,
)
from spasm_cli.terminal.report_svg import AFTER_COLOUR, BEFORE_COLOUR, pain_chart, weeks_chart

STYLE = """
@page { size: A4; margin: 15mm }
html { background: #ffffff; color: #111111; }
body {
  font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt; line-height: 1.4; margin: 0 auto; padding: 12px 24px; max-width: 180mm;
}
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 6px; border-bottom: 1px solid #999999; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
p { margin: 4px 0; }
.range { font-size: 12pt; margin-bottom: 8px; }
.note { color: #444444; font-size: 9.5pt; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 10pt; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid #cccccc; padding: 2px 6px; text-align: left; vertical-align: top; }
th { border-bottom: 1px solid #666666; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.name { color: #555555; font-size: 9pt; }
tr, svg, figure, li { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 0; }
ul { margin: 4px 0; padding-left: 20px; }
.legend span { white-space: nowrap; margin-right: 20px; }
svg.key { vertical-align: middle; margin-right: 4px; }
.day { white-space: nowrap; }
blockquote { margin: 4px 0 4px 12px; }
@media print {
  html, body { background: #ffffff; }
  body { padding: 0; max-width: none; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

DASH = "\u2013"  # an en dash for a score not given


def _e(text: str) -> str:
    return escape(text, quote=True)


def _long_date(day: date) -> str:
    return f"{day_and_month(day)} {day.year}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _minutes(minutes: float) -> str:
    # Whole minutes, halves up (as the exports round seconds), not to even.
    return str(math.floor(minutes + 0.5))


def _score(value: int | None) -> str:
    return DASH if value is None else str(value)


def _average(value: float | None, count: int) -> str:
    return DASH if value is None else f"{value:.1f} ({count})"


def _change(value: float | None, count: int) -> str:
    if value is None:
        return DASH
    # Rounded first, so a change of -0.04 is "0.0", not "-0.0".
    shown = round(value, 1)
    text = "0.0" if shown == 0 else f"{shown:+.1f}"
    return f"{text} ({count})"


def _row(cells: list[tuple[str, bool]]) -> str:
    # Each cell is (HTML already escaped, is a number).
    return (
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if n else f"<td>{c}</td>" for c, n in cells)
        + "</tr>"
    )


def _head(headings: list[tuple[str, bool]]) -> str:
    cells = "".join(
        f'<th scope="col" class="num">{_e(h)}</th>' if n else f'<th scope="col">{_e(h)}</th>'
        for h, n in headings
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _table(caption: str, headings: list[tuple[str, bool]], rows: list[str]) -> str:
    return "\n".join(
        [f'<table aria-label="{_e(caption)}">', _head(headings), "<tbody>", *rows]
        + ["</tbody></table>"]
    )


# --- sections ----------------------------------------------------------------------


def _summary(data: ReportData) -> list[str]:
    count = len(data.sessions)
    if not count:
        return ["<p><strong>There are no sessions in this period.</strong></p>"]
    both = sum(r.change is not None for r in data.sessions)
    lines = [
        f"<p>{_plural(count, 'session')} in this period, {data.finished} played to the end; "
        f"{both} with a pain score both before and after.</p>"
    ]
    (before, before_n), (after, after_n) = data.before, data.after
    if before is not None or after is not None:
        lines.append(
            "<p>Average pain (0 to 10): before a session "
            f"{_average(before, before_n)}, after one {_average(after, after_n)}; "
            "in brackets, how many scores.</p>"
        )
    return lines


def _weeks(data: ReportData) -> list[str]:
    rows = [
        _row(
            [
                (_e(day_and_month(w.first)), False),
                (_e(day_and_month(w.last)), False),
                (str(w.sessions), True),
                (_minutes(w.minutes), True),
            ]
        )
        for w in data.weeks
    ]
    return [
        "<h2>Sessions per week</h2>",
        '<p class="note">Weeks run Monday to Sunday; the first and last may be cut by the '
        "period. Minutes are time spent exercising, pauses left out.</p>",
        f"<figure>{weeks_chart(data.weeks)}</figure>",
        _table(
            "Sessions and minutes per week",
            [("From", False), ("To", False), ("Sessions", True), ("Minutes", True)],
            rows,
        ),
    ]


def _pain(data: ReportData) -> list[str]:
    lines = [
        "<h2>Pain before and after</h2>",
        '<p class="note">Pain is the person\'s own score from 0 (none) to 10 (worst), asked '
        "before and after each session. Change is after minus before: below zero means "
        f"less pain after the session. {DASH} means no score was given.</p>",
    ]
    if not data.sessions:
        return [*lines, "<p>No sessions, so no scores.</p>"]
    if data.scored:
        lines += [
            _legend(),
            f"<figure>{pain_chart(data.scored, data.start, data.today)}</figure>",
        ]
    else:
        lines.append("<p>No session in this period had a pain score.</p>")
    rows = [
        _row(
            [
                (f'<span class="day">{_e(_long_date(r.when.date()))}</span>', False),
                (_e(f"{r.when:%H:%M}"), False),
                (_routine_cell(r.title, r.name), False),
                (_e(r.ended), False),
                (_minutes(r.minutes), True),
                (_score(r.before), True),
                (_score(r.after), True),
                (_session_change(r.change), True),
            ]
        )
        for r in data.sessions
    ]
    lines.append(
        _table(
            "Every session of the period with its pain scores",
            [
                ("Date", False),
                ("Start", False),
                ("Routine", False),
                ("How it ended", False),
                ("Minutes", True),
                ("Before", True),
                ("After", True),
                ("Change", True),
            ],
            rows,
        )
    )
    return lines


def _session_change(change: int | None) -> str:
    if change is None:
        return DASH
    return "0" if change == 0 else f"{change:+d}"


def _legend() -> str:
    # Small drawings of each series' mark and line, then the words: the
    # legend says the shape and the line, not only the colour.
    before = (
        '<svg class="key" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">'
        f'<line x1="0" y1="6" x2="28" y2="6" stroke="{BEFORE_COLOUR}" stroke-width="2.5"/>'
        f'<circle cx="14" cy="6" r="4.5" fill="{BEFORE_COLOUR}"/></svg>'
    )
    after = (
        '<svg class="key" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">'
        f'<line x1="0" y1="6" x2="28" y2="6" stroke="{AFTER_COLOUR}" stroke-width="2.5" '
        'stroke-dasharray="7 4"/>'
        f'<rect x="9" y="1" width="10" height="10" fill="#ffffff" stroke="{AFTER_COLOUR}" '
        'stroke-width="2.5"/></svg>'
    )
    return (
        f'<p class="legend"><span>{before} Before a session: blue circles, solid line</span> '
        f"<span>{after} After a session: orange squares, dashed line</span></p>"
    )


def _routine_cell(title: str, name: str) -> str:
    if name == title:
        return _e(title)
    return f'{_e(title)}<br><span class="name">{_e(name)}</span>'


def _routines(routines: tuple[RoutineRow, ...]) -> list[str]:
    lines = ["<h2>Pain change per routine</h2>"]
    if not routines:
        return [*lines, "<p>No sessions, so no routines.</p>"]
    lines.append(
        '<p class="note">Averages over the period. In brackets: how many sessions had that '
        "score. Change is averaged over the sessions with both scores.</p>"
    )
    rows = [
        _row(
            [
                (_routine_cell(r.title, r.name), False),
                (str(r.sessions), True),
                (_average(r.before, r.before_n), True),
                (_average(r.after, r.after_n), True),
                (_change(r.change, r.change_n), True),
            ]
        )
        for r in routines
    ]
    return [
        *lines,
        _table(
            "Average pain before and after, per routine",
            [
                ("Routine", False),
                ("Sessions", True),
                ("Before", True),
                ("After", True),
                ("Change", True),
            ],
            rows,
        ),
    ]


def _program(part: ProgramPart | None) -> list[str]:
    lines = ["<h2>Program</h2>"]
    if part is None:
        return [*lines, "<p>No program is on.</p>"]
    where = (
        f"all {part.length} days are done" if part.finished else f"day {part.day} of {part.length}"
    )
    share = round(100 * part.days_done / part.days_planned)
    lines += [
        f"<p><strong>{_e(part.title)}</strong>: {where} (started "
        f"{_e(_long_date(part.started))}).</p>",
        f"<p>Days done: {part.days_done} of {part.days_planned} planned so far ({share}%). "
        f"Sessions: {part.sessions}, {part.per_week:.1f} a week.</p>",
        '<p class="note">A day is done when its session played to the end. The dose is how '
        "long the holds are and how many repetitions there are, as a share of what the "
        "routines say: it goes up after sessions that settle, and down after a sharp rise "
        "in pain.</p>",
    ]
    if not part.doses:
        return [*lines, "<p>No session of the program has been played yet.</p>"]
    rows = [
        _row([(_e(_long_date(point.local_date)), False), (f"{point.dose}%", True)])
        for point in part.doses
    ]
    return [
        *lines,
        "<h3>Dose over time</h3>",
        '<p class="note">The first session\'s dose, then each change.</p>',
        _table("The program's dose over time", [("From", False), ("Dose", True)], rows),
    ]


def _warnings() -> list[str]:
    lines = [
        f"<h2>{_e(WARNING_HEADING)}</h2>",
        f"<p>{_e(TIMER_NOTE)} The articles its routines come from say to seek medical help:</p>",
    ]
    for heading, quotes in ((URGENT_HEADING, URGENT_SIGNS), (OTHER_HEADING, OTHER_SIGNS)):
        lines.append(f"<h3>{_e(heading)}</h3>")
        lines.append("<ul>" + "".join(f"<li>{_e(q.text)}</li>" for q in quotes) + "</ul>")
    lines.append(f'<p class="note">{_e(sources_line(WARNING_SIGNS))}</p>')
    return lines


def render(data: ReportData) -> str:
    """The whole report as one HTML document (UTF-8 text, ending in a newline)."""
    span = f"{_long_date(data.start)} to {_long_date(data.today)}"
    title = f"Back spasm sessions, {span}"
    body = [
        "<header>",
        f"<h1>{_e('Back spasm sessions: a report from spasm')}</h1>",
        f'<p class="range">{_e(span)}</p>',
        f'<p class="note">Made on {_e(_long_date(data.today))} by spasm, an exercise timer '
        "that keeps a diary of each session and the pain scores given with it.</p>",
        "</header>",
        "<main>",
        *_summary(data),
    ]
    if data.left_out:
        body.append(
            f'<p class="note">{_plural(data.left_out, "damaged history row")} could not be '
            "read and are left out.</p>"
        )
    body += _weeks(data) + _pain(data) + _routines(data.routines) + _program(data.program)
    body += [*_warnings(), "</main>"]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
