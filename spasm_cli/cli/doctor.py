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
    from spasm_cli.app.doctor import all_facts

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

        played = play_test_cue(70, lambda text: err(f"spasm: {text}"))
        print("sound test: " + ("played a chime" if played else "no sound played"))
        if not played:
            raise typer.Exit(ExitCode.ERROR)


def register(app: typer.Typer) -> None:
    """Add ``doctor`` to ``app``."""
    app.command("doctor")(doctor)
