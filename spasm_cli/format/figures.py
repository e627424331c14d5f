"""The bundled figures: body positions drawn in text, to show beside a step.

A ``Figure`` is a drawing of one position (``figure_art.py`` holds the
drawings), a title, and the same position in plain words for a screen
reader or plain mode. A movement between two positions (a bridge, cat-cow)
has two phases, each a frame of the same size. A figure for one side is
drawn for the left; the right is its mirror image (``for_side``).

Pure data and functions: no Typer, no Rich, no terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spasm_cli.format import figure_art as art
from spasm_cli.wrapping import cell_width

MAX_FIGURE_LINES = 6
MAX_FIGURE_WIDTH = 28

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SIDES = ("left", "right")


@dataclass(frozen=True)
class Figure:
    """A body position drawn in text, in one frame or two (a movement's phases)."""

    name: str  # [a-z0-9-]+, what a routine's `figure:` names
    title: str  # "Lying on your back, knees bent"
    words: str  # the position in one plain sentence, for screen readers and plain mode
    phases: tuple[tuple[str, ...], ...]  # one frame, or two; each a tuple of lines, same size
    phase_names: tuple[str, ...] = ()  # ("down", "up"); empty for one frame
    sided: bool = False  # drawn for the left side; the right is the mirror image

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(f"a figure's name is lowercase words and hyphens: {self.name!r}")
        if not self.phases or not all(self.phases):
            raise ValueError(f"figure {self.name!r} has no drawing")
        if self.phase_names and len(self.phase_names) != len(self.phases):
            raise ValueError(f"figure {self.name!r} names {len(self.phase_names)} phases")

    @property
    def lines(self) -> tuple[str, ...]:
        """The first phase: the drawing shown when only one is."""
        return self.phases[0]


# Pairs of characters that are each other's mirror image, left to right.
_MIRROR_PAIRS = (
    "/\\ () [] {} <> ‹› «» ⟨⟩ ⌐¬ ╱╲ ╭╮ ╰╯ ┌┐ └┘ ├┤ ┍┑ ┎┒ ┏┓ ┕┙ ┖┚ ┗┛ "
    "┝┥ ┞┦ ┟┧ ┠┨ ┡┩ ┢┪ ┣┫ ┭┮ ┵┶ ┽┾ ╒╕ ╓╖ ╔╗ ╘╛ ╙╜ ╚╝ ╞╡ ╟╢ ╠╣ ╴╶ ╸╺ "
    "╼╾ ▌▐ ▏▕ ▘▝ ▖▗ ▙▟ ▛▜ ▚▞ ◣◢ ◤◥ ◸◹ ◺◿ ◀▶ ◁▷ ◂▸ ◃▹ ◄► ◖◗ ◐◑ ←→ ↖↗ "
    "↙↘ ↰↱ ↲↳ ↶↷ ↺↻ ⇐⇒"
).split()
_MIRROR = {pair[0]: pair[1] for pair in _MIRROR_PAIRS} | {
    pair[1]: pair[0] for pair in _MIRROR_PAIRS
}
assert len(_MIRROR) == 2 * len(_MIRROR_PAIRS), "a character is in two mirror pairs"
_MIRROR_TABLE = str.maketrans(_MIRROR)


def width(lines: Sequence[str]) -> int:
    """The widest of ``lines``, in terminal cells (0 for none)."""
    return max((cell_width(line) for line in lines), default=0)


def mirror(lines: Sequence[str]) -> tuple[str, ...]:
    """``lines`` mirrored left to right: padded to one width, reversed, directions swapped.

    ``╱`` becomes ``╲``, ``╭`` becomes ``╮``, ``▌`` becomes ``▐`` and so on;
    a character with no direction stays as it is. Mirroring twice gives the
    lines back (padded to one width).
    """
    wide = width(lines)
    padded = (line + " " * (wide - cell_width(line)) for line in lines)
    return tuple(line[::-1].translate(_MIRROR_TABLE) for line in padded)


def for_side(figure: Figure, side: str | None, phase: int = 0) -> tuple[str, ...]:
    """Phase ``phase`` of ``figure`` for ``side``: a sided figure's mirror for "right".

    "left" and ``None`` (both sides, or no side) give the figure as drawn, and
    so does any side for a figure that is not sided.
    """
    if side is not None and side not in SIDES:
        raise ValueError(f"side is left, right or None, not {side!r}")
    lines = figure.phases[phase]
    return mirror(lines) if figure.sided and side == "right" else lines


def _figures(*figures: Figure) -> dict[str, Figure]:
    found: dict[str, Figure] = {}
    for figure in figures:
        if figure.name in found:
            raise ValueError(f"two figures are named {figure.name!r}")
        found[figure.name] = figure
    return found


# In reading order: on the back, on the side and face down, on hands and
# knees, sitting, standing.
FIGURES: dict[str, Figure] = _figures(
    Figure(
        "lying-rest",
        "Lying flat on your back, resting",
        "On your back with your legs straight, resting.",
        (art.LYING_REST,),
    ),
    Figure(
        "lying-knees-bent",
        "Lying on your back, knees bent",
        "On your back, knees bent, feet flat on the floor.",
        (art.LYING_KNEES_BENT,),
    ),
    Figure(
        "pelvic-tilt",
        "Pelvic tilt",
        "On your back with your knees bent, your lower back pressed flat, then slightly arched.",
        art.PELVIC_TILT,
        ("flat", "arch"),
    ),
    Figure(
        "bridge",
        "Bridge",
        "On your back with your knees bent, hips lifted until knees, hips and shoulders line up.",
        art.BRIDGE,
        ("down", "up"),
    ),
    Figure(
        "dead-bug",
        "Dead bug",
        "On your back, arms reaching up to the ceiling, knees bent at 90 degrees in the air.",
        (art.DEAD_BUG,),
    ),
    Figure(
        "leg-raise",
        "Leg raise",
        "On your back, arms overhead on the floor, straight legs lifted off the floor.",
        (art.LEG_RAISE,),
    ),
    Figure(
        "side-lying-knees",
        "Lying on your side, knees to chest",
        "On your side, knees pulled in to your chest, back rounded.",
        (art.SIDE_LYING_KNEES,),
    ),
    Figure(
        "side-plank",
        "Side plank",
        "On your side on one forearm, elbow under the shoulder, hips lifted in a line, top arm up.",
        (art.SIDE_PLANK,),
        sided=True,
    ),
    Figure(
        "plank",
        "Forearm plank",
        "Face down on your forearms and toes, body held in a straight line off the floor.",
        (art.PLANK,),
    ),
    Figure(
        "superman",
        "Superman",
        "Face down, arms reaching forward, with arms, chest and legs lifted off the floor.",
        (art.SUPERMAN,),
    ),
    Figure(
        "tabletop",
        "On hands and knees",
        "On your hands and knees, back flat like a tabletop.",
        (art.TABLETOP,),
    ),
    Figure(
        "cat-cow",
        "Cat and cow",
        "On your hands and knees, back rounded up with chin tucked, then belly low and head up.",
        art.CAT_COW,
        ("cat", "cow"),
    ),
    Figure(
        "bird-dog",
        "Bird dog",
        "On your hands and knees, one arm reaching forward and the opposite leg back, both level.",
        (art.BIRD_DOG,),
        sided=True,
    ),
    Figure(
        "childs-pose",
        "Child's pose",
        "Kneeling, sitting back toward your heels, arms stretched forward, forehead on the floor.",
        (art.CHILDS_POSE,),
    ),
    Figure(
        "sitting-tall",
        "Sitting tall",
        "On a chair, back straight, feet flat on the floor, knees at about 90 degrees.",
        (art.SITTING_TALL,),
    ),
    Figure(
        "forward-bend",
        "Seated forward bend",
        "Sitting, bent forward over your legs, head and arms hanging down.",
        (art.FORWARD_BEND,),
    ),
    Figure(
        "seated-twist",
        "Seated twist",
        "Sitting on the floor, one leg out, the other knee crossed over it, torso turned to it.",
        (art.SEATED_TWIST,),
        sided=True,
    ),
    Figure(
        "standing",
        "Standing tall",
        "Standing tall, arms relaxed at your sides, feet hip-width apart.",
        (art.STANDING,),
    ),
    Figure(
        "walking",
        "Walking",
        "Walking upright, arms swinging.",
        (art.WALKING,),
    ),
    Figure(
        "standing-side-bend",
        "Standing side bend",
        "Standing, leaning to one side, the other arm reaching over your head.",
        (art.STANDING_SIDE_BEND,),
        sided=True,
    ),
    Figure(
        "shoulder-squeeze",
        "Shoulder blade squeeze",
        "Seen from behind, sitting or standing tall, shoulder blades drawn together.",
        (art.SHOULDER_SQUEEZE,),
    ),
    Figure(
        "self-massage",
        "Self-massage",
        "Standing, one hand reaching back to the sore spot on your lower back.",
        (art.SELF_MASSAGE,),
    ),
)


def get(name: str) -> Figure | None:
    """The bundled figure called ``name``, or ``None``."""
    return FIGURES.get(name)


def names() -> list[str]:
    """Every bundled figure's name, in reading order."""
    return list(FIGURES)
