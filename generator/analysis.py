"""The checked model: a loaded project, the day it was checked for, its findings.

Built by ``generator.project.analyse``; rules read it (and ``generator.project`` runs
the rules), pages, posters and feeds ask it, and never re-derive a rule. Kept apart
from ``project`` so that the rules can name it without importing what runs them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.config import SiteConfig
from generator.findings import Finding
from generator.load import Project
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
