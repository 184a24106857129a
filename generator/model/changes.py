"""What a revision of a case file changed, told from the file's own content.

The change history on a case page lists, per revision, its date and the facts that
changed: ``会议时间 2026-08-19 19:00 → 2026-08-20 19:00``. It never shows commit
messages (free text a clerk typed) and never shows an old revision's free text:
an old title or summary may hold what a later revision removed (a resident's
number), so free-text fields are named (``议题名称有修改``) but not quoted. Only
dates, times, numbers and fixed choices are shown with their values, and only when
they parse as such.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from generator.model.cases import Result

Fact = str | None  # a fact's shown value; None when absent


def _date(value: Any) -> Fact:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):  # "2026-03-10 19:00" is a string to YAML's safe loader
        try:
            return dt.datetime.fromisoformat(value.strip()).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return "（写法有误）"
    return None if value is None else "（写法有误）"


def _number(value: Any) -> Fact:
    if isinstance(value, bool) or value is None:
        return None if value is None else "（写法有误）"
    if isinstance(value, int):
        return str(value)
    return "（写法有误）"


def _result(value: Any) -> Fact:
    if value is None:
        return None
    try:
        return Result(str(value)).label()
    except ValueError:
        return "（写法有误）"


def _yes_no(value: Any) -> Fact:
    if value is None:
        return None
    return "是" if value is True else "否" if value is False else "（写法有误）"


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8", "replace")).hexdigest()[:16]


def _text(value: Any) -> Fact:
    """Free text: compared, never shown nor kept (a digest stands in for the value)."""
    if value is None:
        return None
    return _digest(value)


def _get(data: Any, *path: str | int) -> Any:
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def _count(data: Any, *path: str) -> Any:
    items = _get(data, *path)
    return len(items) if isinstance(items, list) else None


@dataclass(frozen=True)
class FactSpec:
    label: str
    read: Callable[[Any], Any]
    show: Callable[[Any], Fact]
    free_text: bool = False


FACTS: tuple[FactSpec, ...] = (
    FactSpec("议题名称", lambda d: _get(d, "title"), _text, True),
    FactSpec("协商内容", lambda d: _get(d, "category"), _text, True),
    FactSpec("协商形式", lambda d: _get(d, "form"), _text, True),
    FactSpec("提出日期", lambda d: _get(d, "proposed", "date"), _date),
    FactSpec("公示开始", lambda d: _get(d, "notice", "posted"), _date),
    FactSpec("公示截止", lambda d: _get(d, "notice", "until"), _date),
    FactSpec("会议时间", lambda d: _get(d, "meeting", "start"), _date),
    FactSpec("会议结束时间", lambda d: _get(d, "meeting", "end"), _date),
    FactSpec("会议地点", lambda d: _get(d, "meeting", "place"), _text, True),
    FactSpec("主持人", lambda d: _get(d, "meeting", "host"), _text, True),
    FactSpec("重大事项", lambda d: _get(d, "meeting", "major"), _yes_no),
    FactSpec("协商主体", lambda d: _get(d, "participants"), _text, True),
    FactSpec("到会人数", lambda d: _get(d, "attendance", "present"), _number),
    FactSpec("到会议事会成员", lambda d: _get(d, "attendance", "council_present"), _number),
    FactSpec("协商结果", lambda d: _get(d, "outcome", "result"), _result),
    FactSpec("结果日期", lambda d: _get(d, "outcome", "date"), _date),
    FactSpec("结果摘要", lambda d: _get(d, "outcome", "summary"), _text, True),
    FactSpec("赞成票", lambda d: _get(d, "outcome", "vote", "for"), _number),
    FactSpec("反对票", lambda d: _get(d, "outcome", "vote", "against"), _number),
    FactSpec("弃权票", lambda d: _get(d, "outcome", "vote", "abstain"), _number),
    FactSpec("备案日期", lambda d: _get(d, "outcome", "filed"), _date),
    FactSpec("结果公示日期", lambda d: _get(d, "outcome", "published"), _date),
    FactSpec("报送事项数", lambda d: _count(d, "referrals"), _number),
    FactSpec("报送事项", lambda d: _get(d, "referrals"), _text, True),
    FactSpec("落实进度", lambda d: _get(d, "progress", -1, "percent"), _number),
    FactSpec("进度记录", lambda d: _get(d, "progress"), _text, True),
    FactSpec("评议", lambda d: _get(d, "evaluation"), _text, True),
    FactSpec("附件", lambda d: _get(d, "attachments"), _text, True),
)
BODY = "正文"


@dataclass(frozen=True)
class Facts:
    """The comparable facts of one revision of a case file."""

    values: dict[str, Fact]


def case_facts(text: str) -> Facts | None:
    """The facts of a case file's text; None when it cannot be read as a case file.

    Parses with PyYAML's safe loader (no tags beyond the standard ones); an old
    revision that is broken simply has no facts.
    """
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    front, body = text[3:end], text[end + 4 :]
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(front, Loader=loader_class)
    except Exception:  # any YAML error in an old revision: no facts
        return None
    if not isinstance(data, dict):
        return None
    values: dict[str, Fact] = {}
    for spec in FACTS:
        try:
            values[spec.label] = spec.show(spec.read(data))
        except Exception:  # a value of an unexpected shape in an old revision
            values[spec.label] = "（写法有误）"
    values[BODY] = _digest(body.strip())
    return Facts(values)


def describe(old: Facts | None, new: Facts | None) -> list[str]:
    """What changed from ``old`` to ``new``, in Chinese, one item per fact."""
    if new is None or old is None:
        return ["文件内容有修改"]
    free = {spec.label for spec in FACTS if spec.free_text} | {BODY}
    out: list[str] = []
    for label, value in new.values.items():
        before = old.values.get(label)
        if before == value:
            continue
        if label in free:
            out.append(f"{label}有修改")
        elif before is None:
            out.append(f"{label}：{value}")
        elif value is None:
            out.append(f"{label}：删去（原为 {before}）")
        else:
            out.append(f"{label} {before} → {value}")
    return out or ["格式调整（内容未变）"]


def revision_changes(texts: list[str | None]) -> list[list[str]]:
    """For revisions newest first (their texts), what each changed from the one before.

    The oldest revision is ``建档``; one whose text is unavailable says so.
    """
    return changes_from_facts(
        [(t is not None, case_facts(t) if t is not None else None) for t in texts]
    )


def changes_from_facts(revisions: list[tuple[bool, Facts | None]]) -> list[list[str]]:
    """Like ``revision_changes`` from each revision's (text available, facts)."""
    out: list[list[str]] = []
    for i, (available, current) in enumerate(revisions):
        if not available:
            out.append(["文件内容有修改"])
        elif i == len(revisions) - 1:
            out.append(["建档"])
        else:
            out.append(describe(revisions[i + 1][1], current))
    return out
