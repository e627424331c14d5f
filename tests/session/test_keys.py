"""Key inputs: parsing terminal bytes, lines from a pipe, a real pseudo-terminal, the pain question."""

from __future__ import annotations

import io
import os
import select
import sys
import time
from collections.abc import Iterator
from typing import IO, cast

import pytest

from spasm_cli.session.clock import FakeClock
from spasm_cli.session.keys import Key, LineKeys, ScriptedKeys, TerminalKeys, parse_keys

# -- parse_keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (" ", Key.PAUSE),
        ("p", Key.PAUSE),
        ("P", Key.PAUSE),
        ("n", Key.NEXT),
        ("N", Key.NEXT_PART),
        (".", Key.NEXT_PART),
        ("b", Key.BACK),
        ("B", Key.BACK_PART),
        (",", Key.BACK_PART),
        ("q", Key.QUIT),
        ("Q", Key.QUIT),
        ("\r", Key.ENTER),
        ("\n", Key.ENTER),
        ("\x1b[C", Key.NEXT),
        ("\x1b[D", Key.BACK),
        ("\x1bOC", Key.NEXT),
        ("\x1bOD", Key.BACK),
    ],
)
def test_parse_one_key(text: str, key: Key) -> None:
    assert parse_keys(text) == [key]


def test_parse_several_keys_in_one_read() -> None:
    text = "n b\x1b[Cq\r\x1b[DP\x1bOC"
    assert parse_keys(text) == [
        Key.NEXT,
        Key.PAUSE,
        Key.BACK,
        Key.NEXT,
        Key.QUIT,
        Key.ENTER,
        Key.BACK,
        Key.PAUSE,
        Key.NEXT,
    ]


@pytest.mark.parametrize("text", ["x", "1", "0", "\t", "\x04", "\x7f", "é", "c", "C", "D", ""])
def test_other_characters_are_ignored(text: str) -> None:
    assert parse_keys(text) == []


@pytest.mark.parametrize(
    "sequence",
    [
        pytest.param("\x1b[15~", id="F5"),
        pytest.param("\x1b[24~", id="F12"),
        pytest.param("\x1bOP", id="F1-ss3"),
        pytest.param("\x1bOQ", id="F2-ss3"),
        pytest.param("\x1b[A", id="up"),
        pytest.param("\x1b[B", id="down"),
        pytest.param("\x1b[H", id="home"),
        pytest.param("\x1b[5~", id="page-up"),
        pytest.param("\x1b[1;5C", id="ctrl-right"),
        pytest.param("\x1b[1;2P", id="shift-F1"),
        pytest.param("\x1b[<0;12;5M", id="mouse-sgr-press"),
        pytest.param("\x1b[<0;12;5m", id="mouse-sgr-release"),
        pytest.param("\x1b[32;12;5M", id="mouse-urxvt"),
        pytest.param("\x1b[M !!", id="mouse-x10-space"),
        pytest.param("\x1b[Mbnq", id="mouse-x10-letters"),
        pytest.param("\x1b[I", id="focus-in"),
        pytest.param("\x1b[200~", id="paste-start"),
    ],
)
def test_unknown_escape_sequences_are_ignored_whole(sequence: str) -> None:
    assert parse_keys(sequence) == []
    # Nothing of it leaks, and what follows it is read normally.
    assert parse_keys(sequence + "q") == [Key.QUIT]
    assert parse_keys("n" + sequence + "b") == [Key.NEXT, Key.BACK]


@pytest.mark.parametrize(
    "text", ["\x1b", "\x1b[", "\x1bO", "\x1b[1", "\x1b[1;5", "\x1b[M", "\x1b[M "]
)
def test_truncated_escape_sequences_do_not_fail(text: str) -> None:
    assert parse_keys(text) == []


def test_a_lone_escape_before_a_key() -> None:
    # Alt-n arrives as ESC n: it means n.
    assert parse_keys("\x1bn") == [Key.NEXT]


# -- LineKeys -------------------------------------------------------------------------


def drain(keys: LineKeys, limit: int = 50) -> list[Key]:
    """Every key up to and including EOF."""
    out: list[Key] = []
    for _ in range(limit):
        key = keys.wait(2.0)
        if key is not None:
            out.append(key)
        if key is Key.EOF:
            return out
    raise AssertionError(f"no EOF after {out}")


def test_line_keys_map_words_to_keys() -> None:
    keys = LineKeys(io.StringIO("\nn\nb\np\nq\n \nN\n Q \nP\r\nB\n.\n,\n\r\n"))
    assert drain(keys) == [
        Key.ENTER,
        Key.NEXT,
        Key.BACK,
        Key.PAUSE,
        Key.QUIT,
        Key.PAUSE,
        Key.NEXT_PART,
        Key.QUIT,
        Key.PAUSE,
        Key.BACK_PART,
        Key.NEXT_PART,
        Key.BACK_PART,
        Key.ENTER,
        Key.EOF,
    ]


