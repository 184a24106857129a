"""Clean failure and a site a web server can read: permissions whatever the umask,
leftovers of killed builds, an unwritable folder, and --no-posters on a live site."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from site_helpers import FIXTURE, REPO, TODAY, build, copy_project, page

from generator.site.build import remove_leftovers


def test_site_is_world_readable_whatever_the_umask(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    old = os.umask(0o077)
    try:
        ok, lines = build(project, project / "site")
    finally:
        os.umask(old)
    assert ok, "\n".join(lines)
    modes = {}
    for path in [project / "site", *(project / "site").rglob("*")]:
        modes.setdefault(stat.S_IMODE(path.stat().st_mode), []).append(path)
    assert set(modes) == {0o755, 0o644}, {oct(m): p[:3] for m, p in modes.items()}
    assert all(p.is_dir() for p in modes[0o755]) and all(p.is_file() for p in modes[0o644])


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    # A build killed half-way, in another process.
    code = (
        "import time, generator.site.build as s\n"
        "s._make_public = lambda f: time.sleep(600)\n"
        "from site_helpers import build\n"
        f"build(__import__('pathlib').Path({str(project)!r}), "
        f"__import__('pathlib').Path({str(project / 'site')!r}))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{REPO}:{REPO / 'tests'}"}
    child = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        deadline = time.monotonic() + 120
        while not list(project.glob(".site.new-*/index.html")):
            assert child.poll() is None and time.monotonic() < deadline, "build did not start"
            time.sleep(0.2)
        # While it runs, its folder is not a leftover.
        assert remove_leftovers(project / "site") == []
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    legacy = project / ".site.new-abc123"  # named as builds before this change did
    legacy.mkdir()
    other = project / ".sitemap.new-1"  # not ours
    other.mkdir()
    # The probe of the file system's clock, left by a build killed while it measured.
    probe = project / ".site.new-999999999-abcd.clock-xyz"
    probe.write_bytes(b"...")
    assert len(list(project.glob(".site.new-*"))) == 3
    ok, lines = build(project, project / "site")
    assert ok, "\n".join(lines)
    assert list(project.glob(".site.*")) == []
    assert other.is_dir()


def test_unwritable_folder_is_a_plain_error(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    command = [sys.executable, "-m", "generator.cli.commands", "build", "--no-posters"]
    command += ["--today", TODAY.isoformat(), "--site-dir", str(locked / "site")]
    if os.geteuid() == 0:  # root writes anywhere: drop the capability that allows it
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *command]
    result = subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"错误：无法写入文件夹 {locked}（没有写入权限），网站没有更新。" in out
    assert "--site-dir" in out
    assert "内部错误" not in out and "Traceback" not in out


def test_no_posters_keeps_the_published_posters(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    site = project / "site"
    ok, lines = build(project, site, posters=True)
    assert ok, "\n".join(lines)
    before = sorted(p.relative_to(site) for p in (site / "posters").rglob("*"))
    assert before
    ok, lines = build(project, site, posters=False)
    assert ok, "\n".join(lines)
    after = sorted(p.relative_to(site) for p in (site / "posters").rglob("*"))
    assert after == before
    # What the case page links to is there.
    html = page(site, "hexi/2026-01")
    assert 'href="../../posters/hexi/2026-01' in html
    assert list((site / "posters" / "hexi").glob("2026-01*"))
    assert not any("还没有海报" in line for line in lines)
    # A case added since: its page links a poster not drawn yet, and the build says so.
    case = project / "content" / "liushu" / "2025-01.md"
    case.with_name("2025-02.md").write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    ok, lines = build(project, site, posters=False)
    assert ok, "\n".join(lines)
    assert any("1 个议题还没有海报（如 liushu/2025-02）" in line for line in lines), lines
