"""Warning signs that need a doctor, and general cautions, quoted from the seeds.

Every line shown is a word-for-word quote from one of the articles the
routines are based on (``seeds/``), with the file it comes from, so spasm
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

    ``first_run`` adds a closing line on how to see them again.
    """
    lines = [WARNING_HEADING, "", WARNING_INTRO, ""]
    lines += [f"- {q.text}" for q in WARNING_SIGNS]
    lines += ["", sources_line(WARNING_SIGNS), "", CAUTION_HEADING, ""]
    lines += [f"- {q.text}" for q in CAUTIONS]
    lines += ["", sources_line(CAUTIONS)]
    if first_run:
        lines += ["", SEE_AGAIN]
    return "\n".join(lines) + "\n"


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
    """A warning when pain after is ``PAIN_RISE_WARNING`` or more points above before.

    None when either score is missing or the rise is smaller.
    """
    if before is None or after is None or after - before < PAIN_RISE_WARNING:
        return None
    which = f"`{routine}`" if routine else "this routine"
    return (
        f"Your pain went up from {before} to {after} (out of 10). Consider stopping {which} "
        f'for now. The articles spasm is based on say: "{CAUTIONS[2].text}" '
        "Read the warning signs with `spasm safety`."
    )
