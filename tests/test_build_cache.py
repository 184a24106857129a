"""The build cache (.cache/build): an edit rebuilds only what it changes, and the
result is byte for byte what a clean build of the same content gives."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TODAY, cli_build

from generator.buildcache import CACHE_SUBDIR, STAMP_FILE, FileCache, dumps_pickle, load_pickle
from generator.check.project import analyse_config
from generator.cli.commands import cli
from generator.model import loadpool
from generator.model.cases import Case
from generator.source.settings import load_config


def _example(tmp_path: Path) -> Path:
    """A private copy of the example county (site_config.yml and content/)."""
    root = tmp_path / "county"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def _build(root: Path, site: Path, *extra: str, today: str = TODAY) -> str:
    result = cli_build(root, site, *extra, today=today)
    assert result.exit_code == 0, result.output
    return result.output


# Pagefind 1.5 writes its filter index in no fixed order: two clean builds of the same
# pages already differ there (file names are content hashes). Everything else, pages
# and Pagefind's word index and fragments included, must match byte for byte.
_UNORDERED = re.compile(r"^pagefind/(filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)$")


def _tree(site: Path) -> dict[str, bytes]:
    files = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}
    return {name: p.read_bytes() for name, p in files.items() if not _UNORDERED.match(name)}


def _assert_same_site(a: Path, b: Path) -> None:
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb), set(ta) ^ set(tb)
    differ = [name for name in ta if ta[name] != tb[name]]
    assert differ == [], f"files differ from a clean build: {differ[:10]}"


def _pages_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("页面："))


def test_an_edit_rebuilds_only_its_pages_and_matches_a_clean_build(tmp_path: Path) -> None:
    root = _example(tmp_path)
    first = _build(root, tmp_path / "site1")
    assert "沿用缓存 0 个" in _pages_line(first)
    assert (root / CACHE_SUBDIR / STAMP_FILE).is_file()

    # The same content again: every page comes from the cache, nothing changes.
    again = _build(root, tmp_path / "site2")
    assert "新生成 0 个" in _pages_line(again)
    _assert_same_site(tmp_path / "site1", tmp_path / "site2")

    # The same pages: the search index is the last one, linked from the cache.
    kept = root / CACHE_SUBDIR / "search" / "bundle" / "pagefind-entry.json"
    entry = tmp_path / "site2" / "pagefind" / "pagefind-entry.json"
    assert entry.stat().st_ino == kept.stat().st_ino

    # One case edited: its page (and the pages listing it) are rendered again.
    case = root / "content" / "xiguan" / "2026-01.md"
    text = case.read_text(encoding="utf-8")
    marker = "改动后的一句话：楼道灯已全部换新"
    case.write_text(text.rstrip("\n") + "\n\n" + marker + "\n", encoding="utf-8")
    edited = _build(root, tmp_path / "site3")
    fresh = int(_pages_line(edited).split("新生成 ")[1].split(" 个")[0])
    reused = int(_pages_line(edited).split("沿用缓存 ")[1].split(" 个")[0])
    assert 1 <= fresh <= 3 and reused > fresh, _pages_line(edited)
    assert marker in (tmp_path / "site3" / "xiguan" / "2026-01" / "index.html").read_text(
        encoding="utf-8"
    )
    # ... and indexed again (compared with a clean build's index below).
    entry = tmp_path / "site3" / "pagefind" / "pagefind-entry.json"
    assert (
        entry.stat().st_ino
        != (tmp_path / "site2" / "pagefind" / "pagefind-entry.json").stat().st_ino
    )

    # A clean build of the same content, without the cache, gives the same bytes.
    clean = _build(root, tmp_path / "site4", "--no-cache")
    assert not any(line.startswith("页面：") for line in clean.splitlines())
    _assert_same_site(tmp_path / "site3", tmp_path / "site4")


def test_a_cache_from_another_version_is_ignored(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _build(root, tmp_path / "site1")
    folder = root / CACHE_SUBDIR
    # Another version's cache: same layout, a different stamp, pages that lie.
    (folder / STAMP_FILE).write_text("an-older-noticeboard\n", encoding="ascii")
    for page in (folder / "pages").iterdir():
        # Replaced, as every writer of the cache replaces a file (``write_atomic``): a
        # kept page is the same file as the page the build wrote into its site.
        page.unlink()
        page.write_text("<p>stale</p>", encoding="utf-8")
    output = _build(root, tmp_path / "site2")
    assert "沿用缓存 0 个" in _pages_line(output)
    _assert_same_site(tmp_path / "site1", tmp_path / "site2")


def test_the_cache_is_safe_to_delete(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _build(root, tmp_path / "site1")
    shutil.rmtree(root / ".cache")
    _build(root, tmp_path / "site2")
    _assert_same_site(tmp_path / "site1", tmp_path / "site2")


def _findings(root: Path, **options: object) -> list[str]:
    config = load_config(root)
    analysis = analyse_config(config, dt.date.fromisoformat(TODAY), **options)  # type: ignore[arg-type]
    return [f.as_text() for f in analysis.findings]


def test_findings_are_the_same_from_cache_and_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _example(tmp_path)
    # Some trouble to find: a typing slip, a broken date, a personal number.
    xiguan = root / "content" / "xiguan"
    text = (xiguan / "2026-01.md").read_text(encoding="utf-8")
    (xiguan / "2026-01.md").write_text(text.replace("title: ", "title：", 1), encoding="utf-8")
    text = (xiguan / "2026-02.md").read_text(encoding="utf-8")
    (xiguan / "2026-02.md").write_text(
        text.rstrip("\n") + "\n\n联系人手机 13912345678\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    reference = _findings(root)
    assert any("fullwidth-colon" in f for f in reference)
    assert any("personal-mobile" in f for f in reference)
    monkeypatch.setattr(loadpool, "MIN_FILES_FOR_WORKERS", 0)
    assert _findings(root, jobs=2) == reference  # workers, no cache
    assert _findings(root, cache=True, jobs=2) == reference  # workers fill the cache
    assert _findings(root, cache=True, jobs=1) == reference  # all from the cache
    assert _findings(root, cache=True, jobs=2) == reference


def test_each_file_is_scanned_by_the_worker_that_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules that read one file's text on their own run in the worker processes
    that parsed the files (``rules.scan_files``): the checking process finds every such
    scan made."""
    from generator.check.rules import FILE_RULES

    root = _example(tmp_path)
    log = tmp_path / "scanned-in.txt"
    modules = {sys.modules[rule.__module__] for rule in FILE_RULES}
    for module in modules:

        def logged(source, rule, scan, real=module.scanned):  # type: ignore[no-untyped-def]
            def scan_here(s):  # type: ignore[no-untyped-def]
                with log.open("a") as f:
                    f.write(f"{os.getpid()}\n")
                return scan(s)

            return real(source, rule, scan_here)

        monkeypatch.setattr(module, "scanned", logged)
    monkeypatch.setattr(loadpool, "MIN_FILES_FOR_WORKERS", 0)
    analysis = analyse_config(load_config(root), dt.date.fromisoformat(TODAY), jobs=2)
    scanned_in = set(log.read_text().split())
    assert scanned_in and str(os.getpid()) not in scanned_in
    assert all(source.scans for source in analysis.project.files)
    # Most scans find nothing: all of those are one object, here as sent back by the
    # workers (an empty list each held 56 bytes, 0.6 KB a case, for the whole build).
    empty = {id(found) for source in analysis.project.files for found in source.scans.values()}
    found = [v for source in analysis.project.files for v in source.scans.values() if v]
    assert len(empty) == len(found) + 1, (len(empty), len(found))