def test_line_keys_ignore_unknown_words() -> None:
    keys = LineKeys(io.StringIO("hello\nnext\nx\nn\n42\n"))
    assert drain(keys) == [Key.NEXT, Key.EOF]


def test_line_keys_report_eof_once_then_wait_quietly() -> None:
    keys = LineKeys(io.StringIO("n\n"))
    assert drain(keys) == [Key.NEXT, Key.EOF]
    for _ in range(3):
        began = time.monotonic()
        assert keys.wait(0.03) is None
        # It waits out the time (an engine would spin otherwise), and no more.
        assert 0.02 <= time.monotonic() - began < 1.0
    assert keys.read_char(0.01) is None


def test_line_keys_without_a_stream_end_at_once() -> None:
    keys = LineKeys(None)
    assert keys.wait(1.0) is Key.EOF
    assert keys.wait(0.0) is None


def test_line_keys_time_out_while_the_stream_is_open() -> None:
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd) as reader, os.fdopen(write_fd, "w") as writer:
        keys = LineKeys(reader)
        assert keys.wait(0.02) is None
        writer.write("n\n")
        writer.flush()
        assert keys.wait(2.0) is Key.NEXT
        writer.close()
        assert keys.wait(2.0) is Key.EOF


def test_line_keys_treat_an_unreadable_stream_as_the_end() -> None:
    class Broken:
        def __iter__(self) -> Iterator[str]:
            raise OSError("gone")

    assert LineKeys(cast(IO[str], Broken())).wait(2.0) is Key.EOF


def test_line_keys_read_char() -> None:
    keys = LineKeys(io.StringIO("4\n\n10\n  7  \n"))
    assert keys.read_char(2.0) == "4"
    assert keys.read_char(2.0) == "\r"
    assert keys.read_char(2.0) == "10"
    assert keys.read_char(2.0) == "7"
    assert keys.read_char(2.0) is None
    assert keys.wait(0.0) is None


def test_line_keys_flush_keeps_typed_lines() -> None:
    keys = LineKeys(io.StringIO("q\n"))
    keys.flush()
    assert keys.wait(2.0) is Key.QUIT


# -- ScriptedKeys ---------------------------------------------------------------------


def test_scripted_keys_advance_the_fake_clock() -> None:
    clock = FakeClock(50.0)
    keys = ScriptedKeys(clock, [(3.0, Key.QUIT), (1.0, Key.NEXT)], eof=True)
    assert keys.wait(0.5) is None
    assert clock.now() == 50.5
    assert keys.wait(10.0) is Key.NEXT
    assert clock.now() == 51.0
    assert keys.wait(10.0) is Key.QUIT
    assert clock.now() == 53.0
    assert keys.wait(10.0) is Key.EOF
    assert clock.now() == 53.0
    assert keys.wait(10.0) is None
    assert clock.now() == 63.0
    assert keys.waits == 5
    assert keys.read_char(1.0) is None


# -- TerminalKeys on a pseudo-terminal ------------------------------------------------


