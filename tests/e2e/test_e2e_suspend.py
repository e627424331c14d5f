"""Ctrl-Z in a real shell: the session pauses, the terminal is handed back, `fg` resumes it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from e2e_helpers import default_signals

pexpect = pytest.importorskip("pexpect")

SPASM = Path(sys.executable).parent / "spasm"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not SPASM.exists(), reason="spasm is not installed next to this Python"),
    pytest.mark.skipif(sys.platform == "win32", reason="job control is POSIX"),
]

ROUTINE = "title: Suspend me\nlead_in: 0\nsteps:\n  - {title: Long hold, hold: 30s}\n"


def test_ctrl_z_pauses_and_fg_resumes(tmp_path: Path) -> None:
    routine = tmp_path / "suspend-me.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    env = {**os.environ, "TERM": "xterm-256color", "SPASM_SOUND_BACKEND": "none", "PS1": "$ "}
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        env=env,
        preexec_fn=default_signals,
        cwd=str(tmp_path),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=20,
    )
    try:
        shell.expect_exact("$ ")
        shell.sendline("stty -g > before")
        shell.expect_exact("$ ")
        shell.sendline(
            f"{SPASM} routine suspend-me.yaml --pain-before 2 --pain-after 2; echo rc=$?"
        )
        shell.expect_exact("any other key to go on.")  # the first run shows the warning signs
        shell.send("x")
        shell.expect("Long hold")
        shell.sendcontrol("z")
        shell.expect_exact("paused; `fg` brings it back.")
        shell.expect("Stopped")
        shell.expect_exact("$ ")
        shell.sendline("stty -g > during; fg")
        shell.expect("PAUSED")
        shell.send("q")
        shell.expect_exact("stopped early")
        shell.expect_exact("$ ")
        shell.sendline("echo rc=$?")
        shell.expect(r"rc=(\d+)")
        assert shell.match.group(1) == "0"
        shell.expect_exact("$ ")
        shell.sendline("stty -g > after; exit")
        shell.expect(pexpect.EOF)
    finally:
        shell.close(force=True)
    before = (tmp_path / "before").read_text()
    assert (tmp_path / "during").read_text() == before
    assert (tmp_path / "after").read_text() == before
