"""Property-based tests of loading: whatever the document, a routine or a RoutineError.

Hypothesis builds routine documents (valid ones, with their planned length
worked out independently of spasm, and broken ones), dumps them to YAML and
hands the bytes to the loader; it also mutates the bundled routine files byte
by byte. The loader must never let anything but a ``RoutineError`` escape,
each problem must carry a place in the file, a routine the loader accepts
must satisfy the published JSON Schema, and a valid routine must compile to a
timeline whose planned total is the sum of its parts.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from spasm_cli.errors import RoutineError
from spasm_cli.format.loader import parse_routine
from spasm_cli.format.model import (
    DEFAULT_LEAD_IN,
    DEFAULT_RELAX,
    MAX_CYCLES,
    MAX_REPS,
    MAX_SETS,
    Routine,
    StepKind,
)
from spasm_cli.format.schema import routine_schema
from spasm_cli.format.size import step_size
from spasm_cli.paths import bundled_routines_dir
from spasm_cli.session.timeline import compile_timeline, step_segments

FILE = "fuzz.yaml"
FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# A compiled routine larger than this is legal but slow to build 250 times.
SEGMENT_BUDGET = 5_000
VALIDATOR = Draft202012Validator(routine_schema())
BUNDLED = sorted(bundled_routines_dir().glob("*.yaml"))


# --- what the loader may answer -------------------------------------------------------


def load(data: bytes) -> Routine | RoutineError:
    """The loader's answer; any exception but RoutineError fails the test."""
    try:
        return parse_routine(data, FILE, default_name="fuzz")
    except RoutineError as err:
        return err


# What YAML (and libyaml's line numbers) count as a line break: CR LF, CR, LF,
# NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, in UTF-8.
LINE_BREAK = re.compile(rb"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]")


def line_count(data: bytes) -> int:
    return len(LINE_BREAK.findall(data)) + 1


def check_problems(err: RoutineError, data: bytes) -> None:
    """Every problem names the file and a place inside it (the bytes were read)."""
    assert err.problems, "a RoutineError with no problem in it"
    lines = line_count(data)
    for problem in err.problems:
        assert problem.file == FILE
        assert 1 <= problem.line <= lines, problem
        assert problem.column >= 1, problem
        assert problem.message.strip(), problem
        assert str(problem).startswith(f"{FILE}:{problem.line}:{problem.column}: ")


def check_schema_accepts(data: bytes) -> None:
    """The schema must never reject what the loader accepts."""
    # The same parser the loader uses: libyaml and PyYAML's pure-Python
    # scanner disagree on a few edge cases (a tab inside a plain scalar).
    doc = yaml.load(data.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(doc)]
    assert not errors, f"loader accepted, schema rejected: {errors}\n{data.decode()}"


# --- valid documents, each with its planned length worked out here ---------------------

# A duration as YAML gives it, with its exact value in seconds.
Dur = tuple[Any, Fraction]


def _forms(n: int) -> list[Any]:
    forms: list[Any] = [n, f"{n}", f"{n}s", f"{n}S", f" {n}s ", f"{n // 60}:{n % 60:02d}"]
    if n >= 60:
        forms.append(f"{n // 60}m{n % 60}s" if n % 60 else f"{n // 60}m")
        forms.append(f"{n // 60}M{n % 60:02d}S")
    if n == 3600:
        forms += ["1h", "1:00:00", "60m"]
    return forms


