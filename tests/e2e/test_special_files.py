"""Pipes, devices and huge files given as routines or config: refused at once, never read.

Run as the installed program with a timeout, so that a regression fails
instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from e2e_helpers import require_spasm


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPASM_")}
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return subprocess.run(
        [str(require_spasm()), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("command", ["validate", "show", "routine"])
def test_a_fifo_as_a_routine_is_refused_without_waiting(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "routine.yaml"
    os.mkfifo(fifo)
    result = run(tmp_path, command, str(fifo))
    assert result.returncode == 2, result.stderr
    assert f"{fifo}:0:0: file: is not a regular file (a pipe or a device)" in result.stderr


def test_a_device_as_a_routine_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "validate", "/dev/zero")
    assert result.returncode == 2
    assert "is not a regular file" in result.stderr


def config_file(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "spasm"
    folder.mkdir(parents=True)
    return folder / "config.yaml"


def test_a_fifo_as_config_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(config_file(tmp_path))
    result = run(tmp_path, "routine", "breathing", "--plain")
    assert result.returncode == 2, result.stderr
    assert "config.yaml: cannot read: is not a regular file" in result.stderr


def test_a_config_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    config_file(tmp_path).symlink_to("/dev/zero")
    result = run(tmp_path, "routine", "breathing", "--plain")
    assert result.returncode == 2 and "is not a regular file" in result.stderr


def test_a_huge_config_is_refused(tmp_path: Path) -> None:
    config_file(tmp_path).write_text("# padding\n" * 10_000)
    result = run(tmp_path, "routine", "breathing", "--plain")
    assert result.returncode == 2 and "is larger than 64 KiB" in result.stderr
