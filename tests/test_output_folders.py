"""Issue 20.4: a command replaces or writes into a folder only when it is empty, absent
or a site noticeboard wrote, and never the project, content/, .git or .cache.
End to end through the command line; nothing refused may be touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import FIXTURE, REPO, copy_project

from generator.outdirs import MARKER, UnsafeFolder, check_replaceable


def noticeboard(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", *args, "--today", "2026-11-22"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(FIXTURE, tmp_path / "project")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "site_dir", [".", "content", "content/xiguan", ".git", ".cache", "..", "/"]
)
def test_build_refuses_the_project_and_its_folders(project: Path, site_dir: str) -> None:
    before = snapshot(project)
    result = noticeboard(project, "build", "--no-posters", "--site-dir", site_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--site-dir" in result.stderr and "没有改动任何文件" in result.stderr
    assert "内部错误" not in result.stderr
    assert snapshot(project) == before


def test_build_refuses_a_link_to_the_project(project: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(project / "content")
    before = snapshot(project)
    result = noticeboard(project, "build", "--no-posters", "--site-dir", str(tmp_path / "alias"))
    assert result.returncode == 2 and "重叠" in result.stderr, result.stderr
    assert snapshot(project) == before


def test_build_refuses_a_folder_it_did_not_write(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "documents"
    other.mkdir()
    (other / "report.docx").write_bytes(b"not a site")
    result = noticeboard(project, "build", "--no-posters", "--site-dir", str(other))
    assert result.returncode == 2 and "不是空文件夹" in result.stderr, result.stderr
    assert [p.name for p in other.iterdir()] == ["report.docx"]
    posters = noticeboard(project, "posters", "--site-dir", str(other))
    assert posters.returncode == 2 and "不是空文件夹" in posters.stderr, posters.stderr
    assert [p.name for p in other.iterdir()] == ["report.docx"]
    in_content = noticeboard(project, "posters", "--site-dir", "content")
    assert in_content.returncode == 2 and not (project / "content" / "posters").exists()


def test_a_site_it_wrote_is_replaced(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for _ in range(2):  # an empty folder, then the site the first build wrote
        result = noticeboard(project, "build", "--no-posters", "--site-dir", str(empty))
        assert result.returncode == 0, result.stdout + result.stderr
        assert (empty / MARKER).is_file() and (empty / "index.html").is_file()
    assert "noticeboard" in (empty / MARKER).read_text(encoding="utf-8")


def test_the_guard_alone(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    assert check_replaceable(project / "site", project) == (project / "site").resolve()
    assert check_replaceable(tmp_path / "new" / "site", project)
    for bad in (project, tmp_path, project / "content" / "x", project / ".git" / "site"):
        with pytest.raises(UnsafeFolder):
            check_replaceable(bad, project)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UnsafeFolder):
        check_replaceable(tmp_path / "file", project)


@pytest.mark.parametrize(
    ("link", "target"),
    [
        (".cache/trash", "../content"),  # emptied at every build: the case files went
        (".cache/build", "../content"),  # pruned and wiped when another version wrote it
        (".cache", "content"),
    ],
)
def test_a_link_committed_into_the_cache_is_refused_and_nothing_is_deleted(
    project: Path, link: str, target: str
) -> None:
    """Sideways from 20.4: the folders a command empties on its own (replaced sites in
    .cache/trash, a stale build cache) are the project's, not given on the command
    line; a clerk's commit can make one a link into content/."""
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(target)
    before = snapshot(project)
    for command in (["build", "--no-posters"], ["check"]):
        result = noticeboard(project, *command)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "链接" in result.stderr and link.split("/")[-1] in result.stderr, result.stderr
        assert "内部错误" not in result.stderr
    assert snapshot(project) == before
    assert sorted(p.name for p in (project / "content").iterdir()) != []
