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
    ("referred", "提交居（村）民会议决定"),
    ("withdrawn", "撤回"),
)
KINDS: tuple[tuple[str, str], ...] = (("社区", "社区"), ("村", "村"))


def _map(key: str, label: str, *children: Field, required: bool = False, help: str = "") -> Field:
    return Field(key, label, MAP, required=required, children=children, help=help)


def _list_of_maps(key: str, label: str, *children: Field, help: str = "") -> Field:
    return Field(key, label, LIST, item=Field(key, label, MAP, children=children), help=help)


def _list_of_text(key: str, label: str, help: str = "") -> Field:
    return Field(key, label, LIST, item=Field(key, label, TEXT), help=help)


CASE = _map(
    "",
    "案例",
    Field(
        "title", "议题", TEXT, required=True, help="协商的议题，一句话，如：关于3号楼加装电梯的协商"
    ),
    Field("category", "协商内容类别", CHOICE, required=True, choices="categories"),
    Field("form", "协商形式", CHOICE, required=True, choices="forms"),
    _map(
        "proposed",
        "议题提出",
        Field("date", "提出日期", DATE, required=True),
        Field("by", "提出人", TEXT, required=True, help="如：3号楼居民联名"),
        Field("channel", "提出方式", CHOICE, required=True, choices="channels"),
        Field("signatures", "联名户数", INT, minimum=1, help="居民联名时签名的户数或人数"),
        required=True,
    ),
    _map(
        "notice",
        "会前公示",
        Field("posted", "公示日期", DATE, required=True),
        Field("until", "公示截止日期", DATE, required=True),
        help="会前公示：时间、地点、形式、主持人和协商主体",
    ),
    _map(
        "meeting",
        "协商会议",
        Field("start", "会议开始时间", DATETIME, required=True, help="如：2026-03-10 19:00"),
        Field("end", "会议结束时间", DATETIME),
        Field("place", "会议地点", TEXT, required=True),
        Field("host", "主持人", TEXT, required=True),
        Field("major", "是否重大事项", BOOL, help="true 表示重大事项，须 2/3 以上议事会成员到会"),
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
        Field("filed", "备案日期", DATE),
        Field("published", "成果公示日期", DATE),
    ),
    _list_of_maps(
        "referrals",
        "交办事项",
        Field("to", "交办单位", TEXT, required=True),
        Field("sent", "交办日期", DATE, required=True),
        Field("due", "答复期限", DATE, help="不写则按交办日期后第 10 个工作日计算"),
        Field("replied", "答复日期", DATE),
        Field("reply", "答复内容", TEXT),
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
    _list_of_text("related", "关联案例", help="本社区写 2025-07，其他社区写 社区编号/案例编号"),
    _list_of_maps(
        "attachments",
        "附件",
        Field("file", "文件", TEXT, required=True),
        Field("title", "附件名称", TEXT),
    ),
    _list_of_text("moved_from", "旧地址", help="改编号前的地址，写成 社区编号/案例编号"),
)

COMMUNITY = _map(
    "",
    "社区",
    Field("name", "名称", TEXT, required=True, help="如：西关社区、桃园村"),
    Field("kind", "类型", CHOICE, required=True, choices=KINDS, help="社区 或 村"),
    Field("town", "所属街道或乡镇", TEXT, required=True),
    Field("county", "所属区县", TEXT),
    Field("households", "户数", INT, minimum=1),
    Field("board", "公开栏位置", TEXT),
    Field("contact", "联系电话", TEXT, help="居（村）委会办公电话，不要写个人手机号"),
    _map(
        "council",
        "协商议事会",
        Field("term", "任期", TEXT, help="如：2024-2027"),
        _list_of_maps(
            "members",
            "议事会成员",
            Field("name", "姓名", TEXT, required=True),
            Field("role", "职务", TEXT),
            Field("group", "类别", CHOICE, choices="council_groups"),
            Field("cadre", "是否社区干部", BOOL),
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


if __name__ == "__main__":  # python -m generator.fields: the tables of docs/format.md
    print(
        "community.yml\n\n" + field_table(COMMUNITY) + "\ncase front matter\n\n" + field_table(CASE)
    )
