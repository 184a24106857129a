"""Deadlines that both the rules and the pages need: one computation of each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.config import Rules
from generator.model import Case, Referral
from generator.workdays import WorkCalendar


def referral_due(referral: Referral, calendar: WorkCalendar, rules: Rules) -> dt.date:
    """The reply deadline: as written, else the Nth working day after ``sent``.

    Raises ``UnknownYear`` when the count needs a year with no holiday data.
    """
    if referral.due is not None:
        return referral.due
    return calendar.add_workdays(referral.sent, rules.referral_workdays)


@dataclass(frozen=True)
class ReferralStatus:
    due: dt.date
    overdue: bool  # no reply and today is after the due date (逾期未反馈)
    late: bool  # replied after the due date (逾期反馈)

    @property
    def on_time(self) -> bool:
        return not (self.overdue or self.late)


def referral_status(
    referral: Referral, today: dt.date, calendar: WorkCalendar, rules: Rules
) -> ReferralStatus:
    due = referral_due(referral, calendar, rules)
    if referral.replied is None:
        return ReferralStatus(due, overdue=today > due, late=False)
    return ReferralStatus(due, overdue=False, late=referral.replied > due)


def last_activity(case: Case) -> dt.date | None:
    """The later of the outcome date and the last progress date (for staleness)."""
    dates = [d for d in (case.outcome.date if case.outcome else None,) if d]
    dates += [p.date for p in case.progress]
    return max(dates) if dates else None
