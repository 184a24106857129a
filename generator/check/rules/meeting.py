"""The meeting itself: who had to be there (the council for a major matter, the
representatives for a 代表会议), a real majority behind an ``agreed`` result, and
the records a held meeting leaves (minutes; for a major matter the approved plan
and the filed outcome)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding
from generator.findings import Finding
from generator.messages import checks as words
from generator.model.cases import Case, Community, Result
from generator.source import policies as sources
from generator.source.config import SiteConfig
from generator.source.fields import COMMUNITY, COUNCIL_FORMS, REPRESENTATIVE_FORMS, label

if TYPE_CHECKING:
    import datetime as dt

    from generator.check.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Quorum, majority and record findings for every loaded case."""
    config = analysis.config
    for community in analysis.communities:
        for case in community.cases:
            if case.form in REPRESENTATIVE_FORMS:
                yield from representatives_quorum(case, community, config)
            elif case.form in COUNCIL_FORMS:
                yield from quorum(case, community, config)
            yield from majority(case, config)
            yield from records(case, config)
            yield from outcome_pending(case, analysis.today, config)


def _recorded(case: Case) -> bool:
    """The meeting has been written up (attendance or an outcome) and took place:
    before that, who came cannot be known yet, and a scheduled meeting is no warning."""
    if case.outcome is not None and not case.outcome.result.met:
        return False
    return case.attendance is not None or case.outcome is not None


def quorum(case: Case, community: Community, config: SiteConfig) -> Iterator[Finding]:
    """For ``meeting.major`` of a council form (``COUNCIL_FORMS``): ``quorum-short``
    when council_present < quorum × listed council members (at ``council_present``);
    ``quorum-missing`` without it (at ``major``)."""
    if case.meeting is None or not case.meeting.major or not _recorded(case):
        return
    q = config.rules.quorum
    cite = sources.threshold(config, "quorum", q)
    present = case.attendance.council_present if case.attendance else None
    if present is None:
        yield case_finding(
            "quorum-missing",
            case,
            case.source.at("meeting", "major"),
            body=label(COMMUNITY, "council", "members"),
            key="council_present",
            source=cite.text,
            binding=cite.binding,
        )
        return
    members = len(community.members or ())
    if members and present * q.denominator < q.numerator * members:
        yield case_finding(
            "quorum-short",
            case,
            case.source.at("attendance", "council_present"),
            body=label(COMMUNITY, "council", "members"),
            key="council_present",
            present=present,
            total=members,
            quorum=str(q),
            needed=-(-q.numerator * members // q.denominator),
            source=cite.text,
            binding=cite.binding,
        )


def representatives_quorum(
    case: Case, community: Community, config: SiteConfig
) -> Iterator[Finding]:
    """A 居民代表会议 / 村民代表会议 counts its quorum against the community's
    ``representatives``: always for a 村 (村民委员会组织法 art. 26), for a major
    matter in a 社区 (the county's rule; no statute sets one for 居民代表会议)."""
    if case.meeting is None or not _recorded(case):
        return
    if community.kind != words.VILLAGE and not case.meeting.major:
        return
    body = words.REPRESENTATIVES.format(resident=community.resident_word)
    q = config.rules.representatives_quorum
    cite = sources.representatives_quorum(config, community.kind, q)
    present = case.attendance.representatives_present if case.attendance else None
    if present is None:
        yield case_finding(
            "quorum-missing",
            case,
            case.source.key_at("meeting"),
            body=body,
            key="representatives_present",
            source=cite.text,
            binding=cite.binding,
        )
        return
    total = community.representatives
    if total and present * q.denominator < q.numerator * total:
        yield case_finding(
            "quorum-short",
            case,
            case.source.at("attendance", "representatives_present"),
            body=body,
            key="representatives_present",
            present=present,
            total=total,
            quorum=str(q),
            needed=-(-q.numerator * total // q.denominator),
            source=cite.text,
            binding=cite.binding,
        )


def majority(case: Case, config: SiteConfig) -> Iterator[Finding]:
    """``weak-majority`` at ``outcome.vote``: an ``agreed`` result needs vote.for >
    majority × those entitled to vote (``attendance.voters``, else all present)."""
    outcome = case.outcome
    if outcome is None or outcome.result is not Result.AGREED or outcome.vote is None:
        return
    base = case.attendance.vote_base if case.attendance else None
    if base is None:
        return
    m = config.rules.majority
    if outcome.vote.for_ * m.denominator <= m.numerator * base:
        voters = case.attendance is not None and case.attendance.voters is not None
        cite = sources.majority(config, case.form, m)
        yield case_finding(
            "weak-majority",
            case,
            case.source.key_at("outcome", "vote"),
            for_=outcome.vote.for_,
            present=base,
            whom=words.VOTERS_PRESENT if voters else words.ALL_PRESENT,
            majority=str(m),
            source=cite.text,
            binding=cite.binding,
        )


def outcome_pending(case: Case, today: dt.date, config: SiteConfig) -> Iterator[Finding]:
    """``outcome-pending`` at ``meeting``: where the county set ``outcome_due_days``, a
    meeting held more than that many days ago with no result recorded (利川: 主动公开
    协商成果; the days are the county's own, 本县规定). Off by default."""
    due = config.rules.outcome_due_days
    if due is None or case.meeting is None or case.outcome is not None:
        return
    days = (today - case.meeting.start.date()).days
    if days <= due:
        return
    cite = sources.threshold(config, "outcome_due_days", due)
    yield case_finding(
        "outcome-pending",
        case,
        case.source.key_at("meeting"),
        held=case.meeting.start.date().isoformat(),
        days=days,
        due=due,
        source=cite.text,
        binding=cite.binding,
    )


def records(case: Case, config: SiteConfig) -> Iterator[Finding]:
    """A held meeting leaves minutes (``minutes-missing`` at ``outcome``); a major
    matter has its plan approved (``plan-approval-missing`` at ``meeting.major``) and
    its outcome filed (``outcome-not-filed`` at ``outcome.result``)."""
    if not case.held:
        return
    assert case.meeting is not None and case.outcome is not None
    if case.minutes is None:
        yield case_finding(
            "minutes-missing",
            case,
            case.source.key_at("outcome"),
            source=sources.fixed(config, "minutes").text,
        )
    if not case.meeting.major:
        return
    if case.plan is None:
        yield case_finding(
            "plan-approval-missing",
            case,
            case.source.at("meeting", "major"),
            source=sources.fixed(config, "plan_approval").text,
        )
    if case.outcome.filed is None:
        yield case_finding(
            "outcome-not-filed",
            case,
            case.source.at("outcome", "result"),
            source=sources.fixed(config, "filing").text,
        )
