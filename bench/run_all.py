"""Run every benchmark, write bench/RESULTS.md, print a PASS/MISS summary.

``make bench`` runs this. It needs termdown for the side-by-side figures: if
termdown is neither next to this Python nor on PATH, this script installs it
into the same environment with ``python -m pip install termdown``
(``--no-install`` to skip that); without it those figures say "not measured"
and why. It runs, one after another (so each CPU figure is one process's own):
timing (about 3.5 minutes: three 60 s runs and two 20 s runs), start-up
(about 20 s) and scale (about 40 s).

Usage: python bench/run_all.py [--quick] [--no-install] [--sound] [--output FILE]

``--quick`` measures less (start-up rounds 5, scale up to 1,000) for trying
the scripts out; the timing runs stay as they are. ``--sound`` also runs
``bench/sound_latency.py --alsa-null`` and appends its output.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scale  # noqa: E402
import startup  # noqa: E402
import timing  # noqa: E402
from common import machine  # noqa: E402

BUDGET_SECONDS = 300.0


@dataclass(frozen=True)
class Verdict:
    """One quality bar: what was asked, what was measured, and whether it holds."""

    target: str
    measured: str
    status: str  # PASS | MISS | not measured


def ensure_termdown(install: bool) -> tuple[str | None, str]:
    """termdown's path (installing it with pip if allowed), or None and the reason."""
    found = timing.find_termdown(None)
    if found:
        return found, ""
    if not install:
        return None, "termdown is not installed and --no-install was given"
    print("installing termdown: python -m pip install termdown", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "termdown"],
            capture_output=True,
            text=True,
            timeout=180,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"pip install termdown failed: {err}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        return None, f"pip install termdown failed: {last}"
    found = timing.find_termdown(None)
    return found, "" if found else "termdown installed but not found next to python or on PATH"


def _status(ok: bool | None) -> str:
    return "not measured" if ok is None else ("PASS" if ok else "MISS")


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    """Each target of the issue against the figures."""
    out: list[Verdict] = []
    runs = results["timing"]["runs"]
    p99 = max(r["trace"]["start_p99"] for r in runs)
    worst = max(runs, key=lambda r: r["trace"]["start_p99"])
    out.append(
        Verdict(
            "segment-start p99 within 5 ms of plan (every run)",
            f"worst p99 {p99 * 1000:.2f} ms ({worst['label']})",
            _status(p99 <= 0.005),
        )
    )
    end = max(abs(r["trace"]["end_error"]) for r in runs)
    out.append(
        Verdict(
            "routine end within 10 ms of plan (every run)",
            f"worst {end * 1000:.2f} ms",
            _status(end <= 0.010),
        )
    )
    holds = [r for r in runs if r["label"].startswith("60 s hold")]
    hold_cpu = max(r["hold_cpu_percent"] for r in holds)
    out.append(
        Verdict(
            "CPU under 1% of a core during a hold",
            ", ".join(f"{r['label']}: {r['hold_cpu_percent']:.2f}%" for r in holds),
            _status(None if math.isnan(hold_cpu) else hold_cpu < 1.0),
        )
    )
    termdown = results["timing"].get("termdown")
    live = next(r for r in runs if r["label"] == "60 s hold, live screen")
    if termdown:
        ok = (
            live["cpu_seconds"] < termdown["cpu_seconds"]
            and live["hold_cpu_percent"] < termdown["hold_cpu_percent"]
        )
        measured = (
            f"spasm live {live['cpu_seconds']:.2f} s ({live['hold_cpu_percent']:.2f}% in hold) "
            f"vs termdown {termdown['cpu_seconds']:.2f} s ({termdown['hold_cpu_percent']:.2f}%)"
        )
        out.append(Verdict("CPU below termdown's (60 s, live screen)", measured, _status(ok)))
    else:
        out.append(
            Verdict(
                "CPU below termdown's (60 s, live screen)",
                results["timing"]["termdown_note"],
                _status(None),
            )
        )
    summary = results["startup"]["summary"]
    for label in ("spasm list", "spasm --help"):
        ratio = summary[label]["ratio"]
        out.append(
            Verdict(
                f"`{label}` at most 1.3x the import floor",
                f"{ratio:.2f}x ({summary[label]['median'] * 1000:.0f} ms vs "
                f"{summary[startup.FLOOR]['median'] * 1000:.0f} ms)",
                _status(ratio <= startup.TARGET_RATIO),
            )
        )
    thousand = next((r for r in results["scale"]["rows"] if r["routines"] == 1000), None)
    if thousand:
        warm = thousand["list_warm"]["wall"]
        out.append(
            Verdict(
                "`spasm list` over 1,000 user routines under 1 s",
                f"{warm:.2f} s cached, {thousand['list_cold']['wall']:.2f} s first run; "
                f"`--json` {thousand['list_json_warm']['wall']:.2f} s",
                _status(warm < scale.TARGET_SECONDS),
            )
        )
    peak = max(r["peak_mib"] for r in runs)
    out.append(
        Verdict(
            "peak memory under 60 MiB while running a routine",
            f"{peak:.1f} MiB (largest of the four runs)",
            _status(peak < 60),
        )
    )
    elapsed = results["elapsed"]
    out.append(
        Verdict(
            "`make bench` under 5 minutes",
            f"{elapsed:.0f} s for the benchmarks (plus `make install`)",
            _status(elapsed < BUDGET_SECONDS),
        )
    )
    return out


