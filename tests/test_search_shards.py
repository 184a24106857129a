"""The town shards' plan (generator/site/search_shards.py) and slices that never hold two
towns (generator/search_slices.plan_slices). The shards themselves, built and searched
in Chromium: tests/test_search_shards_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site import search_shards
from generator.site.search_slices import plan_slices


@pytest.fixture(autouse=True)
def threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(search_shards.ENV_MIN_CASES, "10")


def test_a_small_county_has_no_shards() -> None:
    assert search_shards.plan_towns({"a": ("南山镇", 4), "b": ("柳河镇", 5)}) == []


def test_a_county_of_one_town_has_no_shards() -> None:
    assert search_shards.plan_towns({"a": ("南山镇", 40), "b": ("南山镇", 5)}) == []


def test_each_town_with_cases_is_a_shard_of_its_communities() -> None:
    plan = search_shards.plan_towns(
        {"b": ("南山镇", 6), "a": ("南山镇", 6), "c": ("柳河镇", 6), "d": ("石门乡", 0)}
    )
    assert [t["town"] for t in plan] == ["南山镇", "柳河镇"]  # in name order; 石门乡: no case
    assert plan[0]["communities"] == ["a", "b"]
    assert plan[0]["shard"] == search_shards.shard_name("南山镇")
    assert all(t["shard"].isascii() and t["shard"].isalnum() for t in plan)
    assert search_shards.shard_name("南山镇") != search_shards.shard_name("柳河镇")


def test_the_threshold_comes_from_the_environment_only_when_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert search_shards.shard_min_cases() == 10
    monkeypatch.setenv(search_shards.ENV_MIN_CASES, "many")
    assert search_shards.shard_min_cases() == search_shards.SHARD_MIN_CASES


def test_the_plan_is_read_back_and_a_missing_or_broken_one_means_no_shards(
    tmp_path: Path,
) -> None:
    assert search_shards.read_plan(tmp_path) == []
    plan = search_shards.plan_towns({"a": ("南山镇", 6), "c": ("柳河镇", 6)})
    search_shards.write_plan(plan, tmp_path)
    assert search_shards.read_plan(tmp_path) == [
        (search_shards.shard_name("南山镇"), ["a"]),
        (search_shards.shard_name("柳河镇"), ["c"]),
    ]
    (tmp_path / search_shards.PLAN_FILE).write_text("{", encoding="utf-8")
    assert search_shards.read_plan(tmp_path) == []


def _site(root: Path, cases: dict[str, int]) -> Path:
    """Community folders with ``n`` indexed case pages each, plus folders of none."""
    for community, n in cases.items():
        (root / community).mkdir()
        (root / community / "index.html").write_text("<p>community</p>")
        for i in range(n):
            page = root / community / f"2026-{i:02d}" / "index.html"
            page.parent.mkdir()
            page.write_text("<div data-pagefind-body>case</div>")
    for other in ("stats", "tracker", "search"):
        (root / other).mkdir()
        (root / other / "index.html").write_text("<p>no body</p>")
    return root


def test_no_slice_holds_two_towns(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a": 3, "b": 3, "c": 3, "d": 3, "e": 0})
    groups = [["a", "c"], ["b", "d"], ["e"]]
    slices = plan_slices(site, "pagefind", per_slice=100, groups=groups)
    assert slices[:1] == [["a", "c"]]
    # Folders with no indexed page (a town's without cases, statistics, search…) are
    # in no slice: Pagefind would ignore their pages.
    assert slices[1] == ["b", "d"]
    assert len(slices) == 2
    # Small slices split a town, never join two.
    small = plan_slices(site, "pagefind", per_slice=4, groups=groups)
    town = {"a": 0, "c": 0, "b": 1, "d": 1}
    for folders in small:
        assert len({town[f] for f in folders if f in town}) == 1, small
    assert sorted(f for s in small for f in s) == ["a", "b", "c", "d"]


def test_a_site_with_no_indexed_page_is_one_slice_of_every_folder(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a": 0, "b": 0})
    assert plan_slices(site, "pagefind", per_slice=1) == [["a", "b", "search", "stats", "tracker"]]


def test_without_towns_slices_are_as_before(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a": 3, "b": 3, "c": 3})
    assert plan_slices(site, "pagefind", per_slice=100) == [["a", "b", "c"]]
    assert plan_slices(site, "pagefind", per_slice=100, groups=[]) == plan_slices(
        site, "pagefind", per_slice=100
    )


def test_a_build_writes_each_towns_index_and_an_edit_reaches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: a county of 42 cases in 6 towns, sharded from 10 cases. Each town's
    index holds its pages alone, the county's all of them; after one case is edited
    the rebuild (slices of other towns kept from the cache) has its new word in its
    town's index and the county's only."""
    import sys

    from site_helpers import REPO, build
    from test_search_slices import read_bundle

    sys.path.insert(0, str(REPO / "bench"))
    from bench_site import TOWNS, generate

    generate(tmp_path, 6, 7)
    site = tmp_path / "site"
    ok, lines = build(tmp_path, site)
    assert ok, "\n".join(lines)
    county = read_bundle(site / "pagefind")
    assert county["page_count"] == 42
    assert len(list((site / "pagefind" / "town").iterdir())) == 6
    assert not (site / search_shards.PLAN_FILE).exists()  # for the search step only
    for i, town in enumerate(TOWNS[:6]):
        bundle = read_bundle(site / "pagefind" / "town" / search_shards.shard_name(town))
        assert sorted(bundle["fragments"]) == sorted(
            u for u in county["fragments"] if u.startswith(f"/c{i:03d}/")
        )
        assert bundle["filters"]["community"] == {f"c{i:03d}": sorted(bundle["fragments"])}

    case = tmp_path / "content" / "c002" / "2026-01.md"
    with case.open("a", encoding="utf-8") as f:
        f.write("\n村口的老石磨坊年久失修。\n")
    ok, lines = build(tmp_path, site)
    assert ok, "\n".join(lines)
    word = "磨坊"  # as the segmenter cuts 老石磨坊
    county = read_bundle(site / "pagefind")
    assert list(county["words"][word][0]) == ["/c002/2026-01/"]
    for i, town in enumerate(TOWNS[:6]):
        words = read_bundle(site / "pagefind" / "town" / search_shards.shard_name(town))["words"]
        assert (word in words) == (i == 2), town
