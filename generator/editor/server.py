"""``noticeboard edit``: the local editor server (standard library ``http.server``).

Why the standard library: the server answers one clerk (a few requests a second),
its job is the protocol and the checks, and ``ThreadingHTTPServer`` needs no new
dependency to install on a village office's Windows laptop or a county server.

Safety (issue 19, item 6):

- it binds 127.0.0.1 (``--lan``: 0.0.0.0, for a phone on the office Wi-Fi);
- it makes a one-time token at start and prints ``http://HOST:PORT/admin/?token=…``;
  opening that address sets the cookie ``nb_editor`` (HttpOnly, SameSite=Strict) and
  redirects to ``/admin/``; every other request must carry the cookie (or the header
  ``X-Noticeboard-Token``), else 403;
- a POST must come from the server's own origin (``Origin`` header), else 403; the
  ``Host`` must be an IP address or ``localhost`` (no DNS rebinding through a name);
- paths are checked by ``proxy.Proxy.resolve`` (inside ``content/``, through the gate).

Routes: see the HTTP contract in ``docs/ARCHITECTURE.md`` (the editor section).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import ipaddress
import json
import mimetypes
import secrets
import threading
from collections.abc import Callable
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator.editor.checks import CaseChecker, Positions, finding_json
from generator.editor.commit import CommitRefused, commit_case, head_blob
from generator.editor.preview import Previews
from generator.editor.proxy import Proxy, Refused
from generator.messages import editor as words
from generator.source.config import SiteConfig

COOKIE = "nb_editor"
TOKEN_HEADER = "X-Noticeboard-Token"
MAX_BODY_MB = 64
DEFAULT_PORT = 8765


class Editor:
    """Everything the server's requests share: the project, the proxy, the token."""

    def __init__(
        self, config: SiteConfig, today: dt.date, *, author: str | None = None, token: str = ""
    ):
        self.config, self.today, self.author = config, today, author
        self.token = token or secrets.token_urlsafe(24)
        self.checker = CaseChecker(config, today)
        self.proxy = Proxy(config, today, self.checker)
        self.previews = Previews(config, self.checker)
        self.base_blobs: dict[str, str | None] = {}  # case path -> its HEAD blob when loaded
        self.port = 0

    # --- the editor's own API -----------------------------------------------------

    def _case_text(self, body: dict[str, Any]) -> tuple[Path, str]:
        from generator.editor import casefile

        data = body.get("data")
        if not isinstance(data, dict):
            raise Refused(400, words.BAD_REQUEST)
        community = str(body.get("collection") or data.get("community") or "")
        slug = str(body.get("slug") or "")
        path = body.get("path") or f"content/{community}/{slug or 'new'}.md"
        case = self.proxy.case_path(path)
        if not case.exists():
            case = self.proxy.new_case_path(case)
        return case, casefile.to_text(data)

    def check(self, body: dict[str, Any]) -> tuple[int, Any]:
        case, text = self._case_text(body)
        findings = self.checker.check(case, text)
        positions = Positions(text)
        return 200, {
            "findings": [finding_json(f, positions) for f in findings],
            "path": self.proxy.relative(case),
        }

    def preview(self, body: dict[str, Any]) -> tuple[int, Any]:
        case, text = self._case_text(body)
        return 200, self.previews.make(case, text)

    def media(self, body: dict[str, Any]) -> tuple[int, Any]:
        """An upload checked as ``check`` would check it, before it is kept (nothing is
        written): ``{"path", "content"}`` (base64) -> its findings."""
        path = self.proxy.resolve(body.get("path"))
        data = self.proxy.decode({"content": body.get("content", ""), "encoding": "base64"})
        findings = self.proxy.media_findings(path, data)
        shown = [finding_json(f) for f in findings]
        if findings:
            return 422, {"error": words.MEDIA_REFUSED.format(name=path.name), "findings": shown}
        return 200, {"findings": shown}

    def next_id(self, body: dict[str, Any]) -> tuple[int, Any]:
        case = self.proxy.case_path(f"content/{body.get('community')}/new.md")
        case = self.proxy.new_case_path(case)
        return 200, {"case_id": case.stem, "path": self.proxy.relative(case)}

    def commit(self, body: dict[str, Any]) -> tuple[int, Any]:
        case = self.proxy.case_path(body.get("path"))
        if not case.exists():
            raise Refused(404, words.NOT_FOUND.format(path=body.get("path")))
        relative = self.proxy.relative(case)
        known = relative in self.base_blobs
        if known and head_blob(self.config.root, relative) != self.base_blobs[relative]:
            return 409, {"error": words.COMMITTED_MEANWHILE.format(path=relative)}
        findings = self.checker.check(case, case.read_text(encoding="utf-8"))
        if any(f.is_error for f in findings):
            positions = Positions(case.read_text(encoding="utf-8"))
            return 422, {
                "error": words.COMMIT_REFUSED.format(n=sum(f.is_error for f in findings)),
                "findings": [finding_json(f, positions) for f in findings],
            }
        try:
            done = commit_case(
                self.config.root,
                case,
                base_blob=self.base_blobs.get(relative),
                known=known,
                author=self.author,
            )
        except CommitRefused as refused:
            return refused.status, {"error": refused.message}
        self.base_blobs[relative] = head_blob(self.config.root, relative)
        return 200, {
            "commit": done.commit,
            "message": done.message,
            "pushed": done.pushed,
            "push_error": done.push_error,
        }

    def remember_loaded(self, answer: Any) -> None:
        """The HEAD blob of each case the editor opened (for the commit's conflict check)."""
        entries = answer if isinstance(answer, list) else [answer]
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            # an entry read ({"file": {"path"}}) or a case saved ({"path"}: a new one too)
            path = entry["file"].get("path") if isinstance(entry.get("file"), dict) else None
            path = path or entry.get("path")
            if isinstance(path, str) and path.endswith(".md") and path not in self.base_blobs:
                self.base_blobs[path] = head_blob(self.config.root, path)


