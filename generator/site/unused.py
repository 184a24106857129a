"""Publish only what is loaded: theme files no page refers to are left out of the site.

mkdocs-material copies its whole ``assets/`` folder into every site: its JavaScript
bundle, search worker, lunr and their source maps (2.6 MB), none of which a page of
ours loads (themes/material/main.html). Pagefind likewise writes its UI files beside
the index; the search page uses only ``pagefind.js``. ``drop_unused_assets`` removes
every file under ``assets/`` that no page, stylesheet or script refers to, after the
pages are written; ``drop_pagefind_ui`` removes Pagefind's UI files after indexing.
``tests/test_site_published.py`` walks a built site and fails on any file nothing
refers to.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

ASSETS = "assets"
# An address of an asset in a page, as MkDocs writes it (relative: "../../assets/…"):
# "assets/…" at the start or after one of ``_BEFORE_REF``. The pattern starts with its
# literal, so the regex engine jumps from one "assets/" to the next (20 times faster
# than testing the character before at every position: 2.5 s of a rebuild at 10,000
# cases).
_ASSET_REF = re.compile(rb"""assets/[^\s"'()<>?#,]+""")
_BEFORE_REF = frozenset(b" \t\n\r\f\v\"'(=/,")
# url(…) in a stylesheet, relative to the stylesheet.
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
# MkDocs' gzipped copy of sitemap.xml: nothing links it (crawlers read sitemap.xml).
EXTRA_UNUSED = ("sitemap.xml.gz",)
PAGEFIND_UI = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def _page_files(site_dir: Path) -> list[str]:
    """Every HTML file of the site, outside ``assets/``, as site-relative paths."""
    out: list[str] = []
    root = str(site_dir)
    for folder, dirs, files in os.walk(root):
        if folder == root and ASSETS in dirs:
            dirs.remove(ASSETS)
        where = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if where == "." else where + "/"
        out += [prefix + f for f in files if f.endswith(".html")]
    return out


def asset_refs(html: bytes) -> tuple[str, ...]:
    """The addresses under ``assets/`` a page refers to, each once, in order."""
    return tuple(
        dict.fromkeys(
            m.group().decode("utf-8", "replace")
            for m in _ASSET_REF.finditer(html)
            if m.start() == 0 or html[m.start() - 1] in _BEFORE_REF
        )
    )


def referenced_assets(site_dir: Path, known: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """Site-relative paths under ``assets/`` that a page refers to, and what the
    stylesheets among them refer to in turn. ``known``: what some pages refer to, by
    their site-relative path (the pages written in this build): those are not read."""
    known = known or {}
    found: set[str] = set()
    for page in _page_files(site_dir):
        refs = known.get(page)
        found.update(refs if refs is not None else asset_refs((site_dir / page).read_bytes()))
    queue = [f for f in found if f.endswith(".css")]
    while queue:
        sheet = queue.pop()
        path = site_dir / sheet
        if not path.is_file():
            continue
        for ref in _CSS_URL.findall(path.read_text("utf-8", "replace")):
            if ref.startswith(("data:", "#", "/")) or "://" in ref:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(sheet), ref))
            if target not in found:
                found.add(target)
                if target.endswith(".css"):
                    queue.append(target)
    return found


def drop_unused_assets(
    site_dir: Path, known: Mapping[str, Iterable[str]] | None = None
) -> list[str]:
    """Remove the files under ``assets/`` no page refers to (and empty folders);
    return their site-relative paths (``known`` as in ``referenced_assets``)."""
    keep = referenced_assets(site_dir, known)
    dropped = []
    root = site_dir / ASSETS
    for folder, _dirs, files in sorted(os.walk(root), reverse=True):
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(site_dir).as_posix()
            if rel not in keep:
                path.unlink()
                dropped.append(rel)
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)
    for name in EXTRA_UNUSED:
        if (site_dir / name).is_file():
            (site_dir / name).unlink()
            dropped.append(name)
    return sorted(dropped)


def drop_again(site_dir: Path, dropped: list[str]) -> None:
    """Remove what ``drop_unused_assets`` dropped before (``serve``: MkDocs copies the
    theme's files again on every rebuild; the pages that refer to assets are the same)."""
    for rel in dropped:
        (site_dir / rel).unlink(missing_ok=True)
    root = site_dir / ASSETS
    for folder, _dirs, _files in sorted(os.walk(root), reverse=True):
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)


def drop_pagefind_ui(bundle: Path) -> None:
    """Remove Pagefind's UI files from its bundle folder: search.js uses its API alone."""
    for name in PAGEFIND_UI:
        path = bundle / name
        if path.is_file():
            path.unlink()
