"""``noticeboard serve`` with a broken file: the findings as a Chinese page in the
browser (file, line, fix) at the page the clerk has open, and the site again once the
file is fixed; the terminal says it in Chinese, with no English from MkDocs."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from site_helpers import copy_project

# A small project that checks clean (tests/fixtures/posters).
FIXTURE = Path(__file__).parent / "fixtures" / "posters"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")
    except OSError:
        return 0, ""


def _until(check: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


@contextlib.contextmanager
def serving(project: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``noticeboard serve`` in ``project`` on a free port, its output in ``log``; the
    base address; stopped as Ctrl+C stops it (killed if it does not stop)."""
    port = _free_port()
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator.cli.commands", "serve", "--today", "2026-11-22",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )  # fmt: skip
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = copy_project(FIXTURE, tmp_path / "project")
    case = project / "content" / "xiguan" / "2026-05.md"
    text = case.read_text(encoding="utf-8")
    assert text.count("  posted: ") == 1
    log = tmp_path / "serve.log"
    with serving(project, log) as base:
        yield case, base, log


def test_a_broken_file_shows_its_findings_and_the_fix_brings_the_site_back(
    preview: tuple[Path, str, Path],
) -> None:
    case, base, log = preview
    page = f"{base}/xiguan/2026-05/"
    _until(lambda: _get(page)[0] == 200 and "预览暂停" not in _get(page)[1], "the first build")
    good = case.read_text(encoding="utf-8")
    posted = next(line for line in good.splitlines() if line.startswith("  posted: "))
    case.write_text(good.replace(posted, "  posted: 2026-12-31"), encoding="utf-8")

    _until(lambda: "预览暂停" in _get(page)[1], "the page of findings")
    status, html = _get(page)
    assert status == 200
    assert "content/xiguan/2026-05.md 第" in html and "date-order" in html and "改法：" in html
    assert "/livereload/" in html  # the server's own reload script: back once fixed
    status, missing = _get(f"{base}/xiguan/2099-01/")  # an address not built: same findings
    assert status == 404 and "预览暂停" in missing and "setInterval" in missing

    case.write_text(good, encoding="utf-8")
    _until(lambda: "预览暂停" not in _get(page)[1] and _get(page)[0] == 200, "the site again")
    said = log.read_text(encoding="utf-8")
    assert "错误 date-order" in said and "改正并保存后会自动刷新" in said and "预览已更新" in said
    for english in ("Aborted", "BuildError", "ERROR", "WARNING", "INFO", "Traceback", "HTTP/1.1"):
        assert english not in said, said
