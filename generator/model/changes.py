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

from generator.messages import data as words
from generator.model.cases import Result
from generator.source import fields

Fact = str | None  # a fact's shown value; None when absent
_INVALID = words.CHANGED_VALUE_INVALID


def _date(value: Any) -> Fact:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):  # "2026-03-10 19:00" is a string to YAML's safe loader
        try:
            return dt.datetime.fromisoformat(value.strip()).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return _INVALID
    return None if value is None else _INVALID


def _number(value: Any) -> Fact:
    if isinstance(value, bool) or value is None:
        return None if value is None else _INVALID
    if isinstance(value, int):
        return str(value)
    return _INVALID


def _result(value: Any) -> Fact:
    if value is None:
        return None
    try:
        return Result(str(value)).label()
    except ValueError:
        return _INVALID


def _yes_no(value: Any) -> Fact:
    if value is None:
        return None
    return words.YES if value is True else words.NO if value is False else _INVALID


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


def _name(place: str) -> str:
    """The change history's name of the fact at ``place`` (``outcome.vote.for``): its
    own (``messages/data.py``), or the field's label."""
    if place in words.CHANGED_FACTS:
        return words.CHANGED_FACTS[place]
    return fields.label(fields.CASE, *place.split("."))


FACTS: tuple[FactSpec, ...] = (
    FactSpec(_name("title"), lambda d: _get(d, "title"), _text, True),
    FactSpec(_name("category"), lambda d: _get(d, "category"), _text, True),
    FactSpec(_name("form"), lambda d: _get(d, "form"), _text, True),
    FactSpec(_name("proposed.date"), lambda d: _get(d, "proposed", "date"), _date),
    FactSpec(_name("notice.posted"), lambda d: _get(d, "notice", "posted"), _date),
    FactSpec(_name("notice.until"), lambda d: _get(d, "notice", "until"), _date),
    FactSpec(_name("meeting.start"), lambda d: _get(d, "meeting", "start"), _date),
    FactSpec(_name("meeting.end"), lambda d: _get(d, "meeting", "end"), _date),
    FactSpec(_name("meeting.place"), lambda d: _get(d, "meeting", "place"), _text, True),
    FactSpec(_name("meeting.host"), lambda d: _get(d, "meeting", "host"), _text, True),
    FactSpec(_name("meeting.major"), lambda d: _get(d, "meeting", "major"), _yes_no),
    FactSpec(_name("participants"), lambda d: _get(d, "participants"), _text, True),
    FactSpec(_name("attendance.present"), lambda d: _get(d, "attendance", "present"), _number),
    FactSpec(
        _name("attendance.council_present"),
        lambda d: _get(d, "attendance", "council_present"),
        _number,
    ),
    FactSpec(_name("outcome.result"), lambda d: _get(d, "outcome", "result"), _result),
    FactSpec(_name("outcome.date"), lambda d: _get(d, "outcome", "date"), _date),
    FactSpec(_name("outcome.summary"), lambda d: _get(d, "outcome", "summary"), _text, True),
    FactSpec(_name("outcome.vote.for"), lambda d: _get(d, "outcome", "vote", "for"), _number),
    FactSpec(
        _name("outcome.vote.against"), lambda d: _get(d, "outcome", "vote", "against"), _number
    ),
    FactSpec(
        _name("outcome.vote.abstain"), lambda d: _get(d, "outcome", "vote", "abstain"), _number
    ),
    FactSpec(_name("outcome.filed"), lambda d: _get(d, "outcome", "filed"), _date),
    FactSpec(_name("outcome.published"), lambda d: _get(d, "outcome", "published"), _date),
    FactSpec(_name("referrals.count"), lambda d: _count(d, "referrals"), _number),
    FactSpec(_name("referrals"), lambda d: _get(d, "referrals"), _text, True),
    FactSpec(_name("progress.percent"), lambda d: _get(d, "progress", -1, "percent"), _number),
    FactSpec(_name("progress"), lambda d: _get(d, "progress"), _text, True),
    FactSpec(_name("evaluation"), lambda d: _get(d, "evaluation"), _text, True),
    FactSpec(_name("attachments"), lambda d: _get(d, "attachments"), _text, True),
)
BODY = words.CHANGED_FACTS["body"]


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
            values[spec.label] = _INVALID
    values[BODY] = _digest(body.strip())
    return Facts(values)


def describe(old: Facts | None, new: Facts | None) -> list[str]:
    """What changed from ``old`` to ``new``, in Chinese, one item per fact."""
    if new is None or old is None:
        return [words.CHANGED_UNKNOWN]
    free = {spec.label for spec in FACTS if spec.free_text} | {BODY}
    out: list[str] = []
    for label, value in new.values.items():
        before = old.values.get(label)
        if before == value:
            continue
        if label in free:
            out.append(words.CHANGED_TEXT.format(label=label))
        elif before is None:
            out.append(words.CHANGED_ADDED.format(label=label, value=value))
        elif value is None:
            out.append(words.CHANGED_REMOVED.format(label=label, before=before))
        else:
            out.append(words.CHANGED_VALUE.format(label=label, before=before, value=value))
    return out or [words.CHANGED_FORMAT_ONLY]


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
            out.append([words.CHANGED_UNKNOWN])
        elif i == len(revisions) - 1:
            out.append([words.CREATED])
        else:
            out.append(describe(revisions[i + 1][1], current))
    return out
