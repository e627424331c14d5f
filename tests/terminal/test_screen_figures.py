"""The position's figure on the live screen and in plain mode, and which drawing each part shows."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from spasm_cli.format import figures
from spasm_cli.format.model import Breathe, Step, StepKind
from spasm_cli.session.events import Event, EventKind, Snapshot
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.session.timeline import compile_timeline
from spasm_cli.terminal.digits import big_digits
from spasm_cli.terminal.live import LiveScreen
from spasm_cli.terminal.plain import PlainPrinter

INSTRUCTIONS = ("Tighten your belly muscles.", "Lift your hips off the floor.", "Hold.")


def figured(name: str, **step: object) -> Step:
    figure = figures.get(name)
    assert figure is not None
    return Step(figure=figure.lines, figure_name=name, **step)  # type: ignore[arg-type]


BRIDGE = figured(
    "bridge",
    kind=StepKind.REPS,
    title="Bridge",
    instructions=INSTRUCTIONS,
    reps=2,
    hold=3.0,
    relax=2.0,
)
BIRD = figured("bird-dog", kind=StepKind.HOLD, title="Bird dog", hold=10.0, sides=("left", "right"))
CAT = figured(
    "cat-cow",
    kind=StepKind.BREATHE,
    title="Cat-cow",
    breathe=Breathe(inhale=4.0, exhale=4.0, cycles=1),
)


def segments(*steps: Step) -> list[Segment]:
    return list(compile_timeline("Figures", steps, 0.0).segments)


def event(segs: list[Segment], index: int) -> Event:
    seg = segs[index]
    snap = Snapshot(
        elapsed=0.0,
        paused=False,
        paused_total=0.0,
        index=index,
        segment_count=len(segs),
        segment_elapsed=0.0,
        segment_remaining=seg.duration,
        routine_remaining=60.0,
        done=index,
        skipped=0,
    )
    return Event(EventKind.SEGMENT_START, 0.0, 0.0, seg, snap)


def draw(segs: list[Segment], index: int, width: int, height: int) -> list[str]:
    con = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    screen = LiveScreen(con, title="Figures", segments=segs, keys_legend="q quit")
    con.print(screen.render(event(segs, index)))
    text = con.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text.splitlines()


def test_each_part_shows_its_phase_and_its_side() -> None:
    bridge = figures.get("bridge")
    bird = figures.get("bird-dog")
    cat = figures.get("cat-cow")
    assert bridge is not None and bird is not None and cat is not None
    rep, relax = segments(BRIDGE)[:2]
    assert (rep.kind, relax.kind) == (SegmentKind.REP, SegmentKind.RELAX)
    assert rep.figure == bridge.phases[bridge.phase_names.index("up")]
    assert relax.figure == bridge.phases[bridge.phase_names.index("down")]
    left, right = segments(BIRD)
    assert left.figure == bird.lines and right.figure == figures.mirror(bird.lines)
    inhale, exhale = segments(CAT)
    assert inhale.figure == cat.phases[cat.phase_names.index("cow")]
    assert exhale.figure == cat.phases[cat.phase_names.index("cat")]
    assert all(seg.position_words == bird.words for seg in (left, right))


def test_own_art_is_shown_as_written_on_either_side() -> None:
    art = ("  o  ", " /|\\ ", " / \\ ")
    step = Step(kind=StepKind.HOLD, title="Mine", hold=5.0, sides=("left", "right"), figure=art)
    assert [seg.figure for seg in segments(step)] == [art, art]
    assert all(seg.position_words == "" for seg in segments(step))


@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 30)])
def test_the_figure_sits_beside_the_instructions_and_the_countdown_stays(
    width: int, height: int
) -> None:
    segs = segments(BRIDGE)
    lines = draw(segs, 0, width, height)
    text = "\n".join(lines)
    for row in segs[0].figure:
        assert any(row.rstrip() in line for line in lines), row
    beside = [line for line in lines if "Tighten your belly muscles." in line]
    assert beside and beside[0].index("Tighten") > 20  # to the right of the drawing
    assert shows_clock(text, "00:03")
    assert len(lines) <= height and all(len(line) <= width for line in lines)


def shows_clock(text: str, clock: str) -> bool:
    """Whether ``clock`` is drawn in big digits, at whatever scale the size allowed."""
    return any(
        all(row.strip() in text for row in big_digits(clock, scale)) for scale in range(1, 6)
    )


@pytest.mark.parametrize(("width", "height"), [(40, 24), (80, 12), (60, 24)])
def test_no_room_no_figure_and_the_countdown_is_still_there(width: int, height: int) -> None:
    segs = segments(BRIDGE)
    lines = draw(segs, 0, width, height)
    text = "\n".join(lines)
    drawing = [row.strip() for row in segs[0].figure if len(row.strip()) > 4]
    assert not any(row in text for row in drawing)
    assert "00:03" in text or shows_clock(text, "00:03")
    assert len(lines) <= height and all(len(line) <= width for line in lines)


def test_plain_mode_says_the_position_in_words_once_a_step() -> None:
    said: list[str] = []
    segs = segments(BIRD)
    printer = PlainPrinter(said.append, title="Figures", segments=segs, timestamps=False)
    for index in range(len(segs)):
        printer.handle(event(segs, index))
    bird = figures.get("bird-dog")
    assert bird is not None
    assert sum(f"Position: {bird.words}" in line for line in said) == 1
    assert not any("▄" in line or "●" in line for line in said)  # words, never the drawing
