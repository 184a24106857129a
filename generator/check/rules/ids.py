"""Ids: duplicate ledger numbers (2026-01 and 2026-001 are one entry), ``related``
ids that do not exist, and ``moved_from`` addresses that clash.

Malformed folder and file names are reported by the loader (``bad-community-id``,
``bad-case-id``); here the ids written inside files are checked. Existence is
judged against every case *file*, loaded or not, so one broken case does not
cascade into findings in the cases that mention it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.check.rules.common import source_finding
from generator.findings import Finding, make
from generator.messages import checks as words
from generator.model.cases import Case
from generator.source.fields import CASE_ID, COMMUNITY_ID
from generator.source.yamlsource import Mark

if TYPE_CHECKING:
    from generator.check.analysis import Analysis
    from generator.model.load import SourceFile

_FULL_KEY = re.compile(r"^(?P<community>[^/\s]+)/(?P<case>[^/\s]+)$")


def ledger(case_id: str) -> tuple[int, int]:
    """``2026-03`` -> (2026, 3): the ledger entry a case id names."""
    year, number = case_id.split("-")
    return int(year), int(number)


def check(analysis: Analysis) -> Iterable[Finding]:
    """Every id finding of the project."""
    yield from local_check(analysis)
    yield from cross_check(
        case_keys(analysis), [links(case) for case in analysis.cases], withdrawn_keys(analysis)
    )


def local_check(analysis: Analysis) -> Iterable[Finding]:
    """The id findings that need no other community's files: ledger numbers used twice
    within a community (``noticeboard check`` runs this per community and keeps it)."""
    case_files = [f for f in analysis.project.files if f.kind == "case" and f.case]
    yield from duplicate_ids(case_files)


def case_keys(analysis: Analysis) -> set[str]:
    """Every case that exists for ``related`` and ``moved_from``: each case *file* with a
    well-formed name, loaded or not, and each loaded case."""
    existing = {
        f"{f.community}/{f.case}" for f in analysis.project.files if f.kind == "case" and f.case
    }
    return existing | {case.key for case in analysis.cases}


def withdrawn_keys(analysis: Analysis) -> set[str]:
    """Every address declared taken down (``withdrawn.yml``): it answers 已撤下."""
    return {
        f"{tomb.community_id}/{tomb.case_id}"
        for community in analysis.project.communities
        for tomb in community.withdrawn
    }


@dataclass(frozen=True)
class Links:
    """What the cross-file id rules need of one loaded case: its key and file, and each
    ``related`` and ``moved_from`` entry with where it is written. Small: ``check``
    keeps it with each community's findings instead of the whole case."""

    key: str
    community_id: str
    id: str
    path: str  # as the file was read (a string: thousands of them are unpickled)
    related: tuple[tuple[str, Mark], ...]
    moved_from: tuple[tuple[str, Mark], ...]


def _finding(code: str, case: Links, mark: Mark, **params: Any) -> Finding:
    """As ``rules.common.case_finding``, from a case's ``Links``."""
    return make(
        code, case.path, mark.line, mark.column, community=case.community_id, case=case.id, **params
    )


def links(case: Case) -> Links:
    return Links(
        key=case.key,
        community_id=case.community_id,
        id=case.id,
        path=str(case.path),
        related=tuple((ref, case.source.at("related", i)) for i, ref in enumerate(case.related)),
        moved_from=tuple(
            (old, case.source.at("moved_from", i)) for i, old in enumerate(case.moved_from)
        ),
    )


def cross_check(
    existing: set[str], cases: list[Links], withdrawn: set[str] | None = None
) -> Iterator[Finding]:
    """The id findings that look across communities, from every case's ``Links`` (in
    the order of ``analysis.cases``), every existing case key (``case_keys``) and
    every address taken down (``withdrawn_keys``)."""
    for case in cases:
        yield from related_ids(case, existing)
    yield from moved_from_conflicts(cases, existing, withdrawn or set())


def duplicate_ids(case_files: list[SourceFile]) -> Iterator[Finding]:
    """One finding on every case file whose ledger number an earlier file already uses."""
    first: dict[tuple[str, tuple[int, int]], SourceFile] = {}
    for source in sorted(case_files, key=lambda f: (f.community, f.path.name)):
        assert source.case is not None
        key = (source.community, ledger(source.case))
        if key in first:
            other = first[key]
            yield source_finding("duplicate-id", source, found=source.case, other=other.path.name)
        else:
            first[key] = source


def resolve_related(case: Case | Links, ref: str) -> str | None:
    """The ``community-id/case-id`` key a ``related`` entry names, or None if malformed."""
    ref = ref.strip()
    if CASE_ID.match(ref):
        return f"{case.community_id}/{ref}"
    m = _FULL_KEY.match(ref)
    if m and COMMUNITY_ID.match(m["community"]) and CASE_ID.match(m["case"]):
        return ref
    return None


def _near_miss(key: str, existing: set[str]) -> str | None:
    """An existing case with the same ledger number written differently (2025-7 / 2025-007)."""
    community, _, case_id = key.partition("/")
    for other in sorted(existing):
        other_community, _, other_id = other.partition("/")
        if other_community == community and ledger(other_id) == ledger(case_id):
            return other_id
    return None


def related_ids(case: Links, existing: set[str]) -> Iterator[Finding]:
    """``related-missing`` for each entry that is malformed or names no case."""
    for ref, mark in case.related:
        key = resolve_related(case, ref)
        if key is None:
            why = words.RELATED_MALFORMED
        elif key == case.key:
            why = words.RELATED_SELF
        elif key in existing:
            continue
        else:
            near = _near_miss(key, existing)
            why = (
                words.RELATED_NOT_FOUND_NEAR.format(near=near) if near else words.RELATED_NOT_FOUND
            )
        yield _finding("related-missing", case, mark, found=ref, why=why)


def moved_from_conflicts(
    cases: list[Links], existing: set[str], withdrawn: set[str] | None = None
) -> Iterator[Finding]:
    """``moved-from-conflict``: an old address that is malformed, still in use, the
    case's own, declared taken down in ``withdrawn.yml`` (its QR code would say 已撤下
    for a case that only moved), or claimed by two cases (a printed QR code can lead
    to one page only)."""
    withdrawn = withdrawn or set()
    claimed: dict[str, Links] = {}
    for case in sorted(cases, key=lambda c: c.key):
        for old, mark in case.moved_from:
            m = _FULL_KEY.match(old.strip())
            key = old.strip()
            if not (m and COMMUNITY_ID.match(m["community"]) and CASE_ID.match(m["case"])):
                why = words.MOVED_MALFORMED
            elif key == case.key:
                why = words.MOVED_IS_CURRENT
            elif key in existing:
                why = words.MOVED_IN_USE
            elif key in withdrawn:
                community, _, case_id = key.partition("/")
                why = words.MOVED_WITHDRAWN.format(community=community, case_id=case_id)
            elif key in claimed:
                why = words.MOVED_CLAIMED.format(other=claimed[key].key)
            else:
                claimed[key] = case
                continue
            yield _finding("moved-from-conflict", case, mark, found=old, why=why)
