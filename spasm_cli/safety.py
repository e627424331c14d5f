"""Warning signs that need a doctor, and general cautions, quoted from the articles.

Every line shown is a word-for-word quote from one of the articles the
routines are based on, cited by what the article is (``sources``), so spasm
makes no medical claim of its own. Kept as data (no Rich) so the plain
printer, the live screen and tests share it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from spasm_cli.sources import cite

SEED_DOCTOR = "core-stability-guide"  # short ids of spasm_cli.sources
SEED_HOLISTIC = "holistic-guide"

# The file whose presence means the first-run notice has been shown.
MARKER = "safety-shown"

# After-pain this many points above before-pain earns a warning.
PAIN_RISE_WARNING = 3


@dataclass(frozen=True)
class Quote:
    """One sentence from a seed, verbatim, and where it is from."""

    text: str
    source: str  # the article's short id (spasm_cli.sources)
    section: str  # the heading it sits under in that file


WARNING_SIGNS: tuple[Quote, ...] = tuple(
    Quote(text, SEED_DOCTOR, "When to see a doctor")
    for text in (
        "If you suddenly lose control over your bladder or bowel function, along with back "
        "spasms. This could be a sign of a serious issue.",
        "If you notice weakness in your arms or legs that wasn’t present before. New-onset "
        "weakness could be related to nerve compression or other underlying conditions.",
        "If you experience fever, chills, or other systemic symptoms (such as unexplained "
        "weight loss).",
        "If your back spasms are constant, intense, or worsen over time, or the pain lasts "
        "more than 12 weeks.",
        "If the pain from back spasms spreads down one or both legs, especially extending "
        "below the knee.",
        "If you find it challenging to maintain an upright posture because of back spasms.",
    )
) + (
    Quote(
        "If you experience back pain that doesn’t improve or is accompanied by other "
        "symptoms, consult a healthcare professional.",
        SEED_HOLISTIC,
        "When to Seek Help: Diagnosing Back Spasms",
    ),
)

CAUTIONS: tuple[Quote, ...] = (
    Quote(
        "Wait until the acute pain subsides before attempting any exercises.",
        SEED_DOCTOR,
        "Tips and cautions",
    ),
    Quote(
        "Start with gentle, low-impact moves and gradually progress as your pain allows.",
        SEED_DOCTOR,
        "Tips and cautions",
    ),
    Quote(
        "Stop immediately if you experience a sharp increase in pain.",
        SEED_DOCTOR,
        "Tips and cautions",
    ),
    Quote(
        "Don’t push through the pain. Listen to your body and rest when needed.",
        SEED_DOCTOR,
        "Lifestyle changes",
    ),
    Quote(
        "Always start slowly and consult with a professional if you’re new to exercise.",
        SEED_HOLISTIC,
        "Strengthening Exercises for Your Back Muscles",
    ),
)

WARNING_HEADING = "When to see a doctor"
WARNING_INTRO = (
    "spasm is an exercise timer and cannot tell what is wrong. The articles its "
    "routines come from say to seek medical help:"
)
CAUTION_HEADING = "While exercising"
SEE_AGAIN = "See these again any time with `spasm safety`."

# The signs split by how soon help is needed. Only loss of bladder or bowel
# control is one the article calls "a sign of a serious issue"; it comes first,
# alone, under the plainest lead there is. The lead lines are spasm's own
# words, and claim nothing the quotes do not.
URGENT_SIGNS: tuple[Quote, ...] = WARNING_SIGNS[:1]
OTHER_SIGNS: tuple[Quote, ...] = WARNING_SIGNS[1:]
URGENT_LEAD = "Get medical help now if:"
OTHER_LEAD = "See a doctor if:"
# The same leads over the full quotes, which start with "If" themselves.
URGENT_HEADING = "Get medical help now:"
OTHER_HEADING = "See a doctor:"
TIMER_NOTE = "spasm is an exercise timer and cannot tell what is wrong."
FIRST_HEADING = "Before you start: warning signs"

# The first screen gives each sign as the rest of "... if:", in the quotes'
# own words (each is part of its quote: tests check that), shortened to what
# fits 80x24 with the emergency first. The full quotes are one key away.
FIRST_URGENT = (
    "you suddenly lose control over your bladder or bowel function, along with back "
    "spasms. This could be a sign of a serious issue.",
)
FIRST_OTHER = (
    "you notice weakness in your arms or legs that wasn’t present before.",
    "you experience fever, chills, or other systemic symptoms (such as unexplained weight loss).",
    "your back spasms are constant, intense, or worsen over time, or the pain lasts "
    "more than 12 weeks.",
    "the pain from back spasms spreads down one or both legs, especially extending below the knee.",
    "you find it challenging to maintain an upright posture because of back spasms.",
    "you experience back pain that doesn’t improve or is accompanied by other symptoms.",
)

# Where the articles disagree, said as a disagreement: the acute routines
# follow the two articles that give breathing and stretches for a spasm,
# while the cautions quote a guide that says to wait.
DISAGREEMENT_HEADING = "Where the articles disagree"
DISAGREEMENT = (
    "A core-stability guide says: “Wait until the acute pain subsides before "
    "attempting any exercises.” A physical therapy clinic’s article (More 4 Life) "
    "gives deep breathing and stretches to relax back spasms, and Back Pain "
    "Guide’s “Top 12 Most Asked Questions About Back Spasms” says to lie on your side "
    "and tuck your knees into your chest. spasm’s routines for a spasm (the acute "
    "ones, such as acute-relief) follow these two articles."
)


def sources_line(quotes: tuple[Quote, ...]) -> str:
    """Which articles and headings a group of quotes comes from, cited by what they are.

    ``Quoted from a core-stability guide, 'When to see a doctor', and ...``
    """
    seen: dict[str, list[str]] = {}
    for q in quotes:
        sections = seen.setdefault(q.source, [])
        if q.section not in sections:
            sections.append(q.section)
    parts = [
        f"{cite(source)}, " + " and ".join(f"'{s}'" for s in sections)
        for source, sections in seen.items()
    ]
    listed = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"Quoted from {listed}."


def render_plain(*, first_run: bool = False) -> str:
    """The warning signs and cautions as plain text (no colour, no markup).

    The urgent sign comes first, under its own lead; then the other signs,
    the cautions, and where the articles disagree. ``first_run`` adds a
    closing line on how to see them again. Not wrapped: the caller wraps it
    to the terminal it writes to.
    """
    lines = [WARNING_HEADING, "", WARNING_INTRO, "", URGENT_HEADING]
    lines += [f"- {q.text}" for q in URGENT_SIGNS]
    lines += ["", OTHER_HEADING]
    lines += [f"- {q.text}" for q in OTHER_SIGNS]
    lines += ["", sources_line(WARNING_SIGNS), "", CAUTION_HEADING, ""]
    lines += [f"- {q.text}" for q in CAUTIONS]
    lines += ["", sources_line(CAUTIONS), "", DISAGREEMENT_HEADING, "", DISAGREEMENT]
    if first_run:
        lines += ["", SEE_AGAIN]
    return "\n".join(lines) + "\n"


def first_screen() -> list[str]:
    """The first run's first screen, unwrapped: the emergency first, then the other signs.

    No key prompt: the caller adds the one that fits how it reads keys.
    """
    lines = [FIRST_HEADING, "", URGENT_LEAD]
    lines += [f"- {text}" for text in FIRST_URGENT]
    lines += ["", OTHER_LEAD]
    lines += [f"- {text}" for text in FIRST_OTHER]
    return [*lines, "", TIMER_NOTE]


def signs_text() -> list[str]:
    """Every warning sign, the urgent one first, as lines (for a pain rise)."""
    lines = [URGENT_LEAD]
    lines += [f"- {text}" for text in FIRST_URGENT]
    lines += [OTHER_LEAD]
    lines += [f"- {text}" for text in FIRST_OTHER]
    return lines


def should_show_first_run(state_dir: Path) -> bool:
    """True until ``mark_shown`` has recorded that the notice was shown."""
    return not (state_dir / MARKER).exists()


def mark_shown(state_dir: Path, *, now: datetime | None = None) -> bool:
    """Record that the first-run notice was shown; False if that failed.

    Failing to write the marker is not an error worth stopping a session for:
    the only consequence is seeing the warning signs once more next time.
    """
    moment = now or datetime.now(timezone.utc)
    try:
        from spasm_cli.paths import private_dir

        private_dir(state_dir)
        # Never through a link someone left there; the marker's words are ours.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(state_dir / MARKER, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as marker:
            marker.write(
                f"spasm showed the warning signs on {moment.isoformat(timespec='seconds')}\n"
            )
    except OSError:
        return False
    return True


def pain_warning(before: int | None, after: int | None, routine: str | None = None) -> str | None:
    """The warning signs themselves when pain rose ``PAIN_RISE_WARNING`` or more points.

    None when either score is missing or the rise is smaller. The urgent
    sign comes first, as on the first run; no pointer to another command.
    """
    if before is None or after is None or after - before < PAIN_RISE_WARNING:
        return None
    during = f" during `{routine}`" if routine else ""
    lines = [
        f"Your pain went up from {before} to {after} (out of 10){during}.",
        f"A core-stability guide says: “{CAUTIONS[2].text}”",
        "",
        *signs_text(),
    ]
    return "\n".join(lines)
