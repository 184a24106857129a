"""Reading ``site_config.yml``: every key declared once in ``SETTINGS`` (its parser, its
Chinese error, its line in the settings guide), the file validated into a
:class:`~generator.source.config.SiteConfig`, each problem a ``config-invalid`` finding
at its line.

``python -m generator.source.settings`` writes the table of ``docs/guide/settings.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from generator.errors import UserError
from generator.source.config import Lists, Posters, Rules, SiteConfig, YearSchedule

CONFIG_FILE = "site_config.yml"


class ConfigError(UserError):
    """site_config.yml is unusable; ``problems`` are (key path, Chinese message) pairs.

    ``key_lines`` gives the line of a problem's key in the file, where it is known."""

    def __init__(
        self,
        problems: list[tuple[str, str]],
        path: Path | None = None,
        lines: dict[str, int] | None = None,
    ):
        self.problems = problems
        self.path = path
        self.key_lines = lines or {}
        super().__init__("; ".join(f"{k}: {m}" for k, m in problems))

    def lines(self) -> list[str]:
        return [finding.as_text() for finding in self.findings()]

    def findings(self) -> list[Any]:  # -> list[Finding]
        """Each problem as a ``config-invalid`` finding at its line, as ``check`` reports it."""
        from generator.findings import make

        where = self.path if self.path is not None else CONFIG_FILE
        return [
            make("config-invalid", where, self.key_lines.get(key, 1), key=key, detail=message)
            for key, message in self.problems
        ]


# --- the declaration: one table for validation, errors and docs ---------------------------


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value.strip()


def _timezone(value: Any) -> str:
    from generator.clock import known_zone

    return known_zone(_text(value)).key


def _url(value: Any) -> str:
    text = _text(value)
    if not (text.startswith("http://") or text.startswith("https://")):
        raise ValueError
    return text


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _int(value)


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


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError
    return tuple(value)


