"""Unsafe markup: raw ``<script>``, ``<iframe>``, ``<object>``, ``on*=`` event
attributes, and links or images (Markdown or HTML) whose URL scheme is
``javascript:``, ``vbscript:`` or ``data:``, matched case-insensitively after
decoding HTML entities (``&#106;avascript:`` is ``javascript:``).

Every file's raw text is scanned (front matter values may be rendered as Markdown
too), including files that failed to load. The site also sanitises what it renders
(``generator.site.sanitize``); this check tells the clerk, at the line, before that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.check.rules.common import line_and_column, scanned, source_finding
from generator.findings import Finding
from generator.messages import checks as words
from generator.site.mkdocs_config import BODY_CLASSES

if TYPE_CHECKING:
    from generator.check.analysis import Analysis
    from generator.model.load import SourceFile

_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
_DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object)\b", re.I)
# Inside a tag a quoted attribute value may hold ">" (``<img src="x>" onerror=…>``).
_EVENT_ATTRIBUTE = re.compile(
    r"<[A-Za-z](?:[^<>\"']|\"[^\"]*\"|'[^']*')*?[\s/\"'](on[A-Za-z]+)\s*=", re.I | re.S
)
# Where a URL starts: Markdown inline links and images, reference definitions,
# <autolinks>, and HTML attributes that load or link.
_URL_START = re.compile(
    r"\]\(\s*<?"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?"
    r"|<(?=\s*[a-z]+\s*:)",
    re.I | re.M,
)
# Attributes: a separate pattern, run only on text with "=" (an alternation of words
# under re.I is slow to scan, and most files have no "=").
_URL_ATTRIBUTE = re.compile(
    r"\b(?:href|src|action|formaction|poster|background|data|xlink:href|srcset)\s*=\s*[\"']?",
    re.I,
)
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# Classes on HTML tags and admonition types (``!!! type``): only ``BODY_CLASSES``.
_CLASS_ATTRIBUTE = re.compile(
    r"<[A-Za-z][^<>]*?[\s/\"']class\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.I
)
_ADMONITION = re.compile(r"^[ ]{0,3}(?:!!!|\?\?\?\+?)[ \t]*([^\s\"]+(?:[ \t]+[^\s\"]+)*)", re.M)
# Browsers ignore ASCII whitespace and control characters inside a URL's scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")


@dataclass(frozen=True)
class Decoded:
    """Text with HTML entities decoded, and for each character its offset in the original
    (``origin`` None: no entity, each character is where it was)."""

    text: str
    origin: list[int] | None

    def source_offset(self, offset: int) -> int:
        """Where the decoded character at ``offset`` came from in the original text."""
        offset = max(0, min(offset, len(self.text) - 1))
        return offset if self.origin is None else self.origin[offset]


def decode_entities(raw: str) -> Decoded:
    """Decode entities once, as a browser would, remembering where each character came from."""
    if "&" not in raw:
        return Decoded(raw, None)
    out: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _ENTITY.finditer(raw):
        out.append(raw[last : m.start()])
        origin.extend(range(last, m.start()))
        value = html.unescape(m.group())
        out.append(value)
        origin.extend([m.start()] * len(value))
        last = m.end()
    out.append(raw[last:])
    origin.extend(range(last, len(raw)))
    return Decoded("".join(out), origin)


@dataclass(frozen=True)
class UnsafeMarkup:
    offset: int  # in the original text
    what: str  # a short Chinese description naming the markup


def find_unsafe_markup(raw: str) -> list[UnsafeMarkup]:
    """Every unsafe piece of markup in ``raw``, in order."""
    decoded = decode_entities(raw)
    text = decoded.text
    found: list[tuple[int, str]] = []
    for m in _DANGEROUS_TAG.finditer(text):
        found.append((m.start(), words.MARKUP_TAG.format(tag=m.group(1).lower())))
    for m in _EVENT_ATTRIBUTE.finditer(text):
        found.append((m.start(1), words.MARKUP_EVENT.format(name=m.group(1).lower())))
    for m in _CLASS_ATTRIBUTE.finditer(text):
        value = m.group(1) or m.group(2) or m.group(3) or ""
        foreign = [n for n in value.split() if n not in BODY_CLASSES]
        if foreign:
            found.append((m.start(1), words.MARKUP_CLASS.format(name=foreign[0][:40])))
    for m in _ADMONITION.finditer(text):
        foreign = [n for n in m.group(1).split() if n not in BODY_CLASSES]
        if foreign:
            found.append((m.start(1), words.MARKUP_ADMONITION.format(name=foreign[0][:40])))
    starts = list(_URL_START.finditer(text))
    if "=" in text:
        starts += _URL_ATTRIBUTE.finditer(text)
    for m in starts:
        head = _IGNORED_IN_SCHEME.sub("", text[m.end() : m.end() + 64]).lower()
        for scheme in UNSAFE_SCHEMES:
            if head.startswith(scheme):
                found.append((m.end(), words.MARKUP_SCHEME.format(scheme=scheme)))
                break
    unique = sorted({(decoded.source_offset(offset), what) for offset, what in found})
    return [UnsafeMarkup(offset, what) for offset, what in unique]


# Images loaded from another host: Markdown images with an absolute or scheme-relative
# URL, and HTML attributes that load something.
_REMOTE = r"\s*<?\s*(?P<url>(?:[a-z][a-z0-9+.-]*:)?//[^\s)>\"']*)"
_REMOTE_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(" + _REMOTE, re.I)
_REMOTE_ATTRIBUTE = re.compile(
    r"<[A-Za-z](?:[^<>\"']|\"[^\"]*\"|'[^']*')*?[\s/\"']"
    r"(?:src|srcset|poster|background|data|xlink:href)\s*=\s*[\"']?" + _REMOTE,
    re.I | re.S,
)
_REF_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\](?:\[(?P<label>[^\]\n]*)\])?")
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:" + _REMOTE, re.I | re.M)


def find_remote_images(raw: str) -> list[UnsafeMarkup]:
    """Every image the text would load from another host (``what`` is its URL)."""
    text = _without_encoded_breaks(raw, decode_entities(raw))
    found: list[tuple[int, str]] = []
    for pattern in (_REMOTE_MD_IMAGE, _REMOTE_ATTRIBUTE):
        for m in pattern.finditer(text.text):
            found.append((m.start("url"), m.group("url")))
    definitions = {
        m.group("label").strip().lower(): m.group("url")
        for m in _REF_DEFINITION.finditer(text.text)
    }
    if definitions:
        for m in _REF_IMAGE.finditer(text.text):
            label = (m.group("label") or m.group("alt")).strip().lower()
            if label in definitions:
                found.append((m.start(), definitions[label]))
    unique = sorted({(text.source_offset(o), url) for o, url in found})
    return [UnsafeMarkup(offset, url[:80]) for offset, url in unique]


# What Python-Markdown can render in bounded time and stack (docs/guide/codes.md,
# markup-too-complex): nesting (lists, quotes, indentation) and square brackets, whose
# link matching grows with the cube of their number in a paragraph.
MAX_NESTING = 32  # list or quote markers opening one line
MAX_INDENT = 128  # columns of leading white space
MAX_BRACKETS_PER_PARAGRAPH = 200
MAX_BRACKETS = 2000
_LINE_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])|[ \t]*>)+", re.M)
_INDENT = re.compile(rf"^[ \t\u3000]{{{MAX_INDENT + 1},}}", re.M)
_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")


def find_too_complex(text: str) -> list[UnsafeMarkup]:
    """Where ``text`` nests deeper, or holds more square brackets, than the site can
    render (each the first place past a limit)."""
    found: list[UnsafeMarkup] = []
    for m in _LINE_MARKERS.finditer(text):
        if (m.start() == 0 or text[m.start() - 1] == "\n") and len(
            _MARKER.findall(m.group())
        ) > MAX_NESTING:
            found.append(UnsafeMarkup(m.start(), words.TOO_DEEP.format(limit=MAX_NESTING)))
            break
    m = _INDENT.search(text)
    if m:
        found.append(UnsafeMarkup(m.start(), words.TOO_INDENTED.format(limit=MAX_INDENT)))
    if text.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
        total = 0
        offset = 0
        for paragraph in re.split(r"(\n[ \t]*\n)", text):
            count = paragraph.count("[")
            total += count
            if count > MAX_BRACKETS_PER_PARAGRAPH:
                found.append(
                    UnsafeMarkup(
                        offset,
                        words.TOO_MANY_BRACKETS_IN_PARAGRAPH.format(
                            count=count, limit=MAX_BRACKETS_PER_PARAGRAPH
                        ),
                    )
                )
                break
            if total > MAX_BRACKETS:
                found.append(
                    UnsafeMarkup(offset, words.TOO_MANY_BRACKETS.format(limit=MAX_BRACKETS))
                )
                break
            offset += len(paragraph)
    return sorted(found, key=lambda item: item.offset)


def file_too_complex(source: SourceFile) -> Iterator[Finding]:
    """``markup-too-complex`` findings for one file's raw text: what is rendered as
    Markdown (a case file's body after its front matter; ``community.yml``, whose
    description is)."""
    text = source.text
    if text is None:
        return
    start = 0
    if source.kind == "case":
        end = re.search(r"^---[ \t]*$", text[3:], re.M) if text.startswith("---") else None
        if end is None:
            return
        start = 3 + end.end()
    items = find_too_complex(text[start:])
    moved = [UnsafeMarkup(start + item.offset, item.what) for item in items]
    yield from _at_offsets(source, "markup-too-complex", moved)


def _without_encoded_breaks(raw: str, decoded: Decoded) -> Decoded:
    """``decoded`` without the tabs, line feeds and carriage returns that entities
    wrote (``&#9;``, ``&NewLine;``): inside an address a browser drops them
    (``sanitize.url_as_browser_reads``, the same decision), so ``/&#9;/evil.example``
    is ``//evil.example``. Written plainly they end the address, as before."""
    if decoded.origin is None:
        return decoded
    keep = [
        i
        for i, ch in enumerate(decoded.text)
        if ch not in "\t\n\r" or raw[decoded.origin[i]] != "&"
    ]
    if len(keep) == len(decoded.text):
        return decoded
    return Decoded("".join(decoded.text[i] for i in keep), [decoded.origin[i] for i in keep])


def check(analysis: Analysis) -> Iterable[Finding]:
    """``unsafe-markup`` and ``remote-image`` in every file that could be read as text."""
    for source in analysis.project.files:
        yield from scanned(source, "markup", file_markup)
        yield from scanned(source, "remote-images", file_remote_images)
        yield from scanned(source, "too-complex", file_too_complex)


def file_remote_images(source: SourceFile) -> Iterator[Finding]:
    """``remote-image`` findings for one file's raw text."""
    if source.text is not None:
        yield from _at_offsets(source, "remote-image", find_remote_images(source.text))


def file_markup(source: SourceFile) -> Iterator[Finding]:
    """``unsafe-markup`` findings for one file's raw text."""
    if source.text is not None:
        yield from _at_offsets(source, "unsafe-markup", find_unsafe_markup(source.text))


def _at_offsets(source: SourceFile, code: str, items: Iterable[UnsafeMarkup]) -> Iterator[Finding]:
    """A finding of ``code`` at the line and column of each item's offset in the text."""
    assert source.text is not None
    for item in items:
        line, column = line_and_column(source.text, item.offset)
        yield source_finding(code, source, line, column, found=item.what)
