"""Shared fixtures: no test touches the real user folders or the caller's settings."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture(autouse=True)
def isolated_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the XDG folders at a fresh temp dir and drop spasm's own variables."""
    home = tmp_path_factory.mktemp("xdg")
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    for variable in ("SPASM_ROUTINES_PATH", "SPASM_SOUND_BACKEND"):
        monkeypatch.delenv(variable, raising=False)
    return home


@dataclass(frozen=True)
class Run:
    """What one `spasm` command did."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def spasm() -> Callable[..., Run]:
    """Run `spasm ARGS...` in-process through ``cli.main``, as the installed command does.

    ``main`` (not the bare Typer app) is what turns a ``SpasmError`` into a
    message and an exit code, so it is what these tests exercise. Any other
    exception escapes and fails the test: the program never shows a traceback.
    """
    from spasm_cli.cli.app import main

    def run(*args: str, input: str | None = None) -> Run:
        runner = CliRunner()
        env = {"COLUMNS": "120", "LINES": "40", "TERM": "dumb"}
        with runner.isolation(input=input, env=env) as (out, err, _both):
            saved = sys.argv
            sys.argv = ["spasm", *args]
            code = 0
            try:
                main()
            except SystemExit as exit_:
                code = (
                    exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                )
            finally:
                sys.argv = saved
                sys.stdout.flush()
                sys.stderr.flush()
            return Run(code, out.getvalue().decode(), err.getvalue().decode())

    return run
