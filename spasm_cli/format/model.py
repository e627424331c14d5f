"""The routine format, version 1: its fields as data, and the validated objects.

The field tables below are the single description of the format. The loader
validates against them and ``schema`` generates the JSON Schema from them, so
the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from spasm_cli.errors import printable

NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_DURATION = 3600.0  # one hour, for any single duration
# The shortest duration a person can follow: a hold, rest, rep or breath of
# 0.0001 s is a flicker, and thousands of them outran the screen.
MIN_DURATION = 0.5
MAX_ROUTINE_SECONDS = 4 * 3600.0
MAX_REPS = 500
MAX_SETS = 50
MAX_CYCLES = 500
MAX_FILE_BYTES = 1024 * 1024
DEFAULT_LEAD_IN = 5.0
DEFAULT_RELAX = 2.0
PHASES = ("acute", "recovery", "prevention")
SIDES = ("left", "right")
# Where the body is during a routine, in the order a person gets up from the floor.
POSITIONS = ("lying", "kneeling", "sitting", "standing")


class FieldType(str, Enum):
    """The value types a routine field can have."""

    STRING = "string"
    TEXT = "text"  # a string, or a list of strings (instructions)
    NAME = "name"  # a routine name, [a-z0-9-]+
    NAMES = "names"  # a string or a list of strings (source: ids or words)
    TAGS = "tags"  # a list of short strings
    PHASE = "phase"
    POSITION = "position"  # one of POSITIONS, or a list of them
    DURATION = "duration"
    LEAD_IN = "lead_in"  # a duration that may be 0
    COUNT = "count"  # a positive whole number with a maximum
    TRUE = "true"  # only the value true (wait: true)
    BOOL = "bool"
    SIDES = "sides"  # "both", "left", "right" or a list of left/right
    BREATHE = "breathe"  # a mapping of BREATHE_FIELDS
    STEPS = "steps"  # a list of steps
    FIGURE = "figure"  # a bundled figure's name, or text art: a block string or a list of lines
    # The program format's own (``program_model``):
    PERCENT = "percent"  # a whole percent written with its sign: 70%
    DAYS = "days"  # a list of days, each a list of routine names
    PROGRESS = "progress"  # a mapping of PROGRESS_FIELDS, or off


@dataclass(frozen=True)
class FieldSpec:
    """One key of a mapping in the routine format."""

    type: FieldType
    description: str
    required: bool = False
    maximum: int | None = None


ROUTINE_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(FieldType.NAME, "Routine name; defaults to the file name. [a-z0-9-]+"),
    "title": FieldSpec(FieldType.STRING, "Title shown while the routine runs.", required=True),
    "summary": FieldSpec(FieldType.STRING, "One sentence on what the routine is for."),
    "tags": FieldSpec(FieldType.TAGS, "Short words to filter by, e.g. stretch, floor."),
    "phase": FieldSpec(FieldType.PHASE, "When it fits: acute, recovery or prevention."),
    "position": FieldSpec(
        FieldType.POSITION,
        "Where the body is: lying, kneeling, sitting or standing, or a list of them; "
        "a routine that uses others takes theirs when not given.",
    ),
    "caution": FieldSpec(FieldType.STRING, "Shown before the routine starts."),
    "source": FieldSpec(
        FieldType.NAMES,
        "Where the guidance comes from: an article's short id from `spasm sources` "
        "(e.g. core-stability-guide), or a source of your own in words.",
    ),
    "lead_in": FieldSpec(
        FieldType.LEAD_IN, "Get-ready countdown before the first step; 0 for none."
    ),
    "steps": FieldSpec(FieldType.STEPS, "The steps, in order.", required=True),
}

STEP_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec(FieldType.STRING, "What the step is called."),
    "instructions": FieldSpec(FieldType.TEXT, "What to do: a string or a list of short sentences."),
    "hold": FieldSpec(
        FieldType.DURATION, "Hold a position for this long (or each rep, with reps)."
    ),
    "reps": FieldSpec(FieldType.COUNT, "Number of repetitions.", maximum=MAX_REPS),
    "tempo": FieldSpec(FieldType.DURATION, "With reps: each rep takes this long."),
    "relax": FieldSpec(FieldType.DURATION, "With reps and hold: relax between reps (default 2s)."),
    "breathe": FieldSpec(FieldType.BREATHE, "Paced breathing."),
    "rest": FieldSpec(
        FieldType.DURATION, "Alone: a rest step. Otherwise: rest between sets and sides."
    ),
    "wait": FieldSpec(FieldType.TRUE, "An instruction acknowledged with Enter."),
    "use": FieldSpec(FieldType.NAME, "Include the steps of another routine."),
    "sides": FieldSpec(FieldType.SIDES, "both, left, right, or a list of left and right."),
    "alternate": FieldSpec(FieldType.BOOL, "With reps: reps alternate sides."),
    "sets": FieldSpec(
        FieldType.COUNT, "How many times to do it, with rest between.", maximum=MAX_SETS
    ),
    "figure": FieldSpec(
        FieldType.FIGURE,
        "A drawing of the position: a bundled figure's name (`spasm figures` lists them), "
        "or your own text art, a block (figure: |) or a list of lines.",
    ),
}

BREATHE_FIELDS: dict[str, FieldSpec] = {
    "inhale": FieldSpec(FieldType.DURATION, "Breathe in for this long.", required=True),
    "hold_in": FieldSpec(FieldType.DURATION, "Hold with lungs full."),
    "exhale": FieldSpec(FieldType.DURATION, "Breathe out for this long.", required=True),
    "hold_out": FieldSpec(FieldType.DURATION, "Hold with lungs empty."),
    "cycles": FieldSpec(FieldType.COUNT, "Number of breaths.", maximum=MAX_CYCLES),
    "duration": FieldSpec(FieldType.DURATION, "Breathe for this long, in whole cycles."),
}


class StepKind(str, Enum):
    """What a step does; every step does exactly one."""

    HOLD = "hold"
    REPS = "reps"
    BREATHE = "breathe"
    REST = "rest"
    WAIT = "wait"
    USE = "use"


# The keys each kind of step may carry besides title and instructions. The
# loader reports any other key as not belonging to that kind of step, and the
# schema's oneOf is built from the same table.
KIND_KEYS: dict[StepKind, tuple[str, ...]] = {
    StepKind.HOLD: ("hold", "sides", "sets", "rest", "figure"),
    StepKind.REPS: (
        "reps",
        "hold",
        "relax",
        "tempo",
        "sides",
        "alternate",
        "sets",
        "rest",
        "figure",
    ),
    StepKind.BREATHE: ("breathe", "sets", "rest", "figure"),
    StepKind.REST: ("rest", "figure"),
    StepKind.WAIT: ("wait", "figure"),
    StepKind.USE: ("use", "hold", "reps", "sets"),
}
COMMON_STEP_KEYS = ("title", "instructions")
# The key whose presence makes a step of that kind.
KIND_KEY: dict[StepKind, str] = {kind: kind.value for kind in StepKind}


@dataclass(frozen=True)
class Breathe:
    """A paced-breathing pattern. Exactly one of cycles and duration is set."""

    inhale: float
    exhale: float
    hold_in: float = 0.0
    hold_out: float = 0.0
    cycles: int | None = None
    duration: float | None = None

    @property
    def cycle_seconds(self) -> float:
        """Length of one breath, all phases."""
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    @property
    def cycle_count(self) -> int:
        """Whole cycles played: as many as fit in ``duration``, at least one."""
        if self.cycles is not None:
            return self.cycles
        assert self.duration is not None
        return max(1, int((self.duration + 1e-9) // self.cycle_seconds))


@dataclass(frozen=True)
class Step:
    """One validated step of a routine file."""

    kind: StepKind
    title: str
    instructions: tuple[str, ...] = ()
    hold: float | None = None
    reps: int | None = None
    tempo: float | None = None
    relax: float | None = None
    breathe: Breathe | None = None
    rest: float | None = None
    use: str | None = None
    sides: tuple[str, ...] = ()
    alternate: bool = False
    sets: int | None = None
    # The drawing beside the step, as drawn: a bundled figure's first phase
    # (``figure_name`` names it) or the writer's own art, lines of one width.
    figure: tuple[str, ...] = ()
    figure_name: str | None = None
    line: int = 0  # where the step starts in its file, for messages

    @property
    def set_count(self) -> int:
        """Sets to play; 1 when not given."""
        return self.sets or 1


@dataclass(frozen=True)
class RoutineWarning:
    """Something in a valid routine that does nothing, with its place in the file.

    A warning never stops a command: ``validate`` exits 0 with it, ``show``
    and ``routine`` print it once on stderr, ``list`` leaves it out. It is
    said rather than refused when the rest of the routine is fine as it is
    (a ``rest:`` with nothing to rest between is only a wasted line).
    """

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: warning: {self.where}: {self.message}"
        return printable(text, lines=False)


@dataclass(frozen=True)
class Routine:
    """A validated routine, as read from one file."""

    name: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    tags: tuple[str, ...] = ()
    phase: str | None = None
    # As written in the file; a routine that uses others without saying takes
    # theirs (``format.position``), which needs the library to find them.
    position: tuple[str, ...] = ()
    caution: str | None = None
    source: tuple[str, ...] = ()
    lead_in: float | None = None
    path: Path | None = None
    origin: str = "path"  # bundled | user | dir | env | path
    digest: str = ""  # sha256 of the file's bytes
    overrides: tuple[str, ...] = field(default=())  # origins this one hides
    # What in the file does nothing (see RoutineWarning); expansion adds its own.
    warnings: tuple[RoutineWarning, ...] = ()

    @property
    def key(self) -> str:
        """Who the routine is, for history: its name, or ``file:PATH`` for a file given by path.

        A file given on the command line may say ``name: breathing``; it is
        not the bundled ``breathing``, and its sessions must not be counted
        as that routine's. A routine of a lookup folder is what its name finds.
        """
        if self.origin != "path" or self.path is None:
            return self.name
        try:
            where = self.path.resolve()
        except (OSError, RuntimeError):  # a loop of links: the path as given, made absolute
            where = self.path.absolute()
        return f"file:{where}"

    @property
    def effective_lead_in(self) -> float:
        """The get-ready time, with the default applied."""
        return DEFAULT_LEAD_IN if self.lead_in is None else self.lead_in
