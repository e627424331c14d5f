"""Finding programs, and the checks of a program that need the routines it names.

Lookup order, first match wins: the user's programs folder, then the bundled
programs. A program is found by its file name (``<name>.yaml`` or
``<name>.yml``), as a routine is, with the same folder rules (the helpers of
``format.library``). ``check_program`` looks up every routine a program's
days name and checks each day against the routine caps at the highest dose
its rule allows; ``day_plan`` is one day's steps, expanded and scaled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spasm_cli import paths
from spasm_cli.errors import Problem, ProgramNotFound, RoutineError, RoutineNotFound
from spasm_cli.format.dose import scale_plan
from spasm_cli.format.durations import format_duration
from spasm_cli.format.expand import MAX_SEGMENTS, MAX_STEPS, PlanStep
from spasm_cli.format.folders import (
    SUFFIXES,
    RoutineDir,
    display_path,
    duplicate_problem,
    folder_names,
    folder_origin,
    looks_like_path,
    pass_over_problem,
    scan_folders,
)
from spasm_cli.format.library import Library
from spasm_cli.format.model import MAX_ROUTINE_SECONDS
from spasm_cli.format.program_check import load_program
from spasm_cli.format.program_model import FULL_DOSE, DayRoutine, Program
from spasm_cli.format.size import step_size
from spasm_cli.format.suggest import near, question, sentence_hint
from spasm_cli.format.validate import MAX_PROBLEMS
from spasm_cli.format.values import is_name

_WHAT = "program"


def default_program_dirs() -> list[RoutineDir]:
    """The programs folders in lookup order: the user's, then the bundled ones."""
    return [
        RoutineDir(paths.user_programs_dir(), "user"),
        RoutineDir(paths.bundled_programs_dir(), "bundled"),
    ]


@dataclass
class ProgramScan:
    """Everything found in the programs folders."""

    programs: list[Program] = field(default_factory=list)  # the winners, in name order
    problems: list[Problem] = field(default_factory=list)  # of the invalid files
    # Files in a programs folder that it does not pick up (not for the bundled folder).
    ignored: list[Problem] = field(default_factory=list)


class ProgramLibrary:
    """The programs visible through a list of folders."""

    def __init__(self, dirs: Sequence[RoutineDir]) -> None:
        self.dirs = list(dirs)
        self._loaded: dict[tuple[Path, str], Program | RoutineError] = {}
        self._names: dict[str, Program | RoutineError | ProgramNotFound] = {}

    def _load(self, path: Path, origin: str) -> Program:
        found = self._loaded.get((path, origin))
        if found is None:
            try:
                found = load_program(
                    path, display=display_path(path), origin=origin, match_name=origin != "path"
                )
            except RoutineError as err:
                found = err
            self._loaded[path, origin] = found
        if isinstance(found, RoutineError):
            raise found
        return found

    def get(self, name: str) -> Program:
        """The first program called ``name`` in lookup order.

        Raises ``ProgramNotFound`` (with the names near it) when there is none,
        and ``RoutineError`` when the first file of that name is invalid or
        the name is given twice in one folder: a user's broken program is
        reported, never silently replaced by the bundled one.
        """
        known = self._names.get(name)
        if known is None:
            try:
                known = self._find(name)
            except (ProgramNotFound, RoutineError) as err:
                known = err
            self._names[name] = known
        if isinstance(known, Exception):
            raise known
        return known

    def _find(self, name: str) -> Program:
        if not is_name(name):
            raise ProgramNotFound(
                f"'{name}' is not a program name (lowercase letters, digits and dashes) or a .yaml file"
            )
        hidden: list[str] = []
        found: Program | None = None
        for folder in self.dirs:
            files = [
                folder.path / (name + suffix)
                for suffix in SUFFIXES
                if (folder.path / (name + suffix)).is_file()
            ]
            if len(files) > 1:
                raise RoutineError([duplicate_problem(files, what=_WHAT)])
            if files and found is None:
                found = self._load(files[0], folder.origin)
            elif files:
                hidden.append(folder.origin)
        if found is None:
            close = near(name, self.names())
            raise ProgramNotFound(
                f"no program called '{name}'.{sentence_hint(close)} "
                "`spasm program list` shows every program.",
                close,
            )
        return replace(found, overrides=tuple(hidden))

    def resolve(self, arg: str) -> Program:
        """A program by name, or by file path when ``arg`` looks like one.

        A file inside one of the folders is checked as that folder's program
        (its ``name:`` must match its file name).
        """
        if looks_like_path(arg):
            path = Path(arg).expanduser()
            return self._load(path, folder_origin(path, self.dirs))
        return self.get(arg)

    def names(self) -> set[str]:
        """Every program name the folders hold (valid or not), without reading them."""
        found: set[str] = set()
        for folder in self.dirs:
            found.update(folder_names(folder.path, what=_WHAT)[0])
        return found

    def passed_over(self, path: Path) -> Problem | None:
        """Why ``path``, in one of the programs folders, is not a program there; None if it is."""
        if folder_origin(path, self.dirs) == "path":
            return None
        return pass_over_problem(path, what=_WHAT)

    def scan(self) -> ProgramScan:
        """Load every program of every folder: winners in name order, problems of the rest."""
        result = ProgramScan()
        result.programs = scan_folders(
            self.dirs, self._load, result.problems, result.ignored, what=_WHAT
        )
        return result


# -- what needs the routines ------------------------------------------------------


@dataclass(frozen=True)
class _Size:
    """One routine's expanded size at a dose: seconds, parts and steps."""

    seconds: float
    segments: int
    steps: int


