"""End to end: the site build calls the outputs hooks, and the pages show them.

The fixture project is copied into a temporary git repository with real commits,
so the case pages have a history to show.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_outputs_common import FIXTURE, FIXTURE_TODAY

from generator.model import history
from generator.site import build as site
from generator.source.settings import load_config


@pytest.fixture(autouse=True)
def _git_installed() -> None:
    if shutil.which("git") is None:
        pytest.fail("git is not installed (scripts/dev.sh installs it)", pytrace=False)


def _git(cwd: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "书记员",
        "GIT_AUTHOR_EMAIL": "clerk@example.cn",
        "GIT_COMMITTER_NAME": "书记员",
        "GIT_COMMITTER_EMAIL": "clerk@example.cn",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo") / "project"
    shutil.copytree(FIXTURE, root)
    _git(root, "init", "-q", when="2026-11-16T09:00:00+08:00")
    _git(root, "add", ".", when="2026-11-16T09:00:00+08:00")
    _git(root, "commit", "-q", "-m", "发布垃圾分类投放点调整公示", when="2026-11-16T09:00:00+08:00")
    case = root / "content" / "xiguan" / "2026-02.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace("place: 社区议事厅", "place: 社区二楼会议室"),
        encoding="utf-8",
    )
    _git(
        root, "commit", "-q", "-am", "会议地点改为社区二楼会议室", when="2026-11-18T10:00:00+08:00"
    )
    history.clear_cache()
    target = tmp_path_factory.mktemp("site") / "site"
    lines: list[str] = []
    ok = site.build_site(load_config(root), FIXTURE_TODAY, target, posters=False, echo=lines.append)
    assert ok, "\n".join(lines)
    return target


def _page(target: Path, path: str) -> str:
    return (target / path / "index.html").read_text(encoding="utf-8")


def test_outputs_are_in_the_built_site(built: Path) -> None:
    for path in (
        "feed.xml",
        "calendar.ics",
        "data/cases.csv",
        "data/cases.json",
        "data/communities.json",
        "xiguan/feed.xml",
        "xiguan/calendar.ics",
        "dongcun/feed.xml",
        "xiguan/2026-02/meeting.ics",
        "dongcun/2026-03/meeting.ics",
    ):
        assert (built / path).is_file(), path


def test_case_page_shows_two_revisions(built: Path) -> None:
    html = _page(built, "xiguan/2026-02")
    # What changed, read from the file at each revision; never the commit messages.
    first = html.find("2026年11月18日：会议地点有修改")
    second = html.find("：建档")
    assert 0 <= first < second, "both revisions, newest first"
    assert "会议地点改为社区二楼会议室" not in html and "发布垃圾分类投放点调整公示" not in html


def test_case_page_links_its_meeting_calendar(built: Path) -> None:
    assert "meeting.ics" in _page(built, "xiguan/2026-02")
    assert "meeting.ics" not in _page(built, "xiguan/2025-01")


def test_pages_link_the_feeds(built: Path) -> None:
    community = _page(built, "xiguan")
    assert 'rel="alternate" type="application/atom+xml" href="feed.xml"' in community
    assert 'href="../feed.xml"' in community
    assert 'type="text/calendar"' in community


def test_stats_page(built: Path) -> None:
    html = _page(built, "stats")
    assert html.count("<svg") >= 5
    assert 'role="img"' in html
    assert "西关社区" in html


def test_outside_git_the_page_says_history_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    history.clear_cache()
    target = tmp_path / "site"
    lines: list[str] = []
    assert site.build_site(
        load_config(root), FIXTURE_TODAY, target, posters=False, echo=lines.append
    )
    assert "修改记录暂不可用" in _page(target, "xiguan/2026-02")
