"""YAML with the position of every value and key (``Doc``), and a case file's front
matter split from its body.

Nothing here raises anything but ``YamlProblem`` for bad input: an alias bomb, deep
nesting, a tag, a syntax error (explained by ``generator.source.yaml_errors``). Each
problem carries a stable code and a 1-based line and column, so the checker can point
at it. Reading the file as text is ``generator.source.textfile``'s job.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from generator.messages import reading as words
from generator.source.textfile import YamlProblem
from generator.source.yaml_errors import _explain, _indent_problem, _unprintable

# Deeper nesting than this is never a valid case file; it only exhausts the stack.
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


# --- YAML with positions ---------------------------------------------------------------


@dataclass
class Doc:
    """A parsed YAML document: plain Python values plus where each came from."""

    value: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)  # the value at a path
    key_marks: dict[Path_, Mark] = field(default_factory=dict)  # the key naming a path
    duplicate_keys: list[tuple[Path_, Mark]] = field(default_factory=list)

    def at(self, *path: str | int) -> Mark:
        """Where the value at ``path`` is, or its nearest ancestor when it is absent."""
        p: Path_ = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), Mark(1, 1))

    def key_at(self, *path: str | int) -> Mark:
        """Where the key of ``path`` is (its list item for an index), else like ``at``."""
        p: Path_ = tuple(path)
        if p in self.key_marks:
            return self.key_marks[p]
        return self.at(*p)


class LazyDoc(Doc):
    """A Doc parsed again from its file's text when first asked, and pickled as that text.

    Positions are only needed when a rule reports something; a file that comes
    from the build cache, or from a worker process, carries its text instead of
    thousands of small objects (which cost more to unpickle than to parse).
    Made from an already ``parsed`` Doc, it also carries that Doc's positions as
    one small pickled blob: a rule asking where a key is (e.g. every held meeting
    without minutes) then needs no second parse; only ``value`` does.
    """

    def __init__(self, text: str, front_matter: bool, parsed: Doc | None = None):
        # no super().__init__: lazy
        self._text = text
        self._front_matter = front_matter
        self._parsed: Doc | None = None
        self._positions: (
            tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]] | None
        ) = None
        self._blob = b""
        if parsed is not None:
            self._blob = pickle.dumps(
                (
                    {p: (m.line, m.column) for p, m in parsed.marks.items()},
                    {p: (m.line, m.column) for p, m in parsed.key_marks.items()},
                ),
                protocol=pickle.HIGHEST_PROTOCOL,
            )

    def _doc(self) -> Doc:
        if self._parsed is None:
            text, first_line = self._text, 1
            if self._front_matter:
                text, first_line = split_front_matter(text).yaml_text, 2
            self._parsed = parse_yaml_text(text, first_line)
        return self._parsed

    def _raw(self) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]] | None:
        """(marks, key_marks) as (line, column) pairs from the blob; None without one."""
        if self._parsed is not None or not self._blob:
            return None
        if self._positions is None:
            self._positions = pickle.loads(self._blob)
        return self._positions

    def _marks(self) -> tuple[dict[Path_, Mark], dict[Path_, Mark]]:
        raw = self._raw()
        if raw is None:
            doc = self._doc()
            return doc.marks, doc.key_marks
        return (
            {p: Mark(*m) for p, m in raw[0].items()},
            {p: Mark(*m) for p, m in raw[1].items()},
        )

    def at(self, *path: str | int) -> Mark:
        raw = self._raw()
        if raw is None:
            return self._doc().at(*path)
        marks, p = raw[0], tuple(path)
        while p:
            if p in marks:
                return Mark(*marks[p])
            p = p[:-1]
        return Mark(*marks[()]) if () in marks else Mark(1, 1)

    def key_at(self, *path: str | int) -> Mark:
        raw = self._raw()
        if raw is None:
            return self._doc().key_at(*path)
        p = tuple(path)
        return Mark(*raw[1][p]) if p in raw[1] else self.at(*p)

    def release(self) -> None:
        """Forget the parsed document and positions (made again when next asked)."""
        self._parsed = None
        self._positions = None

    def release_positions(self) -> None:
        """Forget the unpacked positions alone (unpacked again when next asked)."""
        self._positions = None

    value = property(lambda self: self._doc().value)  # type: ignore[assignment]
    marks = property(lambda self: self._marks()[0])  # type: ignore[assignment]
    key_marks = property(lambda self: self._marks()[1])  # type: ignore[assignment]
    duplicate_keys = property(lambda self: self._doc().duplicate_keys)  # type: ignore[assignment]

    def __getstate__(self) -> tuple[str, bool, bytes]:
        return self._text, self._front_matter, self._blob

    def __setstate__(self, state: tuple[str, bool] | tuple[str, bool, bytes]) -> None:
        self._text, self._front_matter = state[0], state[1]
        self._blob = state[2] if len(state) > 2 else b""
        self._parsed = None
        self._positions = None

    def __repr__(self) -> str:
        return f"LazyDoc({len(self._text)} characters)"


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases before they can expand."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlProblem("yaml-alias", mark.line + 1, mark.column + 1)
        return super().compose_node(parent, index)


def parse_yaml_text(text: str, first_line: int = 1) -> Doc:
    """Parse one YAML document into a Doc; raise YamlProblem for anything unusable.

    ``first_line`` is the line in the file where ``text`` starts (front matter
    starts on line 2 of a case file), so marks are file lines.

    Well-formed files go through libyaml's C parser (ten times faster, same marks);
    anything it cannot take as it is (an error, an anchor, deep nesting) is parsed
    again by the pure-Python parser, whose findings and positions are the reference.
    """
    doc = _parse_fast(text, first_line)
    if doc is not None:
        return doc
    return _parse_reference(text, first_line)


try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: the reference parser does it all
    _CParser = None  # type: ignore[assignment,misc]


# Corners where libyaml accepts what PyYAML refuses (a comment glued to a block
# scalar's header "|#", a "?" inside brackets) or places differently (tabs, byte-order
# marks): such files are rare and go the reference way.
_PARSERS_DISAGREE = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")


class _NotFast(Exception):
    """The fast path steps aside; the reference parser judges the text."""


class _EventComposer:
    """Builds a Doc straight from libyaml's events: one pass in C, no node tree.

    Everything unusual (an anchor, alias or tag, an empty value, a complex or
    duplicate key, deep nesting, any error) raises ``_NotFast``.
    """

    _resolver = yaml.resolver.Resolver()
    _constructor = yaml.constructor.SafeConstructor()
    _constructors = yaml.constructor.SafeConstructor.yaml_constructors

    def __init__(self, text: str, first_line: int):
        self.parser = _CParser(text)
        self.first_line = first_line
        self.doc = Doc(value=None)

    def run(self) -> Doc:
        get = self.parser.get_event
        try:
            get()  # stream start
            event = get()
            if isinstance(event, yaml.StreamEndEvent):
                return self.doc
            self.doc.value = self.node(get(), (), 0)
            get()  # document end
            if not isinstance(get(), yaml.StreamEndEvent):
                raise _NotFast  # a second document
            return self.doc
        finally:
            self.parser.dispose()

    def mark(self, event: Any) -> Mark:
        return Mark(event.start_mark.line + self.first_line, event.start_mark.column + 1)

    def node(self, event: Any, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH or event.anchor is not None or event.tag is not None:
            raise _NotFast
        doc = self.doc
        doc.marks[path] = self.mark(event)
        get = self.parser.get_event
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.MappingStartEvent):
            out: dict[str, Any] = {}
            while True:
                key_event = get()
                if isinstance(key_event, yaml.MappingEndEvent):
                    return out
                if not isinstance(key_event, yaml.ScalarEvent) or key_event.tag is not None:
                    raise _NotFast
                key = str(self.scalar(key_event))
                if key in out:
                    raise _NotFast
                child = (*path, key)
                doc.key_marks[child] = self.mark(key_event)
                out[key] = self.node(get(), child, depth + 1)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while True:
                item = get()
                if isinstance(item, yaml.SequenceEndEvent):
                    return items
                child = (*path, len(items))
                doc.key_marks[child] = self.mark(item)
                items.append(self.node(item, child, depth + 1))
        raise _NotFast  # an alias

    def scalar(self, event: Any) -> Any:
        value = event.value
        if not value and event.style not in ("'", '"'):
            raise _NotFast  # an empty value: the parsers place it differently
        if event.anchor is not None:
            raise _NotFast
        if not (event.implicit[0] and value[0] in self._resolved_first):
            result = value  # quoted, a block, or plain text no implicit type starts with
        else:
            result = self._typed(event)
        multiline = event.start_mark.line != event.end_mark.line
        if isinstance(result, str) and event.style != "|" and multiline:
            result = unfold_chinese(result)
        return result

    _resolved_first = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)

    # Plain scalars already typed, by (text, implicit flags): the same dates, numbers and
    # words recur in every file, and YAML's resolver tries a dozen patterns on each.
    # Every value made here is immutable (a number, date, time, boolean, None or text).
    _memo: ClassVar[dict[tuple[str, tuple[bool, bool]], Any]] = {}

    def _typed(self, event: Any) -> Any:
        """A plain scalar that may be a number, date, boolean or null, by YAML's rules."""
        key = (event.value, event.implicit)
        memo = _EventComposer._memo
        if key in memo:
            return memo[key]
        if len(memo) > 100_000:
            memo.clear()
        memo[key] = result = self._typed_afresh(event)
        return result

    def _typed_afresh(self, event: Any) -> Any:
        value = event.value
        tag = self._resolver.resolve(yaml.ScalarNode, value, event.implicit)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        constructor = self._constructors.get(tag) or self._constructors[None]
        try:
            result = constructor(self._constructor, node)
        except Exception:  # like _scalar: the raw text when YAML's rules fail on it
            return value
        result = as_typed(result, value)
        return result


