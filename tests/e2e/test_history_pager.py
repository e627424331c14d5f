"""`spasm history` at a terminal: a long list goes through the pager, a short one does not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from e2e_helpers import World, strip_ansi

from spasm_cli.history.store import HistoryStore
from spasm_cli.session.events import EndStatus


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World.create(tmp_path)
    made.env.pop("LESS", None)  # the pager's LESS=FRX is set only when the user has none
    made.env.pop("PAGER", None)
    yield made
    made.close()


def _sessions(world: World, count: int) -> None:
    start = datetime(2026, 1, 1, 8, tzinfo=timezone.utc)
    with HistoryStore(world.root / "data" / "spasm" / "history.sqlite3") as store:
        for n in range(count):
            moment = start + timedelta(hours=n)
            sid = store.start_session("breathing", "h", "Breathing", 60, started_at=moment)
            store.end_session(sid, EndStatus.FINISHED, 60, 4, 0, ended_at=moment)


def _pager(world: World) -> tuple[Path, dict[str, str]]:
    # A pager that keeps what it was given, so the test can read it.
    kept = world.root / "paged.txt"
    script = world.root / "pager.sh"
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {kept}\ncat >> {kept}\n')
    script.chmod(0o755)
    return kept, {"PAGER": str(script)}


@pytest.mark.parametrize("columns", [40, 80])
def test_a_long_history_goes_through_the_pager(world: World, columns: int) -> None:
    _sessions(world, 60)
    kept, env = _pager(world)
    pty = world.spawn("history", "--limit", "0", dimensions=(24, columns), env=env)
    assert pty.wait_exit() == 0, pty.text
    paged = kept.read_text(encoding="utf-8")
    assert paged.startswith("LESS=FRX\n")  # set for the pager, as git does
    assert paged.count("breathing") == 60
    assert all(len(line) <= columns for line in strip_ansi(paged).splitlines()[1:])
    assert "breathing" not in strip_ansi(pty.text)  # it all went to the pager


def test_a_short_history_is_printed_without_a_pager(world: World) -> None:
    _sessions(world, 5)
    kept, env = _pager(world)
    pty = world.spawn("history", env=env)
    assert pty.wait_exit() == 0
    assert not kept.exists()
    assert strip_ansi(pty.text).count("breathing") == 5


@pytest.mark.parametrize("pager", ["", "cat"])
def test_an_empty_or_cat_pager_means_none(world: World, pager: str) -> None:
    _sessions(world, 40)
    pty = world.spawn("history", "--limit", "0", env={"PAGER": pager})
    assert pty.wait_exit() == 0
    assert strip_ansi(pty.text).count("breathing") == 40


def test_no_pager_option(world: World) -> None:
    _sessions(world, 40)
    kept, env = _pager(world)
    pty = world.spawn("history", "--limit", "0", "--no-pager", env=env)
    assert pty.wait_exit() == 0
    assert not kept.exists()
    assert strip_ansi(pty.text).count("breathing") == 40


def test_a_pager_quit_early_is_no_error(world: World) -> None:
    _sessions(world, 3000)
    pty = world.spawn("history", "--limit", "0", env={"PAGER": "head -n 3"})
    assert pty.wait_exit() == 0
    text = strip_ansi(pty.text)
    assert "Traceback" not in text and "Error" not in text
    assert text.count("breathing") <= 1


def test_in_a_pipe_every_row_is_written(world: World) -> None:
    _sessions(world, 200)
    result = world.run("history", "--limit", "0", env={"PAGER": "false"})
    assert result.returncode == 0
    assert result.stdout.count("breathing") == 200
