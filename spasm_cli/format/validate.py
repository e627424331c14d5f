"""Validating a routine document: every key, value and step, each problem located.

``Checker`` walks the document ``format.yamlsafe`` read (values with their
places in the file) against the field tables of ``format.model``, builds the
``Routine`` and records every problem with its file, line and column, at most
``MAX_PROBLEMS`` of them. Single values are checked by ``format.values``
(imported as ``checks``: ``values`` is what a step's keys are called here).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from spasm_cli.errors import Problem
from spasm_cli.format import values as checks
from spasm_cli.format.durations import format_duration
from spasm_cli.format.idle import idle_keys
from spasm_cli.format.model import (
    BREATHE_FIELDS,
    COMMON_STEP_KEYS,
    DEFAULT_RELAX,
    KIND_KEYS,
    MAX_CYCLES,
    ROUTINE_FIELDS,
    SIDES,
    STEP_FIELDS,
    Breathe,
    FieldSpec,
    FieldType,
    Routine,
    RoutineWarning,
    Step,
    StepKind,
)
from spasm_cli.format.step_kind import KIND_NAMES, NO_KIND, meant, misplaced, step_kind, two_kinds
from spasm_cli.format.suggest import bracket_hint
from spasm_cli.format.values import where
from spasm_cli.format.yamlsafe import Located, Path_

MAX_PROBLEMS = 100  # per file; the rest are counted, not listed
_DEFAULT_TITLES = {
    StepKind.HOLD: "Hold",
    StepKind.REPS: "Repetitions",
    StepKind.BREATHE: "Breathing",
    StepKind.REST: "Rest",
    StepKind.WAIT: "Get ready",
    StepKind.USE: "",
}


class Invalid(Exception):
    """One value failed its check; the message has been recorded."""


class Checker:
    """Walks a located YAML document, building a ``Routine`` and recording every problem."""

    def __init__(self, located: Located, display: str) -> None:
        self.located = located
        self.display = display
        self.problems: list[Problem] = []
        self.warnings: list[RoutineWarning] = []
        self.unshown = 0

    def report(
        self, path: Path_, message: str, *, key: bool = False, at: tuple[int, int] | None = None
    ) -> None:
        """Record a problem at ``path`` (its key, with ``key``), or at the place ``at``."""
        if self.full:
            self.unshown += 1
            return
        line, column = at or self.located.place(path, key=key)
        self.problems.append(Problem(self.display, line, column, self.where(path), message))

    def warn(self, path: Path_, message: str) -> None:
        """Note a key that does nothing; ``path`` ends with the key."""
        if len(self.warnings) < MAX_PROBLEMS:
            line, column = self.located.place(path, key=True)
            self.warnings.append(
                RoutineWarning(self.display, line, column, self.where(path), message)
            )

    def where(self, path: Path_) -> str:
        """How messages name the place ``path``; a checker of another format names its own."""
        return where(path)

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

    def fail(self, path: Path_, message: str) -> Invalid:
        self.report(path, message)
        return Invalid()

    # -- the document ---------------------------------------------------------

    def routine(self, default_name: str | None, expected_name: str | None = None) -> Routine | None:
        doc = self.located.value
        if doc is None:
            self.report((), "file is empty (expected a routine: title and steps)")
            return None
        if not isinstance(doc, dict):
            self.report((), f"expected a mapping with title and steps, got {checks.kind_name(doc)}")
            return None
        values = self.mapping(doc, (), ROUTINE_FIELDS)
        name = values.get("name")
        if name is None:
            if default_name is not None and checks.is_name(default_name):
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
            position=values.get("position", ()),
            caution=values.get("caution"),
            source=values.get("source", ()),
            lead_in=values.get("lead_in"),
            warnings=tuple(self.warnings),
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
            with contextlib.suppress(Invalid):
                values[key] = self.value(raw, (*path, key), spec)
        guessed = meant(doc, fields)
        for key, spec in fields.items():
            # `titel:` is one mistake, reported once as an unknown key.
            if spec.required and key not in doc and key not in guessed:
                self.report(path, f"missing required key '{key}' ({spec.description.rstrip('.')})")
        return values

    def unknown_key(self, path: Path_, key: str, fields: dict[str, FieldSpec]) -> None:
        if self.full:
            self.unshown += 1
            return
        hint = bracket_hint(key, fields, most=1) or f" (expected one of: {', '.join(fields)})"
        self.report(path, f"unknown key {checks.quote(key)}{hint}", key=True)

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
                return tuple(self.items(raw, path, self.source))
            return (self.source(raw, path),)
        if kind is FieldType.TAGS:
            if not isinstance(raw, list):
                raise self.fail(
                    path,
                    f"expected a list of tags like [stretch, floor], got {checks.kind_name(raw)}",
                )
            return tuple(self.items(raw, path, self.tag))
        if kind is FieldType.PHASE:
            return self._check(path, checks.phase, raw)
        if kind is FieldType.POSITION:
            return tuple(self._check(path, checks.position, raw))
        if kind in (FieldType.DURATION, FieldType.LEAD_IN):
            return self.duration(raw, path, allow_zero=kind is FieldType.LEAD_IN)
        if kind is FieldType.COUNT:
            return self.count(raw, path, spec.maximum or 1)
        if kind is FieldType.TRUE:
            if raw is not True:
                raise self.fail(path, f"expected true, got {checks.show(raw)}")
            return True
        if kind is FieldType.BOOL:
            if not isinstance(raw, bool):
                raise self.fail(path, f"expected true or false, got {checks.kind_name(raw)}")
            return raw
        if kind is FieldType.SIDES:
            return self.sides(raw, path)
        if kind is FieldType.BREATHE:
            return self.breathe(raw, path)
        if kind is FieldType.FIGURE:
            return self.figure(raw, path)
        assert kind is FieldType.STEPS
        return self.steps(raw, path)

    def items(self, raw: list[Any], path: Path_, check: Callable[[Any, Path_], Any]) -> list[Any]:
        if not raw:
            raise self.fail(path, "expected at least one item, got an empty list")
        if len(raw) > checks.MAX_LIST:
            raise self.fail(path, f"expected at most {checks.MAX_LIST} items, got {len(raw)}")
        out = []
        for index, item in enumerate(raw):
            with contextlib.suppress(Invalid):
                out.append(check(item, (*path, index)))
        return out

    def _check(self, path: Path_, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except checks.Bad as bad:
            raise self.fail(path, str(bad)) from None

    def text(self, raw: Any, path: Path_) -> str:
        return str(self._check(path, checks.text, raw, self.located.written.get(path)))

    def source(self, raw: Any, path: Path_) -> str:
        return str(self._check(path, checks.source, raw))

    def name(self, raw: Any, path: Path_) -> str:
        return str(self._check(path, checks.name, raw))

    def tag(self, raw: Any, path: Path_) -> str:
        return str(self._check(path, checks.tag, raw))

    def duration(self, raw: Any, path: Path_, *, allow_zero: bool = False) -> float:
        return float(self._check(path, checks.duration, raw, allow_zero=allow_zero))

    def count(self, raw: Any, path: Path_, maximum: int) -> int:
        return int(self._check(path, checks.count, raw, maximum))

    def sides(self, raw: Any, path: Path_) -> tuple[str, ...]:
        return tuple(self._check(path, checks.sides, raw))

    def figure(self, raw: Any, path: Path_) -> tuple[tuple[str, ...], str | None]:
        """A figure's lines and name; a bad line is placed at that line (list item or block)."""
        try:
            return checks.figure(raw)
        except checks.BadLine as bad:
            if isinstance(raw, list):
                raise self.fail((*path, bad.index), str(bad)) from None
            lines = self.located.blocks.get(path, ())
            at = lines[bad.index] if bad.index < len(lines) else None
            self.report(path, str(bad), at=at)
            raise Invalid() from None
        except checks.Bad as bad:
            raise self.fail(path, str(bad)) from None

    def breathe(self, raw: Any, path: Path_) -> Breathe:
        if not isinstance(raw, dict):
            raise self.fail(
                path,
                f"expected a mapping with inhale, exhale and cycles or duration, got {checks.kind_name(raw)}",
            )
        values = self.mapping(raw, path, BREATHE_FIELDS)
        if "cycles" in raw and "duration" in raw:
            raise self.fail(path, "give cycles or duration, not both")
        if "cycles" not in raw and "duration" not in raw:
            if meant(raw, BREATHE_FIELDS) & {"cycles", "duration"}:
                raise Invalid()  # `cylces:` has been reported as an unknown key
            raise self.fail(path, "missing cycles or duration (how long to breathe)")
        if len(values) != len(raw) or "inhale" not in values or "exhale" not in values:
            raise Invalid()
        if "cycles" not in values and "duration" not in values:
            raise Invalid()
        pattern = Breathe(
            inhale=values["inhale"],
            exhale=values["exhale"],
            hold_in=values.get("hold_in", 0.0),
            hold_out=values.get("hold_out", 0.0),
            cycles=values.get("cycles"),
            duration=values.get("duration"),
        )
        if pattern.cycle_count > MAX_CYCLES:
            # cycles: has its own maximum; a duration gives as many cycles as
            # fit, and must not give more than cycles: may ask for.
            raise self.fail(
                (*path, "duration"),
                f"breathes {pattern.cycle_count:,} cycles of {format_duration(pattern.cycle_seconds)} "
                f"(expected at most {MAX_CYCLES}): a shorter duration or longer breaths",
            )
        return pattern

    # -- steps ------------------------------------------------------------------

    def steps(self, raw: Any, path: Path_) -> tuple[Step, ...]:
        if not isinstance(raw, list):
            raise self.fail(path, f"expected a list of steps, got {checks.kind_name(raw)}")
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
                f"expected a step (a mapping with title and one of hold, reps, breathe, rest, wait, use), got {checks.kind_name(raw)}",
            )
            return None
        before = self.seen
        values = self.mapping(raw, path, STEP_FIELDS)
        kind = step_kind(raw)
        if isinstance(kind, list):
            if len(kind) > 1:
                self.report(path, two_kinds(kind))
            elif not meant(raw, STEP_FIELDS) & KIND_NAMES:
                # `hodl: 10` or `breathing:` is one mistake, reported as an
                # unknown key: "no kind" on top of it would be a cascade.
                self.report(path, NO_KIND)
            return None
        allowed = set(KIND_KEYS[kind]) | set(COMMON_STEP_KEYS)
        for key in raw:
            if key in STEP_FIELDS and key not in allowed:
                self.report((*path, key), misplaced(key, kind), key=True)
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
        for key, message in idle_keys(raw, kind, sides):
            self.warn((*path, key), message)
        figure, figure_name = values.get("figure", ((), None))
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
            figure=figure,
            figure_name=figure_name,
            line=self.located.place(path)[0],
        )
