"""Start-up time of spasm's quick commands against the libraries it cannot avoid.

The floor is ``python -c "import typer, rich.console, yaml"``: what any
program built on those libraries pays before doing anything. Each round runs
every command once, in turn (interleaved, so a slow moment of the machine
hits them all alike); the figures are medians over the rounds. A warm-up
round comes first and is not counted; it also fills spasm's routine cache,
as any earlier use of spasm would. ``spasm list (no cache)`` gets a fresh,
empty cache folder each round: the first ``spasm list`` a user ever runs.

Usage: python bench/startup.py [--rounds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import isolated_env, median, percentile, run_pipe, shell_line, spasm_argv  # noqa: E402

FLOOR = "floor"
TARGET_RATIO = 1.3


def commands() -> dict[str, list[str]]:
    """The commands timed, by label; the floor first."""
    return {
        FLOOR: [sys.executable, "-c", "import typer, rich.console, yaml"],
        "spasm --help": spasm_argv("--help"),
        "spasm list": spasm_argv("list"),
        "spasm show breathing": spasm_argv("show", "breathing"),
        "spasm list (no cache)": spasm_argv("list"),
    }


def summarize(walls: dict[str, list[float]], rss: dict[str, list[int]]) -> dict[str, Any]:
    """Median, p10 and p90 of each command, its peak memory and its ratio to the floor."""
    floor = median(walls[FLOOR])
    out: dict[str, Any] = {}
    for label, values in walls.items():
        out[label] = {
            "median": median(values),
            "p10": percentile(values, 10),
            "p90": percentile(values, 90),
            "ratio": median(values) / floor if floor else float("nan"),
            "peak_mib": median([r / 1024 for r in rss[label]]),
            "runs": len(values),
        }
    return out


def measure(rounds: int) -> dict[str, Any]:
    """Run the rounds; return the summary and the exact commands."""
    cmds = commands()
    walls: dict[str, list[float]] = {label: [] for label in cmds}
    rss: dict[str, list[int]] = {label: [] for label in cmds}
    with isolated_env() as (env, root):
        for round_no in range(rounds + 1):
            for label, argv in cmds.items():
                run_env = env
                if label.endswith("(no cache)"):
                    run_env = dict(env, XDG_CACHE_HOME=str(root / f"fresh-cache-{round_no}"))
                run = run_pipe(argv, run_env)
                if run.code != 0:
                    raise RuntimeError(
                        f"{shell_line(argv)} exited {run.code}: {run.output[-500:]!r}"
                    )
                if round_no:  # round 0 warms the disk cache and spasm's routine cache
                    walls[label].append(run.wall)
                    rss[label].append(run.maxrss_kib)
    return {
        "rounds": rounds,
        "summary": summarize(walls, rss),
        "commands": {label: shell_line(argv) for label, argv in cmds.items()},
    }


def report(results: dict[str, Any]) -> list[str]:
    """The results as markdown lines."""
    out = [
        f"{results['rounds']} interleaved rounds after one warm-up round; stdout a pipe.",
        "",
        "| command | median | p10 | p90 | x floor | peak MiB |",
        "|---|---|---|---|---|---|",
    ]
    for label, s in results["summary"].items():
        out.append(
            f"| `{results['commands'][label]}`{' (fresh cache folder)' if 'no cache' in label else ''} "
            f"| {s['median'] * 1000:.0f} ms | {s['p10'] * 1000:.0f} ms | {s['p90'] * 1000:.0f} ms "
            f"| {s['ratio']:.2f} | {s['peak_mib']:.1f} |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="spasm start-up against the import floor")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    results = measure(args.rounds)
    print("\n".join(report(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
