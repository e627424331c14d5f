"""The installed ``spasm routine`` without the live screen: ``--plain``, pipes, files.

Plain output is what a screen reader speaks and a pipe records: one line per
event with an ``[mm:ss]`` prefix and not a single escape sequence. When stdin
is a file, its lines are the keys; at its end, self-paced reps go on by
themselves. Also here: ``--trace``, ``NO_COLOR``, and the errors a user can make.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import World, colour_codes, plain_lines, read_trace

PREFIX = re.compile(r"^\[\d\d:\d\d\] ")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A returning user (the warning signs already read) with sound off."""
    world = World.create(tmp_path)
    world.safety_read()
    yield world
    world.close()


def event_lines(output: str) -> list[str]:
    """Output lines that start with an ``[mm:ss]`` prefix."""
    return [line for line in plain_lines(output) if PREFIX.match(line)]


@pytest.mark.pty
def test_plain_in_a_terminal_writes_no_escapes(world: World) -> None:
    path = world.routine(
        "e2e-plain",
        "title: Plain check\nlead_in: 1s\nsteps:\n"
        "  - title: Long hold\n    instructions: Keep breathing.\n    hold: 6s\n",
    )
    pty = world.spawn("routine", str(path), "--plain")
    # Stdin is a terminal: plain mode asks for pain too (screen-reader users).
    pty.expect_exact("Pain right now? 0-10, Enter to skip:")
    pty.send("4")
    pty.expect_exact("Plain check: finished.")
    pty.expect_exact("Pain now? 0-10, Enter to skip:")
    pty.send("2")
    assert pty.wait_exit() == 0

    text = pty.text
    assert "\x1b" not in text, repr(text)
    lines = event_lines(text)
    assert lines, text
    assert any(line.endswith("Get ready, 1 second. First: Long hold") for line in lines), lines
    assert any("Step 1 of 1: Long hold. Hold 6 seconds." in line for line in lines), lines
    said = [PREFIX.sub("", line) for line in lines]
    countdown = [word for word in said if word in ("3", "2", "1")]
    assert countdown == ["3", "2", "1"], said
    assert said[-1] == "Plain check: finished."
    session = world.last_session()
    assert session["status"] == "finished"
    assert (session["pain_before"], session["pain_after"]) == (4, 2)


@pytest.mark.pty
@pytest.mark.parametrize("how", ["option", "config"])
def test_plain_without_timestamps(world: World, how: str) -> None:
    path = world.routine(
        "e2e-quiet", "title: Quiet check\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n"
    )
    args = ["routine", str(path), "--plain", "--pain-before", "1", "--pain-after", "1"]
    if how == "option":
        args.append("--no-timestamps")
    else:
        config = world.root / "config" / "spasm" / "config.yaml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text("timestamps: false\n", encoding="utf-8")
    pty = world.spawn(*args)
    pty.expect_exact("Quiet check: finished.")
    assert pty.wait_exit() == 0
    lines = plain_lines(pty.text)
    assert "Step 1 of 1: Short hold. Hold 1 second." in lines
    assert not event_lines(pty.text), lines  # no [mm:ss] anywhere


@pytest.mark.pty
def test_a_dumb_terminal_gets_plain_lines(world: World) -> None:
    path = world.routine(
        "e2e-dumb", "title: Dumb check\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n"
    )
    pty = world.spawn(
        "routine", str(path), "--pain-before", "0", "--pain-after", "0", env={"TERM": "dumb"}
    )
    pty.expect_exact("Dumb check: finished.")
    assert pty.wait_exit() == 0
    assert "\x1b" not in pty.text
    assert event_lines(pty.text)


@pytest.mark.pty
def test_no_color_is_honoured_on_the_live_screen(world: World) -> None:
    path = world.routine(
        "e2e-colour",
        "title: Colour check\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n",
    )
    outputs = {}
    for no_color in (False, True):
        env = {"NO_COLOR": "1"} if no_color else {}
        pty = world.spawn("routine", str(path), "--pain-before", "0", "--pain-after", "0", env=env)
        pty.expect_exact("Colour check: finished.")
        assert pty.wait_exit() == 0
        outputs[no_color] = pty.text
    # The same session in colour (the progress bar is cyan) and without any.
    assert colour_codes(outputs[False]), "expected colour without NO_COLOR"
    assert not colour_codes(outputs[True]), sorted(colour_codes(outputs[True]))
    assert "\x1b[H" in outputs[True], "NO_COLOR must not turn the live screen off"


