"""The meeting itself: quorum of the council for a major matter, and a real
majority behind an ``agreed`` result."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.config import Rules
from generator.findings import Finding
from generator.model import Case, Community, Result
from generator.rules.common import case_finding

if TYPE_CHECKING:
    from generator.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Quorum and majority findings for every loaded case."""
    rules = analysis.config.rules
    for community in analysis.communities:
        for case in community.cases:
            yield from quorum(case, community, rules)
            yield from majority(case, rules)


def _recorded(case: Case) -> bool:
    """The meeting has been written up (attendance or an outcome): before that, who
    came cannot be known yet, and a scheduled meeting is no warning."""
    return case.attendance is not None or case.outcome is not None


def quorum(case: Case, community: Community, rules: Rules) -> Iterator[Finding]:
    """For ``meeting.major``: ``quorum-short`` when council_present < quorum × listed
    council members (at ``council_present``); ``quorum-missing`` without it (at ``major``)."""
    if case.meeting is None or not case.meeting.major or not _recorded(case):
        return
    if case.outcome is not None and case.outcome.result is Result.WITHDRAWN:
        return
    present = case.attendance.council_present if case.attendance else None
    if present is None:
        yield case_finding("quorum-missing", case, case.source.at("meeting", "major"))
        return
    members = len(community.members or ())
    q = rules.quorum
    if members and present * q.denominator < q.numerator * members:
        yield case_finding(
            "quorum-short",
            case,
            case.source.at("attendance", "council_present"),
            present=present,
            total=members,
            quorum=str(q),
            needed=-(-q.numerator * members // q.denominator),
        )


def majority(case: Case, rules: Rules) -> Iterator[Finding]:
    """``weak-majority`` at ``outcome.vote``: an ``agreed`` result needs
    vote.for > majority × attendance.present."""
    outcome = case.outcome
    if outcome is None or outcome.result is not Result.AGREED or outcome.vote is None:
        return
    present = case.attendance.present if case.attendance else None
    if present is None:
        return
    m = rules.majority
    if outcome.vote.for_ * m.denominator <= m.numerator * present:
        yield case_finding(
            "weak-majority",
            case,
            case.source.key_at("outcome", "vote"),
            for_=outcome.vote.for_,
            present=present,
            majority=str(m),
        )
