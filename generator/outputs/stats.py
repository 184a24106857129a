"""The statistics page (/stats/): numbers computed from the model, drawn as SVG at
build time, each chart beside the table holding its numbers.

``compute_stats`` is pure arithmetic on the analysis; ``page_view`` arranges the
result into sections of charts and tables (plain data) for the template
``themes/pages/stats.html``. The charts are drawn by ``generator.outputs.charts``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.messages import site as words
from generator.model.cases import Case, Stage
from generator.model.counting import checked_years, consultations_by_year, first_case_year
from generator.model.deadlines import referral_status
from generator.model.workdays import UnknownYear
from generator.outputs.charts import Bar, bar_chart_svg
from generator.source import fields

if TYPE_CHECKING:
    from generator.check.project import Analysis

EVALUATION_COUNTS = ("satisfied", "basically_satisfied", "unsatisfied")  # evaluation's fields
CHART_YEARS = 3  # yearly charts for the most recent years; the table has them all


@dataclass(frozen=True)
class YearRow:
    """One community's consultations per year."""

    town: str
    community_id: str
    name: str
    counts: dict[int, int]
    checked: tuple[int, ...]  # completed years held against the minimum
    first_year: int | None

    def short(self, year: int, minimum: int) -> bool:
        """Below the minimum in a completed, checked year."""
        return year in self.checked and self.counts.get(year, 0) < minimum

    def applies(self, year: int) -> bool:
        """The community had cases by then (earlier years are not its to count)."""
        return self.first_year is not None and year >= self.first_year


