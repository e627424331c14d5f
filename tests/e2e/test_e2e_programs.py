"""The installed ``spasm program`` and ``spasm today``, as a person runs them.

A program of the person's own over two routines of a few seconds, so each
day's session ends quickly: started, played with ``spasm today`` in a real
pseudo-terminal (40 and 80 columns) and in plain mode, stopped with q and
with Ctrl-C, then read back with ``program status --json`` and
``history --json``. The tests wait for what the program prints, never for a
fixed time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import ALT_SCREEN_OFF, ALT_SCREEN_ON, World, plain_lines, strip_ansi

pytestmark = pytest.mark.pty

ONE = """\
title: Quick one
lead_in: 0
steps:
  - title: Short hold
    instructions: Stay where you are.
    hold: 2s
  - title: Short reps
    reps: 2
    tempo: 1s
"""

TWO = """\
title: Quick two
lead_in: 0
steps:
  - title: Last hold
    hold: 2s
"""

LONG = """\
title: Long one
lead_in: 0
steps:
  - title: Long hold
    hold: 60s
"""

PLAN = """\
title: Quick plan
summary: Two quick days.
phase: recovery
days:
  - [e2e-one, e2e-two]
  - [e2e-two]
progress:
  start: 50%
  step: 50%
  after: 1
  max: 150%
"""


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A returning user with the quick plan and its routines in their folders."""
    world = World.create(tmp_path)
    world.safety_read()
    routines = world.root / "config" / "spasm" / "routines"
    programs = world.root / "config" / "spasm" / "programs"
    routines.mkdir(parents=True)
    programs.mkdir(parents=True)
    (routines / "e2e-one.yaml").write_text(ONE, encoding="utf-8")
    (routines / "e2e-two.yaml").write_text(TWO, encoding="utf-8")
    (routines / "e2e-long.yaml").write_text(LONG, encoding="utf-8")
    (programs / "quick-plan.yaml").write_text(PLAN, encoding="utf-8")
    (programs / "long-plan.yaml").write_text(
        "title: Long plan\ndays:\n  - [e2e-long]\n  - [e2e-long]\n", encoding="utf-8"
    )
    yield world
    world.close()


def status(world: World) -> dict[str, Any]:
    result = world.run("program", "status", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def backdate(world: World, days: int) -> None:
    """Move every recorded session and run ``days`` earlier, as if played back then."""
    db = world.root / "data" / "spasm" / "history.sqlite3"
    conn = sqlite3.connect(db)
    try:
        for table, columns in (
            ("sessions", ("started_at", "ended_at")),
            ("program_runs", ("started_at",)),
        ):
            for column in columns:
                conn.execute(
                    f"UPDATE {table} SET {column} = "
                    f"strftime('%Y-%m-%dT%H:%M:%f000+00:00', {column}, '-{days} days') "
                    f"WHERE {column} IS NOT NULL"
                )
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("columns", [40, 80])
def test_start_then_today_in_a_terminal_plays_the_day_and_records_it(
    world: World, columns: int
) -> None:
    started = world.run("program", "start", "quick-plan")
    assert started.returncode == 0, started.stderr
    assert "Started Quick plan: 2 days, one a day." in started.stdout
    pty = world.spawn("today", dimensions=(24, columns))
    pty.expect_exact("Pain right now? 0-10, Enter to skip:")
    pty.send("3")
    pty.expect_exact("Pain now? 0-10, Enter to skip:")
    pty.send("3")
    assert pty.wait_exit() == 0
    text = " ".join(strip_ansi(pty.text).split())
    assert "Quick plan, day 1 of 2: Quick one, Quick two" in text
    assert "Day 1 of 2 done. Day 2 is offered from tomorrow." in text
    assert "Dose up from 50% to 100% for the next session." in text
    # What is printed around the live screen (before it starts, after it ends)
    # fits the terminal; the screen itself is drawn in place.
    before, _, rest = pty.text.partition(ALT_SCREEN_ON)
    after = rest.rpartition(ALT_SCREEN_OFF)[2]
    for line in plain_lines(strip_ansi(before + after)):
        assert len(line) <= columns, line
    session = world.last_session()
    assert (session["program"], session["program_day"], session["dose"]) == ("quick-plan", 1, 50)
    assert session["status"] == "finished"
    assert (session["pain_before"], session["pain_after"]) == (3, 3)
    data = status(world)
    assert (data["day"], data["done_today"], data["dose"]) == (1, True, 100)
    again = world.run("today")
    assert again.returncode == 0
    assert "is done. Day 2 is offered from tomorrow." in again.stdout


def test_plain_today_on_the_next_day_plays_day_two_and_finishes_the_program(world: World) -> None:
    world.run("program", "start", "quick-plan")
    first = world.run("today", "--plain", "--pain-before", "2", "--pain-after", "2")
    assert first.returncode == 0, first.stderr
    assert "\x1b" not in first.stdout
    backdate(world, 1)
    data = status(world)
    assert (data["day"], data["done_today"], data["today"]) == (2, False, ["e2e-two"])
    second = world.run("today", "--plain", "--pain-before", "2", "--pain-after", "2")
    assert second.returncode == 0, second.stderr
    out = " ".join(second.stdout.split())
    assert "Quick plan, day 2 of 2: Quick two (2s at 100%)." in out
    assert "That was the last day of Quick plan: all 2 days are done." in out
    assert status(world)["program"] is None  # the run is finished, not left on


def test_q_stops_the_session_and_the_day_stays_open(world: World) -> None:
    world.run("program", "start", "long-plan")
    pty = world.spawn("today", "--pain-before", "4", "--pain-after", "4")
    pty.expect_exact("Long hold")
    pty.send("q")
    assert pty.wait_exit() == 0
    text = " ".join(strip_ansi(pty.text).split())
    assert "so day 1 stays open: `spasm today` plays it again." in text
    assert world.last_session()["status"] == "stopped"
    data = status(world)
    assert (data["day"], data["done_today"], data["days_done"]) == (1, False, 0)


def test_ctrl_c_in_today_restores_the_terminal_and_keeps_the_day_open(world: World) -> None:
    world.run("program", "start", "long-plan")
    script = world.wrapper("today", "--pain-before", "4")
    pty = world.spawn(str(script), command="sh")
    pty.expect_exact("Long hold")
    pty.send("\x03")
    pty.expect(r"rc=(\d+)")
    assert pty.match.group(1) == "130"
    pty.wait_exit()
    assert world.stty("before") == world.stty("after")
    assert world.last_session()["status"] == "interrupted"
    assert status(world)["days_done"] == 0


def test_starting_another_asks_at_a_terminal(world: World) -> None:
    world.run("program", "start", "quick-plan")
    pty = world.spawn("program", "start", "long-plan")
    pty.expect_exact("Stop it and start Long plan? [y/N]:")
    pty.send("n\r")
    assert pty.wait_exit() == 0
    assert "Nothing changed: you are still on Quick plan." in strip_ansi(pty.text)
    pty = world.spawn("program", "start", "long-plan")
    pty.expect_exact("[y/N]:")
    pty.send("y\r")
    assert pty.wait_exit() == 0
    assert status(world)["program"] == "long-plan"
    stopped = world.run("program", "stop")
    assert "Stopped Long plan." in stopped.stdout
    assert status(world) == {"program": None}
