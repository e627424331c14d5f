"""Bundled routines that became part of another, and what a person who used the old name is told.

The old name still finds the new routine (``Library.get``), so a person's
habit, their own routines' ``use:`` steps and their history keep working;
the commands that play or show it say so once.
"""

from __future__ import annotations

# old name -> (the routine it is now part of, why)
MERGED = {
    "psoas-stretch": (
        "ql-stretch",
        "the same stretch reaches both the psoas and the quadratus lumborum",
    ),
}


def merged_notice(old: str) -> str:
    """The line that tells a person ``old`` is now part of another routine."""
    new, why = MERGED[old]
    return (
        f"spasm: '{old}' is now part of '{new}' ({why}). "
        f"Use the name {new} from now on, in commands and in use: steps."
    )
