"""What Pagefind reads (generator/site/search_index.py): each page's indexed part alone, with
the stop characters made placeholders everywhere but in filters and result details."""

from __future__ import annotations

from pathlib import Path

from generator.site.search_index import (
    PLACEHOLDER,
    STOP_CHARACTERS,
    mark_stop_characters,
    slice_pages,
)

DE = chr(PLACEHOLDER + STOP_CHARACTERS.index("的"))
LE = chr(PLACEHOLDER + STOP_CHARACTERS.index("了"))

CASE_PAGE = """<!doctype html><html lang="zh"><head><title>加装电梯的方案 - 县</title></head>
<body><header>居民的网站</header><main><article class="md-content__inner md-typeset">
<div class="nb-page nb-case" data-pagefind-body data-pagefind-filter="year:2026">
<p><a href="../" data-pagefind-meta="community" data-pagefind-filter="community:hexi">和平的村</a></p>
<h1 data-pagefind-meta="title, date:2026年3月2日协商">加装电梯的方案</h1>
<dl><dt>类别</dt><dd data-pagefind-filter="category">协商主体提出的事项</dd></dl>
<p title="图的说明">村口的老石磨坊坏了，<strong>是</strong>否修缮在议。</p>
</div>
</article></main><footer>页脚的话</footer></body></html>
"""


def test_stop_characters_become_placeholders_in_text_only() -> None:
    marked = mark_stop_characters(CASE_PAGE)
    assert f"村口{DE}老石磨坊坏{LE}" in marked
    assert "是否" not in marked and "在议" not in marked
    # Filters and result details stay as written: the search form's choices and the
    # result's title must match them.
    assert ">和平的村</a>" in marked
    assert ">加装电梯的方案</h1>" in marked
    assert '<dd data-pagefind-filter="category">协商主体提出的事项</dd>' in marked
    assert 'data-pagefind-meta="title, date:2026年3月2日协商"' in marked


def test_slice_pages_hold_the_indexed_part_of_indexed_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "hexi" / "2026-01").mkdir(parents=True)
    (site / "hexi" / "2026-01" / "index.html").write_text(CASE_PAGE, encoding="utf-8")
    (site / "hexi" / "index.html").write_text("<html><body>村的页</body></html>", "utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text("<html><body>搜索的页</body></html>", "utf-8")
    pages = slice_pages(site, ["hexi", "search"])
    # No data-pagefind-body: not indexed. Addressed as Pagefind names a page it reads.
    assert [url for url, _text in pages] == ["/hexi/2026-01/"]
    text = pages[0][1]
    assert text.count("data-pagefind-body") == 1
    assert '<html lang="zh">' in text
    assert f"村口{DE}老石磨坊" in text
    assert "居民的网站" not in text and "页脚" not in text and "</article>" not in text
