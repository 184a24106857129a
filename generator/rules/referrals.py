"""Referrals to government bodies: 逾期未反馈 (no reply after the due date) and
逾期反馈 (replied after it). Due dates come from ``generator.deadlines``, which the
pages use too."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.config import Rules
from generator.deadlines import referral_status
from generator.findings import Finding
from generator.model import Case
from generator.rules.common import case_finding, unknown_year
from generator.workdays import UnknownYear, WorkCalendar

if TYPE_CHECKING:
    import datetime as dt

    from generator.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Referral findings for every loaded case."""
    for case in analysis.cases:
        yield from referral_deadlines(
            case, analysis.today, analysis.calendar, analysis.config.rules
        )


def referral_deadlines(
    case: Case, today: dt.date, calendar: WorkCalendar, rules: Rules
) -> Iterator[Finding]:
    """One finding per overdue or late referral, at its ``- to`` line."""
    for i, referral in enumerate(case.referrals):
        mark = case.source.key_at("referrals", i)
        try:
            status = referral_status(referral, today, calendar, rules)
        except UnknownYear as err:
            yield unknown_year(case, case.source.at("referrals", i, "sent"), err)
            continue
        params = {
            "to": referral.to,
            "due": status.due.isoformat(),
            "sent": referral.sent.isoformat(),
        }
        if status.overdue:
            yield case_finding("referral-overdue", case, mark, **params)
        elif status.late:
            assert referral.replied is not None
            yield case_finding(
                "referral-late", case, mark, replied=referral.replied.isoformat(), **params
            )