def test_piped_output_is_plain_and_lines_from_a_file_count_reps(world: World) -> None:
    path = world.routine(
        "e2e-pipe",
        "title: Pipe check\nlead_in: 0\nsteps:\n"
        "  - title: Bridges\n    reps: 2\n"
        "  - {title: Short hold, hold: 1s}\n",
    )
    answers = world.root / "answers.txt"
    answers.write_text("\n\n", encoding="utf-8")
    trace = world.root / "trace.jsonl"
    with answers.open("rb") as stdin:
        result = world.run("routine", str(path), "--trace", str(trace), stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    lines = event_lines(result.stdout)
    assert lines[0] == "[00:00] Pipe check: 2 steps, about 1 second plus self-paced parts."
    assert any("Step 1 of 2: Bridges. Rep 1 of 2, press Enter when done." in x for x in lines)
    assert lines[-1].endswith("Pipe check: finished.")
    assert "Pain" not in result.stdout
    # Both reps were counted by the two empty lines, not by the 3 s fallback.
    reps = [e for e in read_trace(trace) if e["event"] == "rep"]
    assert [e["title"] for e in reps] == ["Bridges", "Bridges"]
    assert world.last_session()["status"] == "finished"


def test_q_on_a_line_of_stdin_stops(world: World) -> None:
    path = world.routine(
        "e2e-quit", "title: Quit check\nlead_in: 0\nsteps:\n  - {title: Bridges, reps: 3}\n"
    )
    answers = world.root / "answers.txt"
    answers.write_text("\nq\n", encoding="utf-8")
    with answers.open("rb") as stdin:
        result = world.run("routine", str(path), stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert event_lines(result.stdout)[-1].endswith("Quit check: stopped early.")
    session = world.last_session()
    assert session["status"] == "stopped"
    assert session["done"] == 1


def test_without_input_self_paced_reps_go_on_every_3_seconds(world: World) -> None:
    path = world.routine(
        "e2e-devnull",
        "title: No input check\nlead_in: 0\nsteps:\n  - {title: Bridges, reps: 1}\n",
    )
    trace = world.root / "trace.jsonl"
    result = world.run(
        "routine",
        str(path),
        "--trace",
        str(trace),
        stdin=subprocess.DEVNULL,
        env={"NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    said = [PREFIX.sub("", line) for line in event_lines(result.stdout)]
    assert "End of input: self-paced steps now continue every 3 seconds." in said
    assert said[-1] == "No input check: finished."
    events = read_trace(trace)
    ended = [e for e in events if e["event"] == "segment_end" and e["title"] == "Bridges"]
    assert len(ended) == 1 and not [e for e in events if e["event"] == "rep"]
    # Ended by the fallback, which cannot come before its 3 s are up.
    assert ended[0]["t"] >= 3.0 - 0.05
    assert world.last_session()["status"] == "finished"


def test_trace_writes_every_event_as_a_json_line(world: World) -> None:
    path = world.routine(
        "e2e-trace",
        "title: Trace check\nlead_in: 1s\nsteps:\n"
        "  - {title: Short hold, hold: 1s}\n"
        "  - {title: Quick reps, reps: 2, tempo: 0.5s}\n",
    )
    trace = world.root / "trace.jsonl"
    result = world.run("routine", str(path), "--plain", "--trace", str(trace))
    assert result.returncode == 0, result.stderr

    events = read_trace(trace)
    for record in events:
        assert isinstance(record["event"], str)
        assert isinstance(record["t"], (int, float)) and isinstance(record["planned"], (int, float))
    assert events[0]["event"] == "session_start" and events[0]["t"] == 0.0
    assert events[-1]["event"] == "finish"
    times = [e["t"] for e in events]
    assert times == sorted(times)
    starts = [e for e in events if e["event"] == "segment_start"]
    # get ready 1 s, hold 1 s, two 0.5 s reps: planned starts at 0, 1, 2, 2.5.
    assert [e["kind"] for e in starts] == ["get_ready", "hold", "rep", "rep"]
    assert [e["planned"] for e in starts] == pytest.approx([0.0, 1.0, 2.0, 2.5], abs=1e-6)
    assert events[-1]["planned"] == pytest.approx(3.0, abs=1e-6)
    # Nothing happens before its planned time (no pauses here).
    assert all(e["t"] >= e["planned"] - 1e-3 for e in events)
    assert sum(e["event"] == "segment_end" for e in events) == 4


def test_an_unknown_routine_is_a_clear_error(world: World) -> None:
    result = world.run("routine", "no-such-routine")
    assert result.returncode == 2
    assert "no-such-routine" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert world.history() == []


def test_a_broken_yaml_file_is_reported_with_its_place(world: World) -> None:
    path = world.routine("broken", "title: Broken\nsteps:\n  - title: [unclosed\n    hold: 10s\n")
    result = world.run("routine", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    # FILE:LINE:COLUMN, the file named as given or relative to the current folder.
    assert re.search(r"(^|/)broken\.yaml:\d+:\d+: ", result.stderr, re.M), result.stderr
    assert world.history() == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--pain-before", "5", "--pain-after", "3"], "Pain 5 → 3. Saved to your history."),
        (["--pain-before", "5"], "Pain before: 5. Saved to your history."),
        (["--no-history"], "Not saved (--no-history)."),
    ],
)
def test_the_end_says_pain_and_whether_it_was_saved(
    world: World, args: list[str], said: str
) -> None:
    path = world.routine(
        "e2e-after", "title: After check\nlead_in: 0\nsteps:\n  - {title: Short hold, hold: 1s}\n"
    )
    result = world.run("routine", str(path), "--plain", *args)
    assert result.returncode == 0, result.stderr
    *_, end, suggestion = result.stdout.splitlines()
    assert end == said
    assert suggestion.startswith("Next time: `spasm routine ")
