"""Running the installed ``spasm`` as a person would: in a pseudo-terminal or a pipe.

Every run gets its own HOME and XDG folders under a temp dir (never the real
user folders), ``SPASM_SOUND_BACKEND=none`` unless a test asks for sound, and
``TERM=xterm-256color``. Nothing here sleeps to check timing: tests wait for
what the program prints (with generous timeouts, for a loaded machine) and
read what it recorded (history, ``--trace``).
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 30.0  # seconds any single wait may take: generous, for a loaded 2-core machine
RUN_TIMEOUT = 90.0  # a whole subprocess run

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-character escapes.
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
SGR = re.compile(r"\x1b\[([0-9;]*)m")

# What the live screen writes to leave the terminal as it found it.
SHOW_CURSOR, HIDE_CURSOR = "\x1b[?25h", "\x1b[?25l"
ALT_SCREEN_ON, ALT_SCREEN_OFF = "\x1b[?1049h", "\x1b[?1049l"

# Variables of the caller that would change what the program does.
_DROPPED = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CLICOLOR", "CLICOLOR_FORCE")


def default_signals() -> None:
    """In a spawned child: the default action for SIGINT and SIGQUIT.

    A command started in the background by a shell without job control (as
    ``(cmd &)`` or a CI runner may) inherits SIGINT ignored, and then Ctrl-C
    in the pseudo-terminal would reach nothing: the tests would hang on an
    environment, not on spasm. The terminal a person uses has the defaults.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def spasm_program() -> Path | None:
    """The installed ``spasm`` command: next to this Python first, else on PATH."""
    beside = Path(sys.executable).parent / "spasm"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("spasm")
    return Path(found) if found else None


def require_spasm() -> Path:
    """The installed program, or skip the test saying why."""
    program = spasm_program()
    if program is None:
        pytest.skip(
            f"the `spasm` command is not installed (not next to {sys.executable}, not on PATH); "
            "install the package (pip install -e .) to run the end-to-end tests"
        )
    return program


def program_python(program: Path) -> str:
    """The interpreter that runs ``program`` (from its #! line), for probing its imports."""
    try:
        first = program.read_bytes()[:200].split(b"\n", 1)[0].decode("utf-8", "replace")
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        parts = first[2:].split()
        if parts and Path(parts[0]).name.startswith("python"):
            return parts[0]
    return sys.executable


def strip_ansi(text: str) -> str:
    """``text`` without terminal escape sequences."""
    return ANSI.sub("", text)


def plain_lines(text: str) -> list[str]:
    """Lines of program output, without carriage returns (a pty turns \\n into \\r\\n)."""
    return [line.rstrip("\r") for line in text.replace("\r\n", "\n").split("\n")]


def sgr_codes(text: str) -> set[int]:
    """Every SGR (colour, bold...) parameter number written in ``text``."""
    codes: set[int] = set()
    for match in SGR.finditer(text):
        for part in match.group(1).split(";"):
            if part.isdigit():
                codes.add(int(part))
    return codes


def colour_codes(text: str) -> set[int]:
    """The SGR parameters that set a colour (foreground, background, 256/true colour)."""
    colours = set(range(30, 39)) | set(range(40, 49)) | set(range(90, 98)) | set(range(100, 108))
    return sgr_codes(text) & colours


@dataclass
class Pty:
    """A ``spasm`` (or wrapper shell) running in a pseudo-terminal, via pexpect."""

    child: Any  # pexpect.spawn
    transcript: io.StringIO = field(default_factory=io.StringIO)

    def expect(self, pattern: str | list[Any], timeout: float = TIMEOUT) -> int:
        """Wait for a regex (or a list of them) in the output; the index matched."""
        return int(self.child.expect(pattern, timeout=timeout))

    def expect_exact(self, text: str, timeout: float = TIMEOUT) -> None:
        """Wait for ``text`` to appear in the output, literally."""
        self.child.expect_exact(text, timeout=timeout)

    def send(self, text: str) -> None:
        """Type ``text`` as keys."""
        self.child.send(text)

    @property
    def match(self) -> Any:
        """The regex match of the last ``expect``."""
        return self.child.match

    def wait_exit(self, timeout: float = TIMEOUT) -> int:
        """Read to the end of output; the exit status (128 + n when killed by signal n)."""
        import pexpect

        self.child.expect(pexpect.EOF, timeout=timeout)
        status = _reap(self.child.ptyproc, timeout)
        self.child.close()
        return status

    def hang_up(self, timeout: float = TIMEOUT) -> int:
        """Close the terminal, as when its window is closed; the program's exit status.

        Closing the master side makes the kernel send SIGHUP to the session
        whose controlling terminal it was; after that, writes to it fail.
        """
        proc = self.child.ptyproc
        proc.fileobj.close()
        proc.closed = True  # closed by hand: ptyprocess must not close (and signal) again
        self.child.closed = True
        return _reap(proc, timeout)

    def kill_if_running(self) -> None:
        """Make sure nothing is left behind when a test fails half-way."""
        if not self.child.closed:
            if self.child.isalive():
                self.child.kill(9)
            self.child.close(force=True)

    @property
    def text(self) -> str:
        """Everything the program wrote to the terminal so far, escapes included."""
        return self.transcript.getvalue()


def _reap(proc: Any, timeout: float) -> int:
    """Wait for a ptyprocess to exit; its status, 128 + n when killed by signal n."""
    give_up = time.monotonic() + timeout
    while proc.isalive():
        if time.monotonic() > give_up:
            proc.kill(9)
            raise AssertionError(f"spasm still running {timeout:g} s after its output ended")
        time.sleep(0.02)  # polling for the exit, not measuring anything
    if proc.signalstatus is not None:
        return 128 + int(proc.signalstatus)
    return int(proc.exitstatus)


