"""Where each rule comes from, and whether it binds this county.

A public flag is the county speaking to its residents, so it may cite only a text
that binds the county:

- the national texts: the two organic laws (村民委员会组织法, 城市居民委员会组织法);
- a local document the county has adopted (``adopted:`` in ``site_config.yml``: the
  北京, 甘肃, 大城街道 and 利川 documents bind their own areas, not this county);
- 本县规定: a number the county set itself in ``site_config.yml``'s ``rules``.

A default the county never set is not the county's rule: the checker still tells the
clerk (``参照…`` or 本站默认), but no public flag is raised on it. Each basis keeps the
exact sentence of its document (seed number in ``seed``); the guide's flag table
(docs/guide/index.md, 第七节) is written from :func:`flag_table_markdown` and
``tests/test_guide.py`` keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

LOCAL = "本县规定"
DEFAULT = "本站默认值，本县未规定"


@dataclass(frozen=True)
class Document:
    """A local policy document the county may adopt (``site_config.yml`` ``adopted:``)."""

    key: str
    short: str  # as a one-line flag names it
    title: str
    issuer: str
    year: int
    seed: str  # the number of the seed file it was read from (the project's policy seeds)


DOCUMENTS: dict[str, Document] = {
    d.key: d
    for d in (
        Document(
            "beijing",
            "北京市实施意见（2016）",
            "关于加强城乡社区协商的实施意见",
            "中共北京市委办公厅、北京市人民政府办公厅",
            2016,
            "000",
        ),
        Document(
            "gansu",
            "甘肃省实施意见（2016）",
            "关于加强城乡社区协商的实施意见",
            "中共甘肃省委办公厅、甘肃省人民政府办公厅",
            2016,
            "001",
        ),
        Document(
            "dacheng",
            "大城街道实施方案（2021）",
            "大城街道全面推进基层协商民主工作的实施方案",
            "中共天水市秦州区大城街道工作委员会",
            2021,
            "002",
        ),
        # The seed gives no date; its pilots run from May 2017 (试点先行。2017年5月至…).
        Document(
            "lichuan",
            "利川市实施方案",
            "利川市城乡社区协商实施方案",
            "利川市",
            2017,
            "004",
        ),
    )
}

VILLAGE_LAW = "《村民委员会组织法》"
RESIDENT_LAW = "《城市居民委员会组织法》"


@dataclass(frozen=True)
class Basis:
    """One sentence of one text: ``doc`` is a key of :data:`DOCUMENTS`, or None for a
    national statute (always binding)."""

    doc: str | None
    name: str  # as residents read it: the document's short name, or the law and article
    sentence: str  # the exact words of the text

    @property
    def binding_always(self) -> bool:
        return self.doc is None


def _doc(key: str, sentence: str) -> Basis:
    return Basis(key, DOCUMENTS[key].short, sentence)


# Sentences, copied exactly from the seeds (their own ASCII brackets kept).
_LICHUAN_QUORUM = _doc(
    "lichuan",
    "村(社区)党组织认定的涉及面广、关注度高的重大协商事项,协商方案需经村(社区)党组织审核同意,"
    "同时要有三分之二以上的协商委员会人员到场才能召开。",
)
_LICHUAN_REPLY = _doc(
    "lichuan",
    "受政府或有关部门委托的协商事项,协商结果要及时向政府或有关部门报告,"
    "政府和有关部门要认真研究吸纳,并在10个工作日内以书面形式反馈。",
)
_LICHUAN_JOINT = _doc(
    "lichuan", "十分之一以上村(居)民联名或五分之一以上村(居)民代表联名提出需要协商的事项"
)
_DACHENG_COUNCIL = _doc(
    "dacheng",
    "协商议事会固定成员总数原则上为20—30人,在人员比例上,"
    "社区干部一般不超过议事会固定成员总数的二分之一。",
)

# rule key -> (the number the texts state, the texts stating it)
STATED: dict[str, tuple[Any, tuple[Basis, ...]]] = {
    "assembly_notice_days": (
        10,
        (Basis(None, f"{VILLAGE_LAW}第二十一条", "召集村民会议，应当提前十天通知村民。"),),
    ),
    "quorum": (Fraction(2, 3), (_LICHUAN_QUORUM,)),
    "referral_workdays": (10, (_LICHUAN_REPLY,)),
    "yearly_minimum": (
        4,
        (
            _doc(
                "gansu",
                "每个村(社区)全年开展协商活动不少于4次，并建立台账登记制度，"
                "村(社区)有重大事项、重要工作需要协商时，可随时进行协商。",
            ),
            _doc(
                "lichuan",
                "每个村(社区)全年开展协商活动不少于4次,并建立台账,"
                "村(社区)有重大事项、重要工作需要协商时,可随时进行协商。",
            ),
        ),
    ),
    "joint_proposal_share": (Fraction(1, 10), (_LICHUAN_JOINT,)),
    "joint_proposal_representatives_share": (Fraction(1, 5), (_LICHUAN_JOINT,)),
    "community_council_size": ((20, 30), (_DACHENG_COUNCIL,)),
    "cadre_share_max": (Fraction(1, 2), (_DACHENG_COUNCIL,)),
}

# Fixed rules that have no threshold of their own.
FIXED: dict[str, Basis] = {
    "notice_before_meeting": _doc(
        "beijing",
        "在社区协商前,社区(村)党组织、居(村)民委员会将确定的协商议题、协商时间、"
        "参加人员、主持人等相关信息进行公示。",
    ),
    "minutes": _doc("lichuan", "协商须按规定做好会议记录。"),
    "filing": _doc(
        "lichuan",
        "村(社区)工作协商委员会要及时将协商成果向村(社区)党组织和村(居)民委员会备案。",
    ),
    "plan_approval": _LICHUAN_QUORUM,
    "written_reply": _LICHUAN_REPLY,
}

# Who decides by the majority of those present, by statute (form -> basis).
MAJORITY_BY_LAW = {
    "村民会议": Basis(
        None,
        f"{VILLAGE_LAW}第二十二条",
        "召开村民会议，应当有本村十八周岁以上村民的过半数，或者本村三分之二以上的户的代表参加，"
        "村民会议所作决定应当经到会人员的过半数通过。",
    ),
    "村民代表会议": Basis(
        None,
        f"{VILLAGE_LAW}第二十六条",
        "村民代表会议有三分之二以上的组成人员参加方可召开，所作决定应当经到会人员的过半数同意。",
    ),
    "居民会议": Basis(
        None,
        f"{RESIDENT_LAW}第九条",
        "居民会议必须有全体十八周岁以上的居民过半数，或者每户派代表一人，"
        "或者由每个居民小组选举代表二至三人参加，会议的决定，由出席人的过半数通过。",
    ),
}
# Quorum of the 代表会议 forms, by kind of community.
REPRESENTATIVES_QUORUM_BY_LAW = {"村": MAJORITY_BY_LAW["村民代表会议"]}


@dataclass(frozen=True)
class Cite:
    """A rule's source as the county may state it: ``text`` names it (one line);
    ``binding`` says whether it binds this county (only then is a flag public)."""

    text: str
    binding: bool


def _adopted(config: Any) -> tuple[str, ...]:
    return tuple(getattr(config, "adopted", ()) or ())


def _set_by_county(config: Any, key: str) -> bool:
    return key in getattr(config.rules, "set_by_county", frozenset())


def _cite(bases: tuple[Basis, ...], config: Any) -> Cite | None:
    """The bases that bind the county (all of them, named once), else None."""
    adopted = _adopted(config)
    names = dict.fromkeys(b.name for b in bases if b.doc is None or b.doc in adopted)
    return Cite("、".join(names), True) if names else None


def _referring(bases: tuple[Basis, ...]) -> Cite:
    names = dict.fromkeys(basis.name for basis in bases)
    return Cite("参照" + "、".join(names), False)


def threshold(config: Any, key: str, value: Any) -> Cite:
    """The source of the threshold ``key`` as configured: a binding text stating that
    number; else 本县规定 where the county set it; else a default the county never set
    (参照 the text that states it, or 本站默认), which raises no public flag."""
    stated = STATED.get(key)
    bases = stated[1] if stated is not None and stated[0] == value else ()
    found = _cite(bases, config)
    if found is not None:
        return found
    if _set_by_county(config, key):
        return Cite(LOCAL, True)
    return _referring(bases) if bases else Cite(DEFAULT, False)


def fixed(config: Any, name: str) -> Cite:
    """The source of a fixed rule (no threshold): binding only where adopted."""
    basis = FIXED[name]
    return _cite((basis,), config) or _referring((basis,))


def majority(config: Any, form: str, value: Fraction) -> Cite:
    """The majority rule's source for a meeting of ``form`` (statute only at 1/2)."""
    if value == Fraction(1, 2) and form in MAJORITY_BY_LAW:
        return Cite(MAJORITY_BY_LAW[form].name, True)
    return threshold(config, "majority", value)


