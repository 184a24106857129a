"""site_config.yml: the site's settings, typed, validated, with defaults.

Clerks and operators edit ``site_config.yml``; the MkDocs configuration is derived
from it (see ``generator.mkdocs_config``), so nobody writes ``mkdocs.yml`` by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

CONFIG_FILE = "site_config.yml"

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


@dataclass(frozen=True)
class Rules:
    """Rule thresholds. Where a seed or a statute states a number it is the default;
    the numbers no seed states are local defaults (本县规定), see ``generator.sources``."""

    notice_min_workdays: int = 5
    assembly_notice_days: int = 10  # 村民会议 only
    resident_assembly_notice_days: int | None = None  # 居民会议: none unless the county sets one
    quorum: Fraction = Fraction(2, 3)
    majority: Fraction = Fraction(1, 2)
    referral_workdays: int = 10
    stale_days: int = 90
    yearly_minimum: int = 4
    community_council_size: tuple[int, int] | None = (20, 30)
    village_council_size: tuple[int, int] | None = None
    cadre_share_max: Fraction = Fraction(1, 2)
    joint_proposal_share: Fraction = Fraction(1, 10)  # of 居(村)民
    joint_proposal_representatives_share: Fraction = Fraction(1, 5)  # of 居(村)民代表
    representatives_quorum: Fraction = Fraction(2, 3)  # 代表会议: of the representatives


@dataclass(frozen=True)
class Lists:
    """The allowed values of the list fields."""

    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    forms: tuple[str, ...] = DEFAULT_FORMS
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    participant_groups: tuple[str, ...] = DEFAULT_PARTICIPANT_GROUPS
    council_groups: tuple[str, ...] = DEFAULT_COUNCIL_GROUPS


@dataclass(frozen=True)
class YearSchedule:
    """An official holiday schedule for one year (国务院办公厅 notice), for years the
    calendar package does not know yet."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]  # adjusted working weekends (调休上班)


@dataclass(frozen=True)
class Posters:
    paper: str = "A4"  # A4 or A3
    font: str | None = None  # path to a CJK font file (.ttf/.otf/.ttc)
    font_index: int | None = None  # face index inside a .ttc


