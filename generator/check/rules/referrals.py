"""Referrals to government bodies (利川): a matter entrusted to the community (委托)
is reported back and answered in writing within 10 working days; only that kind
runs the clock. 逾期未反馈 (no reply after the due date) and 逾期反馈 (replied after
it) are public. A clerk-typed ``due`` later than the rule allows, a referral whose
kind is not said when it would matter, and an entrusted matter answered orally are
reported too. Due dates come from ``generator.model.deadlines``, which the pages use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding, unknown_year
from generator.findings import Finding
from generator.messages import checks as words
from generator.model.cases import Case
from generator.model.deadlines import referral_status, rule_due
from generator.model.workdays import UnknownYear, WorkCalendar
from generator.source import policies as sources
from generator.source.config import SiteConfig

if TYPE_CHECKING:
    import datetime as dt

    from generator.check.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Referral findings for every loaded case."""
    for case in analysis.cases:
        yield from referral_deadlines(case, analysis.today, analysis.calendar, analysis.config)


def referral_deadlines(
    case: Case, today: dt.date, calendar: WorkCalendar, config: SiteConfig
) -> Iterator[Finding]:
    """Findings per referral, at its ``- to`` line (a late typed ``due`` at ``due``)."""
    rules = config.rules
    cite = sources.threshold(config, "referral_workdays", rules.referral_workdays)
    source = cite.text
    for i, referral in enumerate(case.referrals):
        mark = case.source.key_at("referrals", i)
        try:
            status = referral_status(referral, today, calendar, rules)
            limit = rule_due(referral, calendar, rules)
        except UnknownYear as err:
            yield unknown_year(case, case.source.at("referrals", i, "sent"), err)
            continue
        params = {"to": referral.to, "sent": referral.sent.isoformat(), "source": source}
        if referral.kind is None:
            # No clock without the kind; ask for it exactly when the clock would matter.
            replied = referral.replied
            if (replied is None and today > limit) or (replied is not None and replied > limit):
                yield case_finding(
                    "referral-kind-missing", case, mark, limit=limit.isoformat(), **params
                )
            continue
        if referral.entrusted and referral.due is not None and referral.due > limit:
            yield case_finding(
                "referral-due-beyond",
                case,
                case.source.at("referrals", i, "due"),
                typed=referral.due.isoformat(),
                limit=limit.isoformat(),
                days=rules.referral_workdays,
                **params,
            )
        if status.due is not None:
            params["due"] = status.due.isoformat()
        binding = cite.binding
        if not referral.entrusted:
            params["source"] = words.AGREED_DEADLINE
            binding = True
        if status.overdue:
            yield case_finding("referral-overdue", case, mark, binding=binding, **params)
        elif status.late:
            assert referral.replied is not None
            yield case_finding(
                "referral-late",
                case,
                mark,
                replied=referral.replied.isoformat(),
                binding=binding,
                **params,
            )
        if referral.entrusted and referral.replied is not None and referral.written is False:
            written = sources.fixed(config, "written_reply")
            yield case_finding(
                "referral-not-written",
                case,
                case.source.at("referrals", i, "written"),
                to=referral.to,
                source=written.text,
                binding=written.binding,
            )
