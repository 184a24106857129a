"""Published files as the text a reader gets from them (pure functions, no I/O).

``html_text`` is HTML as a browser shows it: comments dropped, tags removed (block
elements end a line, table cells are a tab apart, inline elements join their
neighbours without a gap), white space collapsed as HTML collapses it, entities
decoded; every attribute value (a link's address, an image's alt text, a title) is
added on a line of its own, entity- and percent-decoded (``tel:%31%33%38`` is
``tel:138``). Used by the checker on rendered bodies and by the publish gate
(``generator.site.published``) on every page, feed and search record.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from urllib.parse import unquote

_ATTRS = r"(?:[^<>\"']+|\"[^\"]*\"|'[^']*')*"
# Comments (also unterminated and bogus ones: "<!-->", "<!x>", "<?x>").
_COMMENT = re.compile(r"<!---?>|<!--(?:[^-]+|-(?!-!?>))*(?:--!?>|\Z)|<![^>]*>|<\?[^>]*>")
_SPACES = re.compile(r"[ \t\n\r\f]+")
BLOCK_TAGS = frozenset(
    [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "li", "main",
        "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "tr", "ul", "svg", "g", "text", "desc", "title", "entry", "feed", "item",
        "script", "style", "textarea",
    ]
)  # fmt: skip
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9:-]*)({_ATTRS})>")
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
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_BREAK, _CELL = "\x02", "\x03"  # stand-ins while white space is collapsed


def html_text(markup: str, *, every_tag_breaks: bool = False) -> str:
    """``markup`` as the text a browser shows, then each attribute value on its own
    line (decoded). ``every_tag_breaks``: every tag ends a line (XML, where no tag is
    shown inline). One pass of a regular expression over the tags."""
    attributes: list[str] = []

    def tag(m: re.Match[str]) -> str:
        attrs = m.group(3)
        if attrs and "=" in attrs:
            attributes.append(attrs)
        name = m.group(2).lower()
        if every_tag_breaks or name in BLOCK_TAGS:
            return _BREAK
        if name in ("td", "th"):
            return _CELL
        if name == "img" and not m.group(1):
            return _alt(attrs)  # shown in its place while the image loads, or fails
        return ""

    text = _TAG.sub(tag, _COMMENT.sub("", markup))
    text = _SPACES.sub(" ", text).replace(_BREAK, "\n").replace(_CELL, "\t")
    if "&" in text:
        text = html.unescape(text)
    values = "\n".join(
        a or b or c
        for name, a, b, c in _ATTRIBUTE.findall("\n".join(attributes))
        if name.lower() not in _SILENT_ATTRIBUTES
    )
    if "&" in values:
        values = html.unescape(values)
    if "%" in values:
        values += "\n" + unquote(values)
    return text + "\n" + values


def _alt(attrs: str) -> str:
    for name, a, b, c in _ATTRIBUTE.findall(attrs):
        if name.lower() == "alt":
            return html.unescape(_SPACES.sub(" ", a or b or c))
    return ""


_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")


def _ics_unescape(text: str) -> str:
    return _ICS_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def ics_lines(data: bytes) -> Iterator[str]:
    """An iCalendar file's text a line at a time: a folded line (one that begins with
    a space or a tab) joined to the one it continues, escapes undone; a calendar of a
    decade's meetings is never held as one text."""
    pending = ""
    for raw in io.BytesIO(data):
        line = raw.decode("utf-8", "replace")
        if line[:1] in (" ", "\t") and pending.endswith("\n"):
            pending = pending[:-2] if pending.endswith("\r\n") else pending[:-1]
            pending += line[1:]
            continue
        if pending:
            yield _ics_unescape(pending)
        pending = line
    if pending:
        yield _ics_unescape(pending)


def lines_of(data: bytes) -> Iterator[str]:
    """``data.decode("utf-8", "replace").splitlines()`` one line at a time, the whole
    text never held (no UTF-8 character holds the byte of a line feed)."""
    for raw in io.BytesIO(data):
        yield from raw.decode("utf-8", "replace").splitlines()


_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))")
_JSON_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def _json_unescape(m: re.Match[str]) -> str:
    if m.group(1):
        return chr(int(m.group(1), 16))
    return _JSON_SIMPLE.get(m.group(2), m.group(2))


def json_lines(data: bytes) -> Iterator[str]:
    """A JSON file's text a line at a time, escapes decoded (``\\u0031`` is ``1``,
    ``\\n`` a line break): every string and number as a reader of the data gets it, and
    two values never joined (quotes, commas and colons stand between them). A line at
    a time, so a data file of a decade's cases is never held as objects or text."""
    for line in lines_of(data):
        yield _JSON_ESCAPE.sub(_json_unescape, line) if "\\" in line else line


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
