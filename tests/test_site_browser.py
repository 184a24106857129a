"""The built site in headless Chromium at phone size: key facts visible, axe-core clean.

Needs Debian's chromium at /usr/bin/chromium, Playwright and ``npm ci`` in tests/browser
(axe-core), all installed by ``scripts/dev.sh test``. Without them these tests fail
saying what is missing (never skip), so a broken setup cannot pass unnoticed; run
``pytest -m "not browser"`` to leave them out on purpose. Screenshots of the fixture site go to the test's temporary folder; the
committed ones in docs/screenshots/ come from ``tests/browser/screenshots.py``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from site_helpers import CHROMIUM, CHROMIUM_ARGS, FIXTURE, build, copy_project

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 780}


def _unavailable(reason: str) -> None:
    """Fail for lack of ``reason``: a browser test that cannot run has not passed."""
    pytest.fail(
        f"{reason} (browser tests must run; scripts/dev.sh test installs it)", pytrace=False
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        _unavailable(f"Debian chromium not installed at {CHROMIUM}")
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("b") / "project")
    ok, lines = build(project, project / "site")
    assert ok, "\n".join(lines)
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[object]:
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        _unavailable("Playwright not installed: pip install -e '.[test]'")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE, device_scale_factor=2)
        yield page
        browser.close()


def _shot_dir(tmp_path: Path) -> Path:
    return tmp_path


def test_case_page_on_a_phone(server: str, browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(f"{server}/hexi/2026-01/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("三号楼加装电梯<b>试点</b>")
    for text in ("落实中", "2026年3月20日（星期五）", "河西社区议事厅", "赞成 15 票", "逾期未反馈"):
        assert page.get_by_text(text).first.is_visible(), text
    # Body text at least 16 px; nothing wider than the phone.
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.nb-outcome__summary')).fontSize)"
    )
    assert size >= 16
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(_shot_dir(tmp_path) / "phone-case.png"), full_page=True)
    assert outside == []


def test_search_finds_a_case_by_a_chinese_word(server: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    """A resident taps 搜索 in the header, types a word from a title or an outcome and
    gets that case first; the address then shows the same results to anyone."""
    page = browser_page
    for word, expected in (("停车位", "/hexi/2026-02/"), ("电梯", "/hexi/2026-01/")):
        page.goto(f"{server}/hexi/")
        page.locator("a.nb-search-link").click()
        page.wait_for_url("**/search/")
        box = page.locator("#nb-q")
        assert box.evaluate("e => e === document.activeElement")  # keyboard up at once
        box.fill(word)  # as an IME commits Chinese text
        box.press("Enter")
        first = page.locator("[data-nb-results] a").first
        first.wait_for(state="visible", timeout=15_000)
        assert (first.get_attribute("href") or "").endswith(expected), word
        assert first.locator("mark").first.inner_text() in word  # highlighted
        assert page.url.endswith("/search/?q=" + quote(word))


def test_large_type_is_one_tap_and_remembered(server: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    """大字 enlarges every page's text, survives a page change, fits 360 px, and undoes."""
    context = browser_page.context.browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()

    def body_size() -> float:
        return page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        )

    try:
        page.goto(f"{server}/hexi/2026-01/")
        normal = body_size()
        button = page.locator("[data-nb-large-type]")
        assert button.get_attribute("aria-pressed") == "false"
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert body_size() >= normal * 1.2
        page.locator(".nb-crumbs a", has_text="河西社区").click()  # another page
        page.wait_for_url("**/hexi/")
        assert body_size() >= normal * 1.2
        assert page.locator("[data-nb-large-type]").get_attribute("aria-pressed") == "true"
        for path in ("/hexi/", "/hexi/2026-01/", "/search/?q=电梯", "/stats/", "/"):
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        page.locator("[data-nb-large-type]").click()  # and back
        page.reload()
        assert body_size() == normal
    finally:
        context.close()


@pytest.mark.parametrize(
    "path", ["/", "/hexi/", "/hexi/2026-01/", "/liushu/2025-01/", "/tracker/", "/stats/"]
)
def test_axe_no_serious_violations(server: str, browser_page, path: str) -> None:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        _unavailable("axe-core not installed: run npm ci in tests/browser")
    page = browser_page
    page.goto(server + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_phone_screenshots(server: str, browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    out = _shot_dir(tmp_path)
    for path, name in (("/", "phone-home.png"), ("/hexi/", "phone-community.png")):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / name), full_page=True)
        assert (out / name).stat().st_size > 10_000


def test_stats_charts_readable_on_a_phone_and_beside_their_tables_when_wide(  # type: ignore[no-untyped-def]
    server: str, browser_page, tmp_path: Path
) -> None:
    page = browser_page
    page.goto(server + "/stats/")
    page.wait_for_load_state("networkidle")
    # Chart text as drawn on screen (the SVG is scaled to the phone): at least 14 px.
    heights = page.evaluate(
        "[...document.querySelectorAll('.nb-stats-chart svg text')]"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 14, heights
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.get_by_text("各社区、村协商次数", exact=False).first.is_visible()

    def boxes() -> list[dict[str, float]]:
        return page.evaluate(
            "[...document.querySelector('.nb-stats-figure').children]"
            ".map(e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y}; })"
        )

    chart, table = boxes()[:2]
    assert table["y"] > chart["y"] and table["x"] == chart["x"]  # stacked on a phone
    assert page.locator(".nb-table-scroll").first.get_attribute("tabindex") == "0"
    page.set_viewport_size({"width": 1280, "height": 900})
    try:
        chart, table = boxes()[:2]
        assert table["x"] > chart["x"] and abs(table["y"] - chart["y"]) < 4  # side by side
        page.screenshot(path=str(tmp_path / "wide-stats.png"))
    finally:
        page.set_viewport_size(PHONE)


def test_tap_to_call_on_a_phone(server: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    page.goto(server + "/hexi/")
    link = page.locator("a.nb-tel").first
    assert link.is_visible()
    assert link.get_attribute("href") == "tel:09318600001"
    assert link.bounding_box()["height"] >= 24  # type: ignore[index]


def test_a_missing_browser_fails() -> None:
    with pytest.raises(pytest.fail.Exception, match="chromium missing"):
        _unavailable("chromium missing")
