"""The bundled figures: their size, their characters, their words, and mirroring them."""

from __future__ import annotations

import re
import unicodedata

import pytest

from spasm_cli.format import figure_art, figures
from spasm_cli.format.figures import (
    FIGURES,
    MAX_FIGURE_LINES,
    MAX_FIGURE_WIDTH,
    Figure,
    for_side,
    mirror,
    width,
)
from spasm_cli.wrapping import cell_width

# The names other parts of spasm (the bundled routines among them) depend on.
REQUIRED = (
    "lying-knees-bent",
    "side-lying-knees",
    "childs-pose",
    "tabletop",
    "bird-dog",
    "dead-bug",
    "plank",
    "side-plank",
    "bridge",
    "pelvic-tilt",
    "cat-cow",
    "superman",
    "seated-twist",
    "forward-bend",
    "standing-side-bend",
    "leg-raise",
    "standing",
    "walking",
    "sitting-tall",
    "shoulder-squeeze",
    "self-massage",
    "lying-rest",
)
SIDED = {"bird-dog", "side-plank", "seated-twist", "standing-side-bend"}
PHASES = {"bridge": ("down", "up"), "pelvic-tilt": ("flat", "arch"), "cat-cow": ("cat", "cow")}

ALL = list(FIGURES.values())
FRAMES = [
    pytest.param(figure, index, frame, id=f"{figure.name}-{index}")
    for figure in ALL
    for index, frame in enumerate(figure.phases)
]


def by_name(name: str) -> Figure:
    found = figures.get(name)
    assert found is not None, name
    return found


# -- size and characters ---------------------------------------------------------


@pytest.mark.parametrize(("figure", "index", "frame"), FRAMES)
def test_every_frame_fits_the_size_limits(
    figure: Figure, index: int, frame: tuple[str, ...]
) -> None:
    assert 1 <= len(frame) <= MAX_FIGURE_LINES
    assert 1 <= width(frame) <= MAX_FIGURE_WIDTH


@pytest.mark.parametrize(("figure", "index", "frame"), FRAMES)
def test_every_line_of_a_frame_is_one_width(
    figure: Figure, index: int, frame: tuple[str, ...]
) -> None:
    assert {cell_width(line) for line in frame} == {width(frame)}


@pytest.mark.parametrize(("figure", "index", "frame"), FRAMES)
def test_no_tabs_or_control_characters(figure: Figure, index: int, frame: tuple[str, ...]) -> None:
    for line in frame:
        assert isinstance(line, str)
        for char in line:
            # Cc: controls (tab, newline, escape); Cf: format, the direction marks among them.
            assert unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"), (line, char)
            assert cell_width(char) == 1, (line, char)


@pytest.mark.parametrize(("figure", "index", "frame"), FRAMES)
def test_every_frame_is_drawn_and_has_one_head(
    figure: Figure, index: int, frame: tuple[str, ...]
) -> None:
    assert any(line.strip() for line in frame)
    assert frame[0].strip() and frame[-1].strip(), "blank rows are trimmed"
    assert sum(line.count("●") for line in frame) == 1


def test_no_frame_has_a_margin_on_the_left() -> None:
    for figure in ALL:
        assert any(not line.startswith(" ") for frame in figure.phases for line in frame), (
            figure.name
        )


@pytest.mark.parametrize("figure", ALL, ids=lambda f: f.name)
def test_every_phase_is_the_same_size(figure: Figure) -> None:
    sizes = {(len(frame), width(frame)) for frame in figure.phases}
    assert len(sizes) == 1
    assert 1 <= len(figure.phases) <= 2
    assert len(set(figure.phases)) == len(figure.phases), "two phases drawn the same"
    assert figure.lines == figure.phases[0]


def test_at_least_20_distinct_figures() -> None:
    assert len(FIGURES) >= 20
    first_frames = [figure.lines for figure in ALL]
    assert len(set(first_frames)) == len(first_frames)


# -- names -----------------------------------------------------------------------


def test_names_are_valid_unique_and_in_order() -> None:
    assert figures.names() == list(FIGURES)
    assert len(set(figures.names())) == len(FIGURES)
    for name, figure in FIGURES.items():
        assert figure.name == name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)


def test_the_names_others_depend_on_are_all_there() -> None:
    assert set(REQUIRED) <= set(FIGURES)


def test_get_finds_a_figure_by_name_only() -> None:
    assert by_name("bridge").title == "Bridge"
    assert figures.get("Bridge") is None
    assert figures.get("bridges") is None
    assert figures.get("") is None


