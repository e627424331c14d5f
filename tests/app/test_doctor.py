"""`spasm doctor`: every section present, problems flagged, invalid routines listed."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_sound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASM_SOUND_BACKEND", "none")


def test_reports_every_section(spasm) -> None:  # type: ignore[no-untyped-def]
    result = spasm("doctor")
    assert result.exit_code == 0, result.stderr
    for section in (
        "spasm:",
        "terminal:",
        "folders:",
        "config:",
        "sound:",
        "history:",
        "routines:",
    ):
        assert section in result.stdout
    assert "no sessions yet" in result.stdout
    assert "invalid:          none" in result.stdout


def test_lists_invalid_user_routines_with_their_errors(spasm, isolated_folders: Path) -> None:  # type: ignore[no-untyped-def]
    folder = isolated_folders / "config" / "spasm" / "routines"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("title: Broken\nsteps:\n  - hods: 3\n", encoding="utf-8")
    result = spasm("doctor")
    assert "invalid:          1 file (needs attention)" in result.stdout
    assert (
        "broken.yaml:3:5: step 1, hods: unknown key 'hods' (did you mean 'hold'?)" in result.stdout
    )


def test_reports_history_after_a_session(spasm, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routine = tmp_path / "tiny.yaml"
    routine.write_text("title: Tiny\nsteps:\n  - {title: Breathe, hold: 0.5}\n", encoding="utf-8")
    ran = spasm("routine", str(routine), "--plain", "--lead-in", "0", "--no-sound")
    assert ran.exit_code == 0, ran.stderr
    result = spasm("doctor")
    assert "sessions:         1" in result.stdout
    assert "integrity:        ok" in result.stdout
    assert "schema:           version 4 of 4" in result.stdout


def test_bad_config_is_flagged_not_fatal(spasm, isolated_folders: Path) -> None:  # type: ignore[no-untyped-def]
    config = isolated_folders / "config" / "spasm" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("voice: maybe\n", encoding="utf-8")
    result = spasm("doctor")
    assert result.exit_code == 0
    assert "voice: expected true or false" in result.stdout
    assert "needs attention" in result.stdout


def test_sound_check_without_a_backend_fails_clearly(spasm) -> None:  # type: ignore[no-untyped-def]
    result = spasm("doctor", "--sound")
    assert result.exit_code == 1
    assert "no sound played" in result.stdout


def test_render_wraps_rows_and_turns_to_cards_when_narrow() -> None:
    from spasm_cli.app.doctor import Fact, render
    from spasm_cli.wrapping import cell_width

    long_path = "/home/someone/.local/share/spasm/a/rather/deep/folder/history.sqlite3"
    facts = [
        Fact("folders", "data", f"{long_path} (not created yet)"),
        Fact("routines", "invalid", "1 file", ok=False),
    ]
    wide = render(facts, [], 80)
    assert all(cell_width(line) <= 80 for line in wide)
    # "(not created yet)" is wrapped whole under the value column, never cut.
    assert any(
        line.strip() == "(not created yet)" or line.endswith("(not created yet)") for line in wide
    )
    assert "  invalid:          1 file (needs attention)" in wide
    narrow = render(facts, [], 40)
    assert all(cell_width(line) <= 40 for line in narrow)
    assert "  data:" in narrow
    assert any("created yet)" in line for line in narrow)
    assert not any(line.rstrip().endswith("y") and "created" in line for line in narrow)
    # In a pipe, one line per fact.
    assert len(render(facts, [], None)) == 4
