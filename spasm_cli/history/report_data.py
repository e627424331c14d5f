"""What ``spasm report`` puts in front of a therapist, as plain values.

Pure functions over ``SessionRecord``s, the active ``ProgramRun`` and a
``today`` date (no database, no HTML), so every figure is tested on fixed
data; ``terminal/report_html`` draws them. The report covers the local
calendar days from the ``--since`` date to today, both counted: its sessions
(none still running), sessions and minutes per week, pain before and after
each session, the pain change per routine, and the active program's days and
doses.

Nothing in it names the computer or a file: no host, process id, routine
hash or folder. A routine run from a file is named by its file name alone
(``export.export_name``), as the exports do.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spasm_cli.errors import UsageError
from spasm_cli.history.export import export_name
from spasm_cli.history.records import SessionRecord, SessionStatus, pain_change
from spasm_cli.history.run_records import ProgramRun, played_of
from spasm_cli.history.stats import pain_by_routine
from spasm_cli.program.adherence import DosePoint, adherence
from spasm_cli.program.calendar import day_state

DEFAULT_SINCE = "4w"
# A report covers at most this many years: enough for any diary, and a week
# row for each week of it stays a table a person can print.
MAX_YEARS = 100
_PERIOD = re.compile(r"([0-9]{1,5})\s*([dwm])")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The title app/program_day gives a program day's session: "Core foundations, day 3 of 28".
_PROGRAM_DAY = re.compile(r", day [0-9]+ of [0-9]+$")
_SINCE_HELP = (
    "give a period such as 4w (weeks), 30d (days) or 3m (months), or a date such as 2026-11-01"
)

# How a session ended, in the words of the report's tables.
ENDED = {
    SessionStatus.FINISHED: "finished",
    SessionStatus.STOPPED: "stopped early",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.UNKNOWN: "ended unexpectedly",
    SessionStatus.RUNNING: "still running",
}


def _months_back(today: date, months: int) -> date:
    # The same day of the month, ``months`` earlier; the month's last day
    # when it is shorter (31 Mar, one month back, is 28 or 29 Feb).
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise OverflowError("before year 1")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(today.day, last))


def since_date(text: str, today: date) -> date:
    """The first day a ``--since`` value covers: ``4w`` is four weeks before ``today``.

    ``Nd``, ``Nw`` and ``Nm`` count back days, weeks and calendar months
    (N from 1); an ISO date (``2026-11-01``) is that day, which may not be
    after ``today``. Anything else is a ``UsageError`` (exit 2) saying what
    would do.
    """
    word = text.strip().lower()
    shown = repr(text.strip())
    first = _since(word, shown, today)
    if first < _months_back(today, 12 * MAX_YEARS):
        raise UsageError(
            f"--since {shown} reaches too far back: a report covers {MAX_YEARS} years at most"
        )
    return first


def _since(word: str, shown: str, today: date) -> date:
    period = _PERIOD.fullmatch(word)
    try:
        if period is not None:
            count, unit = int(period.group(1)), period.group(2)
            if count < 1:
                raise UsageError(f"--since {shown} covers no days: {_SINCE_HELP}")
            if unit == "m":
                return _months_back(today, count)
            return today - timedelta(days=count * (7 if unit == "w" else 1))
        if _ISO_DATE.fullmatch(word):
            try:
                day = date.fromisoformat(word)
            except ValueError:
                raise UsageError(f"--since {shown} is not a date on the calendar") from None
            if day > today:
                raise UsageError(
                    f"--since {shown} is after today ({today.isoformat()}): the report covers "
                    "days already past"
                )
            return day
    except OverflowError:
        raise UsageError(f"--since {shown} reaches too far back: {_SINCE_HELP}") from None
    raise UsageError(f"--since {shown} is not a period or a date: {_SINCE_HELP}")


@dataclass(frozen=True)
class WeekRow:
    """Sessions and minutes of exercise in one week of the period (Monday to Sunday).

    The first and last weeks may be cut by the period: ``first`` and ``last``
    are the days of the week it covers.
    """

    first: date
    last: date
    sessions: int
    minutes: float


@dataclass(frozen=True)
class SessionRow:
    """One session of the period, as the pain chart and its table show it."""

    when: datetime  # the local wall-clock start, without a zone (for the x axis)
    title: str
    name: str  # the routine's name, a file routine's by its file name alone
    ended: str  # how it ended, in words (``ENDED``)
    minutes: float  # time exercising; 0 when the session never said
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        """After minus before (negative: less pain), or None without both scores."""
        return pain_change(self.before, self.after)


@dataclass(frozen=True)
class RoutineRow:
    """The pain change of one routine over the period; each average with its count."""

    title: str
    name: str
    sessions: int
    before: float | None
    before_n: int
    after: float | None
    after_n: int
    change: float | None
    change_n: int


@dataclass(frozen=True)
class ProgramPart:
    """The active program as the report shows it: its days, its sessions, its doses."""

    title: str
    started: date
    day: int  # the day offered today (or done today)
    length: int
    finished: bool  # its last day is done
    days_done: int
    days_planned: int
    sessions: int  # every session of the run, since it started
    per_week: float
    doses: tuple[DosePoint, ...]  # the first dose, then each change


@dataclass(frozen=True)
class ReportData:
    """Everything in the report."""

    today: date
    start: date  # the first day covered; today is the last
    sessions: tuple[SessionRow, ...]  # oldest first
    weeks: tuple[WeekRow, ...]
    routines: tuple[RoutineRow, ...]
    program: ProgramPart | None
    left_out: int = 0  # damaged history rows that could not be read

    @property
    def finished(self) -> int:
        """How many of the period's sessions played to their end."""
        return sum(row.ended == ENDED[SessionStatus.FINISHED] for row in self.sessions)

    @property
    def before(self) -> tuple[float | None, int]:
        """The average pain before a session over the period, and how many scores it is of."""
        return _average([r.before for r in self.sessions])

    @property
    def after(self) -> tuple[float | None, int]:
        """The average pain after a session over the period, and how many scores it is of."""
        return _average([r.after for r in self.sessions])

    @property
    def scored(self) -> tuple[SessionRow, ...]:
        """The sessions with a pain score before or after (or both)."""
        return tuple(r for r in self.sessions if r.before is not None or r.after is not None)


