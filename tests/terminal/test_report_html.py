"""The report's HTML and SVG: self-contained, escaped, well formed, every score drawn and tabled."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from itertools import count

import pytest

from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.report_data import ReportData, build
from spasm_cli.history.run_records import ProgramRun, RunStatus
from spasm_cli.safety import WARNING_SIGNS, sources_line
from spasm_cli.terminal.report_html import render
from spasm_cli.terminal.report_svg import AFTER_COLOUR, BEFORE_COLOUR

TODAY = date(2026, 12, 3)
START = date(2026, 11, 5)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
_ids = count(1)


def rec(
    local: str,
    before: int | None = None,
    after: int | None = None,
    *,
    routine: str = "acute-relief",
    title: str = "Acute spasm relief",
    status: SessionStatus = SessionStatus.FINISHED,
    program: tuple[int, int] | None = None,  # day, dose
) -> SessionRecord:
    zone = timezone(timedelta(hours=1))
    start = datetime.fromisoformat(local).replace(tzinfo=zone)
    return SessionRecord(
        id=next(_ids),
        routine=routine,
        routine_hash="0123456789abcdef" * 4,
        title=title,
        started_at=start.astimezone(timezone.utc),
        utc_offset_seconds=3600,
        ended_at=start + timedelta(minutes=5),
        planned_seconds=300.0,
        active_seconds=290.0,
        done=3,
        skipped=0,
        status=status,
        pain_before=before,
        pain_after=after,
        pid=98765,
        host="ana-secret-laptop",
        program_run=None if program is None else 3,
        program=None if program is None else "core-foundations",
        program_day=None if program is None else program[0],
        dose=None if program is None else program[1],
    )


def active_run(title: str = "Core foundations") -> ProgramRun:
    return ProgramRun(
        id=3,
        program="core-foundations",
        program_hash="9" * 64,
        title=title,
        days=28,
        started_at=datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc),
        utc_offset_seconds=3600,
        ended_at=None,
        status=RunStatus.ACTIVE,
    )


def sample(title: str = "Acute spasm relief") -> ReportData:
    program = [
        rec("2026-11-20T08:00", 4, 3, routine="pelvic-tilts", title="Core, day 1", program=(1, 70)),
        rec("2026-11-21T08:00", 3, 3, routine="pelvic-tilts", title="Core, day 2", program=(2, 70)),
        rec("2026-11-23T08:00", 3, 2, routine="pelvic-tilts", title="Core, day 3", program=(3, 80)),
    ]
    records = [
        rec("2026-11-06T08:10", 7, 5, title=title),
        rec("2026-11-06T19:40", 6, None, title=title),
        rec("2026-11-08T09:00", None, None, status=SessionStatus.STOPPED),
        rec("2026-11-10T09:00", None, 4, routine="file:/home/ana/private/mine.yaml", title="Mine"),
        rec("2026-10-01T09:00", 9, 9),  # before the period
        *program,
    ]
    return build(records, TODAY, START, run=active_run(), run_records=program)


class Tags(HTMLParser):
    """Checks that every element opened is closed, in order (void elements aside)."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def test_the_page_is_balanced_html() -> None:
    page = render(sample())
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    tags = parsed(page)
    assert tags.problems == []
    assert tags.open == []
    names = [tag for tag, _ in tags.starts]
    assert names.count("svg") >= 2 and names.count("table") == 4
    assert ("meta", {"charset": "utf-8"}) in tags.starts


@pytest.mark.parametrize("data", [sample(), build([], TODAY, START)], ids=["sessions", "empty"])
def test_nothing_is_loaded_from_anywhere(data: ReportData) -> None:
    page = render(data).lower()
    for banned in ("http", "<script", "<link", "src=", "url(", "@import", "javascript", " on"):
        if banned == " on":
            assert not re.search(r"\son[a-z]+\s*=", page)  # no event handler attributes
        else:
            assert banned not in page


def test_a_hostile_title_is_escaped_everywhere() -> None:
    data = build(
        [rec("2026-11-30T08:00", 5, 3, title=HOSTILE, routine='x"><script>')],
        TODAY,
        START,
        run=active_run(title=HOSTILE),
        run_records=[],
    )
    page = render(data)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    tags = parsed(page)
    assert tags.problems == []
    # The title is in the session table, the routine table, the program part
    # and each point's <title>.
    text = "".join(tags.text)
    assert text.count(HOSTILE) == 5


def test_nothing_names_the_computer_or_a_folder() -> None:
    page = render(sample())
    for secret in ("ana-secret-laptop", "98765", "0123456789abcdef", "9" * 64, "/home/ana"):
        assert secret not in page
    assert "mine.yaml (own file)" in page


