"""Finding routines: the lookup order, listing, and ``use:`` expansion.

Lookup order, first match wins: ``--routines-dir`` folders, the folders in
``SPASM_ROUTINES_PATH``, the user routines folder, then the bundled routines.
A routine is found by its file name (``<name>.yaml`` or ``<name>.yml``) and
names are ``[a-z0-9-]+``, so a name can never reach outside those folders.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli import paths
from spasm_cli.errors import Problem, RoutineError, RoutineNotFound, UsageError, printable
from spasm_cli.format.expand import PlanStep, expand_steps
from spasm_cli.format.folders import (
    SUFFIXES,
    RoutineDir,
    display_path,
    duplicate_problem,
    folder_files,
    folder_names,
    folder_origin,
    looks_like_path,
    pass_over_problem,
    pass_over_reason,
    scan_folders,
)
from spasm_cli.format.merged import MERGED
from spasm_cli.format.model import NAME_PATTERN, Routine, RoutineWarning
from spasm_cli.format.suggest import near, sentence_hint

if TYPE_CHECKING:
    from spasm_cli.format.cache import RoutineCache

_NAME = re.compile(NAME_PATTERN)

# How each origin is called in `spasm list`.
ORIGIN_LABELS = {
    "dir": "--routines-dir",
    "env": "SPASM_ROUTINES_PATH",
    "user": "user",
    "bundled": "bundled",
    "path": "path",
}


@dataclass
class Scan:
    """Everything found in the lookup folders."""

    routines: list[Routine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Files in a routines folder that it does not pick up (see pass_over_reason).
    ignored: list[Problem] = field(default_factory=list)


def default_dirs(extra: Sequence[Path] = ()) -> list[RoutineDir]:
    """The lookup folders in order, from options, environment and platform.

    A folder named on the command line (``extra``) must be one: a typo there
    would otherwise look the same as a folder without the routine
    (``UsageError``). Folders from ``SPASM_ROUTINES_PATH`` may be missing, as on
    ``PATH``.
    """
    for p in extra:
        folder = Path(p).expanduser()
        if not folder.is_dir():
            what = "does not exist" if not folder.exists() else "is not a folder"
            raise UsageError(printable(f"--routines-dir {folder} {what}", lines=False))
    dirs = [RoutineDir(Path(p).expanduser(), "dir") for p in extra]
    env = os.environ.get("SPASM_ROUTINES_PATH", "")
    dirs += [RoutineDir(Path(p).expanduser(), "env") for p in env.split(os.pathsep) if p]
    dirs.append(RoutineDir(paths.user_routines_dir(), "user"))
    dirs.append(RoutineDir(paths.bundled_routines_dir(), "bundled"))
    return dirs


class Library:
    """The routines visible through a list of folders."""

    def __init__(self, dirs: Sequence[RoutineDir], *, cache: bool = True) -> None:
        self.dirs = list(dirs)
        # Keyed by origin too: the same file read as a path and as a folder's
        # routine differs (origin, name check, where its `use:` looks first).
        self._loaded: dict[tuple[Path, str], Routine | RoutineError] = {}
        self._names: dict[str, Routine | RoutineError | RoutineNotFound] = {}
        # Validated routines kept between runs (see `cache`); created on first use.
        self._use_cache = cache
        self._cache: RoutineCache | None = None
        # Old names (MERGED) this library found under their new routine, in order.
        self.merged: list[str] = []

    # -- single routines ----------------------------------------------------------

    def _files(self, folder: RoutineDir, name: str) -> list[Path]:
        return [
            folder.path / (name + suffix)
            for suffix in SUFFIXES
            if (folder.path / (name + suffix)).is_file()
        ]

    def _load(self, path: Path, origin: str) -> Routine:
        cached = self._loaded.get((path, origin))
        if cached is None:
            cached = self._read(path, origin)
            self._loaded[path, origin] = cached
        if isinstance(cached, RoutineError):
            raise cached
        return cached

    def _read(self, path: Path, origin: str) -> Routine | RoutineError:
        display = display_path(path)
        store = self._routine_cache()
        key = None
        if store is not None:
            hit, key = store.get(path, origin, display)
            if hit is not None:
                return hit
        # The loader (and YAML) load only when some file has to be parsed.
        from spasm_cli.format.loader import load_routine

        result: Routine | RoutineError
        try:
            result = load_routine(path, display=display, origin=origin, match_name=origin != "path")
        except RoutineError as err:
            result = err
        if store is not None:
            store.put(path, origin, display, key, result)
        return result

    def _routine_cache(self) -> RoutineCache | None:
        if not self._use_cache:
            return None
        if self._cache is None:
            from spasm_cli.format.cache import RoutineCache

            self._cache = RoutineCache(paths.cache_dir())
        return self._cache

    def save_cache(self) -> None:
        """Keep what was parsed for the next run (a no-op when nothing new was read)."""
        if self._cache is not None:
            self._cache.save()

    def get(self, name: str) -> Routine:
        """The first routine called ``name`` in lookup order.

        Raises ``RoutineNotFound`` when there is none and ``RoutineError`` when
        the first file of that name is invalid (a user's broken override is
        reported, never silently replaced by the bundled routine).
        """
        known = self._names.get(name)
        if known is None:
            try:
                known = self._find(name)
            except (RoutineNotFound, RoutineError) as err:
                known = err
            # One command sees one state of the folders: a routine `use:`d a
            # thousand times is looked up once, not stat-ed a thousand times.
            self._names[name] = known
        if isinstance(known, Exception):
            raise known
        if name in MERGED and known.name != name and name not in self.merged:
            self.merged.append(name)
        return known

    def _find(self, name: str) -> Routine:
        if not _NAME.fullmatch(name):
            raise RoutineNotFound(
                f"'{name}' is not a routine name (lowercase letters, digits and dashes) or a .yaml file"
            )
        hidden: list[str] = []
        found: Routine | None = None
        for folder in self.dirs:
            files = self._files(folder, name)
            if len(files) > 1:
                raise RoutineError([duplicate_problem(files)])
            if files:
                if found is None:
                    found = self._load(files[0], folder.origin)
                else:
                    hidden.append(folder.origin)
        if found is None and name in MERGED:
            return self.get(MERGED[name][0])
        if found is None:
            found_near = near(name, self.names())
            raise RoutineNotFound(
                f"no routine called '{name}'.{sentence_hint(found_near)} "
                "`spasm list` shows every routine.",
                found_near,
            )
        return replace(found, overrides=tuple(hidden))

    def names(self) -> set[str]:
        """Every routine name the lookup folders hold (valid or not), without reading them."""
        found: set[str] = set()
        for folder in self.dirs:
            found.update(folder_names(folder.path)[0])
        return found

    def resolve(self, arg: str) -> Routine:
        """A routine by name, or by file path when ``arg`` looks like one."""
        if looks_like_path(arg):
            path = Path(arg).expanduser()
            return self._load(path, self._origin_of(path))
        return self.get(arg)

    def _origin_of(self, path: Path) -> str:
        return folder_origin(path, self.dirs)

    def passed_over(self, path: Path) -> Problem | None:
        """Why ``path``, in one of the lookup folders, is not a routine there; None if it is."""
        if self._origin_of(path) == "path":
            return None
        return pass_over_problem(path)

    # -- listing ------------------------------------------------------------------

    def scan(self) -> Scan:
        """Load every routine in every folder: winners in name order, problems of the rest."""
        result = Scan()
        result.routines = scan_folders(
            self.dirs, self._load, result.problems, result.ignored, what="routine"
        )
        self.save_cache()
        return result

    # -- use: expansion -----------------------------------------------------------

    def expand(
        self, routine: Routine, warnings: list[RoutineWarning] | None = None
    ) -> list[PlanStep]:
        """The routine's steps with every ``use:`` replaced by the steps it names.

        Raises ``RoutineError`` for a ``use:`` of an unknown or invalid routine,
        a cycle of ``use:``, or a routine past a cap (see ``format.expand``).
        A routine given as a file finds its siblings first. With ``warnings``,
        the routine's own warnings and those of its expansion are added to it.
        """
        found: list[RoutineWarning] = []
        steps = expand_steps(routine, self._lookup_for(routine), _routine_display, found)
        if warnings is not None:
            warnings.extend(routine.warnings)
            warnings.extend(found)
        return steps

    def _lookup_for(self, routine: Routine) -> Callable[[str], Routine]:
        if routine.origin != "path" or routine.path is None:
            return self.get
        # A routine given as a file finds its siblings first, so a folder of
        # routines can be tried out before it is installed.
        local = Library([RoutineDir(routine.path.parent, "dir"), *self.dirs])
        local._loaded = self._loaded
        local._use_cache, local._cache = self._use_cache, self._routine_cache()
        local.merged = self.merged
        return local.get


def _routine_display(routine: Routine) -> str:
    return display_path(routine.path) if routine.path else routine.name


# What the rest of spasm imports from here; the folder rules live in
# ``format.folders``.
__all__ = [
    "ORIGIN_LABELS",
    "SUFFIXES",
    "Library",
    "RoutineDir",
    "Scan",
    "default_dirs",
    "display_path",
    "folder_files",
    "looks_like_path",
    "pass_over_reason",
]
