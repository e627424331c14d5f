"""Where spasm keeps its files: config, data, cache, and the bundled routines and programs.

Honours ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and ``XDG_CACHE_HOME`` on every
platform (that is how tests isolate themselves); without them it uses the
platform's usual folders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "spasm"


def _base(env: str, linux_default: str, mac_default: str, windows_env: str) -> Path:
    value = os.environ.get(env)
    if value and os.path.isabs(value):
        return Path(value)
    home = Path.home()
    if sys.platform == "darwin":
        return home / mac_default
    if sys.platform == "win32":
        return Path(os.environ.get(windows_env) or home / "AppData" / "Roaming")
    return home / linux_default


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed and make it the user's alone (0700).

    The data folder holds pain scores: whoever creates it first (the first-run
    marker, the history store) creates it private, and a folder an older
    version left at 0755 is tightened. Raises ``OSError`` as ``mkdir`` does.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if (info.st_mode & 0o077) and info.st_uid == os.getuid():
        os.chmod(path, 0o700)
    return path


def config_dir() -> Path:
    """The user's spasm config folder (holds ``config.yaml`` and ``routines/``)."""
    return _base("XDG_CONFIG_HOME", ".config", "Library/Application Support", "APPDATA") / APP


def data_dir() -> Path:
    """The user's spasm data folder (holds the history database)."""
    return _base("XDG_DATA_HOME", ".local/share", "Library/Application Support", "APPDATA") / APP


def cache_dir() -> Path:
    """The user's spasm cache folder (parsed routine metadata)."""
    return _base("XDG_CACHE_HOME", ".cache", "Library/Caches", "LOCALAPPDATA") / APP


def user_routines_dir() -> Path:
    """Where ``spasm new`` writes and where user routines are looked up."""
    return config_dir() / "routines"


def user_programs_dir() -> Path:
    """Where the user's own programs are looked up (before the bundled ones)."""
    return config_dir() / "programs"


def config_file() -> Path:
    """The optional config file with the user's defaults."""
    return config_dir() / "config.yaml"


def bundled_routines_dir() -> Path:
    """The routines shipped with the program.

    Installed, they are package data inside ``spasm_cli/routines``; in a source
    checkout (editable install, tests) they are the ``routines/`` folder beside
    the package.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "routines"
    if packaged.is_dir():
        return packaged
    return here.parent / "routines"


def bundled_programs_dir() -> Path:
    """The programs shipped with spasm: package data in ``spasm_cli/programs``."""
    return Path(__file__).resolve().parent / "programs"


def schema_file_name() -> str:
    """The name the published JSON Schema is written under."""
    return "spasm-routine.schema.json"


def program_schema_file_name() -> str:
    """The name the published JSON Schema of the program format is written under."""
    return "spasm-program.schema.json"
