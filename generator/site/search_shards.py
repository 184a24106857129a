"""Search shards: a large county's search index kept per town (街道/乡镇) as well.

Every search loads Pagefind's page list of the index it asks (about 6.4 bytes a page,
gzipped): at 30,000 cases the whole county's list alone would be most of a phone's
search budget. A resident knows their town and village, so a county with more than
``shard_min_cases()`` cases also gets one index per town, beside the whole county's:
``pagefind/town/<shard>/`` (``SHARDS_DIR``). The search page searches the town chosen
(``search/?q=电梯&town=南山镇``, or the town of the village chosen) and offers
搜索全县 (``town=全县``), which loads the whole county's index, ``pagefind/``.

The plan (which towns, which community folders, which shard name) is made here from
the model, once: ``plan`` for the search page (``pages.py``) and ``write_plan`` into
``search/shards.json`` for the search step (``search_index.py``), which runs in a
process that never loads the content. The slices of the index (``search_slices``)
then never hold two towns, so each town's index is its slices merged, with no
Pagefind run of its own.

Widening loads the county's index, merged at build time, rather than merging the
towns' in the browser (Pagefind's ``mergeIndex``): that would fetch every town's page
list and a chunk from each (twenty requests where one does, and no fewer bytes).
The budget holds while a town has up to about 2,000 cases (bench/bench_site.py
``--search-only``); a larger town would need its index split by years as well.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.messages import site as words

if TYPE_CHECKING:
    from generator.check.analysis import Analysis

PLAN_FILE = "search/shards.json"  # in the site, written by the build of the pages
SHARDS_DIR = "town"  # inside the search bundle: pagefind/town/<shard>/
COUNTY = words.WHOLE_COUNTY  # the town= value that asks for the whole county's index
# Below this many cases the whole county's index is within a phone's search budget
# (about 100 KB of Pagefind's script and WebAssembly, then ~6.4 bytes a case of page
# list and the chunk of the word): no town shards.
SHARD_MIN_CASES = 3000
ENV_MIN_CASES = "NOTICEBOARD_SEARCH_SHARD_CASES"  # tests: shards at a small county


def shard_min_cases() -> int:
    """Cases from which towns get a search index of their own (``ENV_MIN_CASES`` may
    lower it, for tests)."""
    value = os.environ.get(ENV_MIN_CASES, "")
    return int(value) if value.isdigit() else SHARD_MIN_CASES


def shard_name(town: str) -> str:
    """A town's folder under ``pagefind/town/``: ASCII, stable while its name is."""
    return "t" + hashlib.sha1(town.encode("utf-8")).hexdigest()[:10]


def plan(analysis: Analysis) -> list[dict[str, Any]]:
    """The town shards of the county, in town order: ``town``, ``shard`` (folder name),
    ``communities`` (their folders, by id); empty when the county is small."""
    cases = Counter(case.community_id for case in analysis.cases)
    return plan_towns({c.id: (c.town, cases[c.id]) for c in analysis.communities})


def plan_towns(communities: dict[str, tuple[str, int]]) -> list[dict[str, Any]]:
    """``plan`` of communities given as id -> (town, published cases)."""
    if sum(n for _town, n in communities.values()) < shard_min_cases():
        return []
    towns: dict[str, list[str]] = {}
    for community, (town, cases) in communities.items():
        if cases:
            towns.setdefault(town, []).append(community)
    if len(towns) < 2:
        return []
    return [
        {"town": town, "shard": shard_name(town), "communities": sorted(ids)}
        for town, ids in sorted(towns.items())
    ]


def write_plan(analysis: Analysis | list[dict[str, Any]], site_dir: Path) -> Path:
    """``search/shards.json`` in the site: the plan (of ``analysis``) for the search step."""
    towns = analysis if isinstance(analysis, list) else plan(analysis)
    path = site_dir / PLAN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"towns": towns}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return path


def read_plan(site_dir: Path) -> list[tuple[str, list[str]]]:
    """(shard folder, community folders) of each town shard in the built site; none
    when the plan is missing or unreadable (the county's index alone)."""
    try:
        towns = json.loads((site_dir / PLAN_FILE).read_text(encoding="utf-8"))["towns"]
        return [(str(t["shard"]), [str(c) for c in t["communities"]]) for t in towns]
    except (OSError, ValueError, KeyError, TypeError):
        return []
