"""What the pages say about the procedure (issue 13), for a 社区 and for a 村: only
what was recorded, in the community's own words, with the flag's source."""

from __future__ import annotations

import re

import pytest
from conftest import TempProject

from generator.site.pages import plan_site

CASE = "content/xiguan/2026-02.md"
VILLAGE = (("kind: 社区", "kind: 村"), ("name: 西关社区", "name: 桃园村"))


def _pages(project: TempProject, today: str = "2026-11-22") -> dict[str, str]:
    analysis = project.analyse(today)
    assert not analysis.errors, [f.as_text() for f in analysis.errors]
    return {
        p.url: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", p.html))
        for p in plan_site(analysis).pages
    }


def _village(project: TempProject, *extra: tuple[str, str]) -> None:
    project.community_with(*VILLAGE, *extra)


def test_filing_reads_beian_and_an_unfiled_outcome_says_so(project: TempProject) -> None:
    project.case_with(("  filed: 2026-03-13\n", ""), ("  major: true", "  major: false"))
    pages = _pages(project)
    assert "2026年3月13日 向社区党组织和居委会备案" in pages["xiguan/2026-01/"]
    assert "尚未备案" in pages["xiguan/2026-02/"]
    assert not any("报备" in text for text in pages.values())


@pytest.mark.parametrize(
    ("kind", "label"),
    [("社区", "提交居民会议或居民代表会议决定"), ("村", "提交村民会议或村民代表会议决定")],
)
def test_referred_reads_by_kind(project: TempProject, kind: str, label: str) -> None:
    project.community_with(("kind: 社区", f"kind: {kind}"))
    project.case_with(("  result: agreed", "  result: referred"))
    assert f"协商结果：{label}" in _pages(project)["xiguan/2026-02/"]


@pytest.mark.parametrize(("signatures", "reached"), [(119, False), (120, True)])
@pytest.mark.parametrize("kind", ["社区", "村"])
def test_joint_proposal_that_reaches_the_share_says_so(
    project: TempProject, signatures: int, reached: bool, kind: str
) -> None:
    channel = "村民联名" if kind == "村" else "居民联名"
    project.community_with(
        ("kind: 社区", f"kind: {kind}"),
        ("households: 1200\n", "households: 400\nresidents: 1200\n"),
    )
    project.case_with(
        ("  signatures: 150", f"  signatures: {signatures}"),
        ("  channel: 居民联名", f"  channel: {channel}"),
    )
    text = _pages(project)["xiguan/2026-02/"]
    assert (f"联名 {signatures} 人，达到规定比例" in text) is reached
    assert (f"{signatures} 人联名" in text) is not reached
    assert "户联名" not in text


def test_representatives_route_of_a_joint_proposal(project: TempProject) -> None:
    project.community_with(("households: 1200\n", "households: 1200\nrepresentatives: 40\n"))
    project.case_with(
        ("  signatures: 150", "  signatures: 8"), ("  channel: 居民联名", "  channel: 居民代表联名")
    )
    assert "联名 8 人，达到规定比例" in _pages(project)["xiguan/2026-02/"]


def _on_notice(project: TempProject, join: str = "") -> None:
    text = project.base_case()
    text = text[: text.index("attendance:")] + "---\n"
    text = text.replace("  until: 2026-03-09\n", "  until: 2026-03-09\n" + join)
    project.add_case("2026-02.md", text)


@pytest.mark.parametrize(
    ("today", "shown"),
    [("2026-03-02", False), ("2026-03-03", True), ("2026-03-09", True), ("2026-03-10", False)],
)
def test_how_to_take_part_is_shown_during_the_notice(
    project: TempProject, today: str, shown: bool
) -> None:
    _on_notice(project, "  join: 到社区一楼窗口登记\n")
    text = _pages(project, today)["xiguan/2026-02/"]
    assert ("申请参加" in text) is shown
    if shown:
        assert "到社区一楼窗口登记" in text and "2026年3月9日前" in text


