"""One fact, one home: each fact the code decides is decided in one place, and every
place that shows it asks there. Each test below would see two homes disagree.

| fact                                   | owner                                           |
|----------------------------------------|-------------------------------------------------|
| a case is done when progress >= 100    | model.ProgressUpdate.done / Case.implemented(_on)|
| the stage after an outcome or update   | model.outcome_stage / ProgressUpdate.stage      |
| poster file names                      | poster_names                                    |
| field labels                           | fields (label(), the declarations)              |
| the local time zone                    | clock (model.LOCAL_TZ re-exports it)            |
| the host of base_url                   | config.SiteConfig.host                          |
| page addresses                         | config.SiteConfig.page_path / address / url     |
| atomic writes (posters, caches, copies) | atomic.write_atomic                            |
| the files a case publishes             | model.Case.files                                |
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from test_model import AGREED, HALF, held

from generator.check.project import analyse
from generator.check.rules import dates, implementation
from generator.model.cases import ProgressUpdate, Result, Stage, StepState
from generator.outputs import feeds, opendata
from generator.posters import names as poster_names
from generator.posters import render_posters
from generator.site.pages import plan_site
from generator.source import fields
from generator.source.config import SiteConfig

GENERATOR = Path(__file__).parent.parent / "generator"
TODAY = dt.date(2026, 6, 15)


def _sources() -> dict[str, str]:
    return {
        p.relative_to(GENERATOR).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GENERATOR.rglob("*.py"))
    }


@pytest.mark.parametrize(
    ("pattern", "owners", "fact"),
    [
        (r"percent\s*[<>=!]=?\s*100\b", set(), "done: use ProgressUpdate.done / Case.implemented"),
        (
            r"\bDONE_PERCENT\b",
            {"model/cases.py"},
            "done: use ProgressUpdate.done / Case.implemented",
        ),
        (r"ZoneInfo\(", {"clock.py"}, "the time zone: use clock.zone() / model.LOCAL_TZ"),
        (r"date\.today\(|datetime\.now\(", {"clock.py"}, "now and today: use clock.now/today"),
        (r"\.hostname\b", {"source/config.py"}, "the host: use SiteConfig.host"),
        (
            r"base_url\.rstrip|base_url\s*\+",
            {"source/config.py"},
            "addresses: use SiteConfig.url/address",
        ),
        (
            r"-all\.pdf\"|\{([\w.]*key|community[\w.]*)\}\.(pdf|png)\"",
            {"posters/names.py"},
            "poster names: use poster_names",
        ),
        (r"\.tmp\"|\.part\"", {"atomic.py"}, "atomic writes: use atomic.write_atomic"),
    ],
)
def test_a_fact_is_spelled_only_by_its_owner(pattern: str, owners: set[str], fact: str) -> None:
    found = {name for name, text in _sources().items() if re.search(pattern, text)}
    assert found <= owners, f"{fact}; spelled again in {sorted(found - owners)}"


def test_atomic_writes_have_one_helper(tmp_path: Path) -> None:
    from generator.atomic import write_atomic

    target = tmp_path / "new" / "poster.png"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in target.parent.iterdir()] == [
        "poster.png"
    ]


@pytest.mark.parametrize("percent", [99, 100])
def test_done_means_the_same_everywhere(percent: int) -> None:
    case = held(outcome=AGREED, progress=(*HALF, ProgressUpdate(date=TODAY, percent=percent)))
    done = percent >= 100
    assert case.implemented is done
    assert (case.stage(TODAY) is Stage.DONE) is done
    timeline = {step.name: step.state for step in case.timeline(TODAY)}
    assert (timeline["落实"] is StepState.DONE) is done
    community = type("C", (), {"name": "西关社区", "kind": "社区"})()
    (last,) = [e for e in feeds.case_events(case, community, TODAY) if e.date == TODAY]  # type: ignore[arg-type]
    assert (last.stage is Stage.DONE) is done and last.stage is case.stage(TODAY)
    assert (case.implemented_on == TODAY) is done
    late = dt.date(2027, 6, 1)  # long after the last update: stale unless done
    stale = list(implementation.stale(case, late, SiteConfig()))
    assert (stale == []) is done


@pytest.mark.parametrize("result", list(Result))
def test_the_feed_says_the_stage_the_case_is_in(result: Result) -> None:
    case = held(outcome=replace(AGREED, result=result))
    community = type("C", (), {"name": "西关社区", "kind": "社区"})()
    outcome = next(e for e in feeds.case_events(case, community, TODAY) if e.kind == "outcome")  # type: ignore[arg-type]
    assert outcome.stage is case.stage(TODAY)


def test_date_order_names_fields_by_their_declared_labels() -> None:
    case = held(outcome=AGREED, progress=HALF)
    main, branches = dates.chain_of(case)
    for field in [*main, *(f for b in branches for f in b)]:
        assert field.label == fields.label(fields.CASE, *field.key)
    assert fields.label(fields.CASE, "notice", "until") == "公示截止日期"
    assert fields.label(fields.CASE, "progress", 0, "date") == "进展日期"
    with pytest.raises(KeyError):
        fields.label(fields.CASE, "notice", "until_date")


def test_completed_date_in_open_data_is_the_models(tmp_path: Path) -> None:
    assert not hasattr(opendata, "completed_date")  # one definition: Case.implemented_on


def test_page_addresses_come_from_the_config() -> None:
    config = SiteConfig(base_url="https://xs.example.cn/qinghe/")
    assert config.page_path() == "" and config.page_path("xiguan", "2026-03") == "xiguan/2026-03/"
    assert config.url("xiguan", "2026-03") == "https://xs.example.cn/qinghe/xiguan/2026-03/"
    assert config.url() == "https://xs.example.cn/qinghe/"
    assert config.address("feed.xml") == "https://xs.example.cn/qinghe/feed.xml"
    assert config.host == "xs.example.cn"


POSTERS_FIXTURE = Path(__file__).parent / "fixtures" / "posters"


def test_pages_link_the_poster_files_the_renderer_writes(tmp_path: Path) -> None:
    analysis = analyse(POSTERS_FIXTURE, dt.date(2026, 11, 22))
    case = next(c for c in analysis.cases if c.key == "xiguan/2026-05")
    out = tmp_path / "site" / poster_names.FOLDER
    report = render_posters(analysis, out, targets=["xiguan"], cache_dir=tmp_path / "cache")
    written = {p.relative_to(tmp_path / "site").as_posix() for p in report.paths}
    pages = {p.url: p.html for p in plan_site(analysis).pages}
    for url, key in ((f"{case.key}/", case.key), ("xiguan/", "xiguan")):
        links = poster_names.links(key)
        expected = [links.pdf, links.png] if links.bundle is None else [links.pdf, links.bundle]
        root = "../" * url.count("/")
        for href in expected:
            assert f'href="{root}{href}"' in pages[url], (url, href)
            assert href in written, (href, sorted(written))
