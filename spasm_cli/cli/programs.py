"""``spasm program ...`` and ``spasm today``: thin Typer commands over ``app.programs``.

The heavy modules (the program checker, history, the session) are imported
inside each command, so ``spasm --help`` stays light.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated, Any

import typer

from spasm_cli import paths
from spasm_cli.cli.common import RoutinesDir, library, report_ignored, report_skipped
from spasm_cli.cli.session import (
    Force,
    LeadIn,
    NoHistory,
    NoSound,
    PainAfter,
    PainBefore,
    Plain,
    Timestamps,
    Trace,
    Voice,
    Volume,
    session_options,
)
from spasm_cli.errors import ExitCode

program_app = typer.Typer(
    name="program",
    help="Programs: a plan of days that adapts holds and reps to your pain scores.",
    no_args_is_help=True,
)


def _programs() -> Any:
    from spasm_cli.format.program_library import ProgramLibrary, default_program_dirs

    return ProgramLibrary(default_program_dirs())


def complete_program(incomplete: str) -> list[str]:
    """Program names for ``program show`` and ``program start``."""
    from spasm_cli.errors import SpasmError

    try:
        return sorted(_programs().names())
    except (OSError, SpasmError):
        return []


ProgramName = Annotated[
    str,
    typer.Argument(
        help="A program name (`spasm program list`), or a program file for show.",
        metavar="NAME",
        autocompletion=complete_program,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _say(lines: list[str] | str) -> None:
    from spasm_cli.wrapping import echo

    echo(lines if isinstance(lines, str) else "\n".join(lines))


def list_cmd(as_json: AsJson = False) -> None:
    """List the programs: name, title, phase and days."""
    from spasm_cli.app.programs import list_programs, program_json

    found = list_programs(_programs())
    report_skipped(found.problems)
    report_ignored(found.ignored)
    if as_json:
        print(json.dumps([program_json(p) for p in found.programs], indent=2))
        return
    from spasm_cli.wrapping import stream_width

    if stream_width(sys.stdout) is None:
        # In a pipe: one program a line, every field, for grep and cut.
        for p in found.programs:
            print("\t".join([p.name, p.title, p.phase or "", str(p.length), p.origin]))
        return
    if not found.programs:
        _say("No programs found.")
        return
    lines: list[str] = []
    for p in found.programs:
        rule = (
            f"doses {p.progress.start}% to {p.progress.max}%"
            if p.progress.enabled
            else "routines as written"
        )
        facts = [p.phase] if p.phase else []
        facts += [f"{p.length} day{'s' if p.length != 1 else ''}", rule]
        lines += [f"{p.name}: {p.title}", "  " + ", ".join(facts)]
        if p.summary:
            lines.append("  " + p.summary)
        lines.append("")
    lines.append("`spasm program show NAME` shows its days; `spasm program start NAME` starts it.")
    _say(lines)


def show_cmd(name: ProgramName, as_json: AsJson = False, routines_dir: RoutinesDir = None) -> None:
    """Show a program's days and how its dose follows your pain."""
    from spasm_cli.app.programs import show_program

    text, data = show_program(_programs(), library(routines_dir), name, date.today())
    if as_json:
        print(json.dumps(data, indent=2))
        return
    _say(text)


def start_cmd(
    name: ProgramName,
    force: Annotated[
        bool,
        typer.Option("--force", help="Stop the program you are on without asking."),
    ] = False,
    routines_dir: RoutinesDir = None,
) -> None:
    """Start a program (one at a time): `spasm today` then plays each day."""
    from spasm_cli.app.programs import start_program

    ask = None
    if sys.stdin.isatty() and sys.stdout.isatty():

        def ask(question: str) -> bool:
            return typer.confirm(question, default=False)

    _say(
        start_program(_programs(), library(routines_dir), name, date.today(), force=force, ask=ask)
    )


def status_cmd(as_json: AsJson = False, routines_dir: RoutinesDir = None) -> None:
    """Show where you are in your program: the day, the dose and why."""
    from spasm_cli.app.programs import status

    text, data = status(_programs(), library(routines_dir), date.today())
    if as_json:
        print(json.dumps(data, indent=2))
        return
    _say(text)


def stop_cmd() -> None:
    """Stop the program you are on; its sessions stay in your history."""
    from spasm_cli.app.programs import stop_program

    _say(stop_program(_programs(), date.today()))


def today(
    plain: Plain = False,
    no_sound: NoSound = False,
    volume: Volume = None,
    voice: Voice = None,
    lead_in: LeadIn = None,
    pain_before: PainBefore = None,
    pain_after: PainAfter = None,
    trace: Trace = None,
    force: Force = False,
    no_history: NoHistory = False,
    timestamps: Timestamps = None,
    routines_dir: RoutinesDir = None,
) -> None:
    """Play today's day of your program, at today's dose, as one session.

    Takes the options of `spasm routine`, and its keys: space pause/resume,
    n next exercise, b back, Enter counts a self-paced rep, q stops.
    """
    from spasm_cli.app.today import run_today
    from spasm_cli.config import load_config

    options = session_options(
        "today",
        plain=plain,
        no_sound=no_sound,
        volume=volume,
        voice=voice,
        lead_in=lead_in,
        pain_before=pain_before,
        pain_after=pain_after,
        trace=trace,
        force=force,
        no_history=no_history,
        timestamps=timestamps,
        routines_dir=routines_dir,
    )
    code = run_today(options, load_config(paths.config_file()))
    if code is not ExitCode.OK:
        raise typer.Exit(int(code))


def register(app: typer.Typer) -> None:
    """Add ``program`` (list, show, start, status, stop) and ``today`` to ``app``."""
    program_app.command("list")(list_cmd)
    program_app.command("show")(show_cmd)
    program_app.command("start")(start_cmd)
    program_app.command("status")(status_cmd)
    program_app.command("stop")(stop_cmd)
    app.add_typer(program_app)
    app.command("today")(today)