def test_pickling_leaves_no_second_copy_of_a_text_and_keeps_shared_strings_shared() -> None:
    """CPython's pickler keeps a UTF-8 copy inside each non-ASCII string it writes, for
    the string's life; the cache's does not, and reads back what it wrote."""
    text = "议题：西关社区加装电梯，" * 40 + "\ud800"  # a lone surrogate survives too
    ascii_text = "minutes kept at the office " * 10
    value = {"file": [text, ascii_text], "doc": (text,), "short": "居民"}
    sizes = [sys.getsizeof(s) for s in (text, ascii_text, value["short"])]
    back = load_pickle(dumps_pickle(value))
    assert [sys.getsizeof(s) for s in (text, ascii_text, value["short"])] == sizes
    assert back == value
    assert back["file"][0] is back["doc"][0]  # one string again, as pickle's memo gives
    # The copy it avoids: the stock pickler leaves one. Should a later Python stop doing
    # so, this fails, and the cache's own pickler can go.
    fresh = "".join(["议题：", "西关社区加装电梯"])
    before = sys.getsizeof(fresh)
    pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)
    assert sys.getsizeof(fresh) > before


class _Topic:
    """An object whose pickled state is a string made for the moment (as a
    ``__reduce__`` may make one)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.title = ""

    def __reduce__(self) -> tuple[type, tuple[int], str]:
        return _Topic, (self.n,), f"第{self.n}号议题"

    def __setstate__(self, title: str) -> None:
        self.title = title


def test_a_string_made_while_pickling_is_never_mistaken_for_an_earlier_one() -> None:
    # Each state is gone once written, and the next one is likely to get its address:
    # strings numbered by address alone would read back "第0号议题" every time.
    back = load_pickle(dumps_pickle([_Topic(n) for n in range(5)]))
    assert [topic.title for topic in back] == [f"第{n}号议题" for n in range(5)]


def test_saving_the_cache_leaves_the_clerks_texts_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving pickles every file and case the build holds: no text or body may come out
    of it twice its size (100 MB at 30,000 cases)."""
    root = _example(tmp_path)
    monkeypatch.setattr(loadpool, "MIN_FILES_FOR_WORKERS", 0)
    saved: list[int] = []
    real_save = FileCache.save

    def save(cache: FileCache) -> None:
        texts = [
            s
            for files, _, model in cache.used.values()
            if isinstance(model, Case)
            for s in (model.body, model.title, files[0].text)
        ]
        assert texts and not any(s.isascii() for s in texts[:3])
        sizes = [sys.getsizeof(s) for s in texts]
        real_save(cache)
        grown = [s[:12] for s, size in zip(texts, sizes, strict=True) if sys.getsizeof(s) != size]
        assert grown == []
        saved.append(len(texts))

    monkeypatch.setattr(FileCache, "save", save)
    analyse_config(load_config(root), dt.date.fromisoformat(TODAY), cache=True, jobs=2)
    assert saved
    # ... and what it saved reads back whole: the next run takes every case from it.
    again = analyse_config(load_config(root), dt.date.fromisoformat(TODAY), cache=True)
    assert len(again.cases) == saved[0] // 3 and all(case.body for case in again.cases)


