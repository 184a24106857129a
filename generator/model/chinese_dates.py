"""Dates as Chinese readers read them, for pages and posters alike."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = "一二三四五六日"
# The spaces a sentence keeps around a written date (于 2025年11月7日 答复): gone, the
# date reads as in print (于2025年11月7日答复).
SPACE_BY_DATE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=\d{4}年)|(?<=\d日) +(?=[\u4e00-\u9fff])")


def ymd(year: int, month: int, day: int) -> str:
    """2026, 3, 10 -> 2026年3月10日, for numbers not checked to be a date."""
    return f"{year}年{month}月{day}日"


def chinese_date(day: dt.date) -> str:
    """2026-03-10 -> 2026年3月10日 (a datetime gives its date)."""
    return ymd(day.year, day.month, day.day)


def chinese_weekday(day: dt.date) -> str:
    """2026-03-10 -> 星期二."""
    return "星期" + WEEKDAYS[day.weekday()]


def chinese_datetime(moment: dt.datetime) -> str:
    """2026-03-10 19:00 -> 2026年3月10日（星期二）19:00."""
    return f"{chinese_date(moment)}（{chinese_weekday(moment)}）{moment:%H:%M}"


def chinese_moment(moment: dt.datetime) -> str:
    """2026-12-06 08:05 -> 2026年12月6日 08:05: the one form of 更新于 on every page."""
    return f"{chinese_date(moment)} {moment:%H:%M}"
