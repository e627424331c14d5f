"""The JSON Schemas (draft 2020-12) of the routine and program formats, from their field tables.

Validation and these schemas read the same field tables (``model``,
``program_model``), so a new key or kind appears in both. The schema is what editors use for completion and hover text;
the loader is stricter where JSON Schema cannot say it (a duration's range in
text form, the 4-hour total, ``use:`` targets).
"""

from __future__ import annotations

from typing import Any

from spasm_cli.format import figures
from spasm_cli.format.model import (
    BREATHE_FIELDS,
    COMMON_STEP_KEYS,
    KIND_KEYS,
    MAX_DURATION,
    MIN_DURATION,
    NAME_PATTERN,
    PHASES,
    POSITIONS,
    ROUTINE_FIELDS,
    SIDES,
    STEP_FIELDS,
    FieldSpec,
    FieldType,
    StepKind,
)
from spasm_cli.format.program_model import (
    MAX_DAY_ROUTINES,
    MAX_DAYS,
    MIN_BACK_OFF,
    PROGRAM_FIELDS,
    PROGRESS_FIELDS,
)

SCHEMA_ID = "https://spasm.invalid/schema/routine-v1.json"
PROGRAM_SCHEMA_ID = "https://spasm.invalid/schema/program-v1.json"
# A whole percent with its sign; its range (by key) is the checker's to say.
PERCENT_PATTERN = r"^[0-9]+%$"
# [0-9], not \d: Python's \d takes any script's digits, ECMA's (editors') only ASCII.
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
# A unit after a larger one is under 60 ("1m30s", never "1m60s"), as the parser says.
_UNDER_60 = r"0*[0-5]?[0-9](?:\.[0-9]+)?"
DURATION_TEXT_PATTERN = (
    rf"^\s*(?:{_NUMBER}"
    rf"|{_NUMBER}[hH](?:{_UNDER_60}[mM])?(?:{_UNDER_60}[sS])?"
    rf"|{_NUMBER}[mM](?:{_UNDER_60}[sS])?"
    rf"|{_NUMBER}[sS]"
    rf"|(?:[0-9]+:[0-5][0-9]|[0-9]+):[0-5][0-9](?:\.[0-9]+)?)\s*$"
)


def _duration(spec: FieldSpec, allow_zero: bool) -> dict[str, Any]:
    # The floor a person can follow; a text form below it is refused by the
    # loader only (a pattern cannot compare numbers).
    number: dict[str, Any] = {"type": "number", "minimum": MIN_DURATION, "maximum": MAX_DURATION}
    numbers: list[dict[str, Any]] = [number, {"const": 0}] if allow_zero else [number]
    return {
        "description": spec.description,
        "anyOf": [*numbers, {"type": "string", "pattern": DURATION_TEXT_PATTERN}],
    }


def _text_or_list(description: str) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1}
    return {
        "description": description,
        "anyOf": [text, {"type": "array", "items": text, "minItems": 1}],
    }


def field_schema(spec: FieldSpec) -> dict[str, Any]:
    """The JSON Schema of one field of the format."""
    kind = spec.type
    if kind is FieldType.STRING:
        return {"type": "string", "minLength": 1, "description": spec.description}
    if kind in (FieldType.TEXT, FieldType.NAMES):
        return _text_or_list(spec.description)
    if kind is FieldType.NAME:
        return {"type": "string", "pattern": NAME_PATTERN, "description": spec.description}
    if kind is FieldType.TAGS:
        return {
            "type": "array",
            "items": {"type": "string", "pattern": NAME_PATTERN},
            "minItems": 1,
            "description": spec.description,
        }
    if kind is FieldType.PHASE:
        return {"enum": list(PHASES), "description": spec.description}
    if kind is FieldType.POSITION:
        one = {"enum": list(POSITIONS)}
        return {
            "description": spec.description,
            "anyOf": [one, {"type": "array", "items": one, "minItems": 1, "uniqueItems": True}],
        }
    if kind in (FieldType.DURATION, FieldType.LEAD_IN):
        return _duration(spec, allow_zero=kind is FieldType.LEAD_IN)
    if kind is FieldType.COUNT:
        return {
            "type": "integer",
            "minimum": 1,
            "maximum": spec.maximum,
            "description": spec.description,
        }
    if kind is FieldType.TRUE:
        return {"const": True, "description": spec.description}
    if kind is FieldType.BOOL:
        return {"type": "boolean", "description": spec.description}
    if kind is FieldType.SIDES:
        side = {"enum": list(SIDES)}
        return {
            "description": spec.description,
            "anyOf": [
                {"enum": ["both", *SIDES]},
                {"type": "array", "items": side, "minItems": 1, "maxItems": 2, "uniqueItems": True},
            ],
        }
    if kind is FieldType.BREATHE:
        return {
            "type": "object",
            "description": spec.description,
            "properties": {key: field_schema(sub) for key, sub in BREATHE_FIELDS.items()},
            "required": [key for key, sub in BREATHE_FIELDS.items() if sub.required],
            "additionalProperties": False,
            "oneOf": [{"required": ["cycles"]}, {"required": ["duration"]}],
        }
    if kind is FieldType.STEPS:
        return {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/step"},
            "description": spec.description,
        }
    if kind is FieldType.FIGURE:
        return _figure(spec)
    return _program_field(spec)


