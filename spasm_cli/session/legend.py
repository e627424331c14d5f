"""The key legend: which keys mean something now, in the room there is.

A session's keys change meaning with its state: space resumes while paused,
Enter counts a self-paced rep (and space does too), and during a timed hold
Enter does nothing, so the legend does not offer it. ``legend`` builds the
one line the live screen shows at its foot; ``plain_hint`` the sentence the
plain printer says at the start.

When the line does not fit, the keys that matter least go first, and
``q quit`` last of all: a person must always see how to stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from spasm_cli.wrapping import cell_width

_SEPARATOR = " · "


class KeyStyle(str, Enum):
    """How keys reach the session: one at a time, or as lines sent with Enter."""

    KEYS = "keys"
    LINES = "lines"


@dataclass(frozen=True)
class _Item:
    long: str
    short: str
    priority: int  # 0 is kept longest


def _items(style: KeyStyle, *, paused: bool, enter: str | None) -> list[_Item]:
    """The legend's items in the order shown; ``enter`` names what Enter does now."""
    lines = style is KeyStyle.LINES
    pause_key = "p" if lines else "space"
    items = []
    if paused:
        items.append(_Item(f"{pause_key} resume", f"{pause_key} resume", 1))
    elif enter is not None:
        items.append(_Item(f"Enter {enter}", "Enter done", 1))
    else:
        items.append(_Item(f"{pause_key} pause", f"{pause_key} pause", 1))
    items += [
        _Item("n next exercise" if lines else "n/→ next exercise", "n next", 3),
        _Item("N/. next part", "N next part", 5),
        _Item("b back" if lines else "b/← back", "b back", 4),
        _Item("B/, back a part", "B back part", 6),
        _Item("q quit", "q quit", 0),
    ]
    if lines:
        # Letters typed into a line do nothing until Enter sends them.
        items.append(_Item("(type a key, then Enter)", "(+Enter)", 2))
    return items


def legend(
    style: KeyStyle,
    width: int,
    *,
    paused: bool = False,
    enter: str | None = None,
    input_ended: bool = False,
) -> str:
    """The key legend for the current state, at most ``width`` cells when it can be.

    ``enter`` says what Enter does now ("rep done", "go on"), None when it
    does nothing (a timed part). Lower-priority keys are dropped, then forms
    shortened, before ``q quit`` would be; if even that does not fit, it is
    returned as it is and the caller crops it.
    """
    if input_ended:
        # No key can arrive any more; only the terminal's own Ctrl-C still works.
        return "Ctrl-C stops"
    items = _items(style, paused=paused, enter=enter)
    ranked = sorted(items, key=lambda item: item.priority)
    for keep in range(len(items), 0, -1):
        kept = ranked[:keep]
        # Shorten the least important first: "Enter rep done" stays whole
        # while "n/→ next exercise" becomes "n next".
        for shortened in range(keep + 1):
            short = {id(item) for item in kept[keep - shortened :]}
            text = _SEPARATOR.join(
                item.short if id(item) in short else item.long for item in items if item in kept
            )
            if cell_width(text) <= width:
                return text
    return "q quit"


def plain_hint(style: KeyStyle) -> str:
    """The keys, said once at the start of a plain session."""
    if style is KeyStyle.LINES:
        return (
            "Keys: type a letter, then press Enter. n next exercise, N next part, "
            "b back, B back a part, p pause or resume, q quit. "
            "Enter alone when a rep is done."
        )
    return (
        "Keys: n next exercise, N next part, b back, B back a part, "
        "space pause or resume, q quit. Enter when a rep is done."
    )


def paused_hint(style: KeyStyle) -> str:
    """What a plain session says on pausing: how to go on."""
    if style is KeyStyle.LINES:
        return "Paused. Type p and press Enter to resume."
    return "Paused. Press space to resume."
