"""YAML syntax errors in plain words, at the line where the mistake is.

The parser reports where it gave up, in its own words ("while parsing a flow
sequence did not find expected ',' or ']'"), often a line after the mistake:
an unclosed ``[`` is found on the next line, a key without its colon when the
next key is read. This module turns the common mistakes (a tab, an unclosed
bracket or quote, a missing colon, a line indented out of step, a colon
inside a value) into what a person would say, placed where they must look.
Anything else keeps the parser's words, at the parser's place.
"""

from __future__ import annotations

import re

import yaml

from spasm_cli.errors import Problem

_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_KEY = re.compile(r"^\s*(?:-\s+)*[^\s#'\"][^:#]*:(\s|$)")


def split_lines(text: str) -> list[str]:
    """The lines as YAML counts them (CR, NEL and U+2028/9 break lines too)."""
    lines = _YAML_BREAKS.split(text)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def syntax_problem(text: str, filename: str, err: yaml.MarkedYAMLError) -> Problem:
    """One problem for a YAML syntax error: its place and what to change."""
    lines = split_lines(text)
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if lines and line > len(lines):
        # libyaml adds a line break after the last line of a file that has
        # none, and may report an error there: place it at the real end.
        line, column = len(lines), len(lines[-1]) + 1
    found = _explain(err, lines, line, column)
    if found is None:
        what = " ".join(part for part in (err.context, err.problem) if part)
        return Problem(filename, line, column, "YAML", f"syntax error: {what}")
    line, column, message = found
    return Problem(filename, line, column, "YAML", message)


_Found = tuple[int, int, str]  # line, column, message
# The parser's words for a line that does not fit the structure around it
# (libyaml's and PyYAML's own, which differ).
_OUT_OF_STEP = ("expected key", "'-' indicator", "block end", "expected <block end>")


def _explain(err: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> _Found | None:
    context = err.context or ""
    problem = err.problem or ""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    opened = err.context_mark
    if "tab" in problem or here[column - 1 : column] == "\t":
        message = "a tab character: YAML indents with spaces only (replace the tab with spaces)"
        return line, column, message
    if opened is not None and ("flow sequence" in context or "flow mapping" in context):
        bracket, close, what = (
            ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
        )
        message = (
            f"the {what} opened with '{bracket}' here is not closed: "
            f"end it with '{close}', and put a ',' between its items"
        )
        return opened.line + 1, opened.column + 1, message
    if opened is not None and "quoted scalar" in context and "end of stream" in problem:
        quote = _char_at(lines, opened.line, opened.column) or '"'
        message = f"the quote {quote} opened here is never closed: end the text with {quote}"
        return opened.line + 1, opened.column + 1, message
    if "escape" in problem:
        message = (
            "a backslash in double quotes starts an escape such as \\n: "
            "write \\\\ for a backslash, or use single quotes"
        )
        return line, column, message
    if "duplicate anchor" in context + problem:
        return line, column, "this &name anchor is given twice: name each anchor once"
    if "undefined alias" in problem:
        return line, column, "this *name refers to no &name anchor above it"
    if "mapping values are not allowed" in problem:
        return _stray_colon(lines, line, column)
    if "node content" in problem or "cannot start any token" in problem:
        char = here[column - 1 : column]
        if not char.strip() or "stream end" in problem:
            message = "a value is missing where the file ends: is a '[' or '{' left unclosed?"
            return line, column, message
        return line, column, f"a value cannot start with {char!r}: put the whole value in quotes"
    if "single document" in context:
        return line, column, "a second document (after ---) in one file: a file holds one routine"
    if not any(word in problem for word in _OUT_OF_STEP):
        return None
    ended = here[: column - 1].rstrip()[-1:]
    if not _starts_line(here, column) and ended and ended in "\"']}":
        message = f"text after the closing {ended}: put the whole value in quotes"
        return line, column, message
    if _starts_line(here, column):
        message = (
            "this line does not line up with the lines above it: the keys of one mapping, "
            "and the dashes of one list, start in the same column"
        )
        return line, column, message
    return None


def _stray_colon(lines: list[str], line: int, column: int) -> _Found:
    """``key: value`` found where a value goes on: a colon in a value, a missing colon, an indent."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    before = here[: column - 1]
    if ": " in before or before.rstrip().endswith(":"):
        # `title: Pain: a guide`: the second colon is read as a second key.
        key, _colon, value = here.strip().lstrip("- ").partition(": ")
        quoted = value.strip().replace("'", "''")  # YAML's way to write ' in '...'
        example = f"{key}: '{quoted}'"
        return line, column, f"a ': ' inside a value: put the whole value in quotes ({example})"
    # The text before this colon carried on a value from the line above:
    # either that line lacks its colon, or this one is indented too far.
    above = line - 1
    while above > 0 and not lines[above - 1].strip():
        above -= 1
    if above > 0 and not _KEY.match(lines[above - 1]):
        start = len(lines[above - 1]) - len(lines[above - 1].lstrip(" -"))
        return above, start + 1, "this line has no ':' after its key (expected key: value)"
    start = len(here) - len(here.lstrip())
    message = (
        f"this line is indented more than line {above} above it: "
        "the keys of one mapping start in the same column"
    )
    return line, start + 1, message


def _starts_line(text: str, column: int) -> bool:
    return column >= 1 and not text[: column - 1].strip()


def _char_at(lines: list[str], line: int, column: int) -> str:
    text = lines[line] if 0 <= line < len(lines) else ""
    return text[column : column + 1]
