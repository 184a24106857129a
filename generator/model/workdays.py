"""Chinese working days: Monday to Friday, minus official holidays, plus the
adjusted working weekends (调休). The one place that knows them.

Data comes from ``site_config.yml`` (``calendar:``, for a year just announced) and
otherwise from the maintained ``chinesecalendar`` package. A date in a year neither
knows raises ``UnknownYear``: the checker turns it into an error, never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import chinese_calendar

from generator.source.config import YearSchedule

ONE_DAY = dt.timedelta(days=1)


class UnknownYear(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(f"no official holiday schedule for {year}")


class WorkCalendar:
    def __init__(self, schedules: Mapping[int, YearSchedule] | None = None):
        self._schedules = dict(schedules or {})
        self._cache: dict[dt.date, bool] = {}

    def is_workday(self, day: dt.date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = self._cache[day] = self._lookup(day)
        return known

    def _lookup(self, day: dt.date) -> bool:
        schedule = self._schedules.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            if day in schedule.holidays:
                return False
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise UnknownYear(day.year) from None

    def workdays_between(self, first: dt.date, last: dt.date) -> int:
        """Working days from ``first`` to ``last``, both counted (0 if last < first)."""
        count, day = 0, first
        while day <= last:
            count += self.is_workday(day)
            day += ONE_DAY
        return count

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
        day, left = start, n
        while left > 0:
            day += ONE_DAY
            if self.is_workday(day):
                left -= 1
        return day