def _average(scores: Iterable[int | None]) -> tuple[float | None, int]:
    given = [s for s in scores if s is not None]
    return (sum(given) / len(given) if given else None), len(given)


def in_period(records: Iterable[SessionRecord], start: date, today: date) -> list[SessionRecord]:
    """The sessions that started from ``start`` to ``today`` (local days), oldest first.

    A session still running is left out: it has no end and no pain after yet.
    """
    chosen = [
        r
        for r in records
        if r.status is not SessionStatus.RUNNING and start <= r.local_date <= today
    ]
    return sorted(chosen, key=lambda r: (r.started_at, r.id))


def week_rows(records: Sequence[SessionRecord], start: date, today: date) -> list[WeekRow]:
    """Every week from ``start``'s to ``today``'s, oldest first, weeks without sessions too."""
    monday = start - timedelta(days=start.weekday())
    counts: dict[date, int] = {}
    minutes: dict[date, float] = {}
    for r in records:
        week = r.local_date - timedelta(days=r.local_date.weekday())
        counts[week] = counts.get(week, 0) + 1
        minutes[week] = minutes.get(week, 0.0) + (r.active_seconds or 0.0) / 60.0
    rows = []
    while monday <= today:
        rows.append(
            WeekRow(
                first=max(monday, start),
                last=min(monday + timedelta(days=6), today),
                sessions=counts.get(monday, 0),
                minutes=minutes.get(monday, 0.0),
            )
        )
        monday += timedelta(weeks=1)
    return rows


def session_row(record: SessionRecord) -> SessionRow:
    """One session as the report shows it."""
    return SessionRow(
        when=record.local_start.replace(tzinfo=None, microsecond=0),
        title=record.title,
        name=_routine_name(record.routine),
        ended=ENDED[record.status],
        minutes=(record.active_seconds or 0.0) / 60.0,
        before=record.pain_before,
        after=record.pain_after,
    )


def _routine_title(records: Sequence[SessionRecord], routine: str, title: str) -> str:
    # A program day is kept under the routines it played (``pelvic-tilts+dead-bug``),
    # and its title names one day of them; the row is the program's, for every day.
    newest = [r for r in records if r.routine == routine][-1]
    return _PROGRAM_DAY.sub("", title) if newest.program is not None else title


def _routine_name(routine: str) -> str:
    # A day of several routines, spaced so that a narrow cell breaks between them.
    return " + ".join(export_name(routine).split("+")) if "+" in routine else export_name(routine)


def routine_rows(records: Sequence[SessionRecord]) -> list[RoutineRow]:
    """The pain change per routine (``stats.pain_by_routine``), named for a reader.

    A program day's row has the program's title, its routines' names below
    it; rows come in the order of their titles.
    """
    rows = [
        RoutineRow(
            title=_routine_title(records, p.routine, p.title),
            name=_routine_name(p.routine),
            sessions=p.sessions,
            before=p.before,
            before_n=p.before_n,
            after=p.after,
            after_n=p.after_n,
            change=p.change,
            change_n=p.change_n,
        )
        for p in pain_by_routine(records)
    ]
    return sorted(rows, key=lambda row: (row.title.casefold(), row.name))


def program_part(run: ProgramRun, records: Sequence[SessionRecord], today: date) -> ProgramPart:
    """The active run's figures as of ``today``, from its own sessions in history.

    The length is the one the run started with (history's), so the part
    needs no program file: a program whose file is gone still has its days.
    """
    ordered = sorted(records, key=lambda r: (r.started_at, r.id))
    sessions = played_of(ordered)
    days = day_state(run.days, run.local_date, sessions, today)
    figures = adherence(run.days, run.local_date, sessions, today)
    return ProgramPart(
        title=run.title,
        started=run.local_date,
        day=days.day,
        length=run.days,
        finished=days.finished,
        days_done=figures.days_done,
        days_planned=figures.days_planned,
        sessions=figures.sessions,
        per_week=figures.per_week,
        doses=figures.dose_changes(),
    )


def build(
    records: Iterable[SessionRecord],
    today: date,
    start: date,
    *,
    run: ProgramRun | None = None,
    run_records: Sequence[SessionRecord] = (),
    left_out: int = 0,
) -> ReportData:
    """The report's contents for the days from ``start`` to ``today``.

    ``records`` may be the whole history: only the period's sessions are
    kept. ``run`` is the active program run (None when none is on), with
    ``run_records`` its sessions, all of them, since it started.
    """
    chosen = in_period(records, start, today)
    return ReportData(
        today=today,
        start=start,
        sessions=tuple(session_row(r) for r in chosen),
        weeks=tuple(week_rows(chosen, start, today)),
        routines=tuple(routine_rows(chosen)),
        program=None if run is None else program_part(run, run_records, today),
        left_out=left_out,
    )
