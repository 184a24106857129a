"""Community-level rules: the yearly minimum of consultations, the size of the
协商议事会 and its share of cadres; and, per case, a joint proposal signed by
enough households."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.config import Rules
from generator.counting import checked_years, consultations_in_year
from generator.findings import Finding
from generator.model import Case, Community
from generator.rules.common import case_finding, community_finding
from generator.yamlsource import Mark

if TYPE_CHECKING:
    import datetime as dt

    from generator.analysis import Analysis

JOINT_PROPOSAL = "居民联名"


def check(analysis: Analysis) -> Iterable[Finding]:
    """Community findings, and joint-proposal findings for each case."""
    rules = analysis.config.rules
    for community in analysis.communities:
        yield from yearly_minimum(community, analysis.today, rules)
        yield from council_size(community, rules)
        yield from cadre_share(community, rules)
        for case in community.cases:
            yield from joint_proposal(case, community, rules)


def yearly_minimum(community: Community, today: dt.date, rules: Rules) -> Iterator[Finding]:
    """``yearly-minimum`` at line 1 of community.yml, once per completed year short
    (from the year of the earliest case to last year; this year is not judged)."""
    for year in checked_years(community.cases, today):
        count = consultations_in_year(community.cases, year, today)
        if count < rules.yearly_minimum:
            yield community_finding(
                "yearly-minimum",
                community,
                Mark(1, 1),
                year=year,
                count=count,
                minimum=rules.yearly_minimum,
            )


def size_range(community: Community, rules: Rules) -> tuple[int, int] | None:
    """The allowed council size for this kind of community (None: not checked)."""
    return rules.village_council_size if community.kind == "村" else rules.community_council_size


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


def cadre_share(community: Community, rules: Rules) -> Iterator[Finding]:
    """``cadre-share`` at ``council.members`` when cadres exceed the share (both kinds)."""
    members = community.members
    if not members:
        return
    cadres = sum(m.cadre for m in members)
    limit = rules.cadre_share_max
    if cadres * limit.denominator > limit.numerator * len(members):
        yield community_finding(
            "cadre-share",
            community,
            community.source.key_at("council", "members"),
            cadres=cadres,
            total=len(members),
            limit=str(limit),
        )


def joint_proposal(case: Case, community: Community, rules: Rules) -> Iterator[Finding]:
    """``joint-proposal-short`` at ``proposed.signatures``: a 居民联名 proposal signed by
    fewer than the configured share of the community's households."""
    proposed = case.proposed
    households = community.households
    if proposed.channel != JOINT_PROPOSAL or proposed.signatures is None or not households:
        return
    share = rules.joint_proposal_share
    if proposed.signatures * share.denominator < share.numerator * households:
        needed = -(-share.numerator * households // share.denominator)
        yield case_finding(
            "joint-proposal-short",
            case,
            case.source.at("proposed", "signatures"),
            signatures=proposed.signatures,
            households=households,
            share=str(share),
            needed=needed,
        )
