""" "Did you mean": the nearest names for a word that matched none.

One rule everywhere a word is looked up in a closed set (routine names,
phases, tags): a name that starts with the word comes first (`breath` ->
`breathing`), then names that differ by a typo or two (difflib).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def near(word: str, choices: Iterable[str], *, most: int = 3) -> list[str]:
    """Up to ``most`` choices close to ``word``, the closest first."""
    options = sorted(set(choices))
    starting = [c for c in options if c.startswith(word) and c != word] if word else []
    close = difflib.get_close_matches(word, options, n=most, cutoff=0.7)
    found: list[str] = []
    for choice in [*starting, *close]:
        if choice not in found:
            found.append(choice)
    return found[:most]


def choices_text(found: Sequence[str]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    quoted = [f"'{c}'" for c in found]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def question(found: Sequence[str]) -> str:
    """``did you mean 'a' or 'b'?``, or an empty string when ``found`` is empty."""
    return f"did you mean {choices_text(found)}?" if found else ""


def sentence_hint(found: Sequence[str]) -> str:
    """`` Did you mean 'breathing'?`` (a sentence of its own), or an empty string."""
    asked = question(found)
    return f" D{asked[1:]}" if asked else ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` Did you mean 'breathing'?``, or an empty string when nothing is close."""
    return sentence_hint(near(word, choices))


def bracket_hint(word: str, choices: Iterable[str], *, most: int = 3) -> str:
    """`` (did you mean 'recovery'?)`` after a message, or an empty string when nothing is close."""
    asked = question(near(word, choices, most=most))
    return f" ({asked})" if asked else ""