def check_program(
    program: Program, routines: Library, programs: ProgramLibrary | None = None
) -> list[Problem]:
    """The problems of ``program`` that only the routines (and programs) can show.

    Each routine a day names must exist, be valid and expand; each day,
    expanded and scaled at the highest dose its rule allows, must stay within
    the caps of one routine (4 hours, ``MAX_STEPS`` steps, ``MAX_SEGMENTS``
    parts), since one day is played as one session. ``next:`` must name
    another program (looked up only when ``programs`` is given). Problems are
    located at the name, the day or ``next:`` in the program's file.
    """
    file = _display(program)
    rule = program.progress
    dose = rule.max if rule.enabled else FULL_DOSE
    problems: list[Problem] = []
    # A routine named on 30 days is read, expanded and sized once.
    sizes: dict[str, _Size | RoutineNotFound | RoutineError] = {}
    for day_index, day in enumerate(program.days):
        total = _Size(0.0, 0, 0)
        whole = True
        for index, ref in enumerate(day.routines):
            where = f"day {day_index + 1}, routine {index + 1}"
            size = _routine_size(ref, file, where, routines, dose, problems, sizes)
            if size is None:
                whole = False
            else:
                total = _Size(
                    total.seconds + size.seconds,
                    total.segments + size.segments,
                    total.steps + size.steps,
                )
        too_big = _too_big(day_index, total, dose, rule.enabled) if whole else None
        if too_big is not None:
            problems.append(Problem(file, day.line, day.column, f"day {day_index + 1}", too_big))
        if len(problems) >= MAX_PROBLEMS:
            break
    problems.extend(_next_problems(program, file, programs))
    if len(problems) > MAX_PROBLEMS:
        # As for one file's problems: the first hundred to fix, the rest counted.
        more = len(problems) - MAX_PROBLEMS
        last = problems[MAX_PROBLEMS - 1]
        tail = Problem(file, last.line, last.column, "file", f"{more} more problems not shown")
        problems = [*problems[:MAX_PROBLEMS], tail]
    return problems


def _routine_size(
    ref: DayRoutine,
    file: str,
    where: str,
    routines: Library,
    dose: int,
    problems: list[Problem],
    sizes: dict[str, _Size | RoutineNotFound | RoutineError],
) -> _Size | None:
    """The size of the routine ``ref`` names at ``dose``, or None with its problem recorded."""
    if ref.name not in sizes:
        try:
            steps = scale_plan(routines.expand(routines.get(ref.name)), dose)
        except (RoutineNotFound, RoutineError) as err:
            sizes[ref.name] = err
        else:
            seconds, segments = 0.0, 0
            for plan in steps:
                step_seconds, count = step_size(plan.step)
                seconds += step_seconds
                segments += count
            sizes[ref.name] = _Size(seconds, segments, len(steps))
    found = sizes[ref.name]
    if isinstance(found, _Size):
        return found
    if isinstance(found, RoutineNotFound):
        hint = question(found.near) + " " if found.near else ""
        message = f"no routine called '{ref.name}' ({hint}`spasm list` shows every routine)"
        problems.append(Problem(file, ref.line, ref.column, where, message))
        return None
    message = f"the routine '{ref.name}' is invalid (its problems follow)"
    problems.append(Problem(file, ref.line, ref.column, where, message))
    problems.extend(p for p in found.problems if p not in problems)
    return None


def _too_big(index: int, size: _Size, dose: int, enabled: bool) -> str | None:
    """What is wrong with a day of ``size`` at ``dose``, or None when it fits one session."""
    day = f"day {index + 1}"
    # The highest dose is where a day is biggest: holds and reps only grow with it.
    at = f" at {dose}%, the most its rule allows" if enabled else ""
    if size.steps > MAX_STEPS:
        return f"{day} has {size.steps:,} steps (expected at most {MAX_STEPS:,})"
    if size.segments > MAX_SEGMENTS:
        return (
            f"{day} plays as {size.segments:,} parts (holds, reps, breaths, rests){at} "
            f"(expected at most {MAX_SEGMENTS:,})"
        )
    if size.seconds > MAX_ROUTINE_SECONDS:
        return f"{day} lasts {format_duration(size.seconds)}{at} (expected at most 4 hours)"
    return None


def _next_problems(program: Program, file: str, programs: ProgramLibrary | None) -> list[Problem]:
    """The problems of ``next:``: the program itself, or (with ``programs``) none known."""
    name = program.next
    if name is None:
        return []
    at = (file, program.next_line, program.next_column, "next")
    if name == program.name:
        return [
            Problem(
                *at,
                f"'{name}' is this program itself (expected another program to start "
                "when this one ends, or leave next out)",
            )
        ]
    if programs is None:
        return []
    try:
        programs.get(name)
    except ProgramNotFound as missing:
        close = [other for other in missing.near if other != program.name]
        hint = question(close) + " " if close else ""
        message = f"no program called '{name}' ({hint}`spasm program list` shows every program)"
        return [Problem(*at, message)]
    except RoutineError as err:
        return [
            Problem(*at, f"the program '{name}' is invalid (its problems follow)"),
            *err.problems,
        ]
    return []


def day_plan(program: Program, index: int, routines: Library, dose: int) -> list[PlanStep]:
    """Day ``index`` (from 0) of ``program``: its routines' steps in order, at ``dose`` percent.

    Each routine is found and expanded through ``routines``; raises
    ``RoutineNotFound`` or ``RoutineError`` as the library does, and
    ``IndexError`` for a day the program does not have.
    """
    if not 0 <= index < program.length:  # day -1 is no day, not the last one
        raise IndexError(f"day {index + 1} of a program of {program.length} days")
    steps: list[PlanStep] = []
    for ref in program.days[index].routines:
        steps.extend(routines.expand(routines.get(ref.name)))
    return scale_plan(steps, dose)


def _display(program: Program) -> str:
    return display_path(program.path) if program.path else program.name
