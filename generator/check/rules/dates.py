"""Dates in order, and progress that never goes backwards.

docs/format.md: proposed.date ≤ notice.posted ≤ notice.until ≤ date(meeting.start) ≤
outcome.date ≤ progress dates (ascending), and outcome.date ≤ filed, published,
referrals[].sent ≤ replied, evaluation.date. Absent fields drop out; the order is
transitive through them.

When the order is broken, the finding names the fewest fields whose removal
restores it; on a tie, the earlier field (in the order above). The dates form a
chain with branches hanging off its end, so the fewest removals are found exactly:
for every possible latest kept chain date, the longest ordered subsequence of the
chain below it plus that of each branch above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding
from generator.findings import Finding
from generator.messages import checks as words
from generator.model.cases import Case
from generator.source.fields import CASE, dotted, label

if TYPE_CHECKING:
    from generator.check.analysis import Analysis

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class DatedField:
    key: Key  # where it is in the file
    date: dt.date
    shown: str  # the value as the clerk wrote it

    @property
    def label(self) -> str:
        """The field's Chinese name (asked for a finding only: a case's dates are
        ordered on every check)."""
        return label(CASE, *self.key)


# A case's dates as docs/format.md orders them: the main chain, the branches after it.
Chain = tuple[list[DatedField], list[list[DatedField]]]


# The dates a case can plausibly hold (one place): from the year 2000 (the first
# consultations on record) to five years after the day checked for. A year typo
# (0205-04-07, 2206-04-07) is outside and would add centuries of empty years to a page.
EARLIEST_DATE = dt.date(2000, 1, 1)
YEARS_AHEAD = 5


def plausible_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """(earliest, latest) date a case may hold, checked on ``today``."""
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    return EARLIEST_DATE, latest


def dates_plausible(case: Case, today: dt.date, chain: Chain | None = None) -> Iterator[Finding]:
    """``date-implausible`` for each date of ``case`` outside ``plausible_range``
    (``chain``: ``chain_of(case)``, if made already)."""
    low, high = plausible_range(today)
    main, branches = chain or chain_of(case)
    for field in [*main, *(f for branch in branches for f in branch)]:
        if not (low <= field.date <= high):
            yield case_finding(
                "date-implausible",
                case,
                case.source.at(*field.key),
                label=field.label,
                key=dotted(field.key),
                value=field.shown,
                low=low.isoformat(),
                high=high.isoformat(),
            )


def check(analysis: Analysis) -> Iterable[Finding]:
    """Date-order and progress findings for every loaded case."""
    for case in analysis.cases:
        chain = chain_of(case)
        yield from dates_plausible(case, analysis.today, chain)
        yield from dates_in_order(case, chain)
        yield from meeting_end(case)
        yield from progress_never_decreasing(case)


def chain_of(case: Case) -> Chain:
    """The case's dates as docs/format.md orders them: the main chain and the branches after it."""

    def f(key: Key, date: dt.date | None, shown: str | None = None) -> DatedField | None:
        """The field at ``key``, named by its label in generator.source.fields."""
        if date is None:
            return None
        return DatedField(key, date, shown or date.isoformat())

    main = [
        f(("proposed", "date"), case.proposed.date),
        f(("notice", "posted"), case.notice.posted if case.notice else None),
        f(("notice", "until"), case.notice.until if case.notice else None),
        f(
            ("meeting", "start"),
            case.meeting.start.date() if case.meeting else None,
            case.meeting.start.strftime("%Y-%m-%d %H:%M") if case.meeting else None,
        ),
        f(("outcome", "date"), case.outcome.date if case.outcome else None),
    ]
    progress = [f(("progress", i, "date"), p.date) for i, p in enumerate(case.progress)]
    outcome = case.outcome
    branches: list[list[DatedField | None]] = [
        progress,
        [f(("outcome", "filed"), outcome.filed if outcome else None)],
        [f(("outcome", "published"), outcome.published if outcome else None)],
    ]
    for i, r in enumerate(case.referrals):
        branches.append(
            [f(("referrals", i, "sent"), r.sent), f(("referrals", i, "replied"), r.replied)]
        )
    branches.append([f(("evaluation", "date"), case.evaluation.date if case.evaluation else None)])
    present = [x for x in main if x]
    return present, [b for b in ([x for x in branch if x] for branch in branches) if b]


def _ordered_run(
    values: Sequence[dt.date],
    offset: int,
    keep: set[int],
    out: set[int],
    low: dt.date,
    high: dt.date,
) -> int | None:
    """Longest non-decreasing subsequence of ``values`` within [low, high] that keeps
    every index in ``keep`` and none in ``out`` (indices shifted by ``offset``);
    None when no such subsequence exists."""
    n = len(values)
    kept_here = sorted(i - offset for i in keep if offset <= i < offset + n)
    best_end: list[int | None] = [None] * n
    for i, value in enumerate(values):
        if i + offset in out or not (low <= value <= high):
            continue
        best = 0 if not kept_here or kept_here[0] >= i else None
        for j in range(i - 1, -1, -1):
            prev = best_end[j]
            if prev is not None and values[j] <= value and (best is None or prev > best):
                best = prev
            if j + offset in keep:
                break  # a kept field cannot be skipped over
        best_end[i] = None if best is None else best + 1
    if not kept_here:
        candidates = [b for b in best_end if b is not None] + [0]
    else:
        candidates = [b for b in best_end[kept_here[-1] :] if b is not None]
    if any(not (low <= values[k] <= high) for k in kept_here):
        return None
    return max(candidates) if candidates else None


