"""Chinese working days: 调休 counted, unknown years refused, site_config overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model.workdays import UnknownYear, WorkCalendar
from generator.source.config import YearSchedule

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-02-14", True),  # Saturday, adjusted working day before Spring Festival
        ("2026-02-28", True),  # Saturday, adjusted working day after it
        ("2026-02-16", False),  # Monday in the Spring Festival holiday
        ("2026-10-01", False),  # National Day
        ("2026-10-10", True),  # Saturday, adjusted working day
        ("2026-03-07", False),  # an ordinary Saturday
        ("2026-03-09", True),  # an ordinary Monday
        ("2025-01-01", False),
    ],
)
def test_is_workday(day: str, working: bool) -> None:
    assert WorkCalendar().is_workday(D(day)) is working


def test_2027_is_refused_not_guessed() -> None:
    with pytest.raises(UnknownYear) as err:
        WorkCalendar().is_workday(D("2027-01-04"))
    assert err.value.year == 2027


def test_counting_into_an_unknown_year_is_refused() -> None:
    with pytest.raises(UnknownYear):
        WorkCalendar().add_workdays(D("2026-12-24"), 10)


def test_site_config_schedule_for_2027() -> None:
    schedule = YearSchedule(
        holidays=frozenset({D("2027-01-01")}), workdays=frozenset({D("2027-01-09")})
    )
    calendar = WorkCalendar({2027: schedule})
    assert calendar.is_workday(D("2027-01-01")) is False  # Friday, declared holiday
    assert calendar.is_workday(D("2027-01-09")) is True  # Saturday, declared working day
    assert calendar.is_workday(D("2027-01-10")) is False  # Sunday
    assert calendar.is_workday(D("2027-01-04")) is True  # Monday
    # 2026-12-24 (Thu) + 10 working days, with Jan 1 off and Sat Jan 9 worked:
    # Dec 25, 28, 29, 30, 31, Jan 4, 5, 6, 7, 8 -> Jan 8
    assert calendar.add_workdays(D("2026-12-24"), 10) == D("2027-01-08")


def test_site_config_overrides_a_known_year_too() -> None:
    schedule = YearSchedule(holidays=frozenset({D("2026-03-09")}), workdays=frozenset())
    assert WorkCalendar({2026: schedule}).is_workday(D("2026-03-09")) is False


def test_workdays_between_counts_both_ends() -> None:
    calendar = WorkCalendar()
    assert calendar.workdays_between(D("2026-03-03"), D("2026-03-09")) == 5
    assert calendar.workdays_between(D("2026-03-09"), D("2026-03-09")) == 1
    assert calendar.workdays_between(D("2026-03-07"), D("2026-03-08")) == 0
    assert calendar.workdays_between(D("2026-03-09"), D("2026-03-03")) == 0
    # Spring Festival: Fri 13, Sat 14 (调休), Tue 24
    assert calendar.workdays_between(D("2026-02-13"), D("2026-02-24")) == 3


def test_add_workdays_does_not_count_the_start() -> None:
    calendar = WorkCalendar()
    assert calendar.add_workdays(D("2026-03-16"), 10) == D("2026-03-30")
    assert calendar.add_workdays(D("2026-03-13"), 1) == D("2026-03-16")  # Friday -> Monday
    assert calendar.add_workdays(D("2026-02-13"), 1) == D("2026-02-14")  # Saturday 调休
    assert calendar.add_workdays(D("2026-03-16"), 0) == D("2026-03-16")
