"""Small helpers the rule modules share: building findings that point at a case's
or a community's file, and the one way an unknown calendar year is reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from generator.findings import Finding, make
from generator.model.cases import Case, Community
from generator.model.workdays import UnknownYear
from generator.source.yamlsource import Mark

if TYPE_CHECKING:
    from generator.model.load import SourceFile


def scanned(
    source: SourceFile, rule: str, scan: Callable[[SourceFile], Iterable[Finding]]
) -> tuple[Finding, ...]:
    """``scan(source)`` for a rule that reads only this one file, computed once per
    file content: the result travels with the file through the build cache. Kept as
    a tuple: most scans find nothing, and the empty tuple is one object (an empty list
    each took 56 bytes, 0.6 KB a case over the rules, held through the build)."""
    if rule not in source.scans:
        source.scans[rule] = tuple(scan(source))
    return source.scans[rule]


def source_finding(
    code: str, source: SourceFile, line: int = 1, column: int = 1, **params: Any
) -> Finding:
    """A finding at ``line``:``column`` of a clerk's file (a case file or community.yml)."""
    return make(
        code,
        source.path,
        line,
        column,
        community=source.community,
        case=source.case,
        **params,
    )


def case_finding(code: str, case: Case, mark: Mark, **params: Any) -> Finding:
    """A finding about ``case`` at ``mark`` in its file (shown on its page if public)."""
    return make(
        code,
        case.path,
        mark.line,
        mark.column,
        community=case.community_id,
        case=case.id,
        **params,
    )


def community_finding(code: str, community: Community, mark: Mark, **params: Any) -> Finding:
    """A finding about the community as a whole (``case`` is None)."""
    return make(
        code,
        community.source.path,
        mark.line,
        mark.column,
        community=community.id,
        case=None,
        **params,
    )


def unknown_year(case: Case, mark: Mark, err: UnknownYear) -> Finding:
    """``calendar-unknown-year``: working days were needed for a year with no data."""
    return case_finding("calendar-unknown-year", case, mark, year=err.year)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
