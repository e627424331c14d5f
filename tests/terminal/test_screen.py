"""The live screen: frame content at several sizes, redraw economy, and clean exits."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from spasm_cli.session.events import Event, EventKind, Snapshot
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.terminal.digits import big_digits
from spasm_cli.terminal.live import LiveScreen

K = SegmentKind
E = EventKind
LEGEND = "space pause · n next · b back · Enter rep · q quit"

POSE = (
    "Kneel on the floor with your big toes touching and knees apart.",
    "Sit back on your heels and reach your arms forward, resting your forehead down.",
)
SEGMENTS = [
    Segment(K.GET_READY, 5, -1, 6, "Get ready"),
    Segment(K.HOLD, 30, 2, 6, "Child's pose", POSE, "left", 1, 2),
    Segment(K.REP, 5, 3, 6, "Bridge", ("Lift your hips.",), None, 1, 1, 3, 10),
    Segment(K.INHALE, 4, 4, 6, "Belly breathing", (), cycle_no=2, cycle_count=6),
    Segment(K.EXHALE, 4, 4, 6, "Belly breathing", (), cycle_no=2, cycle_count=6),
    Segment(K.REP, None, 5, 6, "Pelvic tilt", ("Flatten your back.",), rep_no=1, rep_count=8),
    Segment(K.HOLD, 60, 6, 6, "Knees to chest", ("Hug both knees.",)),
]


def console(width: int = 80, height: int = 24) -> Console:
    return Console(
        file=io.StringIO(), width=width, height=height, force_terminal=False, color_system=None
    )


def screen(con: Console, **kwargs: bool) -> LiveScreen:
    return LiveScreen(con, title="Acute relief", segments=SEGMENTS, keys_legend=LEGEND, **kwargs)


def event(
    index: int,
    elapsed: float = 0.0,
    *,
    kind: EventKind = E.TICK,
    paused: bool = False,
    routine_remaining: float = 275.4,
) -> Event:
    seg = SEGMENTS[index] if 0 <= index < len(SEGMENTS) else None
    remaining = None if seg is None or seg.duration is None else seg.duration - elapsed
    snap = Snapshot(
        elapsed=100.0,
        paused=paused,
        paused_total=0.0,
        index=index,
        segment_count=len(SEGMENTS),
        segment_elapsed=elapsed,
        segment_remaining=remaining,
        routine_remaining=routine_remaining,
        done=index,
        skipped=0,
    )
    return Event(kind, 100.0, 100.0, seg, snap)


def shows_clock(text: str, clock: str) -> bool:
    """Whether ``clock`` is drawn in big digits, at whatever scale the size allowed."""
    return any(
        all(row.strip() in text for row in big_digits(clock, scale)) for scale in range(1, 6)
    )


def draw(ev: Event, width: int = 80, height: int = 24) -> list[str]:
    con = console(width, height)
    con.print(screen(con).render(ev))
    text = con.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    lines = [line.rstrip() for line in text.splitlines()]
    assert len(lines) <= height
    assert all(len(line) <= width for line in lines)
    return lines


def test_hold_at_80x24_shows_everything() -> None:
    lines = draw(event(1, 5.2, paused=True))
    assert len(lines) == 24
    assert lines[0].startswith("Acute relief")
    assert lines[0].endswith("step 2 of 6 · 04:36 left")
    text = "\n".join(lines)
    assert "Child's pose" in text
    assert "left side, set 1 of 2" in text
    assert "• Kneel on the floor with your big toes touching and knees apart." in text
    assert "PAUSED" in text
    assert "Hold" in text
    assert shows_clock(text, "00:25")
    assert "next: Step 3 of 6: Bridge" in text
    assert lines[-1] == LEGEND


def test_progress_bar_follows_the_hold() -> None:
    early = "\n".join(draw(event(1, 3.0)))
    late = "\n".join(draw(event(1, 27.0)))
    assert early.count("█") < late.count("█")


def test_rep_segment_shows_rep_counter() -> None:
    text = "\n".join(draw(event(2, 1.0)))
    assert "rep 3 of 10" in text
    assert "Bridge" in text
    assert shows_clock(text, "00:04")


def test_breathing_pacer_grows_on_inhale_and_shrinks_on_exhale() -> None:
    start = "\n".join(draw(event(3, 0.5)))
    middle = "\n".join(draw(event(3, 2.0)))
    assert "breathe in" in start
    assert "breath 2 of 6" in start
    assert start.count("█") < middle.count("█")
    out_early = "\n".join(draw(event(4, 0.5)))
    out_late = "\n".join(draw(event(4, 3.5)))
    assert "breathe out" in out_early
    assert out_early.count("█") > out_late.count("█")


def test_self_paced_rep_asks_for_enter_instead_of_a_countdown() -> None:
    text = "\n".join(draw(event(5)))
    assert "press Enter when done" in text
    assert "rep 1 of 8" in text
    assert "▀" not in text


def test_self_paced_after_input_ended() -> None:
    con = console()
    scr = screen(con)
    scr.handle(event(5, kind=E.INPUT_ENDED))
    con.print(scr.render(event(5)))
    assert "continuing on its own" in con.file.getvalue()  # type: ignore[attr-defined]


def test_get_ready_and_session_start() -> None:
    text = "\n".join(draw(event(0, 1.0)))
    assert "Get ready" in text
    assert "6 steps · 04:36 left" in text
    assert "next: Step 2 of 6: Child's pose, left side, set 1 of 2" in text
    start = Event(E.SESSION_START, 0, 0, None, event(0).snapshot)
    assert draw(start)[-1] == LEGEND


def test_last_segment_says_finish_next() -> None:
    assert "next: finish" in "\n".join(draw(event(6, 10)))


def test_forty_columns_keep_big_digits() -> None:
    lines = draw(event(1, 5.2), 40, 24)
    text = "\n".join(lines)
    assert "Child's pose" in text
    assert "left side, set 1 of 2" in text
    for row in big_digits("00:25"):
        assert row.strip() in text
    assert lines[-1].startswith("space pause")


def test_forty_by_ten_drops_instructions_first() -> None:
    lines = draw(event(1, 5.2), 40, 10)
    text = "\n".join(lines)
    assert len(lines) == 10
    assert "Kneel" not in text
    assert "Child's pose" in text
    assert "left side, set 1 of 2" in text
    assert big_digits("00:25")[0].strip() in text


def test_twenty_by_five_keeps_the_essentials() -> None:
    lines = draw(event(1, 5.2, paused=True), 20, 5)
    text = "\n".join(lines)
    assert "Child's pose" in text
    assert "PAUSED" in text
    assert "Hold  00:25" in text
    assert lines[-1].startswith("space pause")


@pytest.mark.parametrize("width", [1, 5, 12, 20, 39, 40, 41, 79, 80, 200])
@pytest.mark.parametrize("height", [1, 2, 3, 5, 10, 24, 60])
def test_no_size_crashes(width: int, height: int) -> None:
    for index in range(-1, len(SEGMENTS) + 1):
        for paused in (False, True):
            draw(event(index, 1.0, paused=paused), width, height)


def test_control_characters_in_routine_text_are_not_drawn() -> None:
    seg = Segment(K.HOLD, 10, 1, 1, "Evil\x1b[2J", ("Line\x1b[31m red",))
    con = console()
    scr = LiveScreen(con, title="T\x1b]0;x\x07", segments=[seg], keys_legend="q\x1b quit")
    snap = event(1).snapshot
    con.print(scr.render(Event(E.TICK, 0, 0, seg, snap)))
    assert "\x1b" not in con.file.getvalue()  # type: ignore[attr-defined]


def test_no_color_leaves_no_colour_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    con = Console(file=io.StringIO(), width=80, height=24, force_terminal=True)
    con.print(screen(con).render(event(3, 1.0)))
    out = con.file.getvalue()  # type: ignore[attr-defined]
    assert "breathe in" in out
    assert "\x1b[38" not in out and "\x1b[36" not in out and "\x1b[32" not in out


def test_big_digits_font() -> None:
    assert big_digits("1") == ["▄▄██  ", "  ██  ", "▀▀▀▀▀▀"]
    rows = big_digits("12:34")
    assert len(rows) == 3
    assert len({len(row) for row in rows}) == 1
    assert len(rows[0]) == 6 * 4 + 2 + 4


# -- redraw economy ---------------------------------------------------------


def test_ticks_within_one_second_redraw_once() -> None:
    con = console()
    scr = screen(con)
    with scr:
        scr.handle(event(6, 5.1))
        scr.handle(event(6, 5.4))
        scr.handle(event(6, 5.8))
        assert scr.refresh_count == 1
        scr.handle(event(6, 6.1, routine_remaining=274.4))
        assert scr.refresh_count == 2


def test_a_sixty_second_hold_draws_once_per_second() -> None:
    con = console()
    scr = screen(con)
    with scr:
        for tick in range(600):  # 10 ticks a second for 60 s
            t = tick / 10
            scr.handle(event(6, t, routine_remaining=200 - t))
    assert scr.refresh_count == 60


def test_pause_and_resize_force_a_redraw() -> None:
    con = console()
    scr = screen(con)
    with scr:
        scr.handle(event(6, 5.1))
        scr.handle(event(6, 5.1, paused=True))
        assert scr.refresh_count == 2
        scr.handle(event(6, 5.1, paused=True))
        assert scr.refresh_count == 2
        scr.on_resize()
        scr.handle(event(6, 5.1, paused=True))
        assert scr.refresh_count == 3
        con.size = (60, 20)
        scr.handle(event(6, 5.1, paused=True))
        assert scr.refresh_count == 4


def test_pacer_redraws_as_its_bar_moves() -> None:
    con = console()
    scr = screen(con)
    with scr:
        for tick in range(10):
            scr.handle(event(3, tick * 0.4))
    # The bar changes every tick on an 80-column screen even within one second.
    assert scr.refresh_count == 10


# -- lifecycle ----------------------------------------------------------------


@pytest.mark.parametrize("end", [E.FINISH, E.QUIT, E.INTERRUPT])
def test_end_events_leave_the_alternate_screen_and_print_the_summary(end: EventKind) -> None:
    out = io.StringIO()
    con = Console(file=out, width=80, height=24, force_terminal=True, color_system=None)
    scr = screen(con)
    scr.handle(event(1, 1.0, kind=E.SEGMENT_START))
    assert "\x1b[?1049h" in out.getvalue()
    scr.handle(event(6, 60.0, kind=end))
    text = out.getvalue()
    # Only a routine played to its end has all its exercises done; this one
    # was stopped before any step's last part ended.
    done = "5 of 5" if end is E.FINISH else "0 of 5"
    assert text.rstrip().endswith(f"{done} exercises done.")
    assert "\x1b[?1049l" in text
    assert "\x1b[?25h" in text  # cursor visible again
    status = {E.FINISH: "finished", E.QUIT: "stopped early", E.INTERRUPT: "interrupted"}[end]
    assert f"Acute relief: {status}." in text
    # Late ticks after the end draw nothing and do not restart the display.
    before = scr.refresh_count
    scr.handle(event(6, 60.0))
    assert scr.refresh_count == before
    assert text == out.getvalue()


def test_summary_can_be_left_to_the_caller() -> None:
    out = io.StringIO()
    con = Console(file=out, width=80, height=24, force_terminal=True, color_system=None)
    scr = screen(con, show_summary=False)
    with scr:
        scr.handle(event(1, 1.0))
        scr.handle(event(6, 60.0, kind=E.FINISH))
    assert "exercises done" not in out.getvalue()


def test_context_manager_restores_the_terminal_on_error() -> None:
    out = io.StringIO()
    con = Console(file=out, width=80, height=24, force_terminal=True, color_system=None)
    with pytest.raises(RuntimeError), screen(con) as scr:
        scr.handle(event(1, 1.0))
        raise RuntimeError("boom")
    assert out.getvalue().count("\x1b[?1049l") == 1
    assert "\x1b[?25h" in out.getvalue()
