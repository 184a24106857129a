"""The search index built in slices and merged (generator/site/search_slices.py) answers as
Pagefind's index of the whole site in one run does: same pages, same words at the same
positions on the same pages, same filters."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import cbor2
import pytest
from site_helpers import REPO, build

from generator.outdirs import MARKER
from generator.site import search_index, search_slices
from generator.site.caches import SliceCache
from generator.site.search_slices import ENTRY, merge_bundles, plan_slices, slice_glob
from generator.site.unused import PAGEFIND_UI

sys.path.insert(0, str(REPO / "bench"))
from bench_site import generate

PER_SLICE = 12  # pages: the county below makes three slices


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic county built with slices of PER_SLICE pages."""
    root = tmp_path_factory.mktemp("county")
    generate(root, 6, 7)
    merged: list[int] = []

    def merge(
        folders: list[Path], out: Path, link_from: Path | None = None, halves: bool = False
    ) -> int:
        merged.append(len(folders))
        return merge_bundles(folders, out, link_from, halves)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_slices, "PAGES_PER_SLICE", PER_SLICE)
        patch.setattr(search_slices, "merge_bundles", merge)
        ok, lines = build(root, root / "site")
    assert ok, "\n".join(lines)
    assert merged and merged[0] >= 3  # the build went through slices, then merged them
    return root / "site"


def read_bundle(bundle: Path) -> dict[str, Any]:
    """What a search can see in a bundle, keyed by page address (not page number)."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    ((language, info),) = entry["languages"].items()
    version, pages, chunks, filters, sorts, fields = search_slices._read_cbor(
        bundle / f"pagefind.{info['hash']}.pf_meta"
    )
    urls, fragments = [], {}
    for name, word_count in pages:
        fragment = json.loads(search_slices._unpack(bundle / "fragment" / f"{name}.pf_fragment"))
        urls.append(fragment["url"])
        fragments[fragment["url"]] = (fragment, word_count)
    words: dict[str, Any] = {}
    previous_to = ""
    for first, last, name in chunks:
        assert previous_to < first <= last  # chunks in order, ranges apart
        previous_to = last
        (chunk,) = search_slices._read_cbor(bundle / "index" / f"{name}.pf_index")
        for word, postings, variants in chunk:
            assert first <= word[: len(first)] and word[: len(last)] <= last
            number, on = 0, {}
            for delta, locs, meta_locs in postings:
                number += delta
                on[urls[number]] = (locs, meta_locs)
            words[word] = (on, variants)
    by_filter = {}
    for filter_name, name in filters:
        got_name, values = search_slices._read_cbor(bundle / "filter" / f"{name}.pf_filter")
        assert got_name == filter_name
        by_filter[filter_name] = {v: sorted(urls[n] for n in numbers) for v, numbers in values}
    return {
        "version": version,
        "language": language,
        "page_count": info["page_count"],
        "fragments": fragments,
        "words": words,
        "filters": by_filter,
        "sorts": sorts,
        "fields": fields,
        "files": sorted(p.name for p in bundle.iterdir() if not p.name.endswith(".pf_meta")),
    }


@pytest.fixture(scope="module")
def pages(county: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What Pagefind reads of the county's pages (``search_index.slice_pages``), as files
    at the pages' places."""
    folder = tmp_path_factory.mktemp("input")
    tops = sorted(p.name for p in county.iterdir() if p.is_dir())
    for url, text in search_index.slice_pages(county, tops):
        page = folder / url.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    return folder


def one_run(pages: Path, out: Path) -> Path:
    search_index._index_slice(pages, None, out)
    return out


def test_build_indexes_in_slices(pages: Path) -> None:
    slices = plan_slices(pages, "pagefind", PER_SLICE)
    assert len(slices) >= 3
    folders = sorted(p.name for p in pages.iterdir() if p.is_dir())
    indexed = [f for f in folders if search_slices._has_body(pages / f)]
    assert [f for s in slices for f in s] == indexed  # every indexed folder once, in order
    for part in slices:  # each slice has a page marked for search, as the site has
        assert any(search_slices._has_body(pages / f) for f in part)


def test_merged_index_answers_as_one_run(county: Path, pages: Path, tmp_path: Path) -> None:
    merged = read_bundle(county / "pagefind")
    whole = read_bundle(one_run(pages, tmp_path / "whole"))
    assert merged["page_count"] == whole["page_count"] == 6 * 7  # the case pages
    assert merged["fragments"] == whole["fragments"]
    assert merged["words"] == whole["words"]
    assert merged["filters"] == whole["filters"]
    for key in ("version", "language", "sorts", "fields"):
        assert merged[key] == whole[key]
    # The site leaves out Pagefind's UI files (search.js uses its API alone).
    assert merged["files"] == [f for f in whole["files"] if f not in PAGEFIND_UI]
    assert "协商" in merged["words"]  # Chinese segmented, as in one run
    # Files named as Pagefind names them (its hash of their content, 7 digits).
    for path in [*(tmp_path / "whole").glob("*/*.pf_*"), *(county / "pagefind").glob("*/*.pf_*")]:
        assert path.stem == "zh_" + search_slices.full_hash(search_slices._unpack(path))[:7]
    # The slices' working folders are gone.
    assert [p.name for p in county.iterdir() if p.name.startswith(".")] == [MARKER]