@dataclass
class ReferralShare:
    """Referrals by how they were answered, as of today."""

    on_time: int = 0  # replied on or before the due date
    late: int = 0  # replied after the due date (逾期反馈)
    overdue: int = 0  # no reply, due date passed (逾期未反馈)
    pending: int = 0  # no reply, not yet due (or no due date)
    undated: int = 0  # replied, with no due date to be on time for
    unknown: int = 0  # due date needs a year without holiday data

    @property
    def decided(self) -> int:
        """Referrals whose timeliness is settled: answered, or past due."""
        return self.on_time + self.late + self.overdue

    @property
    def share(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


@dataclass
class Timing:
    """Durations of one group of cases (a community, or the whole site)."""

    label: str
    to_outcome: list[int] = field(default_factory=list)  # days, proposal -> outcome
    to_completion: list[int] = field(default_factory=list)  # days, outcome -> 100%
    referrals: ReferralShare = field(default_factory=ReferralShare)


@dataclass
class Evaluations:
    """Residents' evaluation (评议) of outcomes and their implementation, as counts."""

    label: str
    cases: int = 0  # cases with an evaluation recorded
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0

    def add(self, other: Evaluations) -> None:
        self.cases += other.cases
        self.satisfied += other.satisfied
        self.basically_satisfied += other.basically_satisfied
        self.unsatisfied += other.unsatisfied


def _evaluations(label: str, cases: Iterable[Case]) -> Evaluations:
    counts = Evaluations(label)
    for case in cases:
        e = case.evaluation
        if e is None:
            continue
        counts.cases += 1
        counts.satisfied += e.satisfied or 0
        counts.basically_satisfied += e.basically_satisfied or 0
        counts.unsatisfied += e.unsatisfied or 0
    return counts


@dataclass(frozen=True)
class Stats:
    today: dt.date
    minimum: int
    years: tuple[int, ...]
    rows: tuple[YearRow, ...]
    by_category: tuple[tuple[str, int], ...]
    by_form: tuple[tuple[str, int], ...]
    by_stage: tuple[tuple[str, int], ...]
    timings: tuple[Timing, ...]  # per community, in model order
    overall: Timing
    evaluations: tuple[Evaluations, ...] = ()  # per community, in the rows' order


def median(values: list[int]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def _ordered_counts(values: list[str], order: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Counts of ``values`` in the configured order, leaving out zeros; unknowns last."""
    counts = Counter(values)
    known = [(k, counts[k]) for k in order if counts[k]]
    extra = sorted((k, n) for k, n in counts.items() if k not in order)
    return tuple(known + extra)


def _add_case_timing(timing: Timing, case: Case, analysis: Analysis) -> None:
    if case.outcome is not None:
        timing.to_outcome.append((case.outcome.date - case.proposed.date).days)
        done = case.implemented_on
        if done is not None:
            timing.to_completion.append((done - case.outcome.date).days)
    for referral in case.referrals:
        share = timing.referrals
        try:
            status = referral_status(
                referral, analysis.today, analysis.calendar, analysis.config.rules
            )
        except UnknownYear:
            share.unknown += 1
            continue
        if referral.replied is not None:
            if status.due is None:
                share.undated += 1
            elif status.late:
                share.late += 1
            else:
                share.on_time += 1
        elif status.overdue:
            share.overdue += 1
        else:
            share.pending += 1


def _merge(label: str, parts: list[Timing]) -> Timing:
    total = Timing(label)
    for part in parts:
        total.to_outcome += part.to_outcome
        total.to_completion += part.to_completion
        for name in ("on_time", "late", "overdue", "pending", "undated", "unknown"):
            setattr(
                total.referrals,
                name,
                getattr(total.referrals, name) + getattr(part.referrals, name),
            )
    return total


def compute_stats(analysis: Analysis) -> Stats:
    """Every number on the statistics page, from the analysis and its ``today``."""
    today = analysis.today
    lists = analysis.config.lists
    cases = analysis.cases
    rows = []
    timings = []
    evaluations = []
    for community in sorted(analysis.communities, key=lambda c: (c.town, c.id)):
        evaluations.append(_evaluations(community.name, community.cases))
        rows.append(
            YearRow(
                town=community.town,
                community_id=community.id,
                name=community.name,
                counts=consultations_by_year(community.cases, today),
                checked=tuple(checked_years(community.cases, today, community.records_from)),
                first_year=first_case_year(community.cases),
            )
        )
        timing = Timing(community.name)
        for case in community.cases:
            _add_case_timing(timing, case, analysis)
        timings.append(timing)
    first = first_case_year(cases)
    years = tuple(range(min(first, today.year) if first else today.year, today.year + 1))
    stage_order = tuple(str(s) for s in Stage)
    return Stats(
        today=today,
        minimum=analysis.config.rules.yearly_minimum,
        years=years,
        rows=tuple(rows),
        by_category=_ordered_counts([c.category for c in cases], lists.categories),
        by_form=_ordered_counts([c.form for c in cases], lists.forms),
        by_stage=_ordered_counts([str(c.stage(today)) for c in cases], stage_order),
        timings=tuple(timings),
        overall=_merge(words.ALL_COMMUNITIES, timings),
        evaluations=tuple(evaluations),
    )


# --- the page, as data for themes/pages/stats.html ----------------------------------


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells, headed by ``head``, named by ``caption``."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    title: str  # shown above the drawing too (the SVG names itself to screen readers)
    svg: Markup  # made by ``bar_chart_svg``: every text in it escaped by ``xml.etree``


@dataclass(frozen=True)
class Section:
    """A heading, an introduction, and a table; with charts (or ``empty``) beside it."""

    heading: str
    table: Table
    intro: str = ""
    charts: tuple[Chart, ...] = ()
    empty: str = ""  # said where the chart would be when there is nothing to draw

    @property
    def figure(self) -> bool:
        """Charts beside the table (stacked on a phone), or the table alone."""
        return bool(self.charts or self.empty)


@dataclass(frozen=True)
class StatsPage:
    today: dt.date
    sections: tuple[Section, ...]


def _year_cell(row: YearRow, year: int, stats: Stats) -> str:
    if not row.applies(year):
        return "—"
    n = row.counts.get(year, 0)
    if year == stats.today.year:
        return words.YEAR_SO_FAR_CELL.format(n=n, minimum=stats.minimum)
    if row.short(year, stats.minimum):
        return words.YEAR_SHORT_CELL.format(n=n, minimum=stats.minimum)
    return str(n)


def _yearly_section(stats: Stats) -> Section:
    head = (
        words.TOWN_COLUMN,
        words.COMMUNITY_COLUMN,
        *[words.YEAR_COLUMN.format(year=y) for y in stats.years],
    )
    rows: list[tuple[str, ...]] = []
    for town in sorted({r.town for r in stats.rows}):
        members = [r for r in stats.rows if r.town == town]
        for r in members:
            rows.append((town, r.name, *[_year_cell(r, y, stats) for y in stats.years]))
        totals = []
        for y in stats.years:
            applicable = [r for r in members if r.applies(y)]
            total = sum(r.counts.get(y, 0) for r in applicable)
            if y == stats.today.year:
                totals.append(f"{total}")
            else:
                met = sum(1 for r in applicable if not r.short(y, stats.minimum))
                totals.append(
                    words.TOWN_TOTAL_CELL.format(
                        total=total, applicable=len(applicable), met=met, minimum=stats.minimum
                    )
                    if applicable
                    else "—"
                )
        rows.append((town, words.TOTAL, *totals))
    table = Table(words.YEARLY_CAPTION.format(minimum=stats.minimum), head, tuple(rows))
    charts = []
    for year in sorted(stats.years, reverse=True)[:CHART_YEARS]:
        bars = [
            Bar(r.name, r.counts.get(year, 0), r.short(year, stats.minimum), words.SHORT_FLAG)
            for r in stats.rows
            if r.applies(year)
        ]
        if not bars:
            continue
        current = words.SO_FAR if year == stats.today.year else ""
        title = words.YEARLY_CHART_TITLE.format(year=year, so_far=current)
        svg = bar_chart_svg(
            f"nb-yearly-{year}",
            title,
            words.YEARLY_CHART_DESCRIPTION.format(year=year, minimum=stats.minimum),
            bars,
            marker=stats.minimum,
            marker_label=words.YEARLY_MARKER.format(minimum=stats.minimum),
        )
        charts.append(Chart(title, Markup(svg)))
    return Section(words.YEARLY_HEADING, table, intro=words.YEARLY_INTRO, charts=tuple(charts))


def _count_section(chart_id: str, counts: tuple[tuple[str, int], ...], column: str) -> Section:
    heading = words.BY.format(column=column)
    total = sum(n for _, n in counts)
    bars = [Bar(label, n) for label, n in counts]
    rows = [(label, str(n), f"{n / total:.0%}" if total else "—") for label, n in counts]
    rows.append((words.TOTAL, str(total), "100%" if total else "—"))
    title = words.COUNT_CAPTION.format(column=column)
    table = Table(title, (column, words.CASES_COLUMN, words.SHARE_COLUMN), tuple(rows))
    if not bars:
        return Section(heading, table, empty=words.NO_CASES)
    description = words.COUNT_CHART_DESCRIPTION.format(column=column, total=total)
    svg = bar_chart_svg(chart_id, title, description, bars)
    return Section(heading, table, charts=(Chart(title, Markup(svg)),))


def _days(values: list[int]) -> str:
    m = median(values)
    if m is None:
        return "—"
    shown = f"{m:g}"
    return words.TYPICAL_DAYS.format(days=shown, n=len(values))


def _share(share: ReferralShare) -> str:
    if share.share is None:
        return "—"
    return words.ON_TIME_SHARE.format(
        on_time=share.on_time, decided=share.decided, share=share.share
    )


def _timing_section(stats: Stats) -> Section:
    head = (words.COMMUNITY_COLUMN, *words.TIMING_COLUMNS)
    rows = tuple(
        (
            t.label,
            _days(t.to_outcome),
            _days(t.to_completion),
            _share(t.referrals),
            str(t.referrals.late),
            str(t.referrals.overdue),
            str(t.referrals.pending),
        )
        for t in (*stats.timings, stats.overall)
    )
    table = Table(words.TIMING_CAPTION, head, rows)
    return Section(words.TIMING_HEADING, table, intro=words.TIMING_INTRO)


def _evaluation_section(stats: Stats) -> Section:
    head = (
        words.COMMUNITY_COLUMN,
        words.EVALUATED_COLUMN,
        *[fields.label(fields.CASE, "evaluation", k) for k in EVALUATION_COUNTS],
    )
    total = Evaluations(words.ALL_COMMUNITIES)
    for e in stats.evaluations:
        total.add(e)
    rows = tuple(
        (e.label, str(e.cases), str(e.satisfied), str(e.basically_satisfied), str(e.unsatisfied))
        for e in (*stats.evaluations, total)
    )
    table = Table(words.EVALUATION_CAPTION, head, rows)
    return Section(words.EVALUATION_HEADING, table, intro=words.EVALUATION_INTRO)


def page_view(stats: Stats) -> StatsPage:
    """What /stats/ shows, section by section, for ``themes/pages/stats.html``."""
    return StatsPage(
        today=stats.today,
        sections=(
            _yearly_section(stats),
            _count_section("nb-category", stats.by_category, words.CATEGORY_COLUMN),
            _count_section("nb-form", stats.by_form, fields.label(fields.CASE, "form")),
            _count_section("nb-stage", stats.by_stage, words.STAGE_COLUMN),
            _timing_section(stats),
            _evaluation_section(stats),
        ),
    )


def stats_page(analysis: Analysis) -> StatsPage | None:
    """What /stats/ shows (sections of SVG charts and their tables), or None for no page."""
    if not analysis.cases:
        return None
    return page_view(compute_stats(analysis))
