"""Notice before the meeting: there is one (北京 2016: 公示 before every
consultation); it is long enough in Chinese working days (a local default, 本县规定);
and a 村民会议 is announced 10 calendar days ahead (村民委员会组织法 art. 21). A
居民会议 has a notice rule only where the county sets one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding, unknown_year
from generator.findings import Finding
from generator.model.cases import Case
from generator.model.workdays import UnknownYear, WorkCalendar
from generator.source import policies as sources
from generator.source.config import SiteConfig
from generator.source.fields import RESIDENT_ASSEMBLY, VILLAGE_ASSEMBLY

if TYPE_CHECKING:
    import datetime as dt

    from generator.check.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Notice findings for every loaded case."""
    config = analysis.config
    for case in analysis.cases:
        yield from notice_length(case, analysis.calendar, config)
        yield from assembly_notice(case, config)
        yield from notice_missing(case, analysis.today, config)


def notice_length(case: Case, calendar: WorkCalendar, config: SiteConfig) -> Iterator[Finding]:
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
    minimum = config.rules.notice_min_workdays
    if days < minimum:
        cite = sources.threshold(config, "notice_min_workdays", minimum)
        yield case_finding(
            "notice-too-short",
            case,
            case.source.at("notice", "until"),
            days=days,
            minimum=minimum,
            posted=notice.posted.isoformat(),
            until=notice.until.isoformat(),
            source=cite.text,
            binding=cite.binding,
        )


def assembly_notice_days(form: str, config: SiteConfig) -> tuple[int, sources.Cite] | None:
    """The days of notice a meeting of ``form`` needs, and their source; None: no rule."""
    rules = config.rules
    if form == VILLAGE_ASSEMBLY:
        days = rules.assembly_notice_days
        return days, sources.threshold(config, "assembly_notice_days", days)
    if form == RESIDENT_ASSEMBLY and rules.resident_assembly_notice_days is not None:
        days = rules.resident_assembly_notice_days
        return days, sources.threshold(config, "resident_assembly_notice_days", days)
    return None


def assembly_notice(case: Case, config: SiteConfig) -> Iterator[Finding]:
    """``assembly-notice-short`` at ``notice.posted``: for the form 村民会议 (and
    居民会议 where the county sets a number), date(meeting.start) − notice.posted
    below the days required."""
    if case.notice is None or case.meeting is None:
        return
    rule = assembly_notice_days(case.form, config)
    if rule is None:
        return
    minimum, cite = rule
    days = (case.meeting.start.date() - case.notice.posted).days
    if 0 <= days < minimum:
        yield case_finding(
            "assembly-notice-short",
            case,
            case.source.at("notice", "posted"),
            form=case.form,
            days=days,
            minimum=minimum,
            source=cite.text,
            binding=cite.binding,
        )


def notice_missing(case: Case, today: dt.date, config: SiteConfig) -> Iterator[Finding]:
    """``notice-missing`` at ``meeting``: a meeting that took place (written up, or
    its day has passed) with no 公示 at all."""
    if case.notice is not None or case.meeting is None:
        return
    if case.outcome is not None:
        if not case.outcome.result.met:
            return
    elif case.meeting.start.date() >= today:
        return
    cite = sources.fixed(config, "notice_before_meeting")
    yield case_finding(
        "notice-missing",
        case,
        case.source.key_at("meeting"),
        source=cite.text,
        binding=cite.binding,
    )
