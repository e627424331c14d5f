"""The routine cache: it speeds up listing and never serves what a file no longer says."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from spasm_cli import paths
from spasm_cli.errors import RoutineError
from spasm_cli.format import cache as cache_module
from spasm_cli.format.cache import CACHE_FILE, RoutineCache, routine_from, routine_json
from spasm_cli.format.library import Library, RoutineDir, default_dirs
from spasm_cli.format.loader import load_routine

ROUTINE = """\
title: {title}
tags: [a, b]
phase: recovery
steps:
  - title: Breathe
    breathe: {{inhale: 4s, hold_in: 1s, exhale: 6s, duration: 1m}}
  - title: Hug
    instructions: [Lie down., Hug a knee.]
    sides: both
    hold: 20s
    sets: 2
    rest: 10s
  - reps: 5
    hold: 2s
    relax: 1s
  - wait: true
  - use: breathing
"""


def _age(path: Path, seconds: float = 60.0) -> None:
    """Date a file back, as a routine written a while ago is (fresh ones are not cached)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def _write(path: Path, text: str, age: float | None = 60.0) -> None:
    path.write_text(text, encoding="utf-8")
    if age is not None:
        _age(path, age)


def _library(folder: Path) -> Library:
    return Library([RoutineDir(folder, "dir"), *default_dirs()])


def _cache_entries() -> dict[str, dict[str, object]]:
    data = json.loads((paths.cache_dir() / CACHE_FILE).read_text(encoding="utf-8"))
    entries = data["entries"]
    assert isinstance(entries, dict)
    return entries


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files written by a test are seconds old at most, and no test can date a
    # file's change time back; the window is tested on its own below.
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "routines"
    target.mkdir()
    return target


def test_every_bundled_routine_survives_the_json_form() -> None:
    bundled = paths.bundled_routines_dir()
    for path in sorted(bundled.glob("*.yaml")):
        routine = load_routine(path, origin="bundled", match_name=True)
        again = routine_from(json.loads(json.dumps(routine_json(routine))), path, "bundled")
        assert again == routine, path.name


def test_scan_writes_the_cache_and_the_next_scan_reads_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(folder / "mine.yaml", ROUTINE.format(title="Mine"))
    first = _library(folder).scan()
    assert any(r.name == "mine" for r in first.routines)
    assert any(key.endswith(str(folder / "mine.yaml")) for key in _cache_entries())

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr("spasm_cli.format.loader.load_routine", no_parsing)
    second = _library(folder).scan()
    assert second.routines == first.routines
    assert second.problems == first.problems


def test_an_edit_with_the_same_size_is_seen(folder: Path) -> None:
    path = folder / "mine.yaml"
    _write(path, ROUTINE.format(title="Aaaa"), age=120)
    assert _library(folder).get("mine").title == "Aaaa"
    # Same length, new text, a later (but still not recent) modification time.
    _write(path, ROUTINE.format(title="Bbbb"), age=60)
    assert path.stat().st_size == len(ROUTINE.format(title="Aaaa"))
    assert _library(folder).scan() is not None
    assert _library(folder).get("mine").title == "Bbbb"


