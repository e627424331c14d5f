"""`spasm validate`: every kind of problem, each with its FILE:LINE:COLUMN: where: message.

The broken files live in tests/fixtures/; files that are too big to keep (over
1 MiB, deeply nested) are made here. Every case must exit 2 with the problems
on stderr and nothing like a traceback.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DURATION = "a duration like 30, 2.5, '30s', '2m', '1m30s' or '1:30'"
TAGS_ONLY = "(only plain YAML values: text, numbers, true/false, lists, mappings)"
STEP_KEYS = "title, instructions, hold, reps, tempo, relax, breathe, rest, wait, use, sides, alternate, sets, figure"

# fixture -> the problems `spasm validate` reports, in order: (line, column, where, message)
EXPECTED: dict[str, list[tuple[int, int, str, str]]] = {
    "syntax-error.yaml": [
        (
            4,
            4,
            "YAML",
            "this line does not line up with the lines above it: the keys of one mapping, "
            "and the dashes of one list, start in the same column",
        ),
    ],
    "unknown-keys.yaml": [
        (2, 1, "stpes", "unknown key 'stpes' (did you mean 'steps'?)"),
        (6, 5, "step 1, sidez", "unknown key 'sidez' (did you mean 'sides'?)"),
        (8, 50, "step 2, breathe.hold_inn", "unknown key 'hold_inn' (did you mean 'hold_in'?)"),
        (11, 5, "step 3, zzzzzz", f"unknown key 'zzzzzz' (expected one of: {STEP_KEYS})"),
    ],
    "wrong-types.yaml": [
        (1, 8, "title", "expected text, got a list"),
        (2, 7, "tags", "expected a list of tags like [stretch, floor], got text"),
        (3, 8, "phase", "expected acute, recovery or prevention, got 'sometimes'"),
        (4, 10, "lead_in", f"expected {DURATION}, got 'soon'"),
        (7, 11, "step 1, hold", f"expected {DURATION}, got 'abc'"),
        (8, 11, "step 1, sets", "expected a whole number from 1 to 50, got 'two'"),
        (
            9,
            12,
            "step 1, sides",
            "expected both, left, right or a list of left and right, got 'up'",
        ),
        (10, 11, "step 2, reps", "expected a whole number from 1 to 500, got 2.5"),
        (11, 16, "step 2, alternate", "expected true or false, got text"),
        (12, 11, "step 3, wait", "expected true, got 'yes please'"),
    ],
    "out-of-range.yaml": [
        # lead_in: 0 (line 2), hold: 1h, reps: 500 and sets: 50 are allowed.
        (4, 11, "step 1, hold", f"expected a duration above zero ({DURATION}), got 0"),
        (5, 11, "step 2, hold", "expected at most 1 hour, got 3601"),
        (7, 11, "step 4, reps", "expected a whole number from 1 to 500, got 0"),
        (8, 11, "step 5, reps", "expected a whole number from 1 to 500, got 501"),
        (11, 11, "step 7, sets", "expected a whole number from 1 to 50, got 51"),
        (14, 23, "step 9, breathe.inhale", f"expected a duration above zero ({DURATION}), got 0"),
        (14, 34, "step 9, breathe.exhale", "expected at most 1 hour, got '61m'"),
        (14, 47, "step 9, breathe.cycles", "expected a whole number from 1 to 500, got 501"),
    ],
    "step-kinds.yaml": [
        (
            3,
            5,
            "step 1",
            "step has no kind (expected one of hold, reps, breathe, rest, wait, use)",
        ),
        (4, 5, "step 2", "step has two kinds (breathe and reps); a step does exactly one"),
        (6, 5, "step 3", "step has two kinds (wait and hold); a step does exactly one"),
        (10, 5, "step 4, tempo", "'tempo' does not apply to a hold step (it goes with reps)"),
        (11, 5, "step 5", "give hold (each rep held) or tempo (each rep takes), not both"),
        (15, 5, "step 6, relax", "relax goes with hold (time between held reps)"),
        (
            17,
            5,
            "step 7, sides",
            "'sides' does not apply to a rest step (it goes with hold or reps)",
        ),
        (
            19,
            5,
            "step 8, rest",
            "'rest' does not apply to a use step (it goes with hold or reps or breathe or rest)",
        ),
    ],
    "duplicate-key.yaml": [(4, 1, "YAML", "duplicate key 'title' (first given on line 1)")],
    "python-tag.yaml": [
        (
            1,
            8,
            "YAML",
            "tag '!!python/object/apply:os.system' is not allowed: Python-specific tags are never loaded",
        ),
    ],
    "custom-tag.yaml": [(1, 8, "YAML", f"tag '!foo' is not allowed {TAGS_ONLY}")],
    "binary-tag.yaml": [(2, 10, "YAML", f"tag '!!binary' is not allowed {TAGS_ONLY}")],
    "set-tag.yaml": [(2, 7, "YAML", f"tag '!!set' is not allowed {TAGS_ONLY}")],
    "merge-key.yaml": [(4, 5, "YAML", "merge keys (<<) are not supported")],
    "billion-laughs.yaml": [(1, 6, "YAML", "anchors and aliases expand past 20000 values")],
    "latin1.yaml": [(1, 11, "file", "is not UTF-8 text (byte 0xe9)")],
    "nul-byte.yaml": [
        (
            3,
            14,
            "YAML",
            "character U+0000 is not allowed in YAML text (expected printable characters)",
        )
    ],
    "empty.yaml": [(1, 1, "file", "is empty (expected a routine: title and steps)")],
    "blank.yaml": [(1, 1, "file", "is empty (expected a routine: title and steps)")],
    "comments-only.yaml": [
        (1, 1, "routine", "file is empty (expected a routine: title and steps)")
    ],
    "top-level-list.yaml": [
        (1, 1, "routine", "expected a mapping with title and steps, got a list")
    ],
    "multi-document.yaml": [
        (
            4,
            1,
            "YAML",
            "a second document (after ---) in one file: a file holds one routine",
        ),
    ],
    "too-long.yaml": [
        (
            5,
            1,
            "step 2",
            "routine lasts 4h01m in all (expected at most 4 hours); it passes 4 hours here",
        )
    ],
    "many-problems.yaml": [
        (
            1,
            7,
            "name",
            "expected a routine name of lowercase letters, digits and dashes, got 'Bad Name'",
        ),
        (2, 8, "title", "expected text, got an empty string"),
        (
            3,
            1,
            "colour",
            "unknown key 'colour' (expected one of: name, title, summary, tags, phase, position, caution, source, lead_in, steps)",
        ),
        (4, 8, "phase", "expected acute, recovery or prevention, got 'later'"),
        (6, 11, "step 1, hold", "expected a duration of zero or more seconds, got -5"),
        (8, 12, "step 2, tempo", f"expected a duration above zero ({DURATION}), got 0"),
        (
            9,
            5,
            "step 3",
            "step has no kind (expected one of hold, reps, breathe, rest, wait, use)",
        ),
        (
            10,
            5,
            "step 4",
            "expected a step (a mapping with title and one of hold, reps, breathe, rest, wait, use), got text",
        ),
    ],
}


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Files under the working folder are named relative to it; work from an
    # empty folder so every message names the file as these tests gave it.
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("spasm: ")]


def assert_clean_failure(result: object) -> None:
    stdout, stderr = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert stdout == ""


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_validate_reports_each_problem_with_its_place(
    spasm: Callable[..., object], fixture: str
) -> None:
    path = FIXTURES / fixture
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    expected = [
        f"{path}:{line}:{column}: {where}: {message}"
        for line, column, where, message in EXPECTED[fixture]
    ]
    assert problem_lines(result.stderr) == expected  # type: ignore[attr-defined]
    assert result.stderr.endswith("spasm: 1 of 1 file invalid\n")  # type: ignore[attr-defined]


def test_billion_laughs_is_refused_fast(spasm: Callable[..., object]) -> None:
    start = time.perf_counter()
    result = spasm("validate", str(FIXTURES / "billion-laughs.yaml"))
    # A hang check (uncapped, this never ends), not a speed measurement.
    assert time.perf_counter() - start < 30.0
    assert_clean_failure(result)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_file_over_one_mib(spasm: Callable[..., object], tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("title: Big\nsteps:\n  - hold: 30s\n" + "#" * (1024 * 1024) + "\n")
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:0:0: file: is larger than 1 MiB; a routine file is a few KiB"
    ]


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("title: x\nsteps: " + "[" * 40 + "]" * 40 + "\n", "2:40"),  # flow, caught before parsing
        ("title: x\nsteps:\n" + "".join("  " * (i + 1) + "-\n" for i in range(40)), "35:67"),
        ("title: x\nsteps:\n  " + "- " * 300_000 + "x\n", "3:65"),  # once crashed the C composer
        ("? " * 100_000 + "x\n", "1:65"),
    ],
    ids=["flow", "block", "compact-sequences", "complex-keys"],
)
def test_deep_nesting(spasm: Callable[..., object], tmp_path: Path, body: str, place: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(body)
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [f"{path}:{place}: YAML: nested deeper than 32 levels"]  # type: ignore[attr-defined]


def test_missing_file_and_folder(spasm: Callable[..., object], tmp_path: Path) -> None:
    result = spasm("validate", str(tmp_path / "nope.yaml"), str(tmp_path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{tmp_path / 'nope.yaml'}:0:0: file: no such file",
        f"{tmp_path}:0:0: folder: holds no routine or program files (*.yaml, *.yml)",
    ]
    assert result.stderr.endswith("spasm: 2 of 2 files invalid\n")  # type: ignore[attr-defined]


def test_missing_title_and_steps(spasm: Callable[..., object], tmp_path: Path) -> None:
    path = write(tmp_path, "bare.yaml", "summary: nothing else\n")
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:1:1: routine: missing required key 'title' (Title shown while the routine runs)",
        f"{path}:1:1: routine: missing required key 'steps' (The steps, in order)",
    ]


def test_breathe_needs_cycles_or_duration_not_both(
    spasm: Callable[..., object], tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "b.yaml",
        """\
        title: Breaths
        steps:
          - breathe: {inhale: 4s, exhale: 4s}
          - breathe: {inhale: 4s, exhale: 4s, cycles: 3, duration: 1m}
        """,
    )
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:3:14: step 1, breathe: missing cycles or duration (how long to breathe)",
        f"{path}:4:14: step 2, breathe: give cycles or duration, not both",
    ]


def test_use_of_unknown_routine(spasm: Callable[..., object], tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "title: A\nsteps:\n  - hold: 5s\n  - use: no-such-routine\n")
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:4:1: step 2, use: no routine called 'no-such-routine' (`spasm list` shows every routine)"
    ]


def test_use_of_a_near_miss_says_did_you_mean(spasm: Callable[..., object], tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "title: Mine\nsteps:\n  - use: child-pose\n")
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:3:1: step 1, use: no routine called 'child-pose' "
        "(did you mean 'childs-pose'? `spasm list` shows every routine)"
    ]


def test_use_cycle_between_two_routines(spasm: Callable[..., object], tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "title: A\nsteps:\n  - use: b\n")
    b = write(tmp_path, "b.yaml", "title: B\nsteps:\n  - hold: 5s\n  - use: a\n")
    result = spasm("validate", str(a), str(b))
    assert result.exit_code == 2
    assert problem_lines(result.stderr) == [
        f"{b}:4:1: step 2, use: makes a cycle (a -> b -> a)",
        f"{a}:3:1: step 1, use: makes a cycle (b -> a -> b)",
    ]
    assert result.stderr.endswith("spasm: 2 of 2 files invalid\n")


def test_use_of_itself(spasm: Callable[..., object], tmp_path: Path) -> None:
    path = write(tmp_path, "me.yaml", "title: Me\nsteps:\n  - use: me\n")
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:3:1: step 1, use: makes a cycle (me -> me)"
    ]


def test_use_of_an_invalid_routine(spasm: Callable[..., object], tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", "title: Good\nsteps:\n  - use: bad\n")
    bad = write(tmp_path, "bad.yaml", "title: Bad\nsteps:\n  - hold: 0\n")
    result = spasm("validate", str(good))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{good}:3:1: step 1, use: the routine 'bad' is invalid (its problems follow)",
        f"{bad}:3:11: step 1, hold: expected a duration above zero ({DURATION}), got 0",
    ]


def test_use_bomb_is_refused_fast(spasm: Callable[..., object], tmp_path: Path) -> None:
    # Three levels of 300 `use:` each would expand to 27 million steps.
    for name, inner in (("a", "b"), ("b", "c"), ("c", "d")):
        write(tmp_path, f"{name}.yaml", "title: X\nsteps:\n" + f"  - use: {inner}\n" * 300)
    write(tmp_path, "d.yaml", "title: D\nsteps:\n  - reps: 500\n    sets: 50\n    sides: both\n")
    start = time.perf_counter()
    result = spasm("validate", str(tmp_path / "a.yaml"))
    assert time.perf_counter() - start < 30.0  # a hang check, not a speed measurement
    assert_clean_failure(result)
    assert (
        f"{tmp_path / 'a.yaml'}:3:1: step 1, use: routine expands to more than 28,800 parts"
        in result.stderr  # type: ignore[attr-defined]
    )


def test_name_not_matching_file_in_routines_folder(
    spasm: Callable[..., object], isolated_folders: Path
) -> None:
    folder = isolated_folders / "config" / "spasm" / "routines"
    path = write(folder, "mine.yaml", "name: other\ntitle: X\nsteps:\n  - hold: 5s\n")
    result = spasm("validate", str(path))
    assert_clean_failure(result)
    assert problem_lines(result.stderr) == [  # type: ignore[attr-defined]
        f"{path}:1:7: name: name 'other' does not match the file name (expected name: mine, or rename the file)"
    ]


def test_name_may_differ_outside_routines_folders(
    spasm: Callable[..., object], tmp_path: Path
) -> None:
    path = write(tmp_path, "draft.yaml", "name: other\ntitle: X\nsteps:\n  - hold: 5s\n")
    result = spasm("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok (other: 1 step, 5s)\n"


def test_mixed_good_and_bad_files(spasm: Callable[..., object], tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", "title: Good\nsteps:\n  - hold: 30s\n    sides: both\n")
    bad = FIXTURES / "empty.yaml"
    result = spasm("validate", str(good), str(bad))
    assert result.exit_code == 2
    assert result.stdout == f"{good}: ok (good: 1 step, 1m)\n"
    assert result.stderr == (
        f"{bad}:1:1: file: is empty (expected a routine: title and steps)\nspasm: 1 of 2 files invalid\n"
    )


def test_all_good_exits_zero(spasm: Callable[..., object], tmp_path: Path) -> None:
    good = write(
        tmp_path, "good.yaml", "title: Good\nlead_in: 0\nsteps:\n  - hold: 1h\n    sets: 4\n"
    )
    result = spasm("validate", str(good))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{good}: ok (good: 1 step, 4h00m)\n"


def test_a_bare_file_name_is_read_from_the_working_folder(
    spasm: Callable[..., object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "here.yaml", "title: Here\nsteps:\n  - wait: true\n")
    monkeypatch.chdir(tmp_path)
    result = spasm("validate", "here.yaml")
    assert (result.exit_code, result.stdout) == (
        0,
        "here.yaml: ok (here: 1 step, at your own pace)\n",
    )
