"""The YAML parser's errors explained to a clerk: its English message turned into a
Chinese explanation of what to fix, a wrongly indented key named at its own line
(``yaml-indent``), an invisible control character shown by its code point."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.messages import reading as words
from generator.source.textfile import YamlProblem

_PARSER_MESSAGES = (
    ("mapping values are not allowed here", words.STRAY_COLON),
    ("could not find expected ':'", words.MISSING_COLON),
    ("found character '\\t'", words.TAB_INDENT),
    ("did not find expected key", words.KEYS_NOT_ALIGNED),
    ("did not find expected '-' indicator", words.DASHES_NOT_ALIGNED),
    ("found unexpected end of stream", words.UNCLOSED_AT_END),
    ("found undefined alias", words.NO_ALIAS),
    ("expected <block end>, but found", words.KEYS_NOT_ALIGNED),
    ("found unknown escape character", words.BACKSLASH_IN_QUOTES),
    ("while scanning a quoted scalar", words.UNPAIRED_QUOTE),
    ("found character that cannot start any token", words.BAD_FIRST_CHARACTER),
)


# Parser errors that a wrongly indented key causes (and that otherwise read as a
# colon or quoting problem): for these the lines are scanned for the key whose
# indentation differs from its siblings'.
_INDENT_ERRORS = (
    "mapping values are not allowed here",
    "expected <block end>, but found",
    "could not find expected ':'",
    "did not find expected key",
    "did not find expected '-' indicator",
)
_KEY_LINE = re.compile(r"^( *)(- +)?([^\s#'\"\-\[{|>][^:#]*?):(?:[ \t]+(.*))?$")


@dataclass(frozen=True)
class Misindented:
    """A key line indented unlike its siblings: its 0-based index, the spaces it has,
    the spaces it should have, and the key."""

    index: int
    have: int
    want: int
    key: str


def misindented(lines: list[str], upto: int) -> Misindented | None:
    """The first key line up to line index ``upto`` whose indentation is not that of
    any open block: over-indented after a key that has its value on its line (3
    spaces where its siblings have 2), or between two levels. A key moved left (to
    column 0) is valid YAML by itself; it is found from the next line, which is then
    deeper than the key before it, and named instead of that line. None: the lines
    are not a simple block of keys (flow values, multi-line quotes), or all align."""
    levels: list[int] = []
    prev: tuple[int, int, bool, list[int]] | None = None  # index, position, opened, levels before
    block_scalar: int | None = None
    for n, raw in enumerate(lines[: upto + 1]):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if block_scalar is not None:
            if indent > block_scalar:
                continue
            block_scalar = None
        m = _KEY_LINE.match(raw.rstrip())
        if m is None:
            if prev is not None and prev[2] is False and not stripped.startswith("- "):
                continue  # a plain value continued on the next line
            if not stripped.startswith("- "):
                return None
        dash = bool(m and m.group(2)) or stripped.startswith("- ")
        value = (m.group(4) or "").strip() if m else stripped[2:].strip()
        if value[:1] in ("[", "{", '"', "'") and not _closed(value):
            return None  # a flow or quoted value spanning lines: not ours to judge
        before = list(levels)
        if not levels:
            levels.append(indent)
        elif prev is not None and prev[2] and (indent > prev[1] or (dash and indent == prev[1])):
            levels.append(indent)  # the first child of a key that opened a block
        else:
            while levels and levels[-1] > indent:
                levels.pop()
            if not levels or levels[-1] != indent:
                assert prev is not None
                key = m.group(3).strip() if m else stripped
                if indent > before[-1] and prev[1] < max(prev[3] or [0]) and indent in prev[3]:
                    # The line before left its block (moved left) while its siblings go on.
                    p_line = lines[prev[0]]
                    p_key = _KEY_LINE.match(p_line.rstrip())
                    return Misindented(
                        prev[0], prev[1], indent, p_key.group(3).strip() if p_key else ""
                    )
                return Misindented(n, indent, before[-1], key)
        if m is not None and dash:
            levels.append(indent + len(m.group(2)))  # the item's keys align after "- "
        opened = m is not None and (not value or value.startswith("#"))
        if m is not None and value[:1] in ("|", ">"):
            block_scalar = indent
        prev = (n, indent, opened, before)
    return None


def _closed(value: str) -> bool:
    pairs = {"[": "]", "{": "}", '"': '"', "'": "'"}
    return len(value) > 1 and value.rstrip().endswith(pairs[value[0]])


def _indent_problem(err: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem | None:
    """``yaml-indent`` at the wrongly indented line, when that is what the error is."""
    if not any(needle in f"{err.context} {err.problem}" for needle in _INDENT_ERRORS):
        return None
    mark = err.problem_mark
    if mark is None:
        return None
    lines = text.split("\n")
    found = misindented(lines, min(mark.line, len(lines) - 1))
    if found is None:
        return None
    return YamlProblem(
        "yaml-indent",
        found.index + first_line,
        found.have + 1,
        key=found.key,
        have=found.have,
        want=found.want,
    )


def _explain(err: yaml.MarkedYAMLError) -> str:
    text = f"{err.context or ''} {err.problem or ''}"
    for needle, chinese in _PARSER_MESSAGES:
        if needle in text:
            return chinese
    return words.UNRECOGNISED_LINE


def _unprintable(err: yaml.reader.ReaderError, text: str, first_line: int) -> YamlProblem:
    """A control character YAML refuses (often pasted from Word or a web page)."""
    before = text[: err.position]
    line = before.count("\n") + first_line
    column = len(before) - (before.rfind("\n") + 1) + 1
    explanation = words.CONTROL_CHARACTER.format(code=err.character)
    return YamlProblem("yaml-syntax", line, column, explanation=explanation)
