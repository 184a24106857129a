"""Pages waiting to be written (generator/site/held_pages.py): held outside the build's
memory, each given back once and exactly as rendered."""

from __future__ import annotations

from generator.site.held_pages import HeldPages


def test_each_page_comes_back_once_exactly_as_held() -> None:
    held = HeldPages()
    pages = {
        f"c{i:03d}/2026-0{i % 9 + 1}.md": f"<p>议题 {i}：加装电梯\ud800{'的' * i}</p>"
        for i in range(50)
    }
    for uri, html in pages.items():
        held.hold(uri, html.encode("utf-8", "surrogatepass"))
    held.mark("xiguan/2026-01.md")  # its HTML is the page cache's
    for uri, html in reversed(pages.items()):  # read back in any order
        assert uri in held
        assert held.take(uri) == html
        assert held.take(uri) is None  # once
        assert uri in held  # still one of ours
    assert "xiguan/2026-01.md" in held and held.take("xiguan/2026-01.md") is None
    assert "other.md" not in held and held.take("other.md") is None
    held.close()
    held.close()