def _figure(spec: FieldSpec) -> dict[str, Any]:
    # A name, or art: a block with line breaks, or its lines as a list. The
    # width of a line in terminal cells is the loader's to check.
    line = {"type": "string"}
    return {
        "description": spec.description,
        "anyOf": [
            {"enum": figures.names(), "description": "A bundled figure (`spasm figures`)."},
            {"type": "string", "pattern": "\\n", "description": "Your own drawing, its lines."},
            {
                "type": "array",
                "items": line,
                "minItems": 1,
                "maxItems": figures.MAX_FIGURE_LINES,
                "description": "Your own drawing, a line an item.",
            },
        ],
    }


def _program_field(spec: FieldSpec) -> dict[str, Any]:
    """The JSON Schema of a field only the program format has: a percent, the days, progress."""
    kind = spec.type
    if kind is FieldType.PERCENT:
        return {"type": "string", "pattern": PERCENT_PATTERN, "description": spec.description}
    if kind is FieldType.DAYS:
        name = {"type": "string", "pattern": NAME_PATTERN}
        routines = {"type": "array", "items": name, "minItems": 1, "maxItems": MAX_DAY_ROUTINES}
        return {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_DAYS,
            "items": {"anyOf": [name, routines]},
            "description": spec.description,
        }
    assert kind is FieldType.PROGRESS
    properties = {key: field_schema(sub) for key, sub in PROGRESS_FIELDS.items()}
    # A rise of 1 point is a settled session, so stepping down starts at 2.
    properties["back_off_at"]["minimum"] = MIN_BACK_OFF
    rule = {"type": "object", "properties": properties, "additionalProperties": False}
    return {
        "description": spec.description,
        "anyOf": [rule, {"const": False}, {"const": "off"}],
    }


def _step_kind_schema(kind: StepKind) -> dict[str, Any]:
    keys = (*COMMON_STEP_KEYS, *KIND_KEYS[kind])
    return {
        "title": f"{kind.value} step",
        "type": "object",
        "properties": {key: field_schema(STEP_FIELDS[key]) for key in keys},
        "required": [kind.value],
        "additionalProperties": False,
    }


def routine_schema() -> dict[str, Any]:
    """The whole JSON Schema document for a routine file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "spasm routine (format version 1)",
        "description": "A guided routine for spasm: breathing, stretches and exercises, step by step.",
        "type": "object",
        "properties": {key: field_schema(spec) for key, spec in ROUTINE_FIELDS.items()},
        "required": [key for key, spec in ROUTINE_FIELDS.items() if spec.required],
        "additionalProperties": False,
        "$defs": {
            "step": {
                "description": "A step does exactly one of: hold, reps, breathe, rest (alone), wait, use.",
                "oneOf": [_step_kind_schema(kind) for kind in StepKind],
            }
        },
    }


def program_schema() -> dict[str, Any]:
    """The whole JSON Schema document for a program file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": PROGRAM_SCHEMA_ID,
        "title": "spasm program (format version 1)",
        "description": "A plan of days for spasm: the routines of each day's session, "
        "and how their holds and reps follow your pain scores.",
        "type": "object",
        "properties": {key: field_schema(spec) for key, spec in PROGRAM_FIELDS.items()},
        "required": [key for key, spec in PROGRAM_FIELDS.items() if spec.required],
        "additionalProperties": False,
    }
