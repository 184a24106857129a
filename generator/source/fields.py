"""The fields of community.yml and of a case's front matter: one declaration that the
loader validates against, the JSON Schema is written from, and templates explain.

Each field has its YAML key, a Chinese label (used in every message), a kind and,
for list-valued fields, where its allowed values come from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of value.
TEXT = "text"  # one line or more of text
INT = "int"
BOOL = "bool"
DATE = "date"  # YYYY-MM-DD
DATETIME = "datetime"  # YYYY-MM-DD HH:MM
CHOICE = "choice"  # one of a list
MAP = "map"  # a nested mapping of fields
LIST = "list"  # a list of ``item``


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    required: bool = False
    help: str = ""
    # CHOICE: a ``Lists`` attribute name of the site config, or a fixed mapping of
    # value -> Chinese label.
    choices: str | tuple[tuple[str, str], ...] | None = None
    children: tuple[Field, ...] = ()  # MAP fields; LIST of MAP items
    item: Field | None = None  # LIST items
    minimum: int | None = None
    maximum: int | None = None

    def child(self, key: str) -> Field | None:
        for f in self.children:
            if f.key == key:
                return f
        return None


RESULTS: tuple[tuple[str, str], ...] = (
    ("agreed", "达成共识"),
    ("rejected", "未通过"),
    ("second_round", "需二次协商"),
    ("referred", "提交居（村）民会议或代表会议决定"),
    ("withdrawn", "撤回"),
    ("declined", "不予协商（九不议，summary 写明理由）"),
)
# What a referral to a government body is (利川: only entrusted matters have the
# 10-working-day written reply).
ENTRUSTED, TO_IMPLEMENT = "委托", "落实"  # the two values of a referral's kind
REFERRAL_KINDS: tuple[tuple[str, str], ...] = (
    (
        ENTRUSTED,
        "受政府或有关部门委托的协商事项：协商结果报告政府或有关部门，由其书面反馈（期限见 rules.referral_workdays）",
    ),
    (TO_IMPLEMENT, "需政府或部门落实的事项：督促落实并及时反馈，没有统一的答复期限"),
)
COMMUNITY_KIND, VILLAGE_KIND = "社区", "村"  # the two values of community.yml's kind
KINDS: tuple[tuple[str, str], ...] = (
    (COMMUNITY_KIND, COMMUNITY_KIND),
    (VILLAGE_KIND, VILLAGE_KIND),
)

# The allowed values of the list fields where site_config.yml's ``lists:`` does not
# replace them (``source.config.Lists``), and the forms the rules single out.
DEFAULT_CATEGORIES = (
    "落实上级决策部署",
    "发展规划和项目建设",
    "自治章程和居民公约",
    "急难愁盼和矛盾纠纷",
    "民生保障",
    "公共治理",
    "公共事务和公益事业",
    "集体资产和收益分配",
    "法律政策要求协商的事项",
    "协商主体提出的事项",
)
DEFAULT_FORMS = (
    "居民议事会",
    "村民议事会",
    "居民会议",
    "村民会议",
    "居民代表会议",
    "村民代表会议",
    "小区协商",
    "业主协商",
    "楼栋协商",
    "决策听证",
    "民主评议",
    "恳谈会",
    "专题议事会",
    "网络协商",
)
DEFAULT_CHANNELS = (
    "居民联名",
    "村民联名",
    "居民代表联名",
    "村民代表联名",
    "议事会成员提出",
    "党组织提出",
    "居委会提出",
    "村委会提出",
    "网络征集",
    "走访收集",
    "上级交办",
    "驻区单位提出",
    "其他",
)
DEFAULT_PARTICIPANT_GROUPS = (
    "议事会成员",
    "居民代表",
    "村民代表",
    "利益相关方",
    "党员代表",
    "两代表一委员",
    "驻区单位",
    "社会组织",
    "物业服务企业",
    "业主委员会",
    "集体经济组织",
    "专家",
    # 甘肃 and 利川: 重视吸纳与双方利益无关的群众代表参与 (shown, never required).
    "与双方利益无关的群众代表",
    "政府部门",
    "其他",
)
DEFAULT_COUNCIL_GROUPS = (
    "党组织",
    "居委会",
    "村委会",
    "监督委员会",
    "两代表一委员",
    "法律工作者",
    "驻区单位和社会组织",
    "居民代表",
    "村民代表",
    "妇女代表",
    "有威望人士",
)

# 村民委员会组织法 art. 21 (召开村民会议，应当提前十天通知村民) applies to this form
# exactly; 居民会议 has no such statute and gets a notice rule only where the county
# sets ``resident_assembly_notice_days``.
VILLAGE_ASSEMBLY = "村民会议"
RESIDENT_ASSEMBLY = "居民会议"
# The 代表会议 forms: their quorum is counted against the representatives.
REPRESENTATIVE_FORMS = ("居民代表会议", "村民代表会议")
# The forms in which the 协商委员会 (议事会) itself meets: only these are held to the
# council's quorum for a major matter (利川: 三分之二以上的协商委员会人员到场); a
# 村民会议 or 居民会议 is not a meeting of the council.
COUNCIL_FORMS = ("居民议事会", "村民议事会", "专题议事会")


def _map(key: str, label: str, *children: Field, required: bool = False, help: str = "") -> Field:
    return Field(key, label, MAP, required=required, children=children, help=help)


def _list_of_maps(key: str, label: str, *children: Field, help: str = "") -> Field:
    return Field(key, label, LIST, item=Field(key, label, MAP, children=children), help=help)


def _list_of_text(key: str, label: str, help: str = "") -> Field:
    return Field(key, label, LIST, item=Field(key, label, TEXT), help=help)


CASE = _map(
    "",
    "案例",
    Field("title", "议题", TEXT, required=True, help="协商的议题，一句话，如：关于加装电梯的协商"),
    Field("category", "协商内容类别", CHOICE, required=True, choices="categories"),
    Field("form", "协商形式", CHOICE, required=True, choices="forms"),
    _map(
        "proposed",
        "议题提出",
        Field("date", "提出日期", DATE, required=True),
        Field("by", "提出人", TEXT, required=True, help="提出议题的人或群体"),
        Field("channel", "提出方式", CHOICE, required=True, choices="channels"),
        Field(
            "signatures",
            "联名人数",
            INT,
            minimum=1,
            help="联名提出时签名的人数（不是户数）",
        ),
        Field(
            "reviewed",
            "审查情况",
            TEXT,
            help="议题经谁审查、是否列入协商，如：经党组织审查，列入本季度协商",
        ),
        required=True,
    ),
    _map(
        "notice",
        "会前公示",
        Field("posted", "公示日期", DATE, required=True),
        Field("until", "公示截止日期", DATE, required=True),
        Field(
            "join",
            "怎样申请参加",
            TEXT,
            help="公示期间居民、驻区单位怎样申请参加协商，如：到居委会一楼窗口登记",
        ),
        Field("join_by", "申请截止日期", DATE, help="不写则为公示截止日期"),
        help="张贴公示的日期和截止日期；公示议题、时间、参加人员、主持人",
    ),
    _map(
        "meeting",
        "协商会议",
        Field("start", "会议开始时间", DATETIME, required=True, help="如：2026-03-10 19:00"),
        Field("end", "会议结束时间", DATETIME),
        Field("place", "会议地点", TEXT, required=True),
        Field("host", "主持人", TEXT, required=True),
        Field(
            "major",
            "是否重大事项",
            BOOL,
            help="true 表示党组织认定的重大事项：协商方案须经党组织审核同意，议事会开会时核对到会成员人数",
        ),
    ),
    _list_of_maps(
        "participants",
        "协商主体",
        Field("group", "类别", CHOICE, required=True, choices="participant_groups"),
        Field("name", "姓名", TEXT),
        Field("count", "人数", INT, minimum=1),
        Field("role", "身份", TEXT),
        help="具体的人写 name，没有具名的一类人写 count",
    ),
    _map(
        "attendance",
        "到会情况",
        Field("present", "到会人数", INT, minimum=0),
        Field("council_present", "到会议事会成员人数", INT, minimum=0),
        Field(
            "voters",
            "有表决权的到会人数",
            INT,
            minimum=0,
            help="到会人员中有表决权的人数；列席的部门人员、民警、施工方等不算",
        ),
        Field(
            "representatives_present",
            "到会代表人数",
            INT,
            minimum=0,
            help="居民代表会议、村民代表会议到会的代表人数",
        ),
    ),
    _map(
        "outcome",
        "协商结果",
        Field("date", "结果日期", DATE, required=True),
        Field("result", "协商结果", CHOICE, required=True, choices=RESULTS),
        Field("summary", "协商成果", TEXT, required=True),
        _map(
            "vote",
            "表决",
            Field("for", "赞成", INT, minimum=0),
            Field("against", "反对", INT, minimum=0),
            Field("abstain", "弃权", INT, minimum=0),
        ),
        Field("filed", "备案日期", DATE, help="向党组织和居（村）委会备案的日期"),
        Field("published", "成果公示日期", DATE),
        Field("explained", "向持不同意见者解释说明", TEXT, help="何时、怎样向持不同意见的群众解释"),
        Field("notified", "向利益相关方通报", TEXT, help="何时、用什么方式通报协商成果"),
    ),
    _list_of_maps(
        "referrals",
        "报送政府部门的事项",
        Field("to", "报送单位", TEXT, required=True),
        Field("kind", "事项类型", CHOICE, choices=REFERRAL_KINDS, help="委托 或 落实"),
        Field("sent", "报送日期", DATE, required=True),
        Field(
            "due",
            "答复期限",
            DATE,
            help="委托事项不写则按报送日期后的工作日数计算（site_config.yml 的 rules.referral_workdays）",
        ),
        Field("replied", "答复日期", DATE),
        Field("reply", "答复内容", TEXT),
        Field("written", "是否书面答复", BOOL, help="书面答复写 true，口头答复写 false"),
    ),
    _list_of_maps(
        "progress",
        "落实进展",
        Field("date", "进展日期", DATE, required=True),
        Field("percent", "落实进度", INT, required=True, minimum=0, maximum=100),
        Field("note", "进展说明", TEXT),
        _list_of_text("photos", "照片", help="案例同名文件夹中的照片文件名"),
    ),
    _map(
        "evaluation",
        "评议",
        Field("date", "评议日期", DATE, required=True),
        Field("satisfied", "满意", INT, minimum=0),
        Field("basically_satisfied", "基本满意", INT, minimum=0),
        Field("unsatisfied", "不满意", INT, minimum=0),
        Field("note", "评议说明", TEXT),
    ),
    _list_of_text("related", "关联案例", help="同一地方的写 2025-07，别处的写 文件夹名/案例编号"),
    _list_of_maps(
        "attachments",
        "附件",
        Field("file", "文件", TEXT, required=True),
        Field("title", "附件名称", TEXT),
    ),
    _list_of_text("moved_from", "旧地址", help="改编号前的地址，写成 社区编号/案例编号"),
    _map(
        "plan",
        "协商方案",
        Field("approved", "党组织审核同意日期", DATE, required=True),
        Field("by", "审核的党组织", TEXT, help="如：西关社区党委"),
        help="重大事项的协商方案经党组织审核同意",
    ),
    _map(
        "minutes",
        "会议记录",
        Field("file", "会议记录文件", TEXT, help="案例同名文件夹中的扫描件或照片，会在网上公开"),
        Field("kept_at", "原件存放处", TEXT, help="如：居（村）委会档案室，工作日可查阅"),
        help="会议记录（纪要）：file 和 kept_at 至少写一项",
    ),
    _map(
        "supervision",
        "监督委员会意见",
        Field("date", "签署日期", DATE, required=True),
        Field("by", "签署人", TEXT, required=True, help="如：居务监督委员会主任 周桂芳"),
        Field("note", "监督意见", TEXT),
        help="居（村）务监督委员会对落实和评议的监督签字",
    ),
    _map(
        "allowance",
        "误工补贴",
        Field("people", "补贴人数", INT, minimum=0),
        Field("amount", "补贴总额（元）", INT, minimum=0),
        Field("note", "补贴说明", TEXT),
        help="受居（村）委会委托组织协商的人员的误工补贴，按居（村）务公开要求公示",
    ),
)

COMMUNITY = _map(
    "",
    "社区",
    Field("name", "名称", TEXT, required=True, help="如：西关社区、桃园村"),
    Field("kind", "类型", CHOICE, required=True, choices=KINDS, help="社区 或 村"),
    Field("town", "所属街道或乡镇", TEXT, required=True),
    Field("county", "所属区县", TEXT),
    Field("households", "户数", INT, minimum=1),
    Field(
        "residents",
        "居（村）民人数",
        INT,
        minimum=1,
        help="十分之一以上居（村）民联名的基数：本社区（村）居民或村民人数",
    ),
    Field(
        "representatives",
        "居（村）民代表人数",
        INT,
        minimum=1,
        help="五分之一以上代表联名、代表会议到会人数的基数",
    ),
    Field(
        "records_from",
        "本站记录起始日期",
        DATE,
        help="从这一天起本社区（村）的协商全部在本站公开；此前的年份不按每年次数评判",
    ),
    Field("board", "公开栏位置", TEXT),
    Field("contact", "联系电话", TEXT, help="居（村）委会办公电话，不要写个人手机号"),
    _map(
        "council",
        "协商议事会",
        Field("term", "任期", TEXT, help="如：2021-2026"),
        _list_of_maps(
            "members",
            "议事会成员",
            Field("name", "姓名", TEXT, required=True),
            Field("role", "职务", TEXT),
            Field("group", "类别", CHOICE, choices="council_groups"),
            Field("cadre", "是否干部", BOOL, help="社区干部或村干部写 true"),
        ),
    ),
    Field("description", "简介", TEXT),
)

# Chinese words clerks may type as keys, mapped to the real key (for "did you mean").
CHINESE_KEY_ALIASES = {
    "标题": "title",
    "议题": "title",
    "类别": "category",
    "分类": "category",
    "形式": "form",
    "提出": "proposed",
    "公示": "notice",
    "会议": "meeting",
    "时间": "start",
    "地点": "place",
    "主持人": "host",
    "参与人": "participants",
    "协商主体": "participants",
    "结果": "outcome",
    "成果": "outcome",
    "进度": "progress",
    "评议": "evaluation",
    "附件": "attachments",
    "名称": "name",
    "类型": "kind",
    "街道": "town",
    "乡镇": "town",
    "户数": "households",
    "电话": "contact",
    "议事会": "council",
    "成员": "members",
}


def all_keys(spec: Field) -> set[str]:
    """Every key anywhere in ``spec`` (for spotting typing mistakes on key lines)."""
    keys: set[str] = set()
    stack = [spec]
    while stack:
        f = stack.pop()
        if f.key:
            keys.add(f.key)
        stack.extend(f.children)
        if f.item:
            stack.append(f.item)
    return keys


# The names of folders and files: a community's folder, a case's file (its ledger number).
COMMUNITY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
CASE_ID = re.compile(r"^[0-9]{4}-[0-9]{2,3}$")


def dotted(path: tuple[str | int, ...]) -> str:
    """``("referrals", 0, "to")`` -> ``referrals[1].to`` (1-based, as a clerk counts)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def field_at(spec: Field, path: tuple[str | int, ...]) -> Field:
    """The declaration of the field at ``path`` (list indexes step into the items)."""
    here = spec
    for part in path:
        if isinstance(part, int):
            if here.item is None:
                raise KeyError(dotted(path))
            here = here.item
            continue
        child = here.child(part) if here.kind == MAP else None
        if child is None and here.item is not None:
            child = here.item.child(part)
        if child is None:
            raise KeyError(dotted(path))
        here = child
    return here


