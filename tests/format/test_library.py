"""Finding routines: lookup order, overrides, safe names, and `use:` expansion."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from spasm_cli import paths
from spasm_cli.errors import RoutineError, RoutineNotFound
from spasm_cli.format.library import Library, RoutineDir, default_dirs, looks_like_path
from spasm_cli.format.model import StepKind


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def routine_text(title: str, seconds: int = 10) -> str:
    return f"title: {title}\nsteps:\n  - hold: {seconds}\n"


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """An option folder, two SPASM_ROUTINES_PATH folders, and the user folder."""
    found = {
        "dir": tmp_path / "opt",
        "env1": tmp_path / "env1",
        "env2": tmp_path / "env2",
        "user": paths.user_routines_dir(),
    }
    for folder in found.values():
        folder.mkdir(parents=True)
    monkeypatch.setenv("SPASM_ROUTINES_PATH", f"{found['env1']}:{found['env2']}")
    return found


def test_default_dirs_order(folders: dict[str, Path]) -> None:
    dirs = default_dirs([folders["dir"]])
    assert [(d.path, d.origin) for d in dirs] == [
        (folders["dir"], "dir"),
        (folders["env1"], "env"),
        (folders["env2"], "env"),
        (folders["user"], "user"),
        (paths.bundled_routines_dir(), "bundled"),
    ]


def test_first_match_wins_in_lookup_order(folders: dict[str, Path]) -> None:
    for key in ("dir", "env1", "user"):
        write(folders[key], "breathing.yaml", routine_text(f"from {key}"))
    library = Library(default_dirs([folders["dir"]]))
    winner = library.get("breathing")
    assert (winner.title, winner.origin, winner.overrides) == (
        "from dir",
        "dir",
        ("env", "user", "bundled"),
    )
    (folders["dir"] / "breathing.yaml").unlink()
    library = Library(default_dirs([folders["dir"]]))
    assert library.get("breathing").title == "from env1"
    (folders["env1"] / "breathing.yaml").unlink()
    assert Library(default_dirs()).get("breathing").title == "from user"
    (folders["user"] / "breathing.yaml").unlink()
    bundled = Library(default_dirs()).get("breathing")
    assert (bundled.origin, bundled.overrides) == ("bundled", ())


def test_scan_lists_winners_with_what_they_hide(folders: dict[str, Path]) -> None:
    write(folders["user"], "childs-pose.yaml", routine_text("Mine"))
    write(folders["user"], "extra.yml", routine_text("Extra"))
    write(folders["user"], "Not A Name.yaml", routine_text("Ignored"))
    write(folders["user"], "notes.txt", "not a routine")
    scan = Library(default_dirs()).scan()
    assert scan.problems == []
    by_name = {r.name: r for r in scan.routines}
    assert (by_name["childs-pose"].title, by_name["childs-pose"].overrides) == (
        "Mine",
        ("bundled",),
    )
    assert by_name["extra"].origin == "user"
    assert [r.name for r in scan.routines] == sorted(by_name)


def test_broken_user_override_is_reported_not_replaced(folders: dict[str, Path]) -> None:
    write(folders["user"], "breathing.yaml", "title: Broken\nsteps: []\n")
    library = Library(default_dirs())
    with pytest.raises(RoutineError, match="expected at least one step"):
        library.get("breathing")
    scan = library.scan()
    assert "breathing" in {r.name for r in scan.routines}  # the bundled one still lists
    assert [p.where for p in scan.problems] == ["steps"]


def test_duplicate_names_in_one_folder(folders: dict[str, Path]) -> None:
    write(folders["user"], "twin.yaml", routine_text("One"))
    write(folders["user"], "twin.yml", routine_text("Two"))
    library = Library(default_dirs())
    with pytest.raises(RoutineError) as info:
        library.get("twin")
    assert [p.message for p in info.value.problems] == [
        "duplicate routine name 'twin' in one folder (twin.yaml and twin.yml)"
    ]
    scan = library.scan()
    assert "twin" not in {r.name for r in scan.routines}
    assert len(scan.problems) == 1


@pytest.mark.parametrize(
    "name", ["../etc", "a b", "UPPER", "-dash", "x/../../y", "", "a..b", "nul\x00"]
)
def test_names_cannot_escape_folders(name: str) -> None:
    library = Library(default_dirs())
    if looks_like_path(name):
        with pytest.raises(RoutineError):
            library.resolve(name)
    else:
        with pytest.raises(RoutineNotFound, match="is not a routine name"):
            library.get(name)


def test_looks_like_path() -> None:
    assert looks_like_path("x.yaml") and looks_like_path("x.yml") and looks_like_path("a/b")
    assert not looks_like_path("breathing")


def test_unknown_name() -> None:
    with pytest.raises(RoutineNotFound, match="no routine called 'nothing-here'"):
        Library(default_dirs()).get("nothing-here")


# -- use: expansion ---------------------------------------------------------------


@pytest.fixture
def uses(tmp_path: Path) -> Callable[..., Library]:
    folder = tmp_path / "lib"

    def make(**files: str) -> Library:
        for name, text in files.items():
            write(folder, f"{name.replace('_', '-')}.yaml", text)
        return Library([RoutineDir(folder, "dir")])

    return make


BASE = """\
title: Base
steps:
  - {title: Hold it, hold: 10, sets: 2}
  - {title: Reps, reps: 5, hold: 3}
  - {title: Breathe, breathe: {inhale: 4, exhale: 4, cycles: 2}}
  - {title: Rest, rest: 7}
