"""The theme's navigation rendered once per folder for the pages it does not name:
the pages are byte for byte those Material renders for each page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from markupsafe import Markup
from site_helpers import REPO, build

from generator.site import nav_once
from generator.site.nav_once import RenderedOnce, nav_key

NAMED = frozenset({"", "xiguan/", "dongguan/", "tracker/", "stats/"})


def test_sibling_pages_share_the_navigation_of_their_folder() -> None:
    first = nav_key("xiguan/2026-03/", NAMED, has_toc=False, hides=False)
    second = nav_key("xiguan/2025-11/", NAMED, has_toc=False, hides=False)
    assert first == second == "xiguan/"
    assert nav_key("dongguan/2026-03/", NAMED, has_toc=False, hides=False) == "dongguan/"
    assert nav_key("xiguan/2026-03/photos/", NAMED, has_toc=False, hides=False) != first


def test_a_page_the_navigation_names_is_rendered_for_itself() -> None:
    assert nav_key("xiguan/", NAMED, has_toc=False, hides=False) is None
    assert nav_key("", NAMED, has_toc=False, hides=False) is None


def test_a_link_into_the_pages_own_folder_is_not_shared() -> None:
    named = NAMED | {"xiguan/2026-03/photos/"}
    assert nav_key("xiguan/2026-03/", named, has_toc=False, hides=False) is None


def test_a_table_of_contents_a_hide_or_a_file_address_is_rendered_for_itself() -> None:
    assert nav_key("xiguan/2026-03/", NAMED, has_toc=True, hides=False) is None
    assert nav_key("xiguan/2026-03/", NAMED, has_toc=False, hides=True) is None
    assert nav_key("xiguan/2026-03.html", NAMED, has_toc=False, hides=False) is None


def test_rendered_once_per_key() -> None:
    once = RenderedOnce()
    rendered: list[str] = []

    def caller(text: str):
        return lambda: rendered.append(text) or text

    assert once("a/", caller("first")) == "first"
    assert once("a/", caller("second")) == "first"
    assert once(None, caller("third")) == "third"
    assert once(None, caller("fourth")) == "fourth"
    assert rendered == ["first", "third", "fourth"]


_MOMENT = re.compile(r"更新于 <time>[^<]*</time>")


def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): _MOMENT.sub("", p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
        if "pagefind" not in p.parts
    }


def test_pages_are_those_rendered_page_by_page(tmp_path: Path, monkeypatch) -> None:
    """The example county built with the navigation shared, then rendered for every page:
    every page the same (the build minute aside), and most pages shared one."""
    root = tmp_path / "county"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    asked = tmp_path / "keys.txt"  # the pages are rendered in the build's child process
    shared = RenderedOnce.__call__

    def counted(self: RenderedOnce, key: str | None, caller) -> Markup:  # type: ignore[no-untyped-def]
        with asked.open("a", encoding="utf-8") as f:
            f.write(f"{key}\n")
        return shared(self, key, caller)

    monkeypatch.setattr(nav_once.RenderedOnce, "__call__", counted)
    ok, lines = build(root, root / "shared")
    assert ok, lines
    keys = [None if k == "None" else k for k in asked.read_text(encoding="utf-8").split()]
    cases = sorted(p for p in (REPO / "content").glob("*/20*.md"))
    assert len([k for k in keys if k is not None]) >= len(cases), keys
    assert len(set(keys) - {None}) < len(cases) / 2, "siblings shared one rendering"

    monkeypatch.setattr(
        nav_once.RenderedOnce, "__call__", lambda self, key, caller: Markup(caller())
    )
    ok, lines = build(root, root / "each")
    assert ok, lines
    shared_pages, each_pages = _pages(root / "shared"), _pages(root / "each")
    assert shared_pages.keys() == each_pages.keys()
    for name, html in each_pages.items():
        assert shared_pages[name] == html, name
