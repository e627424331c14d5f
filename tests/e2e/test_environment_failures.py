"""The machine gets in the way mid-session: a full disk under --trace, a busy history.

The installed program, as a person runs it: the session goes on, and what
could not be done is said in one line.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import World, default_signals

from spasm_cli.history.store import HistoryStore

SHORT = "title: Short\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World.create(tmp_path)
    made.safety_read()
    yield made
    made.close()


def _small_files() -> None:
    # A disk with room for 600 bytes a file: writes past that fail with EFBIG
    # (SIGXFSZ ignored, as a full disk gives ENOSPC without a signal).
    default_signals()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (600, 600))


def test_a_trace_that_cannot_be_written_stops_and_the_session_finishes(world: World) -> None:
    path = world.routine("short", SHORT)
    trace = world.root / "trace.jsonl"
    result = subprocess.run(
        [
            str(world.program),
            "routine",
            str(path),
            "--plain",
            "--no-history",
            "--trace",
            str(trace),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=world.env,
        cwd=world.root,
        timeout=60,
        check=False,
        preexec_fn=_small_files,
    )
    assert result.returncode == 0, result.stderr
    assert "Short: finished." in result.stdout
    assert "Traceback" not in result.stderr
    assert f"spasm: trace stopped: cannot write {trace}: File too large" in result.stderr
    assert trace.stat().st_size <= 600


def test_a_busy_history_is_said_at_once_and_the_session_is_recorded(world: World) -> None:
    path = world.routine("short", SHORT)
    db = world.root / "data" / "spasm" / "history.sqlite3"
    HistoryStore(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program is writing
        proc = subprocess.Popen(
            [str(world.program), "routine", str(path), "--plain"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=world.env,
            cwd=world.root,
            preexec_fn=default_signals,
        )
        assert proc.stderr is not None
        first = proc.stderr.readline()  # said before the session starts
        assert first.startswith("spasm: history is busy: another program is writing to it.")
        other.execute("ROLLBACK")  # the lock clears, during the session or at its end
        out, rest = proc.communicate(timeout=60)
    finally:
        other.close()
    assert proc.returncode == 0, rest
    assert "Short: finished." in out
    assert "database is locked" not in rest
    assert "not recorded" not in rest
    assert world.last_session()["status"] == "finished"


def test_a_data_folder_that_cannot_be_made_is_said_once(world: World) -> None:
    path = world.routine("short", SHORT)
    blocker = world.root / "not-a-folder"
    blocker.write_text("mine\n", encoding="utf-8")
    result = world.run("routine", str(path), "--plain", env={"XDG_DATA_HOME": str(blocker)})
    assert result.returncode == 0, result.stderr
    assert "Short: finished." in result.stdout
    lines = result.stderr.splitlines()
    assert sum("cannot create history database" in line for line in lines) == 1
    assert "spasm: history is unavailable; this session will not be recorded" in lines
    assert blocker.read_text(encoding="utf-8") == "mine\n"
