"""Joint proposals (联名提议), as the 利川 seed counts them: a topic raised by at
least 1/10 of a community's 居(村)民, or by at least 1/5 of its 居(村)民代表, is
one of the matters seed 004 lists for consultation (it sets no duty to take it up). People are counted, not households; the bases are
``residents`` and ``representatives`` in community.yml.

A proposal under the threshold is still a valid topic: nothing is flagged. One that
reaches it is shown so on its page (联名 N 人，达到规定比例).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.messages import data as words
from generator.model.cases import Case, Community
from generator.source.config import Rules

RESIDENT_CHANNELS = words.JOINT_RESIDENT_CHANNELS
REPRESENTATIVE_CHANNELS = words.JOINT_REPRESENTATIVE_CHANNELS


@dataclass(frozen=True)
class JointProposal:
    signatures: int
    base: int | None  # the community's residents or representatives; None: not given
    share: Fraction
    whom: str  # 居民, 村民, 居民代表 or 村民代表
    rule: str = "joint_proposal_share"  # the Rules key of ``share`` (for its source)

    @property
    def needed(self) -> int | None:
        """The fewest signatures that reach the share (以上 includes the number itself)."""
        if self.base is None:
            return None
        return -(-self.share.numerator * self.base // self.share.denominator)

    @property
    def reached(self) -> bool:
        needed = self.needed
        return needed is not None and self.signatures >= needed


def joint_proposal(case: Case, community: Community, rules: Rules) -> JointProposal | None:
    """The joint proposal behind ``case``, or None when it was not raised jointly or
    the number of signatures is not recorded."""
    channel, signatures = case.proposed.channel, case.proposed.signatures
    if signatures is None:
        return None
    word = community.resident_word
    if channel in RESIDENT_CHANNELS:
        return JointProposal(signatures, community.residents, rules.joint_proposal_share, word)
    if channel in REPRESENTATIVE_CHANNELS:
        return JointProposal(
            signatures,
            community.representatives,
            rules.joint_proposal_representatives_share,
            words.REPRESENTATIVES.format(residents=word),
            "joint_proposal_representatives_share",
        )
    return None
