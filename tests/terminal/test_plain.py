"""The plain printer: exact lines for hand-made event sequences, and the shared text helpers."""

from __future__ import annotations

import pytest

from spasm_cli.session.events import Event, EventKind, Snapshot
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.terminal.plain import (
    PlainPrinter,
    clean,
    format_clock,
    spoken_duration,
    summary_lines,
    whole_seconds_left,
)

K = SegmentKind
E = EventKind

POSE = ("Kneel on the floor.", "Sit back on your heels.")

SEGMENTS = [
    Segment(K.GET_READY, 5, -1, 3, "Get ready"),
    Segment(K.HOLD, 30, 1, 3, "Child's pose", POSE, "left", 1, 2),
    Segment(K.REST, 15, 1, 3, "Child's pose", POSE, "left", 1, 2),
    Segment(K.HOLD, 30, 1, 3, "Child's pose", POSE, "left", 2, 2),
    Segment(K.REP, 3, 2, 3, "Dead bug", ("Lie on your back.",), "left", rep_no=1, rep_count=2),
    Segment(K.RELAX, 2, 2, 3, "Dead bug", ("Lie on your back.",), "left", rep_no=1, rep_count=2),
    Segment(K.REP, 3, 2, 3, "Dead bug", ("Lie on your back.",), "right", rep_no=2, rep_count=2),
    Segment(K.INHALE, 4, 3, 3, "Belly breathing", (), cycle_no=1, cycle_count=6),
    Segment(K.EXHALE, 6, 3, 3, "Belly breathing", (), cycle_no=1, cycle_count=6),
    Segment(K.WAIT, None, 3, 3, "Belly breathing"),
]


def event(
    kind: EventKind,
    t: float,
    index: int,
    *,
    remaining: int | None = None,
    detail: str = "",
    paused_total: float = 0.0,
    skipped: int = 0,
    segments: list[Segment] = SEGMENTS,
) -> Event:
    snap = Snapshot(
        elapsed=t,
        paused=False,
        paused_total=paused_total,
        index=index,
        segment_count=len(segments),
        segment_elapsed=0.0,
        segment_remaining=None,
        routine_remaining=0.0,
        done=index - skipped,
        skipped=skipped,
    )
    segment = segments[index] if index < len(segments) else None
    return Event(kind, t, t, segment, snap, remaining=remaining, detail=detail)


def run(events: list[Event], *, show_summary: bool = True) -> list[str]:
    lines: list[str] = []
    printer = PlainPrinter(
        lines.append, title="Acute relief", segments=SEGMENTS, show_summary=show_summary
    )
    for item in events:
        printer.handle(item)
    return lines


def test_whole_session_prints_one_line_per_event() -> None:
    events = [
        event(E.SESSION_START, 0, 0),
        event(E.SEGMENT_START, 0, 0),
        event(E.COUNTDOWN, 2, 0, remaining=3),
        event(E.TICK, 2.5, 0),
        event(E.COUNTDOWN, 3, 0, remaining=2),
        event(E.COUNTDOWN, 4, 0, remaining=1),
        event(E.SEGMENT_END, 5, 0),
        event(E.SEGMENT_START, 5, 1),
        event(E.TICK, 5.25, 1),
        event(E.COUNTDOWN, 25, 1, remaining=10),
        event(E.PAUSE, 26, 1),
        event(E.RESUME, 30, 1),
        event(E.SEGMENT_START, 39, 2),
        event(E.SKIP, 40, 2),
        event(E.SEGMENT_START, 40, 3),
        event(E.SEGMENT_START, 70, 4),
        event(E.COUNTDOWN, 71, 4, remaining=2),
        event(E.SEGMENT_START, 73, 5),
        event(E.SEGMENT_START, 75, 6),
        event(E.BACK, 76, 6),
        event(E.SEGMENT_START, 76, 6),
        event(E.SEGMENT_START, 79, 7),
        event(E.COUNTDOWN, 80, 7, remaining=3),
        event(E.SEGMENT_START, 83, 8),
        event(E.SEGMENT_START, 89, 9),
        event(
            E.INPUT_ENDED,
            90,
            9,
            detail="End of input: self-paced steps now continue every 3 seconds.",
        ),
        event(E.REP, 93, 9),
        event(E.FINISH, 93, 10, paused_total=4, skipped=1),
    ]
    assert run(events) == [
        "[00:00] Acute relief: 3 steps, about 1 minute 38 seconds plus self-paced parts.",
        "[00:00] Get ready, 5 seconds. First: Child's pose",
        "[00:02] 3",
        "[00:03] 2",
        "[00:04] 1",
        "[00:05] Step 1 of 3: Child's pose, left side, set 1 of 2. Hold 30 seconds.",
        "        Kneel on the floor.",
        "        Sit back on your heels.",
        "[00:25] 10 seconds left",
        "[00:26] Paused",
        "[00:30] Resumed",
        "[00:39] Rest 15 seconds",
        "[00:40] Skipped: Rest",
        "[00:40] Step 1 of 3: Child's pose, left side, set 2 of 2. Hold 30 seconds.",
        "[01:10] Step 2 of 3: Dead bug. Rep 1 of 2, left side, 3 seconds.",
        "        Lie on your back.",
        "[01:13] Relax 2 seconds",
        "[01:15] Rep 2 of 2, right side, 3 seconds",
        "[01:16] Back",
        "[01:16] Rep 2 of 2, right side, 3 seconds",
        "[01:19] Step 3 of 3: Belly breathing. Breathe in, 4 seconds (breath 1 of 6).",
        "[01:23] Breathe out, 6 seconds (breath 1 of 6)",
        "[01:29] When ready, press Enter",
        "[01:30] End of input: self-paced steps now continue every 3 seconds.",
        "[01:33] Acute relief: finished.",
        "        Time: 1 minute 33 seconds, 4 seconds of it paused.",
        # Exercises, not segments: the rest skipped in step 1 makes it skipped.
        "        2 of 3 exercises done, 1 skipped.",
    ]


