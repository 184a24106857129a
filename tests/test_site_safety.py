"""Escaping, sanitizing and the atomic swap of the site folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import FIXTURE, LAST_GOOD, TODAY, build, copy_project, last_good_site, page

from generator.check.project import analyse_config
from generator.site import build as site_module
from generator.site.pages import plan_site
from generator.site.sanitize import render_markdown
from generator.source.settings import load_config


def test_script_in_a_title_is_escaped() -> None:
    # The checker rejects <script> anywhere in a file; the templates escape it anyway.
    analysis = analyse_config(load_config(FIXTURE), TODAY)
    case = analysis.project.find_case("hexi/2026-02")
    assert case is not None
    case.title = '<script>alert("x")</script>停车'
    plan = plan_site(analysis)
    html = next(p.html for p in plan.pages if p.url == "hexi/2026-02/")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;停车" in html
    home = next(p.html for p in plan.pages if p.url == "")
    assert "<script>" not in home


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[点我](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">点我</a>',
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="position:fixed" onclick="x()">文字</p>',
    ],
)
def test_bodies_are_sanitized(body: str) -> None:
    html = render_markdown(body).lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "data:", "<iframe", "style="):
        assert bad not in html


def test_body_headings_shift_below_the_page_title() -> None:
    html = render_markdown("# 背景\n\n正文")
    assert '<h2 id="背景">背景</h2>' in html and "<h1" not in html


def test_failed_check_leaves_the_old_site(tmp_path: Path) -> None:
    project, site_dir = last_good_site(tmp_path)
    before = page(site_dir, "hexi/2026-01")
    marker = site_dir / "marker.txt"
    case = project / "content" / "hexi" / "2026-01.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace("title: ", "title： ", 1), encoding="utf-8"
    )
    ok, lines = build(project, site_dir)
    assert not ok
    assert any("fullwidth-colon" in line for line in lines)
    assert marker.read_text() == LAST_GOOD
    assert page(site_dir, "hexi/2026-01") == before
    assert (
        sorted(p.name for p in tmp_path.joinpath("project").iterdir() if p.name.startswith(".site"))
        == []
    )


def test_failed_mkdocs_build_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.exceptions import Abort

    project, site_dir = last_good_site(tmp_path)

    def broken(analysis, target, **options):  # type: ignore[no-untyped-def]
        (target / "half-written.html").write_text("…")
        raise Abort("模拟的生成失败")

    monkeypatch.setattr(site_module, "build_into", broken)
    ok, lines = build(project, site_dir)
    assert not ok and any("原有网站未改动" in line for line in lines)
    assert (site_dir / "marker.txt").read_text() == LAST_GOOD
    assert not (site_dir / "half-written.html").exists()
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_rebuild_replaces_the_site(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    site_dir = project / "site"
    assert build(project, site_dir)[0]
    (site_dir / "stale.html").write_text("old")
    assert build(project, site_dir)[0]
    assert not (site_dir / "stale.html").exists()
    assert (site_dir / "hexi" / "2026-01" / "index.html").is_file()
    # Photos were cached by content hash in the project folder.
    assert list((project / ".cache").rglob("*.jpg"))


def test_reserved_community_id_is_refused(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    (project / "content" / "liushu").rename(project / "content" / "tracker")
    ok, lines = build(project, project / "site")
    assert not ok and any("bad-community-id" in line for line in lines)


def test_search_index_failure_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a working Pagefind the build stops with a Chinese reason; the last good
    site (and its search) stays."""
    project, site_dir = last_good_site(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    ok, lines = build(project, site_dir)
    assert not ok
    # The search index is made after the pages, outside MkDocs: the reason is in the
    # build's own message.
    assert any("原有网站未改动" in line and "找不到搜索组件 pagefind" in line for line in lines), (
        lines
    )
    assert (site_dir / "marker.txt").read_text() == LAST_GOOD
    assert (site_dir / "pagefind" / "pagefind-entry.json").is_file()
