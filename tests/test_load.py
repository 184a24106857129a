"""Loading: specific hints for what people typing Chinese get wrong, positions of
typing slips, and what is kept of files that fail."""

from __future__ import annotations

import time

import pytest
from conftest import TempProject

CASE = "content/xiguan/2026-02.md"


def _only(project: TempProject, today: str = "2026-11-22"):
    (finding,) = project.analyse(today).findings
    return finding


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        ("  date: 2026-03-12", "  date: 2026年3月12日", "2026-03-12"),
        ("  posted: 2026-03-03", "  posted: 2026/3/3", "2026-03-03"),
        ("  posted: 2026-03-03", "  posted: 2026.3.3", "2026-03-03"),
        ("  start: 2026-03-10 19:00", "  start: 2026年3月10日晚上7点", "2026-03-10 19:00"),
        ("  start: 2026-03-10 19:00", "  start: 2026/3/10 19:00", "2026-03-10 19:00"),
        ("  start: 2026-03-10 19:00", "  start: 2026-03-10", "2026-03-10 19:00"),
    ],
)
def test_dates_as_people_write_them_get_the_right_spelling(
    project: TempProject, old: str, new: str, suggestion: str
) -> None:
    project.case_with((old, new))
    finding = _only(project)
    assert finding.code in ("bad-date", "bad-datetime")
    assert f"“{suggestion}”" in finding.hint
    assert "（" in finding.message and "）" in finding.message  # Chinese label and YAML key


@pytest.mark.parametrize(
    "new",
    [
        '  start: "2026-03-10 24:00"',
        '  start: "2026-03-10 19:60"',
        '  start: "2026-03-10T19:00+08"',
        '  date: "2026-02-30"',
    ],
)
def test_a_hint_never_suggests_what_cannot_be_read_either(project: TempProject, new: str) -> None:
    """An impossible time (24:00, 19:60) was answered 写成“2026-03-10 24:00”, the very
    text refused; a time with an offset was told to add a time."""
    old = "  date: 2026-03-12" if "date:" in new else "  start: 2026-03-10 19:00"
    project.case_with((old, new))
    finding = _only(project)
    assert finding.code in ("bad-date", "bad-datetime")
    written = new.split('"')[1]
    assert written not in finding.hint and "加上开始时间" not in finding.hint, finding.hint


def test_unknown_key_suggests_the_nearest(project: TempProject) -> None:
    project.case_with(("  major: true", "  majr: true"))
    finding = _only(project)
    assert finding.code == "unknown-key" and "major" in finding.hint and "重大事项" in finding.hint


def test_chinese_key_suggests_the_english_one(project: TempProject) -> None:
    project.case_with(("  place: 社区议事厅", "  地点: 社区议事厅"))
    codes = {f.code: f for f in project.analyse().findings}
    assert "place" in codes["unknown-key"].hint


def test_gbk_hint_says_how_to_save_as_utf8(project: TempProject) -> None:
    project.write(CASE, project.base_case().encode("gb18030"))
    finding = _only(project)
    assert finding.code == "encoding-gbk"
    assert "记事本" in finding.hint and "UTF-8" in finding.hint and "WPS" in finding.hint


def test_fullwidth_colon_column_and_fix(project: TempProject) -> None:
    project.case_with(("  place: 社区议事厅", "  place：社区议事厅"))
    finding = _only(project)
    assert (finding.line, finding.column) == (16, 8)
    assert "place: " in finding.hint


def test_tab_points_at_the_line_typed_not_where_the_parser_fails(project: TempProject) -> None:
    project.case_with(("    note: 完成设计方案。", "\tnote: 完成设计方案。"))
    finding = _only(project)
    assert (finding.code, finding.line) == ("tab-indent", 47)


def test_several_slips_are_all_reported(project: TempProject) -> None:
    project.case_with(
        ("  place: 社区议事厅", "  place：社区议事厅"), ("  host: 王主任", "  host:王主任")
    )
    assert [(f.code, f.line) for f in project.analyse().findings] == [
        ("fullwidth-colon", 16),
        ("colon-no-space", 17),
    ]


def test_a_case_with_a_load_error_is_left_out_but_its_text_kept(project: TempProject) -> None:
    project.case_with(("form: 居民议事会", "form: 议事会"))
    analysis = project.analyse()
    assert [c.id for c in analysis.cases] == ["2026-01"]
    texts = {f.path.name: f.text for f in analysis.project.files}
    assert "form: 议事会" in texts["2026-02.md"]


def test_a_broken_community_keeps_its_cases_out_without_crashing(project: TempProject) -> None:
    project.community_with(("kind: 社区", "kind：社区"))
    analysis = project.analyse()
    assert analysis.communities == []
    assert [f.code for f in analysis.findings] == ["fullwidth-colon"]


def test_alias_bomb_is_refused_quickly(project: TempProject) -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklmnopqrstuvwxyz":
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
        prev = name
    project.write(CASE, "\n".join([*lines, "---", ""]))
    started = time.monotonic()
    finding = _only(project)
    assert finding.code == "yaml-alias" and finding.line == 2
    assert time.monotonic() - started < 2


def test_duplicate_key_points_at_the_second(project: TempProject) -> None:
    project.case_with(("  host: 王主任\n", "  host: 王主任\n  host: 李主任\n"))
    finding = _only(project)
    assert (finding.code, finding.line) == ("yaml-duplicate-key", 18)
    assert "host" in finding.message


def test_quoted_value_with_colon_is_fine(project: TempProject) -> None:
    project.case_with(
        ("  summary: 同意加装电梯，", '  summary: "结论: 同意加装电梯，'),
        ("按楼层分摊。", '按楼层分摊。"'),
    )
    assert project.findings() == []


def test_yaml_date_and_quoted_date_are_the_same(project: TempProject) -> None:
    project.case_with(("  posted: 2026-03-03", '  posted: "2026-03-03"'))
    assert project.findings() == []


def test_control_character_is_a_finding_at_its_line(project: TempProject) -> None:
    project.case_with(("  place: 社区议事厅", "  place: 社区\x01议事厅"))
    finding = _only(project)
    assert (finding.code, finding.line, finding.column) == ("yaml-syntax", 16, 12)
    assert "U+0001" in finding.message


def test_folded_lines_join_chinese_without_a_gap() -> None:
    """A value typed over several lines keeps no space between Chinese characters;
    spaces a clerk typed on one line, and next to Latin or digits, stay."""
    from generator.source.yamlsource import parse_yaml_text

    doc = parse_yaml_text(
        "a: >-\n  费用 3240 元，\n  由社区承担。\n  OK\n  then\n"
        "b: 王建华 陈丽娟\n"
        "c: 第一行\n  第二行\n"
        "d: |\n  第一行\n  第二行\n"
    )
    assert doc.value == {
        "a": "费用 3240 元，由社区承担。 OK then",
        "b": "王建华 陈丽娟",
        "c": "第一行第二行",
        "d": "第一行\n第二行\n",
    }


def test_a_project_named_by_a_relative_path_loads_as_an_absolute_one(
    project: TempProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`analyse(Path("."))` from inside the project: the gate compares absolute paths."""
    import datetime as dt
    from pathlib import Path

    from generator.check.project import analyse

    absolute = analyse(project.root, dt.date(2026, 11, 22))
    monkeypatch.chdir(project.root.parent)
    relative = analyse(Path(project.root.name), dt.date(2026, 11, 22))
    assert [c.key for c in relative.cases] == [c.key for c in absolute.cases]
    assert [f.code for f in relative.findings] == [f.code for f in absolute.findings]
