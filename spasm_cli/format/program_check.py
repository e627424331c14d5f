"""Validating a program file: its keys, its days and its progression rule, each problem located.

``ProgramChecker`` is the routine ``Checker`` (``format.validate``) walking
the program format's field tables (``program_model``): unknown keys, text,
names, sources and phases are checked as in a routine, with the same words;
the program's own value types (a percent, the days, ``progress:``) are
checked here. ``parse_program`` and ``load_program`` mirror the routine
loader: whatever the bytes, the result is a ``Program`` or a ``RoutineError``
carrying every problem with its file, line and column. That a day's routines
exist and fit the caps needs the library: see ``program_library``.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from spasm_cli.errors import RoutineError
from spasm_cli.format import values as checks
from spasm_cli.format.loader import decode, read_bytes
from spasm_cli.format.model import FieldSpec, FieldType
from spasm_cli.format.program_model import (
    DEFAULT_PROGRESS,
    MAX_BACK_OFF,
    MAX_DAY_ROUTINES,
    MAX_DAYS,
    MIN_BACK_OFF,
    NO_PROGRESS,
    PERCENT_RANGES,
    PROGRAM_FIELDS,
    PROGRESS_FIELDS,
    DayRoutine,
    Program,
    ProgramDay,
    Progress,
)
from spasm_cli.format.validate import Checker, Invalid
from spasm_cli.format.values import where
from spasm_cli.format.yamlsafe import Path_, load_located

__all__ = ["ProgramChecker", "load_program", "looks_like_program", "parse_program"]

EXAMPLE_DAY = "[core-beginner, childs-pose]"
_EMPTY = "a program: title and days"
# A percent is written as a person writes one, whole, with its sign: the
# schema's pattern is the same, so an editor and spasm agree on `70%`.
_PERCENT = re.compile(r"([0-9]+)%")
_FRACTION = re.compile(r"([0-9]+)\.[0-9]+\s*%?")
_BARE = re.compile(r"([0-9]+)\s*%?")
_TRUE = "progress: true is not a rule: leave progress out for the defaults, write its keys, or off"
_BACK_OFF = PROGRESS_FIELDS["back_off_at"]


def _got(raw: Any) -> str:
    """A value as messages say they got it: a word quoted, anything else by its kind."""
    return checks.show(raw) if isinstance(raw, str) else checks.kind_name(raw)


class ProgramChecker(Checker):
    """Walks a located program document, building a ``Program`` and recording every problem."""

    def where(self, path: Path_) -> str:
        """``day 3``, ``day 3, routine 2``, ``progress.start``; the document is ``program``."""
        if not path:
            return "program"
        if path[0] == "days" and len(path) > 1 and isinstance(path[1], int):
            day = f"day {path[1] + 1}"
            if len(path) > 2 and isinstance(path[2], int):
                return f"{day}, routine {path[2] + 1}"
            return day
        return where(path)

    # -- the document ---------------------------------------------------------

    def program(self, default_name: str | None, expected_name: str | None = None) -> Program | None:
        """The ``Program`` the document describes, or None when a problem keeps it from being one.

        ``default_name`` (the file name) is the name when ``name:`` is not
        given; with ``expected_name`` a ``name:`` other than it is a problem.
        """
        doc = self.located.value
        if doc is None:
            self.report((), f"file is empty (expected {_EMPTY})")
            return None
        if not isinstance(doc, dict):
            self.report((), f"expected a mapping with title and days, got {checks.kind_name(doc)}")
            return None
        values = self.mapping(doc, (), PROGRAM_FIELDS)
        name = self._own_name(values.get("name"), default_name, expected_name)
        if "days" not in values or "title" not in values or name is None:
            return None
        given_next = "next" in values
        next_line, next_column = self.located.place(("next",)) if given_next else (0, 0)
        return Program(
            name=name,
            title=values["title"],
            days=values["days"],
            summary=values.get("summary", ""),
            phase=values.get("phase"),
            source=values.get("source", ()),
            caution=values.get("caution"),
            progress=values.get("progress", DEFAULT_PROGRESS),
            progress_given="progress" in doc,
            next=values.get("next"),
            next_line=next_line,
            next_column=next_column,
            warnings=tuple(self.warnings),
        )

    def _own_name(
        self, name: str | None, default_name: str | None, expected_name: str | None
    ) -> str | None:
        if name is None:
            if default_name is not None and checks.is_name(default_name):
                return default_name
            if default_name is None:
                # Read from a pipe or a string: there is no file name to take.
                self.report(
                    (), "missing name (expected name: with lowercase letters, digits and dashes)"
                )
            else:
                self.report(
                    (),
                    f"the file name {default_name!r} is not a program name "
                    "(expected name: with lowercase letters, digits and dashes)",
                )
            return None
        if expected_name is not None and name != expected_name:
            self.report(
                ("name",),
                f"name '{name}' does not match the file name (expected name: {expected_name}, "
                "or rename the file)",
            )
            return None
        return name

    # -- single values ----------------------------------------------------------

    def value(self, raw: Any, path: Path_, spec: FieldSpec) -> Any:
        """The program format's own types here; every shared one as a routine checks it."""
        if spec is _BACK_OFF:
            return self.back_off(raw, path)
        if spec.type is FieldType.PERCENT:
            return self.percent(raw, path)
        if spec.type is FieldType.DAYS:
            return self.days(raw, path)
        if spec.type is FieldType.PROGRESS:
            return self.progress(raw, path)
        if spec.type is FieldType.NAME:
            # name: and next: name programs; a routine's words would mislead.
            if not checks.is_name(raw):
                raise self.fail(
                    path,
                    "expected a program name of lowercase letters, digits and dashes, "
                    f"got {checks.show(raw)}",
                )
            return str(raw)
        return super().value(raw, path, spec)

    def days(self, raw: Any, path: Path_) -> tuple[ProgramDay, ...]:
        """``days:``: a list of 1 to ``MAX_DAYS`` days; each day's problems are its own."""
        if not isinstance(raw, list):
            raise self.fail(
                path,
                "expected a list of days, each a routine name or a list of them "
                f"like {EXAMPLE_DAY}, got {_got(raw)}",
            )
        if not raw:
            raise self.fail(
                path,
                f"expected at least one day, got an empty list (each day is a line like - {EXAMPLE_DAY})",
            )
        if len(raw) > MAX_DAYS:
            raise self.fail(path, f"expected at most {MAX_DAYS} days (a year), got {len(raw):,}")
        days: list[ProgramDay] = []
        for index, item in enumerate(raw):
            with contextlib.suppress(Invalid):
                days.append(self.day(item, (*path, index)))
        return tuple(days)

    def day(self, raw: Any, path: Path_) -> ProgramDay:
        """One day: a routine name (a day of one routine) or a list of 1 to ``MAX_DAY_ROUTINES``."""
        line, column = self.located.place(path)
        if isinstance(raw, str):
            return ProgramDay((self.day_routine(raw, path),), line, column)
        if not isinstance(raw, list):
            raise self.fail(
                path,
                f"expected a routine name or a list of them like {EXAMPLE_DAY}, got {_got(raw)}",
            )
        if not raw:
            raise self.fail(
                path, f"expected the routines of the day, like {EXAMPLE_DAY}, got an empty list"
            )
        if len(raw) > MAX_DAY_ROUTINES:
            raise self.fail(
                path,
                f"expected at most {MAX_DAY_ROUTINES} routines in one day, got {len(raw)} "
                "(one day is one session)",
            )
        routines: list[DayRoutine] = []
        for index, item in enumerate(raw):
            with contextlib.suppress(Invalid):
                routines.append(self.day_routine(item, (*path, index)))
        if len(routines) != len(raw):
            raise Invalid()
        return ProgramDay(tuple(routines), line, column)

    def day_routine(self, raw: Any, path: Path_) -> DayRoutine:
        """One routine name of a day, with its place in the file."""
        if not isinstance(raw, str):
            raise self.fail(path, f"expected a routine name like core-beginner, got {_got(raw)}")
        parts = [part.strip() for part in raw.split(",")]
        if len(parts) > 1 and all(checks.is_name(part) for part in parts):
            # `- core-beginner, childs-pose` is one word to YAML: the fix is brackets.
            raise self.fail(
                path,
                f"expected one routine name, got {checks.show(raw)}: a day of several "
                f"routines is a list in brackets, like [{', '.join(parts)}]",
            )
        line, column = self.located.place(path)
        return DayRoutine(self.name(raw, path), line, column)

    def progress(self, raw: Any, path: Path_) -> Progress:
        """``progress:``: a mapping of ``PROGRESS_FIELDS`` (missing keys take the defaults), or off."""
        # `off` is text in YAML 1.2 (and to yamlsafe); `false` says the same.
        if raw is False or raw == "off":
            return NO_PROGRESS
        if raw is True:
            raise self.fail(path, _TRUE)
        if not isinstance(raw, dict):
            raise self.fail(
                path,
                f"expected a mapping of {', '.join(PROGRESS_FIELDS)}, or off, got {_got(raw)}",
            )
        before = self.seen
        values = self.mapping(raw, path, PROGRESS_FIELDS)
        if self.seen != before:
            raise Invalid()
        rule = replace(DEFAULT_PROGRESS, **values)
        if rule.max < rule.start:
            past = "so the first session would already be past the most the rule allows"
            if "max" in raw:
                raise self.fail(
                    (*path, "max"),
                    f"max {rule.max}% is below start {rule.start}%, {past} "
                    f"(expected max at least {rule.start}%)",
                )
            raise self.fail(
                (*path, "start"),
                f"start {rule.start}% is above max ({rule.max}% when not given), {past} "
                f"(expected start at most {rule.max}%, or a max of at least {rule.start}%)",
            )
        return rule

    def percent(self, raw: Any, path: Path_) -> int:
        """A whole percent with its sign (``70%``), within its key's ``PERCENT_RANGES``."""
        low, high = PERCENT_RANGES[str(path[-1])]
        if isinstance(raw, str):
            whole = _PERCENT.fullmatch(raw)
            if whole:
                digits = whole.group(1).lstrip("0") or "0"
                # A thousand digits would be slow to make a number of, and is out of range anyway.
                if len(digits) > 4 or not low <= int(digits) <= high:
                    raise self.fail(
                        path, f"expected a percent from {low}% to {high}%, got {checks.show(raw)}"
                    )
                return int(digits)
            fraction = _FRACTION.fullmatch(raw.strip())
            if fraction:
                raise self.fail(path, self._not_whole(raw, int(fraction.group(1))))
            bare = _BARE.fullmatch(raw.strip())
            if bare:
                fix = f" (write {bare.group(1)}%)"
                raise self.fail(path, f"expected a percent like 70%, got {checks.show(raw)}{fix}")
        elif isinstance(raw, int) and not isinstance(raw, bool):
            # YAML reads `70` as a number: the sign is what makes it a share.
            raise self.fail(path, f"expected a percent with its sign, got {raw} (write {raw}%)")
        elif isinstance(raw, float) and raw == raw and abs(raw) < 1e6:
            if raw.is_integer():
                raise self.fail(
                    path, f"expected a percent with its sign, got {raw} (write {int(raw)}%)"
                )
            raise self.fail(path, self._not_whole(raw, int(raw)))
        raise self.fail(path, f"expected a percent like 70%, got {_got(raw)}")

    @staticmethod
    def _not_whole(raw: Any, floor: int) -> str:
        fix = f" (write {floor}% or {floor + 1}%)" if floor >= 1 else ""
        return f"expected a whole percent like 70%, got {checks.show(raw)}{fix}"

    def back_off(self, raw: Any, path: Path_) -> int:
        """Points of pain, ``MIN_BACK_OFF`` to ``MAX_BACK_OFF``: 1 is refused, saying why."""
        expected = f"expected a whole number from {MIN_BACK_OFF} to {MAX_BACK_OFF}"
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(path, f"{expected}, got {checks.show(raw)}")
        if raw == 1:
            raise self.fail(
                path,
                f"{expected}, got 1: a rise of 1 point still counts as a settled session, "
                "so it cannot also be the rise that steps the dose down",
            )
        if not MIN_BACK_OFF <= raw <= MAX_BACK_OFF:
            raise self.fail(path, f"{expected}, got {raw}")
        return raw


