"""What the routine commands do, apart from printing: list, show, validate, new.

Functions here return data and text; the CLI prints them. They import no
Typer and no Rich.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spasm_cli import paths
from spasm_cli.app.listing import Row
from spasm_cli.errors import Problem, RoutineError, UsageError
from spasm_cli.files import write_text
from spasm_cli.format.describe import origin_label, plan_text, routine_json, step_json, time_words
from spasm_cli.format.expand import PlanStep
from spasm_cli.format.library import Library, RoutineDir, folder_files, looks_like_path
from spasm_cli.format.merged import merged_notice
from spasm_cli.format.model import (
    NAME_PATTERN,
    PHASES,
    POSITIONS,
    Routine,
    RoutineWarning,
    StepKind,
)
from spasm_cli.format.position import routine_position
from spasm_cli.format.size import step_size
from spasm_cli.format.suggest import choices_text, did_you_mean
from spasm_cli.session.timeline import Timeline, compile_timeline


@dataclass(frozen=True)
class Entry:
    """A routine as listed: the routine, its expanded length, its step count, where it is done."""

    routine: Routine
    total_seconds: float
    steps: int
    position: tuple[str, ...] = ()  # its own, or that of the routines it uses

    def as_json(self) -> dict[str, Any]:
        """The JSON object of ``spasm list --json``."""
        data = routine_json(self.routine, self.total_seconds, self.steps)
        data["position"] = list(self.position)
        return data

    def row(self) -> Row:
        """The routine as ``spasm list`` shows it (see ``app.listing``)."""
        r = self.routine
        return Row(
            name=r.name,
            title=r.title,
            phase=r.phase,
            position=self.position,
            seconds=self.total_seconds,
            steps=self.steps,
            tags=r.tags,
            origin=origin_label(r),
            combined=any(step.kind is StepKind.USE for step in r.steps),
        )


def compile_routine(
    library: Library,
    routine: Routine,
    lead_in: float | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[list[PlanStep], Timeline]:
    """Expand ``use:`` and compile; ``lead_in`` overrides the routine's own.

    ``warn`` is given each warning line (``FILE:LINE:COL: warning: ...``) once.
    """
    warnings: list[RoutineWarning] = []
    steps = library.expand(routine, warnings)
    if warn is not None:
        for old in library.merged:
            warn(merged_notice(old))
        for warning in warnings:
            warn(str(warning))
    seconds = routine.effective_lead_in if lead_in is None else lead_in
    return steps, compile_timeline(routine.title, [plan.step for plan in steps], seconds)


def exercise_seconds(steps: Sequence[PlanStep]) -> float:
    """Planned time of expanded steps, without the get-ready countdown.

    Summed step by step with ``step_size`` (no segments built), so ``list`` over
    thousands of routines stays fast and ``list`` and ``show`` agree exactly.
    """
    return sum(step_size(plan.step)[0] for plan in steps)


def list_entries(
    library: Library,
    *,
    tag: str | None = None,
    phase: str | None = None,
    position: str | None = None,
) -> tuple[list[Entry], list[Problem], list[Problem]]:
    """Every routine visible, filtered; the problems of those skipped; the files passed over.

    A ``phase`` or ``position`` outside its closed set, or a ``tag`` no
    routine has, is a ``UsageError`` with the nearest ones: a typo must not
    look like "none". A routine matches a ``position`` it is done in, in part
    or whole.
    """
    if phase is not None and phase not in PHASES:
        raise UsageError(
            f"--phase {phase!r} is not a phase: use {choices_text(list(PHASES))}."
            + did_you_mean(phase, PHASES)
        )
    if position is not None and position not in POSITIONS:
        raise UsageError(
            f"--position {position!r} is not a position: use {choices_text(list(POSITIONS))}."
            + did_you_mean(position, POSITIONS)
        )
    scan = library.scan()
    if tag is not None:
        known = {t for routine in scan.routines for t in routine.tags}
        if tag not in known:
            raise UsageError(
                f"no routine has the tag {tag!r}.{did_you_mean(tag, known)} "
                "`spasm list --json` shows every routine's tags."
            )
    problems = list(scan.problems)
    entries: list[Entry] = []
    for routine in scan.routines:
        if tag is not None and tag not in routine.tags:
            continue
        if phase is not None and routine.phase != phase:
            continue
        try:
            steps = library.expand(routine)
        except RoutineError as err:
            problems.extend(err.problems)
            continue
        where = routine_position(routine, library.get)
        if position is not None and position not in where:
            continue
        entries.append(Entry(routine, exercise_seconds(steps), len(steps), where))
    return entries, problems, scan.ignored


def show_routine(library: Library, arg: str) -> tuple[str, dict[str, Any], list[str]]:
    """The plan of one routine as text and as JSON, and its warning lines."""
    routine = library.resolve(arg)
    warnings: list[str] = []
    steps, timeline = compile_routine(library, routine, warn=warnings.append)
    total = exercise_seconds(steps)
    data = routine_json(routine, total, len(steps))
    data["lead_in"] = routine.effective_lead_in
    data["steps"] = [step_json(plan) for plan in steps]
    return plan_text(routine, steps, timeline.self_paced_count, total), data, warnings


@dataclass(frozen=True)
class Checked:
    """What ``validate`` found in one file: its problems, or a summary and its warnings."""

    display: str
    error: RoutineError | None = None
    summary: str = ""
    warnings: tuple[str, ...] = ()


def validate_files(library: Library, files: Sequence[Path]) -> list[Checked]:
    """Check each file fully (format, ``use:`` targets and cycles, caps, file name).

    A folder stands for the routine files in it, checked as a routines
    folder's are (``name:`` must match the file name), and each file in it
    that a routines folder would pass over is a problem.
    """
    results: list[Checked] = []
    for path in files:
        if path.is_dir():
            results += _validate_folder(library, path)
            continue
        text = str(path)
        if not path.exists() and not looks_like_path(text) and re.fullmatch(NAME_PATTERN, text):
            # A name, as `show` and `routine` take: the file it stands for.
            # RoutineNotFound (with "did you mean") when there is none, and
            # no program of that name either.
            found = _named_file(library, text)
            if found is not None:
                results.append(_validate_any(library, found))
                continue
        results.append(_validate_any(library, path))
    return results


def _named_file(library: Library, name: str) -> Path | None:
    """The routine file ``name`` finds, else the program file; RoutineNotFound if neither."""
    from spasm_cli.errors import ProgramNotFound, RoutineNotFound
    from spasm_cli.format.program_library import ProgramLibrary, default_program_dirs

    try:
        return library.resolve(name).path
    except RoutineNotFound:
        try:
            return ProgramLibrary(default_program_dirs()).get(name).path
        except (ProgramNotFound, RoutineError):
            pass
        raise


def _validate_any(library: Library, path: Path) -> Checked:
    """A program file (by its folder or its ``days:``) checked as a program, else as a routine."""
    from spasm_cli.app.program_checks import is_program_file, validate_program

    if is_program_file(path):
        return validate_program(library, path)
    return _validate_file(library, path)


def _validate_file(library: Library, path: Path) -> Checked:
    display = str(path)
    warnings: list[str] = []
    try:
        passed_over = library.passed_over(path)
        if passed_over is not None:
            raise RoutineError([passed_over])
        routine = library.resolve(display if looks_like_path(display) else "./" + display)
        steps, timeline = compile_routine(library, routine, warn=warnings.append)
    except RoutineError as err:
        return Checked(display, err)
    count = len(steps)
    summary = (
        f"{routine.name}: {count} step{'s' if count != 1 else ''}, "
        f"{time_words(exercise_seconds(steps), timeline.self_paced_count)}"
    )
    return Checked(display, summary=summary, warnings=tuple(warnings))


def _validate_folder(library: Library, folder: Path) -> list[Checked]:
    inside = Library([RoutineDir(folder, "dir"), *library.dirs])
    files, ignored = folder_files(folder)
    results = [_validate_any(inside, path) for path in files]
    results += [Checked(problem.file, RoutineError([problem])) for problem in ignored]
    if not results:
        problem = Problem(
            str(folder), 0, 0, "folder", "holds no routine or program files (*.yaml, *.yml)"
        )
        results.append(Checked(str(folder), RoutineError([problem])))
    return results


def users_of(library: Library, name: str) -> list[str]:
    """The routines whose steps ``use:`` the routine ``name`` directly, by name."""
    return sorted(
        routine.name
        for routine in library.scan().routines
        if any(step.use == name for step in routine.steps)
    )


def write_starter(name: str, *, force: bool = False) -> Path:
    """Write the starter routine ``name`` into the user folder; never overwrite.

    A name that a bundled routine has is refused without ``force``: the new
    file would replace the bundled routine everywhere, inside the routines
    that ``use:`` it too.
    """

    from spasm_cli.format.schema import routine_schema
    from spasm_cli.format.starter import starter_text

    if not re.fullmatch(NAME_PATTERN, name) or len(name) > 100:
        raise UsageError(
            f"'{name}' is not a routine name: use lowercase letters, digits and dashes, e.g. my-evening"
        )
    bundled = paths.bundled_routines_dir() / f"{name}.yaml"
    if bundled.exists() and not force:
        users = users_of(Library([RoutineDir(paths.bundled_routines_dir(), "bundled")]), name)
        listed = ", ".join(users[:-1]) + " and " + users[-1] if len(users) > 1 else "".join(users)
        inside = f", also inside {listed}, which use{'s' if len(users) == 1 else ''} it"
        inside = inside if users else ""
        raise UsageError(
            f"'{name}' is a bundled routine: a routine of yours with that name would "
            f"replace it everywhere{inside}. Pick another name, or add --force to "
            "replace it on purpose."
        )
    folder = paths.user_routines_dir()
    target = folder / f"{name}.yaml"
    for existing in (target, folder / f"{name}.yml"):
        if existing.exists():
            raise UsageError(
                f"{existing} already exists; not overwriting it (edit it, or pick another name)"
            )
    folder.mkdir(parents=True, exist_ok=True)
    schema_path = paths.config_dir() / paths.schema_file_name()
    _refresh_schema(schema_path, routine_schema())
    text = starter_text(name, os.path.relpath(schema_path, folder), str(target))
    # Created whole and exclusively: a file (or link) that appeared since the
    # check is never replaced.
    try:
        write_text(target, text, mode=0o644)
    except UsageError as refused:
        raise UsageError(f"{refused} (not overwriting it: edit it, or pick another name)") from None
    return target


def _refresh_schema(path: Path, schema: dict[str, Any]) -> bool:
    """Write the schema file the starter points at; True when it was written.

    Written when missing, and refreshed (so editors follow the installed
    version) only when it is a regular file that spasm wrote: one with our
    ``$id``. A link, or a file of the user's own under that name, is left
    alone.
    """
    import json

    text = json.dumps(schema, indent=2) + "\n"
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        with contextlib.suppress(UsageError):
            write_text(path, text, mode=0o644)
            return True
        return False
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size > 1024 * 1024:
        return False
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(current, dict) or current.get("$id") != schema.get("$id"):
        return False
    if current == schema:
        return False
    write_text(path, text, force=True, mode=0o644)
    return True
