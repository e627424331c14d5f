"""`spasm history`, `stats`, `export` and `safety` through Typer's CliRunner."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from spasm_cli.cli.history import history_path, register
from spasm_cli.errors import StorageError, UsageError
from spasm_cli.history.export import read_csv
from spasm_cli.history.store import HistoryStore
from spasm_cli.safety import should_show_first_run
from spasm_cli.session.events import EndStatus

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    application = typer.Typer()
    register(application)
    return application


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _fill() -> None:
    today = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    with HistoryStore(history_path()) as store:
        for days_ago, routine, before, after, status in [
            (2, "acute-relief", 7, 4, EndStatus.FINISHED),
            (1, "acute-relief", 6, 3, EndStatus.FINISHED),
            (1, "core-beginner", 3, 7, EndStatus.STOPPED),
            (0, "acute-relief", 5, None, EndStatus.INTERRUPTED),
        ]:
            start = today - timedelta(days=days_ago)
            sid = store.start_session(
                routine,
                "a" * 64,
                routine.replace("-", " ").capitalize(),
                600,
                pain_before=before,
                started_at=start,
            )
            store.end_session(
                sid,
                status,
                540 if status is EndStatus.FINISHED else 95,
                20,
                1,
                ended_at=start + timedelta(minutes=10),
                pain_after=after,
                exercises=(4, 4, 0) if status is EndStatus.FINISHED else (4, 2, 1),
            )


def test_paths_follow_xdg_data_home(app: typer.Typer, tmp_path: Path) -> None:
    assert history_path() == tmp_path / "data" / "spasm" / "history.sqlite3"


def test_empty_history_creates_nothing(app: typer.Typer, tmp_path: Path) -> None:
    code, out = run(app, "history")
    assert code == 0 and "No sessions recorded yet" in out
    assert run(app, "history", "--json") == (0, "[]\n")
    code, out = run(app, "stats")
    assert code == 0 and "No sessions" in out
    assert not (tmp_path / "data").exists()


def test_history_table_and_filters(app: typer.Typer) -> None:
    _fill()
    code, out = run(app, "history")
    assert code == 0
    assert "Recent sessions" in out
    for word in ("acute-relief", "core-beginner", "finished", "stopped", "interrupted", "7 → 4"):
        assert word in out
    code, out = run(app, "history", "--routine", "core-beginner")
    assert "core-beginner" in out and "acute-relief" not in out
    data = json.loads(run(app, "history", "--json", "--limit", "2")[1])
    assert len(data) == 2 and data[0]["status"] == "interrupted"  # newest first
    # Every stored column, for scripts (the export is the one to hand on).
    assert {"routine_hash", "pid", "host", "done", "skipped", "active_seconds"} <= set(data[0])
    assert (data[0]["exercises"], data[0]["exercises_done"]) == (4, 2)
    assert len(json.loads(run(app, "history", "--json", "--limit", "0")[1])) == 4
    code, out = run(app, "history", "--limit", "-1")
    assert code == 2


def test_stats_output(app: typer.Typer) -> None:
    _fill()
    code, out = run(app, "stats")
    assert code == 0, out
    # today's session was interrupted after 95 s: it still counts (over a minute)
    assert "Current streak: 3 days" in out and "Longest streak: 3 days" in out
    assert "The last 8 weeks, each from its Monday" in out and "█" in out
    assert "-W" not in out  # no ISO week numbers
    assert "acute-relief" in out and "6.0 (3)" in out  # average before over 3 sessions
    assert "-3.0 (2)" in out  # average change where both were given
    assert "+4.0 (1)" in out  # core-beginner got worse


def test_export_stdout_and_file(app: typer.Typer, tmp_path: Path) -> None:
    _fill()
    code, out = run(app, "export", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 4
    code, out = run(app, "export")  # csv by default
    assert (
        code == 0
        and out.startswith("Date,Start,End,Time zone,Routine,")
        and len(read_csv(out)) == 4
    )
    target = tmp_path / "out.csv"
    code, out = run(app, "export", "--format", "csv", "--output", str(target))
    assert code == 0 and "Exported 4 sessions" in out
    assert len(read_csv(target.read_text())) == 4
    with pytest.raises(UsageError, match="already exists"):
        run(app, "export", "--format", "json", "--output", str(target))
    assert read_csv(target.read_text())  # untouched
    code, _ = run(app, "export", "--format", "json", "--output", str(target), "--force")
    assert code == 0 and len(json.loads(target.read_text())) == 4
    assert run(app, "export", "--format", "xml")[0] == 2


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_is_fit_for_a_therapist(app: typer.Typer, fmt: str) -> None:
    _fill()
    code, out = run(app, "export", "--format", fmt)
    assert code == 0
    for private in ("a" * 16, "hash", "pid", "host", str(os.getpid())):
        assert private not in out
    rows = read_csv(out) if fmt == "csv" else json.loads(out)
    newest = rows[0]
    start = newest["Start"] if fmt == "csv" else newest["start"]
    assert start == "08:00:00"  # local time where it started, to the second
    seconds = newest["Time exercising (seconds)"] if fmt == "csv" else newest["exercising_seconds"]
    assert str(seconds) == "95"
    done = newest["Exercises done"] if fmt == "csv" else newest["exercises_done"]
    assert str(done) == "2"


def test_corrupt_database_reaches_the_cli_as_storage_error(app: typer.Typer) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_text("not sqlite at all" * 100)
    with pytest.raises(StorageError, match="moved aside"):
        run(app, "history")
    assert run(app, "history")[0] == 0  # a fresh start


def test_safety_command(app: typer.Typer, tmp_path: Path) -> None:
    code, out = run(app, "safety")
    assert code == 0
    out = " ".join(out.split())  # the text is wrapped to the terminal
    assert "When to see a doctor" in out
    assert "bladder or bowel" in out and "below the knee" in out
    assert "Quoted from a core-stability guide, 'When to see a doctor'" in out
    assert ".txt" not in out and "seed" not in out.lower()
    assert "sharp increase in pain" in out
    assert not should_show_first_run(tmp_path / "data" / "spasm")


def test_history_during_a_running_session(app: typer.Typer) -> None:
    _fill()
    with HistoryStore(history_path()) as store:  # this process: alive, so still running
        store.start_session("breathing", "b" * 64, "Breathing", 300)
        data = json.loads(run(app, "history", "--json", "--routine", "breathing")[1])
    assert [d["status"] for d in data] == ["running"]


def test_narrow_terminal_lists_instead_of_cutting(app: typer.Typer) -> None:
    _fill()
    for command in ("history", "stats"):
        result = CliRunner().invoke(app, [command], env={**ENV, "COLUMNS": "40"})
        assert result.exit_code == 0
        assert "…" not in result.output
        assert all(len(line) <= 40 for line in result.output.splitlines())
        assert "core-beginner" in result.output


def test_bar_uses_eighths() -> None:
    from spasm_cli.terminal.history_view import bar

    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 10, 4) == "▍"  # 3.2 eighths rounds to 3
    assert bar(0.01, 10, 4) == "▏"  # any practice shows
    assert bar(0, 10, 4) == bar(3, 0, 4) == ""


def test_a_routine_filter_that_matches_nothing_says_so(app: typer.Typer) -> None:
    _fill()
    code, out = run(app, "history", "--routine", "nosuch")
    assert code == 0
    assert out == "No sessions of 'nosuch' recorded yet. `spasm history` shows them all.\n"


def test_history_says_what_happened_in_words(app: typer.Typer) -> None:
    _fill()
    wide = CliRunner().invoke(app, ["history"], env={**ENV, "COLUMNS": "80"}).output
    assert "exercises done" in wide and "2 of 4, 1 skipped" in wide and "4 of 4" in wide
    assert "done/skip" not in wide and "active/plan" not in wide
    assert all(len(line) <= 80 for line in wide.splitlines())
    narrow = CliRunner().invoke(app, ["history"], env={**ENV, "COLUMNS": "40"}).output
    lines = narrow.splitlines()
    assert "  stopped after 1:35 (10:00 planned)" in lines
    assert "  2 of 4 exercises done, 1 skipped" in lines
    assert "  pain 3 → 7" in lines and "  pain 5 before" in lines
    assert all(len(line) <= 40 for line in lines)


def test_a_session_recorded_before_exercises_were_counted_says_nothing_of_them(
    app: typer.Typer,
) -> None:
    with HistoryStore(history_path()) as store:
        sid = store.start_session("breathing", "b" * 64, "Breathing", 300)
        store.end_session(sid, EndStatus.FINISHED, 290, 21, 1)  # segments only, as before
    wide = run(app, "history")[1]
    assert re.search(r"finished +4:50  - +breathing", wide)  # exercises unknown, not 21
    narrow = CliRunner().invoke(app, ["history"], env={**ENV, "COLUMNS": "40"}).output
    assert "exercise" not in narrow and "finished after 4:50 (5:00 planned)" in narrow


def test_stats_pain_table_becomes_cards_where_it_does_not_fit(app: typer.Typer) -> None:
    _fill()
    wide = CliRunner().invoke(app, ["stats"], env={**ENV, "COLUMNS": "80"}).output
    assert "routine        sessions   before    after    change" in wide
    narrow = CliRunner().invoke(app, ["stats"], env={**ENV, "COLUMNS": "40"}).output
    lines = narrow.splitlines()
    assert "core-beginner, 1 session" in lines and "acute-relief, 3 sessions" in lines
    assert "  before 6.0 (3), after 3.5 (2)" in lines and "  change +4.0 (1)" in lines
    assert "…" not in narrow and all(len(line) <= 40 for line in lines)


def test_stats_draws_pain_over_the_recent_sessions(app: typer.Typer) -> None:
    _fill()  # in time order: acute 7 → 4, acute 6 → 3, core 3 → 7, acute 5 → (none)
    for columns in (80, 40):
        out = CliRunner().invoke(app, ["stats"], env={**ENV, "COLUMNS": str(columns)}).output
        lines = out.splitlines()
        assert all(len(line) <= columns for line in lines), lines
        text = " ".join(out.split())  # the heading is wrapped at 40
        assert "Pain over your last 4 sessions (0 to 10; oldest on the left)" in text
        chart = lines[lines.index("All sessions") :]
        assert chart[:3] == ["All sessions", "  ▆▅▃▅  before 7 → 5", "  ▄▃▆·  after 4 → 7"]
        assert chart[3:6] == ["Acute relief", "  ▆▅▅  before 7 → 5", "  ▄▃·  after 4 → 3"]
        assert chart[6:9] == ["Core beginner", "  ▃  before 3", "  ▆  after 7"]
        assert text.index("Pain from 0 to 10, on average") < text.index("Pain over your last")


def test_stats_without_pain_scores_says_so_in_one_line(app: typer.Typer) -> None:
    with HistoryStore(history_path()) as store:
        sid = store.start_session("breathing", "b" * 64, "Breathing", 300)
        store.end_session(sid, EndStatus.FINISHED, 290, 21, 1)
    code, out = run(app, "stats")
    assert code == 0
    assert "No pain scores to draw yet" in out and "Pain over" not in out
