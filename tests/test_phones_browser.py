"""Issue 22: every page type at 360×780 in headless Chromium, as an elderly resident
reads it on a cheap phone in WeChat: nothing below 18 px (24 px in 大字), tap targets
of 44 px (60 in 大字), line height 1.3, no sideways scrolling, axe-core clean, a share
card (og:) with absolute addresses and a picture that loads, 更新于 in one form, and
朗读 where (and only where) the phone has a Chinese voice.
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import CHROMIUM, CHROMIUM_ARGS, FIXTURE, browser_unavailable, build, copy_project

from generator.source.settings import load_config

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 780}
LARGE_KEY = "noticeboard.large-type"
PAGES = {
    "home": "/",
    "community": "/hexi/",
    "case": "/hexi/2026-01/",
    "search": "/search/?q=电梯",
    "stats": "/stats/",
    "tracker": "/tracker/",
    "404": "/404.html",
}
READ_ALOUD = {"community", "case"}
UPDATED = re.compile(r"^更新于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$")

# What a resident's eye and finger meet: every visible text's size and line height,
# every tap target's box (links inside a sentence are exempt, as in WCAG 2.5.8).
MEASURE = """() => {
  const W = document.documentElement.clientWidth;
  const shown = e => {
    const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && r.right > 0 && r.left < W && cs.visibility !== 'hidden';
  };
  const texts = [], targets = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const e = n.parentElement;
    if (!n.textContent.trim() || e.closest('svg') || !shown(e)) continue;
    const cs = getComputedStyle(e), size = parseFloat(cs.fontSize);
    const line = cs.lineHeight === 'normal' ? 1.2 * size : parseFloat(cs.lineHeight);
    texts.push({what: e.tagName + '.' + e.className + ' ' + n.textContent.trim().slice(0, 12),
                size, ratio: line / size});
  }
  for (const e of document.querySelectorAll('a[href], button, select, input, label[for]')) {
    if (!shown(e)) continue;
    if (e.tagName === 'LABEL' && !e.classList.contains('md-header__button')) continue;
    const cs = getComputedStyle(e);
    if (cs.display === 'inline') {
      const around = [...e.parentElement.childNodes].filter(c => c !== e)
        .map(c => c.textContent).join('').trim();
      if (around) continue;  // a link inside a sentence
    }
    const r = e.getBoundingClientRect();
    targets.push({what: e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 12),
                  w: r.width, h: r.height});
  }
  return {texts, targets, width: document.documentElement.scrollWidth};
}"""

# A phone with a Chinese voice; speak and cancel are counted, nothing is said.
FAKE_VOICE = """(() => {
  const voice = {lang: 'zh-CN', name: '普通话', localService: true, voiceURI: 'zh', default: true};
  window.__spoken = []; window.__cancelled = 0;
  const s = window.speechSynthesis;
  s.getVoices = () => [voice];
  s.speak = u => { window.__spoken.push(u.text); };
  s.cancel = () => { window.__cancelled += 1; };
})();"""
NO_VOICE = "window.speechSynthesis.getVoices = () => [{lang: 'en-US', localService: true}];"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The fixture site served on 127.0.0.1, and its configured base_url."""
    if not CHROMIUM.exists():
        browser_unavailable(f"Debian chromium not installed at {CHROMIUM}")
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("phones") / "project")
    ok, lines = build(project, project / "site")
    assert ok, "\n".join(lines)
    handler = functools.partial(_Quiet, directory=str(project / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", load_config(project).url()
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(site: tuple[str, str]) -> Iterator[object]:
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        browser_unavailable("Playwright not installed: pip install -e '.[test]'")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, server: str, path: str, *, large: bool = False, voice: str = NO_VOICE):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(voice)
    if large:
        context.add_init_script(f"localStorage.setItem('{LARGE_KEY}', '1')")
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("/search/"):
        # A result's details load when it nears the screen (below the form in 大字).
        page.locator("[data-nb-results] li").first.scroll_into_view_if_needed()
        page.locator("[data-nb-results] a").first.wait_for(state="visible", timeout=15_000)
    return context, page


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_readable_and_tappable_at_360(site, browser, kind: str, large: bool) -> None:  # type: ignore[no-untyped-def]
    server, _ = site
    context, page = _open(browser, server, PAGES[kind], large=large)
    try:
        if large:
            assert page.evaluate("document.documentElement.classList.contains('nb-large')")
        m = page.evaluate(MEASURE)
        floor, target = (24, 60) if large else (18, 44)
        assert m["texts"], kind
        small = [(t["what"], t["size"]) for t in m["texts"] if t["size"] < floor - 0.01]
        assert small == [], small[:8]
        tight = [(t["what"], round(t["ratio"], 2)) for t in m["texts"] if t["ratio"] < 1.29]
        assert tight == [], tight[:8]
        tiny = [
            (t["what"], round(t["w"]), round(t["h"]))
            for t in m["targets"]
            if t["w"] < target - 0.5 or t["h"] < target - 0.5
        ]
        assert tiny == [], tiny[:8]
        assert m["width"] <= PHONE["width"], kind
    finally:
        context.close()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_reports_no_violations(site, browser, kind: str, large: bool) -> None:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        browser_unavailable("axe-core not installed: run npm ci in tests/browser")
    server, _ = site
    context, page = _open(browser, server, PAGES[kind], large=large, voice=FAKE_VOICE)
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert found == []
    finally:
        context.close()


def test_share_cards_and_freshness_on_every_page(site, browser) -> None:  # type: ignore[no-untyped-def]
    """og: tags with absolute addresses, a picture of at least 300×300 that loads, a
    specific title; 更新于 near the top of every page, in one form."""
    from PIL import Image

    server, base = site
    updated = set()
    for kind, path in PAGES.items():
        context, page = _open(browser, server, path)
        try:
            og = page.evaluate(
                "Object.fromEntries([...document.querySelectorAll('meta[property^=\"og:\"]')]"
                ".map(m => [m.getAttribute('property'), m.getAttribute('content')]))"
            )
            for key in ("og:title", "og:description", "og:url", "og:image"):
                assert og.get(key), (kind, key, og)
            for key in ("og:url", "og:image"):
                assert og[key].startswith(base), (kind, key, og[key])
            if kind not in ("home", "404"):
                assert og["og:title"] != page.evaluate("document.title") or "-" in og["og:title"]
                assert page.title() != og.get("og:site_name"), kind  # a specific <title>
            image = page.request.get(server + "/" + og["og:image"][len(base) :])
            assert image.ok, og["og:image"]
            with Image.open(io.BytesIO(image.body())) as picture:
                assert min(picture.size) >= 300, picture.size
            if kind == "case":
                assert og["og:url"] == base + "hexi/2026-01/"
                stage = page.locator(".nb-status .nb-stage").inner_text()
                assert og["og:description"].startswith(stage), og["og:description"]
            line = page.locator(".nb-updated")
            assert line.count() == 1, kind
            text = " ".join(line.inner_text().split())
            assert UPDATED.match(text), (kind, text)
            assert line.bounding_box()["y"] < 200, kind  # type: ignore[index]
            updated.add(text)
        finally:
            context.close()
    assert len(updated) == 1, updated  # one build, one time, one form


@pytest.mark.parametrize("kind", sorted(READ_ALOUD))
def test_read_aloud_starts_and_stops(site, browser, kind: str) -> None:  # type: ignore[no-untyped-def]
    server, _ = site
    context, page = _open(browser, server, PAGES[kind], voice=FAKE_VOICE)
    try:
        button = page.locator("[data-nb-read]")
        assert button.is_visible()
        assert page.evaluate("window.__spoken.length") == 0  # nothing before a tap
        button.click()
        spoken = page.evaluate("window.__spoken")
        assert spoken, "nothing was spoken"
        title = page.locator("h1").inner_text()
        assert title in "".join(spoken)
        assert button.get_attribute("aria-pressed") == "true"
        assert button.inner_text() == "停止朗读"
        before = page.evaluate("window.__cancelled")
        button.click()
        assert page.evaluate("window.__cancelled") > before
        assert button.get_attribute("aria-pressed") == "false"
        assert button.inner_text() == "朗读"
    finally:
        context.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_read_aloud_only_with_a_chinese_voice_and_only_on_its_pages(
    site, browser, kind: str
) -> None:  # type: ignore[no-untyped-def]
    server, _ = site
    context, page = _open(browser, server, PAGES[kind], voice=NO_VOICE)
    try:
        assert not page.locator("[data-nb-read]").is_visible()  # no Chinese voice
    finally:
        context.close()
    context, page = _open(browser, server, PAGES[kind], voice=FAKE_VOICE)
    try:
        shown = page.locator("[data-nb-read]").is_visible()
        assert shown == (kind in READ_ALOUD), kind
    finally:
        context.close()


def test_search_excerpts_read_as_chinese(site, browser) -> None:  # type: ignore[no-untyped-def]
    """No breadcrumb pieces (荷塘村 › 议题 2026-01.), no English full stop between
    Chinese sentences, no number cut at the end (硬化为 4.)."""
    server, _ = site
    context, page = _open(browser, server, PAGES["search"])
    try:
        for i in range(page.locator("[data-nb-results] li").count()):
            page.locator("[data-nb-results] li").nth(i).scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        excerpts = page.locator(".nb-search__excerpt").all_inner_texts()
        assert excerpts
        for text in excerpts:
            assert "›" not in text and "议题 20" not in text, text
            assert not re.search(r"[\u3400-\u9fff]\.(\s|$)", text), text
            assert not re.search(r"\d[.,．]$", text), text
    finally:
        context.close()
