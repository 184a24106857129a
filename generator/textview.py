"""Published files as the text a reader gets from them (pure functions, no I/O).

``html_text`` is HTML as a browser shows it: comments dropped, tags removed (block
elements end a line, table cells are a tab apart, inline elements join their
neighbours without a gap), white space collapsed as HTML collapses it, entities
decoded; every attribute value (a link's address, an image's alt text, a title) is
added on a line of its own, entity- and percent-decoded (``tel:%31%33%38`` is
``tel:138``). Used by the checker on rendered bodies and by the publish gate
(``generator.published``) on every page, feed and search record.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

# Comments (also unterminated and bogus ones: "<!-->", "<!x>", "<?x>") and the elements
# whose content is raw text.
_TOKEN = re.compile(
    r"<!---?>|<!--.*?(?:--!?>|\Z)|<![^>]*>|<\?[^>]*>"
    r"|<(?P<raw>script|style|textarea|title|xmp)\b(?P<rawattrs>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"(?P<rawtext>.*?)(?:</(?P=raw)\s*>|\Z)"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?""", re.S)
_SPACES = re.compile(r"[ \t\n\r\f]+")
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "svg",
        "g",
        "text",
        "desc",
        "title",
        "entry",
        "feed",
        "item",
    ]
)
CELL_TAGS = frozenset({"td", "th"})
# Attributes that say nothing to a reader: classes, styles and the geometry of the
# theme's SVG icons and the statistics charts (lists of coordinates).
_SILENT_ATTRIBUTES = frozenset(
    [
        "class",
        "style",
        "d",
        "points",
        "viewbox",
        "transform",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "dx",
        "dy",
        "stroke-dasharray",
        "stroke-width",
    ]
)


def html_text(markup: str, *, every_tag_breaks: bool = False) -> str:
    """``markup`` as the text a browser shows, then each attribute value on its own
    line (decoded). ``every_tag_breaks``: every tag ends a line (XML, where no tag is
    shown inline)."""
    out: list[str] = []
    values: list[str] = []
    last = 0
    for m in _TOKEN.finditer(markup):
        out.append(_text(markup[last : m.start()]))
        last = m.end()
        if m.group("raw") is not None:
            _attributes(m.group("rawattrs"), values)
            out.append("\n" + _text(m.group("rawtext")) + "\n")
            continue
        tag = m.group("tag")
        if tag is None:
            continue  # a comment
        attrs = m.group("attrs") or ""
        _attributes(attrs, values)
        name = tag.lower()
        if name == "img" and m.group("close") is None:
            out.append(_alt(attrs))  # shown in its place while the image loads, or fails
        if every_tag_breaks or name in BLOCK_TAGS:
            out.append("\n")
        elif name in CELL_TAGS:
            out.append("\t")
    out.append(_text(markup[last:]))
    return "".join(out) + "\n" + "\n".join(values)


def _text(raw: str) -> str:
    return html.unescape(_SPACES.sub(" ", raw)) if raw else ""


def _alt(raw: str) -> str:
    for m in _ATTRIBUTE.finditer(raw):
        if m.group(1).lower() == "alt" and m.group(2) is not None:
            value = m.group(2)
            return html.unescape(value[1:-1] if value[:1] in "\"'" else value)
    return ""


def _attributes(raw: str, values: list[str]) -> None:
    for m in _ATTRIBUTE.finditer(raw):
        if m.group(2) is None or m.group(1).lower() in _SILENT_ATTRIBUTES:
            continue
        value = m.group(2)
        if value[:1] in "\"'":
            value = value[1:-1]
        value = html.unescape(value)
        values.append(value)
        if "%" in value:
            values.append(unquote(value))


_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")


def ics_text(text: str) -> str:
    """An iCalendar file's text: folded lines joined, escapes undone."""
    unfolded = _ICS_FOLD.sub("", text)
    return _ICS_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded)


def json_strings(value: object) -> list[str]:
    """Every string and number in a JSON value (keys included), one item each."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, str):
            found.append(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            found.append(str(item))
    return found