def _most_kept(
    main: list[dt.date], branches: list[list[dt.date]], keep: set[int], out: set[int]
) -> int:
    """The most fields that can stay with the order intact (-1 if the constraints forbid it)."""
    offsets, start = [], len(main)
    for b in branches:
        offsets.append(start)
        start += len(b)
    best = -1
    for ceiling in sorted({dt.date.min, *main, *(d for b in branches for d in b)}):
        kept = _ordered_run(main, 0, keep, out, dt.date.min, ceiling)
        if kept is None:
            continue
        for branch, offset in zip(branches, offsets, strict=True):
            more = _ordered_run(branch, offset, keep, out, ceiling, dt.date.max)
            if more is None:
                kept = None
                break
            kept += more
        if kept is not None and kept > best:
            best = kept
    return best


def fewest_out_of_order(main: list[dt.date], branches: list[list[dt.date]]) -> list[int]:
    """Indices (main first, then each branch in turn) of the fewest dates whose
    removal puts the rest in order; on a tie the earlier indices are chosen."""
    total = len(main) + sum(len(b) for b in branches)
    most = _most_kept(main, branches, set(), set())
    to_remove = total - most
    if to_remove == 0:
        return []
    keep: set[int] = set()
    out: set[int] = set()
    for i in range(total):
        if (
            len(out) < to_remove
            and total - _most_kept(main, branches, keep, out | {i}) == to_remove
        ):
            out.add(i)
        else:
            keep.add(i)
    return sorted(out)


def _in_order(main: list[dt.date], branches: list[list[dt.date]]) -> bool:
    if any(a > b for a, b in pairwise(main)):
        return False
    floor = main[-1] if main else dt.date.min
    return all(a <= b for branch in branches for a, b in pairwise([floor, *branch]))


def dates_in_order(case: Case, chain: Chain | None = None) -> Iterator[Finding]:
    """``date-order`` on each of the fewest fields whose removal restores the order
    (``chain``: ``chain_of(case)``, if made already)."""
    main, branches = chain or chain_of(case)
    main_dates = [x.date for x in main]
    branch_dates = [[x.date for x in b] for b in branches]
    if _in_order(main_dates, branch_dates):
        return
    flat = main + [x for b in branches for x in b]
    removed = set(fewest_out_of_order(main_dates, branch_dates))
    # who must come before / after whom, by flat index
    before: dict[int, list[int]] = {}
    after: dict[int, list[int]] = {}
    start = len(main)
    groups = [list(range(len(main)))]
    for b in branches:
        groups.append(list(range(start, start + len(b))))
        start += len(b)
    for i in range(len(flat)):
        if i < len(main):
            before[i] = list(range(i))
            after[i] = [j for j in range(len(flat)) if j > i]
        else:
            group = next(g for g in groups[1:] if i in g)
            before[i] = list(range(len(main))) + [j for j in group if j < i]
            after[i] = [j for j in group if j > i]
    for i in sorted(removed):
        field = flat[i]
        late = [j for j in before[i] if j not in removed and flat[j].date > field.date]
        early = [j for j in after[i] if j not in removed and flat[j].date < field.date]
        if late:
            other, relation, should = flat[late[-1]], words.EARLIER, words.NOT_EARLIER
        elif early:
            other, relation, should = flat[early[0]], words.LATER, words.NOT_LATER
        else:  # cannot happen for a fewest removal; say something true anyway
            continue
        yield case_finding(
            "date-order",
            case,
            case.source.at(*field.key),
            label=field.label,
            key=dotted(field.key),
            value=field.shown,
            relation=relation,
            should=should,
            other_label=other.label,
            other_key=dotted(other.key),
            other_value=other.shown,
        )


def meeting_end(case: Case) -> Iterator[Finding]:
    """``date-order`` when ``meeting.end`` is before ``meeting.start``."""
    meeting = case.meeting
    if meeting is None or meeting.end is None or meeting.end >= meeting.start:
        return
    yield case_finding(
        "date-order",
        case,
        case.source.at("meeting", "end"),
        label=label(CASE, "meeting", "end"),
        key="meeting.end",
        value=meeting.end.strftime("%Y-%m-%d %H:%M"),
        relation=words.EARLIER,
        should=words.NOT_EARLIER,
        other_label=label(CASE, "meeting", "start"),
        other_key="meeting.start",
        other_value=meeting.start.strftime("%Y-%m-%d %H:%M"),
    )


def progress_never_decreasing(case: Case) -> Iterator[Finding]:
    """``progress-decreasing`` at each percent below an earlier one."""
    highest: int | None = None
    for i, update in enumerate(case.progress):
        if highest is not None and update.percent < highest:
            yield case_finding(
                "progress-decreasing",
                case,
                case.source.at("progress", i, "percent"),
                previous=highest,
                found=update.percent,
                item=i + 1,
            )
        else:
            highest = update.percent
