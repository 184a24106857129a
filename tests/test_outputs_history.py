"""Change history from git, in a temporary repository with real commits."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.check.project import analyse
from generator.model import history


@pytest.fixture(autouse=True)
def _git_installed() -> None:
    if shutil.which("git") is None:
        pytest.fail("git is not installed (scripts/dev.sh installs it)", pytrace=False)


TODAY = dt.date(2026, 11, 22)
CASE = """---
title: 3号楼加装电梯
category: 民生保障
form: 居民议事会
proposed:
  date: 2026-02-10
  by: 3号楼居民联名
  channel: 居民联名
notice:
  posted: 2026-02-20
  until: {until}
---
"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    history.clear_cache()
    yield
    history.clear_cache()


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # Keep git from finding a repository above tmp_path and from reading user config.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return {**os.environ, "GIT_AUTHOR_NAME": "书记员", "GIT_AUTHOR_EMAIL": "clerk@example.cn"}


def _git(cwd: Path, env: dict[str, str], *args: str, when: str | None = None) -> None:
    if when:
        env = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env = {**env, "GIT_COMMITTER_NAME": "书记员", "GIT_COMMITTER_EMAIL": "clerk@example.cn"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _project(root: Path) -> Path:
    (root / "content" / "xiguan").mkdir(parents=True)
    (root / "site_config.yml").write_text("base_url: https://xs.example.cn\n", encoding="utf-8")
    (root / "content" / "xiguan" / "community.yml").write_text(
        "name: 西关社区\nkind: 社区\ntown: 大城街道\n", encoding="utf-8"
    )
    case = root / "content" / "xiguan" / "2026-01.md"
    case.write_text(CASE.format(until="2026-02-27"), encoding="utf-8")
    return case


def _case(root: Path):
    analysis = analyse(root, TODAY)
    assert not analysis.errors, analysis.errors
    return analysis.cases[0]


def test_two_commits_give_two_revisions_newest_first(tmp_path: Path, git_env) -> None:
    root = tmp_path / "project"
    case_file = _project(root)
    _git(root, git_env, "init", "-q")
    _git(root, git_env, "add", ".")
    _git(
        root,
        git_env,
        "commit",
        "-q",
        "-m",
        "发布加装电梯议题公示",
        when="2026-02-20T09:00:00+08:00",
    )
    case_file.write_text(CASE.format(until="2026-03-02"), encoding="utf-8")
    _git(
        root, git_env, "commit", "-q", "-am", "延长公示期至3月2日", when="2026-02-24T16:30:00+08:00"
    )

    revisions = history.case_revisions(_case(root))
    assert revisions is not None
    # What changed, from the files themselves; the commit messages are never shown.
    assert [r.changes for r in revisions] == [("公示截止 2026-02-27 → 2026-03-02",), ("建档",)]
    assert revisions[0].date == dt.datetime(
        2026, 2, 24, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert revisions[1].date.date() == dt.date(2026, 2, 20)
    assert all(len(r.commit) == 7 for r in revisions)
    assert revisions[0].commit != revisions[1].commit


def test_history_follows_renames_like_git_log_follow(tmp_path: Path, git_env) -> None:
    root = tmp_path / "project"
    case_file = _project(root)
    _git(root, git_env, "init", "-q")
    _git(root, git_env, "add", ".")
    _git(root, git_env, "commit", "-q", "-m", "first", when="2026-02-20T09:00:00+08:00")
    case_file.write_text(CASE.format(until="2026-03-02"), encoding="utf-8")
    _git(root, git_env, "commit", "-q", "-am", "edit", when="2026-02-21T09:00:00+08:00")
    _git(root, git_env, "mv", "content/xiguan/2026-01.md", "content/xiguan/2026-001.md")
    _git(root, git_env, "commit", "-q", "-m", "renumber", when="2026-02-22T09:00:00+08:00")
    # A different, unrelated file later takes the old name: its history is its own.
    (root / "content" / "xiguan" / "2026-01.md").write_text(
        CASE.format(until="2026-02-27"), encoding="utf-8"
    )
    _git(root, git_env, "add", ".")
    _git(root, git_env, "commit", "-q", "-m", "new case", when="2026-02-23T09:00:00+08:00")

    follow = subprocess.run(
        ["git", "log", "--follow", "--format=%h", "--", "content/xiguan/2026-001.md"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    renamed = history.file_revisions(root / "content/xiguan/2026-001.md")
    assert [c.commit for c in renamed or []] == follow
    assert len(follow) == 3
    reused = history.file_revisions(root / "content/xiguan/2026-01.md")
    assert len(reused or []) == 1 and reused[0].commit not in follow


def test_uncommitted_file_has_no_revisions(tmp_path: Path, git_env) -> None:
    root = tmp_path / "project"
    _project(root)
    _git(root, git_env, "init", "-q")
    assert history.case_revisions(_case(root)) == []


def test_outside_git_is_none(tmp_path: Path, git_env) -> None:
    root = tmp_path / "project"
    _project(root)
    assert history.case_revisions(_case(root)) is None


def test_without_git_is_none(tmp_path: Path, git_env, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    _project(root)
    _git(root, git_env, "init", "-q")
    _git(root, git_env, "add", ".")
    _git(root, git_env, "commit", "-q", "-m", "first")
    case = _case(root)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert history.case_revisions(case) is None


def test_commit_messages_are_never_published(tmp_path: Path, git_env) -> None:
    """A message naming a resident with numbers; the page says what changed instead."""
    from generator.site.pages import plan_site

    root = tmp_path / "project"
    case_file = _project(root)
    _git(root, git_env, "init", "-q")
    _git(root, git_env, "add", ".")
    _git(root, git_env, "commit", "-q", "-m", "first", when="2026-02-20T09:00:00+08:00")
    meeting = (
        "meeting:\n  start: 2026-08-19 19:00\n  place: 议事厅\n  host: 王主任\n"
        "participants:\n  - group: 议事会成员\n    name: 王主任\n---\n"
    )
    case_file.write_text(
        CASE.format(until="2026-03-02").removesuffix("---\n") + meeting, encoding="utf-8"
    )
    secret = "张三 13812345678 身份证 110101199003074514 投诉楼上"
    _git(root, git_env, "commit", "-q", "-am", secret, when="2026-02-24T09:00:00+08:00")
    case_file.write_text(
        case_file.read_text(encoding="utf-8").replace("2026-08-19 19:00", "2026-08-20 19:00"),
        encoding="utf-8",
    )
    _git(root, git_env, "commit", "-q", "-am", secret, when="2026-02-25T09:00:00+08:00")
    analysis = analyse(root, TODAY)
    page = next(p for p in plan_site(analysis).pages if p.url == "xiguan/2026-01/")
    assert "13812345678" not in page.html and "张三" not in page.html and "投诉" not in page.html
    assert "会议时间 2026-08-19 19:00 → 2026-08-20 19:00" in page.html
    assert "会议时间：2026-08-19 19:00" in page.html  # the revision that added the meeting
    assert "公示截止 2026-02-27 → 2026-03-02" in page.html
    assert "会议地点有修改" in page.html
    # Facts are kept between builds by blob id, free text only as a digest.
    history.clear_cache()
    kept = (root / ".cache" / "noticeboard" / "history-facts.json").read_text(encoding="utf-8")
    assert "2026-08-20 19:00" in kept
    assert "议事厅" not in kept and "3号楼" not in kept and "张三" not in kept
    again = next(p for p in plan_site(analyse(root, TODAY)).pages if p.url == "xiguan/2026-01/")
    assert "会议时间 2026-08-19 19:00 → 2026-08-20 19:00" in again.html


def test_old_free_text_is_named_not_quoted() -> None:
    from generator.model.changes import revision_changes

    old = "---\ntitle: 加装电梯 联系13812345678\nmeeting:\n  start: 2026-08-19 19:00\n---\n正文"
    new = "---\ntitle: 加装电梯\nmeeting:\n  start: 2026-08-19 19:00\n---\n正文改了"
    assert revision_changes([new, old]) == [["议题名称有修改", "正文有修改"], ["建档"]]
    # An old revision that is not a readable case file: its successor says only that.
    assert revision_changes([new, "---\ntitle: [\n---\n"]) == [["文件内容有修改"], ["建档"]]


def test_parse_log_ignores_garbage() -> None:
    assert history.parse_log(b"") == []
    assert history.parse_log(b"\x1enot a header\0\n") == []


def test_history_from_folds_earlier_commits_into_where_the_record_starts(
    tmp_path: Path, git_env
) -> None:
    """``history_from``: an imported or settled example starts its public history on
    that day; the rewrites before it are not listed one by one."""
    root = tmp_path / "project"
    case_file = _project(root)
    _git(root, git_env, "init", "-q")
    _git(root, git_env, "add", ".")
    _git(root, git_env, "commit", "-q", "-m", "a", when="2026-02-20T09:00:00+08:00")
    for n, (until, when) in enumerate(
        (("2026-03-02", "2026-02-24T16:30:00+08:00"), ("2026-03-03", "2026-02-26T10:00:00+08:00"))
    ):
        case_file.write_text(CASE.format(until=until), encoding="utf-8")
        _git(root, git_env, "commit", "-q", "-am", str(n), when=when)
    case = _case(root)
    assert len(history.case_revisions(case) or []) == 3
    folded = history.case_revisions(case, dt.date(2026, 2, 25))
    assert folded is not None
    assert [r.changes for r in folded] == [
        ("公示截止 2026-03-02 → 2026-03-03",),
        (history.HISTORY_START,),
    ]
    # Only the creation before the day: it stays 建档.
    assert [r.changes[-1] for r in history.case_revisions(case, dt.date(2026, 2, 21)) or []][
        -1
    ] == "建档"
    # The setting reaches the page.
    (root / "site_config.yml").write_text(
        "base_url: https://xs.example.cn\nhistory_from: 2026-02-27\n", encoding="utf-8"
    )
    from generator.site.pages import plan_site

    page = next(p for p in plan_site(analyse(root, TODAY)).pages if p.url == "xiguan/2026-01/")
    assert history.HISTORY_START in page.html and "2026-03-02 → 2026-03-03" not in page.html


def test_every_change_name_in_the_words_is_a_fact() -> None:
    """messages/data.py names the change history's facts by their place in the file;
    a name no fact uses (a mistyped or stale place) is caught here."""
    from generator.messages import data as words
    from generator.model.changes import BODY, FACTS

    assert set(words.CHANGED_FACTS.values()) <= {f.label for f in FACTS} | {BODY}
    assert len({f.label for f in FACTS} | {BODY}) == len(FACTS) + 1  # no two facts alike


def test_facts_kept_by_another_version_of_the_code_are_not_used(tmp_path: Path) -> None:
    """The facts of old blobs are kept between builds in .cache/noticeboard; a build of
    other code (which may read or name the facts otherwise) starts afresh: once, the
    example's history said a commit changed 报送事项数 where the code of the day saw
    only a change of layout."""
    from generator.buildcache import code_stamp
    from generator.model.history import _Repo

    repo = _Repo(tmp_path, {})
    repo.facts_file.parent.mkdir(parents=True)
    facts = {"abc": {"title": "旧"}}
    for kept, expected in [
        (facts, {}),  # the format before the code's stamp was kept
        ({"code": "another", "facts": facts}, {}),
        ({"code": code_stamp()}, {}),
        ({"code": code_stamp(), "facts": facts}, facts),
    ]:
        repo.facts = None
        repo.facts_file.write_text(json.dumps(kept), encoding="utf-8")
        assert repo.load_facts() == expected
    repo.facts, repo.facts_added = {"def": None}, True
    repo.save_facts()
    assert json.loads(repo.facts_file.read_text(encoding="utf-8")) == {
        "code": code_stamp(),
        "facts": {"def": None},
    }
