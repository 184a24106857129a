"""One call from a project folder to a checked model: config, content, findings.

Every command starts here; pages, posters and feeds ask the ``Analysis`` (the
model plus its findings), they never re-derive a rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.buildcache import FileCache, open_cache
from generator.check.analysis import Analysis
from generator.check.rules import run_rules, scan_files
from generator.findings import sort_findings
from generator.model.load import Project
from generator.model.loadpool import load_project
from generator.model.workdays import WorkCalendar
from generator.source.config import SiteConfig
from generator.source.settings import CONFIG_FILE, load_config
from generator.source.yamlsource import LazyDoc

__all__ = ["Analysis", "analyse", "analyse_config"]


def analyse_config(
    config: SiteConfig, today: dt.date, *, cache: bool = False, jobs: int = 1
) -> Analysis:
    """Load the content a config points at and run every rule on it.

    ``cache``: reuse files parsed and checked by an earlier run (``.cache/build``);
    ``jobs``: processes reading the files.
    """
    file_cache = open_file_cache(config) if cache else None
    calendar = WorkCalendar(config.calendar)

    def scan(part: Project) -> None:  # in a worker process, on a folder it read
        scan_files(Analysis(project=part, today=today, calendar=calendar))

    project = load_project(config, file_cache, jobs, prepare=scan)
    analysis = Analysis(project=project, today=today, calendar=calendar)
    findings = list(project.findings) + run_rules(analysis)
    analysis.findings = sort_findings(findings)
    if file_cache is not None:
        # The positions the rules unpacked (a mark per value, ~15 KB a case) go first:
        # saving pickles every file at once, and both at once were the build's peak.
        # What is saved is unchanged (a LazyDoc pickles its text and packed positions).
        for source in project.files:
            if isinstance(source.doc, LazyDoc):
                source.doc.release()
        file_cache.save()  # after the rules: the files carry their scans (rules.common)
    project.release_docs()  # positions are parsed again if pages or the guard ask
    return analysis


def open_file_cache(config: SiteConfig) -> FileCache:
    """The cache of loaded files for ``config``'s project, keyed also by its settings."""
    settings = config.root / CONFIG_FILE
    try:
        context = settings.read_bytes()
    except OSError:
        context = b""
    context += b"\0" + str(config.content_path).encode()
    return FileCache(open_cache(config.root), context)


def analyse(root: Path, today: dt.date) -> Analysis:
    """Read ``root/site_config.yml`` and its content. Raises ConfigError."""
    return analyse_config(load_config(root), today)