def test_fragment_names_two_slices_chose_alike_are_kept_apart(pages: Path, tmp_path: Path) -> None:
    """Pagefind names a page's file by 7 hex digits of its hash: at 10,000 pages two
    slices choose the same name now and then. Made to happen here: each page must
    still lead to its own text."""
    slices = plan_slices(pages, "pagefind", PER_SLICE)[:2]
    outs = []
    for i, part in enumerate(slices):
        outs.append(tmp_path / f"s{i}")
        search_index._index_slice(pages, slice_glob(part), outs[-1])
    entry = json.loads((outs[1] / ENTRY).read_text(encoding="utf-8"))
    meta_file = outs[1] / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta"
    meta = search_slices._read_cbor(meta_file)
    first_name = search_slices._read_cbor(next(outs[0].glob("*.pf_meta")))[1][0][0]
    clash = meta[1][0][0]
    shutil.move(
        outs[1] / "fragment" / f"{clash}.pf_fragment",
        outs[1] / "fragment" / f"{first_name}.pf_fragment",
    )
    meta[1][0][0] = first_name
    search_slices._write_packed(meta_file, cbor2.dumps(meta))
    separate = {}
    for out in outs:
        for url, fragment in read_bundle(out)["fragments"].items():
            separate[url] = fragment
    before = len(list(tmp_path.glob("s*/fragment/*")))  # two of them named alike
    merge_bundles(outs, tmp_path / "merged")
    merged = read_bundle(tmp_path / "merged")
    assert merged["fragments"] == separate  # every page its own text
    names = {p.name for p in (tmp_path / "merged" / "fragment").iterdir()}
    # The second page is named after its own content's hash (a real clash shares the
    # first 7 digits: the name then grows by one digit until it is free).
    assert len(names) == before
    assert {f"{first_name}.pf_fragment", f"{clash}.pf_fragment"} <= names


