"""Yearly minimum, council size, cadre share, joint proposals."""

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


def test_one_warning_per_year_short_at_line_one(project: TempProject) -> None:
    _case_in(project, "2024-01.md", 2024)
    for n in range(1, 5):
        _case_in(project, f"2025-0{n}.md", 2025)
    findings = [f for f in project.analyse().findings if f.code == "yearly-minimum"]
    assert [(f.line, f.column, f.case) for f in findings] == [(1, 1, None)]
    assert "2024 年只开展了 1 次" in findings[0].message
    assert findings[0].path.endswith(COMMUNITY) and findings[0].public


def test_current_year_is_not_warned(project: TempProject) -> None:
    assert project.findings("2026-12-31") == []
    assert codes_at(project.findings("2027-01-01"), COMMUNITY) == [("yearly-minimum", 1)]


def test_withdrawn_and_future_meetings_do_not_count(project: TempProject) -> None:
    for n in range(1, 4):
        _case_in(project, f"2025-0{n}.md", 2025)
    _case_in(project, "2025-04.md", 2025, **{"result: agreed": "result: withdrawn"})
    analysis = project.analyse()
    (finding,) = [f for f in analysis.findings if f.code == "yearly-minimum"]
    assert "3 次" in finding.message
    assert analysis.public_for_community(analysis.communities[0]) == [finding]


def test_yearly_minimum_from_site_config(project: TempProject) -> None:
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


@pytest.mark.parametrize(
    ("signatures", "channel", "warned"),
    [(120, "居民联名", False), (119, "居民联名", True), (5, "走访收集", False)],
)
def test_joint_proposal(project: TempProject, signatures: int, channel: str, warned: bool) -> None:
    project.case_with(
        ("  signatures: 150", f"  signatures: {signatures}"),
        ("  channel: 居民联名", f"  channel: {channel}"),
    )
    assert codes_at(project.findings(), CASE) == ([("joint-proposal-short", 9)] if warned else [])


def test_joint_proposal_needs_households(project: TempProject) -> None:
    project.community_with(("households: 1200\n", ""))
    project.case_with(("  signatures: 150", "  signatures: 2"))
    assert project.findings() == []
