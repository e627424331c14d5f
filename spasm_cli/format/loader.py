"""Loading and validating routine files.

``load_routine`` reads one file and returns a ``Routine`` or raises a
``RoutineError`` carrying every problem found, each with its file, line and
column. It never lets a YAML or Python error escape: whatever the bytes, the
result is a routine or a list of problems.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spasm_cli.errors import Problem, RoutineError
from spasm_cli.format.durations import DURATION_HELP, DurationError, parse_duration
from spasm_cli.format.model import (
    BREATHE_FIELDS,
    COMMON_STEP_KEYS,
    DEFAULT_RELAX,
    KIND_KEYS,
    MAX_DURATION,
    MAX_FILE_BYTES,
    NAME_PATTERN,
    PHASES,
    ROUTINE_FIELDS,
    SIDES,
    STEP_FIELDS,
    Breathe,
    FieldSpec,
    FieldType,
    Routine,
    Step,
    StepKind,
)
from spasm_cli.format.yamlsafe import Located, Path_, load_located

_NAME = re.compile(NAME_PATTERN)
MAX_PROBLEMS = 100  # per file; the rest are counted, not listed
MAX_TEXT = 2000  # characters in one title, instruction or caution
MAX_LIST = 200  # items in instructions, tags or sources
# A step is of the first kind whose key it has, in this order; any other kind
# key it also has makes it a step of two kinds. `hold` and `rest` are kinds
# only on their own: with reps they time each rep, with others they rest between sets.
_KIND_ORDER = (StepKind.USE, StepKind.BREATHE, StepKind.REPS, StepKind.WAIT)
_DEFAULT_TITLES = {
    StepKind.HOLD: "Hold",
    StepKind.REPS: "Repetitions",
    StepKind.BREATHE: "Breathing",
    StepKind.REST: "Rest",
    StepKind.WAIT: "Get ready",
    StepKind.USE: "",
}


def read_bytes(path: Path, display: str) -> bytes:
    """Read a routine file, refusing directories, unreadable and oversized files."""
    try:
        if path.is_dir():
            raise RoutineError([Problem(display, 0, 0, "file", "is a folder, not a routine file")])
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise RoutineError([Problem(display, 0, 0, "file", "no such file")]) from None
    except PermissionError:
        raise RoutineError([Problem(display, 0, 0, "file", "permission denied")]) from None
    except OSError as err:
        raise RoutineError([Problem(display, 0, 0, "file", err.strerror or str(err))]) from None
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError(
            [Problem(display, 0, 0, "file", "is larger than 1 MiB; a routine file is a few KiB")]
        )
    return data


def load_routine(
    path: Path, *, display: str | None = None, origin: str = "path", match_name: bool = False
) -> Routine:
    """Read, parse and validate the routine file at ``path``.

    ``display`` is how the file is named in messages (defaults to the path as
    given). With ``match_name`` (a file in a routines folder, found by its file
    name) a ``name:`` other than the file name is a problem. ``use:``
    references are not resolved here; see ``library``.
    """
    shown = display if display is not None else str(path)
    data = read_bytes(path, shown)
    return parse_routine(
        data,
        shown,
        default_name=path.stem,
        path=path,
        origin=origin,
        expected_name=path.stem if match_name else None,
    )


def parse_routine(
    data: bytes,
    display: str,
    *,
    default_name: str | None = None,
    path: Path | None = None,
    origin: str = "path",
    expected_name: str | None = None,
) -> Routine:
    """Validate routine ``data`` (the file's bytes) named ``display`` in messages."""
    text = _decode(data, display)
    located = load_located(text, display)
    if isinstance(located, list):
        raise RoutineError(located)
    checker = _Checker(located, display)
    routine = checker.routine(default_name, expected_name)
    if checker.problems or routine is None:
        raise RoutineError(checker.closing())
    digest = hashlib.sha256(data).hexdigest()
    return Routine(
        name=routine.name,
        title=routine.title,
        steps=routine.steps,
        summary=routine.summary,
        tags=routine.tags,
        phase=routine.phase,
        caution=routine.caution,
        source=routine.source,
        lead_in=routine.lead_in,
        path=path,
        origin=origin,
        digest=digest,
    )


def _decode(data: bytes, display: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        # Columns count characters, as editors do, not bytes; all before the
        # bad byte decoded fine.
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8")) + 1
        byte = data[err.start]
        raise RoutineError(
            [Problem(display, line, column, "file", f"is not UTF-8 text (byte 0x{byte:02x})")]
        ) from None
    if not text.strip():
        raise RoutineError(
            [Problem(display, 1, 1, "file", "is empty (expected a routine: title and steps)")]
        )
    return text


def _show(value: object) -> str:
    """A value as messages quote it: its repr, cut short so a hostile file cannot flood them."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def where(path: Path_) -> str:
    """Format a value's path the way messages show it: ``steps[2].breathe.inhale``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "routine"


def _kind_name(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Invalid(Exception):
    """One value failed its check; the message has been recorded."""


class _Checker:
    def __init__(self, located: Located, display: str) -> None:
        self.located = located
        self.display = display
        self.problems: list[Problem] = []
        self.unshown = 0

    def report(self, path: Path_, message: str, *, key: bool = False) -> None:
        if self.full:
            self.unshown += 1
            return
        line, column = self.located.place(path, key=key)
        self.problems.append(Problem(self.display, line, column, where(path), message))

    @property
    def seen(self) -> int:
        """Problems found so far, shown or not."""
        return len(self.problems) + self.unshown

    @property
    def full(self) -> bool:
        """Enough problems to fix first: more would only bury them (and cost time)."""
        return len(self.problems) >= MAX_PROBLEMS

    def closing(self) -> list[Problem]:
        """The problems found, with a last line counting those not shown."""
        if not self.unshown:
            return self.problems
        last = self.problems[-1]
        more = Problem(
            self.display, last.line, last.column, "file", f"{self.unshown} more problems not shown"
        )
        return [*self.problems, more]

    def fail(self, path: Path_, message: str) -> _Invalid:
        self.report(path, message)
        return _Invalid()

    # -- the document ---------------------------------------------------------

    def routine(self, default_name: str | None, expected_name: str | None = None) -> Routine | None:
        doc = self.located.value
        if doc is None:
            self.report((), "file is empty (expected a routine: title and steps)")
            return None
        if not isinstance(doc, dict):
            self.report((), f"expected a mapping with title and steps, got {_kind_name(doc)}")
            return None
        values = self.mapping(doc, (), ROUTINE_FIELDS)
        name = values.get("name")
        if name is None:
            if default_name is not None and _NAME.fullmatch(default_name):
                name = default_name
            else:
                self.report(
                    (),
                    f"the file name {default_name!r} is not a routine name "
                    "(expected name: with lowercase letters, digits and dashes)",
                )
        elif expected_name is not None and name != expected_name:
            self.report(
                ("name",),
                f"name '{name}' does not match the file name (expected name: {expected_name}, "
                "or rename the file)",
            )
            name = None
        if "steps" not in values or "title" not in values or name is None:
            return None
        return Routine(
            name=name,
            title=values["title"],
            steps=values["steps"],
            summary=values.get("summary", ""),
            tags=values.get("tags", ()),
            phase=values.get("phase"),
            caution=values.get("caution"),
            source=values.get("source", ()),
            lead_in=values.get("lead_in"),
        )

    def mapping(
        self, doc: dict[str, Any], path: Path_, fields: dict[str, FieldSpec]
    ) -> dict[str, Any]:
        """Check every key of ``doc`` against ``fields``; return the valid values."""
        values: dict[str, Any] = {}
        for key, raw in doc.items():
            spec = fields.get(key)
            if spec is None:
                self.unknown_key((*path, key), key, fields)
                continue
            # An invalid value has been reported; the other keys are still checked.
            with contextlib.suppress(_Invalid):
                values[key] = self.value(raw, (*path, key), spec)
        for key, spec in fields.items():
            if spec.required and key not in doc:
                self.report(path, f"missing required key '{key}' ({spec.description.rstrip('.')})")
        return values

    def unknown_key(self, path: Path_, key: str, fields: dict[str, FieldSpec]) -> None:
        if self.full:
            self.unshown += 1
            return
        guess = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
        hint = (
            f" (did you mean '{guess[0]}'?)"
            if guess
            else f" (expected one of: {', '.join(fields)})"
        )
        self.report(path, f"unknown key '{key}'{hint}", key=True)

    # -- single values ----------------------------------------------------------

    def value(self, raw: Any, path: Path_, spec: FieldSpec) -> Any:
        kind = spec.type
        if kind is FieldType.STRING:
            return self.text(raw, path)
        if kind is FieldType.TEXT:
            if isinstance(raw, list):
                return tuple(self.items(raw, path, self.text))
            return (self.text(raw, path),)
        if kind is FieldType.NAME:
            return self.name(raw, path)
        if kind is FieldType.NAMES:
            if isinstance(raw, list):
                return tuple(self.items(raw, path, self.text))
            return (self.text(raw, path),)
        if kind is FieldType.TAGS:
            if not isinstance(raw, list):
                raise self.fail(
                    path, f"expected a list of tags like [stretch, floor], got {_kind_name(raw)}"
                )
            return tuple(self.items(raw, path, self.tag))
        if kind is FieldType.PHASE:
            if raw not in PHASES:
                raise self.fail(path, f"expected one of {', '.join(PHASES)}, got {_show(raw)}")
            return raw
        if kind in (FieldType.DURATION, FieldType.LEAD_IN):
            return self.duration(raw, path, allow_zero=kind is FieldType.LEAD_IN)
        if kind is FieldType.COUNT:
            return self.count(raw, path, spec.maximum or 1)
        if kind is FieldType.TRUE:
            if raw is not True:
                raise self.fail(path, f"expected true, got {_show(raw)}")
            return True
        if kind is FieldType.BOOL:
            if not isinstance(raw, bool):
                raise self.fail(path, f"expected true or false, got {_kind_name(raw)}")
            return raw
        if kind is FieldType.SIDES:
            return self.sides(raw, path)
        if kind is FieldType.BREATHE:
            return self.breathe(raw, path)
        assert kind is FieldType.STEPS
        return self.steps(raw, path)

    def items(self, raw: list[Any], path: Path_, check: Callable[[Any, Path_], Any]) -> list[Any]:
        if not raw:
            raise self.fail(path, "expected at least one item, got an empty list")
        if len(raw) > MAX_LIST:
            raise self.fail(path, f"expected at most {MAX_LIST} items, got {len(raw)}")
        out = []
        for index, item in enumerate(raw):
            with contextlib.suppress(_Invalid):
                out.append(check(item, (*path, index)))
        return out

    def text(self, raw: Any, path: Path_) -> str:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            # The schema says string; YAML turns `title: 5` or `1:30` into a
            # number, so ask for quotes rather than guess how it was written.
            raise self.fail(path, f"expected text, got a number (put it in quotes: '{raw}')")
        if not isinstance(raw, str):
            raise self.fail(path, f"expected text, got {_kind_name(raw)}")
        text = str(raw).strip()
        if not text:
            raise self.fail(path, "expected text, got an empty string")
        if len(text) > MAX_TEXT:
            raise self.fail(path, f"text is longer than {MAX_TEXT} characters")
        return text

    def name(self, raw: Any, path: Path_) -> str:
        if not isinstance(raw, str) or not _NAME.fullmatch(raw) or len(raw) > 100:
            raise self.fail(
                path,
                f"expected a routine name of lowercase letters, digits and dashes, got {_show(raw)}",
            )
        return raw

    def tag(self, raw: Any, path: Path_) -> str:
        if not isinstance(raw, str) or not _NAME.fullmatch(raw) or len(raw) > 40:
            raise self.fail(
                path, f"expected a tag of lowercase letters, digits and dashes, got {_show(raw)}"
            )
        return raw

    def duration(self, raw: Any, path: Path_, *, allow_zero: bool = False) -> float:
        try:
            seconds = parse_duration(raw)
        except DurationError as err:
            raise self.fail(path, str(err)) from None
        if seconds == 0 and not allow_zero:
            raise self.fail(
                path, f"expected a duration above zero ({DURATION_HELP}), got {_show(raw)}"
            )
        if seconds > MAX_DURATION:
            raise self.fail(path, f"expected at most 1 hour, got {_show(raw)}")
        return seconds

    def count(self, raw: Any, path: Path_, maximum: int) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(path, f"expected a whole number from 1 to {maximum}, got {_show(raw)}")
        if not 1 <= raw <= maximum:
            raise self.fail(path, f"expected a whole number from 1 to {maximum}, got {raw}")
        return raw

    def sides(self, raw: Any, path: Path_) -> tuple[str, ...]:
        if raw == "both":
            return SIDES
        if raw in SIDES:
            return (raw,)
        if isinstance(raw, list) and raw and all(item in SIDES for item in raw):
            if len(set(raw)) != len(raw):
                raise self.fail(path, "each side may appear once")
            return tuple(raw)
        raise self.fail(
            path, f"expected both, left, right or a list of left and right, got {_show(raw)}"
        )

    def breathe(self, raw: Any, path: Path_) -> Breathe:
        if not isinstance(raw, dict):
            raise self.fail(
                path,
                f"expected a mapping with inhale, exhale and cycles or duration, got {_kind_name(raw)}",
            )
        values = self.mapping(raw, path, BREATHE_FIELDS)
        if "cycles" in raw and "duration" in raw:
            raise self.fail(path, "give cycles or duration, not both")
        if "cycles" not in raw and "duration" not in raw:
            raise self.fail(path, "missing cycles or duration (how long to breathe)")
        if len(values) != len(raw) or "inhale" not in values or "exhale" not in values:
            raise _Invalid()
        if "cycles" not in values and "duration" not in values:
            raise _Invalid()
        return Breathe(
            inhale=values["inhale"],
            exhale=values["exhale"],
            hold_in=values.get("hold_in", 0.0),
            hold_out=values.get("hold_out", 0.0),
            cycles=values.get("cycles"),
            duration=values.get("duration"),
        )

    # -- steps ------------------------------------------------------------------

    def steps(self, raw: Any, path: Path_) -> tuple[Step, ...]:
        if not isinstance(raw, list):
            raise self.fail(path, f"expected a list of steps, got {_kind_name(raw)}")
        if not raw:
            raise self.fail(path, "expected at least one step, got an empty list")
        steps: list[Step] = []
        for index, item in enumerate(raw):
            step = self.step(item, (*path, index))
            if step is not None:
                steps.append(step)
        return tuple(steps)

    def step(self, raw: Any, path: Path_) -> Step | None:
        if not isinstance(raw, dict):
            self.report(
                path,
                f"expected a step (a mapping with title and one of hold, reps, breathe, rest, wait, use), got {_kind_name(raw)}",
            )
            return None
        before = self.seen
        values = self.mapping(raw, path, STEP_FIELDS)
        kind = self.step_kind(raw, path)
        if kind is None:
            return None
        allowed = set(KIND_KEYS[kind]) | set(COMMON_STEP_KEYS)
        for key in raw:
            if key in STEP_FIELDS and key not in allowed:
                self.report((*path, key), _misplaced(key, kind), key=True)
        if kind is StepKind.REPS:
            if "hold" in raw and "tempo" in raw:
                self.report(path, "give hold (each rep held) or tempo (each rep takes), not both")
            if "relax" in raw and "hold" not in raw:
                self.report(
                    (*path, "relax"), "relax goes with hold (time between held reps)", key=True
                )
        if kind is StepKind.USE and "title" not in raw:
            values["title"] = ""
        if self.seen != before:
            return None
        sides = values.get("sides", ())
        if values.get("alternate") and not sides:
            sides = SIDES
        relax = values.get("relax")
        if kind is StepKind.REPS and "hold" in values and relax is None:
            relax = DEFAULT_RELAX
        return Step(
            kind=kind,
            title=values.get("title") or _DEFAULT_TITLES[kind],
            instructions=values.get("instructions", ()),
            hold=values.get("hold"),
            reps=values.get("reps"),
            tempo=values.get("tempo"),
            relax=relax,
            breathe=values.get("breathe"),
            rest=values.get("rest"),
            use=values.get("use"),
            sides=sides,
            alternate=values.get("alternate", False),
            sets=values.get("sets"),
            line=self.located.place(path)[0],
        )

    def step_kind(self, raw: dict[str, Any], path: Path_) -> StepKind | None:
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
        if not kinds:
            self.report(
                path, "step has no kind (expected one of hold, reps, breathe, rest, wait, use)"
            )
            return None
        if len(kinds) > 1:
            names = " and ".join(kind.value for kind in kinds)
            self.report(path, f"step has two kinds ({names}); a step does exactly one")
            return None
        return kinds[0]


def _misplaced(key: str, kind: StepKind) -> str:
    homes = [other.value for other, keys in KIND_KEYS.items() if key in keys and other is not kind]
    home = f" (it goes with {' or '.join(homes)})" if homes else ""
    return f"'{key}' does not apply to a {kind.value} step{home}"
