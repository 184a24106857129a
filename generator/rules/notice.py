"""Notice before the meeting: long enough in Chinese working days, and 10 calendar
days ahead for a 居民会议 / 村民会议 (村民委员会组织法 art. 21)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.config import ASSEMBLY_FORMS, Rules
from generator.findings import Finding
from generator.model import Case
from generator.rules.common import case_finding, unknown_year
from generator.workdays import UnknownYear, WorkCalendar

if TYPE_CHECKING:
    from generator.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Notice findings for every loaded case."""
    rules = analysis.config.rules
    for case in analysis.cases:
        yield from notice_length(case, analysis.calendar, rules)
        yield from assembly_notice(case, rules)


def notice_length(case: Case, calendar: WorkCalendar, rules: Rules) -> Iterator[Finding]:
    """``notice-too-short`` at ``notice.until``: working days from posted to until,
    both counted, below the minimum. Out-of-order dates are ``date-order``'s job."""
    notice = case.notice
    if notice is None or notice.until < notice.posted:
        return
    try:
        days = calendar.workdays_between(notice.posted, notice.until)
    except UnknownYear as err:
        key = "posted" if notice.posted.year == err.year else "until"
        yield unknown_year(case, case.source.at("notice", key), err)
        return
    if days < rules.notice_min_workdays:
        yield case_finding(
            "notice-too-short",
            case,
            case.source.at("notice", "until"),
            days=days,
            minimum=rules.notice_min_workdays,
            posted=notice.posted.isoformat(),
            until=notice.until.isoformat(),
        )


def assembly_notice(case: Case, rules: Rules) -> Iterator[Finding]:
    """``assembly-notice-short`` at ``notice.posted``: for the forms 居民会议 and
    村民会议 exactly, date(meeting.start) − notice.posted < the minimum days."""
    if case.form not in ASSEMBLY_FORMS or case.notice is None or case.meeting is None:
        return
    days = (case.meeting.start.date() - case.notice.posted).days
    if 0 <= days < rules.assembly_notice_days:
        yield case_finding(
            "assembly-notice-short",
            case,
            case.source.at("notice", "posted"),
            form=case.form,
            days=days,
            minimum=rules.assembly_notice_days,
        )
