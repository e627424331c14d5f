"""The command line: a thin Typer layer over the core.

Each command parses its options, builds the pieces, calls the core and prints.
Every ``SpasmError`` is caught once, in ``main``, and becomes a message on
stderr and an exit code; nothing a user can cause ends in a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spasm_cli import __version__, paths
from spasm_cli.errors import ExitCode, Problem, RoutineError, SpasmError, UsageError

if TYPE_CHECKING:
    from spasm_cli.library import Library

app = typer.Typer(
    name="spasm",
    help="A terminal coach for back spasms: guided breathing, stretches and core routines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RoutinesDir = Annotated[
    Optional[list[Path]],  # noqa: UP045 - Typer reads this annotation at run time on 3.10
    typer.Option(
        "--routines-dir",
        help="Also look for routines in DIR, before all other folders (repeatable).",
        metavar="DIR",
    ),
]


def _library(extra: list[Path] | None) -> Library:
    from spasm_cli.library import Library, default_dirs

    return Library(default_dirs(extra or ()))


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _report_skipped(problems: list[Problem]) -> None:
    # Invalid user routines never stop a command; say so once, briefly.
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found in by_file.items():
        first = found[0]
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        _err(f"spasm: skipped invalid routine {file}:{first.line}: {first.message}{more}")
    if by_file:
        _err("spasm: run `spasm validate FILE` to see every problem")


def _version(value: bool) -> None:
    if value:
        print(f"spasm {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A terminal coach for back spasms: guided breathing, stretches and core routines."""


@app.command("list")
def list_cmd(
    tag: Annotated[Optional[str], typer.Option(help="Only routines with this tag.")] = None,  # noqa: UP045
    phase: Annotated[
        str | None,
        typer.Option(help="Only routines for this phase: acute, recovery or prevention."),
    ] = None,  # noqa: UP045
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    routines_dir: RoutinesDir = None,
) -> None:
    """List the bundled and user routines."""
    from spasm_cli.catalog import list_entries

    entries, problems = list_entries(_library(routines_dir), tag=tag, phase=phase)
    _report_skipped(problems)
    if as_json:
        print(json.dumps([entry.as_json() for entry in entries], indent=2))
        return
    if not entries:
        print("No routines match." if (tag or phase) else "No routines found.")
        return
    from spasm_cli.screen.report import ListRow, make_console, print_routine_table

    rows = [entry.row() for entry in entries]
    print_routine_table(make_console(), [ListRow(*row) for row in rows])


@app.command()
def show(
    routine: Annotated[
        str, typer.Argument(help="A routine name or a YAML file.", metavar="NAME|FILE")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    routines_dir: RoutinesDir = None,
) -> None:
    """Show a routine's steps, timings and total time without running it."""
    from spasm_cli.catalog import show_routine

    text, data = show_routine(_library(routines_dir), routine)
    print(json.dumps(data, indent=2) if as_json else text)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Routine files to check.", metavar="FILE...")],
    routines_dir: RoutinesDir = None,
) -> None:
    """Check routine files; exit 0 when all are valid, 2 otherwise."""
    from spasm_cli.catalog import validate_files

    results = validate_files(_library(routines_dir), files)
    bad = 0
    for display, outcome in results:
        if isinstance(outcome, RoutineError):
            bad += 1
            for problem in outcome.problems:
                _err(str(problem))
        else:
            print(f"{display}: ok ({outcome})")
    if bad:
        _err(f"spasm: {bad} of {len(results)} file{'s' if len(results) != 1 else ''} invalid")
        raise typer.Exit(ExitCode.INVALID)


@app.command()
def new(
    name: Annotated[
        str, typer.Argument(help="Name of the new routine: lowercase letters, digits, dashes.")
    ],
) -> None:
    """Write a commented starter routine into the user routines folder."""
    from spasm_cli.catalog import write_starter

    print(write_starter(name))


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of printing.", metavar="FILE"),
    ] = None,  # noqa: UP045
) -> None:
    """Print the JSON Schema (draft 2020-12) of the routine format."""
    from spasm_cli.schema import routine_schema

    text = json.dumps(routine_schema(), indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists():
        raise UsageError(f"{output} exists; not overwriting it")
    output.write_text(text, encoding="utf-8")
    print(output)


def _register_extensions() -> None:
    # Command groups that live in their own modules; each imports its heavy
    # dependencies inside its command functions, so registering costs little.
    from spasm_cli.commands import history

    history.register(app)


_register_extensions()


def main() -> None:
    """Entry point of the ``spasm`` command."""
    try:
        app()
    except SpasmError as err:
        _err(f"spasm: {err}" if not isinstance(err, RoutineError) else str(err))
        sys.exit(int(err.exit_code))
    except KeyboardInterrupt:
        _err("spasm: interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # `spasm list | head`: the reader left; that is not an error worth a trace.
        sys.stderr.close()
        sys.exit(int(ExitCode.OK))


__all__ = ["app", "main", "paths"]
