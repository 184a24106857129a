"""casefile: the editor's one serializer of a case (entry data <-> file text)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.editor.casefile import canonical, from_text, to_text
from generator.source import fields

REPO = Path(__file__).parent.parent
EXAMPLE_CASES = sorted((REPO / "content").glob("*/*.md"))


@pytest.mark.parametrize("path", EXAMPLE_CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_case_keeps_its_values_and_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    written = canonical(text)
    assert from_text(written) == from_text(text)
    assert canonical(written) == written  # written once, it stays as it is


def test_front_matter_follows_fields_py_order_and_drops_empty_values() -> None:
    data = {
        "meeting": {"host": "王主任", "place": "", "start": "2026-03-10 19:00"},
        "title": "关于加装电梯的协商",
        "notice": {"posted": None, "until": ""},
        "participants": [],
        "progress": [{"percent": 30, "date": "2026-04-15", "photos": ["a.jpg", ""]}],
        "unknown_key": "留给检查器报告",
        "body": "## 背景\r\n\r\n正文。",
    }
    text = to_text(data)
    assert text == (
        "---\n"
        "title: 关于加装电梯的协商\n"
        "meeting:\n"
        "  start: 2026-03-10 19:00\n"
        "  host: 王主任\n"
        "progress:\n"
        "  - date: 2026-04-15\n"
        "    percent: 30\n"
        "    photos:\n"
        "      - a.jpg\n"
        "unknown_key: 留给检查器报告\n"
        "---\n"
        "\n"
        "## 背景\n\n正文。\n"
    )
    keys = [f.key for f in fields.CASE.children]
    assert keys.index("title") < keys.index("meeting") < keys.index("progress")


@pytest.mark.parametrize(
    "value",
    ["true", "123", "a: b", "# 不是注释", "- 列表", "2026-3-1", " 前后空格 ", "'引号'", "@x"],
)
def test_text_that_yaml_would_misread_is_quoted(value: str) -> None:
    data, _ = from_text(to_text({"title": value}))
    assert data["title"] == value


def test_dates_and_times_are_written_plain() -> None:
    text = to_text(
        {"proposed": {"date": dt.date(2026, 3, 2)}, "meeting": {"start": "2026-03-10 19:00"}}
    )
    assert "  date: 2026-03-02\n" in text and "  start: 2026-03-10 19:00\n" in text


def test_text_that_is_not_a_case_is_left_as_it_is() -> None:
    broken = "---\ntitle: [unclosed\n---\n"
    assert canonical(broken) == broken
    assert canonical("no front matter") == "no front matter"


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    max_size=40,
) | st.sampled_from(["第一行\n第二行", "结尾换行\n", "a\n\nb", "x: y\nz"])


@given(title=_TEXT, summary=_TEXT, count=st.integers(0, 10**6), flag=st.booleans())
def test_values_survive_the_round_trip(title: str, summary: str, count: int, flag: bool) -> None:
    data = {
        "title": title,
        "meeting": {"major": flag},
        "outcome": {"summary": summary, "vote": {"for": count}},
    }
    read, _ = from_text(to_text(data))
    expected = {k: v for k, v in data.items()}
    if not title.strip():
        expected.pop("title")
    if not summary.strip():
        expected["outcome"] = {"vote": {"for": count}}
    assert read == expected
