"""更新于: the build's "now" in Beijing time (clock.build_moment), in one form."""

from __future__ import annotations

import datetime as dt

from generator.clock import build_moment
from generator.model.cases import LOCAL_TZ
from generator.model.chinese_dates import chinese_moment


def test_a_build_for_today_is_stamped_with_the_time_in_beijing() -> None:
    clock = dt.datetime(2026, 12, 6, 0, 30, 59, tzinfo=dt.UTC)  # 08:30 in Beijing
    moment = build_moment(dt.date(2026, 12, 6), clock)
    assert moment == dt.datetime(2026, 12, 6, 8, 30, tzinfo=LOCAL_TZ)
    assert chinese_moment(moment) == "2026年12月6日 08:30"


def test_a_build_for_another_day_is_stamped_with_its_midnight() -> None:
    clock = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)
    moment = build_moment(dt.date(2026, 11, 22), clock)
    assert chinese_moment(moment) == "2026年11月22日 00:00"
    assert build_moment(dt.date(2026, 11, 22), clock) == moment  # reproducible


def test_the_day_is_beijing_s_whatever_the_machine_s_date() -> None:
    """17:00 UTC on 6 December is 01:00 on 7 December in Beijing: a build for the 7th is
    stamped 01:00; one for the 6th (the machine's UTC date) is a past day, 00:00."""
    clock = dt.datetime(2026, 12, 6, 17, 0, tzinfo=dt.UTC)
    assert chinese_moment(build_moment(dt.date(2026, 12, 7), clock)) == "2026年12月7日 01:00"
    assert chinese_moment(build_moment(dt.date(2026, 12, 6), clock)) == "2026年12月6日 00:00"
