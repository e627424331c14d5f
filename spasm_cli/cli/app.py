"""The ``spasm`` command: the Typer app, its root options and the one error edge.

Each command parses its options, builds the pieces, calls the core and prints.
Every ``SpasmError`` is caught once, in ``main``, and becomes a message on
stderr and an exit code; nothing a user can cause ends in a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated

import typer

from spasm_cli import __version__
from spasm_cli.cli.common import err
from spasm_cli.errors import ExitCode, RoutineError, SpasmError, printable

app = typer.Typer(
    name="spasm",
    help="A terminal coach for back spasms: guided breathing, stretches and core routines.",
    no_args_is_help=False,  # `spasm` alone shows where to start (see _root)
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"spasm {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A terminal coach for back spasms: guided breathing, stretches and core routines."""
    if ctx.invoked_subcommand is not None:
        return
    import shutil

    from spasm_cli.app.welcome import lines, starts
    from spasm_cli.cli.common import library

    width = shutil.get_terminal_size().columns
    print("\n".join(lines(starts(library(None)), width)))


def _register_extensions() -> None:
    # One module per command group; each imports its heavy dependencies inside
    # its command functions, so registering them costs little. The order is
    # the order of `spasm --help`.
    from spasm_cli.cli import doctor, history, routines, session

    routines.register(app)
    session.register(app)
    doctor.register(app)
    history.register(app)


_register_extensions()


def _quiet_stdout() -> None:
    """Point fd 1 at /dev/null so Python's own flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Entry point of the ``spasm`` command."""
    if sys.stdout is None:  # started with stdout closed (`spasm list >&-`)
        err("spasm: standard output is closed; nothing can be shown")
        sys.exit(int(ExitCode.ERROR))
    from spasm_cli.encoding import prepare_streams

    # Before anything is printed: an ASCII or Latin-1 output gets stand-ins
    # for what it cannot encode instead of a UnicodeEncodeError mid-line.
    prepare_streams()
    try:
        try:
            app()
        finally:
            # Output still buffered fails here, inside the try, rather than
            # at exit with a traceback (`spasm list > /dev/full`).
            sys.stdout.flush()
    except SpasmError as error:
        err(printable(f"spasm: {error}" if not isinstance(error, RoutineError) else str(error)))
        sys.exit(int(error.exit_code))
    except KeyboardInterrupt:
        err("spasm: interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # `spasm list | head`: the reader left; that is not an error worth a trace.
        _quiet_stdout()
        sys.exit(int(ExitCode.OK))
    except OSError as exc:
        # Writing the output failed (a full disk, a closed or broken stream):
        # one line, exit 1; what was written so far is the shell's file.
        _quiet_stdout()
        err(f"spasm: cannot write the output: {exc.strerror or exc}")
        sys.exit(int(ExitCode.ERROR))


__all__ = ["app", "main"]
