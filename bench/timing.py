"""Timing, CPU and memory of a running routine, beside termdown.

Runs, one at a time so that each one's CPU figure is its own:

- spasm, a routine of one 60 s hold, in plain mode (stdout a pipe) and with
  the live screen (in an 80x24 pseudo-terminal whose output is drained);
- spasm, a routine of 40 short segments (holds, rests, tempo reps), both ways;
- termdown counting down 60 s in the same kind of pseudo-terminal.

spasm's figures come from its ``--trace`` file: each segment start's lateness
(``t - paused - planned``), the finish's lateness, and, from the operating
system, its CPU seconds (``wait4``), the share of a core while the hold runs
(``/proc/PID/schedstat`` read at 10 s and 55 s) and peak memory (``ru_maxrss``).
termdown writes no trace, so its end error is measured from outside: from
spawn to exit, minus 60 s, minus its start-up (the median of three
``termdown 0`` runs). spasm gets the same outside measurement (its start-up
and shutdown: three runs of a 0.5 s hold in the same mode), for a fair ratio.

Usage: python bench/timing.py [--json FILE] [--termdown PATH] [--skip-termdown REASON]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BIN,
    Run,
    fmt_ms,
    isolated_env,
    median,
    percentile,
    run_pipe,
    run_pty,
    shell_line,
    spasm_argv,
)

HOLD_SECONDS = 60.0
HOLD_ROUTINE = """\
title: Bench hold
summary: One 60-second hold, for the timing benchmark.
lead_in: 0
steps:
  - title: Hold
    instructions: Keep still.
    hold: 60s
"""
# 40 segments in about 20 s (each at the 0.5 s floor routines allow): holds with rests between sets and sides, tempo
# reps, held reps with relax, and a rest step.
SEGMENTS_ROUTINE = """\
title: Bench segments
summary: Forty short segments, for the timing benchmark.
lead_in: 0
steps:
  - title: Short holds
    hold: 0.5s
    sets: 6
    rest: 0.5s
  - title: Tempo reps
    reps: 10
    tempo: 0.5s
  - title: Sides
    sides: both
    hold: 0.5s
    sets: 3
    rest: 0.5s
  - title: Held reps
    reps: 4
    hold: 0.5s
    relax: 0.5s
  - rest: 1s
"""
TICK_SECONDS = 0.5  # the shortest hold a routine may have
TICK_ROUTINE = """\
title: Bench tick
summary: One half-second hold, to measure start-up and shutdown.
lead_in: 0
steps:
  - hold: 0.5s
"""
SAMPLE_AT = (10.0, 55.0)  # seconds after spawn: inside the 60 s hold, after start-up
TIMING_FLAGS = ("--no-sound", "--no-history", "--lead-in", "0", "--pain-before", "0")
TIMING_FLAGS += ("--pain-after", "0")


@dataclass
class TraceStats:
    """What a trace file says about a session's timing."""

    segments: int
    start_errors: list[float] = field(repr=False)
    end_error: float
    planned: float

    @property
    def start_median(self) -> float:
        return median(self.start_errors)

    @property
    def start_p99(self) -> float:
        return percentile(self.start_errors, 99)

    @property
    def start_max(self) -> float:
        return max(self.start_errors) if self.start_errors else math.nan


def parse_trace(lines: list[str]) -> TraceStats:
    """Lateness of every segment start and of the finish, from ``--trace`` lines.

    Lateness is ``t - paused - planned``: how long after its planned moment
    (pauses excluded) the event happened. Raises ``ValueError`` if there is
    no ``finish`` event.
    """
    events = [json.loads(line) for line in lines if line.strip()]
    starts = [
        e["t"] - e.get("paused", 0.0) - e["planned"]
        for e in events
        if e["event"] == "segment_start"
    ]
    finish = [e for e in events if e["event"] == "finish"]
    if not finish:
        raise ValueError("the trace has no finish event")
    last = finish[-1]
    return TraceStats(
        segments=len(starts),
        start_errors=starts,
        end_error=last["t"] - last.get("paused", 0.0) - last["planned"],
        planned=last["planned"],
    )


def hold_cpu_percent(run: Run) -> float:
    """Share of one core used between the first and last CPU samples, in percent."""
    if len(run.samples) < 2:
        return math.nan
    (t0, c0), (t1, c1) = run.samples[0], run.samples[-1]
    return 100.0 * (c1 - c0) / (t1 - t0) if t1 > t0 else math.nan


