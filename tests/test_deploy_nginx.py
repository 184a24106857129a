"""The example site as readers get it: built with a strict umask, published into a
release folder, served by a real nginx with docs/deploy/nginx.conf (workers
unprivileged, gzip on). Every address in urls.txt answers; the headers are right."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from deploy_helpers import Nginx, nginx, public_dir
from site_helpers import REPO, TODAY, build, read_urls_txt

from generator.publish.releases import publish


@dataclass
class Served:
    site: Path  # the published release
    base: str  # base_url of the example site
    server: Nginx

    def local(self, address: str) -> str:
        assert address.startswith(self.base), address
        return self.server.url + "/" + address.removeprefix(self.base)


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    work = public_dir("nb-served-")
    try:
        project = work / "project"
        shutil.copytree(REPO / "content", project / "content")
        shutil.copy(REPO / "site_config.yml", project)
        old = os.umask(0o077)  # an operator's strict umask must not hide the site
        try:
            ok, lines = build(project, project / "site", TODAY)
        finally:
            os.umask(old)
        assert ok, "\n".join(lines)
        publish(project / "site", str(work / "srv"), echo=lambda _: None)
        base = re.search(r"(?m)^base_url: (\S+)", (project / "site_config.yml").read_text())
        assert base
        with nginx(work / "srv" / "current") as server:
            yield Served(work / "srv" / "current", base.group(1).rstrip("/") + "/", server)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def test_every_address_in_urls_txt_answers(served: Served) -> None:
    pages, redirects = read_urls_txt(served.site)
    assert len(pages) > 40 and redirects
    failed = {}
    for address in [*pages, *redirects]:
        status, _, body = fetch(served.local(address))
        if status != 200 or b"<html" not in body[:500].lower():
            failed[address] = status
    assert not failed, failed


def test_redirects_land_on_their_target(served: Served) -> None:
    _, redirects = read_urls_txt(served.site)
    for old, new in redirects.items():
        status, _, body = fetch(served.local(old))
        assert status == 200
        refresh = re.search(rb'http-equiv="refresh" content="0; url=([^"]+)"', body)
        assert refresh, old
        landed = urljoin(served.local(old), refresh.group(1).decode())
        assert landed == served.local(new), (old, landed)
        status, _, body = fetch(landed)
        assert status == 200 and b"nb-case" in body


def test_gzip_and_cache_lifetimes(served: Served) -> None:
    status, headers, body = fetch(
        served.local(served.base + "xiguan/"), **{"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert b"<html" in gzip.decompress(body)[:500].lower()
    assert headers["Cache-Control"] == "public, max-age=300"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    for fingerprinted in (
        next((served.site / "assets" / "stylesheets").glob("main.*.min.css")),
        next((served.site / "pagefind" / "fragment").glob("*.pf_fragment")),
    ):
        url = f"{served.server.url}/{fingerprinted.relative_to(served.site)}"
        status, headers, _ = fetch(url, **{"Accept-Encoding": "gzip"})
        assert status == 200, url
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    status, headers, _ = fetch(
        f"{served.server.url}/assets/stylesheets/main.{'0' * 8}.min.css"
    )  # a 404 is not cached for long
    assert status == 404
    status, headers, _ = fetch(
        f"{served.server.url}/pagefind/pagefind.js", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert headers["Cache-Control"] == "public, max-age=300"  # not fingerprinted
    status, headers, _ = fetch(f"{served.server.url}/assets/stylesheets/noticeboard.css")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=300"
    status, headers, _ = fetch(f"{served.server.url}/calendar.ics")
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")


def test_security_headers_everywhere(served: Served) -> None:
    for path in ("/", "/xiguan/2026-01/", "/no/such/page/", "/assets/"):
        _, headers, _ = fetch(served.server.url + path)
        csp = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
        assert "'wasm-unsafe-eval'" in csp and "frame-ancestors 'none'" in csp
        assert headers.get("X-Content-Type-Options") == "nosniff"
        assert headers.get("X-Frame-Options") == "DENY"
        assert "Referrer-Policy" in headers and "Permissions-Policy" in headers
        assert "nginx/" not in headers.get("Server", "")


def test_missing_page_is_the_sites_404_page(served: Served) -> None:
    status, _, body = fetch(served.server.url + "/xiguan/2099-01/")
    assert status == 404
    assert (served.site / "404.html").read_bytes() == body


def test_no_folder_listing_no_source_maps_no_dot_files(served: Served) -> None:
    status, _, body = fetch(served.server.url + "/assets/")
    assert status in (403, 404) and b"Index of" not in body
    assert not list(served.site.rglob("*.map"))  # Material ships them; never published
    # and were one there, the server would not send it
    assert fetch(f"{served.server.url}/assets/javascripts/bundle.js.map")[0] == 404
    assert fetch(served.server.url + "/.cache/")[0] == 404
    assert (served.site / ".noticeboard-site").is_file()  # the site's marker: a dot file
    assert fetch(served.server.url + "/.noticeboard-site")[0] == 404


def test_workers_are_unprivileged(served: Served) -> None:
    if os.geteuid() != 0:
        return  # not root: nginx cannot switch users, its workers run as this user anyway
    workers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(r"(?m)^Name:\s+nginx", text) and "worker" in (
            status.parent / "cmdline"
        ).read_text(errors="replace"):
            workers.append(int(re.search(r"(?m)^Uid:\s+(\d+)", text).group(1)))  # type: ignore[union-attr]
    assert workers and 0 not in workers


PHONE = {"width": 360, "height": 780}
CSP_LISTENER = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from site_helpers import CHROMIUM, CHROMIUM_ARGS

    assert CHROMIUM.exists(), f"Chromium is missing at {CHROMIUM}: run bash scripts/dev.sh test"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        running = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield running
        running.close()


def _violations(browser, url: str, action=None) -> tuple[list[str], object]:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=PHONE)
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))
    page.add_init_script(CSP_LISTENER)
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
        response.headers
    )
    page.wait_for_load_state("networkidle")
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    found = console + page.evaluate("window.__csp")
    return found, page


@pytest.mark.parametrize("path", ["xiguan/2026-01/", "stats/", "xiguan/", "", "tracker/"])
def test_pages_run_under_the_csp(served: Served, browser, path: str) -> None:  # type: ignore[no-untyped-def]
    found, page = _violations(browser, f"{served.server.url}/{path}")
    # The site's own script ran (large-type button wired), under the policy.
    assert page.locator("[data-nb-large-type]").is_visible()  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
    assert found == [], found


def test_search_runs_under_the_csp(served: Served, browser) -> None:  # type: ignore[no-untyped-def]
    """Pagefind: its module, its WebAssembly and its index chunks, all under the policy."""

    def search(page) -> None:  # type: ignore[no-untyped-def]
        page.locator("[data-nb-results] a").first.wait_for(state="visible", timeout=20_000)

    found, page = _violations(browser, f"{served.server.url}/search/?q=电梯", search)
    results = page.locator("[data-nb-results] a").count()  # type: ignore[attr-defined]
    wasm = page.evaluate(  # type: ignore[attr-defined]
        "performance.getEntriesByType('resource').some(e => e.name.includes('wasm.'))"
    )
    page.close()  # type: ignore[attr-defined]
    assert results > 0 and wasm
    assert found == [], found
