"""Routines and their problems as the routine cache stores them, read back strictly.

The cache file is the user's to edit, break or replace: everything read back
from it is checked as the loader would check it (types, ranges, the keys each
kind of step carries), so an entry that a file could never have produced is
refused (``BadEntry``) and the file is parsed again. Nothing read from the
cache can make a later command fail.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from spasm_cli.errors import Problem, RoutineError
from spasm_cli.format import figures
from spasm_cli.format import values as checks
from spasm_cli.format.model import (
    COMMON_STEP_KEYS,
    KIND_KEYS,
    MAX_CYCLES,
    MAX_REPS,
    MAX_SETS,
    POSITIONS,
    SIDES,
    Breathe,
    Routine,
    RoutineWarning,
    Step,
    StepKind,
)

MAX_CACHED_PROBLEMS = 101  # the checker lists 100 and one line counting the rest
_MAX_STEPS = 20_000  # a file holds at most 20,000 YAML values
_ROUTINE_SKIP = ("path", "origin", "overrides")
_ROUTINE_KEYS = frozenset(f.name for f in fields(Routine)) - set(_ROUTINE_SKIP)
_STEP_KEYS = frozenset(f.name for f in fields(Step))
_BREATHE_KEYS = frozenset(f.name for f in fields(Breathe))
# Step fields that are kind keys in the format: a step may set only its kind's.
_KIND_FIELDS = frozenset(key for keys in KIND_KEYS.values() for key in keys) & _STEP_KEYS


class BadEntry(ValueError):
    """A cache entry that no routine file could have produced."""


# -- writing ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, StepKind):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Breathe):
        return {f.name: getattr(value, f.name) for f in fields(Breathe)}
    if isinstance(value, RoutineWarning):
        return [value.line, value.column, value.where, value.message]
    raise TypeError(f"cannot cache a {type(value).__name__}")


def routine_json(routine: Routine) -> dict[str, Any]:
    """A routine as JSON values; path, origin and overrides come from the key instead.

    Warnings keep their place but not their file name, which is the routine's
    display name when it is read back.
    """
    data: dict[str, Any] = {
        f.name: _plain(getattr(routine, f.name))
        for f in fields(Routine)
        if f.name not in _ROUTINE_SKIP and f.name != "steps"
    }
    data["steps"] = [
        {f.name: _plain(getattr(step, f.name)) for f in fields(Step)} for step in routine.steps
    ]
    return data


def problems_json(err: RoutineError, display: str) -> list[list[Any]]:
    """The problems of an invalid file; the file name is left out when it is ``display``."""
    return [
        [p.line, p.column, p.where, p.message, None if p.file == display else p.file]
        for p in err.problems
    ]


# -- reading, strictly -----------------------------------------------------------------


def _keys(data: Any, expected: frozenset[str], what: str) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) != expected:
        raise BadEntry(f"{what} is not a mapping of the expected keys")
    return data


def _list(data: Any, what: str, limit: int) -> list[Any]:
    if not isinstance(data, list) or len(data) > limit:
        raise BadEntry(f"{what} is not a list")
    return data


def _whole(data: Any, what: str) -> int:
    if isinstance(data, bool) or not isinstance(data, int) or not 0 <= data <= 10**9:
        raise BadEntry(f"{what} is not a line or column number")
    return data


def _str(data: Any, what: str) -> str:
    if not isinstance(data, str) or len(data) > 100_000:
        raise BadEntry(f"{what} is not text")
    return data


def _check(check: Any, raw: Any, *args: Any, **kwargs: Any) -> Any:
    # The loader's own value checks: what they refuse in a file, the cache
    # may not serve either. Their result must be the value as stored.
    if isinstance(raw, (list, dict)):
        raise BadEntry("a list or mapping where a value belongs")
    try:
        value = check(raw, *args, **kwargs)
    except checks.Bad as bad:
        raise BadEntry(str(bad)) from None
    if value != raw or type(value) is not type(raw):
        raise BadEntry(f"{raw!r} is not as the loader gives it")
    return value


def _duration(raw: Any, *, zero: bool = False) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, float):
        raise BadEntry("a duration is not a number of seconds")
    return float(_check(checks.duration, raw, allow_zero=zero))


def _positions(raw: Any) -> tuple[str, ...]:
    items = _list(raw, "position", len(POSITIONS))
    if any(item not in POSITIONS for item in items) or len(set(items)) != len(items):
        raise BadEntry("position is not lying, kneeling, sitting or standing, each once")
    return tuple(items)


def _texts(raw: Any, what: str) -> tuple[str, ...]:
    return tuple(_check(checks.text, item) for item in _list(raw, what, checks.MAX_LIST))


def _breathe(raw: Any) -> Breathe | None:
    if raw is None:
        return None
    data = _keys(raw, _BREATHE_KEYS, "breathe")
    cycles = data["cycles"]
    if (cycles is None) == (data["duration"] is None):
        raise BadEntry("breathe needs cycles or duration")
    pattern = Breathe(
        inhale=_duration(data["inhale"]) or 0.0,
        exhale=_duration(data["exhale"]) or 0.0,
        hold_in=_duration(data["hold_in"], zero=True) or 0.0,
        hold_out=_duration(data["hold_out"], zero=True) or 0.0,
        cycles=None if cycles is None else _check(checks.count, cycles, MAX_CYCLES),
        duration=_duration(data["duration"]),
    )
    if not pattern.inhale or not pattern.exhale or pattern.cycle_count > MAX_CYCLES:
        raise BadEntry("breathe out of range")
    return pattern


def _step(raw: Any) -> Step:
    data = _keys(raw, _STEP_KEYS, "a step")
    try:
        kind = StepKind(data["kind"])
    except (ValueError, TypeError):
        raise BadEntry("unknown kind of step") from None
    allowed = set(KIND_KEYS[kind]) | set(COMMON_STEP_KEYS)
    for key in _KIND_FIELDS - allowed:
        if data[key] not in (None, False, []):
            raise BadEntry(f"a {kind.value} step with {key}")
    title = data["title"]
    step = Step(
        kind=kind,
        title=title if kind is StepKind.USE and title == "" else _check(checks.text, title),
        instructions=_texts(data["instructions"], "instructions"),
        hold=_duration(data["hold"]),
        reps=None if data["reps"] is None else _check(checks.count, data["reps"], MAX_REPS),
        tempo=_duration(data["tempo"]),
        relax=_duration(data["relax"]),
        breathe=_breathe(data["breathe"]),
        rest=_duration(data["rest"]),
        use=None if data["use"] is None else _check(checks.name, data["use"]),
        sides=_sides(data["sides"]),
        alternate=_bool(data["alternate"]),
        sets=None if data["sets"] is None else _check(checks.count, data["sets"], MAX_SETS),
        figure=_figure(data["figure"], data["figure_name"]),
        figure_name=data["figure_name"],
        line=_whole(data["line"], "a step's line"),
    )
    if getattr(step, kind.value, True) is None:
        raise BadEntry(f"a {kind.value} step without {kind.value}")
    if kind is StepKind.REPS and step.hold is not None and step.tempo is not None:
        raise BadEntry("reps with hold and tempo")
    if step.relax is not None and step.hold is None:
        raise BadEntry("relax without hold")
    if step.alternate and not step.sides:
        # The loader gives alternating reps both sides; none would divide by zero.
        raise BadEntry("alternating reps without sides")
    return step


def _figure(raw: Any, name: Any) -> tuple[str, ...]:
    """A step's figure as the loader gives it: a bundled one's lines, or art as checked."""
    lines = _list(raw, "figure", figures.MAX_FIGURE_LINES)
    drawn: tuple[str, ...] | None
    if name is None:
        try:
            drawn = checks.figure(lines)[0] if lines else ()
        except checks.Bad as bad:
            raise BadEntry(str(bad)) from None
    else:
        found = figures.get(name) if isinstance(name, str) else None
        drawn = found.lines if found is not None else None
    if drawn is None or tuple(lines) != drawn:
        raise BadEntry("a figure that is not as the loader gives it")
    return drawn


def _sides(raw: Any) -> tuple[str, ...]:
    sides = tuple(_list(raw, "sides", len(SIDES)))
    if len(set(sides)) != len(sides) or not set(sides) <= set(SIDES):
        raise BadEntry("sides are not left and right, each once")
    return sides


def _bool(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise BadEntry("not true or false")
    return raw


def _warning(raw: Any, display: str) -> RoutineWarning:
    line, column, where, message = _list(raw, "a warning", 4) + [None] * (4 - len(raw))
    return RoutineWarning(
        display,
        _whole(line, "a warning's line"),
        _whole(column, "a warning's column"),
        _str(where, "a warning's place"),
        _str(message, "a warning's message"),
    )


def routine_from(data: Any, path: Path, origin: str, display: str | None = None) -> Routine:
    """The ``Routine`` that ``routine_json`` described, read from ``path`` as ``origin``.

    Raises ``BadEntry`` for anything the loader could not have produced.
    """
    values = _keys(data, _ROUTINE_KEYS, "a routine")
    steps = _list(values["steps"], "steps", _MAX_STEPS)
    digest = _str(values["digest"], "digest")
    if not steps or len(digest) != 64 or digest.strip("0123456789abcdef"):
        raise BadEntry("no steps, or not a digest")
    summary = values["summary"]
    return Routine(
        name=_check(checks.name, values["name"]),
        title=_check(checks.text, values["title"]),
        steps=tuple(_step(step) for step in steps),
        summary=summary if summary == "" else _check(checks.text, summary),
        tags=tuple(
            _check(checks.tag, tag) for tag in _list(values["tags"], "tags", checks.MAX_LIST)
        ),
        phase=None if values["phase"] is None else _check(checks.phase, values["phase"]),
        position=_positions(values["position"]),
        caution=None if values["caution"] is None else _check(checks.text, values["caution"]),
        source=_texts(values["source"], "source"),
        lead_in=_duration(values["lead_in"], zero=True),
        path=path,
        origin=origin,
        digest=digest,
        warnings=tuple(
            _warning(item, display if display is not None else str(path))
            for item in _list(values["warnings"], "warnings", MAX_CACHED_PROBLEMS)
        ),
    )


def problems_from(data: Any, display: str) -> RoutineError:
    """The ``RoutineError`` that ``problems_json`` described; ``BadEntry`` if malformed."""
    problems = []
    for item in _list(data, "problems", MAX_CACHED_PROBLEMS):
        line, column, where, message, file = _list(item, "a problem", 5) + [0] * (5 - len(item))
        problems.append(
            Problem(
                display if file is None else _str(file, "a problem's file"),
                _whole(line, "a problem's line"),
                _whole(column, "a problem's column"),
                _str(where, "a problem's place"),
                _str(message, "a problem's message"),
            )
        )
    if not problems:
        raise BadEntry("an invalid file without problems")
    return RoutineError(problems)
