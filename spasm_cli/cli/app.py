"""The ``spasm`` command: the Typer app, its root options and the one error edge.

Each command parses its options, builds the pieces, calls the core and prints.
Every ``SpasmError`` is caught once, in ``main``, and becomes a message on
stderr and an exit code; nothing a user can cause ends in a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from typing import Annotated, Any

import typer

from spasm_cli import __version__
from spasm_cli.cli.common import err
from spasm_cli.errors import ExitCode, RoutineError, SpasmError, printable


def _help_width() -> int:
    import shutil

    return max(20, min(shutil.get_terminal_size().columns, 80) - 1)


# The click that typer runs on (typer 0.2x carries its own copy): its Context
# and the help formatter it makes.
_ClickContext: Any = typer.Context.__mro__[1]
_BaseFormatter = typer.Context.formatter_class


class _HelpFormatter(_BaseFormatter):  # type: ignore[misc,valid-type]
    """Click's help, with the option column narrowed to fit a narrow terminal.

    Click keeps the option names up to 30 columns wide, which at 40 columns
    leaves the help text 8 and runs lines past the edge; a third of the width
    at most keeps every line inside it (longer names take a line of their own).
    """

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        width = int(self.width)
        narrow = col_max if width >= 70 else min(col_max, max(8, width // 3))
        super().write_dl(rows, narrow, col_spacing)


_ClickContext.formatter_class = _HelpFormatter


app = typer.Typer(
    name="spasm",
    help="A terminal coach for back spasms: guided breathing, stretches and core routines.",
    no_args_is_help=False,  # `spasm` alone shows where to start (see _root)
    # Typer's own --install-completion and --show-completion: commands,
    # options, routine names and the closed sets (see cli.common).
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={
        "help_option_names": ["-h", "--help"],
        # Click formats help at least 50 columns wide, so at 40 the terminal
        # cut every line mid-word; this is the width of the terminal at hand.
        "terminal_width": _help_width(),
    },
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
    from spasm_cli.cli import (
        doctor,
        figures,
        history,
        programs,
        report,
        routines,
        session,
        sources,
    )

    routines.register(app)
    figures.register(app)
    session.register(app)
    programs.register(app)
    doctor.register(app)
    history.register(app)
    report.register(app)
    sources.register(app)


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
