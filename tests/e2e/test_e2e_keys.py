"""Moving through a session with the keys, in the installed program at 40 and 80 columns.

n leaves a whole exercise, N one part, b goes back to the start of the
exercise and then to the one before; the legend at the foot of the screen
says what the keys do now, always with ``q quit``; no line is ever longer
than the terminal. The tests wait for what the screen shows, never for a
fixed time: the second ``b`` is pressed while paused, when no time passes
on the exercise, so it always lands at its start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import ALT_SCREEN_OFF, World, frames, read_trace, sgr_codes, strip_ansi

pytestmark = pytest.mark.pty

ROUTINE = """\
title: Keys check
lead_in: 0
steps:
  - title: Belly breathing
    breathe: {inhale: 4s, exhale: 4s, cycles: 30}
  - title: Side stretch
    hold: 30s
    sets: 2
  - title: Last hold
    hold: 30s
"""


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A returning user, who has read the warning signs already."""
    made = World.create(tmp_path)
    made.safety_read()
    yield made
    made.close()


def counter_line(text: str) -> str:
    """A regex for ``text`` at the start of a screen line (the counters, not "next:")."""
    return r"(?:[\r\n]|\x1b\[\d+;1H)(?:\x1b\[[0-9;]*m)*" + re.escape(text) + r"\b"


def check_screens(text: str, width: int, height: int) -> None:
    """Every frame fits the terminal, and its bottom line offers q quit."""
    drawn = frames(text)
    assert drawn
    for frame in drawn:
        rows = frame[:-1] if frame and not frame[-1].strip() else frame
        assert len(rows) <= height, frame
        assert all(len(line) <= width for line in frame), frame
        if len(frame) >= height:
            assert "q quit" in frame[height - 1], frame
    # Nothing is drawn in white, which vanishes on a light background.
    assert not {37, 97} & sgr_codes(text)


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("ending", ["q", "\x03"])
def test_n_N_b_space_and_quitting(world: World, width: int, ending: str) -> None:
    path = world.routine("e2e-keys", ROUTINE)
    trace = world.root / "keys.jsonl"
    pty = world.spawn(
        "routine",
        str(path),
        "--pain-before",
        "2",
        "--pain-after",
        "2",
        "--trace",
        str(trace),
        dimensions=(24, width),
    )
    pty.expect(counter_line("breath 1 of 30"))
    pty.expect_exact("space pause")
    # n: out of 30 breaths at once, not after 60 parts.
    pty.send("n")
    pty.expect_exact("step 2 of 3", timeout=20)
    pty.expect(counter_line("set 1 of 2"))
    # N: one part on, the second set of the same exercise.
    pty.send("N")
    pty.expect(counter_line("set 2 of 2"), timeout=20)
    pty.send(" ")
    pty.expect_exact("PAUSED")
    pty.expect_exact("space resume")
    # b: the start of this exercise; b again, at its start: the one before.
    pty.send("b")
    pty.expect(counter_line("set 1 of 2"), timeout=20)
    pty.send("b")
    pty.expect_exact("step 1 of 3", timeout=20)
    pty.send(" ")
    pty.expect_exact("space pause")
    pty.send("n")
    pty.expect_exact("step 2 of 3", timeout=20)
    pty.send("n")
    pty.expect_exact("step 3 of 3", timeout=20)
    pty.send(ending)
    status = pty.wait_exit()
    text = pty.text
    check_screens(text, width, 24)
    after = strip_ansi(text)
    if ending == "q":
        assert status == 0
        assert "Keys check: stopped early." in after
    else:
        assert status == 130
        assert after.lower().count("interrupted") == 1, after
    # Every line printed after the screen closed fits the terminal too.
    tail = text.rsplit(ALT_SCREEN_OFF, 1)[-1]
    lines = strip_ansi(tail).replace("\r", "").split("\n")
    assert all(len(line) <= width for line in lines), lines

    events = read_trace(trace)
    backs = [e["detail"] for e in events if e["event"] == "back"]
    assert backs == ["restart exercise", "previous exercise"]
    skips = [(e["detail"], e["step"]) for e in events if e["event"] == "skip"]
    assert skips == [("exercise", 1), ("part", 2), ("exercise", 1), ("exercise", 2)]
    assert world.last_session()["status"] == ("stopped" if ending == "q" else "interrupted")


@pytest.mark.parametrize("width", [40, 80])
def test_the_legend_offers_enter_only_on_a_self_paced_rep(world: World, width: int) -> None:
    path = world.routine(
        "e2e-legend",
        "title: Legend check\nlead_in: 0\nsteps:\n"
        "  - {title: Timed hold, hold: 30s}\n"
        "  - {title: Tilts, reps: 2}\n",
    )
    pty = world.spawn(
        "routine", str(path), "--pain-before", "1", "--pain-after", "1", dimensions=(24, width)
    )
    pty.expect_exact("step 1 of 2")
    pty.expect_exact("space pause")
    pty.send("n")
    pty.expect_exact("step 2 of 2", timeout=20)
    pty.expect_exact("Enter rep done" if width >= 60 else "Enter done")
    pty.send("q")
    assert pty.wait_exit() == 0
    timed = [f for f in frames(pty.text) if any("Timed hold" in line for line in f)]
    assert timed and all("Enter" not in f[23] for f in timed if len(f) >= 24)
    check_screens(pty.text, width, 24)


def test_a_typed_digit_shows_at_once(world: World) -> None:
    path = world.routine(
        "e2e-pain", "title: Pain check\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n"
    )
    pty = world.spawn("routine", str(path), "--pain-after", "2", dimensions=(24, 40))
    pty.expect_exact("Pain right now? 0-10, Enter to skip: ")
    pty.send("1")
    # The 1 is on the screen, right after the question, before any other key
    # (while spasm waits to see whether a 0 follows, to make 10).
    pty.expect("^1")
    pty.expect_exact("pain 1")
    assert pty.wait_exit() == 0
    assert world.last_session()["pain_before"] == 1


def test_lines_from_a_pipe_map_the_same_letters(world: World) -> None:
    path = world.routine("e2e-keys", ROUTINE)
    typed = world.root / "typed.txt"
    typed.write_text("n\nN\nq\n", encoding="utf-8")
    with typed.open(encoding="utf-8") as stdin:
        result = world.run("routine", str(path), "--plain", "--no-timestamps", stdin=stdin)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Keys: type a letter, then press Enter.")
    assert "Skipped: Belly breathing" in lines
    assert "Skipped: Hold" in lines
    assert "Keys check: stopped early." in lines
    # n left all 30 breaths at once: no second breath was ever announced.
    assert not any("breath 2 of 30" in line for line in lines)
