"""Community-level rules: the yearly minimum of consultations, the size of the
协商议事会 and its share of cadres. (Joint proposals are never flagged: see
``generator.model.joint``.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.check.rules.common import community_finding
from generator.findings import Finding
from generator.messages import checks as words
from generator.model.cases import Community
from generator.model.counting import checked_years, consultations_in_year
from generator.source import policies as sources
from generator.source.config import Rules, SiteConfig
from generator.source.yamlsource import Mark

if TYPE_CHECKING:
    import datetime as dt

    from generator.check.analysis import Analysis


def check(analysis: Analysis) -> Iterable[Finding]:
    """Community findings."""
    rules = analysis.config.rules
    for community in analysis.communities:
        yield from yearly_minimum(community, analysis.today, analysis.config)
        yield from council_size(community, rules)
        yield from cadre_share(community, analysis.config)


def yearly_minimum(community: Community, today: dt.date, config: SiteConfig) -> Iterator[Finding]:
    """``yearly-minimum`` at line 1 of community.yml, once per completed year short
    (from the year of the earliest case to last year; this year is not judged)."""
    rules = config.rules
    cite = sources.threshold(config, "yearly_minimum", rules.yearly_minimum)
    for year in checked_years(community.cases, today, community.records_from):
        count = consultations_in_year(community.cases, year, today)
        if count < rules.yearly_minimum:
            yield community_finding(
                "yearly-minimum",
                community,
                Mark(1, 1),
                year=year,
                count=count,
                minimum=rules.yearly_minimum,
                source=cite.text,
                binding=cite.binding,
            )


def size_range(community: Community, rules: Rules) -> tuple[int, int] | None:
    """The allowed council size for this kind of community (None: not checked)."""
    return (
        rules.village_council_size
        if community.kind == words.VILLAGE
        else rules.community_council_size
    )


def council_size(community: Community, rules: Rules) -> Iterator[Finding]:
    """``council-size`` at ``council.members`` when the listed members are out of range."""
    if community.members is None:
        return
    bounds = size_range(community, rules)
    count = len(community.members)
    if bounds is None or bounds[0] <= count <= bounds[1]:
        return
    yield community_finding(
        "council-size",
        community,
        community.source.key_at("council", "members"),
        count=count,
        low=bounds[0],
        high=bounds[1],
        kind=community.kind,
    )


def cadre_share(community: Community, config: SiteConfig) -> Iterator[Finding]:
    """``cadre-share`` at ``council.members`` when 社区干部 exceed the share: a 社区
    rule (大城街道: 社区干部一般不超过议事会固定成员总数的二分之一), not applied to a 村."""
    members = community.members
    if not members or community.kind == words.VILLAGE:
        return
    cadres = sum(m.cadre for m in members)
    limit = config.rules.cadre_share_max
    if cadres * limit.denominator > limit.numerator * len(members):
        yield community_finding(
            "cadre-share",
            community,
            community.source.key_at("council", "members"),
            cadres=cadres,
            total=len(members),
            limit=str(limit),
            source=sources.threshold(config, "cadre_share_max", limit).text,
        )
