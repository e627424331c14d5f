"""`spasm sources`, and what a person reads about sources anywhere: never a file name.

Every text shown for a bundled routine (show, show --json, list --json), the
warning signs and the sources listing must cite the articles by what they
are: no "seed", no ``.txt`` file name, no site-packages (or other install) path.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spasm_cli import paths, sources

Spasm = Callable[..., Any]
BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))
INTERNAL = ("seed", ".txt", "site-packages")


def internal_words(text: str) -> list[str]:
    found = [word for word in INTERNAL if word in text.lower()]
    if str(paths.bundled_routines_dir()) in text:
        found.append("the bundled routines folder")
    return found


def test_sources_lists_every_article(spasm: Spasm) -> None:
    result = spasm("sources")
    assert (result.exit_code, result.stderr) == (0, "")
    for source in sources.SOURCES:
        assert source.title in result.stdout and source.who in result.stdout
        assert f"id: {source.id};" in result.stdout
    block = result.stdout.split("Back spasm treatment, breathing and stretches", 1)[1]
    cited = block.split("\n\n", 1)[0]
    assert "cited by" in cited and "acute-relief" in cited and "breathing" in cited
    assert internal_words(result.stdout) == []


def test_sources_id_shows_the_headings(spasm: Spasm) -> None:
    result = spasm("sources", "core-stability-guide")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "How to stop back spasms: core stability exercises and other treatments"
    assert "  - Tips and cautions" in lines and "  - When to see a doctor" in lines
    assert any(line.startswith("Cited by ") and "superman" in line for line in lines)
    assert internal_words(result.stdout) == []


def test_sources_takes_an_old_file_name_and_shows_no_file_name(spasm: Spasm) -> None:
    result = spasm("sources", "001_f5d19e6a89d7a877.txt")
    assert result.exit_code == 0
    assert result.stdout.startswith("Top 12 Most Asked Questions About Back Spasms\n")
    assert "  - 11. Is it better to sit or to lie down?" in result.stdout
    assert internal_words(result.stdout) == []


@pytest.mark.parametrize(
    ("word", "hint"),
    [("core-stabilty", "Did you mean 'core-stability-guide'?"), ("more", "'more4life'")],
)
def test_an_unknown_id_exits_2_with_did_you_mean(spasm: Spasm, word: str, hint: str) -> None:
    result = spasm("sources", word)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"no source called '{word}'." in result.stderr and hint in result.stderr
    assert "`spasm sources` lists them." in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_id_with_nothing_near(spasm: Spasm) -> None:
    result = spasm("sources", "zzzz")
    assert result.exit_code == 2
    assert "Did you mean" not in result.stderr


def test_validate_reports_a_near_miss_at_its_line(spasm: Spasm, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    text = """\
        title: Mine
        source: [more4life, holistc-guide]
        steps:
          - hold: 10
    """
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = spasm("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:2:" in result.stderr and "did you mean 'holistic-guide'?" in result.stderr


def test_show_cites_a_source_of_ones_own_as_written(spasm: Spasm, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "title: Mine\nsource: [My physio's sheet, core-stability-guide]\nsteps:\n  - hold: 10\n",
        encoding="utf-8",
    )
    shown = spasm("show", str(path))
    assert "Sources:\n  - My physio's sheet\n  - \"How to stop back spasms" in shown.stdout
    assert f"from: path ({path})" in shown.stdout  # a file of one's own: its path helps
    data = json.loads(spasm("show", str(path), "--json").stdout)
    core = sources.SOURCES[2]
    assert data["sources"] == [
        {"id": None, "title": "My physio's sheet"},
        {"id": core.id, "title": core.title},
    ]


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.stem) for p in BUNDLED],
)
def test_a_bundled_routine_shows_no_internal_words(spasm: Spasm, path: Path) -> None:
    shown = spasm("show", path.stem)
    assert shown.exit_code == 0
    assert "from: bundled with spasm" in shown.stdout
    assert 'Source: "' in shown.stdout or 'Sources:\n  - "' in shown.stdout
    data = spasm("show", path.stem, "--json").stdout
    assert json.loads(data)["path"] is None
    assert internal_words(shown.stdout + shown.stderr) == []
    assert internal_words(data) == []


def test_list_json_and_safety_show_no_internal_words(spasm: Spasm) -> None:
    listed = spasm("list", "--json")
    entries = json.loads(listed.stdout)
    assert len(entries) >= 20
    assert internal_words(json.dumps(entries)) == []
    for entry in entries:
        assert entry["path"] is None
        assert all(item["id"] in sources.ids() for item in entry["sources"])
    safety = spasm("safety")
    assert safety.exit_code == 0 and internal_words(safety.stdout) == []
    assert "Quoted from a core-stability guide, 'When to see a doctor'" in " ".join(
        safety.stdout.split()
    )
