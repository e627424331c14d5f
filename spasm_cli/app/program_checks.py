"""Checking programs in full: for ``show``, ``start``, ``today`` and ``spasm validate``.

A program is checked as a routine is: its own file (every problem with its
place), then what it names (each day's routines exist, are valid and stay
within the routine limits at the highest dose its rule allows, and ``next:``
names a program there is).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli.app.program_words import plural
from spasm_cli.errors import RoutineError

if TYPE_CHECKING:
    from spasm_cli.app.catalog import Checked
    from spasm_cli.format.library import Library
    from spasm_cli.format.program_library import ProgramLibrary
    from spasm_cli.format.program_model import Program


def checked(programs: ProgramLibrary, library: Library, arg: str) -> Program:
    """The program ``arg`` names (or the file it is), checked in full; RoutineError if broken."""
    from spasm_cli.format.program_library import check_program

    program = programs.resolve(arg)
    problems = check_program(program, library, programs)
    if problems:
        raise RoutineError(problems)
    return program


def is_program_file(path: Path) -> bool:
    """Whether ``path`` is a program: in a programs folder, or ``days:`` without ``steps:``."""
    from spasm_cli import paths
    from spasm_cli.files import Unreadable, read_limited
    from spasm_cli.format.model import MAX_FILE_BYTES
    from spasm_cli.format.program_check import looks_like_program

    try:
        parent = path.parent.resolve()
        folders = {paths.user_programs_dir().resolve(), paths.bundled_programs_dir().resolve()}
        if parent in folders:
            return True
        # A file the routine checker cannot read is reported by it, in its words.
        return looks_like_program(read_limited(path, MAX_FILE_BYTES))
    except (OSError, RuntimeError, Unreadable):
        return False


def validate_program(library: Library, path: Path) -> Checked:
    """``spasm validate`` of one program file: its own problems, then its days' routines."""
    from spasm_cli.app.catalog import Checked
    from spasm_cli.format.library import looks_like_path
    from spasm_cli.format.program_library import (
        ProgramLibrary,
        check_program,
        default_program_dirs,
    )

    display = str(path)
    programs = ProgramLibrary(default_program_dirs())
    try:
        passed_over = programs.passed_over(path)
        if passed_over is not None:
            raise RoutineError([passed_over])
        program = programs.resolve(display if looks_like_path(display) else "./" + display)
        problems = check_program(program, library, programs)
        if problems:
            raise RoutineError(problems)
    except RoutineError as err:
        return Checked(display, err)
    rule = (
        f"doses {program.progress.start}% to {program.progress.max}%"
        if program.progress.enabled
        else "routines as written"
    )
    summary = f"{program.name}: a program of {plural(program.length, 'day')}, {rule}"
    return Checked(display, summary=summary, warnings=tuple(str(w) for w in program.warnings))


__all__ = ["checked", "is_program_file", "validate_program"]
