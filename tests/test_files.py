"""Files a user names are written without harm: no overwrite, no links, no devices, whole.

Unit tests of ``spasm_cli.files`` and of each command that writes one
(``export -o``, ``schema -o``, ``routine --trace``, ``new``), plus the
privacy of the data folder.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from spasm_cli import files, paths
from spasm_cli.errors import StorageError, UsageError
from spasm_cli.files import check_target, open_new, write_text

# --- the rules, on files.py itself ------------------------------------------------------


def test_a_new_file_is_written_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_text(target, "a,b\n")
    assert target.read_text() == "a,b\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temp left


def test_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("my notes")
    with pytest.raises(UsageError, match="already exists; not overwriting it"):
        write_text(target, "export")
    assert target.read_text() == "my notes"
    write_text(target, "export", force=True)
    assert target.read_text() == "export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("force", [False, True])
def test_a_link_is_never_written_through(tmp_path: Path, force: bool) -> None:
    precious = tmp_path / "routine.yaml"
    precious.write_text("title: mine\n")
    link = tmp_path / "out.csv"
    link.symlink_to(precious)
    with pytest.raises(UsageError, match="symbolic link"):
        write_text(link, "export", force=force)
    with pytest.raises(UsageError, match="symbolic link"):
        open_new(link, force=force)
    assert link.is_symlink() and precious.read_text() == "title: mine\n"


def test_a_dangling_link_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "schema.json"
    link.symlink_to(tmp_path / "elsewhere" / "made-by-link.json")
    with pytest.raises(UsageError, match="symbolic link"):
        write_text(link, "{}")
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("force", [False, True])
def test_only_regular_files_are_replaced(tmp_path: Path, force: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path, Path("/dev/null")):
        with pytest.raises(UsageError, match="not a regular file|already exists"):
            write_text(target, "x", force=True)
        with pytest.raises(UsageError):
            open_new(target, force=force)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_full_disk_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    target.write_text("the good one")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(StorageError, match="cannot write export .*No space left on device"):
        write_text(target, "half", force=True, what="export")
    assert target.read_text() == "the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_a_missing_folder_is_the_users_to_fix(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot write trace file .*No such file"):
        open_new(tmp_path / "nowhere" / "t.jsonl", what="trace file")
    with pytest.raises(UsageError, match="No such file"):
        write_text(tmp_path / "nowhere" / "x.csv", "x")


def test_check_target_says_whether_the_file_exists(tmp_path: Path) -> None:
    assert check_target(tmp_path / "new", force=False) is False
    (tmp_path / "old").write_text("x")
    assert check_target(tmp_path / "old", force=True) is True


# --- each command that writes a file ---------------------------------------------------


def test_routine_refuses_an_existing_trace_before_anything_is_asked(
    spasm: Callable[..., Run], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    result = spasm("routine", "breathing", "--plain", "--trace", str(notes), "--pain-before", "3")
    assert result.exit_code == 2
    assert "already exists; not overwriting it" in result.stderr
    assert result.stdout == ""  # nothing started
    assert notes.read_text() == "my notes"
    assert not (paths.data_dir() / "history.sqlite3").exists()  # no session recorded


def test_routine_trace_can_never_be_the_history_database(
    spasm: Callable[..., Run], tmp_path: Path
) -> None:
    database = paths.data_dir() / "history.sqlite3"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"SQLite format 3\x00")
    link = tmp_path / "t.jsonl"
    link.symlink_to(database)
    for extra in ((), ("--force",)):
        result = spasm("routine", "breathing", "--plain", "--trace", str(link), *extra)
        assert result.exit_code == 2
        assert "symbolic link" in result.stderr
    assert database.read_bytes() == b"SQLite format 3\x00"


def test_export_force_does_not_replace_a_link_or_a_device(
    spasm: Callable[..., Run], tmp_path: Path
) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("mine")
    link = tmp_path / "export.csv"
    link.symlink_to(mine)
    result = spasm("export", "-o", str(link), "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert link.is_symlink() and mine.read_text() == "mine"
    result = spasm("export", "-o", "/dev/null", "--force")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_export_writes_a_private_file(spasm: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "for-my-therapist.csv"
    assert spasm("export", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_schema_output_through_a_dangling_link_is_refused(
    spasm: Callable[..., Run], tmp_path: Path
) -> None:
    link = tmp_path / "schema.json"
    link.symlink_to(tmp_path / "made-by-link.json")
    result = spasm("schema", "-o", str(link))
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert not (tmp_path / "made-by-link.json").exists()
    plain = tmp_path / "plain.json"
    plain.write_text("mine")
    assert spasm("schema", "-o", str(plain), "--force").exit_code == 0
    assert json.loads(plain.read_text())["$id"]


def test_new_leaves_a_linked_or_foreign_schema_file_alone(
    spasm: Callable[..., Run], tmp_path: Path
) -> None:
    schema_path = paths.config_dir() / paths.schema_file_name()
    schema_path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "dotfiles-schema.json"
    elsewhere.write_text("not spasm's")
    schema_path.symlink_to(elsewhere)
    assert spasm("new", "my-evening").exit_code == 0
    assert schema_path.is_symlink() and elsewhere.read_text() == "not spasm's"
    schema_path.unlink()
    schema_path.write_text('{"title": "my own notes"}')
    assert spasm("new", "my-morning").exit_code == 0
    assert schema_path.read_text() == '{"title": "my own notes"}'


def test_new_refreshes_its_own_out_of_date_schema(spasm: Callable[..., Run]) -> None:
    from spasm_cli.format.schema import routine_schema

    schema_path = paths.config_dir() / paths.schema_file_name()
    schema_path.parent.mkdir(parents=True)
    old = {**routine_schema(), "title": "an older spasm's schema"}
    schema_path.write_text(json.dumps(old))
    assert spasm("new", "my-evening").exit_code == 0
    assert json.loads(schema_path.read_text()) == routine_schema()


def test_new_does_not_write_a_routine_through_a_link(
    spasm: Callable[..., Run], tmp_path: Path
) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    target = tmp_path / "elsewhere.yaml"
    (folder / "my-evening.yaml").symlink_to(target)
    result = spasm("new", "my-evening")
    assert result.exit_code == 2
    assert not target.exists()


# --- the data folder -------------------------------------------------------------------


def test_the_first_run_marker_creates_a_private_data_folder() -> None:
    from spasm_cli.safety import mark_shown

    assert mark_shown(paths.data_dir())
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700


def test_a_data_folder_left_open_is_made_private() -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    paths.private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
