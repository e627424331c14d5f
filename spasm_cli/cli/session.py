"""``spasm routine``: run a routine, with its options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spasm_cli import paths
from spasm_cli.cli.common import RoutinesDir, complete_routine
from spasm_cli.errors import ExitCode

if TYPE_CHECKING:
    from spasm_cli.app.session import SessionOptions


def _pain(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise typer.BadParameter("expected a pain score from 0 to 10")
    return value


def _volume(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise typer.BadParameter(f"expected a volume from 0 to 100, got {value}")
    return value


def _duration_option(value: str | None) -> float | None:
    if value is None:
        return None
    from spasm_cli.format.values import Bad, duration

    # The same rule as a routine's lead_in: 0, or 0.5 s to 1 hour.
    try:
        return duration(value, allow_zero=True)
    except Bad as err:
        raise typer.BadParameter(str(err)) from None


Plain = Annotated[
    bool, typer.Option("--plain", help="One line per event: no live screen, no colour needed.")
]
NoSound = Annotated[bool, typer.Option("--no-sound", help="No sound cues.")]
Volume = Annotated[
    int | None,
    typer.Option(metavar="0-100", callback=_volume, help="Cue volume, 0-100 (default 70)."),
]
Voice = Annotated[
    bool | None,
    typer.Option(
        "--voice/--no-voice",
        help="Speak steps aloud (needs espeak-ng, espeak, spd-say or say).",
    ),
]
LeadIn = Annotated[
    str | None,
    typer.Option(
        "--lead-in",
        metavar="DURATION",
        help="Get-ready countdown, e.g. 5s; 0 for none.",
        callback=_duration_option,
    ),
]
PainBefore = Annotated[
    int | None,
    typer.Option(
        "--pain-before",
        metavar="N",
        help="Pain 0-10 before; replaces the question.",
        callback=_pain,
    ),
]
PainAfter = Annotated[
    int | None,
    typer.Option(
        "--pain-after",
        metavar="N",
        help="Pain 0-10 after; replaces the question.",
        callback=_pain,
    ),
]
Trace = Annotated[
    Path | None,
    typer.Option(
        "--trace", metavar="FILE", help="Write every session event as a JSON line to FILE."
    ),
]
Force = Annotated[bool, typer.Option("--force", help="With --trace: replace FILE if it exists.")]
NoHistory = Annotated[bool, typer.Option("--no-history", help="Do not record this session.")]
Timestamps = Annotated[
    bool | None,
    typer.Option(
        "--timestamps/--no-timestamps",
        help="With --plain: start each line with [mm:ss] (off for screen readers).",
        show_default=False,
    ),
]


def session_options(
    target: str,
    *,
    plain: bool,
    no_sound: bool,
    volume: int | None,
    voice: bool | None,
    lead_in: str | None,
    pain_before: int | None,
    pain_after: int | None,
    trace: Path | None,
    force: bool,
    no_history: bool,
    timestamps: bool | None,
    routines_dir: list[Path] | None,
) -> SessionOptions:
    """What ``routine`` and ``today`` were asked, as the session reads it."""
    from spasm_cli.app.session import SessionOptions

    return SessionOptions(
        target=target,
        plain=plain,
        sound=False if no_sound else None,
        volume=volume,
        voice=voice,
        lead_in=lead_in,  # type: ignore[arg-type]  # converted by its callback
        pain_before=pain_before,
        pain_after=pain_after,
        trace=trace,
        trace_force=force,
        history=not no_history,
        timestamps=timestamps,
        routines_dirs=list(routines_dir or ()),
    )


def routine(
    target: Annotated[
        str,
        typer.Argument(
            help="A routine name or a YAML file.",
            metavar="NAME|FILE",
            autocompletion=complete_routine,
        ),
    ],
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
    """Run a routine, step by step, with a timer and sound cues.

    Keys: space pause/resume, n or right arrow next exercise, N or . next
    part, b or left arrow back, B or , back a part, Enter counts a
    self-paced rep, q stops.
    """
    from spasm_cli.app.session import run_session
    from spasm_cli.config import load_config

    config = load_config(paths.config_file())
    options = session_options(
        target,
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
    code = run_session(options, config)
    if code is not ExitCode.OK:
        raise typer.Exit(int(code))


def register(app: typer.Typer) -> None:
    """Add ``routine`` to ``app``."""
    app.command("routine")(routine)
