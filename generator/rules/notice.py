"""Notice before the meeting: there is one (北京 2016: 公示 before every
consultation); it is long enough in Chinese working days (a local default, 本县规定);
and a 村民会议 is announced 10 calendar days ahead (村民委员会组织法 art. 21). A
居民会议 has a notice rule only where the county sets one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.config import RESIDENT_ASSEMBLY, VILLAGE_ASSEMBLY, Rules
from generator.findings import Finding
from generator.model import Case
from generator.rules.common import case_finding, unknown_year
from generator.sources import LOCAL, NOTICE_BEFORE_MEETING, rule_source, short
from generator.workdays import UnknownYear, WorkCalendar

if TYPE_CHECKING:
    import datetime as dt

    from generator.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Notice findings for every loaded case."""
    rules = analysis.config.rules
    for case in analysis.cases:
        yield from notice_length(case, analysis.calendar, rules)
        yield from assembly_notice(case, rules)
        yield from notice_missing(case, analysis.today)


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
            source=LOCAL,
        )


def assembly_notice_days(form: str, rules: Rules) -> tuple[int, str] | None:
    """The days of notice a meeting of ``form`` needs, and their source; None: no rule."""
    if form == VILLAGE_ASSEMBLY:
        days = rules.assembly_notice_days
        return days, short(rule_source("assembly_notice_days", days))
    if form == RESIDENT_ASSEMBLY and rules.resident_assembly_notice_days is not None:
        return rules.resident_assembly_notice_days, LOCAL
    return None


def assembly_notice(case: Case, rules: Rules) -> Iterator[Finding]:
    """``assembly-notice-short`` at ``notice.posted``: for the form 村民会议 (and
    居民会议 where the county sets a number), date(meeting.start) − notice.posted
    below the days required."""
    if case.notice is None or case.meeting is None:
        return
    rule = assembly_notice_days(case.form, rules)
    if rule is None:
        return
    minimum, source = rule
    days = (case.meeting.start.date() - case.notice.posted).days
    if 0 <= days < minimum:
        yield case_finding(
            "assembly-notice-short",
            case,
            case.source.at("notice", "posted"),
            form=case.form,
            days=days,
            minimum=minimum,
            source=source,
        )


def notice_missing(case: Case, today: dt.date) -> Iterator[Finding]:
    """``notice-missing`` at ``meeting``: a meeting that took place (written up, or
    its day has passed) with no 公示 at all."""
    if case.notice is not None or case.meeting is None:
        return
    if case.outcome is not None:
        if not case.outcome.result.met:
            return
    elif case.meeting.start.date() >= today:
        return
    yield case_finding(
        "notice-missing",
        case,
        case.source.key_at("meeting"),
        source=short(NOTICE_BEFORE_MEETING),
    )
