"""What `spasm report` puts in the report, worked out on fixed data and a fixed today."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import count

import pytest

from spasm_cli.errors import ExitCode, UsageError
from spasm_cli.history.records import SessionRecord, SessionStatus
from spasm_cli.history.report_data import (
    ENDED,
    WeekRow,
    build,
    in_period,
    program_part,
    routine_rows,
    since_date,
    week_rows,
)
from spasm_cli.history.run_records import ProgramRun, RunStatus
from spasm_cli.program.adherence import DosePoint

TODAY = date(2026, 12, 3)  # a Thursday
_ids = count(1)


def rec(
    local: str,
    *,
    offset_hours: float = 1,
    routine: str = "acute-relief",
    title: str = "Acute spasm relief",
    before: int | None = None,
    after: int | None = None,
    status: SessionStatus = SessionStatus.FINISHED,
    active: float | None = 300.0,
    program: tuple[int, int, int] | None = None,  # run id, day, dose
) -> SessionRecord:
    """A session that started at ``local`` wall-clock time, ``offset_hours`` from UTC."""
    zone = timezone(timedelta(hours=offset_hours))
    start = datetime.fromisoformat(local).replace(tzinfo=zone)
    return SessionRecord(
        id=next(_ids),
        routine=routine,
        routine_hash="f" * 64,
        title=title,
        started_at=start.astimezone(timezone.utc),
        utc_offset_seconds=int(offset_hours * 3600),
        ended_at=None if active is None else start + timedelta(seconds=active),
        planned_seconds=300.0,
        active_seconds=active,
        done=3,
        skipped=0,
        status=status,
        pain_before=before,
        pain_after=after,
        pid=4242,
        host="ana-laptop",
        program_run=None if program is None else program[0],
        program=None if program is None else "core-foundations",
        program_day=None if program is None else program[1],
        dose=None if program is None else program[2],
    )


def run(started: str = "2026-11-20T08:00", days: int = 28) -> ProgramRun:
    zone = timezone(timedelta(hours=1))
    return ProgramRun(
        id=7,
        program="core-foundations",
        program_hash="e" * 64,
        title="Core foundations",
        days=days,
        started_at=datetime.fromisoformat(started).replace(tzinfo=zone).astimezone(timezone.utc),
        utc_offset_seconds=3600,
        ended_at=None,
        status=RunStatus.ACTIVE,
    )


# --- --since ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("4w", date(2026, 11, 5)),
        ("1w", date(2026, 11, 26)),
        ("30d", date(2026, 11, 3)),
        ("1d", date(2026, 12, 2)),
        ("3m", date(2026, 9, 3)),
        ("12m", date(2025, 12, 3)),
        (" 2W ", date(2026, 11, 19)),
        ("2026-11-01", date(2026, 11, 1)),
        ("2026-12-03", TODAY),
        ("1999-01-31", date(1999, 1, 31)),
        ("1926-12-03", date(1926, 12, 3)),  # 100 years: the most
        ("1200m", date(1926, 12, 3)),
    ],
)
def test_since_periods_and_dates(text: str, first: date) -> None:
    assert since_date(text, TODAY) == first


def test_since_months_keep_the_day_or_take_the_last_of_a_short_month() -> None:
    assert since_date("1m", date(2026, 3, 31)) == date(2026, 2, 28)
    assert since_date("1m", date(2028, 3, 31)) == date(2028, 2, 29)
    assert since_date("2m", date(2026, 1, 15)) == date(2025, 11, 15)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("4x", "is not a period or a date"),
        ("", "is not a period or a date"),
        ("w", "is not a period or a date"),
        ("-4w", "is not a period or a date"),
        ("4 weeks", "is not a period or a date"),
        ("yesterday", "is not a period or a date"),
        ("0w", "covers no days"),
        ("2026-02-30", "is not a date on the calendar"),
        ("2026-12-04", "is after today (2026-12-03)"),
        ("99999w", "reaches too far back"),
        ("99999m", "reaches too far back"),
        ("1201m", "reaches too far back: a report covers 100 years at most"),
        ("1926-12-02", "reaches too far back"),
    ],
)
def test_since_refuses_what_is_neither(text: str, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        since_date(text, TODAY)
    message = str(caught.value)
    assert words in message
    assert message.startswith(f"--since {text.strip()!r}")
    if "is not a period" in message or "covers no days" in message:
        assert "4w (weeks), 30d (days) or 3m (months)" in message
    assert caught.value.exit_code is ExitCode.INVALID


# --- the period's sessions --------------------------------------------------------


def test_in_period_counts_both_ends_by_local_day_and_leaves_running_out() -> None:
    records = [
        rec("2026-11-04T23:30"),  # the day before the first
        rec("2026-11-05T00:10"),  # the first day
        # 23:30 on 4 Nov where it was played, though 5 Nov in UTC+1
        rec("2026-11-04T23:30", offset_hours=-5),
        rec("2026-12-03T23:59"),  # today
        rec("2026-12-04T08:00"),  # after today (a clock moved)
        rec("2026-12-03T09:00", status=SessionStatus.RUNNING, active=None),
    ]
    chosen = in_period(reversed(records), date(2026, 11, 5), TODAY)
    assert [r.id for r in chosen] == [records[1].id, records[3].id]


def test_week_rows_every_week_cut_to_the_period() -> None:
    records = [
        rec("2026-11-05T08:00", active=600),
        rec("2026-11-08T08:00", active=300),
        rec("2026-11-20T08:00", active=None, status=SessionStatus.UNKNOWN),
        rec("2026-12-03T08:00", active=90),
    ]
    rows = week_rows(records, date(2026, 11, 5), TODAY)
    assert rows == [
        WeekRow(date(2026, 11, 5), date(2026, 11, 8), 2, 15.0),
        WeekRow(date(2026, 11, 9), date(2026, 11, 15), 0, 0.0),
        WeekRow(date(2026, 11, 16), date(2026, 11, 22), 1, 0.0),
        WeekRow(date(2026, 11, 23), date(2026, 11, 29), 0, 0.0),
        WeekRow(date(2026, 11, 30), TODAY, 1, 1.5),
    ]


def test_week_rows_one_day() -> None:
    assert week_rows([], TODAY, TODAY) == [WeekRow(TODAY, TODAY, 0, 0.0)]


def test_sessions_oldest_first_with_change_and_words() -> None:
    data = build(
        [
            rec("2026-11-30T19:00", before=5, after=None, status=SessionStatus.STOPPED),
            rec("2026-11-30T08:05", before=6, after=4),
            rec("2026-12-01T08:00", status=SessionStatus.INTERRUPTED),
        ],
        TODAY,
        date(2026, 11, 5),
    )
    rows = data.sessions
    assert [r.when for r in rows] == [
        datetime(2026, 11, 30, 8, 5),
        datetime(2026, 11, 30, 19, 0),
        datetime(2026, 12, 1, 8, 0),
    ]
    assert [r.change for r in rows] == [-2, None, None]
    assert [r.ended for r in rows] == ["finished", "stopped early", "interrupted"]
    assert data.finished == 1
    assert len(data.scored) == 2  # the interrupted one has no score at all
    assert data.before == (5.5, 2)
    assert data.after == (4.0, 1)


def test_every_status_has_words() -> None:
    assert set(ENDED) == set(SessionStatus)


def test_a_file_routine_is_named_by_its_file_alone() -> None:
    data = build(
        [rec("2026-12-01T08:00", routine="file:/home/ana/secret/my-stretch.yaml", title="Mine")],
        TODAY,
        date(2026, 11, 5),
    )
    assert data.sessions[0].name == "my-stretch.yaml (own file)"
    assert data.routines[0].name == "my-stretch.yaml (own file)"
    assert "/home/ana" not in repr(data)
    assert "ana-laptop" not in repr(data) and "4242" not in repr(data)
    assert "f" * 64 not in repr(data)


# --- per routine -------------------------------------------------------------------


def test_routine_rows_average_before_after_and_change() -> None:
    rows = routine_rows(
        [
            rec("2026-11-20T08:00", before=7, after=5),
            rec("2026-11-21T08:00", before=5, after=None),
            rec("2026-11-22T08:00", before=6, after=3),
            rec("2026-11-22T09:00", routine="breathing", title="Deep belly breathing"),
        ]
    )
    assert [(r.title, r.name) for r in rows] == [
        ("Acute spasm relief", "acute-relief"),
        ("Deep belly breathing", "breathing"),
    ]
    acute = rows[0]
    assert (acute.sessions, acute.before, acute.before_n) == (3, 6.0, 3)
    assert (acute.after, acute.after_n) == (4.0, 2)
    assert (acute.change, acute.change_n) == (-2.5, 2)
    assert (rows[1].before, rows[1].after, rows[1].change) == (None, None, None)


def test_a_program_day_row_has_the_program_title_and_its_routines() -> None:
    rows = routine_rows(
        [
            rec(
                "2026-11-20T08:00",
                routine="pelvic-tilts+dead-bug",
                title="Core foundations, day 3 of 28",
                program=(7, 3, 80),
            ),
            rec(
                "2026-11-27T08:00",
                routine="pelvic-tilts+dead-bug",
                title="Core foundations, day 10 of 28",
                program=(7, 10, 100),
            ),
            # Not a program's: a title that only looks like one stays whole.
            rec("2026-11-27T09:00", routine="mine", title="Walk, day 1 of 2"),
        ]
    )
    assert [(r.title, r.name, r.sessions) for r in rows] == [
        ("Core foundations", "pelvic-tilts + dead-bug", 2),
        ("Walk, day 1 of 2", "mine", 1),
    ]


# --- the program ----------------------------------------------------------------------


def test_program_part_day_days_done_and_dose_changes() -> None:
    records = [
        rec("2026-11-20T08:00", program=(7, 1, 70), before=4, after=3),
        rec("2026-11-21T08:00", program=(7, 2, 70), before=3, after=3),
        rec("2026-11-23T08:00", program=(7, 3, 80), status=SessionStatus.STOPPED),
        rec("2026-11-24T08:00", program=(7, 3, 80), before=3, after=2),
        rec("2026-11-26T08:00", program=(7, 4, 70), before=2, after=5),
    ]
    part = program_part(run(), list(reversed(records)), TODAY)
    assert (part.title, part.started, part.length) == ("Core foundations", date(2026, 11, 20), 28)
    assert part.day == 5  # the next after the highest day done
    assert not part.finished
    assert (part.days_done, part.days_planned, part.sessions) == (4, 14, 5)
    assert part.per_week == pytest.approx(5 / 2)
    assert part.doses == (
        DosePoint(date(2026, 11, 20), 70),
        DosePoint(date(2026, 11, 23), 80),
        DosePoint(date(2026, 11, 26), 70),
    )


def test_program_part_finished_and_before_any_session() -> None:
    done = program_part(
        run("2026-12-01T08:00", days=2),
        [rec("2026-12-01T09:00", program=(7, 1, 70)), rec("2026-12-02T09:00", program=(7, 2, 70))],
        TODAY,
    )
    assert done.finished and done.day == 2 and done.days_done == 2
    fresh = program_part(run("2026-12-03T07:00"), [], TODAY)
    assert (fresh.day, fresh.days_done, fresh.days_planned, fresh.doses) == (1, 0, 1, ())


def test_build_with_no_history() -> None:
    data = build([], TODAY, date(2026, 11, 5))
    assert data.sessions == () and data.routines == () and data.program is None
    assert len(data.weeks) == 5 and all(w.sessions == 0 for w in data.weeks)
    assert data.before == (None, 0) and data.finished == 0


def test_build_keeps_the_whole_run_for_the_program_part() -> None:
    # The run's sessions count from its start, even those before the period.
    old = rec("2026-10-01T08:00", program=(7, 1, 70))
    data = build([old], TODAY, date(2026, 11, 5), run=run("2026-10-01T07:00"), run_records=[old])
    assert data.sessions == ()
    assert data.program is not None and data.program.days_done == 1
