"""Poster versions from git history: the case page lists the versions its poster
has had, today's first, and today's is the mark printed on the PDF."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from site_helpers import build

from generator.check.project import analyse
from generator.model.history import clear_cache
from generator.posters import poster_specs
from generator.posters.versions import PosterVersion, poster_versions

FIXTURE = Path(__file__).parent / "fixtures" / "posters"
TODAY = dt.date(2026, 11, 22)


def git(root: Path, *args: str, when: str | None = None) -> None:
    if shutil.which("git") is None:
        pytest.fail("git not found: scripts/dev.sh installs it")
    env = {**os.environ, "GIT_AUTHOR_NAME": "clerk", "GIT_AUTHOR_EMAIL": "clerk@example.cn"}
    env |= {"GIT_COMMITTER_NAME": "clerk", "GIT_COMMITTER_EMAIL": "clerk@example.cn"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The poster fixture in a git repository: committed on 2026-11-10, the meeting
    place of xiguan/2026-09 changed on 2026-11-18, a typo fixed in its body (not on
    the poster) on 2026-11-20."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "公示", when="2026-11-10T10:00:00+08:00")
    case = root / "content" / "xiguan" / "2026-09.md"
    text = case.read_text("utf-8")
    assert "place: 西关社区议事厅（党群服务中心二楼）" in text
    case.write_text(text.replace("（党群服务中心二楼）", "（党群服务中心三楼）"), "utf-8")
    git(root, "commit", "-qam", "改会议地点", when="2026-11-18T09:00:00+08:00")
    case.write_text(case.read_text("utf-8") + "\n补充说明。\n", "utf-8")
    git(root, "commit", "-qam", "补充说明", when="2026-11-20T09:00:00+08:00")
    clear_cache()
    yield root
    clear_cache()


def test_versions_follow_the_case_file_history(project: Path) -> None:
    analysis = analyse(project, TODAY)
    xiguan = analysis.project.community("xiguan")
    versions = poster_versions([(c, xiguan) for c in xiguan.cases], analysis.config, TODAY)
    history = versions["xiguan/2026-09"]
    spec = {s.key: s for s in poster_specs(analysis)[0]}["xiguan/2026-09"]
    # Today's poster first; the body edit of the 20th changed nothing on it.
    assert history[0] == PosterVersion(spec.version, dt.date(2026, 11, 18), current=True)
    assert [v.since for v in history[1:]] == [dt.date(2026, 11, 16), dt.date(2026, 11, 10)]
    assert not any(v.current for v in history[1:])
    assert len({v.version for v in history}) == len(history)
    # The notice posted on the 16th changed the poster without a commit (its stage):
    # the version from the 10th (still collecting) differs from the one on notice.
    untouched = versions["xiguan/2026-08"]
    assert len(untouched) == 1 and untouched[0].current


def test_the_case_page_lists_the_poster_versions(project: Path, tmp_path: Path) -> None:
    ok, lines = build(project, tmp_path / "site")
    assert ok, lines
    html = (tmp_path / "site" / "xiguan" / "2026-09" / "index.html").read_text("utf-8")
    listed = re.findall(r"版本 ([0-9A-F]{4})", html)
    assert len(listed) == 3, listed
    assert "（当前）" in html and "2026年11月18日起" in html
    analysis = analyse(project, TODAY)
    spec = {s.key: s for s in poster_specs(analysis)[0]}["xiguan/2026-09"]
    assert listed[0] == spec.version


def test_versions_are_kept_between_builds_and_only_new_revisions_are_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old revisions are read from git once: the next build takes their posters'
    versions from .cache/noticeboard/poster-versions.json, and a new commit costs one read."""
    import generator.posters.versions as versions

    def pairs(analysis):
        xiguan = analysis.project.community("xiguan")
        return [(c, xiguan) for c in xiguan.cases]

    analysis = analyse(project, TODAY)
    first = poster_versions(pairs(analysis), analysis.config, TODAY)
    cache = project / ".cache" / "noticeboard" / "poster-versions.json"
    assert cache.is_file()

    reads: list[str] = []
    real = versions.blob_text

    def counted(path: Path, blob: str) -> str | None:
        reads.append(blob)
        return real(path, blob)

    monkeypatch.setattr(versions, "blob_text", counted)
    clear_cache()
    assert poster_versions(pairs(analysis), analysis.config, TODAY) == first
    assert reads == []

    case = project / "content" / "xiguan" / "2026-09.md"
    text = case.read_text("utf-8")
    case.write_text(text.replace("（党群服务中心三楼）", "（村史馆）"), "utf-8")
    git(project, "commit", "-qam", "再改会议地点", when="2026-11-21T09:00:00+08:00")
    clear_cache()
    analysis = analyse(project, TODAY)
    later = poster_versions(pairs(analysis), analysis.config, TODAY)
    assert len(reads) == 1
    history = later["xiguan/2026-09"]
    assert history[0].since == dt.date(2026, 11, 21) and history[0].current
    assert history[1:] == [PosterVersion(v.version, v.since) for v in first["xiguan/2026-09"]]

    # A damaged cache is an empty one: everything is read again, same answer.
    cache.write_text("{not json", "utf-8")
    clear_cache()
    reads.clear()
    assert poster_versions(pairs(analysis), analysis.config, TODAY) == later
    every = [c.blob for case, _ in pairs(analysis) for c in versions.file_revisions(case.path)]
    assert sorted(reads) == sorted(every) and len(every) == len(pairs(analysis)) + 3