def test_which_figures_are_sided_and_which_move() -> None:
    assert {figure.name for figure in ALL if figure.sided} == SIDED
    moving = {figure.name: figure.phase_names for figure in ALL if len(figure.phases) > 1}
    assert moving == PHASES
    assert all(figure.phase_names == () for figure in ALL if len(figure.phases) == 1)


def test_a_figure_checks_its_name_and_phases() -> None:
    frame = ("●▄▄",)
    with pytest.raises(ValueError, match="name"):
        Figure("Lying Down", "T", "W.", (frame,))
    with pytest.raises(ValueError, match="no drawing"):
        Figure("empty", "T", "W.", ())
    with pytest.raises(ValueError, match="phases"):
        Figure("two", "T", "W.", (frame, frame), ("one",))


# -- words -----------------------------------------------------------------------


@pytest.mark.parametrize("figure", ALL, ids=lambda f: f.name)
def test_words_are_one_short_sentence(figure: Figure) -> None:
    assert figure.words.endswith(".")
    assert len(figure.words) < 120
    assert ". " not in figure.words, "one sentence"
    assert figure.words[0].isupper()
    assert figure.title and figure.title[0].isupper() and not figure.title.endswith(".")


@pytest.mark.parametrize("figure", ALL, ids=lambda f: f.name)
def test_words_say_only_where_the_body_is(figure: Figure) -> None:
    claims = re.compile(r"\b(pain|relie\w*|heal\w*|cure\w*|treat\w*|spasm\w*|safe\w*)\b", re.I)
    assert not claims.search(figure.words)
    assert not claims.search(figure.title)


# -- mirroring -------------------------------------------------------------------


def test_mirror_of_a_known_block() -> None:
    block = ["╭──●", "╱ ▌", "[<("]
    assert mirror(block) == ("●──╮", " ▐ ╲", " )>]")


def test_mirror_swaps_every_direction_and_keeps_the_rest() -> None:
    assert mirror(["╱╭╰┌└├▌▘▖◣◤⌐/(<"]) == (">)\\¬◥◢▗▝▐┤┘┐╯╮╲",)
    assert mirror(["●▄▀█ ─│▔"]) == ("▔│─ █▀▄●",)
    assert mirror([]) == ()
    assert mirror(["", ""]) == ("", "")


def test_mirror_pads_to_the_widest_line_in_cells() -> None:
    assert mirror(["日", "╱"]) == ("日", " ╲")
    assert mirror(["a", "bcd"]) == ("  a", "dcb")


@pytest.mark.parametrize(("figure", "index", "frame"), FRAMES)
def test_mirror_is_an_involution(figure: Figure, index: int, frame: tuple[str, ...]) -> None:
    mirrored = mirror(frame)
    assert mirror(mirrored) == frame
    assert (len(mirrored), width(mirrored)) == (len(frame), width(frame))


@pytest.mark.parametrize("figure", [f for f in ALL if f.sided], ids=lambda f: f.name)
def test_mirror_changes_every_sided_figure(figure: Figure) -> None:
    for frame in figure.phases:
        assert mirror(frame) != frame, "a sided figure is not its own mirror image"


def test_for_side_mirrors_a_sided_figure_on_the_right_only() -> None:
    sided = by_name("bird-dog")
    assert for_side(sided, "right") == mirror(sided.lines)
    assert for_side(sided, "left") == sided.lines
    assert for_side(sided, None) == sided.lines


def test_for_side_leaves_an_unsided_figure_as_drawn() -> None:
    for figure in ALL:
        if not figure.sided:
            assert for_side(figure, "right") == figure.lines
            assert for_side(figure, "left") == figure.lines


def test_for_side_gives_the_phase_asked_for() -> None:
    bridge = by_name("bridge")
    assert for_side(bridge, None, 1) == bridge.phases[1]
    assert for_side(bridge, "right", 1) == bridge.phases[1]
    with pytest.raises(IndexError):
        for_side(bridge, None, 2)


def test_for_side_refuses_a_side_that_is_not_one() -> None:
    with pytest.raises(ValueError, match="side"):
        for_side(by_name("plank"), "both")


def test_width_is_in_terminal_cells() -> None:
    assert width([]) == 0
    assert width(["abc", "日本"]) == 4
    assert width(by_name("plank").lines) == len(by_name("plank").lines[0])


# -- the drawing helper ----------------------------------------------------------


def test_frames_takes_off_the_shared_margin_and_pads_to_one_width() -> None:
    first, second = figure_art.frames("\n|   ●\n|  ▄▄▄\n", "\n|  ●\n|    ▄\n")
    assert first == (" ● ", "▄▄▄")
    assert second == ("●  ", "  ▄")


def test_frames_wants_each_row_after_its_edge() -> None:
    with pytest.raises(ValueError, match="starts with"):
        figure_art.frames("\n|●\n▄▄\n")
