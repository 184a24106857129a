"""The search page's stylesheet: Material's, less the rules the search page cannot use.

A shared link (``search/?q=电梯`` in a WeChat group) is often a resident's first visit,
and a first visit pays for every file. Material's stylesheet (23 KB gzipped) styles
search boxes, tabs, code, admonitions, tables… that the search page does not have.
After every build ``write_search_css`` writes ``SEARCH_STYLES``: Material's main and
palette stylesheets with only the rules whose class names and ``[attribute=value]``
pairs all occur in the built search page, in their order and inside their ``@media``
blocks, and without the custom properties (``--md-…``) that nothing uses; the search
page links it in place of Material's two (``page.meta.nb_styles``,
themes/material/main.html). The site's
own noticeboard.css follows as on every page. What search.js adds to the page uses the
site's own classes (nb-*), none of Material's. tests/test_search_browser.py checks that
the search page with results looks the same, pixel for pixel, with Material's full CSS.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.messages import site as words
from generator.site.mkdocs_config import EXTRA_CSS

SEARCH_STYLES = "assets/stylesheets/search.css"  # site-relative
SEARCH_PAGE = "search/index.html"
MATERIAL_CSS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
# At-rules whose block holds rules (kept when a rule inside is kept); any other block
# (@keyframes, @font-face, @page) is kept whole.
_GROUPS = ("@media", "@supports", "@layer", "@container")
_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ARGUMENTS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")  # :not(.x), :is(.a, .b)
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_ATTR_PAIR = re.compile(r'\b([\w-]+)="([^"]*)"')  # in the page's tags
_ATTR_EQUALS = re.compile(r"\[([\w-]+)=[\"']?([^\"'\]]*)[\"']?\]")  # [name=value] in a selector
_PROPERTY = re.compile(r"(?<=[{;])(--[\w-]+):(?:[^;{}\"']|\"[^\"]*\"|'[^']*')*(?:;|(?=\}))")
_VAR = re.compile(r"var\((--[\w-]+)")
_EMPTY = re.compile(r"[^{}]*\{\}")


class SearchCssError(Exception):
    """Material's stylesheets are not where this module looks for them."""


Rule = tuple[str, "str | list[Rule] | None"]  # (prelude, declarations, rules or None)


def parse(css: str) -> list[Rule]:
    """Minified CSS as rules: (selector, declarations), (group at-rule, rules) or
    (statement at-rule such as @charset, None)."""
    rules, _ = _parse(_COMMENT.sub("", css), 0)
    return rules


def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _parse(css: str, i: int) -> tuple[list[Rule], int]:
    rules: list[Rule] = []
    start = i
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
        elif c == ";" and css[start:i].lstrip().startswith("@"):
            rules.append((css[start:i].strip(), None))
            i += 1
            start = i
        elif c == "{":
            prelude = css[start:i].strip()
            if prelude.startswith(_GROUPS):
                inner, i = _parse(css, i + 1)
                rules.append((prelude, inner))
            else:
                depth, j = 1, i + 1
                while depth:
                    if css[j] in "\"'":
                        j = _skip_string(css, j)
                        continue
                    depth += {"{": 1, "}": -1}.get(css[j], 0)
                    j += 1
                rules.append((prelude, css[i + 1 : j - 1]))
                i = j
            start = i
        elif c == "}":
            return rules, i + 1
        else:
            i += 1
    return rules, i


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, current = [], 0, []
    for ch in prelude:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def needs(selector: str) -> set[str]:
    """What some element must carry for ``selector`` to match: its class names (as
    ".name") and its ``[attribute=value]`` pairs (as "attribute=value"); those inside
    :not(), :is() … are not required."""
    plain = _ARGUMENTS.sub("", selector)
    pairs = {f"{name}={value}" for name, value in _ATTR_EQUALS.findall(plain)}
    return {"." + c for c in _CLASS.findall(_ATTRIBUTE.sub("", plain))} | pairs


def used(rules: list[Rule], present: set[str]) -> str:
    """The rules, as CSS, that can apply to a page whose elements carry ``present``
    (``page_features``)."""
    out = []
    for prelude, body in rules:
        if body is None:
            out.append(prelude + ";")
        elif isinstance(body, list):
            inner = used(body, present)
            if inner:
                out.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):
            out.append(prelude + "{" + body + "}")
        else:
            kept = [s for s in _selectors(prelude) if needs(s) <= present]
            if kept:
                out.append(",".join(kept) + "{" + body + "}")
    return "".join(out)


def page_features(html: str) -> set[str]:
    """The class names (".name") and attribute=value pairs of a page's tags."""
    classes = {"." + name for value in _CLASS_ATTR.findall(html) for name in value.split()}
    return classes | {f"{name}={value}" for name, value in _ATTR_PAIR.findall(html)}


def without_unused_properties(css: str, also_read: str = "") -> str:
    """``css`` without the custom properties that neither it nor ``also_read`` (the
    site's own stylesheet, which follows it) reads with var()."""
    read = set(_VAR.findall(css)) | set(_VAR.findall(also_read))
    kept = _PROPERTY.sub(lambda m: m[0] if m[1] in read else "", css)
    return _EMPTY.sub("", kept)


def write_search_css(site_dir: Path) -> int:
    """Write ``SEARCH_STYLES`` for the built search page of ``site_dir``; its bytes."""
    page = site_dir / SEARCH_PAGE
    if not page.is_file():
        return 0
    html = page.read_text(encoding="utf-8")
    present = page_features(html)
    parts = []
    for pattern in MATERIAL_CSS:
        found = sorted(site_dir.glob(pattern))
        if len(found) != 1:
            raise SearchCssError(words.MATERIAL_CSS_NOT_FOUND.format(pattern=pattern, n=len(found)))
        parts.append(used(parse(found[0].read_text(encoding="utf-8")), present))
    # @charset may only open a stylesheet: keep the first one.
    text = parts[0] + "\n" + re.sub(r'^@charset "[^"]*";', "", parts[1]) + "\n"
    own = site_dir / EXTRA_CSS
    text = without_unused_properties(text, html + (own.read_text("utf-8") if own.is_file() else ""))
    target = site_dir / SEARCH_STYLES
    target.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
