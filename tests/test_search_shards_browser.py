"""Town shards of the search index (generator/site/search_shards.py), in headless Chromium
at 360×780 with an empty cache, against a server that gzips like a real host
(tests/transfer.py).

The synthetic county (bench/bench_site.py's generator, 300 cases in 8 towns) is built
with the shard threshold lowered to 100 cases, so each town gets an index of its own
beside the county's. One case gets a word in its body that no other page has: a search
in its town finds it within the budget and loads no part of the county's index; 搜索全县
widens to the county's index and finds it there too.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_helpers import CHROMIUM, REPO, browser_unavailable, build

sys.path.insert(0, str(REPO / "bench"))
from bench_site import TOWNS, generate

from generator.site import search_shards

pytestmark = pytest.mark.browser

COMMUNITIES, CASES = 12, 25  # 300 cases, 8 towns
SHARD_FROM = 100  # cases: the test county is sharded
SEARCH_BUDGET = 150_000  # bytes, issue 23: a resident's search at 30,000 cases
BODY_ONLY_WORD = "石磨坊"
BODY_ONLY_CASE = ("c005", "2026-03")
TOWN = TOWNS[5 % len(TOWNS)]  # c005's town in the generator


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not CHROMIUM.exists():
        browser_unavailable(f"Debian chromium not installed at {CHROMIUM}")
    root = tmp_path_factory.mktemp("sharded")
    generate(root, COMMUNITIES, CASES)
    community, case = BODY_ONLY_CASE
    with (root / "content" / community / f"{case}.md").open("a", encoding="utf-8") as f:
        f.write(f"\n## 补充情况\n\n村口的老{BODY_ONLY_WORD}年久失修，居民建议一并修缮。\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(search_shards.ENV_MIN_CASES, str(SHARD_FROM))
        ok, lines = build(root, root / "site")
    assert ok, "\n".join(lines)
    yield root / "site"


def _plan(site: Path) -> list[dict[str, Any]]:
    """The town shards the build made (its plan file is for the search step only and is
    not published): the same plan, from the county's model."""
    from site_helpers import TODAY

    from generator.check.project import analyse

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(search_shards.ENV_MIN_CASES, str(SHARD_FROM))
        return search_shards.plan(analyse(site.parent, TODAY))


def _shard(site: Path, town: str) -> str:
    return next(t["shard"] for t in _plan(site) if t["town"] == town)


def _county_index(sent: Any) -> int:
    """Bytes of the county's own index files (not a town's) in a transfer."""
    return sum(
        n
        for url, n in sent.requests.items()
        if url.startswith("/pagefind/") and not url.startswith("/pagefind/town/")
    )


def _links(page: Any) -> list[str]:
    return page.locator("[data-nb-results] a.nb-item__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_each_town_has_an_index_of_its_pages_alone(county: Path) -> None:
    assert not (county / search_shards.PLAN_FILE).exists()  # for the search step only
    towns = _plan(county)
    assert len(towns) == len(TOWNS)
    total = 0
    for town in towns:
        entry = county / "pagefind" / "town" / town["shard"] / "pagefind-entry.json"
        pages = json.loads(entry.read_text(encoding="utf-8"))["languages"]["zh"]["page_count"]
        assert pages == CASES * len(town["communities"]), town
        total += pages
    county_entry = json.loads((county / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert county_entry["languages"]["zh"]["page_count"] == total == COMMUNITIES * CASES


def test_a_search_in_a_town_finds_the_case_within_budget(visit: Any, county: Path) -> None:
    from transfer import search_ready

    sent = visit.step(f"/search/?q={BODY_ONLY_WORD}&town={TOWN}", search_ready)
    community, case = BODY_ONLY_CASE
    assert _links(visit.page) == [f"/{community}/{case}/"]
    assert sent.total <= SEARCH_BUDGET, sent.requests
    assert sent.under(f"/pagefind/town/{_shard(county, TOWN)}/") > 0
    assert _county_index(sent) == 0, sent.requests  # nothing of the county's index
    status = visit.page.locator("[data-nb-status]").inner_text()
    assert status.startswith(f"在{TOWN}找到 1 个结果")
    assert visit.page.locator("[data-nb-wide]").is_visible()


def test_widening_to_the_county_finds_the_case_in_the_county_index(visit: Any) -> None:
    from transfer import search_ready

    page = visit.page
    visit.step(f"/search/?q={BODY_ONLY_WORD}&town={TOWN}", search_ready)
    page.locator("[data-nb-wide]").click()
    page.wait_for_function(
        "document.querySelector('[data-nb-status]').textContent.startsWith('在全县找到')"
    )
    search_ready(page)
    page.wait_for_load_state("networkidle")
    sent = visit.server.take()
    community, case = BODY_ONLY_CASE
    assert _links(page) == [f"/{community}/{case}/"]
    assert _county_index(sent) > 0, sent.requests
    assert "town=%E5%85%A8%E5%8E%BF" in page.url  # town=全县: the widened search shares
    assert not page.locator("[data-nb-wide]").is_visible()
    # The shared address, opened afresh, searches the county at once, within budget
    # at this size (at 30,000 cases the county's page list alone is ~190 KB).
    again = visit.step(page.url.removeprefix(visit.server.base), search_ready)
    assert _links(page) == [f"/{community}/{case}/"]
    assert _county_index(again) > 0 and again.under("/pagefind/town/") == 0
    assert again.total <= SEARCH_BUDGET, again.requests


def test_a_village_chosen_searches_its_town(visit: Any, county: Path) -> None:
    from transfer import search_ready

    community, case = BODY_ONLY_CASE
    sent = visit.step(f"/search/?q={BODY_ONLY_WORD}&community={community}", search_ready)
    assert _links(visit.page) == [f"/{community}/{case}/"]
    assert visit.page.locator("select[name=town]").input_value() == TOWN
    assert sent.under(f"/pagefind/town/{_shard(county, TOWN)}/") > 0
    assert _county_index(sent) == 0, sent.requests


def test_no_town_chosen_asks_for_one_before_loading_an_index(visit: Any) -> None:
    page = visit.page
    sent = visit.step(f"/search/?q={BODY_ONLY_WORD}")
    assert "请先在“在哪里搜”选择街道/乡镇" in page.locator("[data-nb-status]").inner_text()
    assert sent.under("/pagefind/") == 0, sent.requests
    assert page.locator("[data-nb-wide]").is_visible()
    # Choosing a town searches it; a town without the word says where it looked.
    other = TOWNS[0]
    page.locator("select[name=town]").select_option(other)
    page.wait_for_function(
        "t => document.querySelector('[data-nb-status]').textContent.startsWith('在' + t)",
        arg=other,
    )
    assert page.locator("[data-nb-status]").inner_text().startswith(f"在{other}没有找到")
    assert f"town={other}" in urllib.parse.unquote(page.url)
