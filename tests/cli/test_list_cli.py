"""`spasm list --position` and `--json` as a person runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from spasm_cli import paths

Spasm = Callable[..., Any]


def test_position_keeps_the_routines_done_in_it(spasm: Spasm) -> None:
    kneeling = json.loads(spasm("list", "--json", "--position", "kneeling").stdout)
    names = {e["name"] for e in kneeling}
    # Single exercises done kneeling, and the combined routines with a kneeling part.
    assert {"childs-pose", "cat-cow", "bird-dog", "daily-stretch", "recovery-core"} <= names
    assert "breathing" not in names and "ql-stretch" not in names
    assert all("kneeling" in e["position"] for e in kneeling)
    piped = spasm("list", "--position", "sitting", "--phase", "acute")
    rows = [line.split("\t") for line in piped.stdout.splitlines()[1:]]
    assert rows and all("sitting" in r[3].split(",") and r[2] == "acute" for r in rows)
    assert "ql-stretch" in [r[0] for r in rows]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("lyng", "Did you mean 'lying'?"),
        ("stand", "Did you mean 'standing'?"),
        ("upside-down", "use 'lying', 'kneeling', 'sitting' or 'standing'."),
    ],
)
def test_an_unknown_position_exits_2(spasm: Spasm, value: str, message: str) -> None:
    result = spasm("list", "--position", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"spasm: --position '{value}' is not a position: ")
    assert message in result.stderr


def test_valid_filters_with_nothing_in_common_say_so(spasm: Spasm) -> None:
    result = spasm("list", "--phase", "prevention", "--position", "kneeling")
    assert (result.exit_code, result.stdout) == (0, "No routines match.\n")


def test_json_has_the_position_of_every_routine(spasm: Spasm) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("title: Mine\nsteps:\n  - hold: 5s\n", encoding="utf-8")
    (folder / "both.yaml").write_text(
        "title: Both\nsteps:\n  - use: breathing\n  - use: ab-bracing\n", encoding="utf-8"
    )
    entries = {e["name"]: e for e in json.loads(spasm("list", "--json").stdout)}
    assert all(isinstance(e["position"], list) for e in entries.values())
    assert entries["mine"]["position"] == []
    assert entries["both"]["position"] == ["lying", "standing"]
    assert entries["breathing"]["position"] == ["lying"]
    piped = {line.split("\t")[0]: line.split("\t") for line in spasm("list").stdout.splitlines()}
    assert piped["mine"][3] == "" and piped["both"][3] == "lying,standing"
