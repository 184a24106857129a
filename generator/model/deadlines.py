"""Deadlines that both the rules and the pages need: one computation of each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.cases import Case, Referral
from generator.model.workdays import WorkCalendar
from generator.source.config import Rules


def rule_due(referral: Referral, calendar: WorkCalendar, rules: Rules) -> dt.date:
    """The Nth working day after ``sent`` (the day sent not counted): the latest reply
    date the 利川 rule allows an entrusted matter.

    Raises ``UnknownYear`` when the count needs a year with no holiday data.
    """
    return calendar.add_workdays(referral.sent, rules.referral_workdays)


def referral_due(referral: Referral, calendar: WorkCalendar, rules: Rules) -> dt.date | None:
    """The reply deadline, or None when there is none to hold anyone to.

    - 委托 (entrusted): the rule's date; a typed ``due`` counts only when it is
      earlier (a later one is reported by the rules, never a silent extension).
    - 落实 (for action): the typed ``due`` if the body promised one, else none.
    - kind not said: none (the rules ask the clerk to say which kind it is).
    """
    if referral.entrusted:
        limit = rule_due(referral, calendar, rules)
        return min(referral.due, limit) if referral.due is not None else limit
    if referral.kind is not None:
        return referral.due
    return None


@dataclass(frozen=True)
class ReferralStatus:
    due: dt.date | None
    overdue: bool  # no reply and today is after the due date (逾期未反馈)
    late: bool  # replied after the due date (逾期反馈)

    @property
    def on_time(self) -> bool:
        return not (self.overdue or self.late)


def referral_status(
    referral: Referral, today: dt.date, calendar: WorkCalendar, rules: Rules
) -> ReferralStatus:
    due = referral_due(referral, calendar, rules)
    if due is None:
        return ReferralStatus(None, overdue=False, late=False)
    if referral.replied is None:
        return ReferralStatus(due, overdue=today > due, late=False)
    return ReferralStatus(due, overdue=False, late=referral.replied > due)


def last_activity(case: Case) -> dt.date | None:
    """The later of the outcome date and the last progress date (for staleness)."""
    dates = [d for d in (case.outcome.date if case.outcome else None,) if d]
    dates += [p.date for p in case.progress]
    return max(dates) if dates else None
