"""YAML syntax errors in plain words, at the line where the mistake is (issue 12, point 8)."""

from __future__ import annotations

import pytest
import yaml

from spasm_cli.errors import Problem
from spasm_cli.format import yamlsafe
from spasm_cli.format.yaml_errors import syntax_problem

OUT_OF_STEP = "this line does not line up with the lines above it"

# text -> (line, column, the start of the message): the place is the
# person's mistake, not where the parser gave up (often a line later).
CASES = {
    "unclosed-list": (
        "title: C\nsteps:\n  - title: One\n    hold: 5\n    instructions: [a, b\n"
        "  - title: Two\n    hold: 5\n",
        (5, 19, "the list opened with '[' here is not closed: end it with ']'"),
    ),
    "unclosed-mapping": (
        "title: C\nsteps:\n  - {title: One, hold: 5\n  - title: Two\n",
        (3, 5, "the mapping opened with '{' here is not closed: end it with '}'"),
    ),
    "tab-indent": (
        "title: D\nsteps:\n\t- title: One\n",
        (3, 1, "a tab character: YAML indents with spaces only"),
    ),
    "tab-inside": (
        "title: D\nsteps:\n  - title: One\n  \thold: 5\n",
        (4, 3, "a tab character: YAML indents with spaces only"),
    ),
    "indented-too-far": (
        "title: E\nsteps:\n  - title: One\n     hold: 5\n",
        (4, 6, "this line is indented more than line 3 above it"),
    ),
    "indented-too-little": (
        "title: E\nsteps:\n  - title: One\n   hold: 5\n",
        (4, 4, OUT_OF_STEP),
    ),
    "colon-in-value": (
        "title: Pain: a guide\nsteps: []\n",
        (1, 12, "a ': ' inside a value: put the whole value in quotes (title: 'Pain: a guide')"),
    ),
    "unclosed-double-quote": (
        'title: "F\nsteps:\n  - title: One\n    hold: 5\n',
        (1, 8, 'the quote " opened here is never closed: end the text with "'),
    ),
    "unclosed-single-quote": (
        "title: 'F\nsteps:\n  - title: One\n",
        (1, 8, "the quote ' opened here is never closed"),
    ),
    "key-without-colon": (
        "title: G\nsteps:\n  - title One\n    hold: 5\n",
        (3, 5, "this line has no ':' after its key"),
    ),
    "first-key-without-colon": (
        "title G\nsteps:\n  - hold: 5\n",
        (1, 1, "this line has no ':' after its key"),
    ),
    "dash-out-of-line": (
        "title: H\nsteps:\n  - title: a\n    hold: 5\n - title: b\n",
        (5, 2, OUT_OF_STEP),
    ),
    "text-after-quote": ('title: "a" b\n', (1, 12, 'text after the closing ": put the whole')),
    "bad-escape": ('title: "a\\q"\n', (1, 10, "a backslash in double quotes starts an escape")),
    "open-list-at-the-end": (
        "title: A\nsteps: [\n",
        (2, 9, "a value is missing where the file ends: is a '[' or '{' left unclosed?"),
    ),
    "unknown-alias": ("a: *x\n", (1, 4, "this *name refers to no &name anchor above it")),
    "second-document": (
        "title: a\nsteps: [{hold: 1}]\n---\ntitle: b\n",
        (3, 1, "a second document (after ---) in one file"),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_syntax_errors_are_placed_at_the_mistake_in_plain_words(case: str) -> None:
    text, (line, column, start) = CASES[case]
    found = yamlsafe.load_located(text, "r.yaml")
    assert isinstance(found, list) and len(found) == 1, found
    problem = found[0]
    assert (problem.line, problem.column) == (line, column), problem
    assert problem.message.startswith(start), problem.message
    # The parser's own words ("while parsing a flow sequence...") are gone.
    assert "while " not in problem.message and "syntax error" not in problem.message


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_pure_python_parser_gives_the_same_words(case: str) -> None:
    """PyYAML's two parsers word their errors differently; the person reads one message."""
    text, _expected = CASES[case]
    fast = yamlsafe.load_located(text, "r.yaml")
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        slow = syntax_problem(text, "r.yaml", err)
    else:
        pytest.fail("the pure-Python parser read it")
    assert isinstance(fast, list)
    if case.startswith("tab") or case == "second-document":
        # Where the two parsers notice a tab, or a second document, differs by design.
        assert slow.message.split(":")[0] == fast[0].message.split(":")[0]
    else:
        # The same words on the same line (a column may differ by one).
        assert (slow.line, slow.message) == (fast[0].line, fast[0].message)


def test_an_unknown_kind_of_syntax_error_keeps_the_parsers_words_at_its_place() -> None:
    class Mark:
        line, column = 1, 3

    err = yaml.MarkedYAMLError(problem="found something odd", problem_mark=Mark())  # type: ignore[arg-type]
    assert syntax_problem("a: b\nc: d\n", "r.yaml", err) == Problem(
        "r.yaml", 2, 4, "YAML", "syntax error: found something odd"
    )
