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


# --- 代表会议: quorum against the representatives ------------------------------------


def _representatives(project: TempProject, kind: str, total: int | None = 30) -> None:
    extra = f"representatives: {total}\n" if total else ""
    project.community_with(
        ("kind: 社区", f"kind: {kind}"), ("households: 1200\n", f"households: 1200\n{extra}")
    )


@pytest.mark.parametrize(("present", "warned"), [(19, True), (20, False)])
def test_village_representatives_quorum_is_counted_against_representatives(
    project: TempProject, present: int, warned: bool
) -> None:
    # 村民委员会组织法 art. 26: 2/3 of 30 representatives = 20, major matter or not.
    _representatives(project, "村")
    project.case_with(
        ("form: 居民议事会", "form: 村民代表会议"),
        ("  major: true", "  major: false"),
        ("  council_present: 18", f"  council_present: 2\n  representatives_present: {present}"),
    )
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line) for f in findings] == ([("quorum-short", 29)] if warned else [])
    if warned:
        assert "村民代表" in findings[0].public_text and "第二十六条" in findings[0].public_text


@pytest.mark.parametrize(("major", "warned"), [("true", True), ("false", False)])
def test_resident_representatives_quorum_for_major_matters(
    project: TempProject, major: str, warned: bool
) -> None:
    _representatives(project, "社区")
    project.case_with(
        ("form: 居民议事会", "form: 居民代表会议"),
        ("  major: true", f"  major: {major}"),
        ("  council_present: 18", "  council_present: 18\n  representatives_present: 19"),
    )
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [f.code for f in findings] == (["quorum-short"] if warned else [])
    if warned:
        assert "本县规定" in findings[0].public_text  # no statute for 居民代表会议


def test_representatives_present_missing(project: TempProject) -> None:
    _representatives(project, "村")
    project.case_with(("form: 居民议事会", "form: 村民代表会议"))
    assert codes_at(project.findings(), CASE) == [("quorum-missing", 13)]


def test_representatives_unknown_means_no_count(project: TempProject) -> None:
    _representatives(project, "村", None)
    project.case_with(
        ("form: 居民议事会", "form: 村民代表会议"),
        ("  council_present: 18", "  council_present: 18\n  representatives_present: 1"),
    )
    assert codes_at(project.findings(), CASE) == []


# --- who may vote ----------------------------------------------------------------------


@pytest.mark.parametrize(("votes_for", "warned"), [(12, True), (13, False)])
def test_majority_of_those_entitled_to_vote(
    project: TempProject, votes_for: int, warned: bool
) -> None:
    project.case_with(
        ("  council_present: 18", "  council_present: 18\n  voters: 24"),
        ("    for: 20", f"    for: {votes_for}"),
        ("    against: 6", "    against: 2"),
        ("    abstain: 4", "    abstain: 1"),
    )
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line) for f in findings] == ([("weak-majority", 34)] if warned else [])
    if warned:
        assert "有表决权的到会人员" in findings[0].public_text
        assert "本县规定" in findings[0].public_text  # a 居民议事会: no statute


def test_majority_of_a_village_assembly_names_the_statute(project: TempProject) -> None:
    project.community_with(("kind: 社区", "kind: 村"))
    project.case_with(
        ("form: 居民议事会", "form: 村民会议"),
        ("  date: 2026-03-02", "  date: 2026-02-20"),
        ("  posted: 2026-03-03", "  posted: 2026-02-27"),
        ("    for: 20", "    for: 15"),
    )
    (finding,) = [f for f in project.analyse().findings if f.code == "weak-majority"]
    assert "第二十二条" in finding.public_text


def test_votes_beyond_those_entitled_to_vote_are_an_error(project: TempProject) -> None:
    project.case_with(("  council_present: 18", "  council_present: 18\n  voters: 24"))
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line, f.is_error) for f in findings] == [("vote-exceeds-voters", 34, True)]


def test_more_voters_than_present_is_an_error(project: TempProject) -> None:
    project.case_with(("  council_present: 18", "  council_present: 18\n  voters: 31"))
    assert codes_at(project.findings(), CASE) == [("voters-exceed-present", 29)]


# --- records of a held meeting -----------------------------------------------------------

MINUTES = "minutes:\n  file: minutes.jpg\n"
PLAN = "plan:\n  approved: 2026-03-03\n  by: 社区党委\n"


@pytest.mark.parametrize("kind", ["社区", "村"])
def test_a_held_meeting_without_minutes(project: TempProject, kind: str) -> None:
    project.community_with(("kind: 社区", f"kind: {kind}"))
    project.case_with((MINUTES, ""))
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line, f.public) for f in findings] == [("minutes-missing", 29, False)]


def test_minutes_kept_on_paper_are_minutes(project: TempProject) -> None:
    project.case_with((MINUTES, "minutes:\n  kept_at: 社区居委会档案室\n"))
    assert codes_at(project.findings(), CASE) == []


def test_minutes_with_nothing_in_them_are_an_error(project: TempProject) -> None:
    project.case_with((MINUTES, "minutes:\n  kept_at:\n"))
    assert codes_at(project.findings(), CASE) == [("minutes-empty", 61)]


def test_no_minutes_before_the_meeting_or_for_a_withdrawn_topic(project: TempProject) -> None:
    project.case_with((MINUTES, ""), ("  result: agreed", "  result: withdrawn"))
    assert codes_at(project.findings(), CASE) == []


@pytest.mark.parametrize(
    ("major", "expected"), [("true", ["plan-approval-missing"]), ("false", [])]
)
def test_a_major_matter_records_its_approved_plan(
    project: TempProject, major: str, expected: list[str]
) -> None:
    project.case_with((PLAN, ""), ("  major: true", f"  major: {major}"))
    assert [c for c, _ in codes_at(project.findings(), CASE)] == expected


@pytest.mark.parametrize(
    ("major", "expected"), [("true", [("outcome-not-filed", 31)]), ("false", [])]
)
def test_a_major_matter_files_its_outcome(
    project: TempProject, major: str, expected: list[tuple[str, int]]
) -> None:
    project.case_with(("  filed: 2026-03-13\n", ""), ("  major: true", f"  major: {major}"))
    assert codes_at(project.findings(), CASE) == expected


# --- 不予协商 (九不议) ----------------------------------------------------------------------


def _declined(project: TempProject, keep_meeting: bool = False) -> None:
    text = project.base_case()
    start = text.index("notice:") if not keep_meeting else text.index("attendance:")
    outcome = (
        "outcome:\n  date: 2026-03-05\n  result: declined\n"
        "  summary: 议题属于物业合同纠纷，超出社区职能权限（九不议第 5 项），已告知提出人向县住建局反映。\n"
    )
    project.add_case("2026-02.md", text[:start] + outcome + "---\n\n说明。\n")


def test_a_declined_topic_needs_no_meeting_and_is_no_warning(project: TempProject) -> None:
    _declined(project)
    analysis = project.analyse()
    assert [f for f in analysis.findings if f.path.endswith("2026-02.md")] == []
    case = analysis.project.find_case("xiguan/2026-02")
    assert str(case.stage(analysis.today)) == "已终止"
    assert case.outcome.result.label("村") == "不予协商"


def test_a_declined_topic_with_a_meeting_is_an_error(project: TempProject) -> None:
    _declined(project, keep_meeting=True)
    assert "declined-with-meeting" in [c for c, _ in codes_at(project.findings(), CASE)]
