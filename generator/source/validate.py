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
from generator.messages import checks as words
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
_LOOSE_DATE = re.compile(words.LOOSE_DATE)
_LOOSE_TIME = re.compile(words.LOOSE_TIME)


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
        return words.FOUND_EMPTY
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return words.FOUND_FIELDS
    if isinstance(value, list):
        return words.FOUND_LIST
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
            if rest.strip().startswith(words.AFTERNOON) and hour < 12:
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
    hint = words.EMPTY_VALUE
    if spec.kind == CHOICE:
        choices = words.SEPARATOR.join(_choices(spec, lists))
        return words.EMPTY_THEN_CHOOSE.format(hint=hint, choices=choices)
    if spec.help:
        return words.EMPTY_THEN_HELP.format(hint=hint, help=spec.help)
    return hint


def _unknown_key_hint(key: str, spec: Field) -> str:
    known = [f.key for f in spec.children]
    alias = CHINESE_KEY_ALIASES.get(key.strip())
    if alias in known:
        return words.KEY_IN_ENGLISH.format(key=alias)
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if close:
        f = spec.child(close[0])
        return words.DID_YOU_MEAN_KEY.format(key=close[0], label=f.label if f else "")
    where = words.KEYS_UNDER.format(label=spec.label) if spec.key else words.KEYS_HERE
    return words.KEYS_AVAILABLE.format(where=where, keys=words.SEPARATOR.join(known))


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
                    expected=words.EXPECTED_FIELDS,
                    found=_describe(value),
                    hint=words.HINT_FIELDS.format(label=spec.label),
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
                    hint=words.ADD_KEY.format(label=spec.label, key=child.key)
                    + (words.ADD_KEY_HELP.format(help=child.help) if child.help else ""),
                )
        return out
    if spec.kind == LIST:
        if not isinstance(value, list):
            v.report(
                "wrong-type",
                path,
                label=spec.label,
                key=_key(path, spec),
                expected=words.EXPECTED_LIST,
                found=_describe(value),
                hint=words.HINT_LIST,
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
        wrong(words.EXPECTED_ONE_VALUE, words.HINT_ONE_VALUE)
        return None
    if spec.kind == TEXT:
        if isinstance(value, bool):
            wrong(words.EXPECTED_TEXT, words.HINT_TEXT_QUOTE)
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
                hint=words.EMPTY_TEXT,
            ) if spec.required else None
            return None
        return text
    if spec.kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            digits = re.sub(r"\D", "", str(value))
            hint = (
                words.HINT_DIGITS.format(digits=digits)
                if digits and len(digits) <= 6
                else words.HINT_ARABIC_DIGITS
            )
            wrong(words.EXPECTED_INT, hint)
            return None
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            if spec.key == "percent":
                v.report("percent-range", path, found=value)
            else:
                bound = (
                    words.EXPECTED_INT_BETWEEN.format(low=low, high=high)
                    if high is not None
                    else words.EXPECTED_INT_FROM.format(low=low)
                )
                wrong(bound)
            return None
        return value
    if spec.kind == BOOL:
        if not isinstance(value, bool):
            wrong(words.EXPECTED_BOOL, words.HINT_BOOL)
            return None
        return value
    if spec.kind == DATE:
        date = parse_date(value)
        if date is None:
            suggestion = suggest_date(value)
            if isinstance(value, dt.datetime):
                hint = words.HINT_DATE_ONLY.format(date=value.date().isoformat())
            elif suggestion and parse_date(suggestion.split(" ")[0]) is not None:
                hint = words.HINT_WRITE_AS.format(value=suggestion.split(" ")[0])
            else:
                hint = words.HINT_DATE
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
            timed = ":" in str(value) or words.FULL_WIDTH_COLON in str(value)  # a time: not missing
            if isinstance(value, dt.date) or (suggestion and " " not in suggestion and not timed):
                day = value.isoformat() if isinstance(value, dt.date) else suggestion
                hint = words.HINT_ADD_TIME.format(day=day)
            elif suggestion and " " in suggestion and parse_datetime(suggestion) is not None:
                hint = words.HINT_WRITE_AS.format(value=suggestion)  # only a fix that is one
            else:
                hint = words.HINT_DATETIME
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
            options = words.SEPARATOR.join(
                words.CHOICE_OPTION.format(value=val, label=label) for val, label in spec.choices
            )
        else:
            options = words.SEPARATOR.join(allowed)
        hint = (words.DID_YOU_MEAN.format(value=close[0]) if close else "") + words.CHOICES.format(
            options=options
        )
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
