"""Notice length in Chinese working days (调休 counted) and the 10-day rule."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"


def _notice(project: TempProject, proposed: str, posted: str, until: str, start: str) -> None:
    """A case that stops at its scheduled meeting, with these dates."""
    text = project.base_case()
    text = text[: text.index("attendance:")] + "---\n"
    for old, new in [
        ("  date: 2026-03-02", f"  date: {proposed}"),
        ("  posted: 2026-03-03", f"  posted: {posted}"),
        ("  until: 2026-03-09", f"  until: {until}"),
        ("  start: 2026-03-10 19:00", f"  start: {start} 19:00"),
        ("  end: 2026-03-10 21:00", f"  end: {start} 21:00"),
    ]:
        text = text.replace(old, new)
    project.add_case("2026-02.md", text)


@pytest.mark.parametrize(
    ("posted", "until", "workdays"),
    [
        ("2026-02-13", "2026-02-24", 3),  # Spring Festival: Fri, Sat 14 (调休 workday), Tue 24
        ("2026-02-12", "2026-02-24", 4),
        ("2026-02-11", "2026-02-24", 5),
        ("2026-09-29", "2026-10-08", 3),  # National Day: 29, 30, Oct 8
        ("2026-09-28", "2026-10-09", 5),
    ],
)
def test_working_days_over_holidays(
    project: TempProject, posted: str, until: str, workdays: int
) -> None:
    _notice(project, "2026-02-01", posted, until, until)
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    if workdays >= 5:
        assert findings == []
    else:
        assert [(f.code, f.line) for f in findings] == [("notice-too-short", 12)]
        assert f"只有 {workdays} 个工作日" in findings[0].message


def test_minimum_from_site_config(project: TempProject) -> None:
    project.config("rules:\n  notice_min_workdays: 6\n")
    project.case_with(("form: 居民议事会", "form: 恳谈会"))  # the base notice has exactly 5
    assert codes_at(project.findings(), CASE) == [("notice-too-short", 12)]


def test_unknown_year_is_an_error_naming_the_year(project: TempProject) -> None:
    _notice(project, "2026-12-01", "2026-12-28", "2027-01-08", "2027-01-08")
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line) for f in findings] == [("calendar-unknown-year", 12)]
    assert "2027" in findings[0].message and findings[0].is_error


def test_unknown_year_with_official_schedule_in_site_config(project: TempProject) -> None:
    project.config(
        "calendar:\n  2027:\n    holidays: [2027-01-01, 2027-01-04]\n    workdays: [2027-01-09]\n"
    )
    # Dec 28-31 (4) + Jan 5-8 (4) + Sat Jan 9 (调休) = 9 working days; Jan 1 and 4 are off
    _notice(project, "2026-12-01", "2026-12-28", "2027-01-09", "2027-01-09")
    assert codes_at(project.findings(), CASE) == []


def test_schedule_in_site_config_is_used_for_the_count(project: TempProject) -> None:
    project.config(
        "calendar:\n  2027:\n    holidays: [2027-01-04, 2027-01-05, 2027-01-06]\n    workdays: []\n"
    )
    # Jan 4-8 would be 5 working days; three of them are declared holidays
    _notice(project, "2026-12-01", "2027-01-04", "2027-01-08", "2027-01-08")
    assert codes_at(project.findings(), CASE) == [("notice-too-short", 12)]


@pytest.mark.parametrize(
    ("form", "posted", "warned"),
    [
        ("村民会议", "2026-03-01", True),  # 9 days before the meeting
        ("村民会议", "2026-02-28", False),  # 10 days
        ("居民会议", "2026-03-01", False),  # no statute sets a notice for 居民会议
        ("村民代表会议", "2026-03-01", False),  # not the assembly itself
        ("居民代表会议", "2026-03-01", False),
    ],
)
def test_ten_day_rule(project: TempProject, form: str, posted: str, warned: bool) -> None:
    project.case_with(
        ("form: 居民议事会", f"form: {form}"),
        ("  date: 2026-03-02", "  date: 2026-02-27"),
        ("  posted: 2026-03-03", f"  posted: {posted}"),
    )
    expected = [("assembly-notice-short", 11)] if warned else []
    found = codes_at(project.findings(), CASE)
    assert [x for x in found if x[0] == "assembly-notice-short"] == expected


@pytest.mark.parametrize(("posted", "warned"), [("2026-03-04", True), ("2026-03-03", False)])
def test_resident_assembly_notice_only_where_the_county_sets_one(
    project: TempProject, posted: str, warned: bool
) -> None:
    project.config("rules:\n  resident_assembly_notice_days: 7\n")
    project.case_with(
        ("form: 居民议事会", "form: 居民会议"),
        ("  posted: 2026-03-03", f"  posted: {posted}"),
        ("  until: 2026-03-09", "  until: 2026-03-10"),
    )
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line) for f in findings] == (
        [("assembly-notice-short", 11)] if warned else []
    )
    if warned:
        assert "本县规定" in findings[0].public_text


def test_the_ten_day_rule_names_the_statute(project: TempProject) -> None:
    project.case_with(
        ("form: 居民议事会", "form: 村民会议"),
        ("  date: 2026-03-02", "  date: 2026-02-27"),
        ("  posted: 2026-03-03", "  posted: 2026-03-01"),
    )
    (finding,) = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert "村民委员会组织法》第二十一条" in finding.public_text


def test_a_local_threshold_is_never_called_policy(project: TempProject) -> None:
    project.config("rules:\n  notice_min_workdays: 6\n")
    project.case_with(("form: 居民议事会", "form: 恳谈会"))
    (finding,) = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert "本县规定" in finding.public_text and "政策" not in finding.public_text


def _without_notice(project: TempProject, **replace: str) -> None:
    text = project.base_case()
    text = text[: text.index("notice:")] + text[text.index("meeting:") :]
    for old, new in replace.items():
        text = text.replace(old, new)
    project.add_case("2026-02.md", text)


@pytest.mark.parametrize("kind", ["社区", "村"])
def test_a_held_meeting_without_notice_is_a_public_warning(project: TempProject, kind: str) -> None:
    project.community_with(("kind: 社区", f"kind: {kind}"))
    _without_notice(project)
    findings = [f for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert [(f.code, f.line, f.public) for f in findings] == [("notice-missing", 10, True)]
    assert "北京市" in findings[0].public_text


@pytest.mark.parametrize(("today", "warned"), [("2026-03-10", False), ("2026-03-11", True)])
def test_a_scheduled_meeting_without_notice_is_not_yet_warned(
    project: TempProject, today: str, warned: bool
) -> None:
    text = project.base_case()
    text = text[: text.index("notice:")] + text[text.index("meeting:") : text.index("attendance:")]
    project.add_case("2026-02.md", text + "---\n")
    found = codes_at(project.findings(today), CASE)
    assert found == ([("notice-missing", 10)] if warned else [])


def test_a_withdrawn_topic_needs_no_notice(project: TempProject) -> None:
    _without_notice(project, **{"result: agreed": "result: withdrawn"})
    assert codes_at(project.findings(), CASE) == []
