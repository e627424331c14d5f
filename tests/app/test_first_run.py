"""The first run's warning signs: the emergency first, one screen at 80x24, a key to go on."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from spasm_cli import safety
from spasm_cli.app import first_run
from spasm_cli.app.first_run import MORE_KEY, first_screen_lines, pages, show_first_run
from spasm_cli.session.keys import LineKeys, TerminalKeys
from spasm_cli.wrapping import cell_width


class FakeTerminal(TerminalKeys):
    """Typed characters, as a terminal in cbreak mode gives them, without a terminal."""

    def __init__(self, chars: str) -> None:
        super().__init__(-1)
        self.typed = list(chars)
        self.reads = 0
        self.flushes = 0

    def read_char(self, timeout: float) -> str | None:
        self.reads += 1
        return self.typed.pop(0) if self.typed else None

    def flush(self) -> None:
        self.flushes += 1


@pytest.mark.parametrize("plain", [False, True])
def test_the_first_screen_fits_80x24_with_the_emergency_first(plain: bool) -> None:
    lines = first_screen_lines(80, waits=True, plain=plain)
    assert len(lines) <= 24, lines
    assert all(cell_width(line) <= 80 for line in lines)
    assert lines[0] == safety.FIRST_HEADING
    # The first sign on the screen is the urgent one, under the plainest lead.
    lead = lines.index("Get medical help now if:")
    assert lines[lead + 1].startswith("- you suddenly lose control over your bladder or bowel")
    assert "serious issue" in " ".join(lines[lead + 1 : lead + 3])
    assert lead < lines.index("See a doctor if:")
    assert min(i for i, line in enumerate(lines) if "weakness" in line) > lead + 1
    assert "Enter" in lines[-1] if plain else "any other key" in lines[-1]


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_first_screen_wraps_at_any_width(width: int) -> None:
    lines = first_screen_lines(width, waits=True, plain=False)
    assert all(cell_width(line) <= width for line in lines), lines
    words = " ".join(" ".join(lines).split())
    for text in (*safety.FIRST_URGENT, *safety.FIRST_OTHER):
        assert text in words


def test_no_key_prompt_when_nothing_waits() -> None:
    lines = first_screen_lines(None, waits=False, plain=False)
    assert not any("Press" in line for line in lines)


def test_styled_lines_bold_the_emergency_only() -> None:
    lines = first_screen_lines(80, waits=True, plain=False, styled=True)
    bold = [line for line in lines if line.startswith(first_run.BOLD)]
    assert any("bladder or bowel" in line for line in bold)
    assert not any("weakness" in line for line in bold)
    plain = first_screen_lines(80, waits=True, plain=True)
    assert not any("\x1b" in line for line in plain)


def test_pages_hold_a_screenful_with_a_row_for_more() -> None:
    lines = [str(n) for n in range(31)]
    assert pages(lines, None) == [lines]
    assert pages(lines, 40) == [lines]
    cut = pages(lines, 24)
    assert [len(page) for page in cut] == [23, 8]
    assert sum(cut, []) == lines
    assert pages(lines[:24], 24) == [lines[:24]]


def test_at_a_terminal_it_waits_for_a_key_then_marks_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keys = FakeTerminal("x")
    assert show_first_run(keys, tmp_path, plain=True)
    text = capsys.readouterr().out
    assert text.index("Get medical help now if:") < text.index("See a doctor if:")
    assert "Press Enter to go on" in text
    assert keys.reads == 1 and keys.flushes >= 1  # typed-ahead keys never dismiss it
    assert not safety.should_show_first_run(tmp_path)
    # Shown once: the next session goes straight on.
    assert not show_first_run(FakeTerminal(""), tmp_path, plain=True)


def test_question_mark_shows_every_sign_and_the_cautions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keys = FakeTerminal(MORE_KEY + " ")
    show_first_run(keys, tmp_path, plain=False)
    text = capsys.readouterr().out
    assert keys.reads == 2
    for q in (*safety.WARNING_SIGNS, *safety.CAUTIONS):
        assert q.text in text
    assert safety.DISAGREEMENT in text
    assert text.rstrip().endswith("Press any key to go on.")


def test_not_a_terminal_prints_everything_and_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keys = LineKeys(None)
    assert show_first_run(keys, tmp_path, plain=False)
    text = capsys.readouterr().out
    assert text.startswith(safety.WARNING_HEADING)
    assert text.index("bladder or bowel") < text.index("weakness in your arms")
    assert "Press" not in text and "key" not in text.lower().replace("keep", "")
    assert not safety.should_show_first_run(tmp_path)


def test_signs_that_could_not_be_written_come_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("sys.stdout", Full())
    show_first_run(LineKeys(None), tmp_path, plain=False)
    assert safety.should_show_first_run(tmp_path)
    show_first_run(FakeTerminal("x"), tmp_path, plain=True)
    assert safety.should_show_first_run(tmp_path)
