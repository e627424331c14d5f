"""Hostile program files give problems, never a crash; and telling a program from a routine."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasm_cli.errors import RoutineError
from spasm_cli.format.program_check import looks_like_program, parse_program
from spasm_cli.format.program_model import PROGRAM_FIELDS, PROGRESS_FIELDS

PROGRAM = b"title: Core foundations\ndays:\n  - [core-beginner]\n  - daily-stretch\n"


# -- hostile input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)),
        b"\x00" * 1000,
        b"[" * 200_000,
        b"- " * 100_000 + b"x",
        b"days: &a [" + b"*a, " * 10 + b"]\n",
        b"title: !!python/object:os.system x\ndays: [a]\n",
        b"title: P\ndays: [" + b"a, " * 30_000 + b"]\n",
        b"days:\n" + b"  - [" + b"x, " * 5000 + b"]\n",
        b"title: P\ndays: [a]\nprogress: {start: !!int abc}\n",
        b"title: P\ndays: [a]\nprogress:\n  start: 1" + b"0" * 5000 + b"\n",
    ],
    ids=[
        "binary",
        "nul",
        "deep-flow",
        "deep-block",
        "alias",
        "python-tag",
        "huge",
        "wide",
        "bad-tag",
        "long-number",
    ],
)
def test_hostile_input_gives_problems_never_a_crash(data: bytes) -> None:
    with pytest.raises(RoutineError) as info:
        parse_program(data, "plan.yaml", default_name="plan")
    assert info.value.problems and all(p.file == "plan.yaml" for p in info.value.problems)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["70%", "off", "breathing", "72.5%", "0%", "core-beginner"]),
)
_KEYS = st.sampled_from([*PROGRAM_FIELDS, *PROGRESS_FIELDS, "dyas", "steps"])
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_any_document_gives_a_program_or_problems(doc: dict[str, object]) -> None:

    # JSON is YAML: every document here is one a person could write.
    data = json.dumps(doc, allow_nan=True).encode()
    try:
        program = parse_program(data, "plan.yaml", default_name="plan")
    except RoutineError as err:
        assert err.problems
    else:
        assert program.days and program.title


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_program_or_problems(data: bytes) -> None:
    try:
        parse_program(data, "plan.yaml", default_name="plan")
    except RoutineError as err:
        assert err.problems
    assert isinstance(looks_like_program(data), bool)


# -- telling a program from a routine ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PROGRAM, True),
        (b"\xef\xbb\xbftitle: P\ndays: [b]\n", True),
        (b"days: nonsense\n", True),  # a program, if a broken one: its checker says why
        (b"title: R\nsteps:\n  - hold: 10\n", False),
        (b"title: R\ndays: [a]\nsteps:\n  - hold: 10\n", False),
        (b"title: R\n", False),
        (b"- days\n", False),
        (b"days: [a\n", False),
        (b"", False),
        (b"days: [a]\xff\n", False),
        (b"[" * 200_000, False),
        (bytes(range(256)), False),
    ],
)
def test_looks_like_program(data: bytes, expected: bool) -> None:
    assert looks_like_program(data) is expected