def test_self_paced_reps_and_input_end() -> None:
    segments = [
        Segment(K.REP, None, 1, 1, "Pelvic tilt", ("Flatten your back.",), rep_no=1, rep_count=3),
        Segment(K.REP, None, 1, 1, "Pelvic tilt", ("Flatten your back.",), rep_no=2, rep_count=3),
        Segment(K.REP, None, 1, 1, "Pelvic tilt", ("Flatten your back.",), rep_no=3, rep_count=3),
    ]
    lines: list[str] = []
    printer = PlainPrinter(lines.append, title="Tilts", segments=segments)
    for item in [
        event(E.SESSION_START, 0, 0, segments=segments),
        event(E.SEGMENT_START, 0, 0, segments=segments),
        event(E.REP, 4.2, 0, segments=segments),
        event(E.SEGMENT_START, 4.2, 1, segments=segments),
        event(E.INPUT_ENDED, 5, 1, detail="", segments=segments),
        event(E.SEGMENT_START, 8, 2, segments=segments),
        event(E.QUIT, 9.5, 2, segments=segments),
    ]:
        printer.handle(item)
    assert lines == [
        "[00:00] Tilts: 1 step plus self-paced parts.",
        "[00:00] Step 1 of 1: Pelvic tilt. Rep 1 of 3, press Enter when done.",
        "        Flatten your back.",
        "[00:04] Rep 2 of 3, press Enter when done",
        "[00:05] End of input: self-paced steps now continue on their own.",
        "[00:08] Rep 3 of 3",
        "[00:09] Tilts: stopped early.",
        "        Time: 9 seconds.",
        "        0 of 1 exercise done: 1 rep.",  # stopped in the middle of its only step
    ]


def test_interrupt_names_the_signal_and_summary_can_be_left_out() -> None:
    lines = run([event(E.INTERRUPT, 61, 3, detail="SIGTERM")], show_summary=False)
    assert lines == ["[01:01] Acute relief: interrupted (SIGTERM)."]


def test_short_and_breathing_countdowns_stay_quiet() -> None:
    # A 2 s relax and a 4 s inhale would otherwise speak "2", "1" every rep and breath.
    lines = run(
        [
            event(E.COUNTDOWN, 74, 5, remaining=1),
            event(E.COUNTDOWN, 81, 7, remaining=2),
            event(E.COUNTDOWN, 81, 1, remaining=0),
        ]
    )
    assert lines == []