"""


def test_use_includes_the_steps_with_their_group(uses: Callable[..., Library]) -> None:
    library = uses(
        base=BASE, top="title: Top\nsteps:\n  - {title: Warm up, use: base}\n  - wait: true\n"
    )
    plan = library.expand(library.get("top"))
    assert [(p.step.title, p.routine, p.group) for p in plan] == [
        ("Hold it", "base", "Warm up"),
        ("Reps", "base", "Warm up"),
        ("Breathe", "base", "Warm up"),
        ("Rest", "base", "Warm up"),
        ("Get ready", "top", None),
    ]
    untitled = uses(bare="title: Bare\nsteps:\n  - use: base\n")
    assert {p.group for p in untitled.expand(untitled.get("bare"))} == {"Base"}


def test_use_overrides_apply_to_matching_kinds(uses: Callable[..., Library]) -> None:
    library = uses(
        base=BASE, top="title: Top\nsteps:\n  - {use: base, hold: 45s, reps: 12, sets: 3}\n"
    )
    steps = [p.step for p in library.expand(library.get("top"))]
    hold, reps, breathe, rest = steps
    assert (hold.hold, hold.sets) == (45.0, 3)
    assert (reps.reps, reps.hold, reps.sets) == (12, 3.0, 3)  # hold: goes to holds, not rep holds
    assert (breathe.sets, rest.sets, rest.rest) == (3, None, 7.0)


def test_nested_use_outermost_override_wins(uses: Callable[..., Library]) -> None:
    library = uses(
        base=BASE,
        middle="title: Middle\nsteps:\n  - {use: base, hold: 20, reps: 8}\n  - {hold: 1}\n",
        top="title: Top\nsteps:\n  - {use: middle, hold: 60}\n",
    )
    steps = [p.step for p in library.expand(library.get("top"))]
    assert [(s.kind, s.hold, s.reps) for s in steps] == [
        (StepKind.HOLD, 60.0, None),  # top's hold beats middle's
        (StepKind.REPS, 3.0, 8),  # middle's reps, as top gives none
        (StepKind.BREATHE, None, None),
        (StepKind.REST, None, None),
        (StepKind.HOLD, 60.0, None),  # middle's own hold step, overridden by top
    ]
    assert [p.routine for p in library.expand(library.get("top"))] == ["base"] * 4 + ["middle"]


def test_use_problems(uses: Callable[..., Library]) -> None:
    library = uses(
        a="title: A\nsteps:\n  - use: b\n",
        b="title: B\nsteps:\n  - use: a\n",
        selfish="title: S\nsteps:\n  - use: selfish\n",
        lost="title: L\nsteps:\n  - use: nowhere\n",
    )
    for name, message in (
        ("a", "makes a cycle (a -> b -> a)"),
        ("selfish", "makes a cycle (selfish -> selfish)"),
        ("lost", "no routine called 'nowhere' (`spasm list` shows every routine)"),
    ):
        with pytest.raises(RoutineError) as info:
            library.expand(library.get(name))
        assert [p.message for p in info.value.problems] == [message]


def test_routine_over_four_hours_in_all(uses: Callable[..., Library]) -> None:
    library = uses(
        hour="title: H\nsteps:\n  - {hold: 1h}\n",
        exact="title: E\nsteps:\n  - {use: hour, sets: 4}\n",
        over="title: O\nsteps:\n  - {use: hour, sets: 4}\n  - rest: 1\n",
    )
    assert len(library.expand(library.get("exact"))) == 1
    with pytest.raises(
        RoutineError, match=r"routine lasts 4h00m01s in all \(expected at most 4 hours\)"
    ):
        library.expand(library.get("over"))


def test_a_file_finds_its_siblings_first(tmp_path: Path) -> None:
    write(tmp_path / "drafts", "breathing.yaml", routine_text("Draft breathing"))
    main = write(tmp_path / "drafts", "main.yaml", "title: M\nsteps:\n  - use: breathing\n")
    library = Library(default_dirs())
    routine = library.resolve(str(main))
    assert routine.origin == "path"
    assert [p.step.hold for p in library.expand(routine)] == [10.0]


def test_same_file_read_as_path_and_as_folder_routine(tmp_path: Path) -> None:
    # Once read for a sibling's `use:`, a file must still resolve its own
    # `use:` among its siblings when validated in the same run.
    a = write(tmp_path, "a.yaml", "title: A\nsteps:\n  - use: b\n")
    b = write(tmp_path, "b.yaml", "title: B\nsteps:\n  - {hold: 5}\n  - use: c\n")
    write(tmp_path, "c.yaml", routine_text("C"))
    library = Library(default_dirs())
    assert len(library.expand(library.resolve(str(a)))) == 2
    assert len(library.expand(library.resolve(str(b)))) == 2


def test_a_use_chain_a_thousand_deep_is_a_located_problem(
    tmp_path: Path, spasm: Callable[..., Run]
) -> None:
    folder = tmp_path / "chain"
    folder.mkdir()
    for i in range(1000):
        body = f"  - use: r{i + 1}\n" if i < 999 else "  - hold: 5s\n"
        (folder / f"r{i}.yaml").write_text(f"title: R{i}\nsteps:\n{body}", encoding="utf-8")
    result = spasm("validate", str(folder / "r0.yaml"))
    assert result.exit_code == 2
    assert "goes more than 16 routines deep (from r0; at most 16)" in result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    shown = spasm("show", str(folder / "r990.yaml"))
    assert shown.exit_code == 0, shown.stderr  # 10 deep from r990: within the limit
    listed = spasm("list", "--routines-dir", str(folder))
    assert listed.exit_code == 0 and "breathing" in listed.stdout  # the rest still listed
