"""Build the site fixture and check the HTML of real pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image
from site_helpers import FIXTURE, build, copy_project, local_path, page, read_urls_txt, text_of

from generator.outputs.charts import Bar, bar_chart_svg
from generator.site.templating import phone_links

CASE_PAGE_LIMIT = 40 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("p") / "project")
    site_dir = project / "site"
    ok, lines = build(project, site_dir)
    assert ok, "\n".join(lines)
    return site_dir


@pytest.mark.parametrize(
    ("path", "stage"),
    [
        ("hexi/2026-01", "落实中"),
        ("hexi/2026-02", "公示中"),
        ("hexi/2026-03", "议题征集"),
        ("hexi/2026-04", "已终止"),
        ("liushu/2025-01", "已评价"),
    ],
)
def test_case_page_shows_its_stage(site: Path, path: str, stage: str) -> None:
    html = page(site, path)
    assert re.search(r"当前阶段：<span class=\"nb-stage[^\"]*\"[^>]*>" + stage + "</span>", html)


def test_timeline_steps(site: Path) -> None:
    html = page(site, "hexi/2026-01")
    steps = re.findall(
        r'<li class="nb-step nb-step--(\w+)"[^>]*><span class="nb-step__name">(\w+)</span>', html
    )
    assert steps == [
        ("done", "议题"),
        ("done", "公示"),
        ("done", "协商"),
        ("done", "成果"),
        ("current", "落实"),
        ("todo", "评价"),
    ]


def test_case_numbers(site: Path) -> None:
    text = text_of(page(site, "hexi/2026-01"))
    assert "赞成 15 票" in text and "反对 3 票" in text and "弃权 2 票" in text
    assert "到会 20 人" in text
    assert "落实进度：60%" in text
    assert "参加协商的人员（18 人）" in text  # 1 + 1 + 14 + 2
    assert "利益相关方 14 人：三号楼住户 14 人" in text
    assert "2026年3月20日（星期五）19:00" in text


def test_late_referral_is_flagged(site: Path) -> None:
    html = page(site, "hexi/2026-01")
    assert '<li class="nb-ref nb-ref--late">' in html
    assert '<span class="nb-flag">逾期未反馈</span>' in html
    assert "应于 2026年9月15日 前答复" in text_of(html)
    # The checker's public warning, in plain words, on the case page and the home page.
    assert "逾期未反馈" in text_of(page(site, "")) and "逾期和提醒" in page(site, "")
    assert "逾期未反馈" in text_of(page(site, "tracker"))


def test_yaml_values_are_escaped(site: Path) -> None:
    html = page(site, "hexi/2026-01")
    assert "<b>试点</b>" not in html
    assert "&lt;b&gt;试点&lt;/b&gt;" in html


def test_body_markdown_with_readable_anchor(site: Path) -> None:
    html = page(site, "hexi/2026-01")
    assert '<h2 id="背景情况">背景情况</h2>' in html
    assert "<table>" in html


def test_village_wording_and_community_counts(site: Path) -> None:
    assert "村民评价" in page(site, "liushu/2025-01")
    text = text_of(page(site, "liushu"))
    assert "2025 年 已协商 1 / 4 次" in text
    assert "2025 年开展协商 1 次，少于每年 4 次" in text  # public community warning
    hexi = text_of(page(site, "hexi"))
    assert "共 4 名成员，其中社区干部 2 人" in hexi
    assert "2026 年 已协商 2 / 4 次（本年）" in hexi


def test_home_lists(site: Path) -> None:
    text = text_of(page(site, ""))
    assert "正在公示" in text and "小区停车位划线和收费办法" in text
    assert "禾城街道" in text and "青山镇" in text


def test_poster_links(site: Path) -> None:
    html = page(site, "hexi/2026-01")
    assert 'href="../../posters/hexi/2026-01.pdf"' in html
    assert 'href="../../posters/hexi/2026-01.png"' in html


def test_case_pages_are_light(site: Path) -> None:
    for path in site.glob("*/20*/index.html"):
        assert path.stat().st_size <= CASE_PAGE_LIMIT, path


def test_no_third_party_urls(site: Path) -> None:
    own = "https://xs.test.example.cn"
    bad = []
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)\s*=\s*["\']?(https?:)?//([^"\'\s>]*)', html, re.I):
            full = f"{url[0]}//{url[1]}"
            if not full.startswith(own) and not full.startswith("//" + own.split("//")[1]):
                bad.append((path.relative_to(site).as_posix(), full))
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//", path.read_text(encoding="utf-8")):
            bad.append((path.name, url))
    assert bad == []


def test_no_google_fonts(site: Path) -> None:
    assert "fonts.googleapis" not in page(site, "")
    assert "fonts.gstatic" not in page(site, "hexi/2026-01")


def test_urls_txt(site: Path) -> None:
    text = (site / "urls.txt").read_text(encoding="utf-8")
    assert text.startswith("# ")  # the format, explained in the file itself
    urls, redirects = read_urls_txt(site)
    base = "https://xs.test.example.cn/"
    expected = {
        base,
        base + "hexi/",
        base + "liushu/",
        base + "tracker/",
        base + "stats/",
        *(
            base + p
            for p in (
                "hexi/2026-01/",
                "hexi/2026-02/",
                "hexi/2026-03/",
                "hexi/2026-04/",
                "liushu/2025-01/",
            )
        ),
    }
    assert expected <= set(urls)
    for url in urls:
        assert local_path(site, url, base).is_file(), url
    # Old addresses (moved_from) stay listed, beside the page they lead to.
    assert redirects == {base + "hexi/2025-09/": base + "hexi/2026-04/"}
    assert base + "hexi/2025-09/" not in urls
    for old, new in redirects.items():
        assert local_path(site, old, base).is_file() and new in urls


def test_redirect_from_old_address(site: Path) -> None:
    html = page(site, "hexi/2025-09")
    assert '<meta http-equiv="refresh" content="0; url=../../hexi/2026-04/">' in html
    assert '<link rel="canonical" href="https://xs.test.example.cn/hexi/2026-04/">' in html
    assert '<a href="../../hexi/2026-04/">' in html


def test_search_index_is_pagefind_of_case_pages(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # Only pages with data-pagefind-body: the fixture's cases, nothing else (a community's
    # page is reached from the search page by its name, without the index).
    cases = len(list((FIXTURE / "content").glob("*/*.md")))
    assert entry["languages"]["zh"]["page_count"] == cases
    assert "data-pagefind-body" not in page(site, "hexi")
    assert list((site / "pagefind" / "fragment").glob("zh_*.pf_fragment"))
    assert not (site / "search" / "search_index.json").exists()  # Material's search is off


def test_case_page_marks_what_search_indexes(site: Path) -> None:
    html = page(site, "hexi/2026-01")
    assert (
        '<div class="nb-page nb-case" data-pagefind-body data-pagefind-filter="year:2026">' in html
    )
    assert (
        'data-pagefind-meta="community" data-pagefind-filter="community:hexi">河西社区</a>' in html
    )
    assert re.search(r'<h1 data-pagefind-meta="title, date:2026年\d+月\d+日协商"', html)
    assert 'data-pagefind-filter="stage" data-pagefind-meta="stage">落实中</span>' in html
    assert re.search(r'<dd data-pagefind-filter="category">[^<]+</dd>', html)
    # Names, posters and the revision record are not searchable.
    assert '<section aria-labelledby="h-people" data-pagefind-ignore>' in html
    assert 'class="nb-poster" data-pagefind-ignore>' in html


def test_no_page_loads_material_javascript_or_inline_scripts(site: Path) -> None:
    for path in ("", "hexi", "hexi/2026-01", "tracker", "search"):
        html = page(site, path)
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        # JSON-LD (a case's meeting) is a data block: never run, outside script-src.
        scripts = [s for s in scripts if s[0] != ' type="application/ld+json"']
        assert all('src="' in attrs and not body.strip() for attrs, body in scripts), path
        assert "bundle." not in html and "sitemap" not in html and "pagefind.js" not in html
    assert 'src="../assets/javascripts/search.js" defer' in page(site, "search")


def test_search_page_offers_the_filters(site: Path) -> None:
    html = page(site, "search")
    assert '<form class="nb-search__form"' in html and 'name="q"' in html
    assert '<option value="hexi">河西社区</option>' in html
    assert '<option value="落实中" data-tone="doing">落实中</option>' in html
    assert '<option value="2026">2026 年</option>' in html
    for name in ("community", "stage", "year", "category"):
        assert f'<select name="{name}">' in html
    # The header of every page leads there.
    assert '<a href="../../search/" class="nb-header-button nb-search-link"' in page(
        site, "hexi/2026-01"
    )


def test_photos_resized_and_stripped(site: Path) -> None:
    photo = site / "hexi" / "2026-01" / "files" / "site-photo.jpg"
    assert photo.stat().st_size <= 300 * 1024
    with Image.open(photo) as img:
        assert max(img.size) <= 1600
        assert not img.getexif()
        assert "exif" not in img.info and "icc_profile" not in img.info
    html = page(site, "hexi/2026-01")
    # Shown through its smaller copies (tests/test_images_srcset.py), linked in full.
    assert 'href="files/site-photo.jpg"' in html and 'width="1600" height="1200"' in html
    assert "files/site-photo.jpg 1600w" in html
    assert (site / "hexi" / "2026-01" / "files" / "minutes.pdf").is_file()
    assert 'href="files/minutes.pdf">会议纪要扫描件</a>' in html


def _nav(html: str) -> str:
    nav = html[html.find('<nav class="md-nav md-nav--primary"') :]
    return nav[: nav.find("md-sidebar--secondary")]


def test_navigation_lists_communities_not_cases(site: Path) -> None:
    # Towns on every page; a community page also lists its town's communities
    # (navigation.prune keeps pages light as the county grows); cases never.
    case_nav = _nav(page(site, "hexi/2026-01"))
    assert "禾城街道" in case_nav and "青山镇" in case_nav and "落实跟踪" in case_nav
    assert "2026-02/" not in case_nav
    community_nav = _nav(page(site, "hexi"))
    assert "河西社区" in community_nav and "2026-01/" not in community_nav


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "0931-8612301（社区居委会办公室，工作日 8:30—17:30）",
            {"tel:09318612301": "0931-8612301"},
        ),
        ("（0931）8612301", {"tel:09318612301": "（0931）8612301"}),
        ("０９３１－８６１２３０１ 村委会", {"tel:09318612301": "０９３１－８６１２３０１"}),
        ("拨打 12345 热线", {"tel:12345": "12345"}),
        ("0931-8612301转123", {"tel:09318612301,123": "0931-8612301转123"}),
        (
            "8612301 或 0931 86123011",
            {"tel:8612301": "8612301", "tel:093186123011": "0931 86123011"},
        ),
        ("0931-8612301/8612302", {"tel:09318612301": "0931-8612301", "tel:8612302": "8612302"}),
        ("400-123-4567（热线）", {"tel:4001234567": "400-123-4567"}),
        ("请到社区服务中心窗口咨询", {}),
        ("工作日 8:30-17:30，共 2860 户", {}),
        ("2026-11-22 或 20261122 起", {}),
        ("", {}),
    ],
)
def test_phone_numbers_become_tel_links(text: str, links: dict[str, str]) -> None:
    html = str(phone_links(text))
    assert dict(re.findall(r'<a class="nb-tel" href="([^"]+)">([^<]+)</a>', html)) == links
    # The rest stays as text, unchanged.
    assert re.sub(r"<[^>]+>", "", html) == text


def test_phone_links_escape_the_rest() -> None:
    html = str(phone_links('<script>x</script>"0931-8612301"'))
    assert "<script>" not in html
    assert html == (
        '&lt;script&gt;x&lt;/script&gt;&#34;<a class="nb-tel" href="tel:09318612301">'
        "0931-8612301</a>&#34;"
    )


def test_contact_is_tap_to_call(site: Path) -> None:
    link = '<a class="nb-tel" href="tel:09318600001">0931-8600001</a>（居委会办公室）'
    assert link in page(site, "hexi")
    assert link in page(site, "hexi/2026-01")  # case pages show their community's contact
    # liushu has no contact: no line, no link.
    assert "nb-tel" not in page(site, "liushu") and "联系电话" not in page(site, "liushu")
    assert "nb-contact" not in page(site, "liushu/2025-01")


def test_community_page_links_its_posters(site: Path) -> None:
    html = page(site, "hexi")
    assert 'href="../posters/hexi.pdf"' in html
    assert 'href="../posters/hexi-all.pdf"' in html


def test_stats_charts_have_labels_above_bars(site: Path) -> None:
    html = page(site, "stats")
    charts = re.findall(r'<svg\b[^>]*class="nb-chart".*?</svg>', html, re.S)
    assert charts
    # Each chart's title is shown above it (the SVG's <title> is not visible).
    captions = re.findall(
        r'<p class="nb-stats-caption" aria-hidden="true">([^<]+)</p>\s*<svg', html
    )
    titles = [re.search(r"<title[^>]*>([^<]+)</title>", svg)[1] for svg in charts]  # type: ignore[index]
    assert captions == titles
    for svg in charts:
        assert 'font-size="22"' in svg and 'text-anchor="end"' not in svg
        assert re.search(r'viewBox="0 0 430 \d+"', svg)  # bars and numbers only
    assert re.search(r'<div class="nb-stats-figure">\s*<div class="nb-stats-chart">', html)
    # Tables scroll sideways in a region named by their caption, reachable by keyboard.
    tables = re.findall(
        r'<div class="nb-table-scroll" role="region" tabindex="0" aria-label="([^"]+)">'
        r'<table class="nb-table">\s*<caption>([^<]+)</caption>',
        html,
    )
    assert len(tables) == html.count("<table") == 6  # with 群众评议 (table only)
    assert all(label == caption for label, caption in tables)


def test_bar_chart_labels_above_bars_with_numbers() -> None:
    bars = [Bar("西关社区", 3), Bar("双河村", 1, True, "不足")]
    svg = bar_chart_svg("t", "标题", "说明", bars, marker=4, marker_label="至少 4 次")
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert texts == ["西关社区", "3", "双河村", "1 不足", "至少 4 次"]
    # Bars to scale (the marker at 4 is the widest), the short one hatched.
    rects = re.findall(r'<rect x="0" y="([\d.]+)" width="([\d.]+)" height="18" fill="([^"]+)"', svg)
    assert [(w, f) for _, w, f in rects] == [("240.0", "currentColor"), ("80.0", "url(#t-hatch)")]
    assert '<line x1="320.0"' in svg and 'font-size="22"' in svg
    assert 'role="img"' in svg and 'aria-labelledby="t-title t-desc"' in svg
    assert '<title id="t-title">标题</title><desc id="t-desc">说明</desc>' in svg
    # Each label sits above its bar at the left edge, its number right after the bar.
    labels = [float(y) for y in re.findall(r'<text x="0" y="([\d.]+)"', svg)]
    numbers = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" fill="currentColor">\d', svg)
    assert len(labels) == len(rects) == len(numbers) == 2
    for label_y, (bar_y, width, _), (number_x, number_y) in zip(
        labels, rects, numbers, strict=True
    ):
        assert label_y <= float(bar_y) < float(number_y) <= float(bar_y) + 18
        assert float(number_x) > float(width)
    assert float(rects[0][0]) + 18 < labels[1]  # the second row below the first
