"""Build the example content/ (which must check clean), posters included as
``noticeboard build`` does, and check every page's stage, links and addresses."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from conftest import example_analysis
from site_helpers import REPO, TODAY, build, copy_project, local_path, page, read_urls_txt


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    analysis = example_analysis(TODAY)
    project = copy_project(REPO, tmp_path_factory.mktemp("c") / "project")
    ok, lines = build(project, project / "site", posters=True)
    assert ok, "\n".join(lines)
    return project / "site", analysis


def test_every_page_at_its_address_with_its_stage(built: tuple[Path, object]) -> None:
    site, analysis = built
    for community in analysis.communities:  # type: ignore[attr-defined]
        assert community.name in page(site, community.id)
        for case in community.cases:
            html = page(site, f"{community.id}/{case.id}")
            stage = case.stage(TODAY)
            assert re.search(r"当前阶段：<span[^>]*>" + stage.value + "<", html), case.key
            assert len(html.encode()) <= 40 * 1024, case.key


def _poster_links(html: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="h-poster".*?</section>', html, re.S)
    assert section, "no poster section"
    return re.findall(r'href="([^"]+)"', section.group(0))


def test_community_pages_link_their_posters(built: tuple[Path, object]) -> None:
    site, analysis = built
    for community in analysis.communities:  # type: ignore[attr-defined]
        links = _poster_links(page(site, community.id))
        assert links == [f"../posters/{community.id}.pdf", f"../posters/{community.id}-all.pdf"]
        for href in links:  # relative to the page's folder (use_directory_urls)
            target = site / posixpath.normpath(f"{community.id}/{href}")
            assert target.is_file() and target.stat().st_size > 1000, target
        for case in community.cases[:1]:
            for href in _poster_links(page(site, f"{community.id}/{case.id}")):
                assert (site / posixpath.normpath(f"{community.id}/{case.id}/{href}")).is_file()


def test_contact_numbers_are_tap_to_call(built: tuple[Path, object]) -> None:
    site, _ = built
    link = '<a class="nb-tel" href="tel:09318612301">0931-8612301</a>（社区居委会办公室，工作日 8:30—17:30）'
    assert link in page(site, "xiguan")
    assert link in page(site, "xiguan/2026-01")


def test_urls_txt_keeps_moved_addresses(built: tuple[Path, object]) -> None:
    site, analysis = built
    base = analysis.config.base_url.rstrip("/") + "/"  # type: ignore[attr-defined]
    urls, redirects = read_urls_txt(site)
    assert redirects[base + "xiguan/2026-11/"] == base + "xiguan/2026-04/"
    redirect = page(site, "xiguan/2026-11")
    assert 'http-equiv="refresh" content="0; url=../../xiguan/2026-04/"' in redirect
    for url in [*urls, *redirects]:
        assert local_path(site, url, base).is_file(), url
    assert set(redirects.values()) <= set(urls)
