"""`spasm program ...`, `today` without a session, `validate` of programs, `stats`, as run.

Each test runs the command through ``cli.main`` in-process (the ``spasm``
fixture: folders under a temp dir, no terminal). Sessions a person played on
earlier days are written into the history with the store itself, dated as
they would have been, so the days and doses can be read back the way
`spasm program status` reads them; the sessions `spasm today` plays itself
are in tests/e2e/test_e2e_programs.py.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spasm_cli import paths
from spasm_cli.history.program_runs import ProgramRuns
from spasm_cli.history.records import ProgramTag
from spasm_cli.history.store import HistoryStore, default_path
from spasm_cli.session.events import EndStatus

Spasm = Callable[..., Any]

SHORT = """\
title: {title}
lead_in: 0
steps:
  - title: {title} hold
    hold: 10s
  - title: {title} reps
    reps: 10
    hold: 2s
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def own() -> Path:
    """A program of the user's own over two short routines of their own."""
    write(paths.user_routines_dir(), "aa-one.yaml", SHORT.format(title="One"))
    write(paths.user_routines_dir(), "aa-two.yaml", SHORT.format(title="Two"))
    return write(
        paths.user_programs_dir(),
        "my-plan.yaml",
        """\
        title: My plan
        summary: Three short days.
        phase: recovery
        days:
          - [aa-one]
          - [aa-one, aa-two]
          - aa-two
        progress:
          start: 50%
          step: 25%
          after: 2
          max: 100%
          back_off_at: 3
        """,
    )


