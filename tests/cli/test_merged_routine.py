"""psoas-stretch is now part of ql-stretch: the old name still works, and says so."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from spasm_cli import paths
from spasm_cli.cli.history import history_path
from spasm_cli.history.store import HistoryStore
from spasm_cli.session.events import EndStatus

Spasm = Callable[..., Any]
NOTICE = "spasm: 'psoas-stretch' is now part of 'ql-stretch'"


def test_the_bundled_routines_have_no_psoas_stretch(spasm: Spasm) -> None:
    assert not (paths.bundled_routines_dir() / "psoas-stretch.yaml").exists()
    names = [entry["name"] for entry in json.loads(spasm("list", "--json").stdout)]
    assert "psoas-stretch" not in names and "ql-stretch" in names
    for path in paths.bundled_routines_dir().glob("*.yaml"):
        assert "use: psoas-stretch" not in path.read_text(encoding="utf-8"), path.name


def test_ql_stretch_says_it_reaches_both_muscles_and_cites_the_article(spasm: Spasm) -> None:
    shown = spasm("show", "ql-stretch", "--json")
    data = json.loads(shown.stdout)
    assert "psoas" in data["summary"] and "quadratus lumborum" in data["summary"]
    assert "More 4 Life" in data["caution"] and "Psoas Stretch" in data["caution"]
    text = (paths.bundled_routines_dir() / "ql-stretch.yaml").read_text(encoding="utf-8")
    assert "seed" not in text.lower()


def test_show_psoas_stretch_shows_ql_stretch_with_a_notice(spasm: Spasm) -> None:
    result = spasm("show", "psoas-stretch")
    assert result.exit_code == 0
    assert result.stdout.startswith("Quadratus lumborum and psoas stretch (ql-stretch)")
    assert result.stderr.startswith(NOTICE)
    assert result.stderr.count("now part of") == 1
    assert "Use the name ql-stretch from now on" in result.stderr


def test_a_routine_that_uses_psoas_stretch_still_plays_and_is_told(spasm: Spasm) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        textwrap.dedent(
            """\
            title: Mine
            steps:
              - use: psoas-stretch
                hold: 0.5s
                sets: 1
            """
        ),
        encoding="utf-8",
    )
    ran = spasm("routine", "mine", "--plain", "--lead-in", "0", "--no-sound")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr.count(NOTICE) == 1
    assert "Lean away from the spasm" in ran.stdout
    shown = spasm("show", "mine")
    assert shown.exit_code == 0 and NOTICE in shown.stderr
    assert spasm("validate", "mine").exit_code == 0


def test_a_users_own_psoas_stretch_wins_without_a_notice(spasm: Spasm) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "psoas-stretch.yaml").write_text(
        "title: My psoas\nsteps:\n  - hold: 10s\n", encoding="utf-8"
    )
    result = spasm("show", "psoas-stretch")
    assert result.exit_code == 0 and result.stdout.startswith("My psoas (psoas-stretch)")
    assert "now part of" not in result.stderr


def test_sessions_recorded_as_psoas_stretch_still_show(spasm: Spasm) -> None:
    start = datetime.now().astimezone() - timedelta(days=1)
    with HistoryStore(history_path()) as store:
        sid = store.start_session(
            "psoas-stretch", "a" * 64, "Psoas stretch", 75, pain_before=6, started_at=start
        )
        store.end_session(
            sid, EndStatus.FINISHED, 75, 2, 0, ended_at=start + timedelta(minutes=2), pain_after=4
        )
    for args in (("history",), ("history", "--routine", "psoas-stretch")):
        result = spasm(*args)
        assert result.exit_code == 0 and "psoas-stretch" in result.stdout, result
