"""The end of a session: pain before → after, the warning signs on a rise, one suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasm_cli import safety
from spasm_cli.app.aftercare import after_line, end_of_session, library_choices, next_time
from spasm_cli.format.library import Library, default_dirs
from spasm_cli.terminal.tally import StepTally


@pytest.fixture
def library() -> Library:
    return Library(default_dirs())


@pytest.mark.parametrize(
    ("before", "after", "saved", "line"),
    [
        (5, 3, True, "Pain 5 → 3. Saved to your history."),
        (5, None, False, "Pain before: 5. Not saved to your history."),
        (None, 2, None, "Pain after: 2. Not saved (--no-history)."),
        (None, None, True, "Saved to your history."),
    ],
)
def test_after_line(before: int | None, after: int | None, saved: bool | None, line: str) -> None:
    assert after_line(before, after, saved) == line


def test_the_bundled_routines_give_their_phase_and_position(library: Library) -> None:
    found = {c.name: c for c in library_choices(library)}
    assert found["acute-relief"].phase == "acute"
    assert found["acute-relief"].position == "lying down"
    assert found["cat-cow"].position == "kneeling"
    assert found["ql-stretch"].position == "standing or sitting"
    assert all(c.seconds > 0 for c in found.values())


def test_a_finished_acute_routine_with_low_pain_points_at_core_beginner(library: Library) -> None:
    routine = library.resolve("acute-relief")
    line = next_time(library, routine, "acute-relief", 6, 2, StepTally([]))
    assert line is not None and "`spasm routine core-beginner`" in line


def test_a_pain_rise_shows_the_signs_themselves_then_rest(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    routine = library.resolve("posture-check")
    end_of_session(library, routine, "posture-check", StepTally([]), before=1, after=9, saved=True)
    out = capsys.readouterr().out
    assert out.startswith("Pain 1 → 9. Saved to your history.\n")
    assert "Your pain went up from 1 to 9 (out of 10) during `posture-check`." in out
    assert out.index(safety.URGENT_LEAD) < out.index("bladder or bowel") < out.index("weakness")
    assert "Consider stopping" not in out and "spasm safety" not in out
    assert out.rstrip().splitlines()[-1].startswith("Next time: rest first.")


def test_a_small_rise_shows_no_signs(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    routine = library.resolve("core-beginner")
    end_of_session(library, routine, "core-beginner", StepTally([]), before=3, after=5, saved=True)
    out = capsys.readouterr().out
    assert safety.URGENT_LEAD not in out
    assert "Next time: something gentler, such as `spasm routine " in out


def test_a_routine_given_by_path_is_suggested_by_that_path(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "my folder" / "my-stretch.yaml"
    path.parent.mkdir()
    path.write_text("title: Mine\nsteps:\n  - title: Lie still\n    hold: 30s\n", encoding="utf-8")
    routine = library.resolve(str(path))
    line = next_time(library, routine, str(path), 4, 3, StepTally([]))
    assert line == f"Next time: `spasm routine '{path}'` again, tomorrow."
