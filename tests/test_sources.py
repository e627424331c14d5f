"""The sources table: ids, old file names, near misses and how an article is cited."""

from __future__ import annotations

from pathlib import Path

import pytest

import spasm_cli
from spasm_cli import sources

SEEDS = Path(spasm_cli.__file__).resolve().parents[2] / "shared" / "seeds"


def test_the_four_articles_and_their_ids() -> None:
    assert sources.ids() == [
        "more4life",
        "back-pain-guide",
        "core-stability-guide",
        "holistic-guide",
    ]
    files = [s.file for s in sources.SOURCES]
    assert files == sorted(files) and len(set(files)) == 4
    for source in sources.SOURCES:
        assert source.title and source.who and source.what and source.called and source.headings


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the articles are not beside the checkout")
@pytest.mark.parametrize("source", sources.SOURCES, ids=lambda s: s.id)
def test_headings_are_the_articles_own(source: sources.Source) -> None:
    text = (SEEDS / source.file).read_text(encoding="utf-8")
    lines = {line.strip() for line in text.splitlines()}
    if source.id == "back-pain-guide":
        # A transcript: its headings are its twelve numbered questions.
        assert source.title in lines
        assert [h.split(".", 1)[0] for h in source.headings] == [str(n) for n in range(1, 13)]
        return
    for heading in source.headings:
        assert heading in lines, heading


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("core-stability-guide", "core-stability-guide"),
        ("002_a8755f4e4cbf7c52.txt", "core-stability-guide"),
        ("seeds/000_54ec0143cc81a2d6.txt", "more4life"),
        ("  More4Life ", "more4life"),
        ("HOLISTIC-GUIDE", "holistic-guide"),
    ],
)
def test_find_by_id_or_old_file_name(text: str, found: str) -> None:
    article = sources.find(text)
    assert article is not None and article.id == found
    assert sources.normalise(text) == found


@pytest.mark.parametrize(
    "text", ["my physiotherapist's handout", "McKenzie 2011", "Dr Smith", "physio"]
)
def test_words_of_ones_own_are_kept_as_written(text: str) -> None:
    assert sources.find(text) is None
    assert sources.near_misses(text) == []
    assert sources.normalise(text) == text
    assert sources.cite(text) == text and sources.reference(text) == text


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("core-stabilty-guide", "core-stability-guide"),
        ("core-stability", "core-stability-guide"),
        ("more4lif", "more4life"),
        ("backpain-guide", "back-pain-guide"),
        ("002_a8755f4e4cbf7c5.txt", "core-stability-guide"),
    ],
)
def test_near_misses_of_an_id_or_file_name(text: str, meant: str) -> None:
    assert sources.find(text) is None
    assert sources.near_misses(text)[0] == meant


def test_cited_by_what_it_is() -> None:
    assert sources.cite("core-stability-guide") == "a core-stability guide"
    assert sources.cite("more4life") == "a physical therapy clinic's article (More 4 Life)"
    assert sources.reference("back-pain-guide") == (
        '"Top 12 Most Asked Questions About Back Spasms", Back Pain Guide, by a physical therapist'
    )
    for source in sources.SOURCES:
        for words in (source.title, source.who, source.what, source.called, *source.headings):
            assert "seed" not in words.lower() and ".txt" not in words