def durations(max_seconds: int = 3600, *, min_tenths: int = 5) -> st.SearchStrategy[Dur]:
    """Durations in every form the format allows, from the 0.5 s floor up to ``max_seconds``."""
    whole = st.integers(max(1, -(-min_tenths // 10)), max_seconds).flatmap(
        lambda n: st.sampled_from(_forms(n)).map(lambda form: (form, Fraction(n)))
    )
    tenths = st.integers(min_tenths, max_seconds * 10).flatmap(
        lambda t: st.sampled_from([t / 10, f"{t / 10}", f"{t / 10}s"]).map(
            lambda form: (form, Fraction(t, 10))
        )
    )
    minutes = st.integers(1, max_seconds // 6).map(lambda m: (f"{m / 10}m", Fraction(m * 6)))
    boundary = st.sampled_from([(max_seconds, Fraction(max_seconds)), (0.5, Fraction(1, 2))])
    return st.one_of(whole, tenths, minutes, boundary).filter(
        lambda d: Fraction(min_tenths, 10) <= d[1] <= max_seconds
    )


def counts(maximum: int, usual: int) -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, usual), st.just(maximum))


# Routine text: any script, but no control, format (bidi, zero-width),
# separator or unassigned characters, which validation refuses (see
# tests/format/test_injection.py), and at least one character that shows
# (not a space, a lone combining mark or a blank filler; see test_text.py).
_BLANK = "\u115f\u1160\u3164\uffa0\u2800\u180e"
texts = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(
    lambda s: any(
        not ch.isspace() and ch not in _BLANK and unicodedata.category(ch) not in ("Mn", "Me")
        for ch in s
    )
)
words = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=4).map("-".join).filter(lambda s: len(s) <= 40)
instructions = st.one_of(texts, st.lists(texts, min_size=1, max_size=4))
# sampled_from hands out the very objects it holds: copy the lists, or a test
# that damages a drawn document would change what later examples draw.
sides = st.sampled_from(
    ["both", "left", "right", ("left",), ("right",), ("left", "right"), ("right", "left")]
).map(lambda value: list(value) if isinstance(value, tuple) else value)


def n_sides(value: Any) -> int:
    if value is None:
        return 1
    if value == "both":
        return 2
    return len(value) if isinstance(value, list) else 1


@st.composite
def common(draw: st.DrawFn, step: dict[str, Any]) -> dict[str, Any]:
    if draw(st.booleans()):
        step["title"] = draw(texts)
    if draw(st.booleans()):
        step["instructions"] = draw(instructions)
    return step


@st.composite
def timed_steps(draw: st.DrawFn) -> tuple[dict[str, Any], Fraction, int]:
    """A step with no use:, its planned seconds and its segment count."""
    kind = draw(st.sampled_from(["hold", "reps", "breathe", "rest", "wait"]))
    step: dict[str, Any] = {}
    if kind == "rest":
        value, seconds = draw(durations())
        step["rest"] = value
        return draw(common(step)), seconds, 1
    if kind == "wait":
        step["wait"] = True
        return draw(common(step)), Fraction(0), 1
    rounds = 1
    if kind == "hold":
        value, hold = draw(durations())
        step["hold"] = value
        if draw(st.booleans()):
            step["sides"] = draw(sides)
            rounds = n_sides(step["sides"])
        per_round, per_round_segments = hold, 1
    elif kind == "reps":
        reps = draw(counts(MAX_REPS, 12))
        step["reps"] = reps
        timing = draw(st.sampled_from(["hold", "tempo", "self"]))
        if timing == "hold":
            step["hold"], hold = draw(durations(60))
            relax = Fraction(DEFAULT_RELAX)
            if draw(st.booleans()):
                step["relax"], relax = draw(durations(60))
            per_round = reps * hold + (reps - 1) * relax
            per_round_segments = 2 * reps - 1
        elif timing == "tempo":
            step["tempo"], tempo = draw(durations(60))
            per_round, per_round_segments = reps * tempo, reps
        else:
            per_round, per_round_segments = Fraction(0), reps
        alternate = draw(st.sampled_from([None, True, False]))
        if alternate is not None:
            step["alternate"] = alternate
        if draw(st.booleans()):
            step["sides"] = draw(sides)
            if not alternate:
                rounds = n_sides(step["sides"])
    else:
        breathe: dict[str, Any] = {}
        phases: list[Fraction] = []
        for phase in ("inhale", "hold_in", "exhale", "hold_out"):
            if phase in ("inhale", "exhale") or draw(st.booleans()):
                breathe[phase], seconds = draw(durations(20, min_tenths=5))
                phases.append(seconds)
        cycle = sum(phases, Fraction(0))
        if draw(st.booleans()):
            cycles = draw(counts(MAX_CYCLES, 10))
            breathe["cycles"] = cycles
        else:
            # At most MAX_CYCLES whole cycles fit: more is refused (test_limits.py).
            breathe["duration"], total = draw(
                durations(600).filter(lambda d: d[1] / cycle < MAX_CYCLES + 1)
            )
            cycles = max(1, math.floor(total / cycle))  # whole cycles, at least one
        step["breathe"] = breathe
        per_round, per_round_segments = cycles * cycle, cycles * len(phases)
    if draw(st.booleans()):
        step["sets"] = draw(counts(MAX_SETS, 4))
        rounds *= step["sets"]
    seconds = rounds * per_round
    segments = rounds * per_round_segments
    if draw(st.booleans()):
        step["rest"], rest = draw(durations(120))
        seconds += (rounds - 1) * rest
        segments += rounds - 1
    return draw(common(step)), seconds, segments


