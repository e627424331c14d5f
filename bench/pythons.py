"""Which supported CPythons this machine has: one place for nox and the benchmarks.

Found on PATH and where pyenv keeps them. A pyenv "shim" for a version that
is installed but not selected is on PATH yet fails when run, so each
candidate is run once (``python -c pass``) before it counts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SUPPORTED = ("3.10", "3.11", "3.12", "3.13")


def pyenv_bins() -> list[str]:
    """The ``bin`` folders of pyenv's CPythons of the supported versions (newest patch each)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if not root.is_dir():
        return []
    found: dict[str, Path] = {}
    for version in sorted(root.iterdir(), key=lambda p: [int(x) for x in _numbers(p.name)]):
        minor = ".".join(version.name.split(".")[:2])
        if minor in SUPPORTED and (version / "bin" / f"python{minor}").is_file():
            found[minor] = version / "bin"
    return [str(path) for path in found.values()]


def _numbers(name: str) -> list[str]:
    parts = name.split(".")
    return [p for p in parts if p.isdigit()] if all(p.isdigit() for p in parts) else ["0"]


def search_path() -> str:
    """PATH with pyenv's version folders first, so ``python3.12`` finds a real interpreter."""
    return os.pathsep.join([*pyenv_bins(), os.environ.get("PATH", "")])


def interpreter(version: str, path: str | None = None) -> str | None:
    """The path of a working ``pythonX.Y``, or None."""
    found = shutil.which(f"python{version}", path=path or search_path())
    if found is None:
        return None
    try:
        subprocess.run([found, "-c", "pass"], capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return found


def present() -> list[str]:
    """The supported versions that run here; the running Python's is always one."""
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    return [v for v in SUPPORTED if v == current or interpreter(v) is not None]
