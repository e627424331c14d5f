"""The command line: a thin Typer layer over the core.

Each command parses its options, builds the pieces, calls the core and prints.
Every ``SpasmError`` is caught once, in ``main``, and becomes a message on
stderr and an exit code; nothing a user can cause ends in a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    list[Path] | None,
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
    tag: Annotated[str | None, typer.Option(help="Only routines with this tag.")] = None,
    phase: Annotated[
        str | None,
        typer.Option(help="Only routines for this phase: acute, recovery or prevention."),
    ] = None,
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
    import shutil

    from spasm_cli.plan import routine_table

    # In a pipe, one routine per line (no cutting) serves `grep` best.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    rows = [[str(cell) for cell in entry.row()] for entry in entries]
    print("\n".join(routine_table(rows, width)))


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
    ] = None,
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


def _pain(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise typer.BadParameter("expected a pain score from 0 to 10")
    return value


def _duration_option(value: str | None) -> float | None:
    if value is None:
        return None
    from spasm_cli.durations import DurationError, parse_duration

    try:
        seconds = parse_duration(value)
    except DurationError as err:
        raise typer.BadParameter(str(err)) from None
    if seconds > 3600:
        raise typer.BadParameter("expected at most 1 hour")
    return seconds


@app.command()
def routine(
    target: Annotated[
        str, typer.Argument(help="A routine name or a YAML file.", metavar="NAME|FILE")
    ],
    plain: Annotated[
        bool, typer.Option("--plain", help="One line per event: no live screen, no colour needed.")
    ] = False,
    no_sound: Annotated[bool, typer.Option("--no-sound", help="No sound cues.")] = False,
    volume: Annotated[
        int | None, typer.Option(min=0, max=100, help="Cue volume, 0-100 (default 70).")
    ] = None,
    voice: Annotated[
        bool | None,
        typer.Option(
            "--voice/--no-voice",
            help="Speak steps aloud (needs espeak-ng, espeak, spd-say or say).",
        ),
    ] = None,
    lead_in: Annotated[
        str | None,
        typer.Option(
            "--lead-in",
            metavar="DURATION",
            help="Get-ready countdown, e.g. 5s; 0 for none.",
            callback=_duration_option,
        ),
    ] = None,
    pain_before: Annotated[
        int | None,
        typer.Option(
            "--pain-before",
            metavar="N",
            help="Pain 0-10 before; replaces the question.",
            callback=_pain,
        ),
    ] = None,
    pain_after: Annotated[
        int | None,
        typer.Option(
            "--pain-after",
            metavar="N",
            help="Pain 0-10 after; replaces the question.",
            callback=_pain,
        ),
    ] = None,
    trace: Annotated[
        Path | None,
        typer.Option(
            "--trace", metavar="FILE", help="Write every session event as a JSON line to FILE."
        ),
    ] = None,
    no_history: Annotated[
        bool, typer.Option("--no-history", help="Do not record this session.")
    ] = False,
    routines_dir: RoutinesDir = None,
) -> None:
    """Run a routine, step by step, with a timer and sound cues.

    Keys: space pause/resume, n or right arrow next, b or left arrow back,
    Enter counts a self-paced rep, q stops.
    """
    from spasm_cli.config import load_config
    from spasm_cli.session import SessionOptions, run_session

    config = load_config(paths.config_file())
    options = SessionOptions(
        target=target,
        plain=plain,
        sound=False if no_sound else None,
        volume=volume,
        voice=voice,
        lead_in=lead_in,  # type: ignore[arg-type]  # converted by its callback
        pain_before=pain_before,
        pain_after=pain_after,
        trace=trace,
        history=not no_history,
        routines_dirs=list(routines_dir or ()),
    )
    code = run_session(options, config)
    if code is not ExitCode.OK:
        raise typer.Exit(int(code))


@app.command()
def doctor(
    sound: Annotated[bool, typer.Option("--sound", help="Also play a test chime.")] = False,
) -> None:
    """Show what spasm sees: terminal, sound, folders, history, invalid routines."""
    from spasm_cli.doctor import all_facts

    facts, problems = all_facts()
    section = None
    for fact in facts:
        if fact.section != section:
            section = fact.section
            print(f"{section}:")
        mark = "" if fact.ok else "  <- needs attention"
        print(f"  {fact.label + ':':<18}{fact.value}{mark}")
    for problem in problems:
        print(f"    {problem}")
    if sound:
        from spasm_cli.sound import play_test_cue

        played = play_test_cue(70, lambda text: _err(f"spasm: {text}"))
        print("sound test: " + ("played a chime" if played else "no sound played"))
        if not played:
            raise typer.Exit(ExitCode.ERROR)


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


__all__ = ["app", "main"]
