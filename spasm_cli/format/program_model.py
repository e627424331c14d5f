"""The program format, version 1: its fields as data, and the validated ``Program``.

A program is a plan of days, each naming the routines played as one session,
and a progression rule (``progress:``) that scales the holds and reps of those
routines from the user's own pain scores. Like ``model`` for routines, the
field tables here are the one description of the format: the checker
(``program_check``) validates against them and ``schema`` builds the JSON
Schema from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spasm_cli.format.model import FieldSpec, FieldType, RoutineWarning

MAX_DAYS = 366  # a year of days: "a few months to a year", says one article
MAX_DAY_ROUTINES = 10  # routines played one after another in one day's session
# Doses are whole percents of what the routines say.
MIN_START, MAX_START = 10, 200
MIN_STEP, MAX_STEP = 1, 100
MIN_MAX, MAX_MAX = 10, 300
MAX_AFTER = 30  # settled sessions in a row before a step up
MIN_BACK_OFF, MAX_BACK_OFF = 2, 10  # points of pain; 1 would be a settled session too
FULL_DOSE = 100  # the doses the routines say, as written


@dataclass(frozen=True)
class Progress:
    """How the dose moves: from ``start``, by ``step``, up after ``after`` settled sessions.

    All doses are whole percents. ``enabled`` False (``progress: off``) keeps
    every session at 100%: the routines as written.
    """

    start: int = 70
    step: int = 10
    after: int = 2
    max: int = 150
    back_off_at: int = 3
    enabled: bool = True

    @property
    def floor(self) -> int:
        """The lowest dose a step down reaches: ``start``."""
        return self.start if self.enabled else FULL_DOSE


DEFAULT_PROGRESS = Progress()
NO_PROGRESS = Progress(start=FULL_DOSE, step=0, max=FULL_DOSE, enabled=False)


@dataclass(frozen=True)
class DayRoutine:
    """One routine named in a program day, with its place in the file."""

    name: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class ProgramDay:
    """One program day: the routines played one after another as one session."""

    routines: tuple[DayRoutine, ...]
    line: int = 0
    column: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """The routine names, in order."""
        return tuple(r.name for r in self.routines)


@dataclass(frozen=True)
class Program:
    """A validated program, as read from one file."""

    name: str
    title: str
    days: tuple[ProgramDay, ...]
    summary: str = ""
    phase: str | None = None
    source: tuple[str, ...] = ()
    caution: str | None = None
    progress: Progress = DEFAULT_PROGRESS
    # Whether the file gave ``progress:`` at all (show says "the defaults" if not).
    progress_given: bool = False
    next: str | None = None  # the program suggested when this one ends
    next_line: int = 0
    next_column: int = 0
    path: Path | None = None
    origin: str = "path"  # bundled | user | path
    digest: str = ""  # sha256 of the file's bytes
    overrides: tuple[str, ...] = field(default=())  # origins this one hides
    warnings: tuple[RoutineWarning, ...] = ()

    @property
    def length(self) -> int:
        """How many program days there are."""
        return len(self.days)


PROGRAM_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(FieldType.NAME, "Program name; defaults to the file name. [a-z0-9-]+"),
    "title": FieldSpec(
        FieldType.STRING, "Title shown by `spasm program` and `spasm today`.", required=True
    ),
    "summary": FieldSpec(FieldType.STRING, "One sentence on what the program is for."),
    "phase": FieldSpec(FieldType.PHASE, "When it fits: acute, recovery or prevention."),
    "source": FieldSpec(
        FieldType.NAMES,
        "Where the guidance comes from: an article's short id from `spasm sources`, "
        "or a source of your own in words.",
    ),
    "caution": FieldSpec(FieldType.STRING, "Shown before each session of the program."),
    "days": FieldSpec(
        FieldType.DAYS,
        "One entry per program day, in order: the routines played one after another "
        "as that day's session, e.g. [core-beginner, childs-pose].",
        required=True,
    ),
    "progress": FieldSpec(
        FieldType.PROGRESS,
        "How the dose (holds and reps, as a share of what the routines say) follows "
        "your pain scores; off for the routines as written.",
    ),
    "next": FieldSpec(FieldType.NAME, "The program to start when this one ends."),
}

PROGRESS_FIELDS: dict[str, FieldSpec] = {
    "start": FieldSpec(
        FieldType.PERCENT,
        f"The first session's dose, as a share of what the routines say "
        f"({MIN_START}% to {MAX_START}%; default {DEFAULT_PROGRESS.start}%).",
    ),
    "step": FieldSpec(
        FieldType.PERCENT,
        f"One step up or down ({MIN_STEP}% to {MAX_STEP}%; default {DEFAULT_PROGRESS.step}%).",
    ),
    "after": FieldSpec(
        FieldType.COUNT,
        f"Step up after this many settled sessions in a row (default {DEFAULT_PROGRESS.after}).",
        maximum=MAX_AFTER,
    ),
    "max": FieldSpec(
        FieldType.PERCENT,
        f"The highest dose ({MIN_MAX}% to {MAX_MAX}%, at least start; "
        f"default {DEFAULT_PROGRESS.max}%).",
    ),
    "back_off_at": FieldSpec(
        FieldType.COUNT,
        "Pain after minus pain before at which the next session steps down "
        f"({MIN_BACK_OFF} to {MAX_BACK_OFF} points; default {DEFAULT_PROGRESS.back_off_at}).",
        maximum=MAX_BACK_OFF,
    ),
}

# The range each percent of ``progress:`` may take.
PERCENT_RANGES: dict[str, tuple[int, int]] = {
    "start": (MIN_START, MAX_START),
    "step": (MIN_STEP, MAX_STEP),
    "max": (MIN_MAX, MAX_MAX),
}
