"""The key legend follows the state, colours suit any background, the countdown grows."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from spasm_cli.session.events import Event, EventKind, Snapshot
from spasm_cli.session.keys import LEGEND_KEYS, LEGEND_LINES
from spasm_cli.session.legend import KeyStyle, legend, paused_hint, plain_hint
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.terminal.digits import big_digits
from spasm_cli.terminal.frame import STYLES
from spasm_cli.terminal.live import LiveScreen
from spasm_cli.terminal.plain import PlainPrinter

K = SegmentKind
E = EventKind
SEGMENTS = [
    Segment(K.GET_READY, 5, 0, 3, "Child's pose"),
    Segment(K.HOLD, 30, 1, 3, "Child's pose", ("Kneel on the floor.", "Sit back."), "left"),
    Segment(K.REP, None, 2, 3, "Pelvic tilt", ("Flatten your back.",), rep_no=1, rep_count=8),
    Segment(K.INHALE, 4, 3, 3, "Belly breathing", (), cycle_no=2, cycle_count=6),
    Segment(K.WAIT, None, 3, 3, "Belly breathing"),
]
TIMED, REP, BREATH, WAIT = 1, 2, 3, 4


def event(index: int, *, paused: bool = False, kind: EventKind = E.TICK) -> Event:
    seg = SEGMENTS[index]
    remaining = None if seg.duration is None else seg.duration - 4.2
    snap = Snapshot(
        elapsed=10.0,
        paused=paused,
        paused_total=0.0,
        index=index,
        segment_count=len(SEGMENTS),
        segment_elapsed=4.2,
        segment_remaining=remaining,
        routine_remaining=200.0,
        done=index,
        skipped=0,
    )
    return Event(kind, 10.0, 10.0, seg, snap)


def frame(
    ev: Event,
    width: int = 80,
    height: int = 24,
    *,
    style: KeyStyle = LEGEND_KEYS,
    colour: str | None = None,
    input_ended: bool = False,
) -> tuple[list[str], str]:
    """The frame's lines (escape codes removed) and its raw output."""
    con = Console(
        file=io.StringIO(),
        width=width,
        height=height,
        force_terminal=colour is not None,
        color_system=colour,  # type: ignore[arg-type]
    )
    screen = LiveScreen(con, title="Acute relief", segments=SEGMENTS, keys_legend=style)
    if input_ended:
        screen.handle(event(ev.snapshot.index, kind=E.INPUT_ENDED))
        screen.stop()
        con.file.seek(0)
        con.file.truncate()
    con.print(screen.render(ev))
    raw = con.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(raw, str)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    lines = [line.rstrip() for line in plain.splitlines()]
    assert len(lines) == height
    assert all(len(line) <= width for line in lines), lines
    return lines, raw


# -- the legend, by state -------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_a_timed_part_offers_pause_but_not_enter(width: int) -> None:
    footer = frame(event(TIMED), width)[0][-1]
    assert footer.startswith("space pause")
    assert "Enter" not in footer
    assert footer.endswith("q quit")
    assert "n" in footer and "b" in footer


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_paused_offers_resume(width: int) -> None:
    footer = frame(event(TIMED, paused=True), width)[0][-1]
    assert footer.startswith("space resume")
    assert "pause" not in footer
    assert footer.endswith("q quit")


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_a_self_paced_rep_offers_enter(width: int) -> None:
    footer = frame(event(REP), width)[0][-1]
    assert footer.startswith("Enter rep done" if width >= 60 else "Enter done")
    assert "space" not in footer  # space counts the rep too; it pauses nothing
    assert footer.endswith("q quit")


def test_a_wait_offers_enter_to_go_on() -> None:
    assert frame(event(WAIT))[0][-1].startswith("Enter go on")


def test_a_self_paced_part_while_paused_offers_resume() -> None:
    assert frame(event(REP, paused=True))[0][-1].startswith("space resume")


def test_after_input_ended_only_ctrl_c_is_left() -> None:
    lines, _raw = frame(event(REP), input_ended=True)
    assert lines[-1] == "Ctrl-C stops"


def test_wide_legends_name_every_key() -> None:
    footer = frame(event(TIMED), 120)[0][-1]
    assert footer == (
        "space pause · n/→ next exercise · N/. next part · b/← back · B/, back a part · q quit"
    )
    assert frame(event(TIMED), 80)[0][-1] == (
        "space pause · n/→ next exercise · N next part · b/← back · B back part · q quit"
    )
    assert frame(event(TIMED), 40)[0][-1] == "space pause · n next · b back · q quit"


@pytest.mark.parametrize("width", range(6, 130, 3))
@pytest.mark.parametrize(
    ("paused", "enter", "ended"),
    [
        (False, None, False),
        (True, None, False),
        (False, "rep done", False),
        (False, "go on", False),
    ],
)
@pytest.mark.parametrize("style", list(KeyStyle))
def test_q_quit_is_the_last_to_go(
    width: int, paused: bool, enter: str | None, ended: bool, style: KeyStyle
) -> None:
    text = legend(style, width, paused=paused, enter=enter, input_ended=ended)
    assert "q quit" in text
    if width >= len("q quit"):
        assert len(text) <= width


