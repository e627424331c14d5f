"""Which kind a step is, from its keys, and the words for a key in the wrong kind.

A step is of the first kind whose key it has (``_KIND_ORDER``); any other
kind key it also has makes it a step of two kinds. ``hold`` and ``rest`` are
kinds only on their own: with reps, ``hold`` times each rep; with others,
``rest`` rests between sets.
"""

from __future__ import annotations

from typing import Any

from spasm_cli.format.model import KIND_KEYS, FieldSpec, StepKind
from spasm_cli.format.suggest import near

_KIND_ORDER = (StepKind.USE, StepKind.BREATHE, StepKind.REPS, StepKind.WAIT)
KIND_NAMES = frozenset(kind.value for kind in StepKind)
NO_KIND = "step has no kind (expected one of hold, reps, breathe, rest, wait, use)"


def step_kind(raw: dict[str, Any]) -> StepKind | list[StepKind]:
    """The one kind of step ``raw`` is, or every kind it names (none, or two and more)."""
    kinds = [kind for kind in _KIND_ORDER if kind.value in raw]
    if kinds and kinds[0] is StepKind.USE:
        # Beside use:, reps (like hold and sets) overrides the included steps.
        kinds = [kind for kind in kinds if kind is not StepKind.REPS]
    if not kinds or kinds[0] in (StepKind.BREATHE, StepKind.WAIT):
        # hold alone is a kind; beside breathe or wait it is a second kind.
        if "hold" in raw:
            kinds.append(StepKind.HOLD)
    if not kinds and "rest" in raw:
        kinds.append(StepKind.REST)
    return kinds[0] if len(kinds) == 1 else kinds


def two_kinds(kinds: list[StepKind]) -> str:
    """The problem of a step that names more than one kind."""
    names = " and ".join(kind.value for kind in kinds)
    return f"step has two kinds ({names}); a step does exactly one"


def meant(doc: dict[str, Any], fields: dict[str, FieldSpec]) -> set[str]:
    """The known keys that the unknown keys of ``doc`` are near misses of.

    ``hodl: 10`` means ``hold``: a problem that only follows from that typo
    (no kind, a missing key) is not reported beside it.
    """
    return {guess for key in doc if key not in fields for guess in near(key, fields, most=1)}


def misplaced(key: str, kind: StepKind) -> str:
    """The problem of a key that belongs to another kind of step than ``kind``."""
    homes = [other.value for other, keys in KIND_KEYS.items() if key in keys and other is not kind]
    home = f" (it goes with {' or '.join(homes)})" if homes else ""
    return f"'{key}' does not apply to a {kind.value} step{home}"
