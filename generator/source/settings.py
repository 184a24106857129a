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
from generator.messages import config as words
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
            == (
                str(entry["title"]).strip(words.TITLE_BRACKETS),
                str(entry["issuer"]).strip(),
                entry["year"],
            )
        ]
        if not found:
            raise ValueError(
                words.DOCUMENT.format(
                    issuer=entry.get("issuer"), title=entry.get("title"), year=entry.get("year")
                )
            )
        out.append(found[0])
    return tuple(dict.fromkeys(out))


def _known_documents() -> str:
    from generator.source.policies import DOCUMENTS

    return words.DOCUMENTS_SEPARATOR.join(
        words.DOCUMENT.format(issuer=d.issuer, title=d.title, year=d.year)
        for d in DOCUMENTS.values()
    )


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
            problems.append((f"calendar.{year}", words.CALENDAR_YEAR))
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


RULES = Section(
    "rules",
    (
        Setting(
            "notice_min_workdays",
            _int,
            words.INTEGER,
            words.HELP["rules.notice_min_workdays"],
            words.EXAMPLE["rules.notice_min_workdays"],
        ),
        Setting(
            "assembly_notice_days",
            _int,
            words.INTEGER,
            words.HELP["rules.assembly_notice_days"],
            words.EXAMPLE["rules.assembly_notice_days"],
        ),
        Setting(
            "resident_assembly_notice_days",
            _optional_int,
            words.INTEGER_OR_EMPTY,
            words.HELP["rules.resident_assembly_notice_days"],
            words.EXAMPLE["rules.resident_assembly_notice_days"],
        ),
        Setting(
            "quorum",
            _fraction,
            words.FRACTION,
            words.HELP["rules.quorum"],
            words.EXAMPLE["rules.quorum"],
        ),
        Setting(
            "representatives_quorum",
            _fraction,
            words.FRACTION,
            words.HELP["rules.representatives_quorum"],
            words.EXAMPLE["rules.representatives_quorum"],
        ),
        Setting(
            "majority",
            _fraction,
            words.FRACTION,
            words.HELP["rules.majority"],
            words.EXAMPLE["rules.majority"],
        ),
        Setting(
            "referral_workdays",
            _int,
            words.INTEGER,
            words.HELP["rules.referral_workdays"],
            words.EXAMPLE["rules.referral_workdays"],
        ),
        Setting(
            "outcome_due_days",
            _optional_int,
            words.INTEGER_OR_EMPTY,
            words.HELP["rules.outcome_due_days"],
            words.EXAMPLE["rules.outcome_due_days"],
        ),
        Setting(
            "stale_days",
            _int,
            words.INTEGER,
            words.HELP["rules.stale_days"],
            words.EXAMPLE["rules.stale_days"],
        ),
        Setting(
            "yearly_minimum",
            _int,
            words.INTEGER,
            words.HELP["rules.yearly_minimum"],
            words.EXAMPLE["rules.yearly_minimum"],
        ),
        Setting(
            "community_council_size",
            _range,
            words.RANGE_OR_EMPTY,
            words.HELP["rules.community_council_size"],
            words.EXAMPLE["rules.community_council_size"],
        ),
        Setting(
            "village_council_size",
            _range,
            words.RANGE_OR_EMPTY,
            words.HELP["rules.village_council_size"],
            words.EXAMPLE["rules.village_council_size"],
        ),
        Setting(
            "cadre_share_max",
            _fraction,
            words.FRACTION,
            words.HELP["rules.cadre_share_max"],
            words.EXAMPLE["rules.cadre_share_max"],
        ),
        Setting(
            "joint_proposal_share",
            _fraction,
            words.FRACTION,
            words.HELP["rules.joint_proposal_share"],
            words.EXAMPLE["rules.joint_proposal_share"],
        ),
        Setting(
            "joint_proposal_representatives_share",
            _fraction,
            words.FRACTION,
            words.HELP["rules.joint_proposal_representatives_share"],
            words.EXAMPLE["rules.joint_proposal_representatives_share"],
        ),
    ),
    shape=words.RULES_SHAPE,
    unknown=words.RULES_NAME,
    help=words.HELP["rules"],
    target=Rules,
)

