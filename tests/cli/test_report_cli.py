"""`spasm report` through the real entry point: where it writes, what it refuses, --since."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Run

from spasm_cli.cli.history import history_path
from spasm_cli.history.program_runs import ProgramRuns
from spasm_cli.history.records import ProgramTag
from spasm_cli.history.store import HistoryStore
from spasm_cli.session.events import EndStatus

Spasm = Callable[..., Run]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def default_name() -> str:
    return f"spasm-report-{date.today().isoformat()}.html"


def fill(*days_ago: int, title: str = "Acute spasm relief") -> None:
    """A finished session at 08:00 on each of ``days_ago`` (0 is today), pain 6 -> 4."""
    morning = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    with HistoryStore(history_path()) as store:
        for ago in days_ago:
            start = morning - timedelta(days=ago)
            sid = store.start_session(
                "acute-relief", "a" * 64, title, 300, pain_before=6, started_at=start
            )
            store.end_session(
                sid,
                EndStatus.FINISHED,
                290,
                3,
                0,
                ended_at=start + timedelta(minutes=5),
                pain_after=4,
            )


def test_default_name_in_the_current_folder_private(spasm: Spasm, here: Path) -> None:
    fill(1, 2, 40)
    result = spasm("report")
    assert result.exit_code == 0, result.stderr
    today = date.today()
    first = today - timedelta(weeks=4)
    assert result.stdout == (
        f"Wrote {default_name()} (2 sessions, {first.isoformat()} to {today.isoformat()})\n"
    )
    report = here / default_name()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "2 sessions in this period" in page
    assert [p.name for p in here.iterdir()] == [default_name()]  # no temp file left


def test_output_elsewhere(spasm: Spasm, here: Path, tmp_path: Path) -> None:
    fill(0)
    target = tmp_path / "for-my-physio.html"
    result = spasm("report", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {target} (1 session, ")
    assert target.is_file() and not (here / default_name()).exists()
    assert "Acute spasm relief" in target.read_text(encoding="utf-8")


def test_an_existing_file_needs_force(spasm: Spasm, here: Path) -> None:
    existing = here / default_name()
    existing.write_text("my notes", encoding="utf-8")
    refused = spasm("report")
    assert refused.exit_code == 2
    assert "already exists; not overwriting it (--force replaces it)" in refused.stderr
    assert refused.stdout == ""
    assert existing.read_text(encoding="utf-8") == "my notes"
    forced = spasm("report", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert existing.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_never_through_a_symbolic_link(spasm: Spasm, here: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (here / "report.html").symlink_to(victim)
    for extra in ((), ("--force",)):
        result = spasm("report", "-o", "report.html", *extra)
        assert result.exit_code == 2
        assert "symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    # A dangling link is refused too: nothing is created where it points.
    (here / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    assert spasm("report", "-o", "dangling.html").exit_code == 2
    assert not (tmp_path / "nowhere.html").exists()


@pytest.mark.parametrize(
    ("since", "first"),
    [
        ("30d", lambda t: t - timedelta(days=30)),
        ("1w", lambda t: t - timedelta(weeks=1)),
        ("3M", None),
        ("2026-01-15", lambda t: date(2026, 1, 15)),
    ],
)
def test_since(spasm: Spasm, here: Path, since: str, first: Callable[[date], date] | None) -> None:
    today = date.today()
    if since.startswith("2026") and date(2026, 1, 15) > today:
        pytest.skip("the clock is before the date this test names")
    fill(0, 5, 20, 100)
    result = spasm("report", "--since", since)
    assert result.exit_code == 0, result.stderr
    start = result.stdout.split(", ")[1].split(" to ")[0]
    if first is not None:
        assert start == first(today).isoformat()
    covered = (today - date.fromisoformat(start)).days
    expected = sum(ago <= covered for ago in (0, 5, 20, 100))
    noun = "session" if expected == 1 else "sessions"
    assert f"({expected} {noun}, {start} to {today.isoformat()})" in result.stdout


@pytest.mark.parametrize(
    ("since", "words"),
    [
        ("4x", "--since '4x' is not a period or a date: give a period such as 4w (weeks)"),
        ("last week", "is not a period or a date"),
        ("0d", "covers no days"),
        ("2999-01-01", "is after today"),
        ("2026-13-01", "is not a date on the calendar"),
    ],
)
def test_since_refused(spasm: Spasm, here: Path, since: str, words: str) -> None:
    result = spasm("report", "--since", since)
    assert result.exit_code == 2
    assert result.stderr.startswith("spasm: --since ")
    assert words in result.stderr
    assert list(here.iterdir()) == []


def test_empty_history_still_writes_a_report(spasm: Spasm, here: Path) -> None:
    result = spasm("report")
    assert result.exit_code == 0, result.stderr
    assert "(0 sessions, " in result.stdout
    page = (here / default_name()).read_text(encoding="utf-8")
    assert "There are no sessions in this period." in page
    assert "When to see a doctor" in page
    # Looking was all it did: no history database was made.
    assert not history_path().exists()


def test_the_active_program_and_a_hostile_title(spasm: Spasm, here: Path) -> None:
    fill(3, title="<script>alert(1)</script>")
    with HistoryStore(history_path()) as store:
        run = ProgramRuns(store).start(
            "core-foundations",
            "b" * 64,
            "Core foundations",
            28,
            started_at=datetime.now().astimezone() - timedelta(days=2),
        )
        sid = store.start_session(
            "pelvic-tilts+leg-raises",
            "c" * 64,
            "Core foundations, day 1 of 28",
            60,
            pain_before=3,
            started_at=datetime.now().astimezone() - timedelta(days=1),
            program=ProgramTag(run.id, "core-foundations", 1, 70),
        )
        store.end_session(sid, EndStatus.FINISHED, 58, 4, 0, pain_after=2)
    result = spasm("report")
    assert result.exit_code == 0, result.stderr
    page = (here / default_name()).read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>Core foundations</strong>: day 2 of 28" in page
    assert ">70%</td>" in page
    for secret in ("a" * 64, "b" * 64, "c" * 64, str(os.getpid()), os.uname().nodename):
        assert secret not in page


def test_damaged_rows_are_left_out_and_counted(spasm: Spasm, here: Path) -> None:
    fill(1, 2)
    # closing(): a connection's own `with` commits but does not close it, and
    # Python 3.13 reports the unclosed connection later, in another test.
    with contextlib.closing(sqlite3.connect(history_path())) as conn, conn:
        conn.execute("UPDATE sessions SET started_at = 'yesterday' WHERE id = 1")
    result = spasm("report")
    assert result.exit_code == 0
    assert "(1 session, " in result.stdout
    assert "1 damaged history row left out of the report" in result.stderr
    page = (here / default_name()).read_text(encoding="utf-8")
    assert "1 damaged history row could not be read" in page


def test_help_names_the_options(spasm: Spasm) -> None:
    result = spasm("report", "--help")
    assert result.exit_code == 0
    for option in ("--output", "--since", "--force", "4w, 30d, 3m"):
        assert option in result.stdout
    assert "report" in spasm("--help").stdout