def test_how_to_take_part_defaults_to_the_committee_in_a_village(project: TempProject) -> None:
    _village(project)
    _on_notice(project)
    text = _pages(project, "2026-03-04")["xiguan/2026-02/"]
    assert "村民、驻村单位和其他组织可以申请参加协商：请联系村委会" in text


def test_minutes_are_promised_only_when_there_are_some(project: TempProject) -> None:
    project.case_with(("minutes:\n  file: minutes.jpg\n", ""))
    pages = _pages(project)
    assert "查看会议记录" in pages["xiguan/2026-01/"]
    assert "会议记录" not in pages["xiguan/2026-02/"].replace("会议记录扫描件", "")


def test_a_declined_topic_shows_its_reason(project: TempProject) -> None:
    text = project.base_case()
    outcome = "outcome:\n  date: 2026-03-05\n  result: declined\n  summary: 属于合同纠纷，超出社区职能权限。\n"
    project.add_case("2026-02.md", text[: text.index("notice:")] + outcome + "---\n")
    page = _pages(project)["xiguan/2026-02/"]
    assert "不予协商 理由： 属于合同纠纷，超出社区职能权限。" in page, page


def test_optional_records_are_shown_when_present(project: TempProject) -> None:
    project.case_with(
        (
            "  published: 2026-03-13\n",
            "  published: 2026-03-13\n  explained: 楼栋长上门说明。\n  notified: 单元门张贴。\n",
        ),
        (
            "plan:\n",
            "supervision:\n  date: 2026-07-12\n  by: 居务监督委员会主任 黄敏\nallowance:\n  people: 5\n  amount: 500\nplan:\n",
        ),
        ("  council_present: 18", "  council_present: 18\n  voters: 30"),
    )
    page = _pages(project)["xiguan/2026-02/"]
    for shown in (
        "向持不同意见的居民解释说明： 楼栋长上门说明。",
        "向利益相关方通报： 单元门张贴。",
        "居务监督委员会主任 黄敏签署",
        "误工补贴共 500 元",
        "2026年3月3日 经社区党委审核同意",
        "其中有表决权的 30 人",
    ):
        assert shown in page, shown
    assert "误工补贴" not in _pages_without(project)


def _pages_without(project: TempProject) -> str:
    project.case_with()
    return _pages(project)["xiguan/2026-02/"]


def test_a_village_page_speaks_of_villagers(project: TempProject) -> None:
    text = project.base_community()
    words = (
        ("group: 居民代表", "group: 村民代表"),
        ("group: 居委会", "group: 村委会"),
        ("居委会主任", "村委会主任"),
        ("社区党委书记", "村党支部书记"),
    )
    for old, new in (*VILLAGE, *words):
        text = text.replace(old, new)
    project.write("content/xiguan/community.yml", text)
    project.case_with(
        ("form: 居民议事会", "form: 村民议事会"),
        ("  by: 3号楼居民联名", "  by: 三组村民联名"),
        ("  channel: 居民联名", "  channel: 村民联名"),
        ("  result: agreed", "  result: referred"),
        ("    role: 3号楼住户", "    role: 三组农户"),
        ("    role: 社区党委书记", "    role: 村党支部书记"),
        ("居民们发表了意见", "村民们发表了意见"),
    )
    pages = _pages(project)
    for url in ("xiguan/", "xiguan/2026-02/"):
        page = pages[url]
        for word in ("居民", "居委会", "本社区"):
            assert word not in page.replace("居民联名", ""), (url, word)
    assert "本村" in pages["xiguan/"] and "村委会" in pages["xiguan/2026-02/"]


def test_a_partial_first_year_is_not_shown_as_short(project: TempProject) -> None:
    for n in (3, 4, 5):
        project.case_with(name=f"2026-0{n}.md")
    text = project.base_case().replace("2026-", "2025-")
    project.add_case("2025-01.md", text)
    page = _pages(project)["xiguan/"]
    assert "2025 年 已协商 1 次（本站记录不全年）" in page
    assert "少于每年" not in page
