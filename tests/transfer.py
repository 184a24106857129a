"""What a resident's phone downloads: a static server that gzips like a real host and
counts the bytes it sends (headers and compressed bodies), request by request.

Used by the browser tests and by ``bench/bench_site.py``. The server answers on
127.0.0.1 at a free port, gzips text (HTML, CSS, JavaScript, JSON, XML, SVG) when the
browser asks for it, sends ``Last-Modified`` and answers ``If-Modified-Since`` with
304, as nginx does by default, and the ``Cache-Control`` of the project's own
``docs/deploy/nginx.conf`` (read from its ``map``, so the two never differ); Pagefind's own files are gzipped already and go as
they are. Counting at the server sees everything, the requests of web workers
(Pagefind searches in one) included; what the browser takes from its cache costs
nothing and is not counted.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import http.server
import mimetypes
import re
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_helpers import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 360, "height": 780}
NGINX_CONF = Path(__file__).resolve().parent.parent / "docs" / "deploy" / "nginx.conf"


def cache_control_rules(conf: Path = NGINX_CONF) -> tuple[str, list[tuple[re.Pattern[str], str]]]:
    """The default and the regex rules of nginx.conf's ``map $uri $nb_cache_control``."""
    block = re.search(r"map \$uri \$nb_cache_control \{(.*?)\n\}", conf.read_text("utf-8"), re.S)
    assert block, f"{conf}: no 'map $uri $nb_cache_control' block"
    default, rules = "", []
    for key, value in re.findall(r'^\s*("[^"]*"|\S+)\s+"([^"]*)";', block[1], re.M):
        key = key.strip('"')
        if key == "default":
            default = value
        else:
            assert key.startswith("~*"), f"{conf}: only ~* rules are mirrored here: {key}"
            rules.append((re.compile(key[2:], re.I), value))
    return default, rules


CACHE_DEFAULT, CACHE_RULES = cache_control_rules()


def cache_control(path: str) -> str:
    """What nginx would send as Cache-Control for ``path``."""
    return next((value for rule, value in CACHE_RULES if rule.search(path)), CACHE_DEFAULT)


GZIP_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)


@dataclass
class Transfer:
    """Bytes sent for one step of a visit, by address (path and query)."""

    requests: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    @property
    def kb(self) -> float:
        return self.total / 1000

    def urls(self) -> list[str]:
        return list(self.requests)

    def under(self, prefix: str) -> int:
        """Bytes of the requests whose path starts with ``prefix``."""
        return sum(n for url, n in self.requests.items() if url.startswith(prefix))


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of files under ``directory``; folders answer with their index.html."""

    directory: Path = Path()
    extra_headers: dict[str, str] = {}  # noqa: RUF012 (set per server, read only)
    protocol_version = "HTTP/1.1"
    server: CountingServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _file(self) -> Path | None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        target = (self.directory / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.directory):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return None
            target = target / "index.html"
        return target if target.is_file() else None

    def end_headers(self) -> None:
        self._sent = len(b"".join(getattr(self, "_headers_buffer", []))) + 2
        super().end_headers()

    def _reply(self, code: int, headers: dict[str, str], data: bytes = b"") -> None:
        self.send_response(code)
        for key, value in {**self.extra_headers, **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        if data and self.command != "HEAD":
            try:
                self.wfile.write(data)
            except ConnectionError:
                # The browser closed the connection before taking it all (a page left
                # while a file was loading). Counted whole: budgets err on the heavy side.
                self.close_connection = True
        self.server.count(self.path, self._sent + (len(data) if self.command != "HEAD" else 0))

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        target = self._file()
        if target is None:
            self._reply(404, {"Content-Length": "0"})
            return
        stat = target.stat()
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        since = self.headers.get("If-Modified-Since")
        if since and int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
            self._reply(304, {"Last-Modified": modified})
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = target.read_bytes()
        headers = {
            "Content-Type": kind + ("; charset=utf-8" if kind.startswith("text/") else ""),
            "Last-Modified": modified,
            "Cache-Control": cache_control(urllib.parse.urlsplit(self.path).path),
            "Vary": "Accept-Encoding",
        }
        if kind.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(data))
        self._reply(200, headers, data)


class CountingServer(http.server.ThreadingHTTPServer):
    """The gzip server; ``take()`` returns what it sent since the last call."""

    def __init__(self, directory: Path, headers: dict[str, str] | None = None) -> None:
        handler = type(
            "Handler",
            (GzipHandler,),
            {"directory": directory.resolve(), "extra_headers": dict(headers or {})},
        )
        super().__init__(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self._lock = threading.Lock()
        self._sent = Transfer()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection (a page left mid-load) is not an error of
        the site; anything else still prints its trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def count(self, path: str, sent: int) -> None:
        with self._lock:
            self._sent.requests[path] = self._sent.requests.get(path, 0) + sent

    def take(self) -> Transfer:
        with self._lock:
            sent, self._sent = self._sent, Transfer()
        return sent


@contextlib.contextmanager
def gzip_server(directory: Path, headers: dict[str, str] | None = None) -> Iterator[CountingServer]:
    """Serve ``directory`` on 127.0.0.1 at a free port (``server.base``) until closed,
    adding ``headers`` (a Content-Security-Policy, say) to every answer."""
    httpd = CountingServer(directory, headers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


class Visit:
    """One resident's visit in a fresh Chromium context (empty cache), at phone size."""

    def __init__(self, browser: Any, server: CountingServer) -> None:
        self.server = server
        self.context = browser.new_context(viewport=PHONE, device_scale_factor=2)
        self.page = self.context.new_page()

    def step(self, path: str, ready: Callable[[Any], None] | None = None) -> Transfer:
        """Open ``path`` (then wait for ``ready(page)``); the bytes this step cost."""
        self.page.wait_for_load_state("networkidle")
        self.server.take()
        self.page.goto(self.server.base + path, wait_until="load")
        if ready is not None:
            ready(self.page)
        self.page.wait_for_load_state("networkidle")
        return self.server.take()

    def close(self) -> None:
        self.context.close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, started as the browser tests start it."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise FileNotFoundError(f"Debian chromium not installed at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def search_ready(page: Any) -> None:
    """Wait until the search page shows its first result, its details loaded (they load
    when on screen: in large type the form fills the first screen, so scroll to it)."""
    page.locator("[data-nb-results] li").first.wait_for(state="visible", timeout=30_000)
    # By script: the place may be swapped for the loaded result at any moment.
    page.evaluate(
        "document.querySelector('[data-nb-results] li').scrollIntoView({block: 'nearest'})"
    )
    page.locator("[data-nb-results] .nb-item__link").first.wait_for(timeout=30_000)


def case_pages(site: Path) -> list[str]:
    """Site paths of the case pages, e.g. 'c001/2025-01/' (from the built folders)."""
    return sorted(
        f"{p.parent.parent.name}/{p.parent.name}/"
        for p in site.glob("*/*/index.html")
        if p.parent.name[:1].isdigit() and "http-equiv" not in p.read_text(encoding="utf-8")[:600]
    )
