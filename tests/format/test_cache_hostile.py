"""A hand-edited routine cache is a miss, never a crash (property-based).

Every value of the cache file is replaced, in turn and at random, by every
kind of JSON value (wrong types, missing keys, huge and negative numbers,
strings where lists are, another file's entry). An entry whose seal no longer
matches is parsed again, so the listing is exactly what the files say; one
whose seal was recomputed is read back strictly, so at worst it is parsed
again too, and whatever is served still lists, shows and compiles.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasm_cli import paths
from spasm_cli.app.catalog import compile_routine, list_entries, show_routine
from spasm_cli.errors import RoutineError
from spasm_cli.format import cache as cache_module
from spasm_cli.format.cache import CACHE_FILE, _seal
from spasm_cli.format.library import Library, RoutineDir, Scan, default_dirs

FILES = {
    "mine.yaml": """\
title: Mine
tags: [a, b]
phase: recovery
caution: Stop if it hurts.
lead_in: 3s
steps:
  - breathe: {inhale: 4s, hold_in: 1s, exhale: 6s, duration: 1m}
  - title: Hug
    instructions: [Lie down., Hug a knee.]
    sides: both
    hold: 20s
    sets: 2
    rest: 10s
  - {reps: 5, hold: 2s, relax: 1s}
  - {reps: 4, tempo: 2s, alternate: true}
  - {reps: 3}
  - wait: true
  - rest: 5s
  - {use: breathing, sets: 2}
  - hold: 5s
    rest: 3s
