"""site_config.yml: one declaration (generator.source.settings.SETTINGS) gives the validation, the
Chinese errors at their line, and the settings guide."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, TempProject

from generator.source.config import Posters
from generator.source.settings import (
    SETTINGS,
    ConfigError,
    Section,
    load_config,
    parse_config,
    settings_markdown,
)

GUIDE = REPO / "docs" / "guide" / "settings.md"


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as err:
        parse_config(yaml.safe_load(text))
    return err.value.problems


def test_the_example_config_loads_with_its_values() -> None:
    config = load_config(REPO)
    assert config.base_url == "https://xs.qinghe.example.cn"
    assert config.rules.quorum == Fraction(2, 3)
    assert config.rules.community_council_size == (20, 30)
    assert config.posters == Posters(paper="A4")


def test_defaults_when_empty() -> None:
    config = parse_config(None)
    assert config.site_name and config.rules.yearly_minimum == 4 and config.posters.font is None


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("base_url: xs.example.cn", "base_url", "应以 http:// 或 https:// 开头"),
        ("site_name: ''", "site_name", "应为一段文字"),
        ("rules:\n  quorum: 三分之二", "rules.quorum", "应为分数，如 2/3，现在是 '三分之二'"),
        ("rules:\n  stale_days: 9.5", "rules.stale_days", "应为整数，现在是 9.5"),
        (
            "rules:\n  stale_day: 9",
            "rules.stale_day",
            "未知的规则阈值，可用的有：notice_min_workdays",
        ),
        ("rules:\n  community_council_size: [30, 20]", "rules.community_council_size", "[20, 30]"),
        ("rules: 5", "rules", "应为“键: 值”形式的规则阈值"),
        ("lists:\n  forms: []", "lists.forms", "应为非空的文字列表"),
        ("lists:\n  form: [a]", "lists.form", "未知的列表，可用的有：categories"),
        ("office_numbers: 123", "office_numbers", "应为电话号码列表"),
        ("calendar:\n  2027: [2027-01-01]", "calendar.2027", "日期写成 YYYY-MM-DD"),
        ("calendar: 2027", "calendar", "应为“年份"),
        ("posters:\n  paper: b5", "posters.paper", "纸张只能是 A4 或 A3，现在是 B5"),
        ("posters:\n  font: 12", "posters.font", "应为字体文件的路径"),
        ("posters:\n  font: 微软雅黑", "posters.font", "应为字体文件的路径"),
        ("posters:\n  font_index: -1", "posters.font_index", "应为 0 或正整数"),
        (
            "posters:\n  fonts: a.ttf",
            "posters.fonts",
            "未知的海报设置，可用的有：paper、font、font_index",
        ),
        ("site: x", "site", "未知的设置项，可用的有：adopted、base_url、calendar"),
    ],
)
def test_each_mistake_names_its_key_and_the_fix(text: str, key: str, message: str) -> None:
    found = problems(text)
    assert [k for k, _ in found] == [key]
    assert message in found[0][1]


def test_posters_font_and_index_are_kept() -> None:
    config = parse_config({"posters": {"font": "fonts/a.ttc", "font_index": 2, "paper": "a3"}})
    assert config.posters == Posters(paper="A3", font="fonts/a.ttc", font_index=2)


def test_every_problem_is_reported_at_its_line(project: TempProject) -> None:
    project.config("rules:\n  quorum: 三分之二\nposters:\n  paper: B5\n")
    lines = (project.root / "site_config.yml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ConfigError) as err:
        load_config(project.root)
    found = {f.message: f.line for f in err.value.findings()}
    assert len(found) == 2
    for message, line in found.items():
        assert message.startswith("site_config.yml 的 "), message
        key = message.removeprefix("site_config.yml 的 ").split(" ")[0].split(".")[-1]
        assert lines[line - 1].strip().startswith(key + ":"), (message, lines[line - 1])


def test_check_reports_config_problems_as_findings(project: TempProject) -> None:
    project.config("posters:\n  font: 宋体\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "check", "--today", TODAY],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    line = len((project.root / "site_config.yml").read_text("utf-8").splitlines())
    (shown,) = result.stderr.splitlines()
    assert shown.startswith(f"site_config.yml:{line}:")
    assert "错误 config-invalid site_config.yml 的 posters.font 有误" in shown
    assert "docs/guide/settings.md" in shown


def test_the_settings_guide_lists_every_setting_as_declared() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert settings_markdown() in text, (
        "docs/guide/settings.md is out of step with generator/source/settings.py: paste the output "
        "of `python -m generator.source.settings` between its table markers"
    )
    keys = set()
    for item in SETTINGS:
        keys.add(item.key)
        if isinstance(item, Section):
            keys |= {f"{item.key}.{s.key}" for s in item.settings}
    assert {"posters.font", "posters.font_index", "rules.quorum", "base_url"} <= keys


def test_every_key_of_the_example_config_is_declared() -> None:
    data = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
    declared = {s.key: s for s in SETTINGS}
    for key, value in data.items():
        assert key in declared
        if isinstance(declared[key], Section):
            assert set(value) <= {s.key for s in declared[key].settings}


def test_the_guide_links_the_settings_page() -> None:
    assert "settings.md" in (Path(GUIDE).parent / "index.md").read_text(encoding="utf-8")
