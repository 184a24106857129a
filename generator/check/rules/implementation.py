"""Stale implementation: an agreed case not yet 100% done whose last news (the
outcome or the last progress update) is older than the configured days."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding
from generator.findings import Finding
from generator.model.cases import Case, Result
from generator.model.deadlines import last_activity
from generator.source import policies as sources
from generator.source.config import SiteConfig

if TYPE_CHECKING:
    import datetime as dt

    from generator.check.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """``implementation-stale`` for every loaded case."""
    for case in analysis.cases:
        yield from stale(case, analysis.today, analysis.config)


def stale(case: Case, today: dt.date, config: SiteConfig) -> Iterator[Finding]:
    """At the last progress item, else at ``outcome.date``."""
    if case.outcome is None or case.outcome.result is not Result.AGREED:
        return
    if case.implemented:
        return
    last = last_activity(case)
    if last is None:
        return
    days = (today - last).days
    rules = config.rules
    if days <= rules.stale_days:
        return
    if case.progress:
        mark = case.source.key_at("progress", len(case.progress) - 1)
    else:
        mark = case.source.at("outcome", "date")
    yield case_finding(
        "implementation-stale",
        case,
        mark,
        days=days,
        maximum=rules.stale_days,
        since=last.isoformat(),
        **_cite(config),
    )


def _cite(config: SiteConfig) -> dict[str, object]:
    cite = sources.threshold(config, "stale_days", config.rules.stale_days)
    return {"source": cite.text, "binding": cite.binding}
