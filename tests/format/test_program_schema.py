"""The program format's JSON Schema: valid, built from the field tables, agreeing with the checker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import Run

from spasm_cli import paths
from spasm_cli.errors import RoutineError
from spasm_cli.format.program_check import load_program, parse_program
from spasm_cli.format.program_model import PROGRAM_FIELDS, PROGRESS_FIELDS
from spasm_cli.format.schema import PROGRAM_SCHEMA_ID, program_schema

GOOD: dict[str, Any] = {
    "name": "core-foundations",
    "title": "Core foundations",
    "summary": "Four weeks of gentle core work.",
    "phase": "recovery",
    "source": ["core-stability-guide", "back-pain-guide"],
    "caution": "Stop if the pain sharply increases.",
    "days": [["core-beginner"], "daily-stretch", ["core-beginner", "childs-pose"]],
    "progress": {"start": "70%", "step": "10%", "after": 2, "max": "150%", "back_off_at": 3},
    "next": "desk-health",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(program_schema())


def with_(**changes: Any) -> dict[str, Any]:
    """The good program with some keys changed (None removes a key)."""
    doc = {**GOOD, **changes}
    return {key: value for key, value in doc.items() if value is not None}


def checker_accepts(doc: dict[str, Any]) -> bool:
    try:
        parse_program(json.dumps(doc).encode(), "plan.yaml", default_name="plan")
    except RoutineError:
        return False
    return True


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = program_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == PROGRAM_SCHEMA_ID == "https://spasm.invalid/schema/program-v1.json"
    jsonschema.Draft202012Validator.check_schema(schema)
    json.dumps(schema)  # it is written out as JSON


def test_its_properties_are_the_field_tables() -> None:
    schema = program_schema()
    assert list(schema["properties"]) == list(PROGRAM_FIELDS)
    assert schema["required"] == ["title", "days"]
    assert schema["additionalProperties"] is False
    rule = schema["properties"]["progress"]["anyOf"][0]
    assert list(rule["properties"]) == list(PROGRESS_FIELDS)
    assert rule["additionalProperties"] is False
    for key, spec in PROGRAM_FIELDS.items():
        assert schema["properties"][key]["description"] == spec.description
    for key, spec in PROGRESS_FIELDS.items():
        assert rule["properties"][key]["description"] == spec.description


@pytest.mark.parametrize(
    "doc",
    [
        GOOD,
        with_(name=None, summary=None, phase=None, source=None, caution=None, next=None),
        with_(progress=None),
        with_(progress="off"),
        with_(progress=False),
        with_(progress={}),
        with_(
            progress={"start": "10%", "step": "1%", "max": "300%", "after": 30, "back_off_at": 10}
        ),
        with_(days=["breathing"]),
        with_(days=[[f"r{i}" for i in range(10)]] * 366),
        with_(source="my physiotherapist"),
    ],
)
def test_good_programs_pass_both(
    doc: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    assert list(validator.iter_errors(doc)) == []
    assert checker_accepts(doc)


@pytest.mark.parametrize(
    "doc",
    [
        with_(progress={"start": 70}),  # a bare number: the checker says "write 70%"
        with_(progress={"start": "72.5%"}),
        with_(progress={"strat": "70%"}),
        with_(progress={"back_off_at": 1}),
        with_(progress={"after": 0}),
        with_(progress=True),
        with_(progress="on"),
        with_(days=[]),
        with_(days=[[]]),
        with_(days=[{"routine": "core-beginner"}]),
        with_(days=[["Core Beginner"]]),
        with_(days=[[f"r{i}" for i in range(11)]]),
        with_(days=["breathing"] * 367),
        with_(days="core-beginner"),
        with_(days=None),
        with_(title=None),
        with_(dyas=["breathing"]),
        with_(steps=[{"hold": 10}]),
        with_(next="Desk Health"),
        with_(phase="sometimes"),
    ],
)
def test_bad_programs_fail_both(
    doc: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    assert list(validator.iter_errors(doc)), "the schema let it through"
    assert not checker_accepts(doc), "the checker let it through"


def test_what_only_the_checker_can_say(validator: jsonschema.Draft202012Validator) -> None:
    # A pattern cannot compare numbers: a percent's range and max below start are the checker's.
    for progress in ({"start": "5%"}, {"start": "80%", "max": "60%"}):
        doc = with_(progress=progress)
        assert list(validator.iter_errors(doc)) == []
        assert not checker_accepts(doc)


BUNDLED = sorted(paths.bundled_programs_dir().glob("*.y*ml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_programs_pass_the_schema_and_the_checker(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    program = load_program(path, origin="bundled", match_name=True)
    assert program.title and program.days
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(document)] == []


def test_spasm_schema_program_prints_the_program_schema(spasm: Callable[..., Run]) -> None:
    result = spasm("schema", "--program")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == program_schema()
    assert json.loads(spasm("schema").stdout)["$id"] != program_schema()["$id"]
