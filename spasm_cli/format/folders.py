"""The files a routines or programs folder holds: which it picks up, which it passes over.

A folder holds ``<name>.yaml`` (or ``.yml``) files whose names are
``[a-z0-9-]+``; anything else in it is passed over, and a file a person may
think counts (``My_Evening.yaml``) is said to be passed over, with the name it
should have. Routines and programs share these rules (``what`` names which in
messages), and ``scan_folders`` loads a list of folders the same way for both:
the first folder with a name wins.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from spasm_cli.errors import Problem, RoutineError
from spasm_cli.format.model import NAME_PATTERN, Routine

if TYPE_CHECKING:
    from spasm_cli.format.program_model import Program

_NAME = re.compile(NAME_PATTERN)
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RoutineDir:
    """A folder searched for routines, and what kind of folder it is."""

    path: Path
    origin: str  # dir | env | user | bundled


def looks_like_path(arg: str) -> bool:
    """A name containing a path separator or ending in .yaml/.yml is a file path."""
    return (
        os.sep in arg
        or (os.altsep is not None and os.altsep in arg)
        or "/" in arg
        or arg.endswith(SUFFIXES)
    )


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


Found = TypeVar("Found", Routine, "Program")


def scan_folders(
    dirs: Sequence[RoutineDir],
    load: Callable[[Path, str], Found],
    problems: list[Problem],
    ignored: list[Problem],
    *,
    what: str,
) -> list[Found]:
    """Load every file of every folder with ``load``: the winners, in name order.

    The first folder with a name wins, and says which origins it hides
    (``overrides``). A name given twice in one folder, and a file ``load``
    refuses, add to ``problems``; files a folder passes over add to
    ``ignored`` (not for the bundled folder: those are spasm's own).
    """
    winners: dict[str, Found] = {}
    hidden: dict[str, list[str]] = {}
    for folder in dirs:
        names, passed = folder_names(folder.path, what=what)
        if folder.origin != "bundled":
            ignored.extend(passed)
        for name, files in sorted(names.items()):
            if len(files) > 1:
                problems.append(duplicate_problem(files, what=what))
                continue
            try:
                found = load(files[0], folder.origin)
            except RoutineError as err:
                problems.extend(err.problems)
                continue
            if name in winners:
                hidden.setdefault(name, []).append(folder.origin)
            else:
                winners[name] = found
    return [replace(winners[n], overrides=tuple(hidden.get(n, ()))) for n in sorted(winners)]


def folder_origin(path: Path, dirs: Sequence[RoutineDir]) -> str:
    """The origin of the lookup folder ``path`` is in, or ``path`` when it is in none.

    A file inside a lookup folder is checked as that folder's routine (its
    name: must match its file name), so `spasm validate` of a user routine
    catches what would make `spasm routine NAME` fail.
    """
    with contextlib.suppress(OSError):  # an unresolvable folder is no lookup folder
        parent = path.parent.resolve()
        for folder in dirs:
            if folder.path.resolve() == parent:
                return folder.origin
    return "path"


def pass_over_problem(path: Path, *, what: str = "routine") -> Problem | None:
    """Why a folder of ``what`` files passes over ``path``, as a problem; None if it does not."""
    reason = pass_over_reason(path.name, what=what)
    if reason is None:
        return None
    if reason:
        why = reason
    elif path.name.startswith("."):
        why = f"a {what}s folder passes over hidden files (names starting with a dot)"
    else:
        why = f"a {what}s folder picks up only .yaml and .yml files"
    return Problem(display_path(path), 0, 0, "file", why)


def folder_names(
    folder: Path, *, what: str = "routine"
) -> tuple[dict[str, list[Path]], list[Problem]]:
    """The ``what`` files of ``folder`` by name, and a problem for each file passed over."""
    names: dict[str, list[Path]] = {}
    ignored: list[Problem] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return names, ignored
    for entry in entries:
        reason = pass_over_reason(entry.name, what=what)
        if reason is None and not entry.is_file():
            reason = "is not a regular file (a folder, a pipe or a broken link)"
        if reason is not None:
            if reason:
                ignored.append(Problem(display_path(Path(entry.path)), 0, 0, "file", reason))
            continue
        names.setdefault(entry.name.rpartition(".")[0], []).append(Path(entry.path))
    for files in names.values():
        files.sort()
    ignored.sort(key=lambda problem: problem.file)
    return names, ignored


def folder_files(folder: Path, *, what: str = "routine") -> tuple[list[Path], list[Problem]]:
    """The ``what`` files a folder of them holds, sorted, and the files it passes over."""
    names, ignored = folder_names(folder, what=what)
    return sorted(path for files in names.values() for path in files), ignored


def pass_over_reason(file_name: str, *, what: str = "routine") -> str | None:
    """Why a folder of ``what`` files passes over a file of that name: None if it does not.

    An empty reason means passed over without a word: hidden files (editors'
    and version control's) and files that are not YAML at all.
    """
    stem, dot, suffix = file_name.rpartition(".")
    if file_name.startswith(".") or not dot or suffix.lower() not in ("yaml", "yml"):
        return ""
    fixed = _suggest(stem, what)
    if "." + suffix not in SUFFIXES:
        return f"{what} files end in .yaml or .yml in lower case, like {fixed}.{suffix.lower()}"
    if not _NAME.fullmatch(stem):
        return (
            f"{what} file names use lower-case letters, digits and hyphens, like {fixed}.{suffix}"
        )
    return None


def _suggest(stem: str, what: str) -> str:
    # What the file was probably meant to be called: "My_Evening" -> "my-evening".
    words = re.findall(r"[a-z0-9]+", stem.lower(), re.ASCII)
    return "-".join(words) or f"my-{what}"


def duplicate_problem(files: list[Path], *, what: str = "routine") -> Problem:
    """The problem of one name given twice in one folder (``x.yaml`` and ``x.yml``)."""
    names = " and ".join(f.name for f in files)
    return Problem(
        display_path(files[-1]),
        1,
        1,
        "name",
        f"duplicate {what} name '{files[0].stem}' in one folder ({names})",
    )
