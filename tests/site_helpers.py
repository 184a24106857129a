"""Shared helpers for the site tests: build a project folder once, read its pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from generator.site.build import build_site
from generator.source.settings import load_config

FIXTURE = Path(__file__).parent / "fixtures" / "site"
REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 11, 22)

# Debian's Chromium, started as this machine allows: as root (no sandbox), headless, and
# without the background connections a closed network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def browser_unavailable(reason: str) -> None:
    """Fail for lack of ``reason``: a browser test that cannot run has not passed."""
    import pytest

    pytest.fail(
        f"{reason} (browser tests must run; scripts/dev.sh test installs it)", pytrace=False
    )


def copy_project(source: Path, target: Path) -> Path:
    """A private copy of a project folder, so tests can edit files freely."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".cache", "site"))
    return target


def build(
    project: Path, site_dir: Path, today: dt.date = TODAY, posters: bool = False
) -> tuple[bool, list[str]]:
    """Build like ``noticeboard build`` (posters only when asked: they take seconds)."""
    lines: list[str] = []
    ok = build_site(load_config(project), today, site_dir, posters=posters, echo=lines.append)
    return ok, lines


LAST_GOOD = "last good site"


def last_good_site(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the fixture project built once, its site marked (``marker.txt`` holds
    ``LAST_GOOD``) so a test can tell whether a failed build left it in place."""
    project = copy_project(FIXTURE, tmp_path / "project")
    site_dir = project / "site"
    ok, lines = build(project, site_dir)
    assert ok, lines
    (site_dir / "marker.txt").write_text(LAST_GOOD)
    return project, site_dir


def read_urls_txt(site_dir: Path) -> tuple[list[str], dict[str, str]]:
    """urls.txt as (page addresses, {old address: new address} of the redirects)."""
    pages: list[str] = []
    redirects: dict[str, str] = {}
    section = pages
    for line in (site_dir / "urls.txt").read_text(encoding="utf-8").splitlines():
        if line == "# redirects":
            section = None  # type: ignore[assignment]
        elif line.startswith("#") or not line:
            continue
        elif section is None:
            old, new = line.split("\t")
            redirects[old] = new
        else:
            pages.append(line)
    return pages, redirects


def local_path(site_dir: Path, url: str, base: str) -> Path:
    """The file that answers an absolute address of the site."""
    return site_dir / url.removeprefix(base) / "index.html"


def page(site_dir: Path, path: str) -> str:
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The visible text of the page's article, tags removed, whitespace collapsed."""
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    body = match.group(1) if match else html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
