"""The installed ``spasm routine`` in a real pseudo-terminal, driven by keys and signals.

Each test runs the program as a person does: a 24x80 terminal, keys typed
while it runs, the pain questions answered with one key, then ``spasm history
--json`` to see what was recorded. Routines are a few seconds long. The tests
wait for what the screen shows, never for a fixed time.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import (
    ALT_SCREEN_OFF,
    ALT_SCREEN_ON,
    HIDE_CURSOR,
    SHOW_CURSOR,
    World,
    frames,
    read_trace,
    strip_ansi,
)

pytestmark = pytest.mark.pty

FULL = """\
name: e2e-full
title: End-to-end check
lead_in: 1s
steps:
  - title: Knee hug
    instructions: Hug both knees to your chest.
    hold: 1s
  - title: Pelvic tilts
    reps: 3
    tempo: 0.5s
  - title: Bridges
    instructions: Lift your hips, lower them, then press Enter.
    reps: 2
  - title: Belly breathing
    breathe: {inhale: 1s, exhale: 1s, cycles: 1}
"""

# One long hold: long enough that nothing ends on its own while a test acts.
LONG = """\
name: e2e-long
title: Long hold check
lead_in: 0
steps:
  - title: Long hold
    instructions: Stay still.
    hold: 60s
"""

# The header shows the routine's time left; once it reads 00:59 the session
# has been running steadily for a second (start-up and first writes are over).
STEADY = "00:59 left"


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[World]:
    """A first-time user: the warning signs have never been shown."""
    world = World.create(tmp_path)
    yield world
    world.close()


@pytest.fixture
def world(fresh: World) -> World:
    """A returning user, who has read the warning signs already."""
    fresh.safety_read()
    return fresh


def counter_line(text: str) -> str:
    """A regex for ``text`` at the start of a screen line (the counters line, not "next:")."""
    # A line starts after a line break or, when only changed lines are
    # redrawn, after a cursor move to its row; its style (SGR codes) may come first.
    return r"(?:[\r\n]|\x1b\[\d+;1H)(?:\x1b\[[0-9;]*m)*" + re.escape(text) + r"\b"


def assert_terminal_left_clean(text: str) -> None:
    """The live screen showed the cursor again and left the alternate screen."""
    assert ALT_SCREEN_ON in text, "the live screen never started"
    assert text.rfind(ALT_SCREEN_OFF) > text.rfind(ALT_SCREEN_ON), "alternate screen not left"
    assert SHOW_CURSOR in text and text.rfind(SHOW_CURSOR) > text.rfind(HIDE_CURSOR), (
        "cursor left hidden"
    )


def test_a_whole_session_with_pain_questions(fresh: World) -> None:
    path = fresh.routine("e2e-full", FULL)
    pty = fresh.spawn("routine", str(path), dimensions=(24, 80))

    # First run: the warning signs come first and wait for a key, then the pain question.
    pty.expect_exact("Get medical help now if:")
    pty.expect_exact("any other key to go on.")
    pty.send("x")
    pty.expect_exact("Pain right now?")
    pty.send("3")
    pty.expect_exact("pain 3")

    # The self-paced step waits for Enter: once per rep.
    pty.expect_exact("step 3 of 4")
    pty.send("\r")
    pty.expect(counter_line("rep 2 of 2"))
    pty.send("\r")
    pty.expect_exact("breathe in")

    pty.expect_exact("Pain now?")
    pty.send("5")
    pty.expect_exact("pain 5")
    assert pty.wait_exit() == 0

    text = pty.text
    for title in ("Knee hug", "Pelvic tilts", "Bridges", "Belly breathing"):
        assert title in text
    assert "Hug both knees to your chest." in text
    assert re.search(counter_line("rep 2 of 3"), text), "no rep counter for the tempo reps"
    assert "breathe out" in text
    # The legend follows the state: pause on a timed part, Enter on a rep.
    assert "space pause · n/→ next exercise · N next part · b/← back · B back part · q quit" in text
    assert (
        "Enter rep done · n/→ next exercise · N next part · b back · B back part · q quit" in text
    )
    assert "End-to-end check: finished." in text
    assert_terminal_left_clean(text)

    # Every frame fits the 24x80 terminal.
    drawn = frames(text)
    assert drawn
    for frame in drawn:
        lines = frame[:-1] if frame and not frame[-1].strip() else frame
        assert len(lines) <= 24, lines
        assert all(len(line) <= 80 for line in lines), lines

    session = fresh.last_session()
    # Given by path, the file is recorded as itself, not as a routine of that name.
    assert session["routine"] == f"file:{path.resolve()}"
    assert session["status"] == "finished"
    assert session["pain_before"] == 3
    assert session["pain_after"] == 5
    assert session["skipped"] == 0


def test_space_pauses_and_resumes(world: World) -> None:
    path = world.routine(
        "e2e-pause",
        "title: Pause check\nlead_in: 0\nsteps:\n  - title: Side bend\n    hold: 4s\n",
    )
    trace = world.root / "trace.jsonl"
    pty = world.spawn(
        "routine", str(path), "--pain-before", "2", "--pain-after", "2", "--trace", str(trace)
    )
    pty.expect_exact("step 1 of 1")
    pty.send(" ")
    pty.expect_exact("PAUSED")
    pty.send(" ")
    pty.expect_exact("Pause check: finished.")
    assert pty.wait_exit() == 0
    assert_terminal_left_clean(pty.text)

    events = read_trace(trace)
    kinds = [e["event"] for e in events]
    assert kinds.index("pause") < kinds.index("resume") < kinds.index("finish")
    finish = events[-1]
    assert finish["event"] == "finish"
    # The hold ends 4 s after it started, not counting the pause.
    assert finish["planned"] == pytest.approx(4.0, abs=1e-6)
    assert finish["t"] >= finish["planned"] + finish["paused"] - 0.01
    assert world.last_session()["status"] == "finished"


def test_n_and_right_arrow_skip_and_q_stops(world: World) -> None:
    path = world.routine(
        "e2e-skip",
        "title: Skip check\nlead_in: 0\nsteps:\n"
        "  - {title: First hold, hold: 30s}\n"
        "  - {title: Second hold, hold: 30s}\n"
        "  - {title: Third hold, hold: 30s}\n",
    )
    pty = world.spawn("routine", str(path), "--pain-before", "4", "--pain-after", "3")
    pty.expect_exact("step 1 of 3")
    pty.send("n")
    # Well before the 30 s hold could have ended on its own.
    pty.expect_exact("step 2 of 3", timeout=20)
    pty.send("\x1b[C")  # right arrow
    pty.expect_exact("step 3 of 3", timeout=20)
    pty.send("q")
    pty.expect_exact("Skip check: stopped early.")
    assert pty.wait_exit() == 0
    assert_terminal_left_clean(pty.text)

    session = world.last_session()
    assert session["status"] == "stopped"
    assert session["skipped"] == 2
    assert session["pain_before"] == 4
    assert session["pain_after"] == 3


def test_ctrl_c_exits_130_and_restores_the_terminal(world: World) -> None:
    path = world.routine("e2e-long", LONG)
    script = world.wrapper("routine", str(path), "--pain-before", "2")
    pty = world.spawn(str(script), command="sh")
    pty.expect(r"spasm-pid=(\d+)")
    pty.expect_exact(STEADY)
    pty.send("\x03")
    pty.expect(r"rc=(\d+)")
    assert pty.match.group(1) == "130"
    assert pty.wait_exit() == 0  # the wrapper shell itself
    assert world.stty("after") == world.stty("before")
    assert_terminal_left_clean(pty.text)
    assert "interrupted" in pty.text
    assert world.last_session()["status"] == "interrupted"


def test_sigterm_exits_130_and_restores_the_terminal(world: World) -> None:
    path = world.routine("e2e-long", LONG)
    script = world.wrapper("routine", str(path), "--pain-before", "2")
    pty = world.spawn(str(script), command="sh")
    pty.expect(r"spasm-pid=(\d+)")
    pid = int(pty.match.group(1))
    pty.expect_exact(STEADY)
    os.kill(pid, signal.SIGTERM)
    pty.expect(r"rc=(\d+)")
    assert pty.match.group(1) == "130"
    assert pty.wait_exit() == 0
    assert world.stty("after") == world.stty("before")
    assert_terminal_left_clean(pty.text)
    assert world.last_session()["status"] == "interrupted"


def test_ctrl_c_at_the_pain_question_exits_130_and_restores_the_terminal(world: World) -> None:
    path = world.routine("e2e-long", LONG)
    script = world.wrapper("routine", str(path))
    pty = world.spawn(str(script), command="sh")
    pty.expect_exact("Pain right now?")
    pty.send("\x03")
    pty.expect(r"rc=(\d+)")
    assert pty.match.group(1) == "130"
    assert pty.wait_exit() == 0
    assert world.stty("after") == world.stty("before")
    assert "Traceback" not in pty.text
    assert all(s["status"] == "interrupted" for s in world.history())


def test_sigterm_at_the_pain_question_restores_the_terminal(world: World) -> None:
    path = world.routine("e2e-long", LONG)
    script = world.wrapper("routine", str(path))
    pty = world.spawn(str(script), command="sh")
    pty.expect(r"spasm-pid=(\d+)")
    pid = int(pty.match.group(1))
    pty.expect_exact("Pain right now?")
    os.kill(pid, signal.SIGTERM)
    pty.expect(r"rc=(\d+)")
    assert pty.match.group(1) == "130"
    assert pty.wait_exit() == 0
    assert world.stty("after") == world.stty("before")


def test_sighup_exits_130(world: World) -> None:
    path = world.routine("e2e-long", LONG)
    pty = world.spawn("routine", str(path), "--pain-before", "2")
    pty.expect_exact(STEADY)
    pty.child.kill(signal.SIGHUP)
    assert pty.wait_exit() == 130
    assert_terminal_left_clean(pty.text)
    assert world.last_session()["status"] == "interrupted"


def test_closing_the_terminal_records_the_session_as_interrupted(world: World) -> None:
    path = world.routine("e2e-long", LONG)
    pty = world.spawn("routine", str(path), "--pain-before", "2")
    pty.expect_exact(STEADY)
    status = pty.hang_up()
    assert world.last_session()["status"] == "interrupted"
    assert status == 130


def test_resizing_redraws_for_the_new_size(world: World) -> None:
    from spasm_cli.terminal.digits import big_digits
    from spasm_cli.terminal.plain import format_clock

    path = world.routine(
        "e2e-resize", "title: Resize check\nlead_in: 0\nsteps:\n  - {title: Wall sit, hold: 30s}\n"
    )
    pty = world.spawn("routine", str(path), "--pain-before", "1", "--pain-after", "1")
    pty.expect_exact("step 1 of 1")
    pty.child.setwinsize(30, 100)
    pty.expect("(?<!─)─{100}[^─]")  # the rule under the header, now 100 wide
    pty.child.setwinsize(24, 40)
    pty.expect("(?<!─)─{40}[^─]")
    pty.expect_exact("space pause")  # the legend: the bottom line of that frame
    pty.send("q")
    pty.expect_exact("stopped early")
    assert pty.wait_exit() == 0

    drawn = frames(pty.text)
    wide = [f for f in drawn if "─" * 100 in f]
    narrow = [f for f in drawn if "─" * 40 in f and "─" * 41 not in "".join(f)]
    assert wide and narrow
    assert all(len(line) <= 100 for line in wide[-1]) and len(wide[-1]) <= 30
    frame = narrow[-1]
    assert len(frame) <= 24
    assert all(len(line) <= 40 for line in frame), frame
    assert any("left" in line for line in frame), frame
    assert frame[-1].startswith("space pause")
    # The countdown is still drawn in big digits at 40 columns.
    stripped = [line.strip() for line in frame]
    shown = [
        seconds
        for seconds in range(31)
        if all(row.strip() in stripped for row in big_digits(format_clock(seconds)))
    ]
    assert shown, "\n".join(frame)
    assert world.last_session()["status"] == "stopped"


@pytest.mark.parametrize("plain", [False, True])
def test_ctrl_c_says_interrupted_once_and_whether_it_was_saved(world: World, plain: bool) -> None:
    path = world.routine(
        "e2e-ctrl-c", "title: Ctrl-C check\nlead_in: 0\nsteps:\n  - {title: Long hold, hold: 1m}\n"
    )
    pty = world.spawn("routine", str(path), *(["--plain"] if plain else []))
    pty.expect_exact("Pain right now?")
    pty.send("3")
    pty.expect_exact("Long hold")
    pty.send("\x03")
    assert pty.wait_exit() == 130
    text = strip_ansi(pty.text)
    assert text.lower().count("interrupted") == 1, text
    assert "Saved to your history." in text
    assert world.last_session()["status"] == "interrupted"
