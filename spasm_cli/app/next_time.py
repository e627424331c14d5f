"""One suggestion for next time, in plain words, from what a session did.

Pure: it takes what happened (pain before and after, exercises done and
skipped) and the routines there are (name, phase, position, length) and
returns one line. The choices come from the library's own data, so a
routine added by the user can be suggested too; the only names written here
are each phase's starting routine, the same ones ``spasm`` alone shows, and
even those are used only when the library has them.

Every piece of advice is one of the articles' own: rest ("Don't push
through the pain. Listen to your body and rest when needed.") and the move
from the acute routines to gentle exercise once the acute pain subsides
("Start with gentle, low-impact moves and gradually progress as your pain
allows."), both from a core-stability guide. No new medical claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spasm_cli.format.model import PHASES
from spasm_cli.safety import PAIN_RISE_WARNING

# Each phase's way in (as on the screen of ``spasm`` alone, app/welcome.py).
STARTERS: Mapping[str, str] = {
    "acute": "acute-relief",
    "recovery": "core-beginner",
    "prevention": "desk-break",
}
# Pain after an acute routine at or below this (out of 10) counts as low.
LOW_PAIN = 3

# Tags that say where a routine is done, most telling first (cat-cow is
# tagged floor and kneeling: it is done kneeling).
POSITION_TAGS = (
    ("kneeling", "kneeling"),
    ("seated", "sitting"),
    ("floor", "lying down"),
    ("standing", "standing"),
)
PHASE_WORDS = {
    "acute": "for a spasm",
    "recovery": "for recovering",
    "prevention": "for preventing spasms",
}

REST = (
    "A core-stability guide says: “Don’t push through the pain. Listen to your body "
    "and rest when needed.”"
)
GENTLE = (
    "A core-stability guide says: “Start with gentle, low-impact moves and gradually "
    "progress as your pain allows.”"
)


@dataclass(frozen=True)
class Choice:
    """A routine a suggestion may name: where it fits, how it is done, how long."""

    name: str
    phase: str | None = None
    position: str = ""  # "lying down", "kneeling", "sitting", "standing"; "" unknown
    seconds: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """What one session did: the routine, pain before and after, exercises done and skipped."""

    routine: Choice
    pain_before: int | None = None
    pain_after: int | None = None
    done: int = 0
    skipped: int = 0
    total: int = 0


def position_of(tags: Sequence[str], position: str | None = None) -> str:
    """Where a routine is done, in a person's words: its ``position``, else its tags."""
    if position:
        return {"lying": "lying down", "seated": "sitting"}.get(position, position)
    for tag, words in POSITION_TAGS:
        if tag in tags:
            return words
    return ""


def suggest(
    outcome: Outcome, library: Sequence[Choice], starters: Mapping[str, str] = STARTERS
) -> str:
    """The one line of advice for next time (see the module's docstring for the cases)."""
    routine = outcome.routine
    others = [c for c in library if c.name != routine.name and c.phase]
    before, after = outcome.pain_before, outcome.pain_after
    rise = after - before if before is not None and after is not None else None
    if rise is not None and rise >= PAIN_RISE_WARNING:
        return f"Next time: rest first. {REST}"
    if rise is not None and rise > 0:
        gentler = _gentler(routine, others)
        if gentler is None:
            return f"Next time: rest first. {REST}"
        return f"Next time: something gentler, such as {_run(gentler)}{_where(gentler)}, or rest. {REST}"
    if outcome.total and outcome.skipped * 2 > outcome.total:
        shorter = _shorter(routine, others)
        if shorter is not None:
            return f"Next time: a shorter routine, such as {_run(shorter)}{_minutes(shorter)}."
    elif routine.phase == "acute" and after is not None and after <= LOW_PAIN:
        starter = _starter(_phase_after("acute"), others, starters)
        if starter is not None:
            return f"Next time, once the acute pain subsides: {_run(starter)}. {GENTLE}"
    if rise is not None and rise == 0:
        related = _related(routine, others)
        if related is not None:
            return f"Next time, for a change: {_run(related)}, {_kind(related)}."
    when = "when the pain returns" if routine.phase == "acute" else "tomorrow"
    return f"Next time: {_run(routine)} again, {when}."


def _run(choice: Choice) -> str:
    return f"`spasm routine {choice.name}`"


def _where(choice: Choice) -> str:
    return f" ({choice.position})" if choice.position else ""


def _minutes(choice: Choice) -> str:
    if choice.seconds <= 0:
        return ""
    minutes = max(1, round(choice.seconds / 60))
    return f" (about {minutes} minute{'' if minutes == 1 else 's'})"


def _kind(choice: Choice) -> str:
    words = f"another routine {PHASE_WORDS.get(choice.phase or '', '')}".rstrip()
    return f"{words}, done {choice.position}" if choice.position else words


def _phase_index(phase: str | None) -> int | None:
    return PHASES.index(phase) if phase in PHASES else None


def _phase_after(phase: str) -> str | None:
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def _nearest(routine: Choice, pool: Sequence[Choice], starters: Mapping[str, str]) -> Choice | None:
    """The best of ``pool`` for ``routine``: same position, then a starter, then closest length."""
    if not pool:
        return None
    starter_names = set(starters.values())

    def rank(c: Choice) -> tuple[bool, bool, float, str]:
        same_place = bool(routine.position) and c.position == routine.position
        return (
            not same_place,
            c.name not in starter_names,
            abs(c.seconds - routine.seconds),
            c.name,
        )

    return min(pool, key=rank)


def _gentler(routine: Choice, others: Sequence[Choice]) -> Choice | None:
    """A routine of the phase before (prevention → recovery → acute); none for acute."""
    index = _phase_index(routine.phase)
    if index is None or index == 0:
        return None
    earlier = PHASES[index - 1]
    return _nearest(routine, [c for c in others if c.phase == earlier], STARTERS)


def _shorter(routine: Choice, others: Sequence[Choice]) -> Choice | None:
    """A shorter routine of the same phase (same position first, then the shortest)."""
    pool = [c for c in others if c.phase == routine.phase and 0 < c.seconds < routine.seconds]
    if not pool:
        return None
    return min(
        pool,
        key=lambda c: (
            not (routine.position and c.position == routine.position),
            c.seconds,
            c.name,
        ),
    )


def _related(routine: Choice, others: Sequence[Choice]) -> Choice | None:
    """Another routine of the same phase, the same position if there is one."""
    return _nearest(routine, [c for c in others if c.phase == routine.phase], STARTERS)


def _starter(
    phase: str | None, others: Sequence[Choice], starters: Mapping[str, str]
) -> Choice | None:
    """The phase's starting routine if the library has it, else its shortest routine."""
    pool = [c for c in others if c.phase == phase]
    named = [c for c in pool if c.name == starters.get(phase or "")]
    if named:
        return named[0]
    timed = [c for c in pool if c.seconds > 0]
    return min(timed, key=lambda c: (c.seconds, c.name)) if timed else None


__all__ = ["Choice", "Outcome", "position_of", "suggest"]
