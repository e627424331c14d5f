"""Signals during a run in a pseudo-terminal: the terminal and the history survive.

Each run starts `spasm routine` in a pty under ``sh``, which saves the
terminal settings (``stty -g``) before and after. Once the live screen is up,
the test waits a random 0.2-2.5 s (seeded, so a failure can be replayed) and
sends SIGTERM or SIGHUP to the spasm process, or types Ctrl-C. Then:

- spasm exits 130 and the shell, still on the same terminal, reads the same
  settings it saved (no cbreak, no lost echo);
- the screen is left as found: the alternate screen is closed and the cursor
  shown again;
- the history database passes ``PRAGMA integrity_check`` and holds exactly
  one row per run, each ``interrupted`` with an end time. The row is written
  at the session start, which comes before the screen the test waits for, so
  no run may leave a row ``running`` (or ``unknown``, as a later open would
  mark a dead process's row).
"""

from __future__ import annotations

import io
import os
import random
import signal
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from e2e_helpers import default_signals

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for the pid"),
]

SPASM = Path(sys.executable).with_name("spasm")
SEED = 20240611
TITLE = "Signal drill"
# (signal, how many runs); 6 runs in all, one database shared by all of them.
PLAN = [(signal.SIGTERM, 2), (signal.SIGHUP, 2), (signal.SIGINT, 2)]
HIDE_CURSOR, SHOW_CURSOR = "\x1b[?25l", "\x1b[?25h"
ALT_ON, ALT_OFF = "\x1b[?1049h", "\x1b[?1049l"


def _parents() -> dict[int, int]:
    """Every process's parent pid, from ``/proc/PID/stat``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone since the listing
        # pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, their children...), nearest first."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    queue = [pid]
    while queue:
        below = children.get(queue.pop(0), [])
        found += below
        queue += below
    return found


def _argv(pid: int) -> list[str]:
    """The command line of ``pid``; empty once it has exited."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode("utf-8", "replace").split("\0")[:-1]


def _spasm_pid(shell_pid: int, timeout: float = 20.0) -> int:
    """The pid of the spasm the shell ``shell_pid`` started, found by its command line.

    The shell runs ``stty -g`` first and forks before each exec, so a child of
    the shell may be stty, or the shell itself not yet replaced. Only a
    process with the spasm program as an argument is spasm (its #! line makes
    that ``python .../spasm routine ...``); the shell's ``-c`` script holds the
    path only inside a longer argument. A child spasm forks before its own
    exec would match too, so the one nearest the shell is taken.
    """
    program = str(SPASM)
    deadline = time.monotonic() + timeout
    while True:
        matches = [pid for pid in _descendants(shell_pid) if program in _argv(pid)]
        if matches:
            parents = _parents()
            top = [pid for pid in matches if parents.get(pid) not in matches]
            assert len(top) == 1, f"more than one spasm under the shell: {top}"
            return top[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"spasm did not start within {timeout:g} s")
        time.sleep(0.01)  # polling /proc for the exec, not timing anything


def _run(
    tmp: Path,
    routine: Path,
    env: dict[str, str],
    how: signal.Signals,
    delay: float,
    *,
    options: str = "--pain-before 3 --pain-after 4",
    wait_for: str = TITLE,
) -> str:
    """One session, interrupted ``delay`` s after ``wait_for`` shows; returns what it drew."""
    before, after = tmp / "before", tmp / "after"
    for stale in (before, after):
        stale.unlink(missing_ok=True)
    # `trap : INT` so that Ctrl-C, sent to the whole foreground group, leaves
    # the shell running to report; spasm still gets the default disposition.
    script = (
        f"trap : INT; stty -g > {before}; "
        f"{SPASM} routine {routine} --no-sound {options}; "
        f"echo rc=$?; stty -g > {after}"
    )
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", script],
        env=env,
        preexec_fn=default_signals,
        cwd=str(tmp),
        dimensions=(24, 80),
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
    )
    log = io.StringIO()
    child.logfile_read = log
    try:
        pid = _spasm_pid(child.pid)
        # The first run shows the safety notes and waits for a key.
        if child.expect_exact([wait_for, "any other key to go on."], timeout=20) == 1:
            child.send("\r")
            child.expect_exact(wait_for, timeout=20)
        time.sleep(delay)
        if how is signal.SIGINT:
            child.send("\x03")
        else:
            os.kill(pid, how)
        child.expect(r"rc=(\d+)", timeout=20)
        code = int(child.match.group(1))
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close(force=True)
    assert code == 130, f"{how.name} after {delay:.2f} s: exit {code}"
    assert before.read_text() == after.read_text(), f"terminal changed by {how.name}"
    # What spasm drew: everything the pty showed up to the shell's report line.
    return log.getvalue().split("rc=")[0]


def _screen_restored(output: str) -> None:
    assert output.rfind(SHOW_CURSOR) > output.rfind(HIDE_CURSOR), "cursor left hidden"
    assert output.count(ALT_ON) == output.count(ALT_OFF), "alternate screen left open"


def _env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "COLUMNS": "80",
        "LINES": "24",
    }


def _routine(tmp_path: Path) -> Path:
    routine = tmp_path / f"signal-drill-{os.getpid()}.yaml"
    routine.write_text(
        f"title: {TITLE}\nlead_in: 2s\nsteps:\n"
        "  - title: Long hold\n    hold: 1m\n    sides: both\n    rest: 10s\n",
        encoding="utf-8",
    )
    return routine


def test_signals_at_random_moments_leave_terminal_and_history_intact(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = _env(home)
    routine = _routine(tmp_path)
    rng = random.Random(SEED)
    runs = [how for how, count in PLAN for _ in range(count)]
    rng.shuffle(runs)
    database = home / "data" / "spasm" / "history.sqlite3"
    for number, how in enumerate(runs, 1):
        delay = rng.uniform(0.2, 2.5)
        _screen_restored(_run(tmp_path, routine, env, how, delay))
        with closing(sqlite3.connect(database, timeout=5)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            rows = conn.execute(
                "SELECT status, ended_at, pain_before FROM sessions ORDER BY id"
            ).fetchall()
        assert len(rows) == number, f"run {number} ({how.name}): {rows}"
        assert rows[-1] == ("interrupted", rows[-1][1], 3), f"{how.name}: {rows[-1]}"
        assert rows[-1][1] is not None, f"{how.name}: no end time"
        assert all(status == "interrupted" for status, _, _ in rows), rows


def _safety_seen(env: dict[str, str], routine: Path, tmp_path: Path) -> None:
    """Get the first-run safety notes out of the way with one short, interrupted run."""
    _run(tmp_path, routine, env, signal.SIGINT, 0.1)


@pytest.mark.parametrize(
    "how",
    [
        signal.SIGTERM,
        signal.SIGHUP,
        signal.SIGINT,
    ],
    ids=lambda how: how.name,
)
def test_signal_at_the_pain_question_restores_the_terminal(
    tmp_path: Path, how: signal.Signals
) -> None:
    """Before the session starts, no row is written; the terminal is restored all the same."""
    home = tmp_path / "home"
    env = _env(home)
    routine = _routine(tmp_path)
    _safety_seen(env, routine, tmp_path)
    _run(tmp_path, routine, env, how, 0.3, options="--pain-after 4", wait_for="Pain right now?")
    database = home / "data" / "spasm" / "history.sqlite3"
    with closing(sqlite3.connect(database, timeout=5)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        statuses = [r[0] for r in conn.execute("SELECT status FROM sessions ORDER BY id")]
    assert statuses == ["interrupted"], "only the first, started run may have a row"
