"""indentation: a key indented wrongly is named at its own line (yaml-indent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import fields
from generator.indentation import indentation_problem
from generator.yamlsource import split_front_matter

REPO = Path(__file__).parent.parent
BASE = (REPO / "tests" / "corpus" / "base" / "content" / "xiguan" / "2026-01.md").read_text(
    encoding="utf-8"
)
FRONT = split_front_matter(BASE).yaml_text


def problem(old: str, new: str):
    assert FRONT.count(old) == 1, old
    return indentation_problem(FRONT.replace(old, new), fields.CASE, 2)


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        (
            "\n  place: 社区议事厅",
            "\n   place: 社区议事厅",
            16,
            ["place", "多缩进了 1 个空格", "2 个空格"],
        ),
        (
            "\n  place: 社区议事厅",
            "\nplace: 社区议事厅",
            16,
            ["“place”是“meeting”里面的字段", "2 个空格"],
        ),
        ("\n  place: 社区议事厅", "\n place: 社区议事厅", 16, ["前面有 1 个空格", "应为 2 个"]),
        ("\n    percent: 30", "\n     percent: 30", 46, ["percent", "4 个空格"]),
        ("\n    percent: 30", "\npercent: 30", 46, ["“percent”是“progress”里面的字段"]),
        ("\n    for: 20", "\nfor: 20", 34, ["“for”是“vote”里面的字段", "4 个空格"]),
        ("\n  date: 2026-03-02", "\ndate: 2026-03-02", 6, ["“date”是“proposed”里面的字段"]),
    ],
)
def test_the_wrong_line_is_named_with_what_it_should_be(
    old: str, new: str, line: int, words: list[str]
) -> None:
    found = problem(old, new)
    assert found is not None and found.code == "yaml-indent" and found.line == line
    for word in words:
        assert word in found.params["explanation"], (word, found.params)
    assert "引号" not in found.message


@pytest.mark.parametrize(
    "path", sorted((REPO / "content").glob("*/*.md")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_a_valid_case_is_never_judged(path: Path) -> None:
    front = split_front_matter(path.read_text(encoding="utf-8")).yaml_text
    assert indentation_problem(front, fields.CASE, 2) is None


@pytest.mark.parametrize(
    "path", sorted((REPO / "content").glob("*/community.yml")), ids=lambda p: p.parent.name
)
def test_a_valid_community_is_never_judged(path: Path) -> None:
    assert indentation_problem(path.read_text(encoding="utf-8"), fields.COMMUNITY) is None


def test_a_block_text_is_not_read_as_keys() -> None:
    text = "title: 议题\noutcome:\n  summary: |\n    第一行\n      note: 不是字段\n  date: 2026-03-12\n"
    assert indentation_problem(text, fields.CASE) is None
