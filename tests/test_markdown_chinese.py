"""Chinese paragraphs typed over several lines render without gaps between characters."""

from __future__ import annotations

from generator.site.sanitize import join_chinese_lines, render_markdown


def test_line_breaks_inside_chinese_are_dropped() -> None:
    html = render_markdown(
        "住户在楼道和窗下拉线充电，\n消防检查时被列为隐患。\n下一句“引号”\n……省略"
    )
    assert html == "<p>住户在楼道和窗下拉线充电，消防检查时被列为隐患。下一句“引号”……省略</p>"


def test_latin_words_and_code_keep_their_breaks() -> None:
    assert join_chinese_lines("see\nalso") == "see\nalso"
    assert join_chinese_lines("电梯\nLift") == "电梯\nLift"  # a space between scripts is fine
    html = render_markdown("正文`代码\n保留`正文\n继续")
    assert "<code>代码\n保留</code>正文继续" in html


def test_block_structure_is_kept() -> None:
    html = render_markdown("第一段。\n\n- 列表一\n- 列表二\n\n## 标题\n第二段")
    assert "<li>列表一</li>" in html and "<li>列表二</li>" in html
    assert "<h2" in html and "第二段" in html