def label(spec: Field, *path: str | int) -> str:
    """The Chinese label of a field, e.g. ``label(CASE, "notice", "until")`` -> 公示截止日期."""
    return field_at(spec, tuple(path)).label


def choice_values(spec: Field, lists: object) -> list[str]:
    """The values a CHOICE field allows: the named list of the site config's ``Lists``
    (``lists``), or the keys of its fixed mapping (validation, the open-data package)."""
    if isinstance(spec.choices, str):
        return list(getattr(lists, spec.choices))
    return [value for value, _label in spec.choices or ()]


# --- the field tables of docs/format.md, written from the declarations --------------------

_KIND_WORDS = {
    TEXT: "text",
    INT: "whole number",
    BOOL: "true / false",
    DATE: "date `YYYY-MM-DD`",
    DATETIME: "date-time `YYYY-MM-DD HH:MM`",
    CHOICE: "one of a list",
    MAP: "block",
    LIST: "list",
}


def _rows(spec: Field, prefix: str, inside_block: bool) -> list[str]:
    rows = []
    for f in spec.children:
        key = f"{prefix}{f.key}"
        node, shown = f, key
        if f.kind == LIST and f.item is not None:
            node, shown = f.item, f"{key}[]"
        required = "no"
        if f.required:
            required = "once the block is present" if inside_block else "yes"
        kind = _KIND_WORDS[f.kind]
        if f.kind == LIST and f.item is not None and f.item.kind != MAP:
            kind = f"list of {_KIND_WORDS[f.item.kind]}"
        choices = node.choices if node.kind == CHOICE else f.choices
        if isinstance(choices, str):
            kind += f" (`lists.{choices}` of site_config.yml)"
        elif choices:
            kind += ": " + ", ".join(f"`{value}` {word}" for value, word in choices)
        if f.minimum is not None or f.maximum is not None:
            low = "" if f.minimum is None else f"≥ {f.minimum}"
            high = "" if f.maximum is None else f"≤ {f.maximum}"
            kind += " " + ", ".join(x for x in (low, high) if x)
        rows.append(f"| `{shown}` | {f.label} | {required} | {kind} | {f.help} |")
        if node.kind == MAP:
            rows += _rows(node, f"{shown}.", inside_block=True)
    return rows


def field_table(spec: Field) -> str:
    """The table of every field of ``spec`` (CASE or COMMUNITY) for docs/format.md."""
    head = ["| key | 中文名 | required | value | note |", "|---|---|---|---|---|"]
    return "\n".join(head + _rows(spec, "", inside_block=False)) + "\n"


if __name__ == "__main__":  # python -m generator.source.fields: the tables of docs/format.md
    print(
        "community.yml\n\n" + field_table(COMMUNITY) + "\ncase front matter\n\n" + field_table(CASE)
    )
