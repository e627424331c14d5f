"""``spasm doctor``: what the program sees, gathered as plain facts.

Each check returns (label, value, ok) rows; the command prints them. Nothing
here changes anything, except that ``--sound`` plays one chime.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

from spasm_cli import __version__, paths
from spasm_cli.errors import Problem, SpasmError


@dataclass(frozen=True)
class Fact:
    """One line of the doctor's report."""

    section: str
    label: str
    value: str
    ok: bool = True


def terminal_facts() -> list[Fact]:
    """Terminal size, colour, and whether single keys can be read."""
    from spasm_cli.session.keys import stdin_is_terminal

    size = shutil.get_terminal_size(fallback=(0, 0))
    is_tty = sys.stdout.isatty()
    facts = [
        Fact("terminal", "stdout", "a terminal" if is_tty else "not a terminal (plain output)"),
        Fact(
            "terminal",
            "size",
            f"{size.columns}x{size.lines}" if size.columns else "unknown",
            ok=not is_tty or (size.columns >= 40 and size.lines >= 10),
        ),
        Fact("terminal", "TERM", os.environ.get("TERM", "(unset)")),
        Fact("terminal", "colour", "off (NO_COLOR)" if os.environ.get("NO_COLOR") else _colour()),
    ]
    keys = stdin_is_terminal()
    facts.append(
        Fact(
            "terminal",
            "keys",
            "single keys (space, n, b, q, arrows)" if keys else "lines: type a key then Enter",
        )
    )
    return facts


def _colour() -> str:
    from spasm_cli.terminal.report import colour_system

    return colour_system()


def folder_facts() -> list[Fact]:
    """The config, routines, programs, data and cache folders, and whether they exist."""
    rows = [
        ("config file", paths.config_file()),
        ("user routines", paths.user_routines_dir()),
        ("user programs", paths.user_programs_dir()),
        ("data", paths.data_dir()),
        ("cache", paths.cache_dir()),
        ("bundled routines", paths.bundled_routines_dir()),
        ("bundled programs", paths.bundled_programs_dir()),
    ]
    return [
        Fact("folders", label, f"{path}{'' if path.exists() else ' (not created yet)'}")
        for label, path in rows
    ]


def config_facts() -> list[Fact]:
    """Whether the config file is valid, and the settings in force."""
    from spasm_cli.config import load_config

    try:
        config = load_config(paths.config_file())
    except SpasmError as err:
        return [Fact("config", "config.yaml", str(err), ok=False)]
    return [
        Fact(
            "config",
            "settings",
            f"sound {'on' if config.sound else 'off'}, volume {config.volume}, voice {'on' if config.voice else 'off'}, pain questions {'on' if config.ask_pain else 'off'}",
        )
    ]


def sound_facts() -> list[Fact]:
    """The sound backend and speech program a session would use."""
    from spasm_cli.sound import describe_backend, describe_passed_over, describe_speech

    facts = [Fact("sound", "backend", describe_backend())]
    facts += [Fact("sound", "passed over", line) for line in describe_passed_over()]
    return [*facts, Fact("sound", "voice", describe_speech())]


def history_facts() -> list[Fact]:
    """The history database: sessions, schema version, integrity."""
    from spasm_cli.history.store import HistoryStore, default_path

    path = default_path(paths.data_dir())
    if not path.exists():
        return [Fact("history", "database", f"{path} (no sessions yet)")]
    try:
        with HistoryStore(path) as store:
            info = store.info()
    except SpasmError as err:
        return [Fact("history", "database", str(err), ok=False)]
    return [
        Fact("history", "database", str(info.path)),
        Fact(
            "history",
            "sessions",
            f"{info.sessions}" + (f" ({info.running} running)" if info.running else ""),
        ),
        Fact(
            "history",
            "schema",
            f"version {info.schema_version} of {info.latest_schema_version}",
            ok=info.schema_version == info.latest_schema_version,
        ),
        Fact("history", "integrity", info.integrity, ok=info.integrity == "ok"),
        Fact(
            "history",
            "damaged rows",
            "none"
            if not info.damaged
            else f"{info.damaged} (kept; `spasm history` shows which and why)",
            ok=not info.damaged,
        ),
    ]


def routine_facts() -> tuple[list[Fact], list[Problem]]:
    """How many routines load, every problem of the invalid ones, and the files passed over."""
    from spasm_cli.app.catalog import list_entries
    from spasm_cli.format.library import Library, default_dirs

    entries, problems, ignored = list_entries(Library(default_dirs()))
    files = len({p.file for p in problems})
    facts = [Fact("routines", "valid", str(len(entries)))]
    facts.append(
        Fact(
            "routines",
            "invalid",
            f"{files} file{'s' if files != 1 else ''}" if files else "none",
            ok=not files,
        )
    )
    # A file the routines folder passes over (my_evening.yaml, Evening.YAML)
    # is a routine the user thinks they have: said as loudly as an invalid one.
    facts.append(
        Fact(
            "routines",
            "passed over",
            f"{len(ignored)} file{'s' if len(ignored) != 1 else ''} (names spasm does not pick up)"
            if ignored
            else "none",
            ok=not ignored,
        )
    )
    return facts, problems + ignored


# Label column width; below this many columns for the values, cards instead.
LABEL = 18
_NARROW = LABEL + 30


def render(facts: list[Fact], problems: list[Problem], width: int | None) -> list[str]:
    """The report's lines, wrapped to ``width`` (``None``: a pipe, lines whole).

    Wide enough, each fact is one row under its section with values wrapped
    under the value column; narrower, each fact is a small card (label, then
    the value indented), so no path or message is cut by the terminal.
    """
    from spasm_cli.errors import printable
    from spasm_cli.wrapping import wrap_line

    out: list[str] = []
    section = None
    cards = width is not None and width < _NARROW
    for fact in facts:
        if fact.section != section:
            section = fact.section
            out.append(f"{section}:")
        value = printable(fact.value, lines=False)
        if not fact.ok:
            value += " (needs attention)"
        if cards:
            out += wrap_line(f"  {fact.label}:", width)
            out += wrap_line(f"      {value}", width)
        else:
            out += wrap_line(f"  {fact.label + ':':<{LABEL}}{value}", width, hang=" " * (LABEL + 2))
    for problem in problems:
        out += wrap_line(f"    {printable(str(problem), lines=False)}", width, hang=" " * 6)
    return out


def all_facts() -> tuple[list[Fact], list[Problem]]:
    """Every check, in report order."""
    facts = [
        Fact("spasm", "version", f"{__version__} (Python {sys.version.split()[0]}, {sys.platform})")
    ]
    facts += terminal_facts() + folder_facts() + config_facts() + sound_facts() + history_facts()
    routine_rows, problems = routine_facts()
    return facts + routine_rows, problems
