"""``noticeboard build`` and ``noticeboard serve``: check, then build with MkDocs.

A build with any checker error prints the findings and leaves the site folder
untouched. Otherwise MkDocs builds into a temporary folder beside the site folder
(posters included), and only a finished build replaces the last good site.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.mkdocs_config import derive, write_config
from generator.progress import Progress, Silent, summary
from generator.project import Analysis, analyse_config

Echo = Callable[[str], Any]


def _load_mkdocs_config(config: SiteConfig, today: dt.date, work: Path, site_dir: Path) -> Any:
    from mkdocs.config import load_config

    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    path = write_config(work, derive(config, today, docs, site_dir))
    return load_config(config_file=str(path))


def _quiet_mkdocs() -> None:
    """MkDocs' INFO chatter is not for clerks; warnings and errors still show."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        import jieba  # sets its own logger to DEBUG on import: import first, then quiet it

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass


def build_into(
    analysis: Analysis,
    target: Path,
    echo: Echo = print,
    cache: bool = False,
    progress: Progress | None = None,
) -> None:
    """Run the MkDocs build of an already checked ``analysis`` into ``target``.

    With ``cache``, pages that show what they showed in an earlier build are copied
    from ``.cache/build/pages`` instead of rendered again (``generator.buildcache``).
    """
    from mkdocs.commands.build import build

    from generator.buildcache import PageCache, open_cache

    with tempfile.TemporaryDirectory(prefix="noticeboard-mkdocs-") as work:
        mk = _load_mkdocs_config(analysis.config, analysis.today, Path(work), target)
        mk.plugins["noticeboard"].analysis = analysis
        plugin = mk.plugins["noticeboard"]
        if cache:
            plugin.page_cache = PageCache(open_cache(analysis.config.root))
        if progress is not None:
            plugin.progress = progress
        mk.plugins.on_startup(command="build", dirty=False)
        try:
            build(mk)
        finally:
            mk.plugins.on_shutdown()


def _render_posters(analysis: Analysis, folder: Path, echo: Echo) -> bool:
    """Posters into the new site folder; False (with the reason) when they cannot be made."""
    from generator.fonts import FontNotFound
    from generator.posters import render_posters

    try:
        report = render_posters(analysis, folder)
    except FontNotFound as err:
        echo(f"错误：{err}")
        echo("海报无法生成，网站没有更新。安装中文字体后重试，或用 --no-posters 只生成网站。")
        return False
    echo(f"海报：新画 {len(report.rendered)} 张，沿用缓存 {len(report.cached)} 张。")
    return True


def _swap(new: Path, site_dir: Path) -> None:
    """Put ``new`` in place of ``site_dir``; the old site is removed only afterwards."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        site_dir.rename(old)
    new.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    config: SiteConfig,
    today: dt.date,
    site_dir: Path,
    posters: bool = True,
    echo: Echo = print,
    *,
    cache: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> bool:
    """Check the content, then build the site into ``site_dir``. False on any error.

    ``cache``: reuse files and pages an earlier build made (``.cache/build``);
    ``jobs``: processes reading the files; ``progress``: where steps are shown.
    Findings are summed up (counts by code, the first few in full), not listed.
    """
    from mkdocs.exceptions import MkDocsException

    progress = progress or Silent()
    progress.step("检查文件")
    analysis = analyse_config(config, today, cache=cache, jobs=jobs)
    progress.finish()
    if analysis.errors:
        summary(analysis.errors, echo, "错误")
        summary(analysis.warnings, echo, "警告")
        echo(f"有 {len(analysis.errors)} 个错误，网站没有更新。改正后再运行 noticeboard build。")
        return False

    _quiet_mkdocs()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        build_into(analysis, tmp, echo, cache=cache, progress=progress)
        if posters:
            progress.step("海报")
            ok = _render_posters(analysis, tmp / "posters", echo)
            progress.finish()
            if not ok:
                shutil.rmtree(tmp, ignore_errors=True)
                return False
        _swap(tmp, site_dir)
    except (MkDocsException, OSError) as err:
        progress.finish()
        shutil.rmtree(tmp, ignore_errors=True)
        echo(f"网站生成失败，原有网站未改动：{err}")
        return False
    except BaseException:
        progress.finish()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    summary(analysis.warnings, echo, "警告")
    pages = len(analysis.cases) + len(analysis.communities)
    echo(
        f"网站已生成：{site_dir}（{len(analysis.communities)} 个社区（村），{len(analysis.cases)} 个议题，{pages} 个主要页面）"
    )
    return True


def serve_site(config: SiteConfig, today: dt.date, dev_addr: str, echo: Echo = print) -> None:
    """Serve a preview with live reload on changes to ``content/`` and ``site_config.yml``."""
    from mkdocs.commands.serve import serve

    analysis = analyse_config(config, today)
    for finding in analysis.findings:
        echo(finding.as_text())
    if analysis.errors:
        echo("有错误：预览会在改正后自动刷新。")
    _quiet_mkdocs()
    with tempfile.TemporaryDirectory(prefix="noticeboard-serve-") as work:
        work_dir = Path(work)
        docs = work_dir / "docs"
        docs.mkdir()
        settings = derive(config, today, docs, work_dir / "unused-site")
        settings.pop("site_dir")  # serve builds into its own temporary folder
        settings["dev_addr"] = dev_addr
        path = write_config(work_dir, settings)
        echo(f"预览地址：http://{dev_addr}/ （按 Ctrl+C 停止）")
        serve(
            config_file=str(path),
            livereload=True,
            watch=[str(config.content_path), str(config.root / "site_config.yml")],
        )
