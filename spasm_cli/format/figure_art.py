"""The drawings of the bundled figures: one body position each, a few lines of text.

Data only; ``figures.py`` names them, says them in words and mirrors them.

How they are drawn, so a new one looks like the others:

- Side-on with the head to the left (a figure that faces somewhere faces
  left); seen from the front (or from behind) when that shows it better.
- The head is ``●``; the trunk, and the legs where they slope, are half
  blocks (``▄ ▀ █``), which join up into a thick line at any shallow slope;
  arms, and limbs that stand straight, are thin box-drawing lines.
- The floor is a line of ``▔`` under the body, when there is room for it.
- At most 6 lines of at most 28 cells. Each row is written after a ``|``,
  so blank rows and the left edge show in the source; the margin the rows of
  a figure share is taken off and every row padded to one width. The phases
  of a two-phase figure are measured together, so they stay the same size
  and line up.
"""

from __future__ import annotations

from spasm_cli.wrapping import cell_width

_EDGE = "|"


def frames(*drawings: str) -> tuple[tuple[str, ...], ...]:
    """Each drawing as a tuple of rows: the shared margin taken off, all padded to one width."""
    grids: list[list[str]] = []
    for drawing in drawings:
        rows = drawing.strip("\n").split("\n")
        if not all(row.startswith(_EDGE) for row in rows):
            raise ValueError(f"every row of a drawing starts with {_EDGE!r}: {rows!r}")
        grids.append([row[len(_EDGE) :].rstrip() for row in rows])
    drawn = [row for grid in grids for row in grid if row.strip()]
    margin = min((len(row) - len(row.lstrip(" ")) for row in drawn), default=0)
    grids = [[row[margin:] for row in grid] for grid in grids]
    wide = max((cell_width(row) for grid in grids for row in grid), default=0)
    return tuple(tuple(row + " " * (wide - cell_width(row)) for row in grid) for grid in grids)


def frame(drawing: str) -> tuple[str, ...]:
    """One drawing as a tuple of rows (see ``frames``)."""
    return frames(drawing)[0]


# -- on the back ------------------------------------------------------------------