@st.composite
def use_steps(draw: st.DrawFn) -> dict[str, Any]:
    step: dict[str, Any] = {"use": draw(names)}
    if draw(st.booleans()):
        step["hold"] = draw(durations())[0]
    if draw(st.booleans()):
        step["reps"] = draw(counts(MAX_REPS, 12))
    if draw(st.booleans()):
        step["sets"] = draw(counts(MAX_SETS, 4))
    return draw(common(step))


@st.composite
def routines(draw: st.DrawFn) -> tuple[dict[str, Any], Fraction, int]:
    """A valid routine of timed steps, its planned seconds and its segment count."""
    doc: dict[str, Any] = {"title": draw(texts)}
    for key, strategy in (
        ("name", names),
        ("summary", texts),
        ("tags", st.lists(names, min_size=1, max_size=4)),
        ("phase", st.sampled_from(["acute", "recovery", "prevention"])),
        ("caution", texts),
        ("source", st.one_of(texts, st.lists(texts, min_size=1, max_size=3))),
    ):
        if draw(st.booleans()):
            doc[key] = draw(strategy)
    lead_in = Fraction(DEFAULT_LEAD_IN)
    if draw(st.booleans()):
        doc["lead_in"], lead_in = draw(st.one_of(st.just((0, Fraction(0))), durations()))
    parts = draw(st.lists(timed_steps(), min_size=1, max_size=6))
    doc["steps"] = [step for step, _, _ in parts]
    if "wait" in doc["steps"][0]:
        lead_in = Fraction(0)  # a first step that waits is the get-ready: no countdown
    seconds = lead_in + sum((s for _, s, _ in parts), Fraction(0))
    segments = (1 if lead_in > 0 else 0) + sum(n for _, _, n in parts)
    assume(segments <= SEGMENT_BUDGET)
    # Keys in any order: the format does not care, and the loader must not.
    order = draw(st.permutations(list(doc)))
    return {key: doc[key] for key in order}, seconds, segments


def dump(doc: Any, style: tuple[bool | None, bool]) -> bytes:
    flow, unicode = style
    return yaml.safe_dump(
        doc, default_flow_style=flow, allow_unicode=unicode, sort_keys=False
    ).encode("utf-8")


styles = st.tuples(st.sampled_from([None, False, True]), st.booleans())


@FUZZ
@given(routines(), styles)
def test_valid_routine_loads_and_compiles_to_the_sum_of_its_parts(
    generated: tuple[dict[str, Any], Fraction, int], style: tuple[bool | None, bool]
) -> None:
    doc, expected_seconds, expected_segments = generated
    data = dump(doc, style)
    result = load(data)
    assert isinstance(result, Routine), f"{result}\n{data.decode()}"
    check_schema_accepts(data)
    assert len(result.steps) == len(doc["steps"])

    timeline = compile_timeline(result.title, result.steps, result.effective_lead_in)
    count = len(result.steps)
    parts = [step_segments(step, i, count) for i, step in enumerate(result.steps, 1)]
    lead_in = 0.0 if result.steps[0].kind is StepKind.WAIT else result.effective_lead_in
    from_parts = lead_in + sum(segment.duration or 0.0 for part in parts for segment in part)
    assert math.isclose(timeline.planned_seconds, from_parts, rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(
        timeline.planned_seconds, float(expected_seconds), rel_tol=1e-9, abs_tol=1e-6
    ), doc
    assert len(timeline.segments) == expected_segments
    for step, part in zip(result.steps, parts, strict=True):
        seconds, segments = step_size(step)
        assert segments == len(part)
        assert math.isclose(seconds, sum(s.duration or 0.0 for s in part), abs_tol=1e-6)


@FUZZ
@given(
    st.lists(st.one_of(timed_steps().map(lambda t: t[0]), use_steps()), min_size=1, max_size=5),
    texts,
    styles,
)
def test_use_steps_load_and_satisfy_the_schema(
    steps: list[dict[str, Any]], title: str, style: tuple[bool | None, bool]
) -> None:
    data = dump({"title": title, "steps": steps}, style)
    result = load(data)
    assert isinstance(result, Routine), f"{result}\n{data.decode()}"
    check_schema_accepts(data)


# --- broken documents -------------------------------------------------------------------

junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.sampled_from(["0", "0s", "-1", "1:60", "61:00:00", "both", "up", "1h1s", "", " "]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
    ),
    max_leaves=8,
)
KEYS = ["name", "title", "steps", "hold", "reps", "tempo", "relax", "breathe", "rest", "wait",
        "use", "sides", "alternate", "sets", "inhale", "exhale", "cycles", "duration",
        "instructions", "tags", "phase", "lead_in", "holds", "Title", "step", "rep"]  # fmt: skip


