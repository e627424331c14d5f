"""Text a routine shows: never empty to the eye, never a control character, in values or keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasm_cli.errors import RoutineError
from spasm_cli.format.loader import parse_routine

BASE = (
    "title: {title}\nsummary: {summary}\ncaution: {caution}\nsource: {source}\n"
    "steps:\n  - title: {step}\n    instructions: [{text}]\n    hold: 5s\n"
)
FIELDS = ("title", "summary", "caution", "source", "step", "text")


def routine(**fields: str) -> bytes:
    values = dict.fromkeys(FIELDS, "Fine")
    return BASE.format(**{**values, **fields}).encode("utf-8")


def messages(data: bytes) -> list[str]:
    try:
        parse_routine(data, "t.yaml", default_name="t")
    except RoutineError as err:
        return [str(p) for p in err.problems]
    return []


# Double-quoted YAML escapes for every kind of character refused in text.
REFUSED = {
    "NUL": "\\0",
    "bell": "\\a",
    "backspace": "\\b",
    "carriage return": "\\r",
    "escape": "\\e",
    "delete": "\\x7f",
    "next line (C1)": "\\N",
    "C1 CSI": "\\x9b",
    "line separator": "\\L",
    "paragraph separator": "\\P",
    "right-to-left override": "\\u202e",
    "left-to-right embedding": "\\u202a",
    "first strong isolate": "\\u2068",
    "noncharacter FDD0": "\\uFDD0",
    "noncharacter FFFF": "\\uFFFF",
    "noncharacter 1FFFE": "\\U0001FFFE",
    "noncharacter 10FFFF": "\\U0010FFFF",
}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("escape", list(REFUSED.values()), ids=list(REFUSED))
def test_refused_characters_in_every_text_field(field: str, escape: str) -> None:
    (found,) = messages(routine(**{field: f'"ok{escape}ok"'}))
    assert "not allowed in routine text" in found, found
    assert found.isprintable(), found


# Text that is empty to the eye: spaces, format characters (Cf), lone
# combining marks, fillers that draw nothing.
INVISIBLE = {
    "zero-width space": "\\u200b",
    "zero-width joiners": "\\u200c\\u200d",
    "word joiner and BOM": "\\u2060\\ufeff",
    "soft hyphen": "\\u00ad",
    "left-to-right mark": "\\u200e",
    "arabic letter mark": "\\u061c",
    "invisible times": "\\u2062",
    "no-break and ideographic spaces": "\\u00a0\\u3000",
    "thin and hair spaces": "\\u2009\\u200a",
    "hangul filler": "\\u3164",
    "halfwidth hangul filler": "\\uffa0",
    "braille blank": "\\u2800",
    "lone combining accent": "\\u0301",
    "tag characters": "\\U000E0041\\U000E0042",
    "mongolian vowel separator": "\\u180e",
    "mixture with tab": " \\t\\u200b\\u2800 ",
}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("blank", list(INVISIBLE.values()), ids=list(INVISIBLE))
def test_text_empty_to_the_eye_is_refused(field: str, blank: str) -> None:
    (found,) = messages(routine(**{field: f'"{blank}"'}))
    # Spaces alone are stripped first, and called empty.
    assert "only invisible characters" in found or "an empty string" in found, found
    assert found.startswith("t.yaml:"), found


@pytest.mark.parametrize(
    "text",
    ["e\\u0301tirement", "\\u200bHug\\u200b", "\\u2800x", "Child\\u2019s pose", "a\\tb"],
)
def test_visible_text_with_invisible_characters_in_it_is_fine(text: str) -> None:
    assert messages(routine(title=f'"{text}"')) == []


_SHOWS_NOTHING = st.characters(categories=["Cf", "Mn", "Me", "Zs"]).filter(
    lambda ch: not (0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069)
)


@given(st.text(_SHOWS_NOTHING, min_size=1, max_size=8))
def test_any_title_of_characters_that_show_nothing_is_refused(blank: str) -> None:
    quoted = "".join(f"\\U{ord(ch):08X}" for ch in blank)
    (found,) = messages(routine(title=f'"{quoted}"'))
    assert any(why in found for why in ("only invisible", "an empty string", "not allowed")), found


_NONCHARACTERS = st.one_of(
    st.integers(0xFDD0, 0xFDEF), st.integers(0, 16).map(lambda plane: plane * 0x10000 + 0xFFFE)
).flatmap(lambda code: st.sampled_from([code, code | 1]))


@given(
    st.one_of(
        st.characters(categories=["Cc", "Zl", "Zp"]).filter(lambda ch: ch not in "\n\t"),
        _NONCHARACTERS.map(chr),
    )
)
def test_any_control_separator_or_noncharacter_is_refused(ch: str) -> None:
    # Unassigned code points are not refused: a newer Unicode may make them letters.
    (found,) = messages(routine(caution=f'"x\\U{ord(ch):08X}x"'))
    assert "not allowed in routine text" in found, found
    assert unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cn")


# -- keys ----------------------------------------------------------------------------


@pytest.mark.parametrize("escape", list(REFUSED.values()), ids=list(REFUSED))
@pytest.mark.parametrize(
    "template",
    [
        'title: T\n"{k}": 1\nsteps: [{{hold: 5s}}]\n',
        'title: T\nsteps:\n  - hold: 5s\n    "{k}": 1\n',
        'title: T\nsteps:\n  - breathe: {{inhale: 4s, exhale: 4s, cycles: 2, "{k}": 1}}\n',
    ],
    ids=["routine", "step", "breathe"],
)
def test_keys_with_refused_characters_are_refused_and_quoted_escaped(
    escape: str, template: str
) -> None:
    for key in (f"title{escape}", f"{escape}", f"x{escape}y"):
        found = messages(template.format(k=key).encode())
        assert found, key
        assert all(line.isprintable() for line in found), found
        assert any("unknown key" in line for line in found), found


@pytest.mark.parametrize("blank", ["\\u200b", "\\u00ad", "\\u2800"])
def test_a_known_key_with_an_invisible_character_is_unknown_and_shown(blank: str) -> None:
    (found,) = messages(f'title: T\n"hold{blank}": 5s\nsteps: [{{hold: 5s}}]\n'.encode())
    assert "unknown key" in found and "hold" in found
    assert found.isprintable() or "\\u" in found
