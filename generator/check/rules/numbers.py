"""Numbers that contradict each other: more votes than people present, or than
people entitled to vote; more voters than people present."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding
from generator.findings import Finding
from generator.model.cases import Case

if TYPE_CHECKING:
    from generator.check.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """``vote-exceeds-present`` for every loaded case."""
    for case in analysis.cases:
        yield from vote_total(case)
        yield from voters(case)


def vote_total(case: Case) -> Iterator[Finding]:
    """The votes cast (for + against + abstain) cannot exceed ``attendance.present``."""
    if case.outcome is None or case.outcome.vote is None or case.attendance is None:
        return
    vote, present = case.outcome.vote, case.attendance.present
    if present is None or vote.total <= present:
        return
    yield case_finding(
        "vote-exceeds-present",
        case,
        case.source.key_at("outcome", "vote"),
        total=vote.total,
        for_=vote.for_,
        against=vote.against,
        abstain=vote.abstain,
        present=present,
    )


def voters(case: Case) -> Iterator[Finding]:
    """``voters-exceed-present`` at ``attendance.voters``; ``vote-exceeds-voters`` at
    ``outcome.vote`` when the votes cast outnumber those entitled to vote."""
    attendance = case.attendance
    if attendance is None or attendance.voters is None:
        return
    if attendance.present is not None and attendance.voters > attendance.present:
        yield case_finding(
            "voters-exceed-present",
            case,
            case.source.at("attendance", "voters"),
            voters=attendance.voters,
            present=attendance.present,
        )
        return
    if case.outcome is None or case.outcome.vote is None:
        return
    vote = case.outcome.vote
    if vote.total > attendance.voters and (
        attendance.present is None or vote.total <= attendance.present
    ):
        yield case_finding(
            "vote-exceeds-voters",
            case,
            case.source.key_at("outcome", "vote"),
            total=vote.total,
            voters=attendance.voters,
        )