def parse_program(
    data: bytes,
    display: str,
    *,
    default_name: str | None = None,
    path: Path | None = None,
    origin: str = "path",
    expected_name: str | None = None,
) -> Program:
    """Validate program ``data`` (the file's bytes) named ``display`` in messages.

    Raises ``RoutineError`` with every problem found; never a YAML or Python error.
    """
    text = decode(data, display, expected=_EMPTY)
    located = load_located(text, display)
    if isinstance(located, list):
        raise RoutineError(located)
    checker = ProgramChecker(located, display)
    program = checker.program(default_name, expected_name)
    if checker.problems or program is None:
        raise RoutineError(checker.closing())
    digest = hashlib.sha256(data).hexdigest()
    return replace(program, path=path, origin=origin, digest=digest)


def load_program(
    path: Path, *, display: str | None = None, origin: str = "path", match_name: bool = False
) -> Program:
    """Read, parse and validate the program file at ``path``.

    ``display`` is how the file is named in messages (defaults to the path as
    given). With ``match_name`` (a file in a programs folder, found by its
    file name) a ``name:`` other than the file name is a problem. The routines
    the days name are not looked up here; see ``program_library.check_program``.
    """
    shown = display if display is not None else str(path)
    data = read_bytes(path, shown, what="program")
    return parse_program(
        data,
        shown,
        default_name=path.stem,
        path=path,
        origin=origin,
        expected_name=path.stem if match_name else None,
    )


def looks_like_program(data: bytes) -> bool:
    """Whether ``data`` reads as a program rather than a routine: ``days:`` and no ``steps:``.

    A sniff for ``spasm validate FILE``, which checks either kind of file:
    anything unreadable (not UTF-8, bad YAML, not a mapping) is not a program,
    and is then reported in a routine's words. It never raises.
    """
    try:
        text = decode(data, "")
    except RoutineError:
        return False
    located = load_located(text, "")
    if isinstance(located, list):
        return False
    doc = located.value
    return isinstance(doc, dict) and "days" in doc and "steps" not in doc