def _parse_fast(text: str, first_line: int) -> Doc | None:
    """``text`` parsed by libyaml, or None when the reference parser must judge it."""
    if _CParser is None or _PARSERS_DISAGREE.search(text):
        return None
    if "?" in text and ("[" in text or "{" in text):  # a "?" that may be inside brackets
        return None
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    try:
        return _EventComposer(text, first_line).run()
    except Exception:  # _NotFast or any parser error: the reference says what and where
        return None


def _parse_reference(text: str, first_line: int) -> Doc:
    """The pure-Python parse: the reference for every finding and its position."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as err:
        raise _unprintable(err, text, first_line) from None
    try:
        node = loader.get_single_node()
    except YamlProblem as problem:
        problem.line += first_line - 1
        raise
    except yaml.MarkedYAMLError as err:
        # An unclosed quote is noticed at the end of the file; point at where it opened.
        opened = err.context and "quoted scalar" in err.context
        mark = (err.context_mark if opened else err.problem_mark) or err.context_mark
        line = (mark.line + 1 if mark else 1) + first_line - 1
        column = mark.column + 1 if mark else 1
        if "expected a single document" in f"{err.context} {err.problem}":
            raise YamlProblem("yaml-multiple-documents", line, column) from None
        indent = _indent_problem(err, text, first_line)
        if indent is not None:
            raise indent from None
        raise YamlProblem("yaml-syntax", line, column, explanation=_explain(err)) from None
    except yaml.reader.ReaderError as err:
        raise _unprintable(err, text, first_line) from None
    except yaml.YAMLError:
        raise YamlProblem("yaml-syntax", first_line, 1, explanation=words.UNRECOGNISED) from None
    except RecursionError:
        raise YamlProblem("yaml-too-deep", first_line, 1) from None
    finally:
        loader.dispose()

    doc = Doc(value=None)
    if node is None:
        return doc
    doc.value = _convert(node, (), doc, loader, first_line, 0)
    return doc


# The tags plain YAML gives values by itself. Anything else was written as a tag
# (``!!binary``, ``!!python/object``, ``!!set``, ``!local``) and is refused.
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def _check_tag(node: yaml.Node, first_line: int) -> None:
    if node.tag not in _STANDARD_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        mark = _mark(node, first_line)
        raise YamlProblem("yaml-tag", mark.line, mark.column, tag=shown)


def _mark(node: yaml.Node, first_line: int) -> Mark:
    return Mark(node.start_mark.line + first_line, node.start_mark.column + 1)


def _convert(
    node: yaml.Node, path: Path_, doc: Doc, loader: Any, first_line: int, depth: int
) -> Any:
    if depth > MAX_DEPTH:
        raise YamlProblem("yaml-too-deep", *_mark(node, first_line).__dict__.values())
    doc.marks[path] = _mark(node, first_line)
    _check_tag(node, first_line)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            _check_tag(key_node, first_line)
            if isinstance(key_node, yaml.ScalarNode):
                key = str(_scalar(key_node, loader))
            else:
                key = words.COMPLEX_KEY
            child = (*path, key)
            if key in out:
                doc.duplicate_keys.append((child, _mark(key_node, first_line)))
                continue
            doc.key_marks[child] = _mark(key_node, first_line)
            out[key] = _convert(value_node, child, doc, loader, first_line, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            doc.key_marks[(*path, i)] = _mark(item, first_line)
            items.append(_convert(item, (*path, i), doc, loader, first_line, depth + 1))
        return items
    return _scalar(node, loader)


# A number written as people write numbers: decimal digits (a sign, a point, an
# exponent). YAML 1.1 also reads 1:20 as 80 (base 60), 0x1F as 31, 0755 and 0o17 as
# octal, 0b101 as binary and 1_000 as 1000: a title "1:20" would be published as 80.
_DECIMAL = re.compile(
    r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def as_typed(value: Any, text: str) -> Any:
    """``value`` as YAML read the plain scalar ``text``; but a number YAML 1.1 read
    from anything other than decimal digits stays the text as typed (a text field
    shows it as written; a number field reports it)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and not _DECIMAL.fullmatch(text.strip()):
        return text
    return value


