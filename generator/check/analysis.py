"""The checked model: a loaded project, the day it was checked for, its findings.

Built by ``generator.check.project.analyse``; rules read it (and ``generator.check.project`` runs
the rules), pages, posters and feeds ask it, and never re-derive a rule. Kept apart
from ``project`` so that the rules can name it without importing what runs them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.findings import Finding
from generator.model.cases import Case, Community
from generator.model.load import Project
from generator.model.workdays import WorkCalendar
from generator.source.config import SiteConfig

# Index key of the public findings about every case of a community (no case id is "*").
_ANY_CASE = "*"


@dataclass
class Analysis:
    project: Project
    today: dt.date
    calendar: WorkCalendar
    findings: list[Finding] = field(default_factory=list)
    _index: dict[tuple[str | None, str | None], list[Finding]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _index_stamp: tuple[int, int] = field(default=(0, -1), init=False, repr=False, compare=False)
    # What later stages derive from this model once and share (e.g. every poster's
    # spec on ``today``: ``generator.posters.content.todays_spec``), by name.
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

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

    def _public_by_place(self) -> dict[tuple[str | None, str | None], list[Finding]]:
        """Public findings by (community, case), in their order: one pass over the
        findings, not one per page (that was quadratic: 10,000 cases x their findings).
        Made again whenever ``findings`` is another list or has grown."""
        stamp = (id(self.findings), len(self.findings))
        if self._index_stamp != stamp:
            index: dict[tuple[str | None, str | None], list[Finding]] = {}
            for f in self.findings:
                if f.public:
                    index.setdefault((f.community, f.case), []).append(f)
                    if f.case is not None:
                        index.setdefault((f.community, _ANY_CASE), []).append(f)
            self._index, self._index_stamp = index, stamp
        return self._index

    def public_for_case(self, case: Case) -> list[Finding]:
        """Public warnings residents see on this case's page."""
        return list(self._public_by_place().get((case.community_id, case.id), ()))

    def public_for_community(self, community: Community) -> list[Finding]:
        """Public warnings about the community as a whole (e.g. the yearly minimum)."""
        return list(self._public_by_place().get((community.id, None), ()))

    def public_of_community_cases(self, community: Community) -> list[Finding]:
        """Public warnings about any case of this community, in the findings' order."""
        return list(self._public_by_place().get((community.id, _ANY_CASE), ()))

    def public_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.public]