@dataclass(frozen=True)
class SiteConfig:
    site_name: str = "城乡社区协商公开"
    base_url: str = "http://localhost:8000"
    county: str | None = None
    description: str | None = None
    content_dir: str = "content"
    rules: Rules = field(default_factory=Rules)
    lists: Lists = field(default_factory=Lists)
    office_numbers: tuple[str, ...] = ()
    calendar: dict[int, YearSchedule] = field(default_factory=dict)
    posters: Posters = field(default_factory=Posters)
    # Where the file came from, for findings; None for the built-in defaults.
    path: Path | None = None

    @property
    def root(self) -> Path:
        """The folder holding site_config.yml (the project folder)."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    def url(self, *parts: str) -> str:
        """Absolute address of a page: ``url("xiguan", "2026-03")`` -> ``.../xiguan/2026-03/``."""
        base = self.base_url.rstrip("/")
        if not parts:
            return base + "/"
        return base + "/" + "/".join(parts) + "/"


class ConfigError(Exception):
    """site_config.yml is unusable; ``problems`` are (key path, Chinese message) pairs."""

    def __init__(self, problems: list[tuple[str, str]], path: Path | None = None):
        self.problems = problems
        self.path = path
        super().__init__("; ".join(f"{k}: {m}" for k, m in problems))


def _fraction(value: Any) -> Fraction:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return Fraction(value).limit_denominator(1000)
    if isinstance(value, str):
        return Fraction(value.strip())
    raise ValueError


def _range(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        return (value[0], value[1])
    raise ValueError


def _date_set(values: Any) -> frozenset[dt.date]:
    if not isinstance(values, list):
        raise ValueError
    out = set()
    for v in values:
        if isinstance(v, dt.date):
            out.add(v)
        else:
            out.add(dt.date.fromisoformat(str(v)))
    return frozenset(out)


_RULE_PARSERS = {
    "notice_min_workdays": int,
    "assembly_notice_days": int,
    "quorum": _fraction,
    "majority": _fraction,
    "referral_workdays": int,
    "stale_days": int,
    "yearly_minimum": int,
    "community_council_size": _range,
    "village_council_size": _range,
    "cadre_share_max": _fraction,
    "joint_proposal_share": _fraction,
    "resident_assembly_notice_days": "optional_int",
    "joint_proposal_representatives_share": _fraction,
    "representatives_quorum": _fraction,
}

_RULE_HINTS = {
    _fraction: "应为分数，如 2/3",
    _range: "应为两个整数的列表，如 [20, 30]，或留空表示不检查",
    int: "应为整数",
    "optional_int": "应为整数，或留空表示不检查",
}


def parse_config(data: Any, path: Path | None = None) -> SiteConfig:
    """Turn the parsed YAML of site_config.yml into a SiteConfig, or raise ConfigError."""
    problems: list[tuple[str, str]] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([("(整个文件)", "应为“键: 值”形式的设置")], path)

    known = {
        "site_name",
        "base_url",
        "county",
        "description",
        "content_dir",
        "rules",
        "lists",
        "office_numbers",
        "calendar",
        "posters",
    }
    for key in data:
        if key not in known:
            problems.append((str(key), f"未知的设置项，可用的有：{'、'.join(sorted(known))}"))

    kwargs: dict[str, Any] = {}
    for key in ("site_name", "base_url", "county", "description", "content_dir"):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                problems.append((key, "应为一段文字"))
            else:
                kwargs[key] = data[key].strip()
    base = kwargs.get("base_url")
    if base is not None and not (base.startswith("http://") or base.startswith("https://")):
        problems.append(
            ("base_url", "应以 http:// 或 https:// 开头，例如 https://xieshang.example.gov.cn")
        )

    rules_in = data.get("rules") or {}
    rule_kwargs: dict[str, Any] = {}
    if not isinstance(rules_in, dict):
        problems.append(("rules", "应为“键: 值”形式的规则阈值"))
    else:
        for key, value in rules_in.items():
            parser = _RULE_PARSERS.get(key)
            if parser is None:
                problems.append(
                    (f"rules.{key}", f"未知的规则阈值，可用的有：{'、'.join(_RULE_PARSERS)}")
                )
                continue
            try:
                if parser == "optional_int":
                    if value is not None and (
                        not isinstance(value, int) or isinstance(value, bool)
                    ):
                        raise ValueError
                    rule_kwargs[key] = value
                    continue
                if parser is int and (not isinstance(value, int) or isinstance(value, bool)):
                    raise ValueError
                rule_kwargs[key] = parser(value)
            except (ValueError, ZeroDivisionError, TypeError):
                problems.append((f"rules.{key}", f"{_RULE_HINTS[parser]}，现在是 {value!r}"))

    lists_in = data.get("lists") or {}
    list_kwargs: dict[str, Any] = {}
    if not isinstance(lists_in, dict):
        problems.append(("lists", "应为“键: 列表”形式"))
    else:
        for key, value in lists_in.items():
            if key not in Lists.__dataclass_fields__:
                problems.append(
                    (
                        f"lists.{key}",
                        f"未知的列表，可用的有：{'、'.join(Lists.__dataclass_fields__)}",
                    )
                )
            elif (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) for v in value)
            ):
                problems.append((f"lists.{key}", "应为非空的文字列表"))
            else:
                list_kwargs[key] = tuple(value)

    numbers = data.get("office_numbers") or []
    if not isinstance(numbers, list):
        problems.append(("office_numbers", "应为电话号码列表"))
    else:
        kwargs["office_numbers"] = tuple(str(n) for n in numbers)

    calendar: dict[int, YearSchedule] = {}
    cal_in = data.get("calendar") or {}
    if not isinstance(cal_in, dict):
        problems.append(("calendar", "应为“年份: {holidays: [...], workdays: [...]}”"))
    else:
        for year, sched in cal_in.items():
            try:
                year_i = int(year)
                if not isinstance(sched, dict) or set(sched) - {"holidays", "workdays"}:
                    raise ValueError
                calendar[year_i] = YearSchedule(
                    holidays=_date_set(sched.get("holidays", [])),
                    workdays=_date_set(sched.get("workdays", [])),
                )
            except (ValueError, TypeError):
                problems.append(
                    (
                        f"calendar.{year}",
                        "应为 {holidays: [放假日期…], workdays: [调休上班日期…]}，日期写成 YYYY-MM-DD",
                    )
                )

    posters_in = data.get("posters") or {}
    if not isinstance(posters_in, dict):
        problems.append(("posters", "应为“键: 值”形式"))
    else:
        paper = str(posters_in.get("paper", "A4")).upper()
        if paper not in ("A4", "A3"):
            problems.append(("posters.paper", f"纸张只能是 A4 或 A3，现在是 {paper}"))
        font = posters_in.get("font")
        index = posters_in.get("font_index")
        kwargs["posters"] = Posters(paper=paper, font=font, font_index=index)

    if problems:
        raise ConfigError(problems, path)
    return SiteConfig(
        **kwargs,
        rules=Rules(**rule_kwargs),
        lists=Lists(**list_kwargs),
        calendar=calendar,
        path=path,
    )


def load_config(root: Path) -> SiteConfig:
    """Read ``root/site_config.yml``; raise ConfigError with a Chinese message if unusable."""
    from generator.yamlsource import YamlProblem, parse_yaml_text, read_text

    path = root / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(
            [
                (
                    CONFIG_FILE,
                    f"在 {root} 找不到 {CONFIG_FILE}：请在含有该文件的文件夹中运行 noticeboard",
                )
            ],
            path,
        )
    try:
        text = read_text(path)
        doc = parse_yaml_text(text)
    except YamlProblem as problem:
        raise ConfigError([(f"第 {problem.line} 行", problem.message)], path) from None
    return parse_config(doc.value, path)
