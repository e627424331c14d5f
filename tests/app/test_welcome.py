"""`spasm` alone: where to start, in one screenful, at any width."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spasm_cli.app.welcome import Start, about_minutes, lines, place, starts
from spasm_cli.format.library import Library, RoutineDir, default_dirs


def test_the_suggested_routines_are_bundled_and_timed_from_themselves() -> None:
    found = starts(Library(default_dirs()))
    assert [s.name for s in found] == ["acute-relief", "core-beginner", "desk-break"]
    assert found[0].phase == "In a spasm now" and found[0].place == "lying down"
    assert all(s.minutes.startswith("about ") for s in found)


@pytest.mark.parametrize(
    ("seconds", "text"), [(20, "about 1 minute"), (89, "about 1 minute"), (710, "about 12 minutes")]
)
def test_about_minutes(seconds: float, text: str) -> None:
    assert about_minutes(seconds) == text


def test_place_reads_the_position() -> None:
    library = Library(default_dirs())
    assert place(library.get("breathing"), library) == "lying down"
    assert place(library.get("ql-stretch"), library) == "standing or sitting"
    # A combined routine's positions follow each other.
    assert place(library.get("desk-break"), library) == "sitting then standing"


def test_place_is_empty_when_the_routine_does_not_say(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("title: Mine\nsteps:\n  - hold: 5s\n", encoding="utf-8")
    library = Library([RoutineDir(tmp_path, "dir")])
    assert place(library.get("mine"), library) == ""


@pytest.mark.parametrize("width", [30, 40, 80, 120])
def test_every_line_fits_and_one_screen_at_80x24(width: int) -> None:
    found = [Start("In a spasm now", "acute-relief", "on the floor", "about 12 minutes")]
    shown = lines(found * 3, width)
    assert all(len(line) <= width for line in shown), shown
    if width >= 80:
        assert len(shown) <= 23  # a screenful, with the prompt
    text = " ".join(shown)
    assert "spasm routine acute-relief" in "\n".join(shown)
    assert "bladder or bowels" in text and "spasm safety" in text


def test_spasm_alone_exits_0(spasm: Callable[..., Any]) -> None:
    result = spasm()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("spasm: a coach for back spasms")
    assert "spasm routine acute-relief" in result.stdout
