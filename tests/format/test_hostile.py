"""Hostile routine files: each is refused by `spasm validate`, quickly, with a place.

The corpus is built here, into a temp folder, rather than stored: several
files are a megabyte, and building them shows what each one is. Every file
must be refused with exit code 2 and a ``FILE:LINE:COLUMN: ...`` message,
within 1 s (a generous safety bound on refusing, not a timing benchmark:
a real routine loads in about a millisecond).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

MiB = 1024 * 1024
# A hostile file must never hang the program: without the caps these take
# minutes or all the memory there is. The bound is a hang check, not a speed
# measurement (the machines are shared and noisy; bench/ measures speed), so
# it is far above the few milliseconds a refusal takes.
REFUSE_WITHIN = 30.0  # seconds
VALID = "title: Fine\nsteps:\n  - title: Breathe\n    hold: 30s\n"
Maker = Callable[[Path], Path]


def _file(name: str, data: bytes | str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return make


def _files(main: str, files: dict[str, str]) -> Maker:
    """Several routines in one folder; the first named is validated."""

    def make(folder: Path) -> Path:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder / main

    return make


def _laughs(levels: int, width: int) -> str:
    lines = [f"l0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\ntitle: Laughs\nsteps:\n  - hold: 30s\n"


def _mapping_bomb() -> str:
    lines = ["m0: &m0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol}"]
    keys = "abcdefgh"
    for i in range(1, 9):
        inner = ", ".join(f"{k}: *m{i - 1}" for k in keys)
        lines.append(f"m{i}: &m{i} {{{inner}}}")
    return "\n".join(lines) + "\ntitle: Maps\nsteps:\n  - hold: 30s\n"


def _steps_bomb() -> str:
    # The expansion lands where it is used: a step list of aliased step lists.
    lines = ["s0: &s0 [{hold: 1s}, {hold: 1s}, {hold: 1s}, {hold: 1s}, {hold: 1s}]"]
    for i in range(1, 7):
        lines.append(f"s{i}: &s{i} [{', '.join([f'*s{i - 1}'] * 6)}]")
    return "\n".join(lines) + "\ntitle: Steps\nsteps: *s6\n"


def _random_bytes(seed: int, size: int, head: bytes = b"") -> bytes:
    return head + random.Random(seed).randbytes(size)


def _use_chain(depth: int, fan: int) -> dict[str, str]:
    # r0 uses r1 `fan` times, r1 uses r2 `fan` times...: fan**depth one-second holds.
    files = {}
    for i in range(depth):
        steps = "".join(f"  - use: r{i + 1}\n" for _ in range(fan))
        files[f"r{i}.yaml"] = f"name: r{i}\ntitle: Level {i}\nsteps:\n{steps}"
    files[f"r{depth}.yaml"] = f"name: r{depth}\ntitle: Leaf\nsteps:\n  - hold: 1s\n"
    return files


def _too_big(extra: int) -> bytes:
    data = (VALID + "# padding\n").encode()
    return data + b"#" * (MiB + extra - len(data) - 1) + b"\n"


def _unknown_keys(count: int) -> str:
    return VALID + "".join(f"step{i}: 1\n" for i in range(count))


def _flow_items(size: int) -> str:
    head = VALID + "tags: ["
    return head + "a," * ((size - len(head) - 2) // 2) + "]\n"


def _block_items(size: int) -> str:
    head = VALID + "tags:\n"
    return head + "-\n" * ((size - len(head)) // 2)


def _deep_block_mapping(levels: int) -> str:
    return "".join(" " * i + "a:\n" for i in range(levels)) + " " * levels + "x\n"


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!python/object/new:subprocess.Popen [['true']]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['true']",
]


CORPUS: dict[str, Maker] = {
    # Anchors and aliases that expand exponentially.
    "billion-laughs": _file("laughs.yaml", _laughs(9, 9)),
    "laughs-wide": _file("wide.yaml", _laughs(4, 200)),
    "mapping-bomb": _file("maps.yaml", _mapping_bomb()),
    "steps-alias-bomb": _file("steps.yaml", _steps_bomb()),
    "alias-cycle-self": _file("self-alias.yaml", "a: &a [*a]\ntitle: x\nsteps: [{hold: 1}]\n"),
    "undefined-alias": _file("undefined.yaml", "title: *nowhere\nsteps: [{hold: 1}]\n"),
    # Deep nesting, every way YAML allows.
    "deep-flow-seq": _file("flow-seq.yaml", "steps: " + "[" * 200_000 + "]" * 200_000 + "\n"),
    "deep-flow-map": _file("flow-map.yaml", "steps: " + "{a: " * 100_000 + "1" + "}" * 100_000),
    "deep-flow-unclosed": _file("unclosed.yaml", "[" * (MiB - 1)),
    "deep-block-seq": _file("block-seq.yaml", "- " * 400_000 + "x\n"),
    "deep-block-map": _file("block-map.yaml", _deep_block_mapping(1400)),
    "deep-steps": _file("deep-steps.yaml", "title: x\nsteps:\n" + "  - " * 40 + "hold: 1\n"),
    # Size.
    "over-1mib-comments": _file("big.yaml", _too_big(1)),
    "over-1mib-much": _file("huge.yaml", _too_big(3 * MiB)),
    "one-line-over-1mib": _file("line.yaml", "title: " + "x" * MiB + "\n"),
    "long-title-line": _file("title.yaml", "title: " + "x" * 1_000_000 + "\nsteps: [{hold: 1}]\n"),
    "long-key-line": _file("key.yaml", VALID + "k" * 1_000_000 + ": 1\n"),
    "long-flow-line": _file("flow.yaml", _flow_items(MiB - 100)),
    "long-block-list": _file("block.yaml", _block_items(MiB - 100)),
    # Two values a key: 9,000 unknown keys (each with a did-you-mean lookup)
    # stay under the 20,000 values allowed; 12,000 are refused by that count.
    "many-unknown-keys": _file("keys.yaml", _unknown_keys(9_000)),
    "too-many-keys": _file("too-many-keys.yaml", _unknown_keys(12_000)),
    "many-steps": _file("many.yaml", "title: t\nsteps:\n" + "  - {hold: 1, reps: 2}\n" * 9000),
    # Bytes that are not UTF-8 YAML text.
    "random-bytes": _file("random.yaml", _random_bytes(1, 4096)),
    "png": _file("image.yaml", _random_bytes(2, 2048, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
    "elf": _file("program.yaml", _random_bytes(3, 2048, b"\x7fELF\x02\x01\x01\x00")),
    "gzip": _file("archive.yaml", _random_bytes(4, 2048, b"\x1f\x8b\x08\x00")),
    "utf16": _file("utf16.yaml", VALID.encode("utf-16")),
    "latin1-late": _file("latin1.yaml", (VALID + "summary: caf").encode() + b"\xe9\n"),
    "utf8-surrogate": _file("surrogate.yaml", b"title: \xed\xa0\x80\nsteps: [{hold: 1}]\n"),
    "overlong-utf8": _file("overlong.yaml", b"title: \xc0\xaf\nsteps: [{hold: 1}]\n"),
    "nul-in-title": _file("nul.yaml", b"title: Fi\x00ne\nsteps:\n  - hold: 30s\n"),
    "nul-only": _file("nuls.yaml", b"\x00" * 4096),
    "escape-codes": _file("ansi.yaml", "title: \x1b]0;pwned\x07\x1b[2J\nsteps: [{hold: 1}]\n"),
    "bom-only": _file("bom.yaml", b"\xef\xbb\xbf"),
    "empty": _file("empty.yaml", b""),
    "whitespace": _file("blank.yaml", " \n\t\n\r\n" * 1000),
    "comments-only": _file("comments.yaml", "# nothing\n" * 1000),
    # Tags that construct other things than plain values.
    **{
        f"python-tag-{i}": _file(f"python{i}.yaml", f"title: {tag}\nsteps: [{{hold: 1}}]\n")
        for i, tag in enumerate(PYTHON_TAGS)
    },
    "python-tag-as-document": _file("doc.yaml", "!!python/object/apply:os.system ['true']\n"),
    "python-tag-via-directive": _file(
        "directive.yaml",
        "%TAG !p! tag:yaml.org,2002:python/\n---\ntitle: !p!name:os.system\nsteps: [{hold: 1}]\n",
    ),
    "binary-tag": _file("binary.yaml", "title: !!binary aGVsbG8=\nsteps: [{hold: 1}]\n"),
    "set-tag": _file("set.yaml", "title: x\ntags: !!set {a, b}\nsteps: [{hold: 1}]\n"),
    "omap-tag": _file("omap.yaml", "title: x\nsteps: !!omap [{a: {hold: 1}}]\n"),
    "pairs-tag": _file("pairs.yaml", "title: x\nsteps: !!pairs [{a: {hold: 1}}]\n"),
    "local-tag": _file("local.yaml", "title: !shout x\nsteps: [{hold: 1}]\n"),
    "verbatim-tag": _file("verbatim.yaml", "title: !<x-spasm:thing> x\nsteps: [{hold: 1}]\n"),
    "merge-key": _file("merge.yaml", "base: &b {hold: 1}\ntitle: x\nsteps: [{<<: *b}]\n"),
    "complex-key": _file("complex.yaml", "? [a, b]\n: 1\ntitle: x\nsteps: [{hold: 1}]\n"),
    "multi-document": _file("multi.yaml", VALID + "---\n" + VALID),
    # use: that loops or multiplies.
    "use-self": _files(
        "loop.yaml", {"loop.yaml": "name: loop\ntitle: Loop\nsteps:\n  - use: loop\n"}
    ),
    "use-self-by-file-name": _files(
        "again.yaml", {"again.yaml": "title: Again\nsteps:\n  - hold: 5s\n  - use: again\n"}
    ),
    "use-cycle": _files(
        "ping.yaml",
        {
            "ping.yaml": "name: ping\ntitle: Ping\nsteps:\n  - use: pong\n",
            "pong.yaml": "name: pong\ntitle: Pong\nsteps:\n  - use: ping\n",
        },
    ),
    "use-fan-out": _files("r0.yaml", _use_chain(3, 32)),
    "use-missing-many": _files(
        "lost.yaml", {"lost.yaml": "title: Lost\nsteps:\n" + "  - use: nowhere\n" * 5000}
    ),
    "use-of-invalid-many": _files(
        "outer.yaml",
        {
            "outer.yaml": "title: Outer\nsteps:\n" + "  - use: bad\n" * 3000,
            "bad.yaml": "name: bad\ntitle: Bad\nsteps:\n" + "  - hold: 0\n" * 1000,
        },
    ),
    "over-4-hours": _file("long.yaml", "title: x\nsteps:\n" + "  - hold: 1h\n" * 5),
}

# Once pinned as bugs in spasm_cli (strict xfails), now fixed: PyYAML's
# constructor errors are refusals with a place, a huge flat document is
# refused by the event scan before it is composed, quoted values in messages
# are cut short, and use: lookups are memoized.
CORPUS.update(
    {
        "huge-integer": _file("int.yaml", "title: x\nsteps:\n  - reps: " + "9" * 5000 + "\n"),
        "bad-date": _file("date.yaml", "title: !!timestamp 2024-13-45\nsteps: [{hold: 1}]\n"),
        "int-tag-on-text": _file("inttag.yaml", "title: x\nsteps: [{hold: !!int abc}]\n"),
        "bool-tag-on-text": _file("booltag.yaml", "title: x\nsteps: [{wait: !!bool maybe}]\n"),
        "hex-without-digits": _file("hex.yaml", "title: x\nsteps: [{hold: 0x_}]\n"),
        "bad-date-as-key": _file("datekey.yaml", "title: x\n2024-13-45: 1\nsteps: [{hold: 1}]\n"),
        "quadratic-blowup": _file(
            "quadratic.yaml",
            "x: &a '" + "A" * 200_000 + "'\ntitle: t\nsteps:\n" + "  - {reps: *a}\n" * 200,
        ),
    }
)

# Issue 11: what a person cannot follow, numbers that mean two things, text
# that shows nothing or controls the terminal.
CORPUS.update(
    {
        "breathe-flicker": _file(
            "flicker.yaml",
            "title: x\nsteps:\n  - breathe: {inhale: 0.0001s, exhale: 0.0001s, duration: 2.5s}\n",
        ),
        "breathe-too-many-cycles": _file(
            "cycles.yaml",
            "title: x\nsteps:\n  - breathe: {inhale: 0.5s, exhale: 0.5s, duration: 1h}\n",
        ),
        "tempo-flicker": _file(
            "tempo.yaml",
            "title: x\nsteps:\n  - {reps: 500, tempo: 0.0001s, sets: 50, sides: both}\n",
        ),
        "tempo-at-the-floor-too-many-parts": _file(
            "parts.yaml",
            "title: x\nsteps:\n  - hold: 5s\n  - {reps: 500, tempo: 0.5s, sets: 50, sides: both}\n",
        ),
        "self-paced-too-many-parts": _file(
            "presses.yaml", "title: x\nsteps:\n  - {reps: 500, sets: 50, sides: both}\n"
        ),
        "use-multiplies-past-4-hours": _files(
            "top.yaml",
            {
                "top.yaml": "title: T\nsteps:\n  - hold: 5s\n  - {use: long, sets: 50}\n",
                "long.yaml": "title: L\nsteps:\n  - hold: 10m\n",
            },
        ),
        "sixty-seconds-after-minutes": _file("m60s.yaml", "title: x\nsteps:\n  - hold: 1m60s\n"),
        "sixty-seconds-clock": _file("c60.yaml", "title: x\nsteps:\n  - hold: '1:60'\n"),
        "sixty-minutes-after-hours": _file("h60m.yaml", "title: x\nsteps:\n  - rest: 0h60m\n"),
        "lead-in-flicker": _file("lead.yaml", "title: x\nlead_in: 0.01\nsteps:\n  - hold: 5s\n"),
        "zero-width-title": _file(
            "zw.yaml", 'title: "\\u200b\\u200d\\u2060\\ufeff"\nsteps:\n  - hold: 5s\n'
        ),
        "blank-filler-title": _file(
            "filler.yaml", 'title: "\\u3164\\u2800\\u0301"\nsteps:\n  - hold: 5s\n'
        ),
        **{
            f"escape-{name}": _file(
                f"esc-{name}.yaml", f'title: "a{escape}b"\nsteps:\n  - hold: 5s\n'
            )
            for name, escape in {
                "nul": "\\0",
                "cr": "\\r",
                "backspace": "\\b",
                "line-separator": "\\L",
                "paragraph-separator": "\\P",
                "noncharacter": "\\uFDD0",
                "rtl-override": "\\u202e",
            }.items()
        },
        "bidi-in-a-key": _file(
            "bidikey.yaml", 'title: x\n"hold\\u202e": 1\nsteps:\n  - hold: 5s\n'
        ),
    }
)

# What the fixed cases must say, beyond FILE:LINE:COLUMN.
MESSAGES: dict[str, str] = {
    "huge-integer": r"int\.yaml:3:11: YAML: cannot read '9{40}\.\.\.' as a whole number$",
    "bad-date": r"date\.yaml:1:8: YAML: cannot read '2024-13-45' as a date$",
    # A date-like key is text, as in YAML 1.2: an unknown key, not a broken date.
    "int-tag-on-text": r"inttag\.yaml:2:\d+: YAML: cannot read 'abc' as a whole number$",
    "bool-tag-on-text": r"booltag\.yaml:2:\d+: YAML: cannot read 'maybe' as true or false$",
    "hex-without-digits": r"hex\.yaml:2:\d+: YAML: cannot read '0x_' as a whole number$",
    "bad-date-as-key": r"datekey\.yaml:2:1: 2024-13-45: unknown key '2024-13-45'",
    "long-flow-line": r"flow\.yaml:\d+:\d+: YAML: more than 20000 values",
    "long-block-list": r"block\.yaml:\d+:\d+: YAML: more than 20000 values",
    "many-unknown-keys": r"keys\.yaml:5:1: step0: unknown key 'step0' \(did you mean 'steps'\?\)$",
    "too-many-keys": r"too-many-keys\.yaml:\d+:\d+: YAML: more than 20000 values",
    "breathe-flicker": r"flicker\.yaml:3:\d+: step 1, breathe\.inhale: expected at least 0\.5s",
    "breathe-too-many-cycles": r"cycles\.yaml:3:\d+: step 1, breathe\.duration: breathes 3,600 cycles",
    "tempo-flicker": r"tempo\.yaml:3:\d+: step 1, tempo: expected at least 0\.5s",
    "tempo-at-the-floor-too-many-parts": r"parts\.yaml:4:1: step 2: routine expands to more than 28,800 parts",
    "self-paced-too-many-parts": r"presses\.yaml:3:1: step 1: routine expands to more than 28,800 parts",
    "use-multiplies-past-4-hours": r"top\.yaml:4:1: step 2, use: routine lasts 8h20m05s in all .*passes 4 hours here$",
    "sixty-seconds-after-minutes": r"m60s\.yaml:3:11: step 1, hold: expected seconds under 60 after minutes in '1m60s': write 2m or 120s$",
    "sixty-seconds-clock": r"c60\.yaml:3:11: step 1, hold: expected seconds under 60 after minutes in '1:60': write 2m or 120s$",
    "sixty-minutes-after-hours": r"h60m\.yaml:3:11: step 1, rest: expected minutes under 60 after hours",
    "lead-in-flicker": r"lead\.yaml:2:10: lead_in: expected at least 0\.5s \(or 0 for none\)",
    "zero-width-title": r"zw\.yaml:1:8: title: expected text, got only invisible characters",
    "blank-filler-title": r"filler\.yaml:1:8: title: expected text, got only invisible characters",
    "escape-nul": r"U\+0000 \(NUL\) at character 2",
    "escape-cr": r"U\+000D \(CARRIAGE RETURN\) at character 2",
    "escape-backspace": r"U\+0008 \(BACKSPACE\) at character 2",
    "escape-line-separator": r"U\+2028 \(LINE SEPARATOR\)",
    "escape-paragraph-separator": r"U\+2029 \(PARAGRAPH SEPARATOR\)",
    "escape-noncharacter": r"U\+FDD0",
    "escape-rtl-override": r"U\+202E \(RIGHT-TO-LEFT OVERRIDE\)",
    "bidi-in-a-key": r"bidikey\.yaml:2:1: hold\\u202e: unknown key 'hold\\u202e'",
}


def _located(run: Run, path: Path) -> list[str]:
    """The stderr lines that name a routine file beside ``path`` with a line and a column.

    A ``use:`` cycle is reported in the file that closes it, which may be a sibling.
    """
    folder = re.escape(str(path.parent))
    pattern = re.compile(rf"^{folder}/[^/]+\.ya?ml:(\d+):(\d+): \S")
    return [line for line in run.stderr.splitlines() if pattern.match(line)]


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_file_is_refused_quickly_with_a_place(
    name: str, tmp_path: Path, spasm: Callable[..., Run]
) -> None:
    path = CORPUS[name](tmp_path)
    started = time.perf_counter()
    run = spasm("validate", str(path))
    elapsed = time.perf_counter() - started
    assert run.exit_code == 2, run.stderr[-2000:]
    assert _located(run, path), run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert len(run.stderr) < 4 * MiB, f"{len(run.stderr)} characters of messages"
    assert elapsed < REFUSE_WITHIN, f"refused after {elapsed:.2f} s"
    if name in MESSAGES:
        pattern = re.compile(MESSAGES[name])
        assert any(pattern.search(line) for line in _located(run, path)), run.stderr[-2000:]


def test_quoted_values_in_messages_are_cut_short(tmp_path: Path, spasm: Callable[..., Run]) -> None:
    """An aliased 200 KB string used 200 times gives short messages, not 40 MB."""
    path = CORPUS["quadratic-blowup"](tmp_path)
    run = spasm("validate", str(path))
    assert run.exit_code == 2
    # The alias's every use is reported at the anchor, where the text is.
    lines = [line for line in _located(run, path) if ", reps: " in line]
    # The first 100 problems are listed, the other 100 counted.
    assert 90 <= len(lines) <= 100, run.stderr[-2000:]
    assert re.search(r"file: \d+ more problems not shown", run.stderr)
    for line in lines:
        assert "A" * 60 not in line, line[:300]
        assert re.search(r"got 'A{56}\.\.\.$", line), line[:300]


def test_use_of_itself_names_the_cycle(tmp_path: Path, spasm: Callable[..., Run]) -> None:
    path = CORPUS["use-self"](tmp_path)
    run = spasm("validate", str(path))
    assert run.exit_code == 2
    (line,) = _located(run, path)
    assert re.search(r"loop\.yaml:4:\d+: step 1, use: makes a cycle \(loop -> loop\)", line)


def test_python_tags_run_nothing(tmp_path: Path, spasm: Callable[..., Run]) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "payload.yaml"
    path.write_text(
        f"title: !!python/object/apply:os.system ['touch {marker}']\nsteps: [{{hold: 1}}]\n"
    )
    run = spasm("validate", str(path))
    assert run.exit_code == 2
    assert "Python-specific tags are never loaded" in run.stderr
    assert not marker.exists()


def test_the_installed_program_refuses_the_whole_corpus_at_once(tmp_path: Path) -> None:
    """One real process over the whole corpus: no crash, no traceback.

    In-process tests cannot see a crash of libyaml's C code (deep nesting once
    could overflow its stack); a separate process can.
    """
    paths = []
    for name, make in CORPUS.items():
        folder = tmp_path / name
        folder.mkdir()
        paths.append(make(folder))
    env = {**os.environ, "COLUMNS": "120", "TERM": "dumb"}
    spasm = Path(sys.executable).with_name("spasm")
    result = subprocess.run(
        [str(spasm), "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    for path in paths:
        folder = re.escape(path.parent.relative_to(tmp_path).as_posix())
        pattern = re.compile(rf"^{folder}/[^/]+\.ya?ml:\d+:\d+: \S", re.M)
        assert pattern.search(result.stderr), f"no FILE:LINE:COLUMN message for {path}"
    assert f"spasm: {len(paths)} of {len(paths)} files invalid" in result.stderr
