"""Reading one routine file: the validated objects, and the YAML safety net below them."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from spasm_cli.errors import Problem, RoutineError
from spasm_cli.format import yamlsafe
from spasm_cli.format.loader import load_routine, parse_routine, where
from spasm_cli.format.model import Breathe, StepKind


def parse(text: str, name: str = "r") -> object:
    return parse_routine(textwrap.dedent(text).encode(), f"{name}.yaml", default_name=name)


def problems(data: str | bytes) -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(RoutineError) as info:
        parse_routine(raw, "f.yaml", default_name="f")
    assert info.value.problems, "a RoutineError always carries its problems"
    return [str(p) for p in info.value.problems]


def test_full_routine() -> None:
    routine = parse(
        """\
        name: my-routine
        title: Evening
        summary: For the evening.
        tags: [stretch, floor]
        phase: recovery
        caution: Stop if it hurts.
        source: 000_x.txt
        lead_in: 0
        steps:
          - title: Lean
            instructions: Lean away.
            hold: 30s
            sides: both
            sets: 2
            rest: 15s
          - reps: 10
            hold: 3s
          - reps: 8
            tempo: 4s
            alternate: true
          - reps: 5
          - breathe: {inhale: 4, hold_in: 1, exhale: 6, duration: 1m}
          - rest: 1:00
          - wait: true
          - use: breathing
            hold: 45s
        """
    )
    assert routine.name == "my-routine"  # type: ignore[attr-defined]
    assert routine.tags == ("stretch", "floor")  # type: ignore[attr-defined]
    assert routine.source == ("000_x.txt",)  # type: ignore[attr-defined]
    assert routine.lead_in == 0.0 and routine.effective_lead_in == 0.0  # type: ignore[attr-defined]
    assert len(routine.digest) == 64  # type: ignore[attr-defined]
    hold, held, tempo, paced, breathe, rest, wait, use = routine.steps  # type: ignore[attr-defined]
    assert (hold.kind, hold.hold, hold.sides, hold.sets, hold.rest) == (
        StepKind.HOLD,
        30.0,
        ("left", "right"),
        2,
        15.0,
    )
    assert hold.instructions == ("Lean away.",)
    assert hold.line == 10
    assert (held.kind, held.reps, held.hold, held.relax, held.title) == (
        StepKind.REPS,
        10,
        3.0,
        2.0,
        "Repetitions",
    )
    assert (tempo.tempo, tempo.alternate, tempo.sides, tempo.relax) == (
        4.0,
        True,
        ("left", "right"),
        None,
    )
    assert (paced.reps, paced.hold, paced.tempo) == (5, None, None)
    assert breathe.breathe == Breathe(inhale=4.0, exhale=6.0, hold_in=1.0, duration=60.0)
    assert breathe.breathe.cycle_count == 5  # 60 s / 11 s per breath, whole cycles
    assert (rest.kind, rest.rest, rest.title) == (StepKind.REST, 60.0, "Rest")
    assert (wait.kind, wait.title) == (StepKind.WAIT, "Get ready")
    assert (use.kind, use.use, use.hold, use.title) == (StepKind.USE, "breathing", 45.0, "")


def test_name_defaults_to_file_name_and_lead_in_to_five_seconds() -> None:
    routine = parse("title: T\nsteps:\n  - hold: 5\n", name="from-file")
    assert routine.name == "from-file"  # type: ignore[attr-defined]
    assert routine.lead_in is None and routine.effective_lead_in == 5.0  # type: ignore[attr-defined]


def test_file_name_that_is_not_a_routine_name() -> None:
    with pytest.raises(RoutineError) as info:
        parse_routine(b"title: T\nsteps:\n  - hold: 5\n", "My File.yaml", default_name="My File")
    assert [p.message for p in info.value.problems] == [
        "the file name 'My File' is not a routine name (expected name: with lowercase letters, digits and dashes)"
    ]


@pytest.mark.parametrize(
    ("breathe", "cycles"),
    [
        ("{inhale: 4, exhale: 6, duration: 1m}", 6),
        ("{inhale: 4, exhale: 6, duration: 65}", 6),
        ("{inhale: 4, exhale: 6, duration: 59.99}", 5),
        ("{inhale: 4, exhale: 6, duration: 3}", 1),  # shorter than one breath: at least one
        ("{inhale: 4, exhale: 6, cycles: 7}", 7),
    ],
)
def test_breathing_duration_runs_whole_cycles(breathe: str, cycles: int) -> None:
    routine = parse(f"title: T\nsteps:\n  - breathe: {breathe}\n")
    assert routine.steps[0].breathe.cycle_count == cycles  # type: ignore[attr-defined]


def test_bom_is_accepted() -> None:
    routine = parse_routine(
        b"\xef\xbb\xbftitle: T\nsteps:\n  - hold: 5\n", "b.yaml", default_name="b"
    )
    assert routine.title == "T"


def test_non_utf8_byte_place_on_a_later_line() -> None:
    assert problems(
        b"title: T\nsteps:\n  - title: ok\n    hold: 5\n  - title: caf\xc3\xa9 \xff\n"
    ) == ["f.yaml:5:17: file: is not UTF-8 text (byte 0xff)"]


def test_nul_byte_after_non_ascii_text_is_placed_by_character() -> None:
    # libyaml counts bytes; the place must be in characters.
    assert problems("title: café\x00\nsteps:\n  - hold: 5\n") == [
        "f.yaml:1:12: YAML: character U+0000 is not allowed in YAML text (expected printable characters)"
    ]


def test_several_problems_are_all_reported() -> None:
    found = problems(
        "title: T\nsteps:\n  - hold: 0\n  - reps: 0\n  - sides: both\n  - wait: false\n"
    )
    assert [line.split(": ", 2)[1] for line in found] == [
        "step 1, hold",
        "step 2, reps",
        "step 3",
        "step 4, wait",
    ]


def test_sides_forms() -> None:
    routine = parse(
        """\
        title: T
        steps:
          - {hold: 5, sides: left}
          - {hold: 5, sides: [right, left]}
        """
    )
    assert [s.sides for s in routine.steps] == [("left",), ("right", "left")]  # type: ignore[attr-defined]
    assert problems("title: T\nsteps:\n  - {hold: 5, sides: [left, left]}\n") == [
        "f.yaml:3:22: step 1, sides: each side may appear once"
    ]


def test_where_formats_paths() -> None:
    assert where(()) == "routine"
    assert where(("steps", 2, "breathe", "inhale")) == "step 3, breathe.inhale"


def test_load_routine_file_problems(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as info:
        load_routine(tmp_path / "gone.yaml")
    assert info.value.problems == [
        Problem(str(tmp_path / "gone.yaml"), 0, 0, "file", "no such file")
    ]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(RoutineError, match="larger than 1 MiB"):
        load_routine(big)
    exactly = tmp_path / "exactly.yaml"
    exactly.write_bytes(b"title: T\nsteps: [{hold: 5}]\n".ljust(1024 * 1024, b" "))
    assert load_routine(exactly).title == "T"


# -- yamlsafe ---------------------------------------------------------------------


def test_located_places_of_values_and_keys() -> None:
    located = yamlsafe.load_located("title: T\nsteps:\n  - hold: 5\n", "f")
    assert isinstance(located, yamlsafe.Located)
    assert located.value == {"title": "T", "steps": [{"hold": 5}]}
    assert located.place(("steps", 0, "hold")) == (3, 11)
    assert located.place(("steps", 0, "hold"), key=True) == (3, 5)
    assert located.place(("steps", 0, "nothing-there")) == (3, 5)


def test_only_plain_values_are_built() -> None:
    located = yamlsafe.load_located("a: 2001-01-01\nb: ~\nc: yes\nd: 0x10\n1: one\n", "f")
    assert isinstance(located, yamlsafe.Located)
    assert located.value["b"] is None and located.value["d"] == 16
    # Dates and yes/no are text in YAML 1.2, as editors read them.
    assert located.value["a"] == "2001-01-01" and located.value["c"] == "yes"
    assert located.value["1"] == "one"  # keys become text


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    start = time.perf_counter()
    result = yamlsafe.load_located("\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - start < 30.0  # a hang check, not a speed measurement
    assert isinstance(result, list)
    assert result[0].message == f"anchors and aliases expand past {yamlsafe.MAX_VALUES} values"


def test_small_aliases_are_fine() -> None:
    located = yamlsafe.load_located("x: &h 30s\nsteps:\n  - hold: *h\n  - hold: *h\n", "f")
    assert isinstance(located, yamlsafe.Located)
    assert located.value["steps"] == [{"hold": "30s"}, {"hold": "30s"}]


@pytest.fixture
def pure_python_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use PyYAML's pure-Python loader, as on a machine without libyaml."""
    import yaml

    monkeypatch.setattr(yamlsafe, "_loader_class", lambda: yaml.SafeLoader)


