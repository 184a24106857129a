"""Yearly minimum (and the years it judges), council size, cadre share; joint
proposals are never flagged."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

COMMUNITY = "content/xiguan/community.yml"
CASE = "content/xiguan/2026-02.md"
MEMBER = "    - name: 罗斌\n      group: 妇女代表\n"


def _case_in(project: TempProject, name: str, year: int, **replace: str) -> None:
    text = project.base_case().replace("2026-", f"{year}-")
    for old, new in replace.items():
        text = text.replace(old, new)
    project.add_case(name, text)


def _records_from(project: TempProject, day: str, kind: str = "社区") -> None:
    project.community_with(
        ("households: 1200\n", f"households: 1200\nrecords_from: {day}\n"),
        ("kind: 社区", f"kind: {kind}"),
    )


@pytest.mark.parametrize("kind", ["社区", "村"])
def test_one_warning_per_year_short_at_line_one(project: TempProject, kind: str) -> None:
    _records_from(project, "2024-01-01", kind)
    _case_in(project, "2024-01.md", 2024)
    for n in range(1, 5):
        _case_in(project, f"2025-0{n}.md", 2025)
    findings = [f for f in project.analyse().findings if f.code == "yearly-minimum"]
    assert [(f.line, f.column, f.case) for f in findings] == [(1, 1, None)]
    assert "2024 年只开展了 1 次" in findings[0].message
    assert findings[0].path.endswith(COMMUNITY) and findings[0].public
    assert "甘肃省" in findings[0].public_text and "利川市" in findings[0].public_text


@pytest.mark.parametrize("kind", ["社区", "村"])
def test_a_first_partial_year_is_not_judged(project: TempProject, kind: str) -> None:
    # Records begin with the first case (2024-03-02): 2024 is not a whole year on the site.
    project.community_with(("kind: 社区", f"kind: {kind}"))
    _case_in(project, "2024-01.md", 2024)
    for n in range(1, 5):
        _case_in(project, f"2025-0{n}.md", 2025)
    assert [f for f in project.analyse().findings if f.code == "yearly-minimum"] == []


@pytest.mark.parametrize(("day", "judged"), [("2024-01-01", True), ("2024-01-02", False)])
def test_records_from_decides_the_first_judged_year(
    project: TempProject, day: str, judged: bool
) -> None:
    _records_from(project, day)
    _case_in(project, "2024-01.md", 2024)
    for n in range(1, 5):
        _case_in(project, f"2025-0{n}.md", 2025)
    years = [f.message[:4] for f in project.analyse().findings if f.code == "yearly-minimum"]
    assert years == (["2024"] if judged else [])


def test_years_before_the_records_begin_are_not_judged(project: TempProject) -> None:
    _records_from(project, "2025-01-01")
    _case_in(project, "2023-01.md", 2023)  # an old case entered later: shown, not judged
    for n in range(1, 5):
        _case_in(project, f"2025-0{n}.md", 2025)
    assert [f for f in project.analyse().findings if f.code == "yearly-minimum"] == []


def test_current_year_is_not_warned(project: TempProject) -> None:
    _records_from(project, "2026-01-01")
    assert project.findings("2026-12-31") == []
    assert codes_at(project.findings("2027-01-01"), COMMUNITY) == [("yearly-minimum", 1)]


@pytest.mark.parametrize("result", ["withdrawn", "declined"])
def test_withdrawn_declined_and_future_meetings_do_not_count(
    project: TempProject, result: str
) -> None:
    _records_from(project, "2025-01-01")
    for n in range(1, 4):
        _case_in(project, f"2025-0{n}.md", 2025)
    text = (
        project.base_case().replace("2026-", "2025-").replace("result: agreed", f"result: {result}")
    )
    if result == "declined":
        text = text[: text.index("meeting:")] + text[text.index("outcome:") :]
    project.add_case("2025-04.md", text)
    analysis = project.analyse()
    (finding,) = [f for f in analysis.findings if f.code == "yearly-minimum"]
    assert "3 次" in finding.message
    assert analysis.public_for_community(analysis.communities[0]) == [finding]


def test_yearly_minimum_from_site_config(project: TempProject) -> None:
    _records_from(project, "2025-01-01")
    project.config("rules:\n  yearly_minimum: 1\n")
    _case_in(project, "2025-01.md", 2025)
    assert project.findings() == []


@pytest.mark.parametrize(
    ("remove", "add", "warned"),
    [(1, 0, True), (0, 0, False), (0, 10, False), (0, 11, True)],
)
def test_council_size_of_a_shequ(project: TempProject, remove: int, add: int, warned: bool) -> None:
    text = project.base_community()
    if remove:
        text = text.replace(MEMBER, "")
    extra = "".join(f"    - name: 成员{i}\n      group: 居民代表\n" for i in range(add))
    text = text.replace(MEMBER, MEMBER + extra)
    project.write(COMMUNITY, text)
    assert codes_at(project.findings(), COMMUNITY) == ([("council-size", 10)] if warned else [])


def test_villages_have_no_size_rule_by_default(project: TempProject) -> None:
    project.community_with(("kind: 社区", "kind: 村"), (MEMBER, ""))
    assert codes_at(project.findings(), COMMUNITY) == []
    project.config("rules:\n  village_council_size: [7, 15]\n")
    assert codes_at(project.findings(), COMMUNITY) == [("council-size", 10)]


def test_cadre_share(project: TempProject) -> None:
    names = [
        "张伟",
        "刘洋",
        "陈静",
        "杨帆",
        "赵磊",
        "黄敏",
        "周杰",
        "吴芳",
    ]  # 2 + 8 = 10 of 20: exactly half
    pairs = [(f"    - name: {n}\n", f"    - name: {n}\n      cadre: true\n") for n in names]
    project.community_with(*pairs)
    assert codes_at(project.findings(), COMMUNITY) == []
    project.community_with(*pairs, ("    - name: 徐强\n", "    - name: 徐强\n      cadre: true\n"))
    assert codes_at(project.findings(), COMMUNITY) == [("cadre-share", 10)]


@pytest.mark.parametrize("signatures", [1, 119, 120, 1200])
def test_a_joint_proposal_is_never_flagged(project: TempProject, signatures: int) -> None:
    # 利川: reaching 1/10 obliges the committee; fewer signatures are still a valid topic.
    project.community_with(("households: 1200\n", "households: 400\nresidents: 1200\n"))
    project.case_with(("  signatures: 150", f"  signatures: {signatures}"))
    assert project.findings() == []