def status(spasm: Spasm) -> dict[str, Any]:
    result = spasm("program", "status", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def played(
    day: int,
    *,
    on: date,
    before: int | None = 3,
    after: int | None = 3,
    ended: EndStatus = EndStatus.FINISHED,
) -> None:
    """Record a session of the active run's ``day`` as if played at 10:00 on ``on``."""
    with HistoryStore(default_path(paths.data_dir())) as store:
        runs = ProgramRuns(store)
        run = runs.active()
        assert run is not None
        dose = status_dose(store, run.id)
        moment = datetime(on.year, on.month, on.day, 10, 0).astimezone()
        tag = ProgramTag(run_id=run.id, program=run.program, day=day, dose=dose)
        sid = store.start_session(
            "x", "h", "t", 30.0, pain_before=before, started_at=moment, program=tag
        )
        store.end_session(
            sid, ended, 30.0, 3, 0, ended_at=moment + timedelta(minutes=1), pain_after=after
        )


def begin(name: str, *, days_ago: int) -> None:
    """Start program ``name`` as if `spasm program start` had been run ``days_ago`` days ago."""
    from spasm_cli.format.program_library import ProgramLibrary, default_program_dirs

    program = ProgramLibrary(default_program_dirs()).get(name)
    moment = datetime.now().astimezone() - timedelta(days=days_ago)
    with HistoryStore(default_path(paths.data_dir())) as store:
        ProgramRuns(store).start(
            program.name, program.digest, program.title, program.length, started_at=moment
        )


def status_dose(store: HistoryStore, run_id: int) -> int:
    # The dose the next session plays at, as `spasm today` would tag it.
    from spasm_cli.format.program_library import ProgramLibrary, default_program_dirs
    from spasm_cli.history.run_records import played_of
    from spasm_cli.program.rule import next_dose

    runs = ProgramRuns(store)
    run = runs.active()
    assert run is not None
    program = ProgramLibrary(default_program_dirs()).get(run.program)
    return next_dose(program.progress, played_of(runs.sessions(run_id)))


TODAY = date.today()


# -- list and show ------------------------------------------------------------------


def test_list_in_a_pipe_is_one_program_a_line_in_phase_order(spasm: Spasm) -> None:
    result = spasm("program", "list")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == ["first-days", "core-foundations", "desk-health"]
    assert rows[0] == ["first-days", "The first days of a spasm", "acute", "3", "bundled"]
    assert [row[2] for row in rows] == ["acute", "recovery", "prevention"]


def test_list_json_has_name_title_phase_and_days(spasm: Spasm) -> None:
    data = json.loads(spasm("program", "list", "--json").stdout)
    core = next(p for p in data if p["name"] == "core-foundations")
    assert core["days"] == 28 and core["phase"] == "recovery"
    assert core["progress"] == {"start": 70, "step": 10, "after": 2, "max": 150, "back_off_at": 3}
    first = next(p for p in data if p["name"] == "first-days")
    assert first["progress"] is None and first["next"] == "core-foundations"


def test_show_says_the_rule_in_plain_words_with_the_articles_sentences(spasm: Spasm) -> None:
    result = spasm("program", "show", "core-foundations")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "The first session is at 70%." in text
    assert (
        "“Start with gentle, low-impact moves and gradually progress as your pain allows.”" in text
    )
    assert "After 2 settled sessions in a row, the dose goes up 10%, to at most 150%" in text
    assert "3 or more points above pain before" in text
    assert "“Stop immediately if you experience a sharp increase in pain.”" in text
    assert "not medical advice" in text
    assert " 28. Standing ab bracing (" in result.stdout
    assert "When it ends: `spasm program start desk-health` starts Desk health." in text


def test_show_json_carries_every_day_at_the_starting_dose(spasm: Spasm) -> None:
    data = json.loads(spasm("program", "show", "core-foundations", "--json").stdout)
    assert data["length"] == 28 and len(data["days"]) == 28
    assert data["days"][0]["routines"] == ["pelvic-tilts", "leg-raises"]
    assert {day["dose"] for day in data["days"]} == {70}
    assert data["today"] is None


def test_show_of_a_program_without_progress_says_the_routines_play_as_written(
    spasm: Spasm,
) -> None:
    text = " ".join(spasm("program", "show", "first-days").stdout.split())
    assert "The routines play as written (100%) every session" in text
    assert "settled" not in text


def test_a_missing_program_gets_did_you_mean(spasm: Spasm) -> None:
    result = spasm("program", "show", "core-foundation")
    assert result.exit_code == 2
    assert "no program called 'core-foundation'. Did you mean 'core-foundations'?" in result.stderr


def test_a_program_naming_a_missing_routine_points_at_it(spasm: Spasm, own: Path) -> None:
    own.write_text(own.read_text().replace("- aa-two\n", "- aa-tow\n"), encoding="utf-8")
    for args in (("program", "show", "my-plan"), ("validate", str(own))):
        result = spasm(*args)
        assert result.exit_code == 2, args
        assert f"{own}:7:5: day 3, routine 1: no routine called 'aa-tow'" in result.stderr
        assert "did you mean 'aa-two'?" in result.stderr


def test_validate_takes_program_files_and_names(spasm: Spasm, own: Path) -> None:
    result = spasm("validate", str(own), "core-foundations")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{own}: ok (my-plan: a program of 3 days, doses 50% to 100%)"
    assert lines[1].endswith("ok (core-foundations: a program of 28 days, doses 70% to 150%)")


# -- start, status, stop ------------------------------------------------------------


def test_start_status_and_stop(spasm: Spasm, own: Path) -> None:
    assert status(spasm) == {"program": None}
    result = spasm("program", "start", "my-plan")
    assert result.exit_code == 0, result.stderr
    assert "Started My plan: 3 days, one a day." in result.stdout
    assert "Day 1: One (18s at 50%)." in result.stdout
    data = status(spasm)
    assert {k: data[k] for k in ("program", "day", "days", "dose", "today", "done_today")} == {
        "program": "my-plan",
        "day": 1,
        "days": 3,
        "dose": 50,
        "today": ["aa-one"],
        "done_today": False,
    }
    text = spasm("program", "status").stdout
    assert "My plan: day 1 of 3, at 50%." in text
    assert "Play it with `spasm today`." in text
    stopped = spasm("program", "stop")
    assert "Stopped My plan. Its sessions stay in your history." in stopped.stdout
    assert status(spasm) == {"program": None}
    again = spasm("program", "stop")
    assert (again.exit_code, again.stdout.strip()) == (
        0,
        "No program is on, so there is nothing to stop.",
    )


def test_starting_another_without_a_terminal_needs_force(spasm: Spasm, own: Path) -> None:
    assert spasm("program", "start", "my-plan").exit_code == 0
    refused = spasm("program", "start", "desk-health")
    assert refused.exit_code == 2
    assert "you are on My plan, day 1 of 3." in refused.stderr
    assert "add --force" in refused.stderr
    assert status(spasm)["program"] == "my-plan"
    forced = spasm("program", "start", "desk-health", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert status(spasm)["program"] == "desk-health"


def test_today_without_a_program_says_how_to_start_one(spasm: Spasm) -> None:
    result = spasm("today", "--plain")
    assert result.exit_code == 1
    assert "no program is on" in result.stderr and "spasm program start NAME" in result.stderr


# -- days and doses from the history ---------------------------------------------------


def test_a_day_done_today_waits_for_tomorrow(spasm: Spasm, own: Path) -> None:
    spasm("program", "start", "my-plan")
    played(1, on=TODAY)
    data = status(spasm)
    assert (data["day"], data["done_today"], data["days_done"]) == (1, True, 1)
    result = spasm("today", "--plain")
    assert result.exit_code == 0
    assert "is done. Day 2 is offered from tomorrow." in result.stdout


def test_missed_days_never_skip_a_day_and_status_says_how_long(spasm: Spasm, own: Path) -> None:
    spasm("program", "start", "my-plan")
    played(1, on=TODAY - timedelta(days=5))
    data = status(spasm)
    assert (data["day"], data["done_today"], data["days_since_last"]) == (2, False, 5)
    text = " ".join(spasm("program", "status").stdout.split())
    assert "It has been 5 days since your last session." in text
    assert "with day 2: missed days are never skipped." in text


def test_two_settled_sessions_raise_the_dose_and_a_pain_rise_lowers_it(
    spasm: Spasm, own: Path
) -> None:
    spasm("program", "start", "my-plan")
    played(1, on=TODAY - timedelta(days=3), before=4, after=5)
    assert status(spasm)["dose"] == 50
    played(2, on=TODAY - timedelta(days=2), before=4, after=4)
    data = status(spasm)
    assert (data["dose"], data["why"]) == (75, "75%: up one step after 2 settled sessions in a row")
    played(3, on=TODAY - timedelta(days=1), before=2, after=6)
    data = status(spasm)
    assert data["dose"] == 50
    assert data["why"] == "50%: down one step: pain went from 2 to 6 last time"


def test_a_session_stopped_early_keeps_the_dose_and_the_day(spasm: Spasm, own: Path) -> None:
    spasm("program", "start", "my-plan")
    played(1, on=TODAY - timedelta(days=1), ended=EndStatus.STOPPED)
    data = status(spasm)
    assert (data["day"], data["dose"], data["days_done"]) == (1, 50, 0)
    assert data["why"] == "50%: kept: the last session was stopped before its end"


def test_the_end_of_the_program_says_what_next(spasm: Spasm, own: Path) -> None:
    spasm("program", "start", "my-plan")
    for day in (1, 2, 3):
        played(day, on=TODAY - timedelta(days=4 - day))
    assert status(spasm)["finished"] is True
    text = " ".join(spasm("today", "--plain").stdout.split())
    assert "That was the last day of My plan: all 3 days are done." in text
    assert "`spasm routine aa-two` any day" in text


def test_history_export_and_stats_carry_the_program(spasm: Spasm, own: Path) -> None:
    begin("my-plan", days_ago=1)
    played(1, on=TODAY - timedelta(days=1))
    row = json.loads(spasm("history", "--json").stdout)[0]
    assert (row["program"], row["program_day"], row["dose"]) == ("my-plan", 1, 50)
    csv = spasm("export").stdout.splitlines()
    assert "Program,Program day,Dose (%)" in csv[0]
    assert ",my-plan,1,50," in csv[1]
    stats = " ".join(spasm("stats").stdout.split())
    assert "Program: My plan, day 2 of 3" in stats
    assert "Days done: 1 of 2 planned so far (50%)" in stats
    assert "Sessions: 1 session, 1.0 a week" in stats
    assert "Dose over time (next session: 50%)" in stats


def test_a_program_file_gone_after_starting_is_said_plainly(spasm: Spasm, own: Path) -> None:
    spasm("program", "start", "my-plan")
    own.unlink()
    result = spasm("program", "status")
    assert result.exit_code == 1
    assert "no longer in your programs folders" in result.stderr
    assert "`spasm program stop`" in result.stderr
    assert spasm("program", "stop").exit_code == 0


def test_a_one_day_program_ends_in_words_that_count_right(spasm: Spasm, own: Path) -> None:
    write(paths.user_programs_dir(), "one-day.yaml", "title: One day\ndays:\n  - aa-one\n")
    spasm("program", "start", "one-day")
    played(1, on=TODAY - timedelta(days=1))
    text = " ".join(spasm("today", "--plain").stdout.split())
    assert "That was the last day of One day: its one day is done." in text
    assert "1 days" not in text


def test_the_first_days_suggest_what_to_start_once_the_pain_has_eased(spasm: Spasm) -> None:
    text = " ".join(spasm("program", "show", "first-days").stdout.split())
    assert (
        "Once the acute pain has eased: `spasm program start core-foundations` starts "
        "Core foundations." in text
    )


def test_program_names_complete_yours_and_the_bundled_ones(own: Path) -> None:
    from spasm_cli.cli.programs import complete_program

    assert complete_program("") == ["core-foundations", "desk-health", "first-days", "my-plan"]
