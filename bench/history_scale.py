"""How `history`, `stats` and `export` grow with the number of recorded sessions.

A history of 20,000 sessions (three a day for about eighteen years) is written
straight into a database in a temporary data folder, rows shaped as the store
writes them, through the store's own schema. Then, each in its own process,
stdout a pipe, the median of a few runs:

- ``spasm history`` (the default listing, 20 sessions): the yardstick;
- ``spasm history --limit 0`` (all of them, streamed);
- ``spasm stats``, ``spasm export`` (CSV) and ``spasm history --json --limit 0``.

The target: everything within a few times (``TARGET_RATIO``) the default listing.

Usage: python bench/history_scale.py [--sessions 20000] [--runs 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import isolated_env, machine, median, run_pipe, shell_line, spasm_argv  # noqa: E402

from spasm_cli.history.store import HistoryStore  # noqa: E402

SESSIONS = 20_000
TARGET_RATIO = 5.0
ROUTINES = ("acute-relief", "breathing", "core-beginner", "daily-stretch", "pelvic-tilts")
COMMANDS = {
    "history": ("history",),
    "history_all": ("history", "--limit", "0"),
    "history_json_all": ("history", "--json", "--limit", "0"),
    "stats": ("stats",),
    "export_csv": ("export",),
}


def fill(path: Path, count: int) -> None:
    """``count`` finished sessions, three a day going back from today, in one transaction."""
    HistoryStore(path).close()  # the schema, as spasm makes it
    now = datetime.now(timezone.utc).replace(microsecond=0)
    rows = []
    for n in range(count):
        start = now - timedelta(hours=8 * n)
        end = start + timedelta(minutes=10)
        rows.append(
            (
                ROUTINES[n % len(ROUTINES)],
                "ab" * 32,
                "Generated",
                start.isoformat(timespec="microseconds"),
                3600,
                end.isoformat(timespec="microseconds"),
                600.0,
                590.5,
                20,
                1,
                "finished",
                n % 11,
                max(0, n % 11 - 2),
                4242,
                "bench",
            )
        )
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO sessions (routine, routine_hash, title, started_at,"
                " utc_offset_seconds, ended_at, planned_seconds, active_seconds, done, skipped,"
                " status, pain_before, pain_after, pid, host)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    finally:
        conn.close()


def measure(count: int = SESSIONS, runs: int = 3) -> dict[str, Any]:
    """Every command over one history of ``count`` sessions."""
    figures: dict[str, Any] = {}
    with isolated_env() as (env, root):
        path = Path(env["XDG_DATA_HOME"]) / "spasm" / "history.sqlite3"
        fill(path, count)
        for key, args in COMMANDS.items():
            walls, peaks, size = [], [], 0
            for _ in range(runs):
                run = run_pipe(spasm_argv(*args), env, cwd=root)
                if run.code != 0:
                    raise RuntimeError(
                        f"{shell_line(args)} exited {run.code}: {run.output[-300:]!r}"
                    )
                walls.append(run.wall)
                peaks.append(run.maxrss_mib)
                size = len(run.output)
            figures[key] = {"wall": median(walls), "peak_mib": max(peaks), "bytes": size}
    base = figures["history"]["wall"]
    for value in figures.values():
        value["ratio"] = value["wall"] / base if base else float("nan")
    return {
        "sessions": count,
        "figures": figures,
        "target_ratio": TARGET_RATIO,
        "machine": machine(),
        "commands": {k: shell_line(spasm_argv(*a)) for k, a in COMMANDS.items()},
    }


def report(results: dict[str, Any]) -> list[str]:
    """The results as markdown lines."""
    out = [
        f"{results['sessions']:,} sessions; median wall time, stdout a pipe:",
        "",
        "| command | wall | times the default listing | peak memory | output |",
        "|---|---|---|---|---|",
    ]
    for key, value in results["figures"].items():
        ok = "" if value["ratio"] <= results["target_ratio"] else " (past the target)"
        out.append(
            f"| `{results['commands'][key].split('spasm', 1)[-1].strip() or key}` "
            f"| {value['wall']:.3f} s | {value['ratio']:.1f}x{ok} "
            f"| {value['peak_mib']:.0f} MiB | {value['bytes'] / 1024:.0f} KiB |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="history, stats and export over many sessions")
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    results = measure(args.sessions, args.runs)
    print("\n".join(report(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
