"""Minor items of issue 20: a finding names its own case in its words; a byte-order
mark at the start of ``urls.txt`` is not an address."""

from __future__ import annotations

import pytest
from conftest import TODAY, TempProject

from generator.findings import make
from generator.site.guard import parse_urls_txt


def test_withdrawn_still_present_names_the_case() -> None:
    finding = make("withdrawn-still-present", "w.yml", 3, case="2026-01", file="2026-01.md")
    assert "2026-01" in finding.message and "{" not in finding.message


def test_withdrawn_still_present_through_check(project: TempProject) -> None:
    project.write(
        "content/xiguan/withdrawn.yml",
        "- case: 2026-01\n  date: 2026-11-01\n  reason: 重复录入\n",
    )
    _code, findings = project.check_json(TODAY)
    (finding,) = [f for f in findings if f["code"] == "withdrawn-still-present"]
    assert "2026-01" in finding["message"] and "{" not in finding["message"]


def test_urls_txt_with_a_byte_order_mark() -> None:
    text = "\ufeff# noticeboard urls.txt\nhttps://x.example.cn/\nhttps://x.example.cn/a/\n"
    assert parse_urls_txt(text) == ["https://x.example.cn/", "https://x.example.cn/a/"]


def test_plausible_range_is_one_place() -> None:
    import datetime as dt

    from generator.check.rules.dates import plausible_range

    assert plausible_range(dt.date(2026, 11, 22)) == (dt.date(2000, 1, 1), dt.date(2031, 11, 22))
    assert plausible_range(dt.date(2028, 2, 29))[1] == dt.date(2033, 2, 28)


def test_year_typo_is_a_finding(project: TempProject) -> None:
    project.case_with(("  - date: 2026-06-30", "  - date: 2206-06-30"))
    _code, findings = project.check_json(TODAY)
    assert ("date-implausible", 48) in [(f["code"], f["line"]) for f in findings]


@pytest.mark.parametrize(
    ("written", "read"),
    [("1:20", "1:20"), ("0x1F", "0x1F"), ("0o17", "0o17"), ("0b101", "0b101"), ("1_000", "1_000")],
)
def test_yaml_11_numbers_stay_as_typed(written: str, read: str) -> None:
    from generator.source.yamlsource import parse_yaml_text

    doc = parse_yaml_text(f"title: {written}\nn: 12\nf: 1.5\n")
    assert doc.value == {"title": read, "n": 12, "f": 1.5}


def test_a_title_1_20_is_published_as_typed(project: TempProject) -> None:
    project.case_with(
        ("title: 关于3号楼加装电梯的协商", "title: 1:20"), ("  place: 社区议事厅", "  place: 0x1F")
    )
    analysis = project.analyse()
    (case,) = [c for c in analysis.cases if c.id == "2026-02"]
    assert case.title == "1:20" and case.meeting.place == "0x1F"


def test_a_hex_count_is_a_finding(project: TempProject) -> None:
    project.case_with(("  present: 30", "  present: 0x1E"))
    codes = [code for code, _path, _line in project.findings()]
    assert codes and "0x1E" not in codes