""",
    "broken.yaml": "title: Broken\nsteps:\n  - hold: 5s\n    bogus: 1\n",
    "other.yaml": "title: Other\nsteps:\n  - {breathe: {inhale: 2s, exhale: 2s, cycles: 3}}\n",
}

JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False),
        st.sampled_from([0, -1, 1e308, 10**18, "", "hold", "\x1b[2J", "0" * 64, [], {}]),
        st.text(max_size=10),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=8,
)


def _places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _places(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _places(item, (*at, index))
    return out


def _set(tree: Any, at: tuple[Any, ...], value: Any, *, drop: bool) -> Any:
    if not at:
        return value
    parent = tree
    for part in at[:-1]:
        parent = parent[part]
    if drop and isinstance(parent, dict):
        del parent[at[-1]]
    elif drop:
        parent.pop(at[-1])
    else:
        parent[at[-1]] = value
    return tree


def _reseal(data: Any) -> None:
    entries = data.get("entries") if isinstance(data, dict) else None
    if isinstance(entries, dict):
        for ident, entry in entries.items():
            if isinstance(entry, dict):
                entry["seal"] = _seal(ident, entry)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    target = tmp_path / "routines"
    target.mkdir()
    then = time.time() - 60
    for name, text in FILES.items():
        (target / name).write_text(text, encoding="utf-8")
        os.utime(target / name, (then, then))
    return target


def _library(folder: Path, *, cache: bool = True) -> Library:
    return Library([RoutineDir(folder, "dir"), *default_dirs()], cache=cache)


def _outcome(scan: Scan) -> tuple[list[Any], list[Any]]:
    return list(scan.routines), [str(p) for p in scan.problems]


def _uses_everything(library: Library) -> None:
    """List, show and compile every routine served: none may fail but as a RoutineError."""
    entries, _problems, _ignored = list_entries(library)
    for entry in entries:
        try:
            compile_routine(library, entry.routine)
            show_routine(library, entry.routine.name)
        except RoutineError:
            pass


def test_a_cache_edited_anywhere_is_a_miss(folder: Path) -> None:
    truth = _outcome(_library(folder, cache=False).scan())
    _library(folder).scan()  # writes the cache
    cache_file = paths.cache_dir() / CACHE_FILE
    pristine = json.loads(cache_file.read_text(encoding="utf-8"))
    places = _places(pristine)[1:]
    assert any(place[-1] == "seal" for place in places)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(places), JSON, st.booleans(), st.booleans())
    def edited(at: tuple[Any, ...], value: Any, drop: bool, reseal: bool) -> None:
        data = _set(copy.deepcopy(pristine), at, value, drop=drop)
        if reseal:
            _reseal(data)
        cache_file.write_text(json.dumps(data), encoding="utf-8")
        library = _library(folder)
        scan = library.scan()
        if not reseal:
            assert _outcome(scan) == truth
        _uses_everything(library)

    edited()


def test_another_files_entry_is_a_miss(folder: Path) -> None:
    truth = _outcome(_library(folder, cache=False).scan())
    _library(folder).scan()
    cache_file = paths.cache_dir() / CACHE_FILE
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    entries = data["entries"]
    mine = next(ident for ident in entries if ident.endswith("mine.yaml"))
    other = next(ident for ident in entries if ident.endswith("other.yaml"))
    # The other file's entry under mine's name, with mine's file key: a copy
    # a hand could make. Its seal names the other file.
    entries[mine] = {**entries[other], "key": entries[mine]["key"]}
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert _outcome(_library(folder).scan()) == truth


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_as_the_cache_file_are_ignored(folder: Path, damage: bytes) -> None:
    cache_file = paths.cache_dir() / CACHE_FILE
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(damage)
    assert [r.name for r in _library(folder).scan().routines if r.origin == "dir"] == [
        "mine",
        "other",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", " Mine "),
        ("title", 5),
        ("title", "a\x1b]0;x\x07"),
        ("tags", "ab"),
        ("tags", ["Not A Tag"]),
        ("steps", []),
        ("steps", "abc"),
        ("lead_in", -1.0),
        ("lead_in", 0.1),
        ("lead_in", 1e308),
        ("digest", "x"),
        ("name", "../etc"),
        ("warnings", [[1, 2, "w"]]),
        ("warnings", [["1", 2, "w", "m"]]),
    ],
)
def test_resealed_entries_no_file_could_give_are_parsed_again(
    folder: Path, field: str, value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(folder).scan()
    cache_file = paths.cache_dir() / CACHE_FILE
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        if "routine" in entry:
            entry["routine"][field] = value
    _reseal(data)
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    parsed: list[Path] = []
    import spasm_cli.format.loader as loader

    real = loader.load_routine

    def counting(path: Path, **kwargs: Any) -> Any:
        parsed.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(loader, "load_routine", counting)
    scan = _library(folder).scan()
    assert folder / "mine.yaml" in parsed
    assert next(r for r in scan.routines if r.name == "mine").title == "Mine"


STEP_DAMAGE = [
    {"kind": "rest", "rest": None},
    {"kind": "hold", "hold": 0.0001},
    {"kind": "hold", "reps": 5},
    {"kind": "reps", "reps": 10**9},
    {"kind": "reps", "reps": 3, "hold": 2.0, "tempo": 1.0},
    {
        "kind": "breathe",
        "breathe": {
            "inhale": 0.5,
            "exhale": 0.5,
            "hold_in": 0.0,
            "hold_out": 0.0,
            "cycles": None,
            "duration": 3600.0,
        },
    },
    {"kind": "breathe", "breathe": "slow"},
    {"kind": "use", "use": "Not/A/Name"},
    {"sides": "both"},
    {"sides": ["left", "left"]},
    {"instructions": "abc"},
    {"line": -3},
    {"alternate": 1},
]


@pytest.mark.parametrize("damage", STEP_DAMAGE, ids=[str(d)[:40] for d in STEP_DAMAGE])
def test_resealed_steps_no_file_could_give_are_parsed_again(
    folder: Path, damage: dict[str, Any]
) -> None:
    _library(folder).scan()
    cache_file = paths.cache_dir() / CACHE_FILE
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        if "routine" in entry:
            entry["routine"]["steps"][0].update(damage)
    _reseal(data)
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    library = _library(folder)
    truth = _outcome(_library(folder, cache=False).scan())
    assert _outcome(library.scan()) == truth
    _uses_everything(library)
