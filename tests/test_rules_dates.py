"""Dates in order (the fewest fields whose removal restores the order, on a tie the
earlier one) and progress that never decreases."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TempProject, codes_at

from generator.check.rules.dates import fewest_out_of_order

CASE = "content/xiguan/2026-02.md"


def d(day: int, month: int = 3) -> dt.date:
    return dt.date(2026, month, day)


@pytest.mark.parametrize(
    ("main", "branches", "removed"),
    [
        ([d(1), d(2), d(3)], [[d(4), d(5)], [d(6)]], []),
        ([d(5), d(3)], [], [0]),  # a tie: the earlier field
        ([d(1), d(9), d(3), d(4)], [], [1]),  # one typo beats two
        ([d(1), d(2), d(3), d(4)], [[d(9), d(5)]], [4]),  # inside a branch: a tie again
        ([d(1), d(2), d(30)], [[d(4), d(5)], [d(6)], [d(7), d(8)]], [2]),  # outcome year typo
        ([d(1), d(2), d(3)], [[d(2)], [d(1), d(5)]], [1, 2]),  # fewest: 2, earliest pair
        ([d(1), d(5)], [[d(2)], [d(3)], [d(4)]], [1]),  # one chain date, not three branches
        ([d(1), d(1), d(1)], [[d(1)]], []),  # the same day is in order
    ],
)
def test_fewest_out_of_order(main, branches, removed) -> None:
    assert fewest_out_of_order(main, branches) == removed


def test_long_progress_lists_are_fast() -> None:
    progress = [[d(28 - i, 6) for i in range(28)]]
    removed = fewest_out_of_order([d(1), d(2)], progress)
    assert len(removed) == 27


def test_meeting_before_notice_until(project: TempProject) -> None:
    project.case_with(("  start: 2026-03-10 19:00", "  start: 2026-03-08 19:00"))
    # removing until (line 12) or the meeting (line 14) both work: the earlier one is named
    assert codes_at(project.findings(), CASE) == [("date-order", 12)]


def test_message_names_both_fields_in_chinese_and_yaml(project: TempProject) -> None:
    project.case_with(("  date: 2026-03-12", "  date: 2025-03-12"))
    (finding,) = project.analyse().findings
    assert "结果日期（outcome.date）2025-03-12" in finding.message
    assert "会议开始时间（meeting.start）2026-03-10 19:00" in finding.message
    assert "早于" in finding.message


def test_two_wrong_dates_give_two_findings(project: TempProject) -> None:
    project.case_with(
        ("  - date: 2026-04-15", "  - date: 2025-04-15"),
        ("  date: 2026-07-10", "  date: 2026-01-10"),
    )
    assert codes_at(project.findings(), CASE) == [("date-order", 45), ("date-order", 54)]


def test_referral_sent_before_the_meeting(project: TempProject) -> None:
    project.case_with(("    sent: 2026-03-16", "    sent: 2026-03-09"))
    assert codes_at(project.findings(), CASE) == [("date-order", 41)]


def test_referral_sent_before_outcome_names_the_outcome_on_a_tie(project: TempProject) -> None:
    project.case_with(("    sent: 2026-03-16", "    sent: 2026-03-11"))
    assert codes_at(project.findings(), CASE) == [("date-order", 30)]


def test_filed_on_outcome_day_is_in_order(project: TempProject) -> None:
    project.case_with(("  filed: 2026-03-13", "  filed: 2026-03-12"))
    assert project.findings() == []


def test_progress_decreasing_each_drop(project: TempProject) -> None:
    project.case_with(
        (
            "    percent: 100\n",
            "    percent: 20\n  - date: 2026-07-01\n    percent: 60\n  - date: 2026-07-02\n    percent: 50\n",
        )
    )
    found = codes_at(project.findings("2026-07-15"), CASE)
    assert found == [("progress-decreasing", 49), ("progress-decreasing", 53)]


def test_equal_percent_is_not_decreasing(project: TempProject) -> None:
    project.case_with(("    percent: 30", "    percent: 100"))
    assert project.findings() == []