def representatives_quorum(config: Any, kind: str, value: Fraction) -> Cite:
    if value == Fraction(2, 3) and kind in REPRESENTATIVES_QUORUM_BY_LAW:
        return Cite(REPRESENTATIVES_QUORUM_BY_LAW[kind].name, True)
    return threshold(config, "representatives_quorum", value)


# --- the guide's flag table -------------------------------------------------------------

# code -> (what is checked, the bases, the setting that sets a number or None)
FLAGS: tuple[tuple[str, str, tuple[Basis, ...], str | None], ...] = (
    ("notice-missing", "开会前要公示", (FIXED["notice_before_meeting"],), None),
    ("notice-too-short", "公示不少于 5 个工作日", (), "notice_min_workdays"),
    (
        "assembly-notice-short",
        "村民会议提前 10 天通知",
        STATED["assembly_notice_days"][1],
        "assembly_notice_days",
    ),
    ("quorum-short", "重大事项 2/3 以上协商委员会人员到场", (_LICHUAN_QUORUM,), "quorum"),
    (
        "quorum-short",
        "村民代表会议 2/3 以上组成人员参加",
        (MAJORITY_BY_LAW["村民代表会议"],),
        "representatives_quorum",
    ),
    ("quorum-missing", "要核对到会人数时登记人数", (_LICHUAN_QUORUM,), "quorum"),
    ("weak-majority", "决定经到会人员过半数通过", tuple(MAJORITY_BY_LAW.values()), "majority"),
    ("referral-overdue", "受委托事项在期限内反馈", (_LICHUAN_REPLY,), "referral_workdays"),
    ("referral-late", "受委托事项在期限内反馈", (_LICHUAN_REPLY,), "referral_workdays"),
    ("referral-not-written", "受委托事项书面反馈", (_LICHUAN_REPLY,), None),
    ("implementation-stale", "落实进度 90 天内更新", (), "stale_days"),
    ("outcome-pending", "会后若干天内登记协商结果（默认不查）", (), "outcome_due_days"),
    ("yearly-minimum", "每年至少协商 4 次", STATED["yearly_minimum"][1], "yearly_minimum"),
    ("minutes-missing", "开过会就有会议记录", (FIXED["minutes"],), None),
    ("plan-approval-missing", "重大事项方案经党组织审核同意", (FIXED["plan_approval"],), None),
    ("outcome-not-filed", "协商成果备案", (FIXED["filing"],), None),
    ("council-size", "社区议事会 20—30 人", (_DACHENG_COUNCIL,), "community_council_size"),
    ("cadre-share", "社区干部不超过二分之一（只查社区）", (_DACHENG_COUNCIL,), "cadre_share_max"),
)