def test_no_escape_sequences_reach_the_output() -> None:
    segments = [Segment(K.HOLD, 10, 1, 1, "Evil\x1b[2J title\r", ("Line\x1b[31m red\x07",))]
    lines: list[str] = []
    printer = PlainPrinter(lines.append, title="T\x1b]0;x\x07", segments=segments)
    printer.handle(event(E.SESSION_START, 0, 0, segments=segments))
    printer.handle(event(E.SEGMENT_START, 0, 0, segments=segments))
    printer.handle(event(E.FINISH, 10, 1, segments=segments))
    text = "\n".join(lines)
    assert not any(ch < " " for ch in text.replace("\n", ""))
    assert "[00:00] Step 1 of 1: Evil[2J title . Hold 10 seconds." in lines


def test_every_line_is_written_separately() -> None:
    calls: list[str] = []
    run_lines = run([event(E.SEGMENT_START, 5, 1)])
    printer = PlainPrinter(calls.append, title="x", segments=SEGMENTS)
    printer.handle(event(E.SEGMENT_START, 5, 1))
    assert calls == run_lines
    assert all("\n" not in line for line in calls)


def test_summary_lines() -> None:
    assert summary_lines(
        title="Core beginner",
        status="stopped",
        elapsed=754.6,
        active=700.2,
        done=40,
        skipped=2,
        total=42,
    ) == [
        "Core beginner: stopped early.",
        "Time: 12 minutes 34 seconds, 54 seconds of it paused.",
        "40 of 42 exercises done, 2 skipped.",
    ]
    assert summary_lines(
        title="x", status="finished", elapsed=3725, active=3725, done=1, skipped=0, total=1
    ) == ["x: finished.", "Time: 1 hour 2 minutes 5 seconds.", "1 of 1 exercise done."]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (4.9999999, "00:05"),
        (5.7, "00:05"),
        (65, "01:05"),
        (3600, "1:00:00"),
        (-3, "00:00"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 second"),
        (2.5, "2.5 seconds"),
        (30, "30 seconds"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (3660, "1 hour 1 minute"),
    ],
)
def test_spoken_duration(seconds: float, text: str) -> None:
    assert spoken_duration(seconds) == text


def test_whole_seconds_left_counts_down_to_one_in_the_last_second() -> None:
    assert [whole_seconds_left(x) for x in (3.0, 2.99, 2.0, 0.01, 0.0, -1.0)] == [3, 3, 2, 1, 0, 0]


def test_clean_keeps_ordinary_text() -> None:
    assert clean("Child's pose — à gauche") == "Child's pose — à gauche"
    assert clean("a\tb\x1bc") == "a bc"


def test_next_line_reads_naturally() -> None:
    from spasm_cli.terminal.plain import next_text

    reps = [
        Segment(SegmentKind.REP, None, 1, 1, "Pelvic tilts", rep_no=n, rep_count=10) for n in (2, 3)
    ]
    assert next_text(reps, 0) == "Rep 3 of 10"  # not "Rep, rep 3 of 10"
    relax = [
        Segment(SegmentKind.REP, 5.0, 1, 1, "Bridges", rep_no=1, rep_count=8),
        Segment(SegmentKind.RELAX, 2.0, 1, 1, "Bridges", rep_no=1, rep_count=8),
    ]
    assert next_text(relax, 0) == "Relax, rep 1 of 8 (2 seconds)"


def _lines_at(width: int | None, *, timestamps: bool = True) -> list[str]:
    lines: list[str] = []
    printer = PlainPrinter(
        lines.append,
        title="Acute relief",
        segments=SEGMENTS,
        timestamps=timestamps,
        width=lambda: width,
    )
    printer.handle(event(E.SEGMENT_START, 5, 1))
    return lines


def test_lines_wrap_to_the_width_and_hang_under_the_time() -> None:
    lines = _lines_at(40)
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("[00:05] Step 1 of 3: Child's pose,")
    # The pieces after the first start under the text, not under the time.
    assert all(line.startswith(" " * 8) and line[8] != " " for line in lines[1:])
    # Nothing is lost: the words are the same as on one long line.
    assert " ".join(lines).split() == " ".join(_lines_at(None)).split()


def test_no_width_means_no_wrapping_and_no_timestamps_means_no_hang() -> None:
    assert _lines_at(None)[0] == (
        "[00:05] Step 1 of 3: Child's pose, left side, set 1 of 2. Hold 30 seconds."
    )
    bare = _lines_at(30, timestamps=False)
    assert all(len(line) <= 30 for line in bare)
    assert bare[0].startswith("Step 1 of 3")
    assert not any(line.startswith(" ") for line in bare)
