"""What the routine commands do, apart from printing: list, show, validate, new.

Functions here return data and text; the CLI prints them. They import no
Typer and no Rich.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spasm_cli import paths
from spasm_cli.errors import Problem, RoutineError, UsageError
from spasm_cli.files import write_text
from spasm_cli.format.describe import origin_label, plan_text, routine_json, step_json
from spasm_cli.format.durations import format_duration
from spasm_cli.format.expand import PlanStep
from spasm_cli.format.library import Library, looks_like_path
from spasm_cli.format.model import NAME_PATTERN, Routine
from spasm_cli.format.size import step_size
from spasm_cli.session.timeline import Timeline, compile_timeline


@dataclass(frozen=True)
class Entry:
    """A routine as listed: the routine, its expanded length, its step count."""

    routine: Routine
    total_seconds: float
    steps: int

    def as_json(self) -> dict[str, Any]:
        """The JSON object of ``spasm list --json``."""
        return routine_json(self.routine, self.total_seconds, self.steps)

    def row(self) -> tuple[str, str, str, str, int, str, str]:
        """The cells of the ``spasm list`` table."""
        r = self.routine
        return (
            r.name,
            r.title,
            r.phase or "",
            format_duration(self.total_seconds),
            self.steps,
            ", ".join(r.tags),
            origin_label(r),
        )


def compile_routine(
    library: Library, routine: Routine, lead_in: float | None = None
) -> tuple[list[PlanStep], Timeline]:
    """Expand ``use:`` and compile; ``lead_in`` overrides the routine's own."""
    steps = library.expand(routine)
    seconds = routine.effective_lead_in if lead_in is None else lead_in
    return steps, compile_timeline(routine.title, [plan.step for plan in steps], seconds)


def exercise_seconds(steps: Sequence[PlanStep]) -> float:
    """Planned time of expanded steps, without the get-ready countdown.

    Summed step by step with ``step_size`` (no segments built), so ``list`` over
    thousands of routines stays fast and ``list`` and ``show`` agree exactly.
    """
    return sum(step_size(plan.step)[0] for plan in steps)


def list_entries(
    library: Library, *, tag: str | None = None, phase: str | None = None
) -> tuple[list[Entry], list[Problem]]:
    """Every routine visible, filtered, and the problems of those skipped."""
    scan = library.scan()
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
        entries.append(Entry(routine, exercise_seconds(steps), len(steps)))
    return entries, problems


def show_routine(library: Library, arg: str) -> tuple[str, dict[str, Any]]:
    """The plan of one routine as text and as JSON."""
    routine = library.resolve(arg)
    steps, timeline = compile_routine(library, routine)
    total = exercise_seconds(steps)
    data = routine_json(routine, total, len(steps))
    data["lead_in"] = routine.effective_lead_in
    data["steps"] = [step_json(plan) for plan in steps]
    return plan_text(routine, steps, timeline.self_paced_count, total), data


def validate_files(library: Library, files: Sequence[Path]) -> list[tuple[str, RoutineError | str]]:
    """Check each file fully (format, ``use:`` targets and cycles, total length)."""
    results: list[tuple[str, RoutineError | str]] = []
    for path in files:
        display = str(path)
        try:
            routine = library.resolve(display if looks_like_path(display) else "./" + display)
            steps, _timeline = compile_routine(library, routine)
        except RoutineError as err:
            results.append((display, err))
            continue
        summary = f"{routine.name}: {len(steps)} steps, {format_duration(exercise_seconds(steps))}"
        results.append((display, summary))
    return results


def write_starter(name: str) -> Path:
    """Write the starter routine ``name`` into the user folder; never overwrite."""
    import re

    from spasm_cli.format.schema import routine_schema
    from spasm_cli.format.starter import starter_text

    if not re.fullmatch(NAME_PATTERN, name) or len(name) > 100:
        raise UsageError(
            f"'{name}' is not a routine name: use lowercase letters, digits and dashes, e.g. my-evening"
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
