"""``spasm doctor``: what spasm sees, and a test chime on request."""

from __future__ import annotations

from typing import Annotated

import typer

from spasm_cli.cli.common import err
from spasm_cli.errors import ExitCode


def doctor(
    sound: Annotated[bool, typer.Option("--sound", help="Also play a test chime.")] = False,
) -> None:
    """Show what spasm sees: terminal, sound, folders, history, invalid routines."""
    import sys

    from spasm_cli.app.doctor import all_facts, render
    from spasm_cli.wrapping import stream_width

    facts, problems = all_facts()
    print("\n".join(render(facts, problems, stream_width(sys.stdout))), flush=True)
    if sound:
        from spasm_cli.sound import play_test_cue

        played = play_test_cue(70, lambda text: err(f"spasm: {text}"))
        print("sound test: " + ("played a chime" if played else "no sound played"))
        if not played:
            raise typer.Exit(ExitCode.ERROR)


def register(app: typer.Typer) -> None:
    """Add ``doctor`` to ``app``."""
    app.command("doctor")(doctor)
