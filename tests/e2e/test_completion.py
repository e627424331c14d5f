"""Shell completion through Typer's own protocol, asked of the installed program.

The shell runs `spasm` with `_SPASM_COMPLETE=complete_bash` (or zsh, fish)
and the words typed so far; spasm answers with what may come next. Here the
same environment is set by hand, as bash's completion function would.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from e2e_helpers import World


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World.create(tmp_path_factory.mktemp("completion"))
    yield made
    made.close()


def bash(world: World, line: str) -> list[str]:
    """What bash's completion offers for ``line`` (a trailing space: a new word)."""
    words = line.split()
    current = len(words) if line.endswith(" ") else len(words) - 1
    ran = world.run(
        env={"_SPASM_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(current)}
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ""
    return ran.stdout.split()


def test_command_names(world: World) -> None:
    assert bash(world, "spasm sh") == ["show"]
    assert {"routine", "list", "history", "export", "stats"} <= set(bash(world, "spasm "))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("spasm routine acu", ["acute-relief"]),
        ("spasm show br", ["breathing", "bridges"]),
        ("spasm validate acu", ["acute-relief"]),
        ("spasm history --routine acu", ["acute-relief"]),
    ],
)
def test_routine_names(world: World, line: str, expected: list[str]) -> None:
    assert bash(world, line) == expected


def test_a_routine_of_your_own_and_one_from_another_folder(world: World) -> None:
    mine = world.root / "config" / "spasm" / "routines"  # where `spasm new` writes
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "my-evening.yaml").write_text(
        "title: Evening\nsteps:\n  - {title: Rest, hold: 5s}\n", encoding="utf-8"
    )
    assert bash(world, "spasm routine my-") == ["my-evening"]
    extra = world.root / "routines"
    (extra / "zz-extra.yaml").write_text(
        "title: Extra\nsteps:\n  - {title: Rest, hold: 5s}\n", encoding="utf-8"
    )
    assert bash(world, "spasm routine zz") == []
    assert bash(world, f"spasm routine --routines-dir {extra} zz") == ["zz-extra"]


def test_a_path_is_left_to_the_shell(world: World) -> None:
    # No names: bash's `-o default` then completes file names.
    assert bash(world, "spasm routine ./") == []


def test_closed_sets(world: World) -> None:
    assert bash(world, "spasm list --phase ") == ["acute", "recovery", "prevention"]
    assert bash(world, "spasm list --phase re") == ["recovery"]
    tags = bash(world, "spasm list --tag ")
    assert "breathing" in tags and tags == sorted(tags)


def test_zsh_and_fish_get_the_same_names(world: World) -> None:
    zsh = world.run(
        env={"_SPASM_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "spasm routine acu"}
    )
    assert zsh.returncode == 0 and "acute-relief" in zsh.stdout
    fish = world.run(
        env={
            "_SPASM_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "spasm routine acu",
        }
    )
    assert fish.returncode == 0 and fish.stdout.split() == ["acute-relief"]


def _from_bash(world: World, *args: str) -> subprocess.CompletedProcess[str]:
    # Typer finds the shell to write for from the processes above it, as it
    # would for a person typing in bash.
    command = " ".join(shlex.quote(a) for a in (str(world.program), *args))
    return subprocess.run(
        ["bash", "--norc", "-c", command + "; exit $?"],
        capture_output=True,
        text=True,
        env=world.env,
        cwd=world.root,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_show_completion_prints_the_script_for_the_shell(world: World) -> None:
    ran = _from_bash(world, "--show-completion")
    assert ran.returncode == 0, ran.stderr
    assert "_SPASM_COMPLETE=complete_bash" in ran.stdout
    assert "complete -o default -F _spasm_completion spasm" in ran.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_completion_writes_only_into_home(world: World) -> None:
    ran = _from_bash(world, "--install-completion")
    assert ran.returncode == 0, ran.stderr
    assert "bash completion installed" in ran.stdout
    home = world.root / "home"
    script = home / ".bash_completions" / "spasm.sh"
    assert "_SPASM_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert "spasm.sh" in (home / ".bashrc").read_text(encoding="utf-8")
