"""The theme's navigation rendered once for the pages it does not name.

Material renders the site's navigation (and the table of contents beside it) into every
page: at 2,000 cases that was about a third of the pages step. A page the navigation
does not name (a case, a withdrawn case) has no item marked in it, so what its
navigation shows differs from that of another such page only by where its links start:
each link is relative to the page's address. Two sibling addresses (``c000/2025-04/``
and ``c000/2026-01/``) give the same relative link to any address outside both, and the
navigation names no address inside a page it does not name. So such pages share one
rendering per parent folder of their address (``nav_key``); a page the navigation
names, one with a table of contents or a ``hide`` in its meta is rendered as Material
renders it. ``themes/material/main.html`` asks ``RenderedOnce`` through the key the
plugin puts in each page's context.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection

from markupsafe import Markup


def nav_key(url: str, named: Collection[str], *, has_toc: bool, hides: bool) -> str | None:
    """The key of the navigation a page at ``url`` shows (None: render it for this page
    alone). ``named``: the addresses the navigation links to; ``has_toc``: the page has
    a table of contents; ``hides``: its meta hides part of the theme."""
    if has_toc or hides or url in named or not url.endswith("/"):
        return None
    if any(target.startswith(url) for target in named):
        return None  # a link into the page's own folder: not the same from a sibling
    return posixpath.dirname(url.rstrip("/")) + "/"


class RenderedOnce:
    """What a template block renders, kept by key for one build (``{% call %}`` in the
    theme: ``caller()`` renders the block for the page in hand)."""

    def __init__(self) -> None:
        self._kept: dict[str, Markup] = {}

    def __call__(self, key: str | None, caller: Callable[[], str]) -> Markup:
        if key is None:
            return Markup(caller())
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = Markup(caller())
        return kept