LISTS = Section(
    "lists",
    (
        Setting(
            "categories",
            _text_list,
            words.TEXT_LIST,
            words.HELP["lists.categories"],
            words.EXAMPLE["lists.categories"],
        ),
        Setting(
            "forms",
            _text_list,
            words.TEXT_LIST,
            words.HELP["lists.forms"],
            words.EXAMPLE["lists.forms"],
        ),
        Setting(
            "channels",
            _text_list,
            words.TEXT_LIST,
            words.HELP["lists.channels"],
            words.EXAMPLE["lists.channels"],
        ),
        Setting(
            "participant_groups",
            _text_list,
            words.TEXT_LIST,
            words.HELP["lists.participant_groups"],
            words.EXAMPLE["lists.participant_groups"],
        ),
        Setting(
            "council_groups",
            _text_list,
            words.TEXT_LIST,
            words.HELP["lists.council_groups"],
            words.EXAMPLE["lists.council_groups"],
        ),
    ),
    shape=words.LISTS_SHAPE,
    unknown=words.LISTS_NAME,
    help=words.HELP["lists"],
    target=Lists,
)

POSTERS = Section(
    "posters",
    (
        Setting(
            "paper",
            _paper,
            words.PAPER,
            words.HELP["posters.paper"],
            words.EXAMPLE["posters.paper"],
        ),
        Setting(
            "font",
            _font,
            words.FONT_FILE,
            words.HELP["posters.font"],
            words.EXAMPLE["posters.font"],
        ),
        Setting(
            "font_index",
            _font_index,
            words.FONT_INDEX,
            words.HELP["posters.font_index"],
            words.EXAMPLE["posters.font_index"],
        ),
    ),
    shape=words.POSTERS_SHAPE,
    unknown=words.POSTERS_NAME,
    help=words.HELP["posters"],
    target=Posters,
)

SETTINGS: tuple[Setting | Section, ...] = (
    Setting("site_name", _text, words.TEXT, words.HELP["site_name"], words.EXAMPLE["site_name"]),
    Setting(
        "base_url",
        _url,
        words.URL,
        words.HELP["base_url"],
        words.EXAMPLE["base_url"],
    ),
    Setting("county", _text, words.TEXT, words.HELP["county"], words.EXAMPLE["county"]),
    Setting(
        "description", _text, words.TEXT, words.HELP["description"], words.EXAMPLE["description"]
    ),
    Setting(
        "content_dir", _text, words.TEXT, words.HELP["content_dir"], words.EXAMPLE["content_dir"]
    ),
    Setting(
        "timezone",
        _timezone,
        words.TIMEZONE,
        words.HELP["timezone"],
        words.EXAMPLE["timezone"],
    ),
    RULES,
    Setting(
        "adopted",
        _adopted,
        words.ADOPTED,
        words.HELP["adopted"],
        words.EXAMPLE["adopted"],
    ),
    Setting(
        "history_from",
        _optional_date,
        words.DATE,
        words.HELP["history_from"],
        words.EXAMPLE["history_from"],
    ),
    LISTS,
    Setting(
        "office_numbers",
        _numbers,
        words.PHONE_NUMBERS,
        words.HELP["office_numbers"],
        words.EXAMPLE["office_numbers"],
    ),
    Setting(
        "max_file_mb",
        _file_mb,
        words.FILE_MB,
        words.HELP["max_file_mb"],
        words.EXAMPLE["max_file_mb"],
    ),
    Setting(
        "calendar",
        _calendar,
        words.CALENDAR,
        words.HELP["calendar"],
        words.EXAMPLE["calendar"],
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
            unknown = words.UNKNOWN_IN_SECTION.format(
                what=section.unknown, keys=words.KEYS_SEPARATOR.join(known)
            )
            problems.append((f"{section.key}.{key}", unknown))
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
        raise ConfigError([(words.WHOLE_FILE, words.FILE_SHAPE)], path)

    declared = {s.key: s for s in SETTINGS}
    for key in data:
        if key not in declared:
            keys = words.KEYS_SEPARATOR.join(sorted(declared))
            problems.append((str(key), words.UNKNOWN_SETTING.format(keys=keys)))

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
            [(CONFIG_FILE, words.NO_SITE_CONFIG.format(root=root, file=CONFIG_FILE))], path
        )
    try:
        text = read_text(path)
        doc = parse_yaml_text(text)
    except YamlProblem as problem:
        key = words.AT_LINE.format(line=problem.line)
        raise ConfigError([(key, problem.message)], path, {key: problem.line}) from None
    return parse_config(doc.value, path, doc)


def settings_markdown() -> str:
    """The settings table of docs/guide/settings.md, written from :data:`SETTINGS`."""
    rows = [words.GUIDE_HEAD, "|---|---|---|"]
    for item in SETTINGS:
        if isinstance(item, Section):
            rows.append(f"| `{item.key}:` | {item.help} | |")
            rows += [f"| `{item.key}.{s.key}` | {s.help} | `{s.example}` |" for s in item.settings]
        else:
            rows.append(f"| `{item.key}` | {item.help} | `{item.example}` |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # python -m generator.source.settings: the table for the settings guide
    print(settings_markdown(), end="")