def _containers(doc: Any, out: list[Any]) -> list[Any]:
    if isinstance(doc, (dict, list)):
        out.append(doc)
        for value in doc.values() if isinstance(doc, dict) else doc:
            _containers(value, out)
    return out


@st.composite
def broken(draw: st.DrawFn) -> Any:
    """A valid routine (maybe with use: steps) damaged in one to four places.

    Everything drawn is deep-copied before it is damaged, so that nothing a
    strategy holds (or hands out again on a replay) is changed in place: the
    same draws must always build the same document.
    """
    doc: Any = copy.deepcopy(draw(routines())[0])
    if draw(st.booleans()):
        doc["steps"].append(copy.deepcopy(draw(use_steps())))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["set", "delete", "add", "replace-root"]))
        places = _containers(doc, [])
        if action == "replace-root" or not places:
            doc = copy.deepcopy(draw(junk))
            continue
        target = places[draw(st.integers(0, len(places) - 1))]
        if isinstance(target, dict):
            keys = sorted(target, key=repr)
            if action == "delete" and keys:
                del target[keys[draw(st.integers(0, len(keys) - 1))]]
            elif action == "set" and keys:
                target[keys[draw(st.integers(0, len(keys) - 1))]] = copy.deepcopy(draw(junk))
            else:
                target[draw(st.sampled_from(KEYS))] = copy.deepcopy(draw(junk))
        else:
            size = len(target)
            if action == "delete" and size:
                target.pop(draw(st.integers(0, size - 1)))
            elif action == "set" and size:
                target[draw(st.integers(0, size - 1))] = copy.deepcopy(draw(junk))
            else:
                target.append(copy.deepcopy(draw(junk)))
    return doc


@FUZZ
@given(broken(), styles)
def test_broken_document_gives_routine_or_located_problems(
    doc: Any, style: tuple[bool | None, bool]
) -> None:
    data = dump(doc, style)
    result = load(data)
    if isinstance(result, RoutineError):
        check_problems(result, data)
    else:
        check_schema_accepts(data)


# --- random mutations of the bundled routine files ---------------------------------------