# The shaded block is a pack under the back (ice or heat).
LYING_REST = frame("""
| ●▄▄▄▄▄▄▄▄▄▄
|  ▒▒▒▒▒▒▒▒▒ ▀▀▄▄▄▄▄▄▄▄▄▄▄▌
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

LYING_KNEES_BENT = frame("""
|              ▄▀▄
|            ▄▀   ▀▄
| ●▄▄▄▄▄▄▄▄▄▀       ▀▄
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# The arrow is the lower back: pressed down flat, then lifted a little.
PELVIC_TILT = frames(
    """
|              ▄▀▄
|        ↓   ▄▀   ▀▄
| ●▄▄▄▄▄▄▄▄▄▀       ▀▄
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""",
    """
|              ▄▀▄
|        ↑   ▄▀   ▀▄
| ●▄▄▄▄▄▀▀▀▀▀       ▀▄
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""",
)

# Feet close to the hips, shins upright: then knees, hips and shoulders in a line.
BRIDGE = frames(
    """
|              ▄▀▀▄
|            ▄▀    █
| ●▄▄▄▄▄▄▄▄▄▀      █
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""",
    """
|             ▄▄▀▀▄
|       ▄▄▀▀▀▀     █
| ●▄▄▀▀▀           █
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""",
)

DEAD_BUG = frame("""
|   │         ┌──────
|   │         │
|   │         │
| ●▄█▄▄▄▄▄▄▄▄▄█
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

LEG_RAISE = frame("""
|                      ▄▄▀▀
|                 ▄▄▀▀▀
|            ▄▄▀▀▀
| ───●▄▄▄▄▄▄▀
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# -- on the side, face down --------------------------------------------------------

# Curled up: the back rounded over the top, the knees drawn up under the head.
SIDE_LYING_KNEES = frame("""
|     ▄▄▄▄▄▄▄▄
|   ▄▀        ▀▄
|  ●  ▄▄▄▄▄▄▄   █
|    ▐▄▄▄▄▄▄▄▀▀▀▀
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# Seen from the front: the forearm under the shoulder points at you.
SIDE_PLANK = frame("""
|  │
| ●█▄▄
|  │  ▀▀▀▄▄▄
|  │        ▀▀▀▄▄▄
|  │              ▀▀▀▄▄▄
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

PLANK = frame("""
| ●▄▄▄▄▄▄▄▄▄▄▄▄▄
|▄▄█           ▀▀▀▀▀▀▀▀▀▄▄▄▄
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

SUPERMAN = frame("""
|▀▀▄▄                   ▄▄▀▀
|    ▀●▄▄           ▄▄▀▀
|        ▀▀▄▄▄▄▄▄▄▄▀
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# -- on hands and knees ------------------------------------------------------------

TABLETOP = frame("""
| ●▀▀▀▀▀▀▀▀▀▀▀▀▀
|  │           │
|  │           │
|  │           ╰─────
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# Hands and knees stay put; the back rounds up, then sinks with the head up.
CAT_COW = frames(
    """
|      ▄▄▄▄▄▄▄▄▄▄▄
|    ▄▀           ▀▄
|   █               █
|  ●│               │
|   │               ╰─────
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""",
    """
| ●
|  ▀▄
|   █▄▄              ▄
|   │  ▀▀▀▄▄▄▄▄▄▄▀▀▀█
|   │               ╰─────
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""",
)

BIRD_DOG = frame("""
|╶─────●▀▀▀▀▀▀▀▀▀▀▀▀────────╴
|       │           │
|       │           │
|       │           ╰─────
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

CHILDS_POSE = frame("""
|          ▄▄▄▄▄▄
|       ▄▀▀      ▀▄
|     ▄▀           █
| ━━━●  ╰──────────┘
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# -- sitting -----------------------------------------------------------------------

SITTING_TALL = frame("""
|    ●  ╷
|    █  │
| ▄▄▄█  │
| █━━━━━┥
| █  │  │
|▀▀▔▔▔▔▔▔▔▔
""")

FORWARD_BEND = frame("""
|   ▄▄▄▄▄▄▄    ╷
|  █       ▀▄  │
| ●▀ ▄▄▄▄▄▄▄█  │
| │  █━━━━━━━━━┥
| ╵ ▄█    │    │
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# On the floor: one leg out, the other knee up over it, the elbow against it.
SEATED_TWIST = frame("""
|          ●
|      ╭───█▄
|    ▄▀▄╯  █ ╲
|  ▄▀   ▀▄ █  ╲
| ▀▀▀▀▀▀▀▀▀█▄  ╲
|▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔
""")

# -- standing ----------------------------------------------------------------------

STANDING = frame("""
|    ●
|  ┌▄█▄┐
|  │ █ │
|  ╵▐ ▌╵
|   ▐ ▌
|▔▔▔▔▔▔▔▔▔
""")

WALKING = frame("""
|    ●
|   ╱█╲
|  ╱ █ ╲
|    █
|   ╱ ╲
| ▄╱   ╲
""")

# Seen from behind: the arm over the head and the stretched side make one curve.
STANDING_SIDE_BEND = frame("""
| ╭───╮
| │ ●  ╲
| ╵  ▀▄ ╲
|    │ ▀█
|      ▐ ▌
|      ▐ ▌
""")

# Seen from behind: the shoulder blades (the two bars) drawn in to the spine.
SHOULDER_SQUEEZE = frame("""
|       ●
|  ╭────┴────╮
|  │  ▶▐ ▌◀  │
|  │   ▐ ▌   │
|  ╵         ╵
""")

# Side-on: the hand on the lower back, circling.
SELF_MASSAGE = frame("""
|    ●
|    █╲
|    █ │
|    █◀╯ ↻
|    █
|   ▄█
""")
