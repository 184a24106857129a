"""Check parsed YAML against a field declaration (``generator.source.fields``).

Returns the values converted to Python types (dates, datetimes, ints) and a
finding for every value that is missing, unknown, or of the wrong kind, each at
the line and column where the clerk typed it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import clock
from generator.findings import Finding, make
from generator.source.config import Lists
from generator.source.fields import (
    BOOL,
    CHINESE_KEY_ALIASES,
    CHOICE,
    DATE,
    DATETIME,
    INT,
    LIST,
    MAP,
    TEXT,
    Field,
    choice_values,
    dotted,
)
from generator.source.yamlsource import Doc

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
# Dates as people write them: 2026年3月10日, 2026/3/10, 2026.3.10, 2026-3-10
_LOOSE_DATE = re.compile(
    r"^\s*(\d{4})\s*[年/.\-－．]\s*(\d{1,2})\s*[月/.\-－．]\s*(\d{1,2})\s*日?\s*(.*)$"
)
_LOOSE_TIME = re.compile(r"^(?:上午|下午|晚上)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?$")


@dataclass
class Validation:
    path: Path
    doc: Doc
    lists: Lists
    community: str | None = None
    case: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def report(
        self, code: str, at: tuple[str | int, ...], *, key_line: bool = False, **params: Any
    ) -> None:
        mark = self.doc.key_at(*at) if key_line else self.doc.at(*at)
        self.findings.append(
            make(
                code,
                self.path,
                mark.line,
                mark.column,
                community=self.community,
                case=self.case,
                **params,
            )
        )


def _describe(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "一组字段"
    if isinstance(value, list):
        return "一个列表"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def suggest_date(value: Any) -> str | None:
    """``2026年3月10日`` -> ``2026-03-10``; None when the text is not a date at all."""
    m = _LOOSE_DATE.match(str(value))
    if not m:
        return None
    year, month, day, rest = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
    try:
        date = dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    if rest:
        t = _LOOSE_TIME.match(rest.strip())
        if t:
            hour = int(t.group(1))
            if rest.strip().startswith(("下午", "晚上")) and hour < 12:
                hour += 12
            return f"{date} {hour:02d}:{int(t.group(2) or 0):02d}"
    return date


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):  # with an offset or Z: converted to local time
        return clock.local(value).replace(second=0, microsecond=0)
    if isinstance(value, str):
        m = _DATETIME.match(value.strip())
        if m:
            try:
                return dt.datetime.combine(
                    dt.date.fromisoformat(m.group(1)), dt.time(int(m.group(2)), int(m.group(3)))
                )
            except ValueError:
                return None
    return None


def _choices(spec: Field, lists: Lists) -> list[str]:
    return choice_values(spec, lists)


def _empty_hint(spec: Field, lists: Lists) -> str:
    """What to write after a required key that was left empty."""
    hint = "冒号后面还没有填写内容"
    if spec.kind == CHOICE:
        return f"{hint}，从这些中选一个：{'、'.join(_choices(spec, lists))}"
    if spec.help:
        return f"{hint}，{spec.help}"
    return hint


def _unknown_key_hint(key: str, spec: Field) -> str:
    known = [f.key for f in spec.children]
    alias = CHINESE_KEY_ALIASES.get(key.strip())
    if alias in known:
        return f"字段名要用英文：你是不是想写“{alias}”？"
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if close:
        f = spec.child(close[0])
        return f"你是不是想写“{close[0]}”（{f.label if f else ''}）？"
    where = f"“{spec.label}”下" if spec.key else "这里"
    return f"{where}可用的字段有：{'、'.join(known)}"


def validate(value: Any, spec: Field, v: Validation, path: tuple[str | int, ...] = ()) -> Any:
    """Return ``value`` converted per ``spec``, or None where it is unusable (reported)."""
    if spec.kind == MAP:
        if not isinstance(value, dict):
            if path:
                v.report(
                    "wrong-type",
                    path,
                    label=spec.label,
                    key=_key(path, spec),
                    expected="一组字段（下一行缩进两个空格再写）",
                    found=_describe(value),
                    hint=f"{spec.label}下面的各项要另起一行，缩进两个空格",
                )
            else:
                v.report("not-a-mapping", path, found=_describe(value))
            return None
        out: dict[str, Any] = {}
        for k, item in value.items():
            child = spec.child(k)
            if child is None:
                v.report(
                    "unknown-key", (*path, k), key_line=True, key=k, hint=_unknown_key_hint(k, spec)
                )
                continue
            if item is None:
                if child.required:
                    v.report(
                        "required-missing",
                        (*path, k),
                        key_line=True,
                        label=child.label,
                        key=dotted((*path, k)),
                        hint=_empty_hint(child, v.lists),
                    )
                continue
            converted = validate(item, child, v, (*path, k))
            if converted is not None:
                out[k] = converted
        for child in spec.children:
            if child.required and child.key not in value:
                v.report(
                    "required-missing",
                    path,
                    key_line=True,
                    label=child.label,
                    key=dotted((*path, child.key)),
                    hint=f"在{spec.label}中加一行“{child.key}: …”"
                    + (f"（{child.help}）" if child.help else ""),
                )
        return out
    if spec.kind == LIST:
        if not isinstance(value, list):
            v.report(
                "wrong-type",
                path,
                label=spec.label,
                key=_key(path, spec),
                expected="列表（每项另起一行，以“- ”开头）",
                found=_describe(value),
                hint="每一项另起一行，以减号和空格“- ”开头",
            )
            return None
        assert spec.item is not None
        items = [validate(item, spec.item, v, (*path, i)) for i, item in enumerate(value)]
        return [item for item in items if item is not None]
    return _scalar(value, spec, v, path)


def _key(path: tuple[str | int, ...], spec: Field) -> str:
    """The field as a clerk reads it (``referrals[1].to``): made only for a finding."""
    return dotted(path) or spec.key


def _scalar(value: Any, spec: Field, v: Validation, path: tuple[str | int, ...]) -> Any:
    def wrong(expected: str, hint: str = "") -> None:
        v.report(
            "wrong-type",
            path,
            label=spec.label,
            key=_key(path, spec),
            expected=expected,
            found=_describe(value),
            hint=hint,
        )

    if isinstance(value, dict | list):
        wrong("一个值，写在冒号后面的同一行", "这里不需要分行或“- ”")
        return None
    if spec.kind == TEXT:
        if isinstance(value, bool):
            wrong("一段文字", "如果这就是要写的内容，请加英文引号")
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        if not text:
            v.report(
                "required-missing",
                path,
                label=spec.label,
                key=_key(path, spec),
                hint="字段名后面还没有填写内容",
            ) if spec.required else None
            return None
        return text
    if spec.kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            digits = re.sub(r"\D", "", str(value))
            hint = (
                f"只写数字，如“{digits}”"
                if digits and len(digits) <= 6
                else "只写阿拉伯数字，不写单位"
            )
            wrong("整数", hint)
            return None
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            if spec.key == "percent":
                v.report("percent-range", path, found=value)
            else:
                bound = (
                    f"{low} 到 {high} 之间的整数" if high is not None else f"不小于 {low} 的整数"
                )
                wrong(bound)
            return None
        return value
    if spec.kind == BOOL:
        if not isinstance(value, bool):
            wrong("true 或 false", "是写 true，否写 false（英文小写）")
            return None
        return value
    if spec.kind == DATE:
        date = parse_date(value)
        if date is None:
            suggestion = suggest_date(value)
            if isinstance(value, dt.datetime):
                hint = f"这里只写日期：{value.date().isoformat()}"
            elif suggestion and parse_date(suggestion.split(" ")[0]) is not None:
                hint = f"写成“{suggestion.split(' ')[0]}”"
            else:
                hint = "年份 4 位、月和日各 2 位，用英文减号连接，如 2026-03-10；并检查日期是否存在"
            v.report(
                "bad-date",
                path,
                label=spec.label,
                key=_key(path, spec),
                found=_describe(value),
                hint=hint,
            )
        return date
    if spec.kind == DATETIME:
        moment = parse_datetime(value)
        if moment is None:
            suggestion = suggest_date(value)
            timed = ":" in str(value) or "：" in str(value)  # a time was written: not missing
            if isinstance(value, dt.date) or (suggestion and " " not in suggestion and not timed):
                day = value.isoformat() if isinstance(value, dt.date) else suggestion
                hint = f"加上开始时间，写成“{day} 19:00”这样的格式"
            elif suggestion and " " in suggestion and parse_datetime(suggestion) is not None:
                hint = f"写成“{suggestion}”"  # only a fix that is one (never 24:00 again)
            else:
                hint = "日期和时间之间空一格，时间用 24 小时制和英文冒号，如 2026-03-10 19:00"
            v.report(
                "bad-datetime",
                path,
                label=spec.label,
                key=_key(path, spec),
                found=_describe(value),
                hint=hint,
            )
        return moment
    if spec.kind == CHOICE:
        allowed = _choices(spec, v.lists)
        text = str(value).strip() if not isinstance(value, bool) else None
        if text in allowed:
            return text
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.4)
        if isinstance(spec.choices, tuple):
            options = "、".join(f"{val}（{label}）" for val, label in spec.choices)
        else:
            options = "、".join(allowed)
        hint = (f"你是不是想写“{close[0]}”？" if close else "") + f"可选的值：{options}"
        v.report(
            "not-in-list",
            path,
            label=spec.label,
            key=_key(path, spec),
            found=_describe(value),
            hint=hint,
        )
        return None
    raise AssertionError(f"unknown field kind {spec.kind}")
