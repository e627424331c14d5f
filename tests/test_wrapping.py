"""The one wrapping helper: cells, indents, hanging list items, long words."""

from __future__ import annotations

import io

import pytest

from spasm_cli.wrapping import cell_width, fill, stream_width, wrap, wrap_line


def test_short_line_is_left_alone() -> None:
    assert wrap_line("Lie on your back.", 40) == ["Lie on your back."]


def test_words_are_never_cut_and_no_line_is_longer_than_the_width() -> None:
    text = "If you suddenly lose control over your bladder or bowel function, seek help."
    for width in (20, 33, 40, 80):
        lines = wrap(text, width)
        assert all(cell_width(line) <= width for line in lines)
        assert " ".join(lines).split() == text.split()


def test_indent_and_list_marker_hang() -> None:
    lines = wrap_line("  - Stand or sit up tall and lean away from the spasm.", 24)
    assert lines[0].startswith("  - Stand")
    assert all(line.startswith("    ") for line in lines[1:])
    numbered = wrap_line("10. Breathe in slowly through your nose.", 20)
    assert all(line.startswith("    ") for line in numbered[1:])


def test_explicit_hang() -> None:
    lines = wrap_line("acute-relief  Breathing and gentle stretches for a spasm", 30, hang=" " * 14)
    assert all(line.startswith(" " * 14) for line in lines[1:])


def test_wide_characters_count_two_cells() -> None:
    text = "背中 " * 20
    lines = wrap(text, 21)
    assert all(cell_width(line) <= 21 for line in lines)
    assert cell_width("背中") == 4
    assert cell_width("é") == 1
    assert cell_width("e\u0301") == 1


def test_a_word_wider_than_the_line_is_cut_at_the_width() -> None:
    lines = wrap_line("see /a/very/long/path/that/does/not/fit/anywhere/at/all.yaml", 20)
    assert all(cell_width(line) <= 20 for line in lines)
    assert "".join(lines).replace("see", "", 1).strip() == (
        "/a/very/long/path/that/does/not/fit/anywhere/at/all.yaml"
    )


def test_none_width_keeps_lines_whole() -> None:
    text = "one long line " * 20
    assert fill(text, None) == text.rstrip()


def test_paragraphs_and_blank_lines_survive() -> None:
    assert wrap("a\n\nb", 40) == ["a", "", "b"]


def test_a_pipe_is_not_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    assert stream_width(io.StringIO()) is None


def test_a_terminal_is_wrapped_to_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        os.set_blocking(leader, False)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 47, 0, 0))
        monkeypatch.delenv("COLUMNS", raising=False)
        with open(follower, "w", closefd=False) as stream:
            assert stream_width(stream) == 47
        monkeypatch.setenv("COLUMNS", "5")
        with open(follower, "w", closefd=False) as stream:
            assert stream_width(stream) == 20
    finally:
        os.close(leader)
        os.close(follower)