def _numbers(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if not isinstance(value, list):
        raise ValueError
    return tuple(str(n) for n in value)


def _file_mb(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1024:
        raise ValueError
    return value


def _paper(value: Any) -> str:
    paper = str(value).upper()
    if paper not in ("A4", "A3"):
        raise ValueError(paper)
    return paper


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def _font(value: Any) -> str | None:
    if value is None:
        return None
    text = _text(value)
    if not text.lower().endswith(FONT_SUFFIXES):
        raise ValueError
    return text


def _font_index(value: Any) -> int | None:
    if value is None:
        return None
    if _int(value) < 0:
        raise ValueError
    return value


def _optional_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError
    return value


def _adopted(value: Any) -> tuple[str, ...]:
    """``adopted:`` entries (title, issuer, year), each one of ``sources.DOCUMENTS``."""
    from generator.source.policies import DOCUMENTS

    if not value:
        return ()
    if not isinstance(value, list):
        raise ValueError
    out = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"title", "issuer", "year"}:
            raise ValueError
        found = [
            d.key
            for d in DOCUMENTS.values()
            if (d.title, d.issuer, d.year)
            == (str(entry["title"]).strip("《》 "), str(entry["issuer"]).strip(), entry["year"])
        ]
        if not found:
            raise ValueError(
                f"{entry.get('issuer')}《{entry.get('title')}》（{entry.get('year')}）"
            )
        out.append(found[0])
    return tuple(dict.fromkeys(out))


def _known_documents() -> str:
    from generator.source.policies import DOCUMENTS

    return "；".join(f"{d.issuer}《{d.title}》（{d.year}）" for d in DOCUMENTS.values())


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


class _Problems(ValueError):
    """Several problems inside one setting, each under its own key."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__()
        self.problems = problems


_CALENDAR_YEAR = "应为 {holidays: [放假日期…], workdays: [调休上班日期…]}，日期写成 YYYY-MM-DD"


def _calendar(value: Any) -> dict[int, YearSchedule]:
    """Year by year: each unusable year is a problem of its own (``calendar.2027``)."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValueError
    calendar: dict[int, YearSchedule] = {}
    problems = []
    for year, sched in value.items():
        try:
            year_i = int(year)
            if not isinstance(sched, dict) or set(sched) - {"holidays", "workdays"}:
                raise ValueError
            calendar[year_i] = YearSchedule(
                holidays=_date_set(sched.get("holidays", [])),
                workdays=_date_set(sched.get("workdays", [])),
            )
        except (ValueError, TypeError):
            problems.append((f"calendar.{year}", _CALENDAR_YEAR))
    if problems:
        raise _Problems(problems)
    return calendar


@dataclass(frozen=True)
class Setting:
    """One key of site_config.yml.

    ``parse`` turns the YAML value into the setting's value or raises ValueError;
    ``expected`` is the Chinese error shown then (``{value}``: what the file says);
    ``help`` explains the key in the settings guide, ``example`` shows a value."""

    key: str
    parse: Callable[[Any], Any]
    expected: str
    help: str
    example: str = ""


@dataclass(frozen=True)
class Section:
    """A mapping of settings under one key (rules, lists, posters)."""

    key: str
    settings: tuple[Setting, ...]
    shape: str  # the error when the section is not a mapping
    unknown: str  # "未知的{unknown}，可用的有：…"
    help: str
    target: type  # the dataclass the settings fill in


_SHOWN = "，现在是 {value!r}"

RULES = Section(
    "rules",
    (
        Setting(
            "notice_min_workdays",
            _int,
            "应为整数" + _SHOWN,
            "会前公示不少于几个工作日（默认 5，本县规定：政策文件只要求公示，没有天数）",
            "5",
        ),
        Setting(
            "assembly_notice_days",
            _int,
            "应为整数" + _SHOWN,
            "村民会议提前几天通知（默认 10，村民委员会组织法第二十一条）",
            "10",
        ),
        Setting(
            "resident_assembly_notice_days",
            _optional_int,
            "应为整数，或留空表示不检查" + _SHOWN,
            "居民会议提前几天公告（法律没有规定，默认不查；填了即为本县规定）",
            "7",
        ),
        Setting(
            "quorum",
            _fraction,
            "应为分数，如 2/3" + _SHOWN,
            "重大事项议事会成员到会比例（默认 2/3，利川市实施方案）",
            "2/3",
        ),
        Setting(
            "representatives_quorum",
            _fraction,
            "应为分数，如 2/3" + _SHOWN,
            "代表会议到会代表比例（默认 2/3：村民代表会议为村民委员会组织法第二十六条；"
            "居民代表会议只查重大事项，为本县规定）",
            "2/3",
        ),
        Setting(
            "majority",
            _fraction,
            "应为分数，如 2/3" + _SHOWN,
            "赞成票须超过有表决权到会人数的比例（默认 1/2：村民会议、村民代表会议、居民会议"
            "按法律；其他形式为本县规定）",
            "1/2",
        ),
        Setting(
            "referral_workdays",
            _int,
            "应为整数" + _SHOWN,
            "受委托事项几个工作日内书面反馈（默认 10，利川市实施方案；需落实的事项不计）",
            "10",
        ),
        Setting(
            "outcome_due_days",
            _optional_int,
            "应为整数，或留空表示不检查" + _SHOWN,
            "会后几天内登记协商结果（政策文件要求主动公开协商成果、及时通报，没有天数；"
            "默认不查，填了即为本县规定，超过的在网站上显示“结果待公布”）",
            "15",
        ),
        Setting(
            "stale_days",
            _int,
            "应为整数" + _SHOWN,
            "落实进度超过几天未更新算停滞（默认 90，本县规定）",
            "90",
        ),
        Setting(
            "yearly_minimum",
            _int,
            "应为整数" + _SHOWN,
            "每个社区、村每年至少协商几次（默认 4，甘肃省实施意见、利川市实施方案）",
            "4",
        ),
        Setting(
            "community_council_size",
            _range,
            "应为两个整数的列表，如 [20, 30]，或留空表示不检查" + _SHOWN,
            "社区议事会人数范围（默认 [20, 30]，大城街道方案；留空不检查）",
            "[20, 30]",
        ),
        Setting(
            "village_council_size",
            _range,
            "应为两个整数的列表，如 [20, 30]，或留空表示不检查" + _SHOWN,
            "村议事会人数范围（默认不检查）",
            "[15, 25]",
        ),
        Setting(
            "cadre_share_max",
            _fraction,
            "应为分数，如 2/3" + _SHOWN,
            "议事会中干部所占比例的上限（默认 1/2，大城街道方案）",
            "1/2",
        ),
        Setting(
            "joint_proposal_share",
            _fraction,
            "应为分数，如 2/3" + _SHOWN,
            "居（村）民联名达到规定比例所需的人数比例（默认 1/10，按 community.yml 的 residents，利川市实施方案）",
            "1/10",
        ),
        Setting(
            "joint_proposal_representatives_share",
            _fraction,
            "应为分数，如 2/3" + _SHOWN,
            "居（村）民代表联名达到规定比例所需的比例（默认 1/5，按 representatives，利川市实施方案）",
            "1/5",
        ),
    ),
    shape="应为“键: 值”形式的规则阈值",
    unknown="规则阈值",
    help="规则阈值，不写则用默认值（政策文件规定的数字，或注明“本县规定”的本地默认值）",
    target=Rules,
)

_LIST = "应为非空的文字列表"
LISTS = Section(
    "lists",
    (
        Setting(
            "categories",
            _text_list,
            _LIST,
            "协商内容类别（category）的可选值",
            "[民生保障, 公共治理]",
        ),
        Setting("forms", _text_list, _LIST, "协商形式（form）的可选值", "[居民议事会, 村民议事会]"),
        Setting(
            "channels",
            _text_list,
            _LIST,
            "议题提出方式（proposed.channel）的可选值",
            "[居民联名, 其他]",
        ),
        Setting(
            "participant_groups",
            _text_list,
            _LIST,
            "协商主体类别（participants 的 group）的可选值",
            "[议事会成员, 居民代表]",
        ),
        Setting(
            "council_groups",
            _text_list,
            _LIST,
            "议事会成员类别（community.yml 中 council 的 group）的可选值",
            "[党组织, 居委会]",
        ),
    ),
    shape="应为“键: 列表”形式",
    unknown="列表",
    help="替换各字段的可选值列表（写了哪个列表就整个替换哪个）",
    target=Lists,
)

POSTERS = Section(
    "posters",
    (
        Setting(
            "paper",
            _paper,
            "纸张只能是 A4 或 A3，现在是 {shown}",
            "海报纸张：A4 或 A3（默认 A4）",
            "A4",
        ),
        Setting(
            "font",
            _font,
            "应为字体文件的路径（.ttf、.otf、.ttc 或 .otc），现在是 {value!r}",
            "海报用的中文字体文件，不写则自动查找系统字体；相对路径从项目文件夹算起",
            "fonts/NotoSansCJK-Regular.ttc",
        ),
        Setting(
            "font_index",
            _font_index,
            "应为 0 或正整数，现在是 {value!r}",
            ".ttc 字体集中用第几个字体（从 0 数起，默认 0）",
            "2",
        ),
    ),
    shape="应为“键: 值”形式",
    unknown="海报设置",
    help="海报设置",
    target=Posters,
)

_TEXT = "应为一段文字"
SETTINGS: tuple[Setting | Section, ...] = (
    Setting("site_name", _text, _TEXT, "网站名称，显示在每一页和海报上", "青禾县城乡社区协商公开"),
    Setting(
        "base_url",
        _url,
        "应以 http:// 或 https:// 开头，例如 https://xieshang.example.gov.cn",
        "网站的公开网址，印在每张海报的二维码里；越短越好扫，发布后不要再改",
        "https://xs.qinghe.example.cn",
    ),
    Setting("county", _text, _TEXT, "县（区）名称", "青禾县"),
    Setting(
        "description", _text, _TEXT, "网站简介，显示在首页", "青禾县各社区、村协商议事的公开信息"
    ),
    Setting("content_dir", _text, _TEXT, "案例文件所在的文件夹（默认 content）", "content"),
    Setting(
        "timezone",
        _timezone,
        "应为时区名称，如 Asia/Shanghai（北京时间）或 Asia/Urumqi，现在是 {value!r}",
        "案例文件里的时间按哪个时区理解，也是“今天”和页面上时间所用的时区（默认北京时间）",
        "Asia/Shanghai",
    ),
    RULES,
    Setting(
        "adopted",
        _adopted,
        "应为文件列表，每项写 title（标题）、issuer（发文机关）、year（年份），"
        "且是本程序收录的文件之一：{known}；现在是 {shown}",
        "本县采用的外地政策文件（默认一个也没有）。只有采用了的文件，其规定才会在网站上作为依据公开提示；"
        "没有采用的，检查时只写“参照……”提醒文书，不在网站上提示",
        "[{title: 关于加强城乡社区协商的实施意见, issuer: 中共甘肃省委办公厅、甘肃省人民政府办公厅, year: 2016}]",
    ),
    Setting(
        "history_from",
        _optional_date,
        "应为日期，写成 2026-12-01，现在是 {value!r}",
        "案例页“修改记录”从这一天开始：此前的修改（导入旧档案、整理示例）不逐条公开，"
        "只显示这一天时文件的样子；不写则公开全部修改记录",
        "2026-12-01",
    ),
    LISTS,
    Setting(
        "office_numbers",
        _numbers,
        "应为电话号码列表",
        "公开的办公电话：写在这里的号码不会被当作个人手机号报错",
        "[09318600001]",
    ),
    Setting(
        "max_file_mb",
        _file_mb,
        "应为 1 到 1024 之间的数（单位 MB），现在是 {value!r}",
        "每个附件、照片的大小上限（MB）；超过的文件不发布，检查时报错",
        "20",
    ),
    Setting(
        "calendar",
        _calendar,
        "应为“年份: {holidays: [...], workdays: [...]}”",
        "chinesecalendar 还没有收录的年份的放假安排（按国务院办公厅通知填写）",
        "{2027: {holidays: [2027-01-01], workdays: []}}",
    ),
    POSTERS,
)


def _expected(setting: Setting, value: Any, err: Exception) -> str:
    shown = err.args[0] if err.args and isinstance(err.args[0], str) else value
    expected = setting.expected.replace("{value!r}", repr(value)).replace("{shown}", str(shown))
    if "{known}" in expected:
        expected = expected.replace("{known}", _known_documents())
    return expected


def _parse_section(section: Section, value: Any, problems: list[tuple[str, str]]) -> dict[str, Any]:
    if not value:
        return {}
    if not isinstance(value, dict):
        problems.append((section.key, section.shape))
        return {}
    known = {s.key: s for s in section.settings}
    out: dict[str, Any] = {}
    for key, item in value.items():
        setting = known.get(key)
        if setting is None:
            problems.append(
                (f"{section.key}.{key}", f"未知的{section.unknown}，可用的有：{'、'.join(known)}")
            )
            continue
        try:
            out[key] = setting.parse(item)
        except (ValueError, ZeroDivisionError, TypeError) as err:
            problems.append((f"{section.key}.{key}", _expected(setting, item, err)))
    return out


def parse_config(data: Any, path: Path | None = None, doc: Any = None) -> SiteConfig:
    """Turn the parsed YAML of site_config.yml into a SiteConfig, or raise ConfigError.

    ``doc`` (a :class:`generator.source.yamlsource.Doc`) gives each problem its line."""
    problems: list[tuple[str, str]] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([("(整个文件)", "应为“键: 值”形式的设置")], path)

    declared = {s.key: s for s in SETTINGS}
    for key in data:
        if key not in declared:
            problems.append((str(key), f"未知的设置项，可用的有：{'、'.join(sorted(declared))}"))

    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        item = declared.get(key)
        if isinstance(item, Section):
            parsed = _parse_section(item, value, problems)
            if item is RULES:
                parsed["set_by_county"] = frozenset(parsed)
            kwargs[key] = item.target(**parsed)
        elif item is not None:
            try:
                kwargs[key] = item.parse(value)
            except _Problems as err:
                problems.extend(err.problems)
            except (ValueError, TypeError) as err:
                problems.append((key, _expected(item, value, err)))

    if problems:
        raise ConfigError(problems, path, _lines(problems, doc))
    config = SiteConfig(**kwargs, path=path)
    from generator.clock import use_zone

    use_zone(config.timezone)  # one clock for the whole run (generator.clock)
    return config


def _lines(problems: list[tuple[str, str]], doc: Any) -> dict[str, int]:
    """The line of each problem's key in the file (calendar years may be numbers)."""
    if doc is None:
        return {}
    lines = {}
    for key, _ in problems:
        parts = key.split(".")
        numbered = [int(p) if p.isdigit() else p for p in parts]
        path = numbered if tuple(numbered) in doc.key_marks else parts
        lines[key] = doc.key_at(*path).line
    return lines


def load_config(root: Path) -> SiteConfig:
    """Read ``root/site_config.yml``; raise ConfigError with a Chinese message if unusable."""
    from generator.source.textfile import YamlProblem, read_text
    from generator.source.yamlsource import parse_yaml_text

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
        key = f"第 {problem.line} 行"
        raise ConfigError([(key, problem.message)], path, {key: problem.line}) from None
    return parse_config(doc.value, path, doc)


def settings_markdown() -> str:
    """The settings table of docs/guide/settings.md, written from :data:`SETTINGS`."""
    rows = ["| 设置 | 说明 | 例子 |", "|---|---|---|"]
    for item in SETTINGS:
        if isinstance(item, Section):
            rows.append(f"| `{item.key}:` | {item.help} | |")
            rows += [f"| `{item.key}.{s.key}` | {s.help} | `{s.example}` |" for s in item.settings]
        else:
            rows.append(f"| `{item.key}` | {item.help} | `{item.example}` |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # python -m generator.source.settings: the table for the settings guide
    print(settings_markdown(), end="")
