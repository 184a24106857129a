"""Team mode: the editor's config with Decap's gitea backend (``noticeboard edit
--config-only``) passes Decap's own validation in real Chromium: the login screen shows,
not 配置错误. The page is served from an origin that is not a secure context, as a phone
on the office Wi-Fi sees ``noticeboard edit --lan``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import CHROMIUM, CHROMIUM_ARGS, REPO, browser_unavailable

from generator.editor import assets, decap_config
from generator.source.settings import load_config

pytestmark = pytest.mark.browser


@pytest.fixture
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        browser_unavailable(f"Debian chromium not installed at {CHROMIUM}")
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        browser_unavailable("Playwright not installed: pip install -e '.[test]'")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_the_gitea_config_loads_to_the_login_screen(chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Team mode: the generated config with Decap's gitea backend passes Decap's own
    validation (a bad config shows 配置错误 instead of the login button)."""
    problem = assets.bundle_problem()
    if problem:
        browser_unavailable(problem)
    config = load_config(REPO)
    backend = decap_config.gitea_backend("qinghe/cases", "https://git.qinghe.example.cn", "abc")
    files = {
        "/admin/": (assets.admin_page(config, local=False).encode(), "text/html"),
        "/admin/config.yml": (
            decap_config.config_yaml(decap_config.editor_config(config, backend)).encode(),
            "text/yaml",
        ),
    }
    # Not a secure context (like a phone on the office Wi-Fi with --lan): Decap's
    # crypto.randomUUID comes from the editor's script there.
    origin = "http://editor.test"
    outside: list[str] = []

    def answer(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if not url.startswith(origin):
            outside.append(url)
            return route.abort()
        path = url[len(origin) :].split("?")[0]
        found = files.get(path)
        if found is None:
            for prefix, finder in (
                ("/admin/vendor/", assets.vendor_file),
                ("/admin/static/", assets.static_file),
            ):
                if path.startswith(prefix) and (file := finder(path[len(prefix) :])):
                    kind = "text/css" if file.suffix == ".css" else "application/javascript"
                    found = (file.read_bytes(), kind)
        if found is None:
            return route.fulfill(status=404, body="")
        return route.fulfill(status=200, body=found[0], content_type=found[1])

    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.route("**/*", answer)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{origin}/admin/")
    login = page.get_by_role("button", name=re.compile("Gitea"))
    login.wait_for(timeout=30_000)
    text = page.locator("body").inner_text()
    assert "配置错误" not in text and "Error loading the CMS configuration" not in text
    assert errors == [] and outside == []
    page.screenshot(path=str(tmp_path / "editor-gitea-login.png"))
    context.close()