@pytest.mark.usefixtures("pure_python_yaml")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- " * 5000 + "x\n", "nested deeper than 32 levels"),
        ("a: 1\nb: \x07\n", "f.yaml:2:4: YAML: character U+0007 is not allowed"),
        ("a: !!python/name:os.system x\n", "Python-specific tags are never loaded"),
        ("a: 1\na: 2\n", "f.yaml:2:1: YAML: duplicate key 'a' (first given on line 1)"),
    ],
)
def test_pure_python_loader_is_just_as_safe(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1 and expected in found[0]


def test_deep_nesting_in_c_loader_does_not_crash() -> None:
    result = yamlsafe.load_located("- " * 400_000 + "x\n", "f.yaml")
    assert isinstance(result, list)
    assert str(result[0]) == "f.yaml:1:65: YAML: nested deeper than 32 levels"


def test_use_takes_hold_reps_and_sets_as_overrides() -> None:
    routine = parse("title: T\nsteps:\n  - {use: breathing, hold: 20, reps: 4, sets: 2}\n")
    (step,) = routine.steps  # type: ignore[attr-defined]
    assert (step.kind, step.hold, step.reps, step.sets) == (StepKind.USE, 20.0, 4, 2)
    assert problems(
        "title: T\nsteps:\n  - {use: breathing, breathe: {inhale: 4, exhale: 4, cycles: 1}}\n"
    ) == ["f.yaml:3:5: step 1: step has two kinds (use and breathe); a step does exactly one"]
    assert problems("title: T\nsteps:\n  - {use: breathing, tempo: 2}\n") == [
        "f.yaml:3:22: step 1, tempo: 'tempo' does not apply to a use step (it goes with reps)"
    ]
