"""Drawing stats and the safety notice with Rich (history is listed by history_list).

Takes plain data (records, ``Stats``, the safety quotes) and a ``Console``; the
commands decide what to show. User text (routine titles) is always passed as
``Text`` so brackets in it are never read as Rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from spasm_cli import safety
from spasm_cli.history.stats import PainSummary, Stats, WeekTotal
from spasm_cli.terminal.pain_chart import render_pain_trend
from spasm_cli.wrapping import wrap

_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"


def stdout_console() -> Console:
    """A console on stdout, for commands that must not import Rich themselves."""
    return Console(highlight=False)


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar ``width`` cells long at ``largest``, in eighths of a cell."""
    if largest <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(value / largest * width * 8)
    eighths = max(eighths, 1)  # a week with any practice shows something
    full, rest = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")


def _table() -> Table:
    # Light tables with no outer edge, so that they fit 80 columns; the title
    # is printed above as wrapped text (Rich pads a title to the table's width).
    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _sessions(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"


def _week_rows(console: Console, weeks: Sequence[WeekTotal]) -> None:
    largest = max((w.active_minutes for w in weeks), default=0.0)
    # label (6) + gaps + "12 sessions  345 min" (about 22) around the bar
    width = min(40, console.width - 31)
    for w in weeks:
        line = Text()
        line.append(f"{w.monday:>6}  ", style="dim")
        if width >= 4:  # narrower than that a bar says nothing: figures only
            line.append(bar(w.active_minutes, largest, width).ljust(width) + "  ", style="cyan")
        line.append(f"{_sessions(w.sessions):>11}  {w.active_minutes:>4.0f} min")
        console.print(line, no_wrap=True, overflow="ignore")


def _avg(value: float | None, n: int, signed: bool = False) -> str:
    if value is None:
        return "-"
    number = f"{value:+.1f}" if signed else f"{value:.1f}"
    return f"{number} ({n})"


PAIN_HEADING = "Pain from 0 to 10, on average"
PAIN_LEGEND = "In brackets: how many sessions had a score. Change is after minus before."


def _pain_table(pain: Sequence[PainSummary]) -> Table:
    table = _table()
    table.add_column("routine")
    table.add_column("sessions", justify="right")
    table.add_column("before", justify="right")
    table.add_column("after", justify="right")
    table.add_column("change", justify="right")
    for p in pain:
        table.add_row(
            Text(p.routine),
            str(p.sessions),
            _avg(p.before, p.before_n),
            _avg(p.after, p.after_n),
            Text(_avg(p.change, p.change_n, signed=True), style=_change_style(p)),
        )
    return table


def _change_style(p: PainSummary) -> str:
    if p.change is None or p.change == 0:
        return ""
    return "green" if p.change < 0 else "red"


def _pain_cards(console: Console, pain: Sequence[PainSummary]) -> None:
    # One small block per routine where the table would not fit.
    for p in pain:
        _print_wrapped(console, f"{p.routine}, {_sessions(p.sessions)}", style="bold")
        _print_wrapped(
            console,
            f"before {_avg(p.before, p.before_n)}, after {_avg(p.after, p.after_n)}",
            indent=True,
        )
        change = Text(_avg(p.change, p.change_n, signed=True), style=_change_style(p))
        console.print(Text.assemble("  change ", change), no_wrap=True, overflow="ignore")


def render_stats(console: Console, stats: Stats) -> None:
    """Streaks, the weekly bar chart, the pain table (cards where it does not fit), pain's trend."""
    if stats.total_sessions == 0:
        _print_wrapped(console, "No sessions recorded yet. Run one with `spasm routine NAME`.")
        return
    s = stats.streaks
    console.print(Text.assemble(("Current streak: ", "bold"), _days(s.current)))
    console.print(Text.assemble(("Longest streak: ", "bold"), _days(s.longest)))
    _print_wrapped(
        console, "A day counts when a session finished or ran at least a minute.", style="dim"
    )
    console.print()
    _print_wrapped(
        console,
        f"The last {len(stats.weeks)} weeks, each from its Monday: sessions and minutes of "
        "exercise",
        style="bold",
    )
    _week_rows(console, stats.weeks)
    console.print()
    _print_wrapped(console, PAIN_HEADING, style="bold")
    _print_wrapped(console, PAIN_LEGEND, style="dim")
    table = _pain_table(stats.pain)
    # Measured without the console's limit: the width the table wants, not
    # what Rich would squeeze it to (cut words, cells folded over lines).
    wants = Measurement.get(console, console.options.update_width(10_000), table).maximum
    if wants <= console.width:
        console.print(table)
    else:
        _pain_cards(console, stats.pain)
    console.print()
    render_pain_trend(console, stats.trend)


def _print_wrapped(
    console: Console, text: str, style: str = "", bullet: bool = False, indent: bool = False
) -> None:
    # wrapping.wrap rather than a Rich grid: wrapped lines hang under the text
    # and carry no trailing padding, which screen readers and copy-paste prefer.
    width = max(20, console.width - 1)
    if bullet:
        text = "  • " + text  # the marker makes the wrapped lines hang under the text
    elif indent:
        text = "  " + text
    for line in wrap(text, width, hang="    " if indent else None):
        console.print(Text(line, style=style), no_wrap=True, overflow="ignore")


def render_safety(console: Console, *, first_run: bool = False) -> None:
    """The warning signs (the urgent one first), the cautions and where the articles disagree."""
    console.print(Text(safety.WARNING_HEADING, style="bold red"))
    _print_wrapped(console, safety.WARNING_INTRO)
    console.print()
    console.print(Text(safety.URGENT_HEADING, style="bold red"))
    for q in safety.URGENT_SIGNS:
        _print_wrapped(console, q.text, style="bold", bullet=True)
    console.print(Text(safety.OTHER_HEADING, style="bold"))
    for q in safety.OTHER_SIGNS:
        _print_wrapped(console, q.text, bullet=True)
    _print_wrapped(console, safety.sources_line(safety.WARNING_SIGNS), style="dim")
    console.print()
    console.print(Text(safety.CAUTION_HEADING, style="bold"))
    for q in safety.CAUTIONS:
        _print_wrapped(console, q.text, bullet=True)
    _print_wrapped(console, safety.sources_line(safety.CAUTIONS), style="dim")
    console.print()
    console.print(Text(safety.DISAGREEMENT_HEADING, style="bold"))
    _print_wrapped(console, safety.DISAGREEMENT)
    if first_run:
        console.print()
        _print_wrapped(console, safety.SEE_AGAIN)
