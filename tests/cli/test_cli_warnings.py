"""Warnings, passed-over files and file routines, as `validate`, `show`, `list` and `doctor` say them."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from spasm_cli import paths
from spasm_cli.format.library import Library, default_dirs

Spasm = Callable[..., Run]

IDLE = """\
title: Idle
steps:
  - hold: 5s
    rest: 10s
  - reps: 4
    tempo: 2s
    sides: left
    alternate: true
  - use: breathing
    hold: 30s
    reps: 3
  - hold: 5s
    sets: 2
    rest: 3s
"""
WARNINGS = [
    "idle.yaml:4:5: warning: step 1, rest: does nothing: one set on one side leaves nothing "
    "to rest between (add sets: or sides: both, or remove rest:)",
    "idle.yaml:8:5: warning: step 2, alternate: does nothing with one side (left): "
    "use sides: both, or remove alternate:",
    "idle.yaml:9:1: warning: step 3, hold: does nothing: 'breathing' has no step it applies to "
    "(hold: sets the time of hold steps)",
    "idle.yaml:9:1: warning: step 3, reps: does nothing: 'breathing' has no step it applies to "
    "(reps: sets the count of reps steps)",
]


@pytest.fixture
def idle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "idle.yaml"
    path.write_text(IDLE, encoding="utf-8")
    return path


def test_validate_prints_warnings_and_exits_zero(spasm: Spasm, idle: Path) -> None:
    result = spasm("validate", "idle.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == WARNINGS
    assert result.stdout.startswith("idle.yaml: ok (idle: 5 steps, ")


def test_show_prints_warnings_once_and_does_not_describe_what_does_nothing(
    spasm: Spasm, idle: Path
) -> None:
    result = spasm("show", "idle.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == WARNINGS
    lines = result.stdout.splitlines()
    assert " 1. Hold: hold 5s (5s)" in lines
    assert " 2. Repetitions: 4 reps, 2s each, left side (8s)" in lines
    assert " 5. Hold: hold 5s, 2 sets, rest 3s between (13s)" in lines
    assert "alternating" not in result.stdout
    steps = json.loads(spasm("show", "idle.yaml", "--json").stdout)["steps"]
    assert "rest" not in steps[0] and "alternate" not in steps[1]
    assert steps[-1]["rest"] == 3.0


def test_list_lists_without_warnings(spasm: Spasm, idle: Path) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "idle.yaml").write_text(IDLE, encoding="utf-8")
    result = spasm("list")
    assert (result.exit_code, result.stderr) == (0, "")
    assert any(line.startswith("idle\t") for line in result.stdout.splitlines())


def test_a_warning_from_an_included_file_is_not_repeated_for_the_including_one(
    spasm: Spasm, idle: Path
) -> None:
    (idle.parent / "outer.yaml").write_text("title: O\nsteps:\n  - use: idle\n", encoding="utf-8")
    result = spasm("validate", "outer.yaml")
    assert (result.exit_code, result.stderr) == (0, "")


def test_an_override_that_reaches_a_nested_step_is_no_warning(spasm: Spasm, idle: Path) -> None:
    (idle.parent / "inner.yaml").write_text("title: I\nsteps:\n  - hold: 5s\n", encoding="utf-8")
    (idle.parent / "mid.yaml").write_text("title: M\nsteps:\n  - use: inner\n", encoding="utf-8")
    (idle.parent / "top.yaml").write_text(
        "title: T\nsteps:\n  - use: mid\n    hold: 9s\n    sets: 2\n", encoding="utf-8"
    )
    result = spasm("validate", "top.yaml")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "top: 1 step, 18s" in result.stdout


def test_a_rest_that_a_use_sets_gives_something_to_go_between_is_described(
    spasm: Spasm, idle: Path
) -> None:
    (idle.parent / "one.yaml").write_text(
        "title: One\nsteps:\n  - hold: 5s\n    rest: 2s\n", encoding="utf-8"
    )
    (idle.parent / "three.yaml").write_text(
        "title: T\nsteps:\n  - use: one\n    sets: 3\n", encoding="utf-8"
    )
    shown = spasm("show", "three.yaml")
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "hold 5s, 3 sets, rest 2s between (19s)" in shown.stdout
    # The included file on its own still has a rest with nothing to go between.
    assert "warning: step 1, rest: does nothing" in spasm("validate", "one.yaml").stderr


def test_warnings_are_escaped(
    spasm: Spasm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a\x1b[2J.yaml").write_text(
        "name: a\ntitle: T\nsteps:\n  - hold: 5s\n    rest: 1s\n", encoding="utf-8"
    )
    result = spasm("validate", "a\x1b[2J.yaml")
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr + result.stdout
    assert "a\\x1b[2J.yaml:5:5: warning: step 1, rest" in result.stderr


# -- files a routines folder passes over -----------------------------------------------

PASSED_OVER = {
    "my_evening.yaml": "routine file names use lower-case letters, digits and hyphens, like my-evening.yaml",
    "Evening.yaml": "routine file names use lower-case letters, digits and hyphens, like evening.yaml",
    "x.YAML": "routine files end in .yaml or .yml in lower case, like x.yaml",
    "Stretch Me.Yml": "routine files end in .yaml or .yml in lower case, like stretch-me.yml",
    "morning.stretch.yaml": "routine file names use lower-case letters, digits and hyphens, like morning-stretch.yaml",
    "__.yml": "routine file names use lower-case letters, digits and hyphens, like my-routine.yml",
}
ROUTINE = "title: R\nsteps:\n  - hold: 5s\n"


@pytest.fixture
def crowded() -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    for name in [*PASSED_OVER, "fine.yaml", ".hidden.yaml", "notes.txt", "fine.yaml~"]:
        (folder / name).write_text(ROUTINE, encoding="utf-8")
    return folder


def test_list_names_each_passed_over_file_once(spasm: Spasm, crowded: Path) -> None:
    result = spasm("list")
    assert result.exit_code == 0
    expected = sorted(
        f"spasm: ignored: {crowded / name}: {why}" for name, why in PASSED_OVER.items()
    )
    assert result.stderr.splitlines() == expected
    assert any(line.startswith("fine\t") for line in result.stdout.splitlines())
    json_run = spasm("list", "--json")
    assert [r["name"] for r in json.loads(json_run.stdout) if r["source"] == "user"] == ["fine"]


def test_doctor_counts_passed_over_files_as_problems(spasm: Spasm, crowded: Path) -> None:
    result = spasm("doctor")
    out = result.stdout + result.stderr
    assert f"passed over:      {len(PASSED_OVER)} files" in out
    for name, why in PASSED_OVER.items():
        assert f"{crowded / name}:0:0: file: {why}" in out


def test_validate_a_folder_checks_its_routines_and_refuses_what_it_passes_over(
    spasm: Spasm, crowded: Path
) -> None:
    result = spasm("validate", str(crowded))
    assert result.exit_code == 2
    assert result.stdout == f"{crowded / 'fine.yaml'}: ok (fine: 1 step, 5s)\n"
    for name, why in PASSED_OVER.items():
        assert f"{crowded / name}:0:0: file: {why}" in result.stderr
    total = len(PASSED_OVER) + 1
    assert result.stderr.splitlines()[-1] == f"spasm: {len(PASSED_OVER)} of {total} files invalid"


@pytest.mark.parametrize("name", list(PASSED_OVER))
def test_validate_a_passed_over_file_says_why(spasm: Spasm, crowded: Path, name: str) -> None:
    result = spasm("validate", str(crowded / name))
    assert result.exit_code == 2
    assert f"{crowded / name}:0:0: file: {PASSED_OVER[name]}" in result.stderr


def test_validate_a_hidden_file_in_a_routines_folder(spasm: Spasm, crowded: Path) -> None:
    result = spasm("validate", str(crowded / ".hidden.yaml"))
    assert result.exit_code == 2
    assert "passes over hidden files" in result.stderr


def test_outside_routines_folders_any_file_name_is_fine(spasm: Spasm, tmp_path: Path) -> None:
    path = tmp_path / "My_Draft.YAML"
    path.write_text("name: draft\n" + ROUTINE, encoding="utf-8")
    result = spasm("validate", str(path))
    assert (result.exit_code, result.stdout) == (0, f"{path}: ok (draft: 1 step, 5s)\n")


def test_an_empty_folder_is_said_to_hold_no_routines(spasm: Spasm, tmp_path: Path) -> None:
    result = spasm("validate", str(tmp_path))
    assert result.exit_code == 2
    assert (
        f"{tmp_path}:0:0: folder: holds no routine or program files (*.yaml, *.yml)"
        in result.stderr
    )


# -- a file given by path is not the bundled routine of its name -----------------------


def test_a_file_named_like_a_bundled_routine_has_its_own_key(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(textwrap.dedent("name: breathing\n" + ROUTINE), encoding="utf-8")
    library = Library(default_dirs())
    mine = library.resolve(str(path))
    bundled = library.get("breathing")
    assert mine.name == "breathing"
    assert mine.key == f"file:{path.resolve()}"
    assert bundled.key == "breathing"


def test_a_user_routine_given_by_path_is_that_routine() -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(ROUTINE, encoding="utf-8")
    library = Library(default_dirs())
    assert library.resolve(str(folder / "mine.yaml")).key == "mine" == library.get("mine").key


def test_history_records_a_file_routine_by_its_path(spasm: Spasm, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: breathing\ntitle: Mine\nsteps:\n  - hold: 0.5s\n", encoding="utf-8")
    flags = ("--plain", "--lead-in", "0", "--no-sound", "--pain-before", "0", "--pain-after", "0")
    ran = spasm("routine", str(path), *flags)
    assert ran.exit_code == 0, ran.stderr
    stored = spasm("history", "--json")
    assert [row["routine"] for row in json.loads(stored.stdout)] == [f"file:{path.resolve()}"]
    # The export for a therapist names the file, not the folders on the way.
    exported = spasm("export", "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    names = [row["routine_name"] for row in json.loads(exported.stdout)]
    assert names == ["x.yaml (own file)"]
