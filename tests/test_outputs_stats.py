"""The statistics page: the right counts, hand-checked for the fixture and recomputed
independently (from the files, with PyYAML) for the example content."""

from __future__ import annotations

import datetime as dt
import statistics
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from conftest import example_analysis
from test_outputs_common import (
    EXAMPLE,
    EXAMPLE_TODAY,
    FIXTURE,
    FIXTURE_TODAY,
    Built,
    as_date,
    as_datetime,
    build,
)

from generator.check.project import analyse
from generator.model import counting
from generator.outputs.stats import compute_stats, stats_page
from generator.site.pages import plan_site

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def fixture_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(FIXTURE, FIXTURE_TODAY, tmp_path_factory.mktemp("site"))


def _page(built: Built) -> ET.Element:
    stats = next(p for p in plan_site(built.analysis).pages if p.url == "stats/")
    return ET.fromstring(stats.html)  # the body is well-formed: tables and inline SVG


def _table(page: ET.Element, caption_start: str) -> list[list[str]]:
    for table in page.iter("table"):
        caption = table.find("caption")
        if caption is not None and (caption.text or "").startswith(caption_start):
            return [[td.text or "" for td in tr] for tr in table.iter("tr")]
    raise AssertionError(f"no table {caption_start}")


def test_fixture_yearly_counts(fixture_built: Built) -> None:
    stats = compute_stats(fixture_built.analysis)
    counts = {row.community_id: row.counts for row in stats.rows}
    # xiguan: 2025-01 and 2025-02 held in 2025 (2025-03 withdrawn, no meeting); in 2026
    # only 2026-01 (2026-02 meets on 11-26, 2026-04 was withdrawn).
    assert counts["xiguan"] == {2025: 2, 2026: 1}
    # dongcun: 2026-03 meets today, which counts ("on or before today").
    assert counts["dongcun"] == {2025: 1, 2026: 3}
    assert counts["nanyuan"] == {2026: 1}
    assert stats.years == (2025, 2026)
    rows = _table(_page(fixture_built), "各社区、村每年协商次数")
    assert rows[0] == ["街道/乡镇", "社区/村", "2025 年", "2026 年"]
    assert rows[1:] == [
        ["东乡镇", "东村", "1（不足 4 次）", "3 / 4（本年至今）"],
        ["东乡镇", "合计", "1（1 个中 0 个够 4 次）", "3"],
        ["大城街道", "南苑社区", "—", "1 / 4（本年至今）"],
        ["大城街道", "西关社区", "2（不足 4 次）", "1 / 4（本年至今）"],
        ["大城街道", "合计", "2（1 个中 0 个够 4 次）", "2"],
    ]


def test_fixture_breakdowns(fixture_built: Built) -> None:
    stats = compute_stats(fixture_built.analysis)
    assert Counter(dict(stats.by_category)) == Counter(
        {
            "发展规划和项目建设": 1,
            "急难愁盼和矛盾纠纷": 1,
            "民生保障": 2,
            "公共治理": 1,
            "公共事务和公益事业": 5,
            "集体资产和收益分配": 1,
            "协商主体提出的事项": 1,
        }
    )
    assert dict(stats.by_stage) == {
        "二次协商": 1,
        "提交会议决定": 1,
        "已终止": 3,
        "已评价": 1,
        "已落实": 1,
        "落实中": 1,
        "待公布成果": 1,
        "待协商": 1,
        "公示中": 1,
        "议题征集": 1,
    }
    assert [s for s, _ in stats.by_stage][:3] == ["二次协商", "提交会议决定", "已终止"]
    assert sum(n for _, n in stats.by_form) == 12


def test_fixture_timing(fixture_built: Built) -> None:
    stats = compute_stats(fixture_built.analysis)
    by_name = {t.label: t for t in stats.timings}
    assert sorted(by_name["西关社区"].to_outcome) == [17, 22, 23, 31, 35]
    assert statistics.median(stats.overall.to_outcome) == 26.5
    d = dt.date
    assert sorted(stats.overall.to_completion) == sorted(
        [(d(2025, 8, 1) - d(2025, 3, 5)).days, (d(2026, 6, 15) - d(2026, 5, 20)).days]
    )
    share = stats.overall.referrals
    assert (share.on_time, share.late, share.overdue, share.pending) == (1, 1, 1, 0)
    rows = _table(_page(fixture_built), "各社区、村办理时效")
    assert rows[-1][:4] == ["全部", "一般 26.5 天（8 件）", "一般 87.5 天（2 件）", "1/3（33%）"]


