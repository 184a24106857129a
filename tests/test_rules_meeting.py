"""Quorum for major matters and the majority behind an agreed result."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"


@pytest.mark.parametrize(("present", "warned"), [(13, True), (14, False), (20, False)])
def test_quorum_of_twenty_members(project: TempProject, present: int, warned: bool) -> None:
    # 20 listed members: 3 × present < 2 × 20 means fewer than 14
    project.case_with(("  council_present: 18", f"  council_present: {present}"))
    assert codes_at(project.findings(), CASE) == ([("quorum-short", 28)] if warned else [])


def test_quorum_is_only_for_major_matters(project: TempProject) -> None:
    project.case_with(
        ("  council_present: 18", "  council_present: 2"), ("  major: true", "  major: false")
    )
    assert codes_at(project.findings(), CASE) == []


def test_quorum_from_site_config(project: TempProject) -> None:
    project.config("rules:\n  quorum: 4/5\n")
    project.case_with(("  council_present: 18", "  council_present: 15"))
    assert codes_at(project.findings(), CASE) == [("quorum-short", 28)]


def test_no_council_listed_means_no_quorum_count(project: TempProject) -> None:
    text = project.base_community()
    project.write("content/xiguan/community.yml", text[: text.index("council:")])
    project.case_with(("  council_present: 18", "  council_present: 1"))
    assert codes_at(project.findings(), CASE) == []


def test_scheduled_major_meeting_is_not_yet_missing_attendance(project: TempProject) -> None:
    text = project.base_case()
    scheduled = text[: text.index("attendance:")] + "---\n"
    project.add_case("2026-02.md", scheduled)
    assert codes_at(project.findings(), CASE) == []


@pytest.mark.parametrize(("votes_for", "warned"), [(15, True), (16, False), (14, True)])
def test_majority_of_thirty_present(project: TempProject, votes_for: int, warned: bool) -> None:
    project.case_with(("    for: 20", f"    for: {votes_for}"))
    assert codes_at(project.findings(), CASE) == ([("weak-majority", 33)] if warned else [])


def test_majority_only_for_agreed(project: TempProject) -> None:
    project.case_with(("    for: 20", "    for: 3"), ("  result: agreed", "  result: rejected"))
    assert codes_at(project.findings(), CASE) == []


def test_public_warnings_belong_to_the_case_page(project: TempProject) -> None:
    project.case_with(("    for: 20", "    for: 3"))
    analysis = project.analyse()
    case = analysis.project.find_case("xiguan/2026-02")
    assert [f.code for f in analysis.public_for_case(case)] == ["weak-majority"]
    assert analysis.public_for_case(analysis.project.find_case("xiguan/2026-01")) == []
