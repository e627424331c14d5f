"""The installed `spasm` command, run from an unrelated folder, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SPASM = Path(sys.executable).parent / "spasm"

pytestmark = pytest.mark.skipif(
    not SPASM.exists(), reason="spasm is not installed next to this Python"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SPASM_")}
    return subprocess.run(
        [str(SPASM), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bundled_routines_are_found_from_any_folder(tmp_path: Path) -> None:
    result = run("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    routines = json.loads(result.stdout)
    names = {r["name"] for r in routines}
    assert {
        "breathing",
        "ql-stretch",
        "childs-pose",
        "dead-bug",
        "bird-dog",
        "acute-relief",
    } <= names
    assert len(routines) >= 20
    assert {r["source"] for r in routines} == {"bundled"}


def test_module_entry_point_and_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "spasm_cli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("spasm ")
    shown = run("show", "breathing", cwd=tmp_path)
    assert shown.returncode == 0
    assert "Total:" in shown.stdout


def test_unknown_routine_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = run("routine", "no-such-routine", "--plain", cwd=tmp_path)
    assert result.returncode == 2
    assert "no routine called 'no-such-routine'" in result.stderr
    assert "Traceback" not in result.stderr