def test_a_large_merge_in_two_halves_answers_as_one_run(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The county's merge takes its words in two halves, one in a process of its own.
    Made to happen here: the slices merged first into two bundles of small chunks, as
    large merges have many; then those merged in halves, with a chunk size of their own
    (the other process reads none of this one's settings)."""
    outs = []
    for i, part in enumerate(plan_slices(pages, "pagefind", PER_SLICE)):
        outs.append(tmp_path / f"s{i}")
        search_index._index_slice(pages, slice_glob(part), outs[-1])
    monkeypatch.setattr(search_slices, "CHUNK_SIZE", 40)
    merge_bundles(outs[:2], tmp_path / "a")
    merge_bundles(outs[2:], tmp_path / "b")
    sources = [tmp_path / "a", tmp_path / "b"]
    chunks = [len(read_meta(b)[2]) for b in sources]
    assert min(chunks) >= 4, chunks
    splits: list[str | None] = []
    split_word = search_slices._split_word

    def spy(sources: list[Any]) -> str | None:
        splits.append(split_word(sources))
        return splits[-1]

    monkeypatch.setattr(search_slices, "_split_word", spy)
    monkeypatch.setattr(search_slices, "SPLIT_CHUNKS", 4)
    monkeypatch.setattr(search_slices, "CHUNK_SIZE", 60)
    merge_bundles(sources, tmp_path / "halves", halves=True)
    assert splits and splits[0], "the merge did not go in halves"
    halves = read_bundle(tmp_path / "halves")
    whole = read_bundle(one_run(pages, tmp_path / "whole"))
    assert halves["words"] == whole["words"]
    assert halves["fragments"] == whole["fragments"]
    assert halves["filters"] == whole["filters"]
    # Both halves wrote chunks: some words come before the cut, some after.
    ranges = read_meta(tmp_path / "halves")[2]
    assert ranges[0][0] < splits[0] <= ranges[-1][1]
    # The same merge again gives the same files (a kept merge equals a fresh one), now
    # from the words the first merge kept packed beside the slices (not decoded again).
    packed = sorted((tmp_path / "a" / search_slices.PACKED_DIR).glob("*.marshal"))
    assert len(packed) == chunks[0]
    read = search_slices._read_cbor
    decoded: list[Path] = []
    monkeypatch.setattr(
        search_slices, "_read_cbor", lambda path: decoded.append(path) or read(path)
    )
    merge_bundles(sources, tmp_path / "again", halves=True)
    assert _files(tmp_path / "again") == _files(tmp_path / "halves")
    assert not [p for p in decoded if p.suffix == ".pf_index"]  # (this process's half)
    # A packed file damaged (cut short, or another chunk's) is decoded from its chunk.
    packed[0].write_bytes(packed[0].read_bytes()[:20])
    packed[1].write_bytes(packed[2].read_bytes())
    merge_bundles(sources, tmp_path / "third", halves=True)
    assert _files(tmp_path / "third") == _files(tmp_path / "halves")


def read_meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    ((_language, info),) = entry["languages"].items()
    return search_slices._read_cbor(bundle / f"pagefind.{info['hash']}.pf_meta")


def _files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_small_site_is_indexed_in_one_run(tmp_path: Path) -> None:
    calls: list[str | None] = []

    def index(site: Path, glob: str | None, out: Path) -> int:
        calls.append(glob)
        return 1

    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text("<main data-pagefind-body>x</main>")
    assert search_slices.index_in_slices(site, site / "pagefind", index, 100) == 1
    assert calls == [None]


def test_short_names_grow_until_free() -> None:
    taken = {"zh_abcdef1", "zh_abcdef12"}
    assert search_slices._unique("zh_abcdef123456", 10, taken) == "zh_abcdef123"
    assert search_slices._unique("zh_9876543210", 10, taken) == "zh_9876543"
    # SHA-1 da39a3ee5e6b4b0d...0709 written as Pagefind does: no leading zeros per byte
    assert search_slices.full_hash(b"") == "da39a3ee5e6b4bd3255bfef95601890afd879"


# --- merged bundles kept between builds (SliceCache.find_merged / keep_merged) -----------

TOWNS = [("tA", ["c000", "c001"]), ("tB", ["c002", "c003"]), ("tC", ["c004", "c005"])]


@pytest.fixture
def merges(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Where each merge this test runs writes (the county's bundle, a town's)."""
    into: list[Path] = []
    real = search_slices.merge_bundles

    def merge(
        folders: list[Path], out: Path, link_from: Path | None = None, halves: bool = False
    ) -> int:
        into.append(out)
        return real(folders, out, link_from, halves)

    monkeypatch.setattr(search_slices, "merge_bundles", merge)
    # Merges in the spawned process would not be counted here (its own module).
    monkeypatch.setattr(search_slices, "TOWNS_AT_ONCE", 1)
    return into


def test_towns_merged_two_at_once_are_those_merged_one_by_one(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apart = tmp_path / "apart" / "pagefind"
    index_towns(pages, apart)
    monkeypatch.setattr(search_slices, "TOWNS_AT_ONCE", 1)
    one_by_one = tmp_path / "one" / "pagefind"
    index_towns(pages, one_by_one)
    assert len([p for p in files(apart) if p.startswith("town/")]) > 20
    assert files(apart) == files(one_by_one)


def index_towns(site: Path, bundle: Path, cache: SliceCache | None = None) -> int:
    """``site`` indexed as a sharded county: a slice per community (7 pages), two per town."""
    kept = cache.at(site, {}) if cache is not None else None
    return search_slices.index_in_slices(
        site, bundle, search_index._index_slice, 7, kept=kept, shards=TOWNS
    )


def files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_a_rebuild_with_no_indexed_page_changed_runs_no_merge(
    pages: Path, tmp_path: Path, merges: list[Path]
) -> None:
    cache = tmp_path / "cache"
    first = tmp_path / "first" / "pagefind"
    assert index_towns(pages, first, SliceCache(cache)) == 42
    assert sorted(merges) == sorted([first, *(first / "town" / t for t, _ in TOWNS)])
    # The new slices were merged from where they are kept: their words, packed by that
    # merge, are there for the next one.
    kept_slices = [p for p in (cache / "search" / "slices").iterdir() if p.is_dir()]
    assert kept_slices and all(
        any((p / "bundle" / search_slices.PACKED_DIR).glob("*.marshal")) for p in kept_slices
    )
    merges.clear()
    again = tmp_path / "again" / "pagefind"
    assert index_towns(pages, again, SliceCache(cache)) == 42
    assert merges == []  # every merge linked from the cache
    fresh = tmp_path / "fresh" / "pagefind"
    index_towns(pages, fresh)  # no cache: every slice indexed and merged
    assert len(merges) == 4
    assert files(again) == files(fresh)  # byte for byte, the towns' indexes too
    assert len([p for p in files(again) if p.startswith("town/tB/")]) > 10


def test_one_changed_slice_merges_again_only_its_town_and_the_county(
    pages: Path, tmp_path: Path, merges: list[Path]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(pages, site)
    cache = tmp_path / "cache"
    index_towns(site, tmp_path / "first" / "pagefind", SliceCache(cache))
    page = sorted((site / "c002").glob("*/index.html"))[3]
    html = page.read_text(encoding="utf-8")
    at = html.index(">", html.index("data-pagefind-body")) + 1
    page.write_text(html[:at] + "<p>村口的老石磨坊年久失修。</p>" + html[at:], encoding="utf-8")
    merges.clear()
    second = tmp_path / "second" / "pagefind"
    kept = SliceCache(cache)
    index_towns(site, second, kept)
    assert sorted(merges) == sorted([second, second / "town" / "tB"])
    assert kept.reused == 5 and kept.merges_reused == 2
    kept.prune()  # the first build's county and town tB merges are forgotten
    assert len(list((cache / "search" / "merged").iterdir())) == 4

    fresh = tmp_path / "fresh" / "pagefind"
    index_towns(site, fresh)
    assert files(second) == files(fresh)
    got, whole = read_bundle(second), read_bundle(one_run(site, tmp_path / "whole"))
    for key in ("page_count", "fragments", "words", "filters"):
        assert got[key] == whole[key], key
    url = "/" + page.parent.relative_to(site).as_posix() + "/"
    assert list(got["words"]["磨坊"][0]) == [url]
    assert list(read_bundle(second / "town" / "tB")["words"]["磨坊"][0]) == [url]
    assert "磨坊" not in read_bundle(second / "town" / "tA")["words"]


def test_a_damaged_or_missing_kept_merge_is_merged_again(
    pages: Path, tmp_path: Path, merges: list[Path]
) -> None:
    cache = tmp_path / "cache"
    first = tmp_path / "first" / "pagefind"
    index_towns(pages, first, SliceCache(cache))
    merged = cache / "search" / "merged"
    by_pages = {read_bundle(k / "bundle")["page_count"]: k for k in merged.iterdir()}
    county = by_pages.pop(42)  # the county's; the towns' hold 14 pages each
    chunk = next((county / "bundle" / "index").iterdir())
    data = chunk.read_bytes()
    chunk.unlink()  # a new file: the first bundle's hard link keeps its bytes
    chunk.write_bytes(data[: len(data) // 2])  # cut short
    town = next(k for k in merged.iterdir() if k != county)
    shutil.rmtree(town / "bundle" / "fragment")  # a town's kept merge lost its pages
    merges.clear()
    again = tmp_path / "again" / "pagefind"
    index_towns(pages, again, SliceCache(cache))
    assert len(merges) == 2 and merges[0] == again
    assert files(again) == files(first)


def test_what_fails_in_the_other_process_is_raised_here(tmp_path: Path) -> None:
    """A merge in the other process that meets an index it does not know fails the
    merge here (``index_in_slices`` then indexes the site in one run)."""
    calls = [(search_slices.merge_bundles, ([tmp_path], tmp_path))]
    with search_slices._Elsewhere(calls) as run, pytest.raises(FileNotFoundError):
        run.results()
    assert search_slices._Elsewhere([]).results() == []


def test_what_indexed_the_slices_is_let_go_before_the_merges(
    pages: Path, tmp_path: Path, merges: list[Path]
) -> None:
    """Pagefind's process (its dictionary, ~100 MB) is closed once every slice is
    indexed: the merges, the search step's peak, run without it."""
    order: list[str] = []

    def index_slice(folder: Path, glob: str | None, out: Path) -> int:
        order.append("index")
        return search_index._index_slice(folder, glob, out)

    search_slices.index_in_slices(
        pages,
        tmp_path / "pagefind",
        index_slice,
        7,
        shards=TOWNS,
        done_indexing=lambda: order.append(f"done after {len(merges)} merges"),
    )
    assert order == ["index"] * 6 + ["done after 0 merges"]
    assert len(merges) == 4  # the county and three towns, after


def test_each_slice_is_packed_for_merging_while_the_next_is_indexed(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge only joins: every chunk of every slice it reads was packed
    (``pack_words``) when its slice was indexed, none is decoded by the merge."""
    real = search_slices.merge_bundles
    unpacked: list[str] = []

    def merge(folders: list[Path], out: Path, *args: Any, **kwargs: Any) -> int:
        for folder in folders:
            for _frm, _to, name in read_meta(folder)[2]:
                if not (folder / search_slices.PACKED_DIR / f"{name}.marshal").is_file():
                    unpacked.append(f"{folder.name}/{name}")
        return real(folders, out, *args, **kwargs)

    monkeypatch.setattr(search_slices, "merge_bundles", merge)
    bundle = tmp_path / "pagefind"
    assert search_slices.index_in_slices(pages, bundle, search_index._index_slice, 7) == 42
    assert not unpacked
    merged, whole = read_bundle(bundle), read_bundle(one_run(pages, tmp_path / "one"))
    for key in ("fragments", "words", "filters"):
        assert merged[key] == whole[key]
