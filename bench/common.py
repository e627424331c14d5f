"""What the benchmarks share: running one child at a time and measuring it.

Every child is waited for with ``os.wait4``, which returns the resource use
of that child alone (CPU seconds and peak memory), so no other process on the
machine leaks into the figures. Children run with the XDG folders in a
temporary directory, never the user's own.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
SPASM = BIN / "spasm"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    argv: tuple[str, ...]
    code: int
    wall: float  # seconds from spawn to reaped
    cpu: float  # user + system seconds of the child (and its children)
    maxrss_kib: int  # peak resident memory of the child
    output: bytes
    samples: tuple[tuple[float, float], ...] = ()  # (seconds since spawn, child CPU seconds)

    @property
    def maxrss_mib(self) -> float:
        """Peak memory in MiB."""
        return self.maxrss_kib / 1024


# -- statistics -----------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile by the nearest-rank method (p99 of 40 values is the maximum)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """The median, NaN for no values."""
    return statistics.median(values) if values else math.nan


def fmt_ms(seconds: float) -> str:
    """Seconds as milliseconds with two decimals."""
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.2f} ms"


# -- environment ----------------------------------------------------------------------


@contextlib.contextmanager
def isolated_env(**extra: str) -> Iterator[tuple[dict[str, str], Path]]:
    """Environment variables with XDG folders in a fresh temp dir, and that dir."""
    with tempfile.TemporaryDirectory(prefix="spasm-bench-") as tmp:
        root = Path(tmp)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("SPASM_ROUTINES_PATH", "COLUMNS", "LINES", "NO_COLOR")
        }
        for name in ("CONFIG", "DATA", "CACHE"):
            folder = root / name.lower()
            folder.mkdir()
            env[f"XDG_{name}_HOME"] = str(folder)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.update(extra)
        yield env, root


def machine() -> dict[str, str]:
    """Cores, CPU model, OS and Python version, for the results file."""
    model = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    nproc = shutil.which("nproc")
    cores = str(os.cpu_count())
    if nproc:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            cores = subprocess.run([nproc], capture_output=True, text=True).stdout.strip()
    return {
        "cores": cores,
        "cpu": model,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


# -- running children -----------------------------------------------------------------


def _child_cpu(pid: int) -> float | None:
    """CPU seconds used so far by a running child, from /proc (ns precision when possible)."""
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            return int(handle.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _reap(pid: int) -> tuple[int, float, int]:
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def run_pipe(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    cwd: Path | None = None,
    sample_at: Sequence[float] = (),
    timeout: float = 600.0,
) -> Run:
    """Run ``argv`` with stdout and stderr a pipe and stdin an open, silent pipe.

    ``sample_at`` lists seconds after spawn at which to read the child's CPU
    time from /proc (to measure a stretch in the middle of a run).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=cwd,
    )
    chunks: list[bytes] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    samples = _sample(proc.pid, start, sample_at, timeout)
    code, cpu, rss = _reap(proc.pid)
    wall = time.perf_counter() - start
    proc.returncode = code  # reaped by wait4 above; keep Popen from waiting again
    reader.join()
    proc.stdout.close()
    with contextlib.suppress(OSError):
        proc.stdin.close()  # type: ignore[union-attr]
    return Run(tuple(argv), code, wall, cpu, rss, b"".join(chunks), samples)


def _sample(
    pid: int, start: float, sample_at: Sequence[float], timeout: float
) -> tuple[tuple[float, float], ...]:
    samples = []
    for at in sample_at:
        delay = start + at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        cpu = _child_cpu(pid)
        if cpu is None:
            break
        samples.append((time.perf_counter() - start, cpu))
    return tuple(samples)


def run_pty(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    columns: int = 80,
    rows: int = 24,
    sample_at: Sequence[float] = (),
) -> Run:
    """Run ``argv`` on a pseudo-terminal of ``columns`` x ``rows``, draining its output.

    The child gets the terminal as stdin, stdout and stderr (and as its
    controlling terminal), the way a person's shell starts it.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = dict(env, TERM=env.get("TERM_BENCH", "xterm-256color"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every slave end closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    samples = _sample(proc.pid, start, sample_at, 600.0)
    code, cpu, rss = _reap(proc.pid)
    wall = time.perf_counter() - start
    proc.returncode = code
    reader.join(timeout=5)
    os.close(master)
    return Run(tuple(argv), code, wall, cpu, rss, b"".join(chunks), samples)


def spasm_argv(*args: str) -> list[str]:
    """The spasm installed next to this Python, with ``args``."""
    return [str(SPASM), *args]


def shell_line(argv: Sequence[str]) -> str:
    """A command as it could be typed, with the venv's bin folder shortened."""
    import shlex

    out = []
    for arg in argv:
        if arg.startswith(str(BIN) + os.sep):
            arg = arg[len(str(BIN)) + 1 :]
        out.append(shlex.quote(arg))
    return " ".join(out)
