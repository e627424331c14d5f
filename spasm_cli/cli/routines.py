"""``spasm list``, ``show``, ``validate``, ``new`` and ``schema``: the routine commands.

Thin Typer commands over ``app.catalog`` and the routine format; the heavy
modules are imported inside each command so ``spasm --help`` stays light.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from spasm_cli.cli.common import (
    RoutinesDir,
    complete_phase,
    complete_routine,
    complete_tag,
    err,
    library,
    report_ignored,
    report_skipped,
)
from spasm_cli.errors import ExitCode, printable


def list_cmd(
    tag: Annotated[
        str | None,
        typer.Option(
            metavar="TAG", help="Only routines with this tag.", autocompletion=complete_tag
        ),
    ] = None,
    phase: Annotated[
        str | None,
        typer.Option(
            metavar="PHASE",
            help="Only routines for this phase: acute, recovery or prevention.",
            autocompletion=complete_phase,
        ),
    ] = None,
    position: Annotated[
        str | None,
        typer.Option(
            metavar="POSITION",
            help="Only routines done in this position: lying, kneeling, sitting or standing.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    routines_dir: RoutinesDir = None,
) -> None:
    """List the routines, grouped by when they fit, with where and how long.

    In a pipe: one routine per line, tab-separated, with every field.
    """
    from spasm_cli.app.catalog import list_entries

    entries, problems, ignored = list_entries(
        library(routines_dir), tag=tag, phase=phase, position=position
    )
    report_skipped(problems)
    report_ignored(ignored)
    if as_json:
        print(json.dumps([entry.as_json() for entry in entries], indent=2))
        return
    from spasm_cli.wrapping import echo, stream_width

    if not entries:
        echo("No routines match." if (tag or phase or position) else "No routines found.")
        return
    from spasm_cli.app.listing import pipe_lines, screen_lines

    rows = [entry.row() for entry in entries]
    width = stream_width(sys.stdout)
    # In a pipe, one routine per line with every field serves `grep` best.
    if width is None:
        lines = pipe_lines(rows)
    else:
        import shutil

        lines = screen_lines(rows, width, shutil.get_terminal_size().lines)
    sys.stdout.write("".join(line + "\n" for line in lines))


def show(
    routine: Annotated[
        str,
        typer.Argument(
            help="A routine name or a YAML file.",
            metavar="NAME|FILE",
            autocompletion=complete_routine,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    routines_dir: RoutinesDir = None,
) -> None:
    """Show a routine's steps, timings and total time without running it."""
    from spasm_cli.app.catalog import show_routine

    text, data, warnings = show_routine(library(routines_dir), routine)
    for warning in warnings:
        err(warning)
    if as_json:
        print(json.dumps(data, indent=2))
        return
    from spasm_cli.wrapping import echo

    # Instructions hang under their step, a long caution under itself.
    echo(text)


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Routine or program files, folders of them, or names, to check.",
            metavar="FILE|NAME...",
            autocompletion=complete_routine,
        ),
    ],
    routines_dir: RoutinesDir = None,
) -> None:
    """Check routine and program files (or a folder of them); exit 0 when all are valid, 2 otherwise.

    Warnings (what a valid file says that does nothing) go to stderr and leave
    the exit status 0.
    """
    from spasm_cli.app.catalog import validate_files

    results = validate_files(library(routines_dir), files)
    bad = 0
    for result in results:
        if result.error is not None:
            bad += 1
            for problem in result.error.problems:
                err(str(problem))
            continue
        for warning in result.warnings:
            err(warning)
        print(printable(f"{result.display}: ok ({result.summary})", lines=False))
    if bad:
        err(f"spasm: {bad} of {len(results)} file{'s' if len(results) != 1 else ''} invalid")
        raise typer.Exit(ExitCode.INVALID)


def new(
    name: Annotated[
        str,
        typer.Argument(
            help="Name of the new routine: lowercase letters, digits, dashes.", metavar="NAME"
        ),
    ],
    force: Annotated[
        bool,
        typer.Option("--force", help="Use the name of a bundled routine (yours replaces it)."),
    ] = False,
) -> None:
    """Write a commented starter routine into the user routines folder."""
    from spasm_cli.app.catalog import write_starter
    from spasm_cli.wrapping import echo

    path = write_starter(name, force=force)
    lines = [f"Wrote {path}", "", "Next:"]
    for command, what in (
        (f"$EDITOR {path}", "write your steps (the comments show how)"),
        (f"spasm validate {name}", "check it: every problem with its line"),
        (f"spasm show {name}", "see its steps and times"),
        (f"spasm routine {name}", "play it"),
    ):
        lines += [f"  {command}", f"      {what}"]
    # A long path breaks at the edge rather than being cut by the terminal.
    echo(printable("\n".join(lines)))


def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of printing.", metavar="FILE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --output if it exists.")] = False,
    program: Annotated[
        bool, typer.Option("--program", help="The program format's schema instead.")
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the routine format (or, with --program, programs)."""
    from spasm_cli.files import write_text
    from spasm_cli.format.schema import program_schema, routine_schema

    text = json.dumps(program_schema() if program else routine_schema(), indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    # Not health data: readable by the editors and tools that use it.
    write_text(output, text, force=force, mode=0o644)
    print(output)


def register(app: typer.Typer) -> None:
    """Add ``list``, ``show``, ``validate``, ``new`` and ``schema`` to ``app``."""
    app.command("list")(list_cmd)
    app.command("show")(show)
    app.command("validate")(validate)
    app.command("new")(new)
    app.command("schema")(schema)
