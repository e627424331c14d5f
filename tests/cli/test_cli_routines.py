"""`spasm list`, `show`, `validate`, `new` and `schema` as a person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import spasm_cli
from spasm_cli import paths

REPO = Path(spasm_cli.__file__).resolve().parents[1]
Spasm = Callable[..., Any]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def user_dir() -> Path:
    return paths.user_routines_dir()


# -- list -------------------------------------------------------------------------


def test_list_in_a_pipe_is_one_routine_a_line_with_every_field(spasm: Spasm) -> None:
    result = spasm("list")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "name",
        "title",
        "phase",
        "position",
        "time",
        "steps",
        "tags",
        "from",
    ]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert len(rows) == len(lines) - 1 == 29
    assert rows["ql-stretch"] == [
        "ql-stretch",
        "Quadratus lumborum and psoas stretch",
        "acute",
        "standing,sitting",
        "1m15s",
        "1",
        "stretch,standing,acute,relief",
        "bundled with spasm",
    ]
    # A combined routine without a word on it would show where its parts are done.
    assert rows["acute-relief"][3] == "lying" and rows["acute-relief"][5] == "6"
    assert all(len(row) == 8 and all(cell.strip() for cell in row[:6]) for row in rows.values())


def test_list_json_fields(spasm: Spasm) -> None:
    result = spasm("list", "--json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    assert len(entries) >= 20
    for entry in entries:
        assert {"name", "title", "phase", "tags", "total_seconds", "source"} <= set(entry)
        assert entry["source"] == "bundled"
        assert isinstance(entry["total_seconds"], float) and entry["total_seconds"] > 0
    ql = next(e for e in entries if e["name"] == "ql-stretch")
    assert (ql["title"], ql["phase"], ql["total_seconds"]) == (
        "Quadratus lumborum and psoas stretch",
        "acute",
        75.0,
    )
    assert "stretch" in ql["tags"]
    assert ql["position"] == ["standing", "sitting"]
    assert {e["name"]: e["position"] for e in entries}["daily-stretch"] == [
        "lying",
        "kneeling",
        "sitting",
    ]


def test_list_filters(spasm: Spasm) -> None:
    stretch = json.loads(spasm("list", "--json", "--tag", "stretch").stdout)
    assert stretch and all("stretch" in e["tags"] for e in stretch)
    acute = json.loads(spasm("list", "--json", "--phase", "acute").stdout)
    assert acute and all(e["phase"] == "acute" for e in acute)
    both = json.loads(spasm("list", "--json", "--phase", "acute", "--tag", "stretch").stdout)
    assert {e["name"] for e in both} == {e["name"] for e in stretch} & {e["name"] for e in acute}
    table = spasm("list", "--tag", "breathing")
    assert "\nbreathing\t" in table.stdout and "\nplank\t" not in table.stdout
    none = spasm("list", "--tag", "no-such-tag")
    assert (none.exit_code, none.stdout) == (2, "")  # a tag no routine has is a typo


def test_user_routine_overrides_bundled(spasm: Spasm) -> None:
    write(user_dir(), "breathing.yaml", "title: My breathing\nsteps:\n  - hold: 10\n")
    result = spasm("list")
    row = next(line for line in result.stdout.splitlines() if line.startswith("breathing\t"))
    assert "My breathing" in row and "user (overrides bundled with spasm)" in row
    entry = next(e for e in json.loads(spasm("list", "--json").stdout) if e["name"] == "breathing")
    assert (entry["source"], entry["overrides"], entry["total_seconds"]) == (
        "user",
        ["bundled"],
        10.0,
    )
    shown = spasm("show", "breathing")
    assert "My breathing" in shown.stdout and "user (overrides bundled with spasm)" in shown.stdout


def test_lookup_order_through_the_cli(
    spasm: Spasm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "opt", "mine.yaml", "title: From option\nsteps:\n  - hold: 1\n")
    write(tmp_path / "env", "mine.yaml", "title: From env\nsteps:\n  - hold: 2\n")
    write(user_dir(), "mine.yaml", "title: From user\nsteps:\n  - hold: 3\n")
    assert "From user" in spasm("show", "mine").stdout
    monkeypatch.setenv("SPASM_ROUTINES_PATH", str(tmp_path / "env"))
    assert "From env" in spasm("show", "mine").stdout
    data = json.loads(
        spasm("show", "mine", "--json", "--routines-dir", str(tmp_path / "opt")).stdout
    )
    assert (data["title"], data["source"], data["overrides"]) == (
        "From option",
        "dir",
        ["env", "user"],
    )


def test_invalid_user_routine_is_reported_once_and_skipped(spasm: Spasm) -> None:
    broken = write(user_dir(), "broken.yaml", "title: Broken\nsteps:\n  - hold: 0\n  - reps: 0\n")
    write(user_dir(), "fine.yaml", "title: Fine\nsteps:\n  - hold: 10\n")
    result = spasm("list")
    assert result.exit_code == 0
    assert result.stderr.count("broken.yaml") == 1
    assert result.stderr.startswith(f"spasm: skipped invalid routine {broken}:3: ")
    assert "(+1 more)" in result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert "fine" in names and "broken" not in names and "breathing" in names
    data = spasm("list", "--json")
    assert data.exit_code == 0 and "broken" not in {e["name"] for e in json.loads(data.stdout)}
    assert spasm("show", "fine").exit_code == 0
    shown = spasm("show", "broken")
    assert shown.exit_code == 2 and f"{broken}:3:11: step 1, hold:" in shown.stderr


def test_duplicate_names_in_user_folder(spasm: Spasm) -> None:
    write(user_dir(), "twin.yaml", "title: One\nsteps:\n  - hold: 1\n")
    write(user_dir(), "twin.yml", "title: Two\nsteps:\n  - hold: 1\n")
    listed = spasm("list")
    assert listed.exit_code == 0
    assert "duplicate routine name 'twin' in one folder (twin.yaml and twin.yml)" in listed.stderr
    shown = spasm("show", "twin")
    assert shown.exit_code == 2 and "duplicate routine name 'twin'" in shown.stderr


def test_name_mismatch_in_user_folder(spasm: Spasm) -> None:
    write(user_dir(), "mine.yaml", "name: other\ntitle: X\nsteps:\n  - hold: 1\n")
    listed = spasm("list")
    assert listed.exit_code == 0 and "name 'other' does not match the file name" in listed.stderr
    assert spasm("show", "mine").exit_code == 2


# -- show -------------------------------------------------------------------------


def test_show_text(spasm: Spasm) -> None:
    result = spasm("show", "ql-stretch")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "Quadratus lumborum and psoas stretch (ql-stretch)"
    assert " 1. Lean away from the spasm: hold 30s, 2 sets, rest 15s between (1m15s)" in lines
    assert "      - Stand or sit up tall." in lines
    assert any(line.startswith("Caution: ") for line in lines)
    assert lines[-1] == "Total: 1m15s plus 5s to get ready"


def test_show_of_a_routine_whose_first_step_waits_has_no_countdown(spasm: Spasm) -> None:
    # Its first step ("Hands and knees", Enter when ready) is the get-ready.
    result = spasm("show", "cat-cow")
    assert result.exit_code == 0
    assert "to get ready" not in result.stdout.splitlines()[-1]


def test_show_text_of_every_step_kind(spasm: Spasm, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "kinds.yaml",
        """\
        title: Every kind
        lead_in: 0
        steps:
          - {title: Settle, wait: true}
          - {title: Lean, hold: 20s, sides: both, rest: 5s}
          - {title: Tilts, reps: 3, hold: 2s}
          - {title: Bugs, reps: 4, tempo: 3s, alternate: true}
          - {title: Counted, reps: 2}
          - {title: Breaths, breathe: {inhale: 4, hold_in: 2, exhale: 6, cycles: 2}}
          - {title: Pause, rest: 30s}
        """,
    )
    result = spasm("show", str(path))
    assert result.exit_code == 0, result.stderr
    body = result.stdout.splitlines()
    assert body[3:] == [
        " 1. Settle: press Enter when ready",
        " 2. Lean: hold 20s, left then right sides, rest 5s between (45s)",
        " 3. Tilts: 3 reps, each held 2s, relax 2s (10s)",
        " 4. Bugs: 4 reps, 3s each, alternating sides (12s)",
        " 5. Counted: 2 reps, at your own pace (press Enter after each)",
        " 6. Breaths: breathe in 4s, hold 2s, out 6s, 2 breaths (24s)",
        " 7. Pause: rest 30s (30s)",
        "",
        "Total: 2m01s; 3 parts at your own pace wait for you to press Enter",
    ]


def test_a_routine_at_your_own_pace_says_so_with_right_plurals(
    spasm: Spasm, tmp_path: Path
) -> None:
    """One rep is "1 rep"; a routine of self-paced parts only is never "0s"."""
    path = write(
        tmp_path,
        "own.yaml",
        """\
        title: Own pace
        steps:
          - {title: Once, reps: 1}
          - {title: Breath, breathe: {inhale: 4, exhale: 4, cycles: 1}, sets: 1}
        """,
    )
    shown = spasm("show", str(path)).stdout.splitlines()
    assert shown[-4:] == [
        " 1. Once: 1 rep, at your own pace (press Enter when it is done)",
        " 2. Breath: breathe in 4s, out 4s, 1 breath, 1 set (8s)",
        "",
        "Total: 8s plus 5s to get ready; 1 part at your own pace waits for you to press Enter",
    ]
    only = write(tmp_path, "only.yaml", "title: Only\nlead_in: 0\nsteps:\n  - {reps: 2}\n")
    assert spasm("show", str(only)).stdout.splitlines()[-1] == (
        "Total: at your own pace; 2 parts wait for you to press Enter"
    )
    checked = spasm("validate", str(only), str(path)).stdout.splitlines()
    assert checked == [
        f"{only}: ok (only: 1 step, at your own pace)",
        f"{path}: ok (own: 2 steps, 8s plus 1 part at your own pace)",
    ]


def test_show_json(spasm: Spasm) -> None:
    result = spasm("show", "acute-relief", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["name"], data["source"], data["lead_in"]) == ("acute-relief", "bundled", 5.0)
    assert data["total_seconds"] == sum(step["seconds"] for step in data["steps"])
    assert {step["from"] for step in data["steps"]} == {
        "breathing",
        "knees-to-chest",
        "one-side-breathing",
    }
    assert all(step["group"] for step in data["steps"])
    breath = next(step for step in data["steps"] if step["kind"] == "breathe")
    assert set(breath["breathe"]) == {"inhale", "hold_in", "exhale", "hold_out", "cycles"}


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        (
            "a b",
            "spasm: 'a b' is not a routine name (lowercase letters, digits and dashes) or a .yaml file\n",
        ),
        ("no-such", "spasm: no routine called 'no-such'. `spasm list` shows every routine.\n"),
        (
            "breath",
            "spasm: no routine called 'breath'. Did you mean 'breathing'? "
            "`spasm list` shows every routine.\n",
        ),
        ("../etc", "../etc:0:0: file: no such file\n"),
        ("/etc", "/etc:0:0: file: is a folder, not a routine file\n"),
        ("missing.yaml", "missing.yaml:0:0: file: no such file\n"),
    ],
)
def test_show_bad_names(
    spasm: Spasm, arg: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = spasm("show", arg)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_show_broken_file_lists_every_problem(spasm: Spasm, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "title: T\nsteps:\n  - hold: 0\n  - reps: 0\n")
    result = spasm("show", str(path))
    assert result.exit_code == 2
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [
        "step 1, hold",
        "step 2, reps",
    ]


# -- new --------------------------------------------------------------------------


def test_new_writes_a_valid_starter(spasm: Spasm) -> None:
    result = spasm("new", "my-evening")
    target = user_dir() / "my-evening.yaml"
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == f"Wrote {target}"
    # What to do next, in order: edit, validate, show, run.
    assert [line.strip() for line in lines[3::2]] == [
        f"$EDITOR {target}",
        "spasm validate my-evening",
        "spasm show my-evening",
        "spasm routine my-evening",
    ]
    first = target.read_text().splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    schema = (target.parent / first.removeprefix(prefix)).resolve()
    assert schema.is_file()
    assert json.loads(schema.read_text())["$schema"].endswith("2020-12/schema")
    assert yaml.safe_load(target.read_text())["name"] == "my-evening"
    checked = spasm("validate", str(target))
    assert checked.exit_code == 0, checked.stderr
    assert "my-evening" in spasm("list").stdout
    assert spasm("show", "my-evening").exit_code == 0


def test_new_never_overwrites(spasm: Spasm) -> None:
    assert spasm("new", "mine").exit_code == 0
    target = user_dir() / "mine.yaml"
    target.write_text("title: Edited\nsteps:\n  - hold: 1\n")
    result = spasm("new", "mine")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"spasm: {target} already exists; not overwriting it (edit it, or pick another name)\n"
    )
    assert target.read_text() == "title: Edited\nsteps:\n  - hold: 1\n"
    write(user_dir(), "other.yml", "title: O\nsteps:\n  - hold: 1\n")
    assert spasm("new", "other").exit_code == 2
    assert not (user_dir() / "other.yaml").exists()


@pytest.mark.parametrize(
    "name", ["My Evening", "../escape", "a/b", "UPPER", "x--y", "x-", "", "x.yaml"]
)
def test_new_refuses_bad_names(spasm: Spasm, name: str) -> None:
    result = spasm("new", name)
    assert result.exit_code == 2
    assert "is not a routine name" in result.stderr
    assert not user_dir().exists() or list(user_dir().iterdir()) == []


# -- the real program ---------------------------------------------------------------


def test_program_runs_as_a_module(isolated_folders: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "XDG_CONFIG_HOME": str(isolated_folders / "config"),
        "XDG_DATA_HOME": str(isolated_folders / "data"),
        "XDG_CACHE_HOME": str(isolated_folders / "cache"),
    }
    version = subprocess.run(
        [sys.executable, "-m", "spasm_cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (version.returncode, version.stdout, version.stderr) == (
        0,
        f"spasm {spasm_cli.__version__}\n",
        "",
    )
    listed = subprocess.run(
        [sys.executable, "-m", "spasm_cli", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.splitlines()[0].split()[0] == "name"
    assert any(line.startswith("acute-relief\t") for line in listed.stdout.splitlines())
    bad = subprocess.run(
        [sys.executable, "-m", "spasm_cli", "show", "a b"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", [["list"], ["show", "breathing"], ["routine", "breathing"]])
def test_a_routines_dir_that_is_not_a_folder_is_refused(
    spasm: Spasm, tmp_path: Path, command: list[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n", encoding="utf-8")
    for folder, what in ((tmp_path / "typo", "does not exist"), (a_file, "is not a folder")):
        result = spasm(*command, "--routines-dir", str(folder))
        assert result.exit_code == 2
        assert result.stderr == f"spasm: --routines-dir {folder} {what}\n"
    assert a_file.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--phase", "acut"],
            "spasm: --phase 'acut' is not a phase: use 'acute', 'recovery' or 'prevention'. "
            "Did you mean 'acute'?\n",
        ),
        (
            ["--phase", "zzz"],
            "spasm: --phase 'zzz' is not a phase: use 'acute', 'recovery' or 'prevention'.\n",
        ),
        (
            ["--tag", "breathin"],
            "spasm: no routine has the tag 'breathin'. Did you mean 'breathing'?",
        ),
    ],
)
def test_list_filters_that_match_nothing_are_refused(
    spasm: Spasm, args: list[str], message: str
) -> None:
    result = spasm("list", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_new_refuses_to_shadow_a_bundled_routine_without_force(spasm: Spasm) -> None:
    result = spasm("new", "plank")
    assert result.exit_code == 2
    assert result.stderr == (
        "spasm: 'plank' is a bundled routine: a routine of yours with that name would "
        "replace it everywhere, also inside core-beginner and recovery-core, which use it. "
        "Pick another name, or add --force to replace it on purpose.\n"
    )
    assert not (user_dir() / "plank.yaml").exists()
    forced = spasm("new", "plank", "--force")
    assert forced.exit_code == 0 and (user_dir() / "plank.yaml").exists()


def test_validate_takes_names_as_show_does(spasm: Spasm) -> None:
    result = spasm("validate", "breathing", "plank")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith(
        "breathing.yaml: ok (breathing: 2 steps, 5m plus 1 part at your own pace)"
    )
    assert lines[1].endswith("plank.yaml: ok (plank: 2 steps, 1m30s plus 1 part at your own pace)")
    typo = spasm("validate", "breath")
    assert typo.exit_code == 2
    assert "Did you mean 'breathing'?" in typo.stderr
