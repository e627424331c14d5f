"""The user's defaults: ``<user config dir>/spasm/config.yaml``.

Every key is optional; a command-line option always wins over the file::

    sound: true        # false mutes cues (like --no-sound)
    volume: 70         # 0-100
    voice: false       # speak steps aloud (like --voice)
    ask_pain: true     # ask for pain 0-10 before and after a session in a terminal
    lead_in: 5s        # get-ready countdown (like --lead-in)
    timestamps: true   # false: plain mode without [mm:ss] (like --no-timestamps)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spasm_cli.errors import ConfigError, Problem
from spasm_cli.files import Unreadable, read_limited
from spasm_cli.format.suggest import bracket_hint
from spasm_cli.format.values import Bad, duration
from spasm_cli.format.yamlsafe import load_located

KEYS = ("sound", "volume", "voice", "ask_pain", "lead_in", "timestamps")


@dataclass(frozen=True)
class Config:
    """Defaults read from the config file, or built in."""

    sound: bool = True
    volume: int = 70
    voice: bool = False
    ask_pain: bool = True
    lead_in: float | None = None  # None: the routine's own lead_in
    timestamps: bool = True  # plain mode's [mm:ss] before each line


MAX_CONFIG_BYTES = 64 * 1024  # a config file is a few lines


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file gives the built-in defaults.

    Raises ``ConfigError`` naming the file, line and problem for anything else wrong.
    """
    try:
        data = read_limited(path, MAX_CONFIG_BYTES)
    except Unreadable as why:
        if str(why) == "no such file":
            return Config()
        raise ConfigError(f"{path}: cannot read: {why}") from None
    shown = str(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}:1:1: file: is not UTF-8 text") from None
    located = load_located(text, shown)
    if isinstance(located, list):
        raise ConfigError("\n".join(str(p) for p in located))
    doc = located.value
    if doc is None:
        return Config()
    problems: list[Problem] = []

    def report(key: str, message: str) -> None:
        line, column = located.place((key,))
        problems.append(Problem(shown, line, column, key, message))

    if not isinstance(doc, dict):
        raise ConfigError(
            f"{shown}:1:1: config: expected a mapping of settings ({', '.join(KEYS)})"
        )
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if key in ("sound", "voice", "ask_pain", "timestamps"):
            if isinstance(value, bool):
                values[key] = value
            else:
                report(key, f"expected true or false, got {value!r}")
        elif key == "volume":
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
                values[key] = value
            else:
                report(key, f"expected a whole number from 0 to 100, got {value!r}")
        elif key == "lead_in":
            # The same rule as a routine's lead_in: 0, or 0.5 s to 1 hour.
            try:
                values[key] = duration(value, allow_zero=True)
            except Bad as err:
                report(key, str(err))
        else:
            line, column = located.place((key,), key=True)
            hint = bracket_hint(str(key), KEYS, most=1) or f" (expected one of: {', '.join(KEYS)})"
            problems.append(Problem(shown, line, column, str(key), f"unknown setting{hint}"))
    if problems:
        raise ConfigError("\n".join(str(p) for p in problems))
    return Config(**values)