def _scalar(node: yaml.Node, loader: Any) -> Any:
    """A scalar's value by YAML's rules; its raw text when those rules fail on it
    (e.g. 2026-02-30 looks like a date but is none), so validation can say why."""
    try:
        value = loader.construct_object(node, deep=True)
    except Exception:  # any constructor failure means "keep the text"
        return node.value
    if isinstance(node, yaml.ScalarNode) and node.style is None:
        value = as_typed(value, node.value)
    if isinstance(value, str) and node.style != "|" and node.start_mark.line != node.end_mark.line:
        value = unfold_chinese(value)
    return value


# Chinese characters and the punctuation, quotes, dashes and ellipsis of Chinese text.
# (escapes the regular expression reads: the class is the same, spelt without the characters)
CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2014\u2026"
_FOLDED_SPACE = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")


def unfold_chinese(text: str) -> str:
    """Undo YAML's line folding between Chinese characters.

    A value typed over several lines (plain, quoted or ``>``) has each line break
    folded into a space; between Chinese characters that space is a visible gap
    (“费用 3240 元， 由社区”). Spaces next to Latin letters and digits stay.
    """
    return _FOLDED_SPACE.sub("", text)


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?P<end>---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class FrontMatterFile:
    yaml_text: str
    body: str
    body_first_line: int  # the file line where the body starts


def split_front_matter(text: str) -> FrontMatterFile:
    """Split a case file into its YAML front matter (between --- lines) and body."""
    if not text.startswith("---"):
        raise YamlProblem("front-matter-missing", 1, 1)
    m = FRONT_MATTER.match(text)
    if not m:
        raise YamlProblem("front-matter-unclosed", 1, 1)
    yaml_text = m.group("yaml") or ""
    body_first_line = text[: m.end()].count("\n") + 1
    return FrontMatterFile(
        yaml_text=yaml_text, body=text[m.end() :], body_first_line=body_first_line
    )