@dataclass
class Measured:
    """One benchmark run, ready to print and store."""

    label: str
    command: str
    wall: float
    cpu_seconds: float
    cpu_percent: float  # of one core over the whole run
    hold_cpu_percent: float  # of one core, 10 s to 55 s into the run (60 s runs only)
    peak_mib: float
    outside_end_error: float  # wall - planned - start-up, measured from outside
    trace: dict[str, Any] | None = None
    note: str = ""


def _tick_argv(live: bool) -> list[str]:
    argv = spasm_argv("routine", "bench-tick", *TIMING_FLAGS)
    return argv if live else [*argv, "--plain"]


def _spasm_run(
    label: str, routine: str, live: bool, env: dict[str, str], root: Path, startup: float
) -> Measured:
    trace_file = root / f"trace-{label.replace(' ', '-')}.jsonl"
    argv = spasm_argv("routine", routine, *TIMING_FLAGS, "--trace", str(trace_file))
    if not live:
        argv.insert(3, "--plain")
    sample_at = SAMPLE_AT if routine == "bench-hold" else ()
    run = (
        run_pty(argv, env, sample_at=sample_at)
        if live
        else run_pipe(argv, env, sample_at=sample_at)
    )
    if run.code != 0:
        raise RuntimeError(
            f"{shell_line(argv)} exited {run.code}: {run.output[-2000:].decode(errors='replace')}"
        )
    stats = parse_trace(trace_file.read_text(encoding="utf-8").splitlines())
    shown = [a if a != str(trace_file) else "trace.jsonl" for a in argv]
    return Measured(
        label=label,
        command=shell_line(shown) + (" (in an 80x24 pty)" if live else " | cat"),
        wall=run.wall,
        cpu_seconds=run.cpu,
        cpu_percent=100.0 * run.cpu / run.wall,
        hold_cpu_percent=hold_cpu_percent(run),
        peak_mib=run.maxrss_mib,
        outside_end_error=run.wall - stats.planned - startup,
        trace={
            "segments": stats.segments,
            "planned": stats.planned,
            "start_median": stats.start_median,
            "start_p99": stats.start_p99,
            "start_max": stats.start_max,
            "end_error": stats.end_error,
        },
    )


def find_termdown(given: str | None) -> str | None:
    """termdown next to this Python, else on PATH, else None."""
    if given:
        return given
    local = BIN / "termdown"
    if local.exists():
        return str(local)
    return shutil.which("termdown")


def _startup(argv: list[str], env: dict[str, str], live: bool, runs: int = 3) -> float:
    walls = []
    for _ in range(runs):
        run = run_pty(argv, env) if live else run_pipe(argv, env)
        walls.append(run.wall)
    return median(walls)


def measure(termdown: str | None, skip_reason: str | None) -> dict[str, Any]:
    """Run every timing benchmark; return the figures as JSON values."""
    results: dict[str, Any] = {"runs": [], "termdown": None, "termdown_note": ""}
    with isolated_env() as (env, root):
        folder = Path(env["XDG_CONFIG_HOME"]) / "spasm" / "routines"
        folder.mkdir(parents=True)
        (folder / "bench-hold.yaml").write_text(HOLD_ROUTINE, encoding="utf-8")
        (folder / "bench-segments.yaml").write_text(SEGMENTS_ROUTINE, encoding="utf-8")
        (folder / "bench-tick.yaml").write_text(TICK_ROUTINE, encoding="utf-8")
        # spasm's start-up and shutdown, the way termdown's is measured (a
        # `termdown 0` run): a routine of one 0.5 s hold, in the same mode.
        startups = {
            live: _startup(_tick_argv(live), env, live=live) - TICK_SECONDS
            for live in (False, True)
        }
        results["spasm_startup"] = startups[True]
        results["spasm_startup_plain"] = startups[False]
        termdown_startup = None
        if termdown is not None and not skip_reason:
            termdown_startup = _startup([termdown, "0"], env, live=True)
        # The three 60 s runs share the same minute: each one sleeps almost
        # all of it, and CPU is counted per process (wait4, /proc), so running
        # them side by side keeps `make bench` under five minutes without
        # mixing their figures. The short runs go one at a time.
        print("  running the 60 s holds (plain, live, termdown) ...", file=sys.stderr, flush=True)
        with ThreadPoolExecutor(max_workers=3) as pool:
            holds = [
                pool.submit(_spasm_run, label, "bench-hold", live, env, root, startups[live])
                for label, live in (("60 s hold, plain", False), ("60 s hold, live screen", True))
            ]
            countdown = (
                pool.submit(_termdown, termdown, env, termdown_startup)
                if termdown is not None and termdown_startup is not None
                else None
            )
            results["runs"] += [asdict(future.result()) for future in holds]
            if countdown is None:
                results["termdown_note"] = skip_reason or "termdown is not installed"
            else:
                try:
                    results["termdown"] = asdict(countdown.result())
                except (OSError, RuntimeError) as err:
                    results["termdown_note"] = f"termdown failed: {err}"
        for label, live in (("40 segments, plain", False), ("40 segments, live screen", True)):
            print(f"  running spasm: {label} ...", file=sys.stderr, flush=True)
            results["runs"].append(
                asdict(_spasm_run(label, "bench-segments", live, env, root, startups[live]))
            )
    return results


