"""The articles spasm's routines and warning signs come from: the one sources table.

Users read an article cited by what it is (its title, who published or wrote
it, the heading a line sits under), never by a file name. A routine's
``source:`` names an article by its short id (``core-stability-guide``); the
file names the articles were first stored under (``002_a8755f4e4cbf7c52.txt``)
are still accepted and mean the same article. Any other text is a source of
the writer's own (a therapist's handout, a book) and is shown as written,
unless it is a near miss of a short id, which is more likely a typo.

Pure data and lookups (no Typer, no Rich), so the routine format, the safety
text and the commands share it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One article: how it is named, cited and described, and its own headings."""

    id: str  # the short id a routine's `source:` uses
    file: str  # the file name it was first stored under (still accepted)
    title: str  # the article's own title, or a short description where it has none
    who: str  # who published or wrote it
    what: str  # one line on what it is
    called: str  # how a sentence cites it: "a core-stability guide"
    headings: tuple[str, ...]  # its own headings, in order


SOURCES: tuple[Source, ...] = (
    Source(
        id="more4life",
        file="000_54ec0143cc81a2d6.txt",
        title="Back spasm treatment, breathing and stretches",
        who="More 4 Life, a physical therapy clinic",
        what="A physical therapy clinic's article on what causes back spasms, deep "
        "breathing to relax them and four stretches.",
        called="a physical therapy clinic's article (More 4 Life)",
        headings=(
            "What Causes Back Spasms?",
            "Back Spasm Treatment",
            "What Are Some Other Back Spasm Treatments?",
            "Deep Breathing To Relax Back Spasms",
            "Why Does Diaphragmatic Breathing Help Back Spasms?",
            "Breathing Technique For One-Sided Back Spasms",
            "Stretches To Help Back Spasms",
            "Quadratus Lumborum Stretch",
            "Psoas Stretch",
            "Forward Bending Stretch",
            "Child's Pose Stretch",
            "Physical Therapy For Lower Back Spasms",
        ),
    ),
    Source(
        id="back-pain-guide",
        file="001_f5d19e6a89d7a877.txt",
        title="Top 12 Most Asked Questions About Back Spasms",
        who="Back Pain Guide, by a physical therapist",
        what="A physical therapist answers twelve common questions about back spasms, "
        "from lying on your side to which doctor to see.",
        called="a physical therapist's guide (Back Pain Guide)",
        headings=(
            "1. How do you get rid of spasms in your back?",
            "2. What do back spasms feel like?",
            "3. What triggers a back spasm?",
            "4. What is the fastest way to recover from back spasms?",
            "5. Is walking good for back spasms?",
            "6. How long does it take back spasms to go away?",
            "7. How should I sleep if I've been suffering from back spasms?",
            "8. Is a massage good for back spasms?",
            "9. Is heat or cold better for back spasms?",
            "10. Does ibuprofen help with back spasms?",
            "11. Is it better to sit or to lie down?",
            "12. What kind of doctor should I see for my back spasms?",
        ),
    ),
    Source(
        id="core-stability-guide",
        file="002_a8755f4e4cbf7c52.txt",
        title="How to stop back spasms: core stability exercises and other treatments",
        who="a health blog (no author named)",
        what="A guide to stopping back spasms with core stability exercises, heat and "
        "ice, massage and lifestyle changes, with cautions and when to see a doctor.",
        called="a core-stability guide",
        headings=(
            "What causes muscle spasms in the back?",
            "How core stability exercises can help",
            "Beginner-friendly core stability exercises",
            "Planks",
            "Leg raises",
            "Exercises for both the upper and lower back muscles",
            "Shoulder blade squeezes",
            "Cat-cow stretch",
            "Pelvic tilts",
            "Superman",
            "Bridges",
            "Side plank",
            "Dead bug",
            "Seated torso twists",
            "Child’s pose",
            "Bird dog",
            "Tips and cautions",
            "How to stop back spasms: Other ways to treat them",
            "Trigger point release techniques",
            "Flexibility training",
            "Lifestyle changes",
            "Pain management",
            "How to prevent back spasms",
            "Maintain proper posture",
            "When to see a doctor",
            "New findings",
        ),
    ),
    Source(
        id="holistic-guide",
        file="003_eb95ad60554b0521.txt",
        title="Relieving and preventing back spasms naturally",
        who="Mari, an acupressure practitioner",
        what="A holistic-medicine article on relieving back spasms without relying "
        "only on medication: ice and heat, massage, acupressure, strengthening.",
        called="a holistic-medicine article by an acupressure practitioner",
        headings=(
            "What Is a Back Spasm?",
            "Common Causes of Back Spasms",
            "Recognizing Back Spasm Symptoms",
            "Immediate Relief for Back Muscle Spasms",
            "How to Treat Lower Back Spasms Naturally",
            "The Role of Massage in Relieving Muscle Spasms",
            "Treatment Options for Chronic Low Back Pain",
            "Preventing Future Back Spasms",
            "Strengthening Exercises for Your Back Muscles",
            "When to Seek Help: Diagnosing Back Spasms",
        ),
    ),
)

_BY_ID = {s.id: s for s in SOURCES}
_BY_FILE = {s.file: s for s in SOURCES}
# Text shaped like an id (one word) or like an old file name: a near miss of
# one of ours is a typo, not a source of the writer's own.
_ONE_WORD = re.compile(r"\S+")


def ids() -> list[str]:
    """The short ids, in table order."""
    return [s.id for s in SOURCES]


def find(text: str) -> Source | None:
    """The article ``text`` names: a short id or an old file name (any case), else None.

    An old file name may keep the folder it was in (``seeds/002_....txt``).
    """
    word = text.strip().lower()
    return _BY_ID.get(word) or _BY_FILE.get(word.rsplit("/", 1)[-1])


def near_misses(text: str) -> list[str]:
    """The short ids ``text`` is probably a typo of; empty for text of the writer's own.

    Only a single word can be a near miss: a sentence (``my physiotherapist's
    handout``) is a source of its own, however close its words.
    """
    word = text.strip().lower()
    if find(word) is not None or not _ONE_WORD.fullmatch(word):
        return []
    # A refusal needs a real typo: a short word ("B", "more") or a mere
    # prefix is a source of the writer's own, not a misspelt id. The closest
    # only: the ids share "-guide", so a typo of one is near two.
    if len(word) < 5:
        return []
    found = difflib.get_close_matches(word, ids(), n=1, cutoff=0.8)
    if not found and word.endswith(".txt"):
        files = difflib.get_close_matches(word.rsplit("/", 1)[-1], list(_BY_FILE), n=1, cutoff=0.8)
        found = [_BY_FILE[f].id for f in files]
    return found


def normalise(text: str) -> str:
    """A ``source:`` value as stored: the short id of a known article, else the text as written."""
    found = find(text)
    return found.id if found else text


def cite(text: str) -> str:
    """A source named by what it is: ``a core-stability guide``; other text as written."""
    found = find(text)
    return found.called if found else text


def reference(text: str) -> str:
    """A source as ``show`` lists it: ``"Title", who``; other text as written."""
    found = find(text)
    return f'"{found.title}", {found.who}' if found else text
