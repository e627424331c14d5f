"""The benchmark scripts import, and their parsing and statistics are right (no timing)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import common  # noqa: E402
import run_all  # noqa: E402
import scale  # noqa: E402
import startup  # noqa: E402
import timing  # noqa: E402


def _line(event: str, t: float, planned: float, **extra: object) -> str:
    return json.dumps({"event": event, "t": t, "planned": planned, "paused": 0.0, **extra})


def test_parse_trace_measures_lateness_of_starts_and_finish() -> None:
    lines = [
        _line("session_start", 0.0, 0.0),
        _line("segment_start", 0.0005, 0.0, index=0, kind="hold", duration=1.0),
        _line("segment_end", 1.002, 1.0, index=0),
        _line("segment_start", 1.003, 1.0, index=1, kind="rest", duration=1.0),
        json.dumps({"event": "pause", "t": 1.5, "planned": 1.5, "paused": 0.0}),
        _line("segment_start", 5.004, 2.0, index=2, kind="hold", duration=1.0).replace(
            '"paused": 0.0', '"paused": 3.0'
        ),
        json.dumps({"event": "finish", "t": 6.007, "planned": 3.0, "paused": 3.0}),
    ]
    stats = timing.parse_trace(lines)
    assert stats.segments == 3
    assert stats.start_errors == pytest.approx([0.0005, 0.003, 0.004])
    assert stats.start_median == pytest.approx(0.003)
    assert stats.start_max == pytest.approx(0.004)
    assert stats.end_error == pytest.approx(0.007)
    assert stats.planned == 3.0


def test_parse_trace_needs_a_finish() -> None:
    with pytest.raises(ValueError):
        timing.parse_trace([_line("segment_start", 0.0, 0.0)])


def test_percentile_and_median() -> None:
    values = [float(v) for v in range(1, 101)]
    assert common.percentile(values, 99) == 99.0
    assert common.percentile(values, 50) == 50.0
    assert common.percentile([3.0, 1.0, 2.0], 99) == 3.0
    assert math.isnan(common.percentile([], 50))
    assert common.median([1.0, 3.0]) == 2.0


def test_hold_cpu_percent_from_samples() -> None:
    run = common.Run(("x",), 0, 60.0, 0.5, 1000, b"", ((10.0, 0.3), (55.0, 0.39)))
    assert timing.hold_cpu_percent(run) == pytest.approx(0.2)
    assert math.isnan(timing.hold_cpu_percent(common.Run(("x",), 0, 1.0, 0.1, 1, b"")))


def test_startup_summary_ratios() -> None:
    walls = {startup.FLOOR: [0.2, 0.2, 0.2], "spasm list": [0.24, 0.26, 0.25]}
    rss = {startup.FLOOR: [20480] * 3, "spasm list": [22528] * 3}
    summary = startup.summarize(walls, rss)
    assert summary["spasm list"]["ratio"] == pytest.approx(1.25)
    assert summary["spasm list"]["peak_mib"] == pytest.approx(22.0)


def test_scale_growth_and_generated_routines_are_valid(tmp_path: Path) -> None:
    from spasm_cli.format.loader import load_routine

    files = scale.generate(tmp_path, 3)
    for path in files:
        assert load_routine(path, match_name=True).title.startswith("Generated routine")
    rows = [
        {"routines": 10, "k": {"wall": 0.2}},
        {"routines": 110, "k": {"wall": 0.3}},
    ]
    assert scale.growth(rows, "k") == pytest.approx([1.0])


def test_timing_routines_have_the_planned_shape() -> None:
    from spasm_cli.format.loader import parse_routine
    from spasm_cli.session.timeline import compile_timeline

    hold = parse_routine(timing.HOLD_ROUTINE.encode(), "x", default_name="bench-hold")
    segments = parse_routine(timing.SEGMENTS_ROUTINE.encode(), "x", default_name="bench-segments")
    assert [s.duration for s in compile_timeline("h", hold.steps, 0).segments] == [60.0]
    assert len(compile_timeline("s", segments.steps, 0).segments) == 40


def test_verdicts_mark_pass_and_miss() -> None:
    run = {
        "label": "60 s hold, live screen",
        "trace": {"start_p99": 0.001, "end_error": 0.002},
        "hold_cpu_percent": 0.5,
        "cpu_seconds": 0.6,
        "peak_mib": 30.0,
    }
    results = {
        "timing": {"runs": [run], "termdown": None, "termdown_note": "not installed"},
        "startup": {
            "summary": {
                startup.FLOOR: {"median": 0.2, "ratio": 1.0},
                "spasm list": {"median": 0.3, "ratio": 1.5},
                "spasm --help": {"median": 0.2, "ratio": 1.0},
            }
        },
        "scale": {"rows": []},
        "elapsed": 100.0,
    }
    by_target = {v.target: v.status for v in run_all.verdicts(results)}
    assert by_target["`spasm list` at most 1.3x the import floor"] == "MISS"
    assert by_target["`spasm --help` at most 1.3x the import floor"] == "PASS"
    assert by_target["CPU below termdown's (60 s, live screen)"] == "not measured"
    assert by_target["segment-start p99 within 5 ms of plan (every run)"] == "PASS"


def test_history_scale_fills_a_readable_history_and_reports_it(tmp_path: Path) -> None:
    import history_scale

    from spasm_cli.history.store import HistoryStore

    path = tmp_path / "history.sqlite3"
    history_scale.fill(path, 30)
    with HistoryStore(path) as store:
        records = store.sessions()
    assert len(records) == 30
    assert records[0].started_at > records[-1].started_at  # newest first, 8 hours apart
    results = history_scale.measure(30, runs=1)
    assert set(results["figures"]) == set(history_scale.COMMANDS)
    assert results["figures"]["history_all"]["bytes"] > results["figures"]["history"]["bytes"]
    lines = history_scale.report(results)
    assert lines[0] == "30 sessions; median wall time, stdout a pipe:"
    assert len(lines) == 4 + len(history_scale.COMMANDS)
