"""The pain sparklines of `spasm stats`: the blocks, the words at the end, the fit."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from itertools import count

import pytest
from rich.console import Console

from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.stats import PainPoint, PainSeries, PainTrend, pain_trend, summarize
from spasm_cli.terminal.history_view import render_stats
from spasm_cli.terminal.pain_chart import (
    BLOCKS,
    NO_SCORES,
    block,
    first_to_latest,
    render_pain_trend,
    series_lines,
    sparkline,
)

_ids = count(1)
START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
LONG_TITLE = "Core beginner: the first weeks of gentle stabilising work, done slowly"


def rec(
    hours: float, before: int | None, after: int | None, routine: str = "acute-relief"
) -> SessionRecord:
    return SessionRecord(
        id=next(_ids),
        routine=routine,
        routine_hash="h" * 64,
        title=LONG_TITLE if routine == "core-beginner" else routine.replace("-", " ").capitalize(),
        started_at=START + timedelta(hours=hours),
        utc_offset_seconds=0,
        ended_at=None,
        planned_seconds=600.0,
        active_seconds=540.0,
        done=4,
        skipped=0,
        status=SessionStatus.FINISHED,
        pain_before=before,
        pain_after=after,
        pid=1,
        host="h",
    )


# Sessions in time order: acute relief getting better, core beginner once worse.
HISTORY = [
    rec(0, 7, 4),
    rec(1, 6, 3),
    rec(2, 3, 5, routine="core-beginner"),
    rec(3, 6, None),
    rec(4, None, None),
    rec(5, 3, 2, routine="core-beginner"),
    rec(6, 5, 2),
    rec(7, 10, 0),
]


def draw(trend: PainTrend, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    render_pain_trend(console, trend)
    return console.export_text().splitlines()


def test_blocks_from_0_to_10() -> None:
    assert BLOCKS == "▁▂▃▄▅▆▇█"
    assert block(0) == "▁" and block(10) == "█"
    assert [block(s) for s in range(11)] == list("▁▂▂▃▄▅▅▆▇▇█")
    levels = [BLOCKS.index(block(s)) for s in range(11)]
    assert levels == sorted(levels)  # more pain is never a lower block
    assert block(-1) == "▁" and block(11) == "█"  # clamped, never an IndexError


def test_sparkline_keeps_a_gap_for_a_missing_score() -> None:
    assert sparkline([0, None, 10, 5]) == "▁·█▅"
    assert sparkline([None, None]) == "··"
    assert sparkline([]) == ""


def test_first_and_latest_score_in_plain_numbers() -> None:
    assert first_to_latest([6, None, 4, 3]) == "6 → 3"
    assert first_to_latest([None, 4, None]) == "4"
    assert first_to_latest([None, None]) == first_to_latest([]) == "-"
    assert first_to_latest([0, 10]) == "0 → 10"


@pytest.mark.parametrize("width", [80, 40])
def test_every_line_fits_with_its_labels_and_end_values(width: int) -> None:
    lines = draw(pain_trend(HISTORY), width)
    assert all(len(line) <= width for line in lines), lines
    text = "\n".join(lines)
    assert "Pain over your last 8 sessions" in text  # wrapped at 40, on one line at 80
    assert "All sessions" in lines and "Acute relief" in lines
    # all sessions: before 7 6 3 6 - 3 5 10, after 4 3 5 - - 2 2 0
    assert "  ▆▅▃▅·▃▅█  before 7 → 10" in lines
    assert "  ▄▃▅··▂▂▁  after 4 → 0" in lines
    # acute relief alone: before 7 6 6 - 5 10, after 4 3 - - 2 0
    assert "  ▆▅▅·▅█  before 7 → 10" in lines
    assert "  ▄▃··▂▁  after 4 → 0" in lines
    assert "  ▃▃  before 3 → 3" in lines and "  ▅▂  after 5 → 2" in lines
    # the long title is cut to the width with an ellipsis, only where it must be
    titles = [line for line in lines if line.startswith("Core beginner")]
    assert len(titles) == 1
    if len(LONG_TITLE) <= width:
        assert titles == [LONG_TITLE]
    else:
        assert titles[0].endswith("…") and len(titles[0]) == width
        assert LONG_TITLE.startswith(titles[0][:-1])


def test_the_order_is_all_sessions_then_routines_by_name() -> None:
    lines = draw(pain_trend(HISTORY), 80)
    assert lines.index("All sessions") < lines.index("Acute relief")
    assert lines.index("Acute relief") < next(
        i for i, line in enumerate(lines) if line.startswith("Core beginner")
    )


@pytest.mark.parametrize(("width", "points"), [(39, 20), (30, 18), (24, 12), (20, 8)])
def test_under_40_columns_short_labels_and_the_most_recent_points_that_fit(
    width: int, points: int
) -> None:
    data = [rec(h, h % 11, 10 - h % 11) for h in range(20)]
    trend = pain_trend(data)
    lines = draw(trend, width)
    assert all(len(line) <= width for line in lines), lines
    before = next(line for line in lines if " bef " in line)
    after = next(line for line in lines if " aft " in line)
    drawn_before = before.split()[0]
    drawn_after = after.split()[0]
    assert len(drawn_before) == len(drawn_after) == points  # the same sessions
    shown = data[-points:]
    assert drawn_before == sparkline([r.pain_before for r in shown])  # the most recent ones
    assert drawn_after == sparkline([r.pain_after for r in shown])
    # the words describe what is drawn, not the sessions left out
    assert before.endswith(f"bef {first_to_latest([r.pain_before for r in shown])}")
    assert "before" not in "\n".join(lines)


def test_after_is_green_where_pain_went_down_and_the_numbers_say_it_too() -> None:
    series = PainSeries(
        routine=None,
        title="All sessions",
        points=(PainPoint(6, 3), PainPoint(4, 4), PainPoint(3, 7), PainPoint(5, None)),
    )
    title, before, after = series_lines(series, 80)
    assert (title.plain, before.plain, after.plain) == (
        "All sessions",
        "  ▅▄▃▅  before 6 → 5",
        "  ▃▄▆·  after 3 → 7",
    )
    styles = {str(span.style) for span in after.spans if span.start == 2}
    assert styles == {"green"}  # 6 -> 3: less pain
    assert not [span for span in after.spans if span.start == 3]  # 4 -> 4: no colour
    assert {str(s.style) for s in after.spans if s.start == 4} == {"red"}  # 3 -> 7
    assert {str(s.style) for s in after.spans if s.start == 5} == {"dim"}  # the gap
    assert all(str(span.style) != "green" for span in before.spans)


def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system="standard")
    render_pain_trend(console, pain_trend(HISTORY))
    assert "\x1b[32m" not in out.getvalue() and "\x1b[31m" not in out.getvalue()
    assert "before 7 → 10" in out.getvalue()


def test_no_pain_scores_at_all_is_one_line() -> None:
    trend = pain_trend([rec(0, None, None), rec(1, None, None, routine="bridges")])
    assert draw(trend, 80) == [NO_SCORES]
    assert len(NO_SCORES) <= 80
    assert " ".join(draw(trend, 40)) == NO_SCORES  # wrapped, not cut


def test_a_routine_without_scores_among_scored_ones_says_so() -> None:
    trend = pain_trend([rec(0, 6, 3), rec(1, None, None, routine="bridges")])
    lines = draw(trend, 80)
    assert lines[-2:] == ["Bridges", "  no pain scores"]


def test_one_session_reads_in_the_singular() -> None:
    lines = draw(pain_trend([rec(0, 6, 3)]), 80)
    assert lines[0] == "Pain over your last session (0 to 10)"
    assert "  ▅  before 6" in lines and "  ▃  after 3" in lines


@pytest.mark.parametrize("width", [80, 40])
def test_stats_draws_the_chart_after_the_pain_table(width: int) -> None:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    render_stats(console, summarize(HISTORY, today=date(2024, 5, 1)))
    lines = console.export_text().splitlines()
    assert all(len(line) <= width for line in lines), lines
    table = next(i for i, line in enumerate(lines) if line.startswith("Pain from 0 to 10"))
    chart = next(i for i, line in enumerate(lines) if line.startswith("Pain over your last"))
    assert table < chart
    assert "  ▄▃▅··▂▂▁  after 4 → 0" in lines[chart:]
