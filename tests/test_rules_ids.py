"""Ids: duplicate ledger numbers, related ids, moved_from addresses."""

from __future__ import annotations

from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"
RELATED = ("attachments:\n", "related:\n  - {}\nattachments:\n")
MOVED = ("attachments:\n", "moved_from:\n  - {}\nattachments:\n")


def _with(pair: tuple[str, str], value: str) -> tuple[str, str]:
    return pair[0], pair[1].format(value)


def test_2026_01_and_2026_001_are_one_ledger_number(project: TempProject) -> None:
    project.add_case("2026-001.md", project.base_case())
    findings = project.analyse().findings
    assert [(f.code, f.path.rsplit("/", 1)[-1]) for f in findings] == [
        ("duplicate-id", "2026-01.md")
    ]
    assert "2026-001.md" in findings[0].message


def test_same_ledger_number_in_two_communities_is_fine(project: TempProject) -> None:
    project.write("content/nanyuan/community.yml", "name: 南苑社区\nkind: 社区\ntown: 大城街道\n")
    project.write(
        "content/nanyuan/2026-01.md",
        project.base_case()
        .replace("attachments:\n  - file: minutes.jpg\n    title: 会议纪要扫描件\n", "")
        .replace("    photos:\n      - photo1.jpg\n", "")
        .replace("  file: minutes.jpg\n", "  kept_at: 社区档案室\n"),
    )
    assert project.findings() == []


def test_related_in_same_and_other_community(project: TempProject) -> None:
    project.write("content/nanyuan/community.yml", "name: 南苑社区\nkind: 社区\ntown: 大城街道\n")
    project.write(
        "content/nanyuan/2026-07.md",
        "---\ntitle: 议题\ncategory: 民生保障\nform: 恳谈会\nproposed:\n  date: 2026-05-06\n  by: 居委会\n  channel: 居委会提出\n---\n",
    )
    project.case_with(
        ("attachments:\n", "related:\n  - 2026-01\n  - nanyuan/2026-07\nattachments:\n")
    )
    assert project.findings() == []


def test_related_near_miss_suggests_the_real_id(project: TempProject) -> None:
    project.case_with(_with(RELATED, "2026-001"))
    (finding,) = project.analyse().findings
    assert (finding.code, finding.line) == ("related-missing", 59)
    assert "2026-01" in finding.message


def test_related_to_itself(project: TempProject) -> None:
    project.case_with(_with(RELATED, "2026-02"))
    assert codes_at(project.findings(), CASE) == [("related-missing", 59)]


def test_related_to_a_case_that_failed_to_load_is_not_reported_twice(project: TempProject) -> None:
    project.add_case("2026-03.md", project.base_case().replace("title: 关于", "title：关于"))
    project.case_with(_with(RELATED, "2026-03"))
    assert [code for code, _p, _l in project.findings()] == ["fullwidth-colon"]


def test_moved_from_own_address_and_malformed(project: TempProject) -> None:
    project.case_with(
        ("attachments:\n", "moved_from:\n  - xiguan/2026-02\n  - 2025-09\nattachments:\n")
    )
    assert codes_at(project.findings(), CASE) == [
        ("moved-from-conflict", 59),
        ("moved-from-conflict", 60),
    ]


def test_moved_from_a_free_address_is_fine(project: TempProject) -> None:
    project.case_with(_with(MOVED, "dongcheng/2025-09"))
    assert project.findings() == []


def test_moved_from_an_address_taken_down_is_an_error(project: TempProject) -> None:
    """Issue 20.10: the old QR code would say 已撤下 for a case that only moved."""
    project.write(
        "content/xiguan/withdrawn.yml",
        "- case: 2025-09\n  date: 2026-11-20\n  reason: 应当事人要求撤下\n",
    )
    project.case_with(_with(MOVED, "xiguan/2025-09"))
    assert codes_at(project.findings(), CASE) == [("moved-from-conflict", 59)]
    (finding,) = [f for f in project.analyse().findings if f.code == "moved-from-conflict"]
    assert "withdrawn.yml" in finding.message and finding.is_error
    status, found = project.check_json()  # `check`, folder by folder, the same
    assert status == 1
    assert [(f["code"], f["line"]) for f in found] == [("moved-from-conflict", 59)]


def test_moved_from_an_address_taken_down_elsewhere_is_an_error(project: TempProject) -> None:
    project.write("content/nanyuan/community.yml", "name: 南苑社区\nkind: 社区\ntown: 大城街道\n")
    project.write(
        "content/nanyuan/withdrawn.yml",
        "- case: 2025-09\n  date: 2026-11-20\n  reason: 应当事人要求撤下\n",
    )
    project.case_with(_with(MOVED, "nanyuan/2025-09"))
    assert codes_at(project.findings(), CASE) == [("moved-from-conflict", 59)]