@dataclass
class World:
    """One person's machine for a test: folders, environment and the installed program."""

    root: Path
    program: Path
    env: dict[str, str]
    spawned: list[Pty] = field(default_factory=list)

    @classmethod
    def create(cls, root: Path) -> World:
        """Fresh HOME and XDG folders under ``root``; sound off; a 256-colour terminal."""
        program = require_spasm()
        home = root / "home"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SPASM_", "XDG_")) and key not in _DROPPED
        }
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(root / "config"),
            XDG_DATA_HOME=str(root / "data"),
            XDG_CACHE_HOME=str(root / "cache"),
            SPASM_SOUND_BACKEND="none",
            TERM="xterm-256color",
        )
        if not (env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG")):
            env["LANG"] = "C.UTF-8"  # the key legend has "·" and "→"
        for folder in (home, root / "config", root / "data", root / "cache", root / "routines"):
            folder.mkdir(parents=True, exist_ok=True)
        return cls(root=root, program=program, env=env)

    # -- setting up -------------------------------------------------------------------

    def routine(self, name: str, text: str) -> Path:
        """Write a routine file ``routines/NAME.yaml`` and return its path."""
        path = self.root / "routines" / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def safety_read(self) -> None:
        """Read the warning signs once (``spasm safety``), as a returning user has.

        The first session otherwise shows them and waits for a key first.
        """
        result = self.run("safety")
        assert result.returncode == 0, result.stderr

    # -- running ----------------------------------------------------------------------

    def run(
        self,
        *args: str,
        stdin: Any = subprocess.DEVNULL,
        env: dict[str, str] | None = None,
        timeout: float = RUN_TIMEOUT,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``spasm ARGS`` with stdout and stderr piped (not a terminal)."""
        return subprocess.run(
            [str(self.program), *args],
            stdin=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env={**self.env, **(env or {})},
            cwd=self.root,
            timeout=timeout,
            check=False,
        )

    def spawn(
        self,
        *args: str,
        dimensions: tuple[int, int] = (24, 80),
        env: dict[str, str] | None = None,
        command: str | None = None,
    ) -> Pty:
        """Start ``spasm ARGS`` (or ``command ARGS``) in a new pseudo-terminal."""
        import pexpect

        child = pexpect.spawn(
            command or str(self.program),
            list(args),
            dimensions=dimensions,
            env={**self.env, **(env or {})},
            preexec_fn=default_signals,
            cwd=str(self.root),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
        )
        pty = Pty(child)
        child.logfile_read = pty.transcript
        self.spawned.append(pty)
        return pty

    def wrapper(self, *args: str) -> Path:
        """A shell script that runs ``spasm ARGS`` between two ``stty -g`` snapshots.

        It prints ``spasm-pid=N`` (the inner shell execs spasm, so N is its
        pid) and ``rc=N`` with spasm's exit status. The outer shell traps
        SIGINT, so a Ctrl-C reaches spasm and the shell still reports.
        Until the exec, N is still that inner shell: signal N only once
        spasm itself has printed something, never right after the pid line.
        """
        command = " ".join(shlex.quote(part) for part in (str(self.program), *args))
        script = self.root / "wrapper.sh"
        script.write_text(
            "trap ':' INT\n"
            "stty -g > stty-before\n"
            f'sh -c \'echo "spasm-pid=$$"; exec "$@"\' sh {command}\n'
            'echo "rc=$?"\n'
            "stty -g > stty-after\n",
            encoding="utf-8",
        )
        return script

    def stty(self, which: str) -> str:
        """The ``stty -g`` snapshot the wrapper took ("before" or "after")."""
        return (self.root / f"stty-{which}").read_text(encoding="utf-8").strip()

    def history(self) -> list[dict[str, Any]]:
        """``spasm history --json``, run as a separate command with the same folders."""
        result = self.run("history", "--json")
        assert result.returncode == 0, result.stderr
        records = json.loads(result.stdout)
        assert isinstance(records, list)
        return records

    def last_session(self) -> dict[str, Any]:
        """The newest recorded session."""
        records = self.history()
        assert records, "no session was recorded"
        return records[0]

    def close(self) -> None:
        """Stop whatever a failed test left running."""
        for pty in self.spawned:
            pty.kill_if_running()


def read_trace(path: Path) -> list[dict[str, Any]]:
    """The events of a ``--trace`` file, one JSON object per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def frames(text: str) -> list[list[str]]:
    """The live screen's frames in a transcript, each as lines without escapes.

    Every frame starts by moving the cursor home; what follows the last one
    (leaving the alternate screen, the summary) is cut off.
    """
    found: list[list[str]] = []
    for chunk in text.split("\x1b[H")[1:]:
        chunk = chunk.split(ALT_SCREEN_OFF, 1)[0]
        updates = re.split(r"\x1b\[(\d+);1H", chunk)
        if len(updates) == 1:
            found.append(plain_lines(strip_ansi(chunk)))  # a whole frame
            continue
        # Only the changed lines, each placed on its row: apply them to the
        # frame before.
        screen = list(found[-1]) if found else []
        for row, line in zip(updates[1::2], updates[2::2], strict=True):
            index = int(row) - 1
            screen.extend([""] * (index + 1 - len(screen)))
            screen[index] = strip_ansi(line).rstrip()
        found.append(screen)
    return found
