"""The progression rule: how a program's dose follows the person's own pain scores.

In plain words: a program starts at its ``start`` dose (a whole percent of the
holds and reps its routines say). Each session gets one verdict from the pain
scores given before and after it:

- pain rose by ``back_off_at`` points or more: the next session is one
  ``step`` easier, never below the start. This holds for a session stopped
  early too, since a sharp rise in pain is the reason to stop, and whoever
  stopped for it must not be given the same load again;
- otherwise a session stopped early keeps the dose (it says nothing about the
  load);
- a session without both scores keeps the dose (there is nothing to go on);
- pain rose by at most 1 point, or fell: the session *settled*. After
  ``after`` settled sessions in a row the next session is one step harder,
  never above ``max``, and the count starts again;
- pain rose a little more than that, short of backing off: the dose is kept.

Anything that is not a settled session breaks the row. With ``progress: off``
every session plays at 100% (the routines as written); the verdicts are still
given, so the person still sees how each session went.

Nothing here reads the history: the sessions come in as ``Played`` values,
oldest first, and the whole run is replayed from its first session, so the
dose is always what the rule says of the scores, never a stored number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from spasm_cli.format.program_model import FULL_DOSE, Progress
from spasm_cli.program.played import Played

SETTLED_RISE = 1  # pain up by at most this much is a settled session


class Verdict(str, Enum):
    """What one session says about the dose (``judge`` gives the order they are checked in)."""

    SETTLED = "settled"  # pain up by at most 1 (or down): counts towards a step up
    NEUTRAL = "neutral"  # pain up a little more, short of backing off: dose kept
    PAIN_RISE = "pain_rise"  # pain rose by back_off_at or more: one step down
    NO_PAIN = "no_pain"  # a pain score missing: dose kept
    STOPPED = "stopped"  # stopped early: dose kept


@dataclass(frozen=True)
class Judged:
    """One session with its verdict and what it did to the dose.

    ``dose_before`` is the dose the rule gave this session, ``dose_after`` the
    one it gives the next; ``streak`` is how many settled sessions in a row
    stand after this one (back to 0 after a step up); ``change`` is -1, 0 or
    +1, the direction the dose moved.
    """

    played: Played
    verdict: Verdict
    dose_before: int
    dose_after: int
    streak: int
    change: int


@dataclass(frozen=True)
class DoseState:
    """Where a run stands: the next session's dose and the row behind it.

    ``settled_to_go`` is how many more settled sessions in a row the next step
    up needs; None when no step up can come (at ``max``, or progress off).
    """

    dose: int
    streak: int
    last: Judged | None
    settled_to_go: int | None


def judge(progress: Progress, played: Played) -> Verdict:
    """The verdict on one session, the first of these that holds.

    1. Both pain scores given and pain after minus before is ``back_off_at``
       or more: PAIN_RISE, even for a session stopped early.
    2. Stopped early (not finished): STOPPED.
    3. A pain score missing: NO_PAIN.
    4. Pain rose by at most 1 point (or fell): SETTLED.
    5. Otherwise: NEUTRAL.
    """
    rise = played.rise
    if rise is not None and rise >= progress.back_off_at:
        return Verdict.PAIN_RISE
    if not played.finished:
        return Verdict.STOPPED
    if rise is None:
        return Verdict.NO_PAIN
    if rise <= SETTLED_RISE:
        return Verdict.SETTLED
    return Verdict.NEUTRAL


def _bounds(progress: Progress) -> tuple[int, int, int]:
    """The start, the lowest and the highest dose; all 100% with progress off."""
    if not progress.enabled:
        return FULL_DOSE, FULL_DOSE, FULL_DOSE
    return progress.start, progress.floor, max(progress.max, progress.start)


def replay(progress: Progress, played: Sequence[Played]) -> list[Judged]:
    """Every session judged in order, with the dose the rule gave it and the next.

    The dose starts at ``start``. A settled session adds one to the streak;
    when the streak reaches ``after`` the dose rises one ``step`` (never past
    ``max``) and the streak starts again from 0, at ``max`` too. A pain rise
    lowers the dose one step (never below the start) and ends the streak; any
    other verdict keeps the dose and ends the streak.
    """
    start, floor, top = _bounds(progress)
    dose, streak = start, 0
    judged: list[Judged] = []
    for session in played:
        verdict = judge(progress, session)
        before = dose
        if verdict is Verdict.SETTLED:
            streak += 1
            if streak >= progress.after:
                dose = min(top, dose + progress.step)
                streak = 0
        elif verdict is Verdict.PAIN_RISE:
            dose = max(floor, dose - progress.step)
            streak = 0
        else:
            streak = 0
        change = (dose > before) - (dose < before)
        judged.append(Judged(session, verdict, before, dose, streak, change))
    return judged


def state(progress: Progress, played: Sequence[Played]) -> DoseState:
    """The next session's dose, the streak behind it, and what a step up still needs."""
    judged = replay(progress, played)
    last = judged[-1] if judged else None
    dose = last.dose_after if last else _bounds(progress)[0]
    streak = last.streak if last else 0
    _, _, top = _bounds(progress)
    can_rise = progress.enabled and progress.step > 0 and dose < top
    to_go = max(1, progress.after - streak) if can_rise else None
    return DoseState(dose, streak, last, to_go)


def next_dose(progress: Progress, played: Sequence[Played]) -> int:
    """The dose, in whole percent, the next session plays at."""
    return state(progress, played).dose
