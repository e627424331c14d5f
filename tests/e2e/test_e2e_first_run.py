"""The first run of the installed ``spasm routine``: the warning signs, unmissable.

At a terminal (80x24 and 40 columns) the emergency comes first, the first
screen fits, and nothing else appears until a key is pressed; ``?`` shows
every sign a screenful at a time. The marker is written, so the second run
goes straight to the pain question. A pipe gets every sign and no wait.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from e2e_helpers import ALT_SCREEN_OFF, ALT_SCREEN_ON, Pty, World, plain_lines, strip_ansi

from spasm_cli.wrapping import cell_width

pytestmark = pytest.mark.pty

SHORT = """\
title: First run check
lead_in: 0
steps:
  - title: Lie still
    hold: 1s
"""
MARKER = Path("spasm") / "safety-shown"
PROMPT = "any other key to go on."
MORE = "Press any key for more."
# How long "nothing else appears" is watched for: the program is waiting on a
# key, so anything it wrote would come at once.
QUIET = 1.5


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[World]:
    """A first-time user: the warning signs have never been shown."""
    world = World.create(tmp_path)
    yield world
    world.close()


def outside_the_live_screen(text: str) -> list[str]:
    """The lines written before the live screen opened and after it closed."""
    before, _, rest = text.partition(ALT_SCREEN_ON)
    after = rest.rpartition(ALT_SCREEN_OFF)[2] if rest else ""
    return plain_lines(strip_ansi(before)) + plain_lines(strip_ansi(after))


def assert_fits(lines: list[str], columns: int) -> None:
    long = [line for line in lines if cell_width(line) > columns]
    assert not long, long


def assert_quiet(pty: Pty) -> None:
    """Nothing more is written while the program waits for its key."""
    written = len(pty.text)
    assert pty.expect([pexpect.TIMEOUT, r"\S"], timeout=QUIET) == 0, pty.text[written:]


def finish(pty: Pty) -> int:
    """Skip both pain questions and let the one-second routine play out."""
    pty.expect_exact("Pain right now?")
    pty.send("\r")
    pty.expect_exact("Pain now?")
    pty.send("\r")
    return pty.wait_exit()


@pytest.mark.parametrize("columns", [80, 40])
def test_first_run_shows_the_emergency_first_and_waits_for_a_key(
    fresh: World, columns: int
) -> None:
    path = fresh.routine("first-run", SHORT)
    pty = fresh.spawn("routine", str(path), dimensions=(24, columns))
    if columns < 80:
        pty.expect_exact(MORE)  # the first screen does not fit: a key pages on
        assert_quiet(pty)
        pty.send(" ")
    pty.expect_exact(PROMPT)
    assert_quiet(pty)
    assert (fresh.root / "data" / MARKER).exists()  # written once the signs were
    screen = strip_ansi(pty.text)
    assert "Pain right now?" not in screen and "First run check" not in screen
    words = " ".join(screen.split())
    assert "Get medical help now if: - you suddenly lose control over your bladder" in words
    assert words.index("bladder or bowel") < words.index("weakness in your arms")
    lines = [line for line in plain_lines(screen) if line.strip()]
    assert lines[0] == "Before you start: warning signs"
    if columns == 80:
        assert len(plain_lines(screen)) <= 24  # one screen, prompt included
    pty.send("x")
    assert finish(pty) == 0
    assert_fits(outside_the_live_screen(pty.text), columns)
    assert "Next time: `spasm routine" in strip_ansi(pty.text)

    again = fresh.spawn("routine", str(path), dimensions=(24, columns))
    assert finish(again) == 0
    assert "Get medical help now" not in strip_ansi(again.text)


def test_question_mark_shows_every_sign_a_screenful_at_a_time(fresh: World) -> None:
    path = fresh.routine("first-run", SHORT)
    pty = fresh.spawn("routine", str(path), dimensions=(24, 80))
    pty.expect_exact(PROMPT)
    pty.send("?")
    start = len(pty.text)
    while pty.expect([re.escape(MORE), re.escape("Press any key to go on.")]) == 0:
        pty.send(" ")
    assert_quiet(pty)
    full = strip_ansi(pty.text[start:])
    for page in full.split(MORE):
        assert len(plain_lines(page.strip("\r\n"))) <= 24, page
    words = " ".join(full.split())
    assert "Where the articles disagree" in words
    assert "Wait until the acute pain subsides before attempting any exercises." in words
    assert "More 4 Life" in words
    pty.send(" ")
    assert finish(pty) == 0
    assert_fits(outside_the_live_screen(pty.text), 80)


@pytest.mark.parametrize("columns", [80, 40])
def test_plain_mode_at_a_terminal_waits_for_enter_without_screen_tricks(
    fresh: World, columns: int
) -> None:
    path = fresh.routine("first-run", SHORT)
    pty = fresh.spawn("routine", str(path), "--plain", dimensions=(24, columns))
    pty.expect_exact("Press Enter to go on")
    pty.expect_exact("warning signs and cautions.")
    assert_quiet(pty)
    shown = pty.text
    assert "\x1b" not in shown and MORE not in shown  # one stream, never held back
    assert shown.index("bladder or bowel") < shown.index("weakness in your arms")
    pty.send("\r")
    assert finish(pty) == 0
    # The signs, the pain questions and the end; the session's own "[mm:ss]"
    # lines are the plain printer's.
    ours = [line for line in plain_lines(strip_ansi(pty.text)) if not line.startswith("[")]
    assert_fits(ours, columns)


def test_a_pipe_prints_every_sign_and_does_not_wait(fresh: World) -> None:
    path = fresh.routine("first-run", SHORT)
    result = fresh.run("routine", str(path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Get medical help now:") < out.index("bladder or bowel")
    assert out.index("bladder or bowel") < out.index("weakness in your arms")
    assert "Press" not in out and "key" not in out
    assert (fresh.root / "data" / MARKER).exists()
    assert "Get medical help" not in fresh.run("routine", str(path)).stdout


def test_a_pain_rise_of_three_shows_the_warning_signs(fresh: World) -> None:
    fresh.safety_read()
    path = fresh.routine("first-run", SHORT)
    result = fresh.run("routine", str(path), "--pain-before", "2", "--pain-after", "8")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Your pain went up from 2 to 8 (out of 10)" in out
    assert out.index("Get medical help now if:") < out.index("See a doctor if:")
    assert "Consider stopping" not in out
    assert out.rstrip().splitlines()[-1].startswith("Next time: rest first.")
