"""Where each rule comes from: the seed and article, or the county's own setting.

Every public flag names its source. A threshold that a policy document or statute
states is attributed to it only while the county keeps that number; a number no
seed states, or one the county changed in ``site_config.yml``, is "本县规定" (the
county's own rule), never "政策规定". The guide (docs/guide/index.md) lists the
same sources; ``tests/test_guide.py`` keeps the two in step.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

LOCAL = "本县规定"

# Short names of the policy documents the project quotes, and the statutes they cite.
# Short enough for a one-line flag on a phone; the guide gives the full titles.
BEIJING = "北京市实施意见（2016）"
GANSU = "甘肃省实施意见（2016）"
DACHENG = "大城街道实施方案（2021）"
LICHUAN = "利川市实施方案"
VILLAGE_LAW = "《村民委员会组织法》"
RESIDENT_LAW = "《城市居民委员会组织法》"

# rule key -> (the number the document states, the source as residents read it)
STATED: dict[str, tuple[Any, str]] = {
    "assembly_notice_days": (10, f"{VILLAGE_LAW}第二十一条"),
    "quorum": (Fraction(2, 3), f"{LICHUAN}：重大协商事项须三分之二以上协商委员会人员到场"),
    "referral_workdays": (10, f"{LICHUAN}：10 个工作日内以书面形式反馈"),
    "yearly_minimum": (4, f"{GANSU}、{LICHUAN}：每个村（社区）全年开展协商活动不少于 4 次"),
    "joint_proposal_share": (Fraction(1, 10), f"{LICHUAN}：十分之一以上村（居）民联名"),
    "joint_proposal_representatives_share": (
        Fraction(1, 5),
        f"{LICHUAN}：五分之一以上村（居）民代表联名",
    ),
    "community_council_size": ((20, 30), f"{DACHENG}：固定成员总数原则上为 20—30 人"),
    "cadre_share_max": (Fraction(1, 2), f"{DACHENG}：社区干部一般不超过二分之一"),
}


def rule_source(key: str, value: Any) -> str:
    """The source of the threshold ``key`` as configured: the document that states it
    while the county keeps that number, else 本县规定."""
    stated = STATED.get(key)
    if stated is not None and stated[0] == value:
        return stated[1]
    return LOCAL


# Fixed rules that have no threshold of their own.
NOTICE_BEFORE_MEETING = f"{BEIJING}：协商前公示协商议题、时间、参加人员、主持人"
MINUTES = f"{LICHUAN}：协商须按规定做好会议记录"
FILING = f"{LICHUAN}：协商成果向村（社区）党组织和村（居）民委员会备案"
PLAN_APPROVAL = f"{LICHUAN}：重大协商事项，协商方案需经村（社区）党组织审核同意"
WRITTEN_REPLY = f"{LICHUAN}：受委托的协商事项，政府和有关部门在 10 个工作日内以书面形式反馈"

# Who decides by the majority of those present, by statute (form -> source).
MAJORITY_BY_LAW = {
    "村民会议": f"{VILLAGE_LAW}第二十二条：所作决定应当经到会人员的过半数通过",
    "村民代表会议": f"{VILLAGE_LAW}第二十六条：所作决定应当经到会人员的过半数同意",
    "居民会议": f"{RESIDENT_LAW}第九条：会议的决定，由出席人的过半数通过",
}
# Quorum of the 代表会议 forms, by kind of community.
REPRESENTATIVES_QUORUM_BY_LAW = {
    "村": f"{VILLAGE_LAW}第二十六条：村民代表会议有三分之二以上的组成人员参加方可召开",
}


def majority_source(form: str, value: Fraction) -> str:
    """The majority rule's source for a meeting of ``form`` (statute only at 1/2)."""
    if value == Fraction(1, 2) and form in MAJORITY_BY_LAW:
        return MAJORITY_BY_LAW[form]
    return LOCAL


def representatives_quorum_source(kind: str, value: Fraction) -> str:
    if value == Fraction(2, 3) and kind in REPRESENTATIVES_QUORUM_BY_LAW:
        return REPRESENTATIVES_QUORUM_BY_LAW[kind]
    return LOCAL


def short(source: str) -> str:
    """The name of the source without its quotation (for residents' one-line flags)."""
    return source.split("：", 1)[0]
