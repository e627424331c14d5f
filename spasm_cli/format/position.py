"""Where the body is during a routine: its ``position:``, or that of the routines it uses.

A routine made of others (``use:`` steps) need not repeat where they are
done: without a ``position:`` of its own it takes theirs, in the order of
its steps, each once. A single exercise without one has none (an empty
tuple), and lists say nothing about it rather than guess.
"""

from __future__ import annotations

from collections.abc import Callable

from spasm_cli.errors import SpasmError
from spasm_cli.format.expand import MAX_USE_DEPTH
from spasm_cli.format.model import POSITIONS, Routine, StepKind

# How a position is said in a sentence ("lying down, then kneeling").
POSITION_WORDS = {
    "lying": "lying down",
    "kneeling": "kneeling",
    "sitting": "sitting",
    "standing": "standing",
}
assert set(POSITION_WORDS) == set(POSITIONS)


def routine_position(routine: Routine, lookup: Callable[[str], Routine]) -> tuple[str, ...]:
    """``routine``'s positions: its own, else those of the routines it uses, in order.

    ``lookup`` finds a used routine by name (``Library.get``). A used routine
    that cannot be found, and a ``use:`` cycle, add nothing: the expansion
    reports those, and where the body is is only a hint.
    """
    return _positions(routine, lookup, (routine.name,))


def _positions(
    routine: Routine, lookup: Callable[[str], Routine], stack: tuple[str, ...]
) -> tuple[str, ...]:
    if routine.position or len(stack) > MAX_USE_DEPTH:
        return routine.position
    found: list[str] = []
    for step in routine.steps:
        if step.kind is not StepKind.USE or step.use is None or step.use in stack:
            continue
        try:
            child = lookup(step.use)
        except SpasmError:
            continue
        for place in _positions(child, lookup, (*stack, step.use)):
            if place not in found:
                found.append(place)
    return tuple(found)


def position_words(positions: tuple[str, ...], last: str = "or") -> str:
    """``lying down``, ``sitting or standing``, ``lying down, kneeling then sitting``.

    ``last`` joins the last two: "or" for one exercise done either way,
    "then" for a routine whose parts follow each other. Empty if none.
    """
    words = [POSITION_WORDS.get(p, p) for p in positions]
    if len(words) > 1:
        return ", ".join(words[:-1]) + f" {last} " + words[-1]
    return words[0] if words else ""