TOKENS = [b"\x00", b"\t", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"\xff",
          b"&a ", b"*a", b"!!python/object/apply:os.system ['true'] ", b"!custom ", b"!!binary ",
          b"!!int ", b"!!float ", b"!!bool ", b"!!timestamp ", b"!!set ", b"<<: ", b"? ", b"---\n",
          b"...\n", b"%YAML 1.1\n", b"{", b"[", b"]", b"}", b"'", b'"', b"#", b"|", b">", b": ",
          b"- ", b"\n  ", b"\xe2\x80\xa8", b"\xf0\x9f\x98\x80", b"\x1b[2J", b"hold: 0", b"sets: 51",
          b"use: fuzz", b"reps: 501", b"0x_", b"2024-13-45", b"9" * 5000, b"~", b"null",
          b"yes", b".inf", b"-.nan"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(BUNDLED)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "token", "delete", "duplicate"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            size = draw(st.integers(1, 200))
            data[at:at] = data[at : at + size]
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_bundled_routine_gives_routine_or_located_problems(data: bytes) -> None:
    result = load(data)
    if isinstance(result, RoutineError):
        check_problems(result, data)
    else:
        check_schema_accepts(data)


def test_every_bundled_routine_loads_and_satisfies_the_schema() -> None:
    assert BUNDLED
    for path in BUNDLED:
        data = path.read_bytes()
        assert isinstance(load(data), Routine), path
        check_schema_accepts(data)


# --- once pinned failures, now fixed in spasm_cli --------------------------------------

UNBUILDABLE = [
    ("!!int abc", "cannot read 'abc' as a whole number"),
    ("!!float abc", "cannot read 'abc' as a number"),
    ("!!bool maybe", "cannot read 'maybe' as true or false"),
    ("!!timestamp hello", "cannot read 'hello' as a date"),
    ("0x_", "cannot read '0x_' as a whole number"),
    ("9" * 5000, "cannot read '" + "9" * 40 + "...' as a whole number"),
]
UNBUILDABLE_IDS = [text if len(text) < 20 else f"{len(text)}-digits" for text, _ in UNBUILDABLE]


@pytest.mark.parametrize(("text", "message"), UNBUILDABLE, ids=UNBUILDABLE_IDS)
def test_scalar_the_constructor_cannot_build_is_a_routine_error(text: str, message: str) -> None:
    data = f"title: x\nsteps:\n  - hold: {text}\n".encode()
    result = load(data)
    assert isinstance(result, RoutineError)
    check_problems(result, data)
    (problem,) = result.problems
    assert str(problem) == f"{FILE}:3:11: YAML: {message}"


@pytest.mark.parametrize(("text", "message"), UNBUILDABLE, ids=UNBUILDABLE_IDS)
def test_key_the_constructor_cannot_build_is_a_routine_error(text: str, message: str) -> None:
    # An explicit key (? ...): a plain key is limited to 1024 characters.
    data = f"title: x\nsteps:\n  - hold: 1\n    ? {text}\n    : 1\n".encode()
    result = load(data)
    assert isinstance(result, RoutineError)
    check_problems(result, data)
    (problem,) = result.problems
    assert str(problem) == f"{FILE}:4:7: YAML: {message}"


def test_number_where_text_is_expected_is_refused_with_a_place() -> None:
    data = b"title: 5\nsteps:\n  - hold: 30s\n    title: 7\n"
    result = load(data)
    assert isinstance(result, RoutineError)
    check_problems(result, data)
    assert [str(p) for p in result.problems] == [
        f"{FILE}:1:8: title: expected text, got a number (put it in quotes: '5')",
        f"{FILE}:4:12: step 1, title: expected text, got a number (put it in quotes: '7')",
    ]
    # The schema agrees: text is a string, never a number.
    assert list(VALIDATOR.iter_errors(yaml.safe_load(data)))
    quoted = b"title: '5'\nsteps:\n  - hold: 30s\n    title: '7'\n"
    assert isinstance(load(quoted), Routine)
    check_schema_accepts(quoted)


def test_name_with_trailing_newline_is_refused() -> None:
    data = b'name: "walk\\n"\ntitle: x\ntags: ["floor\\n"]\nsteps:\n  - use: "other\\n"\n'
    result = load(data)
    assert isinstance(result, RoutineError)
    check_problems(result, data)
    assert {p.where for p in result.problems} == {"name", "tags item 1", "step 1, use"}


def test_quoted_value_in_a_message_is_cut_to_60_characters() -> None:
    data = f"title: x\nphase: '{'A' * 500}'\nsteps:\n  - hold: 1s\n".encode()
    result = load(data)
    assert isinstance(result, RoutineError)
    check_problems(result, data)
    (problem,) = result.problems
    assert problem.message == ("expected acute, recovery or prevention, got '" + "A" * 56 + "...")


# --- places at the very end of a file ----------------------------------------------------


@pytest.mark.parametrize("text", ["title: x\n(", "title: [x", "title: x\nsteps: [{hold: 1}"])
def test_syntax_error_at_the_end_is_placed_inside_the_file(text: str) -> None:
    data = text.encode()
    result = load(data)
    assert isinstance(result, RoutineError)
    (problem,) = result.problems
    assert problem.line <= data.count(b"\n") + 1, problem