def test_a_point_for_every_score_and_a_line_for_each_series() -> None:
    data = sample()
    page = render(data)
    chart = page[
        page.index('id="pain-chart"') : page.index("</svg>", page.index('id="pain-chart"'))
    ]
    befores = [r for r in data.sessions if r.before is not None]
    afters = [r for r in data.sessions if r.after is not None]
    assert (len(befores), len(afters)) == (5, 5)
    assert chart.count('class="point-before"') == len(befores)
    assert chart.count('class="point-after"') == len(afters)
    assert 'class="line-before"' in chart and 'class="line-after"' in chart
    assert f'stroke="{BEFORE_COLOUR}"' in chart and f'stroke="{AFTER_COLOUR}"' in chart
    # Each point says its date, time, routine and score.
    assert "<title>6 Nov 08:10, Acute spasm relief: pain before 7</title>" in chart
    assert "<title>10 Nov 09:00, Mine: pain after 4</title>" in chart


def test_the_pain_chart_has_its_axis_dates_title_and_description() -> None:
    page = render(sample())
    chart = page[page.index('id="pain-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert 'role="img"' in page and 'aria-labelledby="pain-chart-title pain-chart-desc"' in page
    assert '<title id="pain-chart-title">Pain before and after each session</title>' in chart
    assert '<desc id="pain-chart-desc">Pain from 0 (none) to 10 (worst), from 5 Nov' in chart
    for label in range(0, 11, 2):
        assert f">{label}</text>" in chart
    assert ">5 Nov</text>" in chart
    assert "Before a session: blue circles, solid line" in page
    assert "After a session: orange squares, dashed line" in page


def test_points_stay_inside_the_chart() -> None:
    page = render(sample())
    view = re.search(r'id="pain-chart" viewBox="0 0 (\d+) (\d+)"', page)
    assert view is not None
    width, height = int(view.group(1)), int(view.group(2))
    for x, y in re.findall(r'class="point-before" cx="([\d.]+)" cy="([\d.]+)"', page):
        assert 0 < float(x) < width and 0 < float(y) < height


def test_the_numbers_are_in_tables_too() -> None:
    tags = parsed(render(sample()))
    text = " ".join(" ".join(tags.text).split())
    # The session table: date, start, routine, how it ended, minutes, before, after, change.
    assert "6 Nov 2026 08:10 Acute spasm relief acute-relief finished 5 7 5 -2" in text
    assert "6 Nov 2026 19:40 Acute spasm relief acute-relief finished 5 6 \u2013 \u2013" in text
    assert "8 Nov 2026 09:00 Acute spasm relief acute-relief stopped early 5 \u2013 \u2013" in text
    assert "21 Nov 2026 08:00 Core, day 2 pelvic-tilts finished 5 3 3 0" in text
    # Sessions per week, the first week cut to the period.
    assert "5 Nov 8 Nov 3 15" in text
    assert "30 Nov 3 Dec 0 0" in text
    # Per routine: the averages with their counts.
    assert "Acute spasm relief acute-relief 3 6.5 (2) 5.0 (1) -2.0 (1)" in text
    assert "Core, day 3 pelvic-tilts 3 3.3 (3) 2.7 (3) -0.7 (3)" in text
    assert "Oct" not in text.split("Sessions per week")[1]  # the October session is left out


def test_the_program_part() -> None:
    text = " ".join(" ".join(parsed(render(sample())).text).split())
    assert "Core foundations : day 4 of 28 (started 20 Nov 2026)." in text
    assert "Days done: 3 of 14 planned so far (21%). Sessions: 3, 1.5 a week." in text
    assert "From Dose 20 Nov 2026 70% 23 Nov 2026 80%" in text


def test_no_program_and_no_sessions() -> None:
    page = render(build([], TODAY, START))
    assert parsed(page).problems == []
    assert "There are no sessions in this period." in page
    assert "No program is on." in page
    assert 'id="pain-chart"' not in page
    assert 'id="weeks-chart"' in page  # five weeks of nothing, still drawn
    assert "5 Nov 2026 to 3 Dec 2026" in page


def test_sessions_without_scores_get_no_chart() -> None:
    page = render(build([rec("2026-11-30T08:00")], TODAY, START))
    assert "No session in this period had a pain score." in page
    assert 'id="pain-chart"' not in page


def test_the_warning_signs_with_their_sources() -> None:
    text = " ".join(" ".join(parsed(render(sample())).text).split())
    for quote in WARNING_SIGNS:
        assert quote.text in text
    assert sources_line(WARNING_SIGNS) in text
    assert text.index("Get medical help now:") < text.index("See a doctor:")


def test_print_rules() -> None:
    page = render(sample())
    assert "@page { size: A4; margin: 15mm }" in page
    assert "@media print" in page
    assert "break-inside: avoid" in page and "page-break-inside: avoid" in page
    assert 'width="100%"' in page
    # No dark backgrounds: every background is white.
    assert set(re.findall(r"background: ([^;]+);", page)) == {"#ffffff"}
    assert "prefers-color-scheme" not in page


def test_a_long_period_still_fits_the_width() -> None:
    data = build(
        [rec(f"2026-{month:02d}-10T08:00", 5, 4) for month in range(1, 12)],
        TODAY,
        date(2024, 12, 3),
    )
    page = render(data)
    assert parsed(page).problems == []
    assert len(data.weeks) == 105
    assert page.count('class="bar"') == 105
    # Labelled sparsely, not a label a week.
    weeks_chart = page[page.index('id="weeks-chart"') : page.index("</svg>")]
    assert weeks_chart.count("</text>") < 30