def _termdown(termdown: str, env: dict[str, str], startup: float) -> Measured:
    argv = [termdown, "--no-bell", "60"]
    run = run_pty(argv, env, sample_at=SAMPLE_AT)
    if run.code != 0:
        raise RuntimeError(f"exit code {run.code}")
    return Measured(
        label="termdown 60 s",
        command=shell_line(argv) + " (in an 80x24 pty)",
        wall=run.wall,
        cpu_seconds=run.cpu,
        cpu_percent=100.0 * run.cpu / run.wall,
        hold_cpu_percent=hold_cpu_percent(run),
        peak_mib=run.maxrss_mib,
        outside_end_error=run.wall - HOLD_SECONDS - startup,
        note=f"start-up (median of 3 `termdown 0` in a pty): {fmt_ms(startup)}",
    )


def report(results: dict[str, Any]) -> list[str]:
    """The results as markdown lines."""
    out = [
        "| run | segments | start error median / p99 / max | end error (trace) "
        "| end error (outside) | CPU s | CPU % of run | CPU % during hold | peak MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    rows = list(results["runs"])
    if results.get("termdown"):
        rows.append(results["termdown"])
    for r in rows:
        t = r.get("trace")
        starts = (
            f"{fmt_ms(t['start_median'])} / {fmt_ms(t['start_p99'])} / {fmt_ms(t['start_max'])}"
            if t
            else "n/a"
        )
        hold = "" if math.isnan(r["hold_cpu_percent"]) else f"{r['hold_cpu_percent']:.2f}"
        out.append(
            f"| {r['label']} | {t['segments'] if t else ''} | {starts} "
            f"| {fmt_ms(t['end_error']) if t else 'n/a'} | {fmt_ms(r['outside_end_error'])} "
            f"| {r['cpu_seconds']:.2f} | {r['cpu_percent']:.2f} | {hold} | {r['peak_mib']:.1f} |"
        )
    out.append("")
    out.append(
        "spasm start-up and shutdown (median of 3 runs of a 0.5 s hold, minus 0.5 s): "
        f"{fmt_ms(results['spasm_startup'])} live, {fmt_ms(results['spasm_startup_plain'])} plain"
    )
    if results.get("termdown"):
        out.append(f"termdown {results['termdown']['note']}")
    else:
        out.append(f"termdown: not measured ({results['termdown_note']})")
    ratios = ratios_vs_termdown(results)
    if ratios:
        out.append("")
        out.append(
            "Ratios spasm / termdown (60 s, in a pty): "
            + "; ".join(f"{name} {value:.2f}x" for name, value in ratios.items())
        )
    out.append("")
    out.append("Commands (in a temp XDG environment; `trace.jsonl` is a temp file):")
    out.append("")
    for r in rows:
        out.append(f"    {r['command']}")
    return out


def ratios_vs_termdown(results: dict[str, Any]) -> dict[str, float]:
    """spasm's live 60 s hold against termdown: end error, CPU of the run, CPU during the hold."""
    termdown = results.get("termdown")
    live = next((r for r in results["runs"] if r["label"] == "60 s hold, live screen"), None)
    if not termdown or not live:
        return {}
    pairs = {
        "end error (outside)": (live["outside_end_error"], termdown["outside_end_error"]),
        "CPU seconds": (live["cpu_seconds"], termdown["cpu_seconds"]),
        "CPU % during hold": (live["hold_cpu_percent"], termdown["hold_cpu_percent"]),
        "peak memory": (live["peak_mib"], termdown["peak_mib"]),
    }
    return {name: (abs(a) / abs(b) if b else math.inf) for name, (a, b) in pairs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--termdown", help="the termdown program (default: next to python, or PATH)"
    )
    parser.add_argument("--skip-termdown", metavar="REASON", help="do not run termdown")
    args = parser.parse_args(argv)
    results = measure(find_termdown(args.termdown), args.skip_termdown)
    print("\n".join(report(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
