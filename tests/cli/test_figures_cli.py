"""`spasm figures`, and the figures `spasm show` draws under each step."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spasm_cli.app.figures import INTRO, figure_lines, listing, phase_label
from spasm_cli.format import figures
from spasm_cli.wrapping import cell_width

Spasm = Callable[..., Any]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- spasm figures ----------------------------------------------------------------------


def test_figures_lists_every_bundled_figure_with_its_drawing_and_words(spasm: Spasm) -> None:
    result = spasm("figures")
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    lines = out.splitlines()
    assert "`figure: NAME`" in lines[0]
    for name in figures.names():
        found = figures.get(name)
        assert found is not None
        assert f"{found.name}: {found.title}" in lines
        assert found.words in out
        for index, phase in enumerate(found.phases):
            if found.phase_names:
                assert f"{phase_label(found, index)}:" in out
            for row in phase:
                assert row.rstrip() in out, (name, row)


def test_figures_json_is_every_figure_with_its_phases(spasm: Spasm) -> None:
    result = spasm("figures", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert sorted(item["name"] for item in data) == sorted(figures.names())
    for item in data:
        assert set(item) == {"name", "title", "words", "sided", "phases", "phase_names"}
        found = figures.get(item["name"])
        assert found is not None
        assert item["title"] == found.title and item["words"] == found.words
        assert item["sided"] is found.sided
        assert item["phases"] == [list(phase) for phase in found.phases]
        assert item["phase_names"] == list(found.phase_names)
        assert item["phases"][0] == list(found.lines)


def test_figures_help_says_how_to_use_one(spasm: Spasm) -> None:
    result = spasm("figures", "--help")
    assert result.exit_code == 0
    assert "figure: NAME" in result.stdout
    assert "figures" in spasm("--help").stdout


@pytest.mark.parametrize("width", [34, 40, 60, 80])
def test_figures_fit_the_terminal_and_drawings_are_never_cut(width: int) -> None:
    lines = listing(width)
    assert all(cell_width(line) <= width for line in lines), width
    assert " ".join(lines[: lines.index("")]) == INTRO  # wrapped at spaces only
    for name in figures.names():
        found = figures.get(name)
        assert found is not None
        shown = figure_lines(found, width)
        for phase in found.phases:
            for row in phase:
                assert any(row.rstrip() in line for line in shown), (name, width, row)


def test_phases_stand_side_by_side_when_they_fit() -> None:
    several = [f for f in (figures.get(n) for n in figures.names()) if f and len(f.phases) > 1]
    if not several:
        pytest.skip("no figure has two phases")
    found = several[0]
    wide = figure_lines(found, 200)
    labels = [f"{phase_label(found, i)}:" for i in range(len(found.phases))]
    assert any(all(label in line for label in labels) for line in wide)
    narrow = figure_lines(found, 5 + max(cell_width(row) for row in [*labels, *found.lines]))
    assert all(any(line.strip() == label for line in narrow) for label in labels)


# -- spasm show ------------------------------------------------------------------------------


def test_show_text_draws_each_steps_figure_under_its_line(spasm: Spasm) -> None:
    result = spasm("show", "bridges")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    bridge, lying = figures.get("bridge"), figures.get("lying-knees-bent")
    assert bridge is not None and lying is not None
    at = next(i for i, line in enumerate(lines) if line.startswith(" 2. Bridge: "))
    assert lines[at + 1 : at + 1 + len(bridge.lines)] == [
        f"      {row}".rstrip() for row in bridge.lines
    ]
    first = next(i for i, line in enumerate(lines) if line.startswith(" 1. Lie on your back"))
    assert lines[first + 1 : first + 1 + len(lying.lines)] == [
        f"      {row}".rstrip() for row in lying.lines
    ]


def test_show_mirrors_a_figure_for_a_step_on_the_right_alone(spasm: Spasm, tmp_path: Path) -> None:
    sided = next(f for f in (figures.get(n) for n in figures.names()) if f and f.sided)
    path = write(
        tmp_path,
        "sides.yaml",
        f"""\
        title: Sides
        steps:
          - {{title: Right, hold: 10, sides: right, figure: {sided.name}}}
          - {{title: Both, hold: 10, sides: both, figure: {sided.name}}}
          - {{title: Left, hold: 10, sides: left, figure: {sided.name}}}
        """,
    )
    shown = spasm("show", str(path), "--json")
    assert shown.exit_code == 0, shown.stderr
    steps = json.loads(shown.stdout)["steps"]
    right = list(figures.for_side(sided, "right"))
    assert [step["figure"] for step in steps] == [right, list(sided.lines), list(sided.lines)]
    assert {step["figure_name"] for step in steps} == {sided.name}
    text = spasm("show", str(path)).stdout.splitlines()
    at = text.index(" 1. Right: hold 10s, right side (10s)")
    assert text[at + 1 : at + 1 + len(right)] == [f"      {row}".rstrip() for row in right]


def test_show_text_and_json_of_own_art(spasm: Spasm, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "art.yaml",
        """\
        title: Art
        steps:
          - title: Mine
            hold: 10
            sides: right
            figure: |
              _o
               |\\
          - {title: Plain, rest: 5}
        """,
    )
    text = spasm("show", str(path))
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    at = lines.index(" 1. Mine: hold 10s, right side (10s)")
    assert lines[at + 1 : at + 3] == ["      _o", "       |\\"]  # own art as drawn
    assert lines[at + 3] == " 2. Plain: rest 5s (5s)"
    steps = json.loads(spasm("show", str(path), "--json").stdout)["steps"]
    assert [(s["figure"], s["figure_name"]) for s in steps] == [
        (["_o ", " |\\"], None),
        (None, None),
    ]


def test_show_json_carries_the_bundled_figures(spasm: Spasm) -> None:
    result = spasm("show", "ice-heat", "--json")
    assert result.exit_code == 0
    steps = json.loads(result.stdout)["steps"]
    rest = figures.get("lying-rest")
    assert rest is not None
    assert [step["figure_name"] for step in steps] == ["lying-rest", "lying-rest", None]
    assert [step["figure"] for step in steps] == [list(rest.lines), list(rest.lines), None]