def test_outside_a_git_checkout_only_todays_version_and_nothing_is_cached(
    tmp_path: Path,
) -> None:
    root = tmp_path / "plain"
    shutil.copytree(FIXTURE, root)
    clear_cache()
    analysis = analyse(root, TODAY)
    xiguan = analysis.project.community("xiguan")
    versions = poster_versions([(c, xiguan) for c in xiguan.cases], analysis.config, TODAY)
    assert all(len(v) == 1 and v[0].current and v[0].since is None for v in versions.values())
    assert not list(root.rglob("poster-versions.json"))
    clear_cache()


def test_the_version_list_imports_no_drawing_library() -> None:
    """A site built with --no-posters still lists each poster's versions (a hash of the
    poster's text): that needs neither the drawing nor the PDF libraries, which cost
    half a second and ~25 MB to import."""
    import sys

    code = (
        "import sys, generator.site.pages, generator.posters.versions, generator.posters\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'fpdf', 'qrcode', 'fontTools', 'jieba', 'generator.posters.render'}))\n"
        "print('generator.posters.render' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "False"], out.stdout


def test_a_posters_plain_values_are_those_of_asdict() -> None:
    """``PosterSpec.plain`` (what its version mark and cache key hash) is what
    ``dataclasses.asdict`` gives, made without deep copies."""
    from dataclasses import asdict

    specs, _ = poster_specs(analyse(FIXTURE, TODAY))
    assert len(specs) > 3 and any(s.facts for s in specs)
    for spec in specs:
        assert spec.plain() == asdict(spec)


def test_todays_spec_with_its_warnings_is_what_the_spec_functions_give() -> None:
    """The glyph rule, the poster versions and the posters share one spec per poster
    (``todays_spec``); with its public warnings added it must be the spec made whole."""
    from generator.posters.content import (
        case_spec,
        community_spec,
        todays_spec,
        warning_texts,
        with_warnings,
        worth_posting,
    )

    analysis = analyse(Path(__file__).parent.parent, dt.date(2026, 11, 22))
    config, today = analysis.config, analysis.today
    warned = 0
    for community in analysis.communities:
        current = [c for c in community.cases if worth_posting(c, today)]
        public = warning_texts(analysis.public_for_community(community))
        whole = community_spec(community, config.url(community.id), today, current, public)
        assert with_warnings(todays_spec(analysis, community), public) == whole
        for case in community.cases:
            public = warning_texts(analysis.public_for_case(case))
            warned += bool(public)
            url = config.url(community.id, case.id)
            shared = todays_spec(analysis, community, case)
            assert with_warnings(shared, public) == case_spec(case, community, url, today, public)
            assert todays_spec(analysis, community, case) is shared  # made once
    assert warned, "no case of the example has a public warning: the test shows nothing"
