"""Vote totals against attendance.present."""

from __future__ import annotations

from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"


def test_vote_total_equal_to_present_is_fine(project: TempProject) -> None:
    # the base case: 20 + 6 + 4 votes, 30 present
    project.case_with(("    for: 20", "    for: 20  # 20 + 6 + 4 = 30"))
    assert project.findings() == []


def test_vote_total_one_above_present(project: TempProject) -> None:
    project.case_with(("  present: 30", "  present: 29"))
    findings = project.analyse().findings
    assert [(f.code, f.line) for f in findings] == [("vote-exceeds-present", 33)]
    assert "30" in findings[0].message and "29" in findings[0].message


def test_vote_without_attendance_of_withdrawn_case_is_not_compared(project: TempProject) -> None:
    project.case_with(("  present: 30\n", ""), ("  result: agreed", "  result: withdrawn"))
    assert codes_at(project.findings(), CASE) == []
