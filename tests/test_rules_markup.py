"""Unsafe markup, case-insensitive, after decoding HTML entities."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

from generator.check.rules.markup import find_unsafe_markup

UNSAFE = [
    "<script>alert(1)</script>",
    "<SCRIPT src=x></SCRIPT>",
    "< script>",
    "<iframe src='https://example.com'></iframe>",
    "<object data='x.swf'></object>",
    '<img src="x.jpg" onerror="alert(1)">',
    "<div\n  onmouseover='x()'>悬停</div>",
    "<svg/onload=alert(1)>",
    "[点这里](javascript:alert(1))",
    "[点这里]( JavaScript:alert(1))",
    "[点这里](<javascript:alert(1)>)",
    "![图](data:image/png;base64,iVBORw0KGgo=)",
    "[链接](vbscript:msgbox(1))",
    "[ref]: javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    "[x](&#106avascript:alert(1))",
    "<javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",  # decoded once: the page would show it... and a careless template run it
]
SAFE = [
    "居民说：javascript 是一种编程语言。",
    "数据 data: 见附件",
    "[网站](https://xs.example.cn/) 和 ![图](photo1.jpg)",
    "<a href='https://example.com/?on=1'>x</a>",
    "<scripting> 不是标签",
    "会议 on=周三",
    "`onclick=` 写在代码里的字样",
    "<p class='note'>说明</p>",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe(text: str) -> None:
    assert find_unsafe_markup(text), text


@pytest.mark.parametrize("text", SAFE)
def test_safe(text: str) -> None:
    assert find_unsafe_markup(text) == []


def test_position_is_in_the_original_text() -> None:
    text = '第一行\n见 <a href="&#106;avascript:x">'
    (item,) = find_unsafe_markup(text)
    assert text[item.offset : item.offset + 6] == "&#106;"


def test_line_and_column_in_a_case(project: TempProject) -> None:
    project.case_with(("## 协商过程\n", "## 协商过程\n\n前言 <iframe src=x></iframe>\n"))
    (finding,) = project.analyse().findings
    assert (finding.code, finding.line, finding.column) == ("unsafe-markup", 74, 4)
    assert "iframe" in finding.message


def test_markup_in_a_file_that_failed_to_load(project: TempProject) -> None:
    project.case_with(("title: 关于", "title：<script>关于"))
    found = codes_at(project.findings(), "content/xiguan/2026-02.md")
    assert found == [("fullwidth-colon", 2), ("unsafe-markup", 2)]


def test_markup_in_community_description(project: TempProject) -> None:
    project.community_with(("description: 西关社区", "description: <object data=x>西关社区"))
    assert [(c, p) for c, p, _line in project.findings()] == [
        ("unsafe-markup", "content/xiguan/community.yml")
    ]
