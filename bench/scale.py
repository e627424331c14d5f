"""How ``spasm list`` and ``spasm validate`` grow with the number of user routines.

For each size (10, 100, 1,000 and 5,000) a fresh user routines folder is
filled with generated routines (four steps each: breathing, a held stretch
on both sides, tempo reps, and a ``use:`` of a bundled routine). Their files
are dated one minute back, as routines written earlier are: spasm does not
cache a file changed in the last two seconds (see ``spasm_cli/cache.py``).

Timed, each in its own process, stdout a pipe:

- ``spasm list`` with an empty cache (the first run; it parses every file
  and writes the cache), then with the cache (median of the next runs);
- ``spasm list --json`` with the cache: the same work without the table;
- ``spasm validate`` of every file (parses each one; it does not use the cache).

Usage: python bench/scale.py [--sizes 10,100,1000,5000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Run, isolated_env, median, run_pipe, shell_line, spasm_argv  # noqa: E402

from spasm_cli.format.cache import RACY_SECONDS  # noqa: E402

SIZES = (10, 100, 1000, 5000)
TARGET_SECONDS = 1.0  # spasm list over 1,000 user routines


def routine_text(number: int) -> str:
    """A valid user routine, different for each ``number``."""
    return f"""\
title: Generated routine {number}
summary: Made by bench/scale.py.
tags: [bench, group-{number % 7}]
phase: {("acute", "recovery", "prevention")[number % 3]}
steps:
  - title: Breathe
    breathe: {{inhale: 4s, exhale: 6s, cycles: {3 + number % 4}}}
  - title: Knee hug
    instructions:
      - Lie on your back.
      - Hug one knee to your chest.
    sides: both
    hold: {20 + number % 10}s
    sets: 2
    rest: 10s
  - title: Pelvic tilts
    reps: {8 + number % 5}
    tempo: 3s
  - use: breathing
"""


def generate(folder: Path, count: int) -> list[Path]:
    """Write ``count`` routines into ``folder``, dated a minute back."""
    folder.mkdir(parents=True, exist_ok=True)
    past = time.time() - 60
    files = []
    for number in range(count):
        path = folder / f"gen-{number:05d}.yaml"
        path.write_text(routine_text(number), encoding="utf-8")
        os.utime(path, (past, past))
        files.append(path)
    return files


def _run(argv: list[str], env: dict[str, str], cwd: Path, ok: tuple[int, ...] = (0,)) -> Run:
    run = run_pipe(argv, env, cwd=cwd)
    if run.code not in ok:
        raise RuntimeError(f"{shell_line(argv[:4])} ... exited {run.code}: {run.output[-500:]!r}")
    return run


def measure_size(count: int, warm_runs: int) -> dict[str, Any]:
    """Every measurement for one folder size."""
    with isolated_env() as (env, _root):
        folder = Path(env["XDG_CONFIG_HOME"]) / "spasm" / "routines"
        files = generate(folder, count)
        # The cache never stores a file changed in the last RACY_SECONDS (its
        # change time cannot be set back); a person's routines are older than
        # that, so the measurement starts once these are too.
        time.sleep(RACY_SECONDS + 0.1)
        cold = _run(spasm_argv("list"), env, folder)
        listed = cold.output.count(b"\ngen-") + cold.output.startswith(b"gen-")
        warm = [_run(spasm_argv("list"), env, folder) for _ in range(warm_runs)]
        as_json = [_run(spasm_argv("list", "--json"), env, folder) for _ in range(warm_runs)]
        validate_runs = max(1, warm_runs if count <= 1000 else 1)
        names = [f.name for f in files]
        validate = [_run(spasm_argv("validate", *names), env, folder) for _ in range(validate_runs)]
        cache_file = Path(env["XDG_CACHE_HOME"]) / "spasm"
        cache_bytes = sum(p.stat().st_size for p in cache_file.glob("*.json"))
        shutil.rmtree(folder)
    return {
        "routines": count,
        "listed": listed,
        "list_cold": {"wall": cold.wall, "peak_mib": cold.maxrss_mib},
        "list_warm": {
            "wall": median([r.wall for r in warm]),
            "peak_mib": max(r.maxrss_mib for r in warm),
        },
        "list_json_warm": {
            "wall": median([r.wall for r in as_json]),
            "peak_mib": max(r.maxrss_mib for r in as_json),
        },
        "validate": {
            "wall": median([r.wall for r in validate]),
            "peak_mib": max(r.maxrss_mib for r in validate),
        },
        "cache_bytes": cache_bytes,
    }


def growth(rows: list[dict[str, Any]], key: str) -> list[float]:
    """Milliseconds per extra routine between consecutive sizes."""
    out = []
    for a, b in zip(rows, rows[1:], strict=False):
        out.append(1000 * (b[key]["wall"] - a[key]["wall"]) / (b["routines"] - a["routines"]))
    return out


def measure(sizes: tuple[int, ...], warm_runs: int = 3) -> dict[str, Any]:
    """All sizes, smallest first."""
    rows = []
    for count in sizes:
        print(f"  scale: {count} routines ...", file=sys.stderr, flush=True)
        rows.append(measure_size(count, warm_runs if count < 5000 else 1))
    return {
        "rows": rows,
        "growth_ms_per_routine": {
            key: growth(rows, key)
            for key in ("list_cold", "list_warm", "list_json_warm", "validate")
        },
        "commands": {
            "list": shell_line(spasm_argv("list")),
            "list_json": shell_line(spasm_argv("list", "--json")),
            "validate": shell_line(spasm_argv("validate")) + " gen-00000.yaml ... (every file)",
        },
    }


def report(results: dict[str, Any]) -> list[str]:
    """The results as markdown lines."""
    out = [
        "| user routines | `spasm list`, empty cache | `spasm list`, cached | "
        "`spasm list --json`, cached | `spasm validate` all | cache file |",
        "|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        cells = [
            f"{r[key]['wall']:.3f} s, {r[key]['peak_mib']:.0f} MiB"
            for key in ("list_cold", "list_warm", "list_json_warm", "validate")
        ]
        out.append(
            f"| {r['routines']:,} | "
            + " | ".join(cells)
            + f" | {r['cache_bytes'] / 1024:.0f} KiB |"
        )
    out.append("")
    sizes = [r["routines"] for r in results["rows"]]
    steps = ", ".join(f"{a:,}->{b:,}" for a, b in zip(sizes, sizes[1:], strict=False))
    out.append(f"Growth, milliseconds per added routine ({steps}):")
    out.append("")
    for key, label in (
        ("list_cold", "`spasm list`, empty cache"),
        ("list_warm", "`spasm list`, cached"),
        ("list_json_warm", "`spasm list --json`, cached"),
        ("validate", "`spasm validate`"),
    ):
        values = ", ".join(f"{v:.2f}" for v in results["growth_ms_per_routine"][key])
        out.append(f"- {label}: {values}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="spasm list and validate against folder size")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    results = measure(sizes)
    print("\n".join(report(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