def test_an_edit_with_the_same_mtime_but_another_size_is_seen(folder: Path) -> None:
    path = folder / "mine.yaml"
    _write(path, ROUTINE.format(title="Short"), age=None)
    then = time.time() - 60
    os.utime(path, (then, then))
    _library(folder).scan()
    mtime_ns = path.stat().st_mtime_ns
    path.write_text(ROUTINE.format(title="A longer title"), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    assert path.stat().st_mtime_ns == mtime_ns
    assert _library(folder).get("mine").title == "A longer title"


def test_the_same_size_and_mtime_is_still_seen_through_the_change_time(folder: Path) -> None:
    # An edit that restores the old modification time (some copy tools do)
    # changes the inode's change time, which is part of the key.
    path = folder / "mine.yaml"
    _write(path, ROUTINE.format(title="Aaaa"), age=120)
    _library(folder).scan()
    assert any(key.endswith(str(path)) for key in _cache_entries())
    stat = path.stat()
    time.sleep(0.05)  # past the coarse timestamp clock
    path.write_text(ROUTINE.format(title="Bbbb"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    hit, _key = RoutineCache(paths.cache_dir()).get(path, "dir", str(path))
    # The cached entry was stored only if the file was old enough; either way
    # it must not be served now.
    assert hit is None


def test_a_file_changed_just_now_is_not_cached(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 2.0)
    # Its modification time is old, but the change time (which no tool can
    # set back) says it changed just now.
    _write(folder / "fresh.yaml", ROUTINE.format(title="Fresh"), age=60)
    _library(folder).scan()
    cache_file = paths.cache_dir() / CACHE_FILE
    if cache_file.exists():
        assert not any(key.endswith("fresh.yaml") for key in _cache_entries())


def test_invalid_files_are_cached_with_their_problems(folder: Path) -> None:
    _write(folder / "broken.yaml", "title: Broken\nsteps:\n  - hold: 5s\n    bogus: 1\n")
    first = _library(folder).scan()
    assert first.problems
    assert any("problems" in entry for entry in _cache_entries().values())
    second = _library(folder).scan()
    assert second.problems == first.problems
    with pytest.raises(RoutineError) as caught:
        _library(folder).get("broken")
    assert "bogus" in str(caught.value)


def test_problems_name_the_file_as_the_current_folder_shows_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(folder / "broken.yaml", "title: Broken\nsteps: []\n")
    monkeypatch.chdir(folder)
    first = _library(folder).scan()
    assert first.problems[0].file == "broken.yaml"
    monkeypatch.chdir(folder.parent)
    second = _library(folder).scan()
    assert second.problems[0].file == str(Path("routines") / "broken.yaml")


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"[1, 2]", b'{"format": 1, "stamp": "x", "entries": {}}', b"\xff\xfe"],
)
def test_a_damaged_cache_file_is_ignored(folder: Path, damage: bytes) -> None:
    _write(folder / "mine.yaml", ROUTINE.format(title="Mine"))
    cache_file = paths.cache_dir() / CACHE_FILE
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(damage)
    assert _library(folder).get("mine").title == "Mine"


def test_damaged_entries_are_parsed_again(folder: Path) -> None:
    path = folder / "mine.yaml"
    _write(path, ROUTINE.format(title="Mine"))
    _library(folder).scan()
    data = json.loads((paths.cache_dir() / CACHE_FILE).read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        if "routine" in entry:
            entry["routine"]["steps"] = [{"kind": "nonsense"}]
    (paths.cache_dir() / CACHE_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert _library(folder).get("mine").title == "Mine"


def test_another_code_stamp_drops_the_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(folder / "mine.yaml", ROUTINE.format(title="Mine"))
    _library(folder).scan()
    monkeypatch.setattr(cache_module, "code_stamp", lambda: "another version")
    parsed: list[Path] = []
    real = load_routine

    def counting(path: Path, **kwargs: object) -> object:
        parsed.append(path)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("spasm_cli.format.loader.load_routine", counting)
    _library(folder).scan()
    assert folder / "mine.yaml" in parsed


def test_an_unwritable_cache_folder_changes_nothing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _write(folder / "mine.yaml", ROUTINE.format(title="Mine"))
    assert any(r.name == "mine" for r in _library(folder).scan().routines)


def test_the_cache_is_written_atomically(folder: Path) -> None:
    _write(folder / "mine.yaml", ROUTINE.format(title="Mine"))
    _library(folder).scan()
    leftovers = [p.name for p in paths.cache_dir().iterdir() if p.name != CACHE_FILE]
    assert leftovers == []


def test_the_same_file_as_path_and_as_folder_routine_are_kept_apart(folder: Path) -> None:
    path = folder / "mine.yaml"
    _write(path, ROUTINE.format(title="Mine").replace("title:", "name: other\ntitle:", 1))
    library = _library(folder)
    with pytest.raises(RoutineError):
        library.get("mine")  # in a folder, name: must match the file name
    assert Library(default_dirs()).resolve(str(path)).name == "other"


def test_without_cache_nothing_is_written(folder: Path) -> None:
    _write(folder / "mine.yaml", ROUTINE.format(title="Mine"))
    Library([RoutineDir(folder, "dir"), *default_dirs()], cache=False).scan()
    assert not (paths.cache_dir() / CACHE_FILE).exists()
