"""Shared helpers for the outputs tests: build outputs from a project, and read the
content back independently of the generator (plain PyYAML on the front matter), so
that the outputs are compared with the files, not with the generator's own model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import example_analysis

from generator.check.project import Analysis, analyse
from generator.outputs import after_build as outputs

FIXTURE = Path(__file__).parent / "fixtures" / "outputs"
EXAMPLE = Path(__file__).parent.parent
FIXTURE_TODAY = dt.date(2026, 11, 22)
EXAMPLE_TODAY = dt.date(2026, 11, 22)


@dataclass
class Built:
    analysis: Analysis
    site: Path
    written: list[Path]
    content: dict[str, dict[str, Any]]  # "community/case" -> front matter
    communities: dict[str, dict[str, Any]]  # community id -> community.yml
    base_url: str
    today: dt.date

    def url(self, key: str) -> str:
        return f"{self.base_url.rstrip('/')}/{key}/"


def read_front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8-sig")
    _, yaml_text, _ = text.split("---", 2)
    return yaml.safe_load(yaml_text) or {}


def read_content(project: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every case and community of a project, read with PyYAML only."""
    config = yaml.safe_load((project / "site_config.yml").read_text(encoding="utf-8")) or {}
    content = project / config.get("content_dir", "content")
    cases: dict[str, dict[str, Any]] = {}
    communities: dict[str, dict[str, Any]] = {}
    for community_file in sorted(content.glob("*/community.yml")):
        folder = community_file.parent
        communities[folder.name] = yaml.safe_load(community_file.read_text(encoding="utf-8-sig"))
        for case_file in sorted(folder.glob("*.md")):
            cases[f"{folder.name}/{case_file.stem}"] = read_front_matter(case_file)
    return cases, communities


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> dt.datetime:
    return dt.datetime.strptime(str(value), "%Y-%m-%d %H:%M")


def build(project: Path, today: dt.date, site: Path) -> Built:
    analysis = analyse(project, today)
    site.mkdir(parents=True, exist_ok=True)
    written = outputs.write_outputs(analysis, site)
    cases, communities = read_content(project)
    config = yaml.safe_load((project / "site_config.yml").read_text(encoding="utf-8")) or {}
    return Built(analysis, site, written, cases, communities, config["base_url"], today)


PROJECTS = [
    pytest.param((FIXTURE, FIXTURE_TODAY), id="fixture"),
    pytest.param((EXAMPLE, EXAMPLE_TODAY), id="example"),
]


def built_project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    project, today = request.param
    if project == EXAMPLE:
        example_analysis(EXAMPLE_TODAY)  # fails the test naming any checker error
    return build(project, today, tmp_path_factory.mktemp("site"))


# --- what the content says should be in the outputs -----------------------------------


def expected_events(built: Built) -> set[tuple[str, str, dt.date]]:
    """(case key, kind, date) of every notice, outcome and progress update up to today."""
    events = set()
    for key, fm in built.content.items():
        if "notice" in fm:
            events.add((key, "notice", as_date(fm["notice"]["posted"])))
        if "outcome" in fm:
            events.add((key, "outcome", as_date(fm["outcome"]["date"])))
        for update in fm.get("progress") or []:
            events.add((key, "progress", as_date(update["date"])))
    return {e for e in events if e[2] <= built.today}


def expected_meetings(built: Built, community: str | None = None) -> dict[str, dict[str, Any]]:
    """Case key -> meeting block, for every case with a meeting."""
    return {
        key: fm["meeting"]
        for key, fm in built.content.items()
        if "meeting" in fm and (community is None or key.split("/")[0] == community)
    }
