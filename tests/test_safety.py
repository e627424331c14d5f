"""The safety text: quoted word for word from the seeds, and the first-run marker."""

from __future__ import annotations

from pathlib import Path

import pytest

import spasm_cli
from spasm_cli import safety
from spasm_cli.sources import find

SEEDS = Path(spasm_cli.__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the checkout")
@pytest.mark.parametrize("quote", safety.WARNING_SIGNS + safety.CAUTIONS, ids=lambda q: q.text[:30])
def test_every_line_is_a_verbatim_quote_from_its_seed(quote: safety.Quote) -> None:
    article = find(quote.source)
    assert article is not None and article.id == quote.source
    assert quote.section in article.headings
    seed = (SEEDS / article.file).read_text(encoding="utf-8")
    assert quote.text in seed
    assert quote.section in seed


def test_the_signs_the_issue_lists_are_all_there() -> None:
    signs = " ".join(q.text for q in safety.WARNING_SIGNS)
    for words in (
        "bladder or bowel",
        "weakness in your arms or legs",
        "fever, chills",
        "unexplained weight loss",
        "constant, intense, or worsen",
        "more than 12 weeks",
        "below the knee",
        "upright posture",
    ):
        assert words in signs
    cautions = " ".join(q.text for q in safety.CAUTIONS)
    for words in ("acute pain subsides", "Start with gentle", "sharp increase in pain"):
        assert words in cautions


def test_render_plain_cites_the_articles_by_what_they_are() -> None:
    text = safety.render_plain()
    assert text.startswith("When to see a doctor\n")
    assert "Quoted from a core-stability guide, 'When to see a doctor'" in text
    assert "a holistic-medicine article by an acupressure practitioner, 'When to Seek" in text
    assert "seed" not in text.lower() and ".txt" not in text
    assert all(f"- {q.text}" in text for q in safety.WARNING_SIGNS + safety.CAUTIONS)
    assert "\x1b" not in text and "[bold" not in text
    assert "spasm safety" not in text
    assert safety.render_plain(first_run=True).rstrip().endswith("`spasm safety`.")


def test_first_run_marker(tmp_path: Path) -> None:
    state = tmp_path / "state" / "spasm"
    assert safety.should_show_first_run(state)
    assert safety.mark_shown(state)
    assert not safety.should_show_first_run(state)
    assert safety.mark_shown(state)  # again is fine


def test_marker_failure_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert safety.mark_shown(blocker / "spasm") is False
    assert safety.should_show_first_run(blocker / "spasm")


@pytest.mark.parametrize(
    ("before", "after", "warns"),
    [(2, 5, True), (2, 4, False), (0, 10, True), (6, 3, False), (None, 9, False), (3, None, False)],
)
def test_pain_warning(before: int | None, after: int | None, warns: bool) -> None:
    message = safety.pain_warning(before, after, "core-beginner")
    assert (message is not None) is warns
    if message:
        assert f"from {before} to {after}" in message
        assert "during `core-beginner`" in message
        assert "sharp increase in pain" in message
        # The signs themselves, not a pointer elsewhere, and no mild "consider".
        assert "Consider" not in message and "spasm safety" not in message
    assert "during" not in (safety.pain_warning(2, 6) or "")


def test_a_pain_rise_shows_every_warning_sign_the_emergency_first() -> None:
    message = safety.pain_warning(1, 9, "posture-check") or ""
    lines = message.splitlines()
    urgent = lines.index(safety.URGENT_LEAD)
    assert lines[urgent + 1].startswith("- you suddenly lose control over your bladder or bowel")
    assert urgent < lines.index(safety.OTHER_LEAD)
    for text in safety.FIRST_OTHER:
        assert f"- {text}" in lines


def test_first_screen_signs_are_the_articles_own_words() -> None:
    """Each short sign on the first screen is a piece of one quote, in order, none left out."""
    quotes = [q.text for q in safety.WARNING_SIGNS]
    shorts = [*safety.FIRST_URGENT, *safety.FIRST_OTHER]
    assert len(shorts) == len(quotes)
    for short, quote in zip(shorts, quotes, strict=True):
        words = short.removesuffix(".")
        assert f"If {words}" in quote, (short, quote)
    assert "bladder or bowel" in safety.FIRST_URGENT[0]
    assert safety.URGENT_SIGNS == safety.WARNING_SIGNS[:1]


def test_full_text_puts_the_emergency_first_and_states_the_disagreement() -> None:
    text = safety.render_plain()
    assert text.index(safety.URGENT_HEADING) < text.index("bladder or bowel")
    assert text.index("bladder or bowel") < text.index("weakness in your arms")
    assert text.index(safety.CAUTION_HEADING) < text.index(safety.DISAGREEMENT_HEADING)
    disagreement = safety.DISAGREEMENT
    # Both sides, cited by what the articles are, with the caution in its own words.
    assert "“Wait until the acute pain subsides before attempting any exercises.”" in disagreement
    assert "core-stability guide" in disagreement
    assert "physical therapy clinic’s article (More 4 Life)" in disagreement
    assert "“Top 12 Most Asked Questions About Back Spasms”" in disagreement
    assert "seed" not in disagreement.lower()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the checkout")
def test_the_disagreement_says_only_what_the_articles_say() -> None:
    clinic = (SEEDS / "000_54ec0143cc81a2d6.txt").read_text(encoding="utf-8")
    guide = (SEEDS / "001_f5d19e6a89d7a877.txt").read_text(encoding="utf-8")
    core = (SEEDS / "002_a8755f4e4cbf7c52.txt").read_text(encoding="utf-8")
    assert "Wait until the acute pain subsides before attempting any exercises." in core
    assert "Deep Breathing To Relax Back Spasms" in clinic
    assert "Stretches To Help Back Spasms" in clinic and "More 4 Life" in clinic
    assert guide.startswith("Top 12 Most Asked Questions About Back Spasms")
    assert "try to get onto your side, and then tuck your knees into your chest" in guide