def test_typed_lines_say_so() -> None:
    text = legend(LEGEND_LINES, 80)
    assert text.startswith("p pause")
    assert "Enter" in text
    assert legend(LEGEND_LINES, 80, paused=True).startswith("p resume")


def test_a_fixed_legend_is_shown_as_given() -> None:
    con = Console(file=io.StringIO(), width=80, height=24, color_system=None)
    screen = LiveScreen(con, title="T", segments=SEGMENTS, keys_legend="my keys")
    con.print(screen.render(event(TIMED, paused=True)))
    assert con.file.getvalue().splitlines()[-1].rstrip() == "my keys"  # type: ignore[attr-defined]


# -- the plain printer's hints ---------------------------------------------------------


def printed(events: list[Event], style: KeyStyle | None) -> list[str]:
    lines: list[str] = []
    printer = PlainPrinter(lines.append, title="T", segments=SEGMENTS, timestamps=False, keys=style)
    for item in events:
        printer.handle(item)
    return lines


def test_plain_names_the_keys_once_at_the_start() -> None:
    start = Event(E.SESSION_START, 0, 0, None, event(0).snapshot)
    lines = printed([start], LEGEND_KEYS)
    assert lines[1] == plain_hint(LEGEND_KEYS)
    assert "n next exercise" in lines[1] and "q quit" in lines[1]
    assert "then press Enter" in printed([start], LEGEND_LINES)[1]
    assert len(printed([start], None)) == 1


def test_plain_pause_says_how_to_resume() -> None:
    pause = event(TIMED, kind=E.PAUSE)
    assert printed([pause], LEGEND_KEYS) == [paused_hint(LEGEND_KEYS)]
    assert printed([pause], LEGEND_KEYS) == ["Paused. Press space to resume."]
    assert printed([pause], LEGEND_LINES) == ["Paused. Type p and press Enter to resume."]
    assert printed([pause], None) == ["Paused"]


def test_plain_says_what_was_skipped_and_where_back_went() -> None:
    def moved(kind: EventKind, detail: str) -> Event:
        base = event(TIMED, kind=kind)
        return Event(kind, base.t, base.planned, base.segment, base.snapshot, detail=detail)

    assert printed([moved(E.SKIP, "exercise")], None) == ["Skipped: Child's pose"]
    assert printed([moved(E.SKIP, "part")], None) == ["Skipped: Hold"]
    assert printed([moved(E.BACK, "restart exercise")], None) == [
        "Back to the start of this exercise"
    ]
    assert printed([moved(E.BACK, "previous exercise")], None) == ["Back to the previous exercise"]
    assert printed([moved(E.BACK, "previous")], None) == ["Back one part"]


# -- colours --------------------------------------------------------------------------

# Foreground white in every colour system: 37 and 97, 256-colour 7 and 15,
# and true-colour greys above 200.
_WHITE = re.compile(
    r"\x1b\[(?:[0-9;]*;)?(?:97|37|38;5;(?:7|15)|38;2;2[0-9]{2};2[0-9]{2};2[0-9]{2})(?:;[0-9;]*)?m"
)


def test_no_style_is_white() -> None:
    assert all("white" not in style for style in STYLES)


@pytest.mark.parametrize("colour", ["standard", "256", "truecolor"])
@pytest.mark.parametrize("index", range(len(SEGMENTS)))
@pytest.mark.parametrize("paused", [False, True])
def test_no_white_is_drawn(colour: str, index: int, paused: bool) -> None:
    _lines, raw = frame(event(index, paused=paused), colour=colour)
    assert "\x1b[" in raw  # it is drawn in colour at all
    assert not _WHITE.search(raw), raw


# -- the countdown grows with the terminal ---------------------------------------------


def scale_of(lines: list[str], clock: str) -> int:
    text = "\n".join(lines)
    shown = [s for s in range(1, 6) if all(r.strip() in text for r in big_digits(clock, s))]
    return max(shown, default=0)


def test_the_countdown_is_larger_on_a_larger_terminal() -> None:
    small = scale_of(frame(event(TIMED), 40, 24)[0], "00:26")
    middle = scale_of(frame(event(TIMED), 80, 24)[0], "00:26")
    large = scale_of(frame(event(TIMED), 120, 40)[0], "00:26")
    assert small == 1
    assert middle >= 1
    assert large >= 3 and large > middle


def test_a_tall_terminal_centres_the_countdown() -> None:
    lines = frame(event(TIMED), 120, 40)[0]
    rows = [i for i, line in enumerate(lines) if "██" in line]
    middle = (rows[0] + rows[-1]) / 2
    assert 12 <= middle <= 28


@pytest.mark.parametrize(("width", "height"), [(40, 12), (80, 24), (120, 40), (200, 60)])
@pytest.mark.parametrize("index", range(len(SEGMENTS)))
def test_every_size_fits(width: int, height: int, index: int) -> None:
    for paused in (False, True):
        lines, _raw = frame(event(index, paused=paused), width, height)
        assert "q quit" in lines[-1]
        assert "Child's pose" in "\n".join(lines) or index > TIMED