def _ui() -> tuple[Any, Any]:
    """UI's modules (``editor.assets``, ``editor.decap_config``), None when missing."""
    try:
        from generator.editor import assets, decap_config
    except ImportError:
        return None, None
    return assets, decap_config


class Handler(BaseHTTPRequestHandler):
    editor: Editor  # set on the class made for each server
    server_version = "noticeboard-edit"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # no access log on the clerk's screen

    def handle(self) -> None:
        # The browser went away mid-answer (a closed tab): nothing to tell anyone.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            super().handle()

    # --- answers ------------------------------------------------------------------

    def send(
        self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status: int, value: Any) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.send(status, body, "application/json; charset=utf-8")

    def refuse(self, status: int, message: str) -> None:
        self.send_json(status, {"error": message})

    # --- who may ask ----------------------------------------------------------------

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if host == "localhost":
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    def _token_ok(self) -> bool:
        given = self.headers.get(TOKEN_HEADER)
        if given is None:
            cookie = SimpleCookie()
            try:
                cookie.load(self.headers.get("Cookie") or "")
            except Exception:  # a malformed cookie header: no token
                return False
            given = cookie[COOKIE].value if COOKIE in cookie else None
        return given is not None and hmac.compare_digest(given, self.editor.token)

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        return origin is not None and origin == f"http://{self.headers.get('Host')}"

    def _allowed(self, post: bool) -> bool:
        if not self._host_ok():
            self.refuse(403, words.HOST_REFUSED.format(host=self.headers.get("Host")))
            return False
        if post and not self._origin_ok():
            self.refuse(403, words.ORIGIN_REFUSED.format(origin=self.headers.get("Origin")))
            return False
        if not self._token_ok():
            self.refuse(403, words.TOKEN_MISSING)
            return False
        return True

    # --- GET --------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/admin/", "/admin") and "token" in parse_qs(url.query):
            return self._login(parse_qs(url.query)["token"][0])
        if not self._allowed(post=False):
            return None
        if url.path == "/":
            return self.send(302, b"", "text/plain", {"Location": "/admin/"})
        if url.path.startswith("/api/nb/preview/"):
            return self._preview_file(url.path[len("/api/nb/preview/") :])
        assets, decap_config = _ui()
        if url.path == "/admin/config.yml" and decap_config is not None:
            backend = {"name": "proxy", "proxy_url": f"http://{self.headers.get('Host')}/api/v1"}
            config = decap_config.editor_config(self.editor.config, backend=backend)
            text = decap_config.config_yaml(config)
            return self.send(200, text.encode("utf-8"), "text/yaml; charset=utf-8")
        if url.path in ("/admin/", "/admin/index.html") and assets is not None:
            page = assets.admin_page(self.editor.config)
            return self.send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        for prefix, finder in (
            ("/admin/vendor/", "vendor_file"),
            ("/admin/static/", "static_file"),
        ):
            if url.path.startswith(prefix):
                if assets is None:
                    return self.refuse(503, words.UI_MISSING.format(what=finder))
                return self._file(getattr(assets, finder)(url.path[len(prefix) :]), url.path)
        if url.path.startswith("/admin/") and assets is None:
            return self.refuse(503, words.UI_MISSING.format(what="generator/editor/assets.py"))
        return self.refuse(404, words.NOT_FOUND.format(path=url.path))

    def _file(self, path: Path | None, shown: str) -> None:
        if path is None or not path.is_file():
            return self.refuse(404, words.NOT_FOUND.format(path=shown))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".wasm":  # not in every system's mime table
            kind = "application/wasm"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return self.send(200, path.read_bytes(), kind)

    def _preview_file(self, rest: str) -> None:
        preview_id, _, name = rest.partition("/")
        found = self.editor.previews.file(preview_id, name)
        if found is None:
            return self.refuse(404, words.NOT_FOUND.format(path=self.path))
        path, gated = found
        if not gated:
            return self._file(path, self.path)
        try:
            data = self.editor.proxy.read(path)
        except (Refused, OSError):
            return self.refuse(404, words.NOT_FOUND.format(path=self.path))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self.send(200, data, kind)

    def _login(self, token: str) -> None:
        if not self._host_ok():
            return self.refuse(403, words.HOST_REFUSED.format(host=self.headers.get("Host")))
        if not hmac.compare_digest(token, self.editor.token):
            return self.refuse(403, words.TOKEN_MISSING)
        cookie = f"{COOKIE}={self.editor.token}; HttpOnly; SameSite=Strict; Path=/"
        return self.send(302, b"", "text/plain", {"Location": "/admin/", "Set-Cookie": cookie})

    # --- POST -------------------------------------------------------------------------

    def do_POST(self) -> None:
        try:
            self._post()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the browser went away: no one to answer
        except Exception as err:  # never a traceback for the clerk: a Chinese answer
            self.close_connection = True
            self.refuse(500, words.INTERNAL.format(error=f"{type(err).__name__}: {err}"))

    def _post(self) -> None:
        if not self._allowed(post=True):
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_MB * 1024 * 1024:
            self.close_connection = True
            mb = f"{max(length, 0) / 1024 / 1024:.1f}"
            return self.refuse(413, words.TOO_LARGE.format(mb=mb, limit=MAX_BODY_MB))
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except (ValueError, UnicodeDecodeError):
            return self.refuse(400, words.NOT_JSON)
        route = urlsplit(self.path).path
        editor = self.editor
        if route == "/api/v1":
            status, answer = editor.proxy.handle(body)
            if status == 200:
                editor.remember_loaded(answer)
            return self.send_json(status, answer)
        routes: dict[str, Callable[[dict[str, Any]], tuple[int, Any]]] = {
            "/api/nb/check": editor.check,
            "/api/nb/commit": editor.commit,
            "/api/nb/next-id": editor.next_id,
            "/api/nb/media": editor.media,
            "/api/nb/preview": editor.preview,
        }
        action = routes.get(route)
        if action is None:
            return self.refuse(404, words.NOT_FOUND.format(path=route))
        if not isinstance(body, dict):
            return self.refuse(400, words.BAD_REQUEST)
        try:
            with editor.proxy.lock:
                status, answer = action(body)
        except Refused as refused:
            status, answer = refused.answer()
        return self.send_json(status, answer)


def make_server(
    editor: Editor, host: str = "127.0.0.1", port: int = DEFAULT_PORT
) -> ThreadingHTTPServer:
    """The server (not yet serving); ``editor.port`` is the port it got."""
    handler = type("EditorHandler", (Handler,), {"editor": editor})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    editor.port = server.server_address[1]
    return server


def start_url(editor: Editor, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{editor.port}/admin/?token={editor.token}"


def serve_in_thread(editor: Editor, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Start serving in a daemon thread (tests); call ``shutdown()`` to stop."""
    server = make_server(editor, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lan_address() -> str:
    """This machine's address on the local network (for the printed --lan URL)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent (UDP connect)
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


__all__ = ["Editor", "make_server", "serve_in_thread", "start_url"]
