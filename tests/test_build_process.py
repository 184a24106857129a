"""Which process holds what during ``noticeboard build``: the content is checked and the
pages rendered in a child process whose exit returns its memory; the search index is
made afterwards in the calling process, which never loads the content, MkDocs or the
theme. A child that dies leaves no half-written site."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import FIXTURE, LAST_GOOD, REPO, build, copy_project, last_good_site, page

from generator.site import build as site_module

# Modules of the heavy part of a build: none of them may be in the calling process.
HEAVY = [
    "generator.site.plugin",
    "generator.site.pages",
    "generator.outputs.after_build",
    "generator.model.load",
    "mkdocs.commands.build",
    "jinja2",
    "PIL",
    "fpdf",
    "qrcode",
]


def test_the_content_is_held_only_by_the_child_that_renders(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    code = (
        "import json, sys, pathlib\n"
        "from site_helpers import build\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "ok, lines = build(p, p / 'site')\n"
        f"print(json.dumps([ok, lines, [m for m in {HEAVY!r} if m in sys.modules]]))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{REPO}:{REPO / 'tests'}"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(project)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ok, lines, loaded = json.loads(done.stdout.splitlines()[-1])
    assert ok, lines
    assert loaded == []
    # ... and yet the site is whole: pages and the search index made here.
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert "data-pagefind-body" in page(project / "site", "hexi/2026-01")
    assert any(line.startswith("网站已生成") for line in lines)


def test_a_build_process_that_dies_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, site_dir = last_good_site(tmp_path)

    def killed(analysis, target, **options):  # type: ignore[no-untyped-def]
        (target / "half-written.html").write_text("…")
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does when memory runs out

    monkeypatch.setattr(site_module, "build_into", killed)
    ok, lines = build(project, site_dir)
    assert not ok
    assert any("原有网站未改动" in line and "意外退出" in line for line in lines), lines
    assert (site_dir / "marker.txt").read_text() == LAST_GOOD
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_an_exception_in_the_build_process_is_raised_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")

    def failing(analysis, target, **options):  # type: ignore[no-untyped-def]
        raise KeyError("a bug")

    monkeypatch.setattr(site_module, "build_into", failing)
    with pytest.raises(KeyError) as raised:
        build(project, project / "site")
    assert "failing" in "".join(raised.value.__notes__)  # the child's traceback
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_the_rules_keep_few_files_positions_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Positions are unpacked for findings and packed again once a few other files were
    asked about: the same findings, at the same lines, without holding them all."""
    import datetime as dt

    from generator.check.project import analyse_config
    from generator.model import cases as model
    from generator.source.settings import load_config

    project = copy_project(FIXTURE, tmp_path / "project")

    def findings() -> list[str]:  # files as a build reads them: positions packed
        analysis = analyse_config(load_config(project), dt.date(2026, 11, 22), cache=True)
        return [f.as_text() for f in analysis.findings]

    monkeypatch.setattr(model, "_KEEP_UNPACKED", 10_000)
    model._UNPACKED.clear()
    expected = findings()
    assert len(model._UNPACKED) >= 2  # several files' positions were asked for
    monkeypatch.setattr(model, "_KEEP_UNPACKED", 1)
    model._UNPACKED.clear()
    assert findings() == expected
    assert len(model._UNPACKED) <= 1
    assert any(":" in line for line in expected)  # findings with positions were made