def test_charts_are_accessible_svg(fixture_built: Built) -> None:
    page = _page(fixture_built)
    svgs = list(page.iter(f"{SVG}svg"))
    assert len(svgs) >= 5  # two years, category, form, stage
    for svg in svgs:
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text
        assert svg.get("aria-labelledby", "").startswith(title.get("id", "?"))
        assert svg.find(f"{SVG}desc") is not None
        labels = [t.text for t in svg.iter(f"{SVG}text")]
        assert labels, "bars carry text labels"
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    yearly = next(s for s in svgs if s.get("aria-labelledby", "").startswith("nb-yearly-2025"))
    texts = [t.text for t in yearly.iter(f"{SVG}text")]
    assert "西关社区" in texts and "2 不足" in texts
    # Below the minimum is a hatch pattern, not a colour: readable in greyscale.
    assert any("hatch" in (r.get("fill") or "") for r in yearly.iter(f"{SVG}rect"))


def test_no_page_without_cases(tmp_path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "site_config.yml").write_text("base_url: https://x.example.cn\n", encoding="utf-8")
    assert stats_page(analyse(tmp_path, FIXTURE_TODAY)) is None


def test_example_counts_recomputed_from_the_files(tmp_path) -> None:
    example_analysis(EXAMPLE_TODAY)  # fails the test naming any checker error
    built = build(EXAMPLE, EXAMPLE_TODAY, tmp_path / "site")
    today = built.today
    expected: dict[str, Counter] = {cid: Counter() for cid in built.communities}
    for key, fm in built.content.items():
        meeting, outcome = fm.get("meeting"), fm.get("outcome") or {}
        if meeting and outcome.get("result") != "withdrawn":
            held = as_datetime(meeting["start"]).date()
            if held <= today:
                expected[key.split("/")[0]][held.year] += 1
    stats = compute_stats(built.analysis)
    assert {r.community_id: r.counts for r in stats.rows} == {
        k: dict(v) for k, v in expected.items()
    }
    # The same count as the shared definition the yearly-minimum rule uses.
    for community in built.analysis.communities:
        assert counting.consultations_by_year(community.cases, today) == dict(
            expected[community.id]
        )

    assert Counter(dict(stats.by_category)) == Counter(
        fm["category"] for fm in built.content.values()
    )
    assert Counter(dict(stats.by_form)) == Counter(fm["form"] for fm in built.content.values())
    assert sum(n for _, n in stats.by_stage) == len(built.content)

    to_outcome = [
        (as_date(fm["outcome"]["date"]) - as_date(fm["proposed"]["date"])).days
        for fm in built.content.values()
        if "outcome" in fm
    ]
    assert sorted(stats.overall.to_outcome) == sorted(to_outcome)
    referrals = sum(len(fm.get("referrals") or []) for fm in built.content.values())
    share = stats.overall.referrals
    assert (
        share.on_time + share.late + share.overdue + share.pending + share.undated + share.unknown
        == referrals
    )

    # The page shows these numbers: each community's row in the yearly table.
    rows = _table(_page(built), "各社区、村每年协商次数")
    names = {c.name: c.id for c in built.analysis.communities}
    years = [int(h.split()[0]) for h in rows[0][2:]]
    for row in rows[1:]:
        if row[1] == "合计":
            continue
        counts = expected[names[row[1]]]
        for year, cell in zip(years, row[2:], strict=True):
            if cell != "—":
                assert int(cell.split()[0].split("（")[0]) == counts.get(year, 0), (row[1], year)


def test_residents_evaluations_are_counted_on_the_statistics_page() -> None:
    """Issue 21, steps residents should see, 4: 评议 as counts, per community."""
    from conftest import example_analysis

    from generator.outputs.stats import compute_stats, page_view

    analysis = example_analysis()
    stats = compute_stats(analysis)
    evaluated = [c for c in analysis.cases if c.evaluation is not None]
    assert evaluated
    assert sum(e.cases for e in stats.evaluations) == len(evaluated)
    assert sum(e.satisfied for e in stats.evaluations) == sum(
        c.evaluation.satisfied or 0 for c in evaluated
    )
    (section,) = [s for s in page_view(stats).sections if s.heading == "群众评议"]
    total = section.table.rows[-1]
    assert total[0] == "全部" and total[1] == str(len(evaluated))
