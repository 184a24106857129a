"""Markdown bodies to safe HTML.

The checker already rejects unsafe markup (script, event handlers, ``javascript:``
links); this is defence in depth: whatever a body holds, only an allow-list of
tags, attributes and URL schemes reaches a resident's phone.
"""

from __future__ import annotations

import functools
import re
from html import escape

import markdown
import nh3

from generator.site.mkdocs_config import BODY_CLASSES, markdown_extensions
from generator.source.yamlsource import CJK

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "ins", "sub", "sup", "mark", "small", "blockquote", "code", "pre", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "a", "img", "div", "span", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
    "div": {"class"},
    "p": {"class"},
    **{h: {"id"} for h in ("h2", "h3", "h4", "h5", "h6")},
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


# A URL with a scheme or starting with // loads from another host.
_OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})", re.I)
_URL_IGNORED = re.compile(r"[\t\n\r]")


def url_as_browser_reads(value: str) -> str:
    """An address as a browser parses it (WHATWG URL): leading and trailing C0
    control characters and spaces dropped, every tab, line feed and carriage return
    removed (``/\t/evil.example`` is ``//evil.example``)."""
    return _URL_IGNORED.sub(
        "",
        value.strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
        ),
    )


def leaves_site(value: str) -> bool:
    """Whether the address loads from another host (a scheme, or ``//`` / ``\\``),
    decided on the address as the browser reads it."""
    return _OTHER_HOST.match(url_as_browser_reads(value)) is not None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Images load only from the site itself: an image from another host loses its
    source (the checker reports it as ``remote-image``; this is defence in depth).
    Classes are kept only when a body needs them (``BODY_CLASSES``)."""
    if tag == "img" and attribute == "src" and leaves_site(value):
        return None
    if attribute == "class":
        kept = [name for name in value.split() if name in BODY_CLASSES]
        return " ".join(kept) or None
    return value


def clean_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


def render_markdown(text: str, shift_headings: bool = True) -> str:
    """Render a clerk's Markdown body to sanitized HTML.

    The page owns the one ``h1``: with ``shift_headings`` a body's ``#`` becomes ``h2``.
    """
    if not text.strip():
        return ""
    key = f"{int(shift_headings)}{text}"
    if MEMO is not None and key in MEMO:
        return MEMO[key]
    md = _converter(shift_headings)
    md.reset()  # one converter per process: setting up the extensions costs more than a page
    try:
        html = clean_html(md.convert(text))
    except RecursionError:  # nested past what check allows (markup-too-complex): plain text
        md.reset()
        html = clean_html(f"<p>{escape(text)}</p>")
    if MEMO is not None:
        MEMO[key] = html
    return html


# Results kept between builds (``generator.site.caches.MarkdownMemo`` installs it during
# a cached build): the same text always renders to the same HTML.
MEMO: dict[str, str] | None = None


@functools.lru_cache(maxsize=2)
def _converter(shift_headings: bool) -> markdown.Markdown:
    names, configs = [], {}
    for ext in markdown_extensions():
        if isinstance(ext, dict):
            ((name, options),) = ext.items()
            names.append(name)
            configs[name] = options
        else:
            names.append(ext)
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    if shift_headings:
        md.treeprocessors.register(_ShiftHeadings(md), "nb-shift-headings", 1)
    md.treeprocessors.register(_JoinChineseLines(md), "nb-join-chinese-lines", 0)
    return md


class _ShiftHeadings(markdown.treeprocessors.Treeprocessor):
    def run(self, root):  # type: ignore[no-untyped-def]
        for el in root.iter():
            if el.tag == "h1":
                el.tag = "h2"
        return None


_LINE_BREAK_IN_CHINESE = re.compile(f"(?<=[{CJK}])[ \\t]*\\n[ \\t]*(?=[{CJK}])")


def join_chinese_lines(text: str) -> str:
    """Drop the line breaks a clerk typed inside a Chinese paragraph.

    Browsers show a line break in HTML as a space, which between Chinese characters is
    a visible gap (“住户在楼道 和窗下”); Latin words keep their space.
    """
    return _LINE_BREAK_IN_CHINESE.sub("", text)


class _JoinChineseLines(markdown.treeprocessors.Treeprocessor):
    def run(self, root):  # type: ignore[no-untyped-def]
        for el in root.iter():
            if el.tag not in ("pre", "code") and el.text:
                el.text = join_chinese_lines(el.text)
            if el.tail:
                el.tail = join_chinese_lines(el.tail)
        return None
