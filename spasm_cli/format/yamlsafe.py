"""Reading YAML the way a compiler reads source: safely, with every place known.

PyYAML composes the text into nodes that carry their line and column; this
module turns those nodes into plain Python values (dicts, lists, str, int,
float, bool, None) while recording where each value and each key came from.
Only the standard YAML types are built: explicit tags such as
``!!python/object`` are refused, duplicate keys are refused, and anchors and
aliases may not expand past a sane number of values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from spasm_cli.errors import Problem
from spasm_cli.format.yaml_errors import syntax_problem

Path_ = tuple[str | int, ...]

MAX_VALUES = 20_000  # values after alias expansion; a real routine has a few hundred
MAX_DEPTH = 32  # nesting of mappings and lists; a routine needs 4
_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
# Below this many characters a document cannot nest deeply enough (two
# characters a level, "- - - x") to exhaust the composer's C stack, which
# takes over 10,000 levels; longer texts get an event scan first.
_DEEP_SCAN_CHARS = 8192
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_NODE_TAGS: dict[str, type[yaml.Node]] = {_MAP: yaml.MappingNode, _SEQ: yaml.SequenceNode}
_NODE_TAGS.update(
    {
        f"tag:yaml.org,2002:{name}": yaml.ScalarNode
        for name in ("str", "int", "float", "bool", "null", "timestamp")
    }
)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass
class Located:
    """A document as plain values, plus where each value and key starts (1-based)."""

    value: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # How the file spells each value YAML made a number or true/false (``0x1F``, ``.5``),
    # so advice to quote it quotes what the person wrote.
    written: dict[Path_, str] = field(default_factory=dict)
    # Where each line of a literal block (``figure: |``) starts, so a check of
    # one of its lines can point at that line.
    blocks: dict[Path_, tuple[tuple[int, int], ...]] = field(default_factory=dict)

    def place(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or the key) at ``path``, else of its nearest parent."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def _loader_class() -> type[Any]:
    # The C loader is several times faster (it matters for `spasm list` over
    # thousands of routines); the pure-Python one gives the same nodes.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_located(text: str, filename: str) -> Located | list[Problem]:
    """Parse ``text`` into a ``Located`` document, or return the problems found.

    An empty document gives a ``Located`` whose value is None.
    """
    depth_problem = _check_flow_depth(text, filename) or _check_block_depth(text, filename)
    if depth_problem:
        return [depth_problem]
    try:
        node = yaml.compose(text, Loader=_loader_class())
    except yaml.reader.ReaderError as err:
        return [_reader_problem(text, filename, err)]
    except yaml.MarkedYAMLError as err:
        return [syntax_problem(text, filename, err)]
    except yaml.YAMLError as err:
        return [Problem(filename, 1, 1, "YAML", f"syntax error: {err}")]
    except RecursionError:
        return [Problem(filename, 1, 1, "YAML", f"nested deeper than {MAX_DEPTH} levels")]
    located = Located(None)
    if node is None:
        return located
    builder = _Builder(located, text)
    try:
        located.value = builder.build(node, (), 0)
    except _Refused as refused:
        return [Problem(filename, refused.line, refused.column, "YAML", refused.message)]
    return located


def _check_flow_depth(text: str, filename: str) -> Problem | None:
    # libyaml composes nested flow collections recursively in C, where a
    # hostile file of a million '[' could exhaust the stack before Python can
    # object; count bracket depth first (brackets inside strings count too,
    # which only makes the check stricter than needed).
    if "[" not in text and "{" not in text:
        return None
    depth = 0
    for match in _FLOW_BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                offset = match.start()
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                return Problem(
                    filename, line, column, "YAML", f"nested deeper than {MAX_DEPTH} levels"
                )
        elif depth:
            depth -= 1
    return None


def _check_block_depth(text: str, filename: str) -> Problem | None:
    # libyaml's parser keeps its own stack, but the composer recurses once per
    # level: "- - - ... x" a few hundred thousand levels deep crashes the
    # process (SIGSEGV) before the builder below can count the depth. The same
    # scan stops a huge flat document early, before composing all of it.
    if len(text) <= _DEEP_SCAN_CHARS:
        return None
    depth = 0
    values = 0
    try:
        for event in yaml.parse(text, Loader=_loader_class()):
            if isinstance(event, _VALUE_EVENTS):
                values += 1
                if values > MAX_VALUES:
                    return _event_problem(
                        filename,
                        event,
                        f"more than {MAX_VALUES} values (a routine has a few hundred)",
                    )
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _event_problem(filename, event, f"nested deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports it, with its place
    return None


def _event_problem(filename: str, event: yaml.Event, message: str) -> Problem:
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(filename, line, column, "YAML", message)


def _reader_problem(text: str, filename: str, err: yaml.reader.ReaderError) -> Problem:
    # A ReaderError carries an offset (in bytes from libyaml, in characters
    # from the pure-Python reader) and no line; find the character itself.
    bad = _NON_PRINTABLE.search(text)
    offset = bad.start() if bad else min(max(err.position, 0), len(text))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = ord(text[offset]) if offset < len(text) else err.character
    return Problem(
        filename,
        line,
        column,
        "YAML",
        f"character U+{code:04X} is not allowed in YAML text (expected printable characters)",
    )


class _Builder:
    def __init__(self, located: Located, text: str) -> None:
        self.located = located
        self._lines = _YAML_BREAKS.split(text)
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def scalar(self, node: yaml.Node) -> Any:
        """Build one scalar, turning PyYAML's own failures into a refusal with a place.

        ``!!int abc``, ``0x_``, a 13th month or a 5000-digit number make the
        constructor raise plain Python errors; they are the file's fault.
        Plain numbers that YAML 1.1 (PyYAML) and YAML 1.2 (editors checking
        the JSON Schema) read differently are settled first: see ``_yaml12``.
        """
        settled = None if self._tagged(node) else _yaml12(node)
        if settled is not None:
            return settled
        try:
            return self.constructor.construct_object(node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError):
            mark = node.start_mark
            text = str(node.value)
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise _Refused(
                mark.line + 1, mark.column + 1, f"cannot read {shown!r} as {_type_name(node.tag)}"
            ) from None

    def _tagged(self, node: yaml.Node) -> bool:
        # A scalar's start is its tag when it has one (`!!timestamp 2024-13-45`):
        # what the file says it is, not a plain value to read as YAML 1.2 does.
        mark = node.start_mark
        line = self._lines[mark.line] if mark.line < len(self._lines) else ""
        return line[mark.column : mark.column + 1] == "!"

    def _block_lines(self, node: yaml.Node, value: str) -> tuple[tuple[int, int], ...]:
        # A literal block's value line i is the file's line i after the `|`,
        # and starts at the block's indentation: that of its least indented
        # line (YAML takes it from the first, or from an indicator like `|2`).
        start = node.start_mark.line + 1
        rows = self._lines[start : start + value.count("\n") + (not value.endswith("\n"))]
        drawn = [len(row) - len(row.lstrip(" ")) for row in rows if row.strip()]
        column = 1 + min(drawn, default=0)
        return tuple((number + 1, column) for number in range(start, start + len(rows)))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Refused(line, column, f"anchors and aliases expand past {MAX_VALUES} values")
        if depth > MAX_DEPTH:
            raise _Refused(line, column, f"nested deeper than {MAX_DEPTH} levels")
        self.located.values.setdefault(path, (line, column))
        if node.tag not in _STANDARD_TAGS:
            raise _Refused(line, column, _tag_message(node.tag))
        kind = _NODE_TAGS.get(node.tag)
        if kind is not None and not isinstance(node, kind):
            # `!!int {a: 1}`: PyYAML itself would refuse to build it.
            shown = "!!" + node.tag.rsplit(":", 1)[-1]
            raise _Refused(line, column, f"tag '{shown}' does not fit this value")
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
            if isinstance(value, (int, float)):  # bool too: `title: true`
                self.located.written[path] = str(node.value)
            elif node.style == "|" and isinstance(value, str):
                self.located.blocks[path] = self._block_lines(node, value)
            return value
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_line, key_column, "merge keys (<<) are not supported")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _STANDARD_TAGS:
                raise _Refused(key_line, key_column, "keys must be plain words")
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = self.located.keys.get((*path, key), (0, 0))[0]
                raise _Refused(
                    key_line, key_column, f"duplicate key '{key}' (first given on line {first})"
                )
            key_path = (*path, key)
            self.located.keys[key_path] = (key_line, key_column)
            result[key] = self.build(value_node, key_path, depth + 1)
        return result


_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL_TAG, _TIMESTAMP_TAG = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"
_YAML11_BOOLS = frozenset({"yes", "no", "on", "off"})
# What YAML 1.1 resolves as a timestamp without a tag (PyYAML's own pattern).
_TIMESTAMP = re.compile(
    r"[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
    r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?"
)


def _yaml12(node: yaml.Node) -> str | None:
    """The YAML 1.2 reading of a plain scalar YAML 1.1 reads otherwise, or None.

    PyYAML follows YAML 1.1, editors YAML 1.2, and a routine must mean one
    thing to both. ``1:30`` (1.1: base 60, 90), ``1_000`` and ``0b11`` are
    text in YAML 1.2, so they are text here too (a duration reads ``1:30`` as
    90 seconds either way; a count refuses it). ``010`` is 8 in YAML 1.1 and
    10 in 1.2: refused, saying how to write it. ``yes``/``no``/``on``/``off``
    and dates are text in YAML 1.2, so a title ``No`` stays the word and
    ``sound: yes`` is told to be ``true``.
    """
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):  # plain only
        return None
    text = str(node.value)
    if node.tag == _BOOL_TAG and text.lower() in _YAML11_BOOLS:
        return text  # yes, no, on, off: true/false in YAML 1.1, text in 1.2
    if node.tag == _TIMESTAMP_TAG and _TIMESTAMP.fullmatch(text):
        return text  # 2026-12-02: a date in YAML 1.1, text in 1.2 (`!!timestamp x` is not)
    if node.tag not in (_INT_TAG, _FLOAT_TAG):
        return None
    digits = text.lstrip("+-")
    if digits[:2] in ("0x", "0X"):
        return None  # hexadecimal: the same in both (and PyYAML's errors say the rest)
    if ":" in digits or "_" in digits or (node.tag == _INT_TAG and digits[:2] in ("0b", "0B")):
        return text
    if node.tag == _INT_TAG and len(digits) > 1 and digits[0] == "0" and digits.isdigit():
        if set(digits) <= set("01234567") and int(digits, 8) == int(digits):
            return None  # 07: the same number either way
        mark = node.start_mark
        plain = text[: len(text) - len(digits)] + (digits.lstrip("0") or "0")
        raise _Refused(
            mark.line + 1,
            mark.column + 1,
            f"{text} has a leading zero, which YAML reads as octal ({int(digits, 8)}) in some "
            f"tools and as {int(digits)} in others: write {plain}",
        )
    return None


def _tag_message(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:python/"):
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:")
        return f"tag '{shown}' is not allowed: Python-specific tags are never loaded"
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag
    return f"tag '{shown}' is not allowed (only plain YAML values: text, numbers, true/false, lists, mappings)"


def _type_name(tag: str) -> str:
    names = {
        "int": "a whole number",
        "float": "a number",
        "bool": "true or false",
        "timestamp": "a date",
        "null": "null",
    }
    return names.get(tag.rsplit(":", 1)[-1], "a YAML value")