def test_build_sums_up_warnings_and_check_lists_them(tmp_path: Path) -> None:
    root = _example(tmp_path)
    later = "2027-06-30"  # the example county has fallen behind by then: many warnings
    check = CliRunner().invoke(cli, ["check", "--today", later, "--project", str(root)])
    warnings = [line for line in check.output.splitlines() if ": 警告 " in line]
    assert len(warnings) > 8, check.output

    output = _build(root, tmp_path / "site", today=later).splitlines()
    # Not one line per warning: a count by code, five in full, a pointer to check.
    listed = [line for line in output if ": 警告 " in line]
    assert listed == ["  " + w for w in warnings[:5]], output
    counts = next(line for line in output if "个警告：" in line)
    assert counts.startswith(f"{len(warnings)} 个警告：")
    for code in {w.split(": 警告 ")[1].split()[0] for w in warnings}:
        assert code in counts
    assert any("noticeboard check" in line for line in output)


def test_check_limited_to_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _example(tmp_path)
    for folder, text in (("xiguan", "title：坏了"), ("dongfeng", "title：也坏了")):
        case = sorted((root / "content" / folder).glob("20*.md"))[0]
        body = case.read_text(encoding="utf-8")
        case.write_text(body.replace("title: ", text + "\n#", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    runner = CliRunner()
    everything = runner.invoke(cli, ["check", "--today", TODAY])
    assert everything.exit_code == 1
    paths = {line.split(":")[0] for line in everything.output.splitlines() if ": 错误 " in line}
    assert any(p.startswith("content/xiguan/") for p in paths), everything.output
    assert any(p.startswith("content/dongfeng/") for p in paths), everything.output

    mine = runner.invoke(cli, ["check", "--today", TODAY, "content/xiguan/"])
    assert mine.exit_code == 1
    lines = [line for line in mine.output.splitlines() if ": 错误 " in line]
    assert lines and all(line.startswith("content/xiguan/") for line in lines), mine.output

    one_file = sorted((root / "content" / "dongfeng").glob("20*.md"))[-1]
    clean = runner.invoke(cli, ["check", "--today", TODAY, str(one_file.relative_to(root))])
    assert clean.exit_code == 0, clean.output
    assert ": 错误 " not in clean.output

    missing = runner.invoke(cli, ["check", "--today", TODAY, "content/no-such-village/"])
    assert missing.exit_code == 2 and "找不到" in missing.output


def test_positions_kept_with_a_cached_file_are_those_of_a_parse() -> None:
    """A file from the cache answers where its keys are from the positions saved with
    it (no second parse), and they are the positions a parse gives."""
    import pickle

    from generator.source.yamlsource import LazyDoc, parse_yaml_text, split_front_matter

    for path in sorted((REPO / "content").glob("*/20*.md")):
        text = path.read_text(encoding="utf-8")
        parsed = parse_yaml_text(split_front_matter(text).yaml_text, 2)
        lazy = pickle.loads(pickle.dumps(LazyDoc(text, front_matter=True, parsed=parsed)))
        assert lazy.key_marks == parsed.key_marks and lazy.marks == parsed.marks, path
        assert lazy._parsed is None  # answered without parsing
        for keys in [("outcome",), ("meeting", "major"), ("title",), ("nothing", "here")]:
            assert lazy.key_at(*keys) == parsed.key_at(*keys)
            assert lazy.at(*keys) == parsed.at(*keys)
        assert lazy.value == parsed.value


def test_feeds_and_calendars_follow_an_edit_and_match_a_clean_build(tmp_path: Path) -> None:
    """Feeds and calendars come from .cache/build/outputs when what they show is
    unchanged; a changed title reaches the community's and the site's feed and
    calendars, and the rebuilt site equals a clean build byte for byte."""
    root = _example(tmp_path)
    _build(root, tmp_path / "site1")
    outputs = root / CACHE_SUBDIR / "outputs"
    made = sorted(p.name for p in outputs.iterdir())
    assert any(n.endswith(".feed") for n in made) and any(n.endswith(".calendar") for n in made)

    # Nothing the feeds show changed (a sentence in a body): the same files are reused.
    case = root / "content" / "xiguan" / "2026-01.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text + "\n补充一句。\n", encoding="utf-8")
    _build(root, tmp_path / "site2")
    assert sorted(p.name for p in outputs.iterdir()) == made

    # A new title: the feeds and calendars showing it are made again, the rest reused.
    old_title = "西关新村电动汽车和电动自行车充电桩建设"
    new_title = "西关新村充电桩建设（改名后）"
    case.write_text(text.replace(old_title, new_title, 1), encoding="utf-8")
    _build(root, tmp_path / "site3")
    now = sorted(p.name for p in outputs.iterdir())
    assert 0 < len(set(now) - set(made)) < len(made) // 2, (len(made), set(now) - set(made))
    site3 = tmp_path / "site3"
    for name in ("feed.xml", "xiguan/feed.xml", "calendar.ics", "xiguan/calendar.ics"):
        shown = (site3 / name).read_text(encoding="utf-8")
        assert new_title in shown.replace("\r\n ", ""), name  # iCalendar folds long lines
        assert old_title not in shown.replace("\r\n ", ""), name
    _build(root, tmp_path / "site4", "--no-cache")
    _assert_same_site(site3, tmp_path / "site4")


def test_a_replaced_site_is_deleted_in_the_background(tmp_path: Path) -> None:
    """The old site is out of the way at once (moved into .cache/trash) and deleted by
    a detached process; what a killed one left in the trash goes with the next build."""
    import time

    root = _example(tmp_path)
    site = root / "site"
    _build(root, site)
    first = site.stat().st_ino  # the folder: its pages may be the cache's files, kept
    trash = root / ".cache" / "trash"
    left = trash / "site-killed" / "site" / "xiguan"
    left.mkdir(parents=True)
    (left / "index.html").write_text("old", encoding="utf-8")

    _build(root, site)
    assert site.stat().st_ino != first  # a new site in place
    assert [p.name for p in root.iterdir() if p.name.startswith((".site", "site."))] == []
    deadline = time.monotonic() + 60
    while any(trash.iterdir()):
        assert time.monotonic() < deadline, list(trash.rglob("*"))[:5]
        time.sleep(0.2)


def test_the_deleting_process_yields_the_processor(tmp_path: Path) -> None:
    """The old site is deleted by a process at the lowest priority: it takes no
    processor time from a build that starts at once."""
    import os
    import time

    from generator.site import build

    old = tmp_path / "old"
    for folder in range(40):
        (old / str(folder)).mkdir(parents=True)
        for page in range(500):
            (old / str(folder) / f"{page}.html").write_bytes(b"x")
    build._delete_later([old])
    deleter = build._deleters[-1]
    seen = set()
    while deleter.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            seen.add(os.getpriority(os.PRIO_PROCESS, deleter.pid))
        time.sleep(0.001)
    assert not old.exists()
    assert 19 in seen, seen


def _keep(cache: object, key: str, page: Path, html: str, refs: tuple[str, ...] = ()) -> None:
    """A page written into a site (as MkDocs writes it), then kept by the page cache."""
    page.parent.mkdir(parents=True, exist_ok=True)
    cache.keep_written(key, page, refs)  # type: ignore[attr-defined]
    page.write_text(html, encoding="utf-8")
    cache.link_written()  # type: ignore[attr-defined]


def test_a_page_is_kept_as_a_link_to_the_page_written_not_a_second_copy(tmp_path: Path) -> None:
    """A full build writes every page once: the cache keeps a hard link to the site's
    file (where links are possible), and a later build links that into its own site."""
    from generator.site.caches import PageCache

    cache = PageCache(tmp_path / "cache")
    key = PageCache.key("page")
    written = tmp_path / "site1" / "c001" / "index.html"
    _keep(cache, key, written, "<p>第一版</p>")
    assert cache.get(key) == "<p>第一版</p>"
    kept = next((tmp_path / "cache").rglob(f"{key}.html"))
    assert kept.stat().st_ino == written.stat().st_ino
    written.unlink()  # the site replaced by the next build and deleted: the cache stays
    assert cache.link(key, tmp_path / "site2" / "c001" / "index.html")
    assert (tmp_path / "site2" / "c001" / "index.html").read_text(encoding="utf-8") == (
        "<p>第一版</p>"
    )


def test_linking_a_page_over_another_never_writes_into_the_cache(tmp_path: Path) -> None:
    """A page already at the target may be a hard link to another cached page: linking
    over it must replace it, not write through it (that would change the other entry)."""
    from generator.site.caches import PageCache

    cache = PageCache(tmp_path / "cache")
    first, second = PageCache.key("first"), PageCache.key("second")
    _keep(cache, first, tmp_path / "built" / "first.html", "<p>first</p>")
    _keep(cache, second, tmp_path / "built" / "second.html", "<p>second</p>")
    target = tmp_path / "site" / "index.html"
    assert cache.link(first, target)
    assert cache.link(second, target)
    assert target.read_text(encoding="utf-8") == "<p>second</p>"
    assert cache.get(first) == "<p>first</p>"


def test_an_edit_indexes_again_only_its_slice_of_the_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index is made in slices (generator/site/search_slices.py); with the cache,
    a slice whose pages are unchanged is linked from .cache/build/search/slices, the
    edited page's slice is indexed again, and the merged index is a clean build's."""
    import sys

    from generator.site import search_slices

    sys.path.insert(0, str(REPO / "bench"))
    import bench_site

    from generator.site import search_index

    monkeypatch.setattr(search_slices, "PAGES_PER_SLICE", 10)  # a slice per community
    prepared: list[list[str]] = []  # the folders whose pages were handed to Pagefind
    slice_pages = search_index.slice_pages

    def recorded(site: Path, tops: list[str]) -> list[tuple[str, str]]:
        prepared.append(list(tops))
        return slice_pages(site, tops)

    monkeypatch.setattr(search_index, "slice_pages", recorded)
    root = tmp_path / "county"
    root.mkdir()
    bench_site.generate(root, 6, 10)
    _build(root, tmp_path / "site1")
    slices = root / CACHE_SUBDIR / "search" / "slices"
    before = {p.name for p in slices.iterdir()}
    assert len(before) >= 2, before

    case = sorted((root / "content" / "c004").glob("20*.md"))[3]
    marker = "改动后的一句话：电梯井道已完工"
    case.write_text(case.read_text(encoding="utf-8") + "\n" + marker + "\n", encoding="utf-8")
    prepared.clear()
    _build(root, tmp_path / "site2")
    after = {p.name for p in slices.iterdir()}
    assert len(after - before) == 1, (before, after)  # the edited page's slice, alone
    assert len(before & after) == len(after) - 1
    # Only that slice's pages were handed to Pagefind (and the stats/search folders,
    # which hold no indexed page and are never kept).
    indexed = [tops for tops in prepared if any(t.startswith("c") for t in tops)]
    assert len(indexed) == 1 and "c004" in indexed[0], prepared

    _build(root, tmp_path / "site3", "--no-cache")
    _assert_same_site(tmp_path / "site2", tmp_path / "site3")

    # A title changed (its community's page lists it) and a case moved from the first
    # slice into the last: those three slices are indexed again, the others reused.
    title = sorted((root / "content" / "c002").glob("20*.md"))[2]
    text = title.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: 新标题：楼道照明改造", text, count=1)
    title.write_text(text, encoding="utf-8")
    moved = sorted((root / "content" / "c000").glob("20*.md"))[1]
    moved.rename(root / "content" / "c005" / "2026-90.md")
    prepared.clear()
    _build(root, tmp_path / "site4")
    assert "新标题：楼道照明改造" in _tree(tmp_path / "site4")["c002/index.html"].decode()
    assert "c005/2026-90/index.html" in _tree(tmp_path / "site4")
    indexed = [tops for tops in prepared if any(t.startswith("c") for t in tops)]
    assert sorted(t for tops in indexed for t in tops if t.startswith("c")) == [
        "c000",
        "c002",
        "c005",
    ], prepared
    _build(root, tmp_path / "site5", "--no-cache")
    _assert_same_site(tmp_path / "site4", tmp_path / "site5")

    # Kept slices damaged (a fragment cut short): the build gives a clean build's site.
    for kept in slices.iterdir():
        fragment = next((kept / "bundle" / "fragment").iterdir())
        data = fragment.read_bytes()
        fragment.unlink()  # a new file: the sites' hard links to it keep their bytes
        fragment.write_bytes(data[: len(data) // 2])
    case.write_text(case.read_text(encoding="utf-8") + "\n再补一句。\n", encoding="utf-8")
    _build(root, tmp_path / "site6")
    _build(root, tmp_path / "site7", "--no-cache")
    _assert_same_site(tmp_path / "site6", tmp_path / "site7")

    # ... or an index chunk overwritten at the same size: merging it fails, and the
    # slices are all indexed again.
    for kept in slices.iterdir():
        chunk = next((kept / "bundle" / "index").iterdir())
        size = chunk.stat().st_size
        chunk.unlink()
        chunk.write_bytes(b"\0" * size)
    case.write_text(case.read_text(encoding="utf-8") + "\n又补一句。\n", encoding="utf-8")
    _build(root, tmp_path / "site8")
    _build(root, tmp_path / "site9", "--no-cache")
    _assert_same_site(tmp_path / "site8", tmp_path / "site9")


def test_the_theme_files_a_kept_page_refers_to_are_kept_with_it(tmp_path: Path) -> None:
    """A page taken from the cache is not read again to learn which theme files it
    loads (``unused.drop_unused_assets``): they are kept beside it, for the pages the
    last build showed, and a damaged record means reading the page, never a guess."""
    from generator.site.caches import PageCache

    cache = PageCache(tmp_path / "cache")
    shown, gone = PageCache.key("shown"), PageCache.key("gone")
    _keep(cache, shown, tmp_path / "x.html", "<p>x</p>", ("assets/a.css", "assets/b.js"))
    _keep(cache, gone, tmp_path / "y.html", "<p>y</p>", ("assets/c.css",))
    cache.used.discard(gone)  # not shown by this build
    cache.prune()
    again = PageCache(tmp_path / "cache")
    assert again.refs(shown) == ("assets/a.css", "assets/b.js")
    assert again.refs(gone) is None
    (tmp_path / "cache" / PageCache.REFS).write_text('{"refs": [], "pages": {"x": 3}}')
    assert PageCache(tmp_path / "cache").refs(shown) is None


def test_link_tree_links_every_file_and_never_writes_into_one(tmp_path: Path) -> None:
    from generator.buildcache import link_tree

    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "fragment").mkdir(parents=True)
    (src / "pagefind.js").write_bytes(b"js")
    (src / "fragment" / "a.pf_fragment").write_bytes(b"fragment")
    (dst / "fragment").mkdir(parents=True)
    other = tmp_path / "other"
    other.write_bytes(b"another cached file")
    os.link(other, dst / "fragment" / "a.pf_fragment")  # a link to another entry
    sizes = link_tree(src, dst)
    assert sizes == {"pagefind.js": 2, "fragment/a.pf_fragment": 8}
    for name in sizes:
        assert (dst / name).stat().st_ino == (src / name).stat().st_ino
    assert other.read_bytes() == b"another cached file"


def test_an_edit_rewrites_only_its_folders_kept_files(tmp_path: Path) -> None:
    """The loaded files are kept a pickle per community folder: an edit rewrites its
    folder's and leaves the others as they were; the findings are those of no cache,
    and a damaged pickle is a folder read again."""
    root = _example(tmp_path)
    first = _findings(root, cache=True)
    kept = root / CACHE_SUBDIR / "files"
    before = {p.name: p.stat().st_mtime_ns for p in kept.iterdir()}
    assert len(before) >= 5  # the content folder's and each community's
    case = root / "content" / "xiguan" / "2026-01.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    edited = _findings(root, cache=True)
    after = {p.name: p.stat().st_mtime_ns for p in kept.iterdir()}
    assert sorted(after) == sorted(before)
    assert len([name for name in after if after[name] != before[name]]) == 1
    assert edited == _findings(root) and first  # the findings of no cache
    for pickle_file in kept.iterdir():
        pickle_file.write_bytes(pickle_file.read_bytes()[:40])
    assert _findings(root, cache=True) == edited


def test_markdown_rendered_is_kept_a_text_at_a_time_and_read_back(tmp_path: Path) -> None:
    """The Markdown memo (site/caches.py) written a (Markdown, HTML) pair at a time is
    read back whole by the next build; a file cut short gives the pairs it holds whole,
    a damaged one an empty memo, never an error."""
    from generator.site import sanitize
    from generator.site.caches import MarkdownMemo

    texts = {
        f"第{i}条：**加装电梯**\ud800": f"<p>第{i}条：<strong>加装电梯</strong></p>"
        for i in range(300)
    }
    with MarkdownMemo(tmp_path):
        assert sanitize.MEMO is not None
        for markdown, html in texts.items():
            sanitize.MEMO[markdown] = html
    assert MarkdownMemo(tmp_path).known == texts
    memo = tmp_path / MarkdownMemo.FILE
    whole = memo.read_bytes()
    memo.write_bytes(whole[: len(whole) // 2])
    assert len(MarkdownMemo(tmp_path).known) < len(texts)  # what is whole, or nothing
    memo.write_bytes(b"\0" + whole[1:])
    assert MarkdownMemo(tmp_path).known == {}
