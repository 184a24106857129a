"""What counts as a consultation held in a year: one definition, shared by the
yearly-minimum rule, the community page, the statistics page, the open data and the
community poster (which should show ``consultations_in_year`` for this year).

docs/format.md, "Yearly minimum": a case counts in year Y when date(``meeting.start``)
is in Y, on or before today, and its result is not ``withdrawn`` (nor ``declined``,
which has no meeting). A completed year is judged against the minimum only when
the site holds the community's records for the whole of it: from
``records_from`` in community.yml, else from the earliest case's proposal date,
so a first, partial year is never judged. The current year is shown as
"N / minimum" and not warned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.cases import Case, Community


def counted_year(case: Case, today: dt.date) -> int | None:
    """The year this case counts as a held consultation in, or None if it does not count."""
    if case.meeting is None:
        return None
    held = case.meeting.start.date()
    if held > today:
        return None
    if case.outcome is not None and not case.outcome.result.met:
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


def records_start(cases: Iterable[Case], records_from: dt.date | None = None) -> dt.date | None:
    """The day the site's records of a community begin: ``records_from`` when the
    community says so, else the earliest ``proposed.date``."""
    if records_from is not None:
        return records_from
    dates = [c.proposed.date for c in cases]
    return min(dates) if dates else None


def checked_years(
    cases: Iterable[Case], today: dt.date, records_from: dt.date | None = None
) -> range:
    """Completed years judged against the minimum: those the records cover from
    1 January, up to last year. Empty when nothing is covered yet."""
    start = records_start(list(cases), records_from)
    if start is None:
        return range(0)
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return range(first, max(first, today.year))


@dataclass(frozen=True)
class YearCount:
    """One year's line on the community page and in the statistics."""

    year: int
    held: int
    minimum: int
    judged: bool  # a completed year covered by the records from 1 January
    current: bool  # this year: shown, never judged

    @property
    def short(self) -> bool:
        return self.judged and self.held < self.minimum


def year_counts(community: Community, today: dt.date, minimum: int) -> list[YearCount]:
    """Every shown year of ``community``, newest first, counted once for all outputs."""
    counts = consultations_by_year(community.cases, today)
    judged = set(checked_years(community.cases, today, community.records_from))
    years = set(shown_years(community.cases, today)) | {c.ledger[0] for c in community.cases}
    return [
        YearCount(y, counts.get(y, 0), minimum, y in judged, y == today.year)
        for y in sorted(years, reverse=True)
    ]


def shown_years(cases: Iterable[Case], today: dt.date) -> range:
    """Years shown in tables: the checked years plus the current (unfinished) year."""
    first = first_case_year(cases)
    if first is None:
        return range(today.year, today.year + 1)
    return range(min(first, today.year), today.year + 1)
