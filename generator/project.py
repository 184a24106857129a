"""One call from a project folder to a checked model: config, content, findings.

Every command starts here; pages, posters and feeds ask the ``Analysis`` (the
model plus its findings), they never re-derive a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.buildcache import FileCache, open_cache
from generator.config import CONFIG_FILE, SiteConfig, load_config
from generator.findings import Finding, sort_findings
from generator.load import Project, load_project
from generator.model import Case, Community
from generator.workdays import WorkCalendar


@dataclass
class Analysis:
    project: Project
    today: dt.date
    calendar: WorkCalendar
    findings: list[Finding] = field(default_factory=list)

    @property
    def config(self) -> SiteConfig:
        return self.project.config

    @property
    def communities(self) -> list[Community]:
        return self.project.communities

    @property
    def cases(self) -> list[Case]:
        return self.project.cases

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def public_for_case(self, case: Case) -> list[Finding]:
        """Public warnings residents see on this case's page."""
        return [
            f
            for f in self.findings
            if f.public and f.community == case.community_id and f.case == case.id
        ]

    def public_for_community(self, community: Community) -> list[Finding]:
        """Public warnings about the community as a whole (e.g. the yearly minimum)."""
        return [
            f for f in self.findings if f.public and f.community == community.id and f.case is None
        ]

    def public_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.public]


def analyse_config(
    config: SiteConfig, today: dt.date, *, cache: bool = False, jobs: int = 1
) -> Analysis:
    """Load the content a config points at and run every rule on it.

    ``cache``: reuse files parsed and checked by an earlier run (``.cache/build``);
    ``jobs``: processes reading the files.
    """
    from generator.rules import run_rules

    file_cache = open_file_cache(config) if cache else None
    project = load_project(config, file_cache, jobs)
    if file_cache is not None:
        file_cache.save()
    calendar = WorkCalendar(config.calendar)
    analysis = Analysis(project=project, today=today, calendar=calendar)
    findings = list(project.findings) + run_rules(analysis)
    analysis.findings = sort_findings(findings)
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