class Pty:
    """Both ends of a pseudo-terminal; the master side is the person typing."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()

    def type(self, data: bytes) -> None:
        os.write(self.master, data)
        # Wait until the line discipline has passed it to the slave side.
        ready, _, _ = select.select([self.slave], [], [], 2.0)
        assert ready, "typed input never arrived"

    def close_master(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        self.close_master()
        os.close(self.slave)


@pytest.fixture
def pty() -> Iterator[Pty]:
    if sys.platform == "win32":
        pytest.skip("POSIX terminals only")
    pair = Pty()
    try:
        yield pair
    finally:
        pair.close()


def test_terminal_keys_restore_the_terminal_exactly(pty: Pty) -> None:
    import termios

    before = termios.tcgetattr(pty.slave)
    with TerminalKeys(pty.slave):
        during = termios.tcgetattr(pty.slave)
        assert during[3] & termios.ECHO == 0
        assert during[3] & termios.ICANON == 0
        assert during[3] & termios.ISIG  # Ctrl-C stays a signal
        assert during[6][termios.VMIN] in (1, b"\x01")
        assert during != before
    assert termios.tcgetattr(pty.slave) == before


def test_terminal_keys_restore_after_an_exception(pty: Pty) -> None:
    import termios

    before = termios.tcgetattr(pty.slave)
    with pytest.raises(KeyboardInterrupt), TerminalKeys(pty.slave):
        raise KeyboardInterrupt
    assert termios.tcgetattr(pty.slave) == before


def test_terminal_keys_restore_twice_is_harmless(pty: Pty) -> None:
    import termios

    before = termios.tcgetattr(pty.slave)
    with TerminalKeys(pty.slave) as keys:
        keys.restore()
        assert termios.tcgetattr(pty.slave) == before
    keys.restore()
    assert termios.tcgetattr(pty.slave) == before


def test_terminal_keys_read_keys_without_enter(pty: Pty) -> None:
    with TerminalKeys(pty.slave) as keys:
        assert keys.wait(0.01) is None
        pty.type(b"n \x1b[C\x1b[DqP\r\x1b[15~\x1bOCb")
        got = []
        while (key := keys.wait(0.05)) is not None:
            got.append(key)
    assert got == [
        Key.NEXT,
        Key.PAUSE,
        Key.NEXT,
        Key.BACK,
        Key.QUIT,
        Key.PAUSE,
        Key.ENTER,
        Key.NEXT,
        Key.BACK,
    ]


def test_terminal_keys_read_keys_typed_one_by_one(pty: Pty) -> None:
    with TerminalKeys(pty.slave) as keys:
        for data, key in ((b"b", Key.BACK), (b"\x1b[D", Key.BACK), (b"\n", Key.ENTER)):
            pty.type(data)
            assert keys.wait(1.0) is key


def test_terminal_keys_read_char(pty: Pty) -> None:
    with TerminalKeys(pty.slave) as keys:
        assert keys.read_char(0.01) is None
        pty.type(b"7")
        assert keys.read_char(1.0) == "7"
        pty.type(b"10")
        assert keys.read_char(1.0) == "1"
        assert keys.read_char(0.01) == "0"
        pty.type(b"\r")
        assert keys.read_char(1.0) in ("\r", "\n")
        # A character read as such is not also a key.
        assert keys.wait(0.01) is None


def test_terminal_keys_flush_drops_typed_ahead_input(pty: Pty) -> None:
    with TerminalKeys(pty.slave) as keys:
        pty.type(b"nnq")
        keys.flush()
        assert keys.wait(0.02) is None
        assert keys.read_char(0.02) is None
        # Keys already read but not yet handed out are dropped too.
        pty.type(b"nq")
        assert keys.wait(1.0) is Key.NEXT
        keys.flush()
        assert keys.wait(0.02) is None
        pty.type(b"5")
        assert keys.read_char(1.0) == "5"


def test_terminal_keys_report_eof_when_the_terminal_goes(pty: Pty) -> None:
    with TerminalKeys(pty.slave) as keys:
        pty.close_master()
        assert keys.wait(1.0) is Key.EOF
        # Then it waits quietly: a gone terminal must not make the engine spin.
        for _ in range(3):
            began = time.monotonic()
            assert keys.wait(0.03) is None
            assert 0.02 <= time.monotonic() - began < 1.0
        assert keys.read_char(0.01) is None


def test_terminal_keys_read_char_at_eof(pty: Pty) -> None:
    with TerminalKeys(pty.slave) as keys:
        pty.close_master()
        assert keys.read_char(1.0) is None
        assert keys.wait(0.01) is None


# -- the pain question ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "answer", "said"),
    [
        ("4\n", 4, "pain 4"),
        ("0\n", 0, "pain 0"),
        ("10\n", 10, "pain 10"),
        ("1\n", 1, "pain 1"),
        ("1\n0\n", 10, "pain 10"),
        ("\n", None, "skipped"),
        ("x\n", None, "skipped"),
        ("", None, "skipped"),
    ],
)
def test_ask_pain_with_lines(
    typed: str, answer: int | None, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from spasm_cli.app.prompts import ask_pain

    assert ask_pain(LineKeys(io.StringIO(typed)), "Pain right now?") == answer
    out = capsys.readouterr().out
    assert "Pain right now? 0-10, Enter to skip:" in out
    assert out.rstrip().endswith(said)


def test_ask_pain_with_terminal_keys(pty: Pty, capsys: pytest.CaptureFixture[str]) -> None:
    from spasm_cli.app.prompts import ask_pain

    class AnswerAfterFlush(TerminalKeys):
        def flush(self) -> None:
            super().flush()
            os.write(pty.master, b"6")  # typed once the question is up

    with AnswerAfterFlush(pty.slave) as keys:
        pty.type(b"q")  # the key that ended the session: flushed, not an answer
        assert ask_pain(keys, "Pain now?") == 6
    assert capsys.readouterr().out.rstrip().endswith("pain 6")
