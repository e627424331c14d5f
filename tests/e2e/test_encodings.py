"""An output encoding without spasm's characters (ASCII, Latin-1): stand-ins, no crash.

`PYTHONIOENCODING=ascii` once made `safety`, `show` and `history` crash on a
bullet, and made the first run drop the warning signs while marking them as
shown, so they were never shown again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import World, strip_ansi

from spasm_cli import encoding

ASCII = {"PYTHONIOENCODING": "ascii"}
MARKER = Path("spasm") / "safety-shown"
SHORT = (
    "title: Calm \u2014 caf\u00e9 break\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n"
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World.create(tmp_path)
    yield made
    made.close()


@pytest.mark.parametrize(
    "args",
    [["safety"], ["show", "breathing"], ["list"], ["history"], ["stats"], ["--help"]],
    ids=" ".join,
)
@pytest.mark.parametrize("name", ["ascii", "latin-1"])
def test_commands_write_in_the_encoding_they_are_given(
    world: World, args: list[str], name: str
) -> None:
    result = world.run(*args, env={"PYTHONIOENCODING": name})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()
    if name == "ascii":
        assert result.stdout.isascii()


def test_safety_in_ascii_keeps_every_warning_sign(world: World) -> None:
    utf8 = world.run("safety").stdout
    ascii_ = world.run("safety", env=ASCII).stdout
    assert "\u2022" in utf8
    # Same lines, same words: only bullets and curly quotes changed.
    assert ascii_.splitlines() == [encoding.to_ascii(line) for line in utf8.splitlines()]
    assert "bladder or bowel" in ascii_


def test_first_run_in_ascii_shows_the_warning_signs_then_marks_them(world: World) -> None:
    path = world.routine("short", SHORT)
    result = world.run("routine", str(path), "--plain", env=ASCII)
    assert result.returncode == 0, result.stderr
    assert "Calm -- cafe break: finished." in result.stdout
    assert "When to see a doctor" in result.stdout
    assert "bladder or bowel" in result.stdout
    assert (world.root / "data" / MARKER).exists()
    again = world.run("routine", str(path), "--plain", env=ASCII)
    assert "When to see a doctor" not in again.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_warning_signs_that_could_not_be_written_come_again(world: World) -> None:
    import subprocess

    path = world.routine("short", SHORT)
    with open("/dev/full", "w") as full:
        subprocess.run(
            [str(world.program), "routine", str(path), "--plain"],
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            env=world.env,
            cwd=world.root,
            timeout=60,
            check=False,
        )
    assert not (world.root / "data" / MARKER).exists()


@pytest.mark.parametrize("columns", [40, 80])
def test_live_session_in_ascii_at_a_terminal(world: World, columns: int) -> None:
    world.safety_read()
    path = world.routine("short", SHORT)
    pty = world.spawn("routine", str(path), dimensions=(24, columns), env=ASCII)
    pty.expect_exact("Pain right now?")
    pty.send("\r")
    pty.expect_exact("Pain now?")
    pty.send("3")
    status = pty.wait_exit()
    text = strip_ansi(pty.text)
    assert status == 0, text
    assert "Traceback" not in text
    assert text.isascii()