def results_markdown(
    results: dict[str, Any], verdict_list: list[Verdict], argv: list[str], sound: str | None
) -> str:
    """The whole RESULTS.md text."""
    m = results["machine"]
    lines = [
        "# spasm benchmark results",
        "",
        "Written by `bench/run_all.py` (`make bench`); rerun it to refresh. Do not edit by hand.",
        "",
        f"- Date: {results['date']}",
        f"- Machine: {m['cores']} cores (`nproc`), {m['cpu']}, {m['os']}",
        f"- Python: {m['python']} (`{sys.executable}`)",
        f"- spasm: {results['spasm_version']}",
        f"- Command: `{shlex.join(argv)}`, {results['elapsed']:.0f} s in all",
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    lines += [f"| {v.target} | {v.measured} | {v.status} |" for v in verdict_list]
    lines += ["", "## Timing, CPU and memory (`bench/timing.py`)", ""]
    lines += timing.report(results["timing"])
    lines += ["", "## Start-up (`bench/startup.py`)", ""]
    lines += startup.report(results["startup"])
    lines += ["", "Commands:", ""]
    lines += [f"    {cmd}" for cmd in results["startup"]["commands"].values()]
    lines += ["", "## Scale (`bench/scale.py`)", ""]
    lines += scale.report(results["scale"])
    lines += ["", "Commands (cwd: the user routines folder):", ""]
    lines += [f"    {cmd}" for cmd in results["scale"]["commands"].values()]
    if sound is not None:
        lines += ["", "## Sound cue latency (`bench/sound_latency.py --alsa-null`)", "", "```"]
        lines += [sound.rstrip(), "```"]
    return "\n".join(lines) + "\n"


def _spasm_version() -> str:
    done = subprocess.run(
        [str(timing.BIN / "spasm"), "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or done.stderr.strip()


def _sound() -> str:
    done = subprocess.run(
        [sys.executable, str(HERE / "sound_latency.py"), "--alsa-null"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout + (
        f"\n(exit {done.returncode}) {done.stderr[-500:]}" if done.returncode else ""
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="run every spasm benchmark")
    parser.add_argument(
        "--quick", action="store_true", help="fewer start-up rounds, scale to 1,000"
    )
    parser.add_argument("--no-install", action="store_true", help="never pip install termdown")
    parser.add_argument(
        "--sound", action="store_true", help="also run sound_latency.py --alsa-null"
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    began = time.monotonic()
    termdown, reason = ensure_termdown(not args.no_install)
    results: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "spasm_version": _spasm_version(),
    }
    print("timing (about 3.5 minutes) ...", file=sys.stderr, flush=True)
    results["timing"] = timing.measure(termdown, reason or None)
    print("start-up ...", file=sys.stderr, flush=True)
    results["startup"] = startup.measure(5 if args.quick else 20)
    print("scale ...", file=sys.stderr, flush=True)
    results["scale"] = scale.measure((10, 100, 1000) if args.quick else scale.SIZES)
    sound = _sound() if args.sound else None
    results["elapsed"] = time.monotonic() - began
    verdict_list = verdicts(results)
    shown_argv = ["python", "bench/run_all.py", *(argv if argv is not None else sys.argv[1:])]
    text = results_markdown(results, verdict_list, shown_argv, sound)
    args.output.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(text)
    print("Summary:")
    for v in verdict_list:
        print(f"  {v.status:12} {v.target}: {v.measured}")
    print(f"Results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
