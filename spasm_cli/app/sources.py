"""What ``spasm sources`` prints: the articles, and which bundled routines cite each.

Returns lines; the command wraps them to the terminal. No Typer, no Rich.
"""

from __future__ import annotations

from spasm_cli import paths
from spasm_cli.errors import UsageError
from spasm_cli.format.library import Library, RoutineDir
from spasm_cli.format.suggest import did_you_mean
from spasm_cli.sources import SOURCES, Source, find, ids

INTRO = (
    "The articles spasm's routines and warning signs come from. spasm quotes "
    "and follows them; it makes no medical claim of its own."
)


def bundled_citers() -> dict[str, list[str]]:
    """Each source id, with the names of the bundled routines whose ``source:`` cites it."""
    library = Library([RoutineDir(paths.bundled_routines_dir(), "bundled")])
    citers: dict[str, list[str]] = {source.id: [] for source in SOURCES}
    for routine in library.scan().routines:
        for text in routine.source:
            found = find(text)
            if found is not None and routine.name not in citers[found.id]:
                citers[found.id].append(routine.name)
    return {key: sorted(names) for key, names in citers.items()}


def lookup(word: str) -> Source:
    """The source ``word`` names (short id or old file name); a ``UsageError`` if none."""
    found = find(word)
    if found is None:
        raise UsageError(
            f"no source called {word!r}.{did_you_mean(word.strip().lower(), ids())} "
            "`spasm sources` lists them."
        )
    return found


def _cited_by(names: list[str]) -> str:
    if not names:
        return "cited by no bundled routine"
    noun = "routine" if len(names) == 1 else "routines"
    return f"cited by {len(names)} bundled {noun}: " + ", ".join(names)


def listing(citers: dict[str, list[str]]) -> list[str]:
    """Every source: title, who, what, id and the routines citing it."""
    lines = [INTRO]
    for source in SOURCES:
        lines += [
            "",
            source.title,
            f"  {source.who}",
            f"  {source.what}",
            f"  id: {source.id}; {_cited_by(citers.get(source.id, []))}",
        ]
    lines += ["", "See one article's headings with `spasm sources ID`."]
    return lines


def detail(source: Source, citers: dict[str, list[str]]) -> list[str]:
    """One source with its own headings."""
    lines = [
        source.title,
        source.who,
        source.what,
        f"id: {source.id} (write `source: {source.id}` in a routine to cite it)",
        "",
        "Its headings:",
    ]
    lines += [f"  - {heading}" for heading in source.headings]
    cited = _cited_by(citers.get(source.id, []))
    lines += ["", cited[0].upper() + cited[1:]]
    return lines
