"""A program's rule and where it stands, in plain words (pure text, no printing).

The rule is said as the person lives it (finish, give both pain scores, see
the dose move), with the article sentence each part follows, quoted from
``safety.CAUTIONS`` so the words are the article's own. The thresholds are
the program's choice, and the text says so.
"""

from __future__ import annotations

from datetime import date, timedelta

from spasm_cli.format.program_model import FULL_DOSE, Progress
from spasm_cli.program.calendar import DayState
from spasm_cli.program.rule import DoseState, Judged, Verdict
from spasm_cli.safety import CAUTIONS
from spasm_cli.sources import cite

_GRADUAL = CAUTIONS[1]  # "Start with gentle, low-impact moves and gradually progress ..."
_STOP = CAUTIONS[2]  # "Stop immediately if you experience a sharp increase in pain."
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _upper(text: str) -> str:
    # Not str.capitalize: that would lower "(More 4 Life)" too.
    return text[:1].upper() + text[1:]


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 session``, ``2 sessions``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def day_words(day: date, today: date) -> str:
    """``today``, ``yesterday``, ``tomorrow``, or ``3 Dec``."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{day.day} {_MONTHS[day.month - 1]}"


def ago(days: int) -> str:
    """``today``, ``yesterday``, ``5 days ago``."""
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def in_a_row(count: int) -> str:
    """``2 settled sessions in a row``, or ``1 settled session`` (a row of one is no row)."""
    return "1 settled session" if count == 1 else f"{count} settled sessions in a row"


def _neutral(progress: Progress) -> str:
    low, high = 2, progress.back_off_at - 1
    if high < low:
        return ""
    rise = f"by {low}" if low == high else f"by {low} to {high}"
    return f", or one where pain rose {rise}"


def rule_lines(progress: Progress, *, given: bool = True) -> list[str]:
    """The rule as a heading and a short list, each part with the sentence it follows."""
    source = cite(_GRADUAL.source)
    lines = ["How the dose follows your pain", ""]
    if not progress.enabled:
        lines += [
            f"The routines play as written ({FULL_DOSE}%) every session: this program "
            "does not change the load.",
            f"- When pain after a session is {progress.back_off_at} or more points above "
            f"pain before, spasm shows the warning signs. {_upper(source)} says: "
            f"“{_STOP.text}”",
        ]
        return lines
    lines += [
        "The dose is how long you hold and how many reps you do, as a share of what the "
        "routines say. Breathing, tempo, rests and waits stay as written.",
        "",
        f"- The first session is at {progress.start}%. {_upper(source)} "
        f"('{_GRADUAL.section}') says: “{_GRADUAL.text}”",
        f"- A session is settled when you finish it, give both pain scores, and pain after "
        f"is at most 1 point above pain before. After "
        f"{in_a_row(progress.after)}, the dose goes up "
        f"{progress.step}%, to at most {progress.max}%: that is progressing as your pain "
        "allows.",
        f"- When pain after is {progress.back_off_at} or more points above pain before, even "
        f"in a session you stopped early, the next session goes down {progress.step}% "
        f"(never below {progress.floor}%) and spasm shows the warning signs. The same guide "
        f"says: “{_STOP.text}”",
        "- Any other session keeps the dose: one you stop early, one without both pain "
        f"scores{_neutral(progress)}.",
    ]
    whose = (
        "These numbers are this program's choice"
        if given
        else "These numbers are spasm's defaults (the program sets none of its own)"
    )
    lines += ["", f"{whose}, not medical advice: the articles give no numbers for them."]
    return lines


def dose_reason(progress: Progress, state: DoseState) -> str:
    """Why the next dose is what it is, in a few words: ``up one step: ...``."""
    last = state.last
    dose = f"{state.dose}%"
    if not progress.enabled:
        return f"{dose}: the routines as written"
    if last is None:
        return f"{dose}: where the program starts"
    return f"{dose}: {_because(progress, last, state)}"


def _because(progress: Progress, last: Judged, state: DoseState) -> str:
    played = last.played
    if last.change > 0:
        return f"up one step after {in_a_row(progress.after)}"
    if last.change < 0:
        return (
            f"down one step: pain went from {played.pain_before} to {played.pain_after} last time"
        )
    verdict = last.verdict
    if verdict is Verdict.PAIN_RISE:
        return f"kept: pain rose last time, and {progress.floor}% is the lowest"
    if verdict is Verdict.SETTLED:
        if state.settled_to_go is None:
            return f"kept: {progress.max}% is the most this program goes"
        return f"{plural(state.settled_to_go, 'more settled session')} to go up"
    if verdict is Verdict.STOPPED:
        return "kept: the last session was stopped before its end"
    if verdict is Verdict.NO_PAIN:
        return "kept: the last session has no pain scores (give both to move the dose)"
    return f"kept: pain rose by {played.rise} last time"


def step_line(progress: Progress, last: Judged) -> str:
    """What the session just played did to the dose, for the end of ``spasm today``."""
    before, after = last.dose_before, last.dose_after
    if not progress.enabled:
        return f"The routines stay as written ({FULL_DOSE}%)."
    if last.change > 0:
        return f"Dose up from {before}% to {after}% for the next session."
    if last.change < 0:
        return f"Dose down from {before}% to {after}% for the next session."
    return f"The dose stays at {after}% for the next session."


def standing_lines(title: str, days: DayState, today: date) -> list[str]:
    """Where the run stands on the calendar: days done, the last session, missed days."""
    lines = [f"{plural(days.days_done, 'day')} of {days.length} done."]
    if days.last_date is not None and days.since_last is not None and not days.done_today:
        lines[0] += f" Last session: {ago(days.since_last)}."
        if days.since_last > 1 and not days.finished:
            lines.append(
                f"It has been {plural(days.since_last, 'day')} since your last session. "
                f"{title} goes on where you left off, with day {days.day}: missed days are "
                "never skipped."
            )
    return lines


__all__ = [
    "ago",
    "day_words",
    "dose_reason",
    "plural",
    "rule_lines",
    "standing_lines",
    "step_line",
]
