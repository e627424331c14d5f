"""Finding routines: the lookup order, listing, and ``use:`` expansion.

Lookup order, first match wins: ``--routines-dir`` folders, the folders in
``SPASM_ROUTINES_PATH``, the user routines folder, then the bundled routines.
A routine is found by its file name (``<name>.yaml`` or ``<name>.yml``) and
names are ``[a-z0-9-]+``, so a name can never reach outside those folders.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli import paths
from spasm_cli.errors import Problem, RoutineError, RoutineNotFound, UsageError, printable
from spasm_cli.format.expand import PlanStep, expand_steps
from spasm_cli.format.merged import MERGED
from spasm_cli.format.model import NAME_PATTERN, Routine, RoutineWarning
from spasm_cli.format.suggest import near, sentence_hint

if TYPE_CHECKING:
    from spasm_cli.format.cache import RoutineCache

_NAME = re.compile(NAME_PATTERN)
SUFFIXES = (".yaml", ".yml")

# How each origin is called in `spasm list`.
ORIGIN_LABELS = {
    "dir": "--routines-dir",
    "env": "SPASM_ROUTINES_PATH",
    "user": "user",
    "bundled": "bundled",
    "path": "path",
}


@dataclass(frozen=True)
class RoutineDir:
    """A folder searched for routines, and what kind of folder it is."""

    path: Path
    origin: str  # dir | env | user | bundled


@dataclass
class Scan:
    """Everything found in the lookup folders."""

    routines: list[Routine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Files in a routines folder that it does not pick up (see pass_over_reason).
    ignored: list[Problem] = field(default_factory=list)


def looks_like_path(arg: str) -> bool:
    """A name containing a path separator or ending in .yaml/.yml is a file path."""
    return (
        os.sep in arg
        or (os.altsep is not None and os.altsep in arg)
        or "/" in arg
        or arg.endswith(SUFFIXES)
    )


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


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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
        winners: dict[str, Routine] = {}
        hidden: dict[str, list[str]] = {}
        for folder in self.dirs:
            names, ignored = folder_names(folder.path)
            if folder.origin != "bundled":
                result.ignored.extend(ignored)
            for name, files in sorted(names.items()):
                if len(files) > 1:
                    result.problems.append(duplicate_problem(files))
                    continue
                try:
                    routine = self._load(files[0], folder.origin)
                except RoutineError as err:
                    result.problems.extend(err.problems)
                    continue
                if name in winners:
                    hidden.setdefault(name, []).append(folder.origin)
                else:
                    winners[name] = routine
        for name in sorted(winners):
            result.routines.append(replace(winners[name], overrides=tuple(hidden.get(name, ()))))
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


def _routine_display(routine: Routine) -> str:
    return display_path(routine.path) if routine.path else routine.name
