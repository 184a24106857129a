"""Tombstones: ``content/<community>/withdrawn.yml`` lists the cases taken down.

A printed QR code must never end on a 404. A case that has to go (a legal request, a
mistake) is deleted and declared here instead; its address then shows 已撤下 with the
date and the reason::

    - case: 2025-03
      date: 2026-11-20
      reason: 应当事人要求，依法撤下
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.findings import Finding, make
from generator.messages import codes as words
from generator.model.cases import Withdrawn
from generator.source.yamlsource import Doc

WITHDRAWN_FILE = "withdrawn.yml"
KEYS = ("case", "date", "reason")
REASON_MAX = 200


def read_withdrawn(
    doc: Doc, path: Path, community_id: str, case_id_ok: Callable[[str], bool]
) -> tuple[list[Withdrawn], list[Finding]]:
    """The tombstones of one ``withdrawn.yml`` and what is wrong with its entries."""
    found: list[Withdrawn] = []
    findings: list[Finding] = []

    def bad(detail: str, *where: str | int) -> None:
        mark = doc.at(*where)
        findings.append(
            make(
                "withdrawn-invalid",
                path,
                mark.line,
                mark.column,
                community=community_id,
                detail=detail,
            )
        )

    items = doc.value
    if items is None:
        return found, findings
    if not isinstance(items, list):
        bad(words.WITHDRAWN_NOT_A_LIST)
        return found, findings
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            bad(words.WITHDRAWN_NOT_AN_ENTRY.format(n=i + 1), i)
            continue
        unknown = [k for k in item if k not in KEYS]
        if unknown:
            bad(words.WITHDRAWN_UNKNOWN_KEY.format(n=i + 1, key=unknown[0]), i, unknown[0])
            continue
        case_id = _text(item.get("case"))
        date = _date(item.get("date"))
        reason = _text(item.get("reason"))
        if not case_id or not case_id_ok(case_id):
            bad(words.WITHDRAWN_NO_CASE.format(n=i + 1), i, "case")
        elif date is None:
            bad(words.WITHDRAWN_NO_DATE.format(n=i + 1), i, "date")
        elif not reason:
            bad(words.WITHDRAWN_NO_REASON.format(n=i + 1), i, "reason")
        elif len(reason) > REASON_MAX:
            bad(words.WITHDRAWN_REASON_TOO_LONG.format(n=i + 1, max=REASON_MAX), i, "reason")
        elif case_id in seen:
            bad(words.WITHDRAWN_TWICE.format(case=case_id), i, "case")
        else:
            seen.add(case_id)
            line = doc.key_at(i).line
            found.append(Withdrawn(community_id, case_id, date, reason, path, line))
    return found, findings


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
