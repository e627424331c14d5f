"""Keys a valid step carries that do nothing as the step is written: warnings, not problems.

A ``rest:`` with one set on one side has nothing to go between; ``alternate:``
with one side has nothing to alternate with. The routine runs as it would
without them, so they are said (located, exit status 0), not refused. A
``use:`` with ``sets:`` can give an included step the sets its ``rest:`` goes
between; the warning is still true of the file alone, which is the file it
is shown for.
"""

from __future__ import annotations

from typing import Any

from spasm_cli.format.model import StepKind


def idle_keys(raw: dict[str, Any], kind: StepKind, sides: tuple[str, ...]) -> list[tuple[str, str]]:
    """(key, message) for each key of the valid step ``raw`` that does nothing."""
    if kind is StepKind.REST:
        return []
    out = []
    alternate = raw.get("alternate") is True
    # As the timeline plays it: each side in turn unless reps alternate, each set.
    if "rest" in raw and raw.get("sets", 1) == 1 and (alternate or len(sides) <= 1):
        out.append(
            (
                "rest",
                "does nothing: one set on one side leaves nothing to rest between "
                "(add sets: or sides: both, or remove rest:)",
            )
        )
    if alternate and len(sides) == 1:
        out.append(
            (
                "alternate",
                f"does nothing with one side ({sides[0]}): use sides: both, or remove alternate:",
            )
        )
    return out
