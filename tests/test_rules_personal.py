"""Personal numbers (ID numbers with a valid check digit, mobile numbers) anywhere
in a file, including files that failed to load; office numbers exempt."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

from generator.check.rules.personal import find_personal_numbers, id_checksum_ok

CASE = "content/xiguan/2026-02.md"
# GB 11643 check digits, computed by hand for these made-up numbers.
VALID_IDS = ["110101199003074514", "11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_check_digits(number: str) -> None:
    assert id_checksum_ok(number)
    assert id_checksum_ok(number.lower())


@pytest.mark.parametrize("number", ["110101199003074515", "11010519491231002Y", "1101011990030745"])
def test_invalid_check_digits(number: str) -> None:
    assert not id_checksum_ok(number)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("电话13812345678", ["mobile"]),
        ("电话 19912345678。", ["mobile"]),
        ("12812345678", []),  # 12x is not a mobile prefix
        ("213812345678", []),  # part of a longer number
        ("138123456789", []),
        ("1381234567", []),
        ("0571-88880000", []),
        ("身份证 110101199003074514", ["id"]),  # the 11-digit run inside hides no mobile
        ("身份证 11010519491231002x", ["id"]),
        # a wrong check digit still tells the region and the birth date: an ID (issue 20)
        ("档案 110101199003074515", ["id"]),
        ("档案 990101199003074515", []),  # no such province
        ("档案 110101199013074515", []),  # no 13th month
        ("订单 110101299003074515", []),  # born in 2990
        ("A13812345678B", ["mobile"]),
        ("13812345678 和 13912345678", ["mobile", "mobile"]),
        # spelled in Chinese numerals, as a number is read out, or mixed with digits
        ("电话一三八一二三四五六七八", ["mobile"]),
        ("幺三八 一二三四 五六七八", ["mobile"]),
        ("壹叁捌-壹贰叁肆-伍陆柒捌", ["mobile"]),
        ("138一二三四5678", ["mobile"]),
        ("第一13812345678", ["mobile"]),  # a numeral next to a number hides nothing
        ("身份证一一〇一〇一一九九〇〇三〇七四五一四", ["id"]),
        ("一三八 一二三四 五六七八 和 13912345678", ["mobile", "mobile"]),
        ("一二三四五六七八九十一二三", []),  # counting aloud is not a number
        ("二〇二六年十一月二十二日", []),
        ("〇五七一-八八八八〇〇〇〇", []),  # a landline
        ("一一〇一〇一一九九〇〇三〇七四五一五", ["id"]),  # bad check digit: still an ID
    ],
)
def test_find_personal_numbers(text: str, kinds: list[str]) -> None:
    assert [n.kind for n in find_personal_numbers(text)] == kinds


def test_office_numbers_are_exempt_however_written() -> None:
    assert find_personal_numbers("13900000000", ["139-0000-0000"]) == []
    assert find_personal_numbers("一三九〇〇〇〇〇〇〇〇", ["139-0000-0000"]) == []
    assert [n.text for n in find_personal_numbers("13900000001", ["13900000000"])] == [
        "13900000001"
    ]


def test_column_and_masking(project: TempProject) -> None:
    project.case_with(("  host: 王主任", "  host: 王主任 13812345678"))
    (finding,) = project.analyse().findings
    assert (finding.code, finding.line, finding.column) == ("personal-mobile", 17, 13)
    assert "13812345678" not in finding.message and "138****5678" in finding.message
    assert (finding.community, finding.case) == ("xiguan", "2026-02")


def test_spelled_number_is_found_where_it_is_written(project: TempProject) -> None:
    project.case_with(("  host: 王主任", "  host: 王主任 幺三八一二三四五六七八"))
    (finding,) = project.analyse().findings
    assert (finding.code, finding.line, finding.column) == ("personal-mobile", 17, 13)
    assert "138****5678" in finding.message


def test_numbers_in_a_file_that_failed_to_load_are_still_found(project: TempProject) -> None:
    project.case_with(("  place: 社区议事厅", "  place：社区议事厅 13812345678"))
    assert codes_at(project.findings(), CASE) == [("fullwidth-colon", 16), ("personal-mobile", 16)]


def test_numbers_in_community_yml(project: TempProject) -> None:
    project.community_with(
        ("board: 社区服务中心门口公开栏", "board: 公开栏 联系人 110101199003074514")
    )
    findings = project.analyse().findings
    assert [(f.code, f.line, f.case) for f in findings] == [("personal-id", 6, None)]


def test_configured_office_number_is_allowed_in_community_contact(project: TempProject) -> None:
    project.community_with(("contact: 0571-88880000", "contact: 13900000000"))
    assert project.findings() == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # 15-digit first-generation IDs: a province, a date 19YYMMDD, a sequence
        ("老身份证 110101900307451", ["id"]),
        ("老身份证 110101 900307 451", ["id"]),
        ("编号 110101901307451", []),  # month 13
        ("编号 990101900307451", []),  # no province 99
        # bank cards: 16-19 digits passing Luhn, as typed in groups
        ("卡号 6222 0212 3456 7890 128", ["bank"]),
        ("卡号 6222-0212-3456-7890-128", ["bank"]),
        ("卡号 4111111111111111", ["bank"]),
        ("卡号 4111111111111112", []),  # Luhn fails
        ("流水 2026031020260312", []),  # dates in a row are no card
        ("会议 2026-03-10 2026-03-12 19:00", []),
    ],
)
def test_more_personal_numbers(text: str, kinds: list[str]) -> None:
    assert [n.kind for n in find_personal_numbers(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("QQ：12345678", ["im"]),
        ("扣扣号 98765432", ["im"]),
        ("微信号: zhang_san88", ["im"]),
        ("加 vx zhangsan2026 联系", ["im"]),
        ("QQ群 讨论", []),
        ("微信群里通知了", []),
        ("车牌 浙A12345 停在楼下", ["plate"]),
        ("车牌 粤B·D12345", ["plate"]),
        ("浙江A12345", []),
        ("3号楼2单元301室张三家是低保户", ["status"]),
        ("张某某，残疾，住 5-2-301", ["status"]),
        ("全村低保户共 13 户", []),  # a count, no room, no name
        ("3号楼2单元301室低保户", []),  # a room, no name
        ("张三是残疾人联合会的代表", []),  # a name, no room
    ],
)
def test_personal_hints(text: str, kinds: list[str]) -> None:
    from generator.check.rules.personal import find_personal_hints

    assert [h.kind for h in find_personal_hints(text)] == kinds


def test_hints_are_warnings_at_their_line(project: TempProject) -> None:
    project.case_with(("  host: 王主任", "  host: 王主任（QQ 12345678）"))
    findings = project.analyse().findings
    assert [(f.code, f.line, str(f.severity)) for f in findings] == [
        ("personal-im-id", 17, "warning")
    ]
    assert "12345678" not in findings[0].message


@pytest.mark.parametrize(
    ("row", "found"),
    [
        ("全部\t\t3758\t\t150320\t\t30064\t\t7516", []),  # the statistics page's totals
        ("西关社区\t\t13\t\t520\t\t104\t\t26\t\t9", []),  # a community's counts
        ("联系人\t\t138\t\t1234\t\t5678", ["13812345678"]),  # a mobile split 3 + 4 + 4
        ("联系人\t\t138\t\t12345678", ["13812345678"]),
        ("身份证\t\t110101\t\t19900307\t\t0012", ["110101199003070012"]),
        ("备注\t\t13812345678\t\t3", ["13812345678"]),  # whole in one cell
        ("138 1234\t\t5678", ["13812345678"]),
    ],
)
def test_across_table_cells_only_a_number_split_as_people_split_one(
    row: str, found: list[str]
) -> None:
    """Table cells are a tab apart in a page's text (textview.html_text): counts side by
    side in a statistics row are not a phone number, a number typed over cells is."""
    assert [n.text for n in find_personal_numbers(row)] == found
