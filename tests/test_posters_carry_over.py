"""Issue 20.5: ``build --no-posters`` never publishes a poster that no longer says
what its case says (a case taken down, a name removed from a title), nor a
community's bundle holding one. Through the command line on the site fixture."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import FIXTURE, REPO, TODAY, copy_project

from generator.check.project import analyse_config
from generator.posters import content_keys, read_keys
from generator.posters.names import KEYS_FILE, poster_of
from generator.source.settings import load_config

TOMBSTONE = "- case: 2026-03\n  date: 2026-11-20\n  reason: 应当事人要求，依法撤下\n"
OLD_TITLE = "小区停车位划线和收费办法"


def noticeboard(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", *args, "--today", TODAY.isoformat()],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture(scope="module")
def with_posters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("posters") / "project")
    result = noticeboard(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "posters" / KEYS_FILE).is_file()
    return project


@pytest.fixture
def project(with_posters: Path, tmp_path: Path) -> Path:
    copy = Path(shutil.copytree(with_posters, tmp_path / "project", symlinks=True))
    shutil.rmtree(copy / ".cache", ignore_errors=True)
    return copy


def poster_files(site: Path) -> dict[str, Path]:
    folder = site / "posters"
    return {
        p.relative_to(folder).as_posix(): p
        for p in folder.rglob("*")
        if p.is_file() and poster_of(p.relative_to(folder).as_posix())
    }


def assert_all_current(project: Path) -> None:
    """Every poster file in the site belongs to a poster whose content key is the
    case's as it is now."""
    now = content_keys(analyse_config(load_config(project), TODAY))
    kept = read_keys(project / "site" / "posters")
    for name in poster_files(project / "site"):
        part, key = poster_of(name)  # type: ignore[misc]
        assert kept[part].get(key) == now[part].get(key) is not None, name


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_withdrawn_case_loses_its_poster(project: Path) -> None:
    before = poster_files(project / "site")
    assert {"hexi/2026-03.pdf", "hexi/2026-03.png", "hexi-all.pdf"} <= set(before)
    liushu = before["liushu/2025-01.pdf"].stat().st_ino
    (project / "content/hexi/2026-03.md").unlink()
    (project / "content/hexi/withdrawn.yml").write_text(TOMBSTONE, encoding="utf-8")

    result = noticeboard(project, "build", "--no-posters")
    assert result.returncode == 0, result.stdout + result.stderr
    after = poster_files(project / "site")
    assert not {n for n in after if n.startswith("hexi/2026-03")}
    assert "hexi-all.pdf" not in after  # the bundle held the case
    assert "没有沿用" in result.stdout and "noticeboard posters" in result.stdout
    # Posters of unchanged cases are carried over (hard links, not copies).
    assert (project / "site/posters/liushu/2025-01.pdf").stat().st_ino == liushu
    assert_all_current(project)


def test_a_changed_title_is_never_on_a_published_poster(project: Path) -> None:
    before = poster_files(project / "site")
    holding = [n for n, p in before.items() if n.endswith(".pdf") and OLD_TITLE in pdf_text(p)]
    assert "hexi/2026-02.pdf" in holding
    case = project / "content/hexi/2026-02.md"
    case.write_text(case.read_text(encoding="utf-8").replace(OLD_TITLE, "小区停车位划线"), "utf-8")

    result = noticeboard(project, "build", "--no-posters")
    assert result.returncode == 0, result.stdout + result.stderr
    after = poster_files(project / "site")
    assert not [n for n, p in after.items() if n.endswith(".pdf") and OLD_TITLE in pdf_text(p)]
    assert "liushu/2025-01.pdf" in after
    assert_all_current(project)

    # Posters drawn again: every poster is back, and matches.
    result = noticeboard(project, "posters")
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(poster_files(project / "site")) >= set(before)
    assert_all_current(project)


def test_a_site_without_content_keys_keeps_no_poster(project: Path) -> None:
    (project / "site/posters" / KEYS_FILE).unlink()
    result = noticeboard(project, "build", "--no-posters")
    assert result.returncode == 0, result.stdout + result.stderr
    assert poster_files(project / "site") == {}
