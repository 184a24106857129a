"""Referrals: 逾期未反馈 and 逾期反馈, due N working days after sent unless given."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"
SENT = "    sent: 2026-03-16"
REPLY = "    replied: 2026-03-20\n    reply: 同意办理加装电梯审批。\n"


# Sent Mon 2026-03-16: the 10th working day after it is Mon 2026-03-30.
@pytest.mark.parametrize(("today", "warned"), [("2026-03-30", False), ("2026-03-31", True)])
def test_overdue_after_the_tenth_working_day(
    project: TempProject, today: str, warned: bool
) -> None:
    project.case_with((REPLY, ""))
    expected = [("referral-overdue", 40)] if warned else []
    assert codes_at(project.findings(today), CASE) == expected


@pytest.mark.parametrize(("replied", "warned"), [("2026-03-30", False), ("2026-03-31", True)])
def test_late_reply(project: TempProject, replied: str, warned: bool) -> None:
    project.case_with(("    replied: 2026-03-20", f"    replied: {replied}"))
    assert codes_at(project.findings(), CASE) == ([("referral-late", 40)] if warned else [])


def test_working_days_skip_holidays(project: TempProject) -> None:
    # Sent Wed 2026-09-30: Oct 1-7 off, Sat Oct 10 a working day (调休) ->
    # Oct 8, 9, 10, 12, 13, 14, 15, 16, 19, 20: due Tue 2026-10-20
    project.case_with((SENT, "    sent: 2026-09-30"), (REPLY, "    replied: 2026-10-20\n"))
    project.case_with(
        (SENT, "    sent: 2026-09-30"), (REPLY, "    replied: 2026-10-21\n"), name="2026-03.md"
    )
    findings = project.analyse().findings
    assert [(f.code, f.path.rsplit("/", 1)[-1]) for f in findings] == [
        ("referral-late", "2026-03.md")
    ]
    assert "2026-10-20" in findings[0].message


def test_due_as_written_wins(project: TempProject) -> None:
    project.case_with((REPLY, "    due: 2026-12-31\n"))
    assert codes_at(project.findings(), CASE) == []


def test_overdue_is_public_on_the_case(project: TempProject) -> None:
    project.case_with((REPLY, ""))
    (finding,) = project.analyse().findings
    assert finding.public and finding.case == "2026-02" and "区住建局" in finding.public_text


def test_unknown_year_for_the_due_date(project: TempProject) -> None:
    project.case_with((SENT, "    sent: 2026-12-24"), (REPLY, ""))
    assert codes_at(project.findings(), CASE) == [("calendar-unknown-year", 41)]
