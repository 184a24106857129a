"""The published-address guard (build --published), tombstones (withdrawn.yml) and
hidden community folders, through the real command line on the site fixture."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import FIXTURE, REPO, TODAY, build, copy_project, page, read_urls_txt, text_of

from generator.check.project import analyse_config
from generator.site.urls import site_addresses
from generator.source.settings import load_config

BASE = "https://xs.test.example.cn/"
TOMBSTONE = "- case: 2026-03\n  date: 2026-11-20\n  reason: 应当事人要求，依法撤下\n"


def noticeboard(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", *args, "--today", TODAY.isoformat()],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The urls.txt of the fixture site as published."""
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("live") / "project")
    ok, lines = build(project, project / "site")
    assert ok, "\n".join(lines)
    return project / "site" / "urls.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(FIXTURE, tmp_path / "project")


def guarded_build(project: Path, published: Path | str) -> subprocess.CompletedProcess[str]:
    return noticeboard(project, "build", "--no-posters", "--published", str(published))


def test_published_site_has_the_addresses_the_guard_expects(published: Path) -> None:
    # One fact, one home: the guard's cheap list is exactly what a build writes.
    pages, redirects = read_urls_txt(published.parent)
    analysis = analyse_config(load_config(FIXTURE), TODAY)
    assert site_addresses(analysis) == set(pages) | set(redirects)
    assert f"{BASE}hexi/2025-09/" in redirects  # hexi/2026-04 moved_from


def test_renamed_case_without_moved_from_fails_before_writing(
    project: Path, published: Path
) -> None:
    (project / "content/hexi/2026-03.md").rename(project / "content/hexi/2026-05.md")
    result = guarded_build(project, published)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert f"content/hexi/2026-03.md:1:1: 错误 address-lost 已发布的地址 {BASE}hexi/2026-03/" in out
    assert "moved_from: [hexi/2026-03]" in out and "content/hexi/withdrawn.yml" in out
    assert "有 1 个已发布的地址会失效" in out
    assert not (project / "site").exists()
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


def test_moved_from_keeps_the_address(project: Path, published: Path) -> None:
    old = project / "content/hexi/2026-03.md"
    text = old.read_text(encoding="utf-8")
    old.unlink()
    assert text.startswith("---\n")
    (project / "content/hexi/2026-05.md").write_text(
        "---\nmoved_from: [hexi/2026-03]\n" + text[4:], encoding="utf-8"
    )
    result = guarded_build(project, published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已发布的" in result.stdout and "个地址都还在" in result.stdout
    _, redirects = read_urls_txt(project / "site")
    assert redirects[f"{BASE}hexi/2026-03/"] == f"{BASE}hexi/2026-05/"


def test_tombstone_keeps_the_address_saying_withdrawn(project: Path, published: Path) -> None:
    (project / "content/hexi/2026-03.md").unlink()
    (project / "content/hexi/withdrawn.yml").write_text(TOMBSTONE, encoding="utf-8")
    result = guarded_build(project, published)
    assert result.returncode == 0, result.stdout + result.stderr
    html = page(project / "site", "hexi/2026-03")
    text = text_of(html)
    assert "议题 2026-03 已撤下" in text
    assert "2026年11月20日" in text and "应当事人要求，依法撤下" in text
    pages, _ = read_urls_txt(project / "site")
    assert f"{BASE}hexi/2026-03/" in pages


def test_deleting_a_case_without_a_tombstone_fails(project: Path, published: Path) -> None:
    (project / "content/hexi/2026-03.md").unlink()
    result = guarded_build(project, published)
    assert result.returncode == 1
    assert f"address-lost 已发布的地址 {BASE}hexi/2026-03/" in result.stdout


def test_hidden_community_folder_is_an_error(project: Path, published: Path) -> None:
    (project / "content/liushu").rename(project / "content/.liushu")
    result = noticeboard(project, "check")
    assert result.returncode == 1
    assert "content/.liushu:1:1: 错误 hidden-community" in result.stdout
    assert "把文件夹改名为“liushu”" in result.stdout


def test_renamed_community_folder_names_every_lost_address(project: Path, published: Path) -> None:
    (project / "content/liushu").rename(project / "content/liushu-cun")
    result = guarded_build(project, published)
    assert result.returncode == 1
    lost = [line for line in result.stdout.splitlines() if "address-lost" in line]
    assert len(lost) == 2  # the community page and its one case
    assert all("把文件夹名改回“liushu”" in line for line in lost)


def test_changed_base_url_is_one_clear_error(project: Path, published: Path) -> None:
    config = project / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(BASE.rstrip("/"), "https://new.example.cn"),
        encoding="utf-8",
    )
    result = guarded_build(project, published)
    assert result.returncode == 1
    assert "base-url-changed 已发布的网站在 https://xs.test.example.cn/" in result.stdout


@pytest.fixture
def live_site(published: Path) -> Iterator[str]:
    """The published site served on the loopback, as CI reads it from the live site."""
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(published.parent)
    )
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_published_list_fetched_from_the_live_site(project: Path, live_site: str) -> None:
    (project / "content/hexi/2026-03.md").unlink()
    result = guarded_build(project, f"{live_site}/urls.txt")
    assert result.returncode == 1 and "address-lost" in result.stdout
    (project / "content/hexi/withdrawn.yml").write_text(TOMBSTONE, encoding="utf-8")
    assert guarded_build(project, f"{live_site}/urls.txt").returncode == 0


def test_unreadable_published_list_is_a_plain_error(project: Path, live_site: str) -> None:
    result = guarded_build(project, f"{live_site}/nothing/urls.txt")
    assert result.returncode == 2
    assert "无法读取已发布网站的地址清单" in result.stderr and "HTTP 404" in result.stderr
    assert "内部错误" not in result.stderr
    result = guarded_build(project, str(project / "missing-urls.txt"))
    assert result.returncode == 2 and "找不到文件" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("- case: 2026-3\n  date: 2026-11-20\n  reason: 撤下\n", "case 要写案例编号"),
        ("- case: 2026-07\n  reason: 撤下\n", "date 要写撤下日期"),
        ("- case: 2026-07\n  date: 2026-11-20\n", "reason 要写撤下原因"),
        ("case: 2026-07\n", "要写成列表"),
    ],
)
def test_bad_tombstones_are_findings(project: Path, text: str, detail: str) -> None:
    (project / "content/hexi/withdrawn.yml").write_text(text, encoding="utf-8")
    result = noticeboard(project, "check")
    assert result.returncode == 1
    assert "content/hexi/withdrawn.yml:" in result.stdout and detail in result.stdout


def test_tombstone_for_a_case_still_there_is_an_error(project: Path) -> None:
    (project / "content/hexi/withdrawn.yml").write_text(TOMBSTONE, encoding="utf-8")
    result = noticeboard(project, "check")
    assert result.returncode == 1
    assert "content/hexi/withdrawn.yml:1:1: 错误 withdrawn-still-present" in result.stdout


def test_personal_number_in_a_tombstone_reason_is_caught(project: Path) -> None:
    (project / "content/hexi/2026-03.md").unlink()
    reason = TOMBSTONE.replace("依法撤下", "联系人13912345678")
    (project / "content/hexi/withdrawn.yml").write_text(reason, encoding="utf-8")
    result = noticeboard(project, "check")
    assert result.returncode == 1 and "personal-mobile" in result.stdout


def test_guard_needs_no_site_folder(project: Path, published: Path) -> None:
    shutil.rmtree(project / "content/liushu")
    result = guarded_build(project, published)
    assert result.returncode == 1 and not (project / "site").exists()