def flag_table_markdown() -> str:
    """The flag table of the clerks' guide: each flag with the exact sentence of its
    source, and when it is public."""
    rows = ["| 检查代码 | 查什么 | 依据原文 | 什么时候公开 |", "|---|---|---|---|"]
    for code, what, bases, setting in FLAGS:
        quoted = "；".join(f"{_name(b)}：“{b.sentence}”" for b in bases) or "政策文件没有规定数字"
        if setting is not None:
            quoted += f"（`rules.{setting}`）"
        rows.append(f"| `{code}` | {what} | {quoted} | {_when(bases, setting)} |")
    return "\n".join(rows) + "\n"


def _name(basis: Basis) -> str:
    if basis.doc is None:
        return basis.name
    d = DOCUMENTS[basis.doc]
    return f"{d.issuer}《{d.title}》（{d.year}）"


def _when(bases: tuple[Basis, ...], setting: str | None) -> str:
    if any(b.doc is None for b in bases):
        return "按法律公开"
    parts = []
    if bases:
        parts.append("本县采用该文件时")
    if setting is not None:
        parts.append("本县在 site_config.yml 写了这个数字时（本县规定）")
    return "；".join(parts) if parts else "不公开"


if __name__ == "__main__":  # python -m generator.source.policies: the guide's flag table
    print(flag_table_markdown(), end="")
