"""What counts as a consultation held in a year: one definition, shared by the
yearly-minimum rule, the statistics page and the open data.

docs/format.md, "Yearly minimum": a case counts in year Y when date(``meeting.start``)
is in Y, on or before today, and its result is not ``withdrawn``. Years from the
community's earliest case to the last completed year are checked; the current
year is shown as "N / minimum" and not warned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from generator.model import Case, Result


def counted_year(case: Case, today: dt.date) -> int | None:
    """The year this case counts as a held consultation in, or None if it does not count."""
    if case.meeting is None:
        return None
    held = case.meeting.start.date()
    if held > today:
        return None
    if case.outcome is not None and case.outcome.result is Result.WITHDRAWN:
        return None
    return held.year


def consultations_by_year(cases: Iterable[Case], today: dt.date) -> dict[int, int]:
    """How many of ``cases`` count in each year (only years with at least one)."""
    counts = Counter(y for y in (counted_year(c, today) for c in cases) if y is not None)
    return dict(sorted(counts.items()))


def consultations_in_year(cases: Iterable[Case], year: int, today: dt.date) -> int:
    """How many of ``cases`` count in ``year``."""
    return sum(1 for c in cases if counted_year(c, today) == year)


def first_case_year(cases: Iterable[Case]) -> int | None:
    """The year of the community's earliest case: the earliest ``proposed.date``."""
    years = [c.proposed.date.year for c in cases]
    return min(years) if years else None


def checked_years(cases: Iterable[Case], today: dt.date) -> range:
    """Completed years checked against the minimum: earliest case's year to last year.

    Empty when there are no cases or the earliest case is from this year.
    """
    first = first_case_year(cases)
    if first is None:
        return range(0)
    return range(first, today.year)


def shown_years(cases: Iterable[Case], today: dt.date) -> range:
    """Years shown in tables: the checked years plus the current (unfinished) year."""
    first = first_case_year(cases)
    if first is None:
        return range(today.year, today.year + 1)
    return range(min(first, today.year), today.year + 1)
