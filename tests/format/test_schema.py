"""The JSON Schema, and the bundled library checked by it and by the loader."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from spasm_cli import paths, sources
from spasm_cli.format.library import Library, RoutineDir
from spasm_cli.format.loader import load_routine
from spasm_cli.format.schema import routine_schema
from spasm_cli.format.starter import starter_text

BUNDLED = sorted(paths.bundled_routines_dir().glob("*.y*ml"))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
BY_ID = [pytest.param(p, id=p.stem) for p in BUNDLED]
REQUIRED = {
    "breathing",
    "ql-stretch",
    "childs-pose",
    "dead-bug",
    "bird-dog",
    "acute-relief",
    "daily-stretch",
    "core-beginner",
    "desk-break",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(routine_schema())


def test_schema_is_valid_draft_2020_12() -> None:
    schema = routine_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_command_prints_it(spasm: Callable[..., Any]) -> None:
    result = spasm("schema")
    assert (result.exit_code, result.stderr) == (0, "")
    printed = json.loads(result.stdout)
    assert printed == routine_schema()
    jsonschema.Draft202012Validator.check_schema(printed)


def test_schema_output_file_is_never_overwritten(spasm: Callable[..., Any], tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert spasm("schema", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text()) == routine_schema()
    target.write_text("mine")
    result = spasm("schema", "-o", str(target))
    assert result.exit_code == 2 and "not overwriting" in result.stderr
    assert target.read_text() == "mine"


def test_bundled_library_is_complete() -> None:
    names = {path.stem for path in BUNDLED}
    assert len(names) >= 20
    assert REQUIRED <= names


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_routine_is_valid(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    routine = load_routine(path, origin="bundled", match_name=True)
    library = Library([RoutineDir(path.parent, "bundled")])
    assert library.expand(routine)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert routine.title and routine.source and routine.phase


@pytest.mark.parametrize("path", BY_ID)
def test_bundled_routine_sources_are_articles_by_short_id(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    written = document["source"] if isinstance(document["source"], list) else [document["source"]]
    assert written and all(name in sources.ids() for name in written), (
        f"{path.name}: source: should name articles by short id, got {written}"
    )
    routine = load_routine(path)
    assert routine.source == tuple(written)
    if SEEDS.is_dir():
        for name in routine.source:
            article = sources.find(name)
            assert article is not None and (SEEDS / article.file).is_file()


def test_starter_matches_the_schema(validator: jsonschema.Draft202012Validator) -> None:
    document = yaml.safe_load(starter_text("my-evening", "schema.json", "x.yaml"))
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize(
    "document",
    [
        {"title": "T"},
        {"title": "T", "steps": []},
        {"title": "T", "steps": [{"hold": 5}], "stpes": 1},
        {"title": "T", "steps": [{"title": "nothing"}]},
        {"title": "T", "steps": [{"hold": 5, "tempo": 2}]},
        {"title": "T", "steps": [{"breathe": {"inhale": 4, "exhale": 4, "cycles": 2}, "reps": 3}]},
        {"title": "T", "steps": [{"hold": 5, "wait": True}]},
        {"title": "T", "steps": [{"hold": 0}]},
        {"title": "T", "steps": [{"hold": 3601}]},
        {"title": "T", "steps": [{"hold": "soon"}]},
        {"title": "T", "steps": [{"hold": "٣٠s"}]},
        {"title": "T", "steps": [{"reps": 501}]},
        {"title": "T", "steps": [{"hold": 5, "sets": 51}]},
        {"title": "T", "steps": [{"hold": 5, "sides": ["left", "left"]}]},
        {"title": "T", "steps": [{"breathe": {"inhale": 4, "exhale": 4}}]},
        {
            "title": "T",
            "steps": [{"breathe": {"inhale": 4, "exhale": 4, "cycles": 1, "duration": 9}}],
        },
        {"title": "T", "phase": "later", "steps": [{"hold": 5}]},
        {"title": "T", "lead_in": -1, "steps": [{"hold": 5}]},
    ],
)
def test_schema_refuses_what_the_loader_refuses(
    document: dict[str, Any], validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    assert list(validator.iter_errors(document)), "the schema should refuse it"
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(document, ensure_ascii=False))  # JSON is YAML
    from spasm_cli.errors import RoutineError

    with pytest.raises(RoutineError):
        load_routine(path)


@pytest.mark.parametrize(
    "document",
    [
        {"title": "T", "lead_in": 0, "steps": [{"hold": "1:30"}, {"hold": "1h"}, {"rest": 2.5}]},
        {
            "title": "T",
            "steps": [{"reps": 500, "hold": "3s", "relax": 1, "sides": "both", "sets": 50}],
        },
        {"title": "T", "steps": [{"reps": 4, "tempo": "2s", "alternate": True}]},
        {"title": "T", "steps": [{"use": "breathing", "hold": 20, "reps": 4, "sets": 2}]},
        {"title": "T", "steps": [{"wait": True, "instructions": ["a", "b"]}]},
    ],
)
def test_schema_and_loader_both_accept(
    document: dict[str, Any], validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    assert list(validator.iter_errors(document)) == []
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(document))
    assert load_routine(path).title == "T"
