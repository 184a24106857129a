"""Pagefind's index built in slices of the site and merged into one bundle.

Pagefind keeps every page it reads in memory until it writes the index (about
150 KB a page with Chinese segmentation: 1.5 GB at 10,000 cases, five times a plain
mkdocs-material build). So the site's top-level folders are shared out into slices
of about ``PAGES_PER_SLICE`` pages; each slice is indexed by a Pagefind process of
its own (``index_slice``, one after another, so only one is alive at a time) into a
bundle of its own, and ``merge_bundles`` joins those bundles into the one the
search page loads: one page list, one word index chunked as Pagefind chunks it, one
file per filter. The result answers every query as an index of the whole site in
one run would (``tests/test_search_slices.py`` compares them).

The bundle formats (Pagefind 1.5, ``pagefind/src/index``): each ``.pf_meta``,
``.pf_index``, ``.pf_filter`` and ``.pf_fragment`` file is gzip of
``pagefind_dcd`` followed by CBOR (JSON for fragments), named by a SHA-1 of its
content; word postings hold delta-encoded page numbers.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gzip
import hashlib
import heapq
import json
import marshal
import os
import pickle
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import cbor2

from generator.atomic import write_atomic
from generator.buildcache import keyed_hash, link_tree

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# Pages per slice. Pagefind's process holds its dictionary (about 64 MB) and about
# 0.17 MB a page of the slice it indexes: with 150 pages about 90 MB at its peak (250:
# 105-115 MB), which with the build's calling process and the gate's reading is the
# whole build's peak at 2,000 cases (150-155 MB, 162-168 MB with 250; plain
# mkdocs-material's 152). An edit indexes its slice again, so smaller slices make
# one-edit rebuilds faster; full builds are a little slower (Pagefind's fixed cost,
# about 0.03 s a slice) and a merge reads more slices (their words packed beforehand:
# ``pack_words``).
PAGES_PER_SLICE = 150
# Pagefind's default chunk size (``index_chunk_size``), in postings entries.
CHUNK_SIZE = 20000
# Towns' indexes merged at once, in two new processes beside the county's merge
# (``write_shards``); 1: one after another, here, once the county's is done.
TOWNS_AT_ONCE = 2
# Word chunks (of all slices) from which a merge is worth a second process: the county's
# merge at 10,000 cases reads a few hundred (5 s of merging alone), a town's far fewer.
SPLIT_CHUNKS = 120
BODY_MARK = b"data-pagefind-body"
# Pagefind writes at its best level; zlib's 8 and 9 take four times as long as 6 on
# these files (runs of small numbers) to make them 2 % smaller.
GZIP_LEVEL = 6


class MergeUnsupported(Exception):
    """The slices use a Pagefind feature the merge does not handle (sorts, several
    languages): the site is then indexed in one run."""


# --- slices ----------------------------------------------------------------------------


def _has_body(folder: Path) -> bool:
    """Whether a page of the folder (its own, or a child's: community pages are not
    indexed, their cases are) has ``data-pagefind-body``."""
    pages = [os.path.join(folder, "index.html")]
    try:
        with os.scandir(folder) as entries:
            pages += [
                os.path.join(e.path, "index.html")
                for e in entries
                if e.is_dir(follow_symlinks=False)
            ]
    except OSError:
        pass
    for page in pages:
        try:
            with open(page, "rb") as f:
                if BODY_MARK in f.read():
                    return True
        except OSError:
            continue
    return False


def folder_pages(site_dir: Path, name: str) -> list[str]:
    """The pages the slice glob takes from the top-level folder ``name``, as paths
    under ``site_dir``: its own, then its children's in name order (what
    ``sorted(folder.glob("*/index.html"))`` lists, without a Path for each)."""
    folder = os.path.join(site_dir, name)
    own = [f"{name}/index.html"] if os.path.isfile(os.path.join(folder, "index.html")) else []
    try:
        with os.scandir(folder) as entries:
            children = sorted(
                e.name
                for e in entries
                if not e.name.startswith(".")
                and e.is_dir()
                and os.path.isfile(os.path.join(e.path, "index.html"))
            )
    except OSError:
        children = []
    return own + [f"{name}/{child}/index.html" for child in children]


def plan_slices(
    site_dir: Path,
    skip: str,
    per_slice: int = PAGES_PER_SLICE,
    groups: list[list[str]] | None = None,
) -> list[list[str]]:
    """The site's top-level folders (but ``skip``) shared out into slices of about
    ``per_slice`` pages, in name order.

    Pagefind ignores pages without ``data-pagefind-body`` only when it sees a page
    with it; every slice therefore holds a folder with such a page (a case page), as the
    whole site does, and folders without one are left out. A site with no such page is
    one slice.

    ``groups`` (the community folders of each town shard, ``search_shards``): no slice
    holds folders of two groups; the folders of none go with the last slice.
    """
    folders = sorted(
        p.name for p in site_dir.iterdir() if p.is_dir() and not p.is_symlink() and p.name != skip
    )
    # A folder with no such page (statistics, 落实跟踪, search, a redirect) adds nothing
    # to the index: it is in no slice, so a page there that changes every day (the
    # statistics) never makes a slice, its town and the county indexed again.
    folders = [n for n in folders if _has_body(site_dir / n)] or folders
    if not groups:
        return _share(site_dir, folders, per_slice) or [[]]
    present = set(folders)
    grouped: set[str] = set()
    slices: list[list[str]] = []
    for group in groups:
        names = sorted(n for n in set(group) if n in present and n not in grouped)
        grouped.update(names)
        shared = _share(site_dir, names, per_slice)
        if shared and not any(_has_body(site_dir / n) for n in shared[-1]):
            rest = shared.pop()  # a group without an indexed page: no slice of its own
            grouped.difference_update(rest)
        slices += shared
    rest = [n for n in folders if n not in grouped]
    if slices:
        slices[-1] = sorted(slices[-1] + rest)
        return slices
    return _share(site_dir, folders, per_slice) or [[]]


def _share(site_dir: Path, folders: list[str], per_slice: int) -> list[list[str]]:
    """``folders`` (in order) shared out into slices of about ``per_slice`` pages, each
    with an indexed page but when none has one."""
    slices: list[list[str]] = []
    current: list[str] = []
    pages = 0
    marked = False
    for name in folders:
        current.append(name)
        pages += len(folder_pages(site_dir, name))
        marked = marked or _has_body(site_dir / name)
        if pages >= per_slice and marked:
            slices.append(current)
            current, pages, marked = [], 0, False
    if current:
        if slices and not marked:
            slices[-1] += current
        else:
            slices.append(current)
    return slices


def slice_glob(folders: list[str]) -> str:
    """The Pagefind glob of a slice's pages: the folders' pages and their children's."""
    if len(folders) == 1:
        return f"{folders[0]}/{{index.html,*/index.html}}"
    return "{" + ",".join(folders) + "}/{index.html,*/index.html}"


# --- reading and writing Pagefind's files -------------------------------------------------


def full_hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1 as hex, each byte without a leading zero."""
    return "".join(f"{b:x}" for b in hashlib.sha1(data).digest())


def _unpack(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return data[len(SIGNATURE) :]


def _read_cbor(path: Path) -> Any:
    return cbor2.loads(_unpack(path))


def _write_packed(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + payload, GZIP_LEVEL, mtime=0))


def _unique(full: str, prefix_len: int, taken: set[str] | dict[str, Any]) -> str:
    """Pagefind's short name: the first ``prefix_len`` characters of ``full``, one
    more while the name is taken."""
    short = full[:prefix_len]
    while short in taken and len(short) < len(full):
        short = full[: len(short) + 1]
    return short


class _Bundle:
    """One slice's bundle: its language, meta, page offset in the merged index."""

    def __init__(self, folder: Path, offset: int):
        self.folder = folder
        self.offset = offset
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"]
        if len(languages) != 1:
            raise MergeUnsupported(f"{len(languages)} languages in {folder}")
        ((self.language, info),) = languages.items()
        self.entry = entry
        meta = _read_cbor(folder / f"pagefind.{info['hash']}.pf_meta")
        self.version, self.pages, self.chunks, self.filters, sorts, self.fields = meta
        if sorts:
            raise MergeUnsupported("data-pagefind-sort")


# A slice's postings of a word (its pages, or a variant's), packed for merging: the
# first posting decoded (its page number is a difference from the page before, the one
# value a merge changes), the CBOR of the others as they are, how many there are, the
# sum of their page differences (the list's last page) and their weight in Pagefind's
# chunking (``chunk_index``). Merging joins bytes: no posting but the first is decoded.
Packed = tuple[list[Any] | None, bytes, int, int, int]
# A slice's word: (word, its pages, its variants as (form, pages)).
PackedWord = tuple[str, Packed, list[tuple[str, Packed]]]
# Where a slice bundle keeps its chunks' words packed (``_chunk_words``), one file a chunk.
PACKED_DIR = "merge-words"


def _array_head(n: int) -> bytes:
    """The head of a CBOR array of ``n`` items, as cbor2 writes it (shortest form)."""
    if n < 24:
        return bytes([0x80 | n])
    if n < 0x100:
        return bytes([0x98, n])
    if n < 0x10000:
        return b"\x99" + n.to_bytes(2, "big")
    if n < 0x100000000:
        return b"\x9a" + n.to_bytes(4, "big")
    return b"\x9b" + n.to_bytes(8, "big")


def _packed(pages: list[Any]) -> Packed:
    if not pages:
        return None, b"", 0, 0, 0
    tail = cbor2.dumps(pages[1:])[len(_array_head(len(pages) - 1)) :]
    total = sum(p[0] for p in pages)
    size = sum(len(p[1]) + len(p[2]) + 1 for p in pages)
    return pages[0], tail, len(pages), total, size


class _Joined:
    """A word's postings joined across slices, as the parts of their CBOR: Pagefind's
    list (page numbers as differences from the previous page), its length, last page
    number and weight."""

    __slots__ = ("count", "last", "parts", "size")

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.count = self.last = self.size = 0

    def join(self, packed: Packed, offset: int) -> None:
        """Append a slice's list: only its first difference changes."""
        first, tail, count, total, size = packed
        if not count:
            return
        assert first is not None
        self.parts += [cbor2.dumps([first[0] + offset - self.last, *first[1:]]), tail]
        self.count += count
        self.last = offset + total
        self.size += size

    def cbor(self) -> bytes:
        return _array_head(self.count) + b"".join(self.parts)


def _remap_fields(pages: list[Any], mapping: list[int] | None) -> None:
    """Meta field numbers of a slice renumbered to the merged list (markers -(id+1))."""
    if mapping is None:
        return
    for page in pages:
        page[2] = [-(mapping[-v - 1] + 1) if v < 0 else v for v in page[2]]


def _packed_words(words: list[Any], mapping: list[int] | None) -> list[PackedWord]:
    """A chunk's words (as Pagefind writes them) packed, fields renumbered."""
    out: list[PackedWord] = []
    for word, pages, variants in words:
        _remap_fields(pages, mapping)
        forms: list[tuple[str, Packed]] = []
        for form, v in variants:
            _remap_fields(v, mapping)
            forms.append((form, _packed(v)))
        out.append((word, _packed(pages), forms))
    return out


def _chunk_words(folder: Path, name: str, mapping: list[int] | None) -> list[PackedWord]:
    """The words of a slice's chunk, packed. Kept beside the bundle (``PACKED_DIR``,
    named by the chunk, whose name is a hash of its bytes) when its fields are the
    merge's: a slice kept between builds is then decoded once, not at every merge (at
    10,000 cases most of a merge's time was decoding unchanged slices)."""
    kept = folder / PACKED_DIR / f"{name}.marshal" if mapping is None else None
    if kept is not None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            found, words = marshal.loads(kept.read_bytes())
            if found == name and isinstance(words, list):
                return words
    (raw,) = _read_cbor(folder / "index" / f"{name}.pf_index")
    packed = _packed_words(raw, mapping)
    if kept is not None:
        # Not kept when it cannot be (a value marshal does not know: ValueError).
        with contextlib.suppress(OSError, ValueError):
            data = marshal.dumps((name, packed))
            kept.parent.mkdir(exist_ok=True)
            write_atomic(kept, data)
    return packed


def pack_words(folder: Path) -> None:
    """Every word chunk of a slice's bundle packed beside it (``_chunk_words``) as soon as
    the slice is indexed, while Pagefind indexes the next: its merge then only joins
    (at 2,000 cases, decoding the slices' chunks was most of the merge's 0.7 s). Ahead of
    time only: a bundle that cannot be read is left to the merge, which says why."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, MergeUnsupported):
        for _frm, _to, name in _Bundle(folder, 0).chunks:
            _chunk_words(folder, name, None)


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(b, a, strict=False):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _chunk_meta(firsts_lasts: list[tuple[str, str]]) -> list[list[str]]:
    """Pagefind's ``chunk_meta``: each chunk's range, trimmed to the shortest prefixes
    that still tell neighbouring chunks apart."""
    named = [[first, last, ""] for first, last in firsts_lasts]
    for i in range(len(named) - 1):
        to, frm = _prefixes(named[i][1], named[i + 1][0])
        if to >= named[i][0]:
            named[i][1] = to
        named[i + 1][0] = frm
    return named


# A source of words: a slice's folder, its chunks ([from, to, name]), its first page's
# number in the merged index and its meta fields' numbers there (None: the same).
Source = tuple[Path, list[Any], int, list[int] | None]


def _split_word(sources: list[Source]) -> str | None:
    """Where a large merge's words are cut in two (the start of the middle chunk of the
    slice with most chunks: the prefix of its first word its meta gives); None for a
    small merge."""
    if sum(len(chunks) for _folder, chunks, _offset, _mapping in sources) < SPLIT_CHUNKS:
        return None
    chunks = max((chunks for _folder, chunks, _o, _m in sources), key=len)
    return chunks[len(chunks) // 2][0] or None


def _all_from(prefix: str, bound: str) -> bool:
    """Whether every word starting with ``prefix`` comes at or after ``bound``."""
    return prefix >= bound


def _all_before(prefix: str, bound: str) -> bool:
    """Whether every word starting with ``prefix`` comes before ``bound``."""
    return prefix < bound and not bound.startswith(prefix)


def _source_words(
    source: Source, number: int, low: str | None, high: str | None
) -> Iterator[tuple[str, int, Packed, list[tuple[str, Packed]]]]:
    """(word, source number, postings, variants) of a source's words from ``low`` on
    and before ``high`` (None: no bound), in word order. A chunk's meta range is a
    prefix of its first word and one of its last (``_chunk_meta``): chunks wholly
    outside are not read; a chunk read that does not fit its range is an index this
    merge does not know (``MergeUnsupported``)."""
    folder, chunks, _offset, mapping = source
    for frm, to, name in chunks:
        if high is not None and _all_from(frm, high):
            return
        if low is not None and _all_before(to, low):
            continue
        words = _chunk_words(folder, name, mapping)
        if words and not (words[0][0].startswith(frm) and words[-1][0].startswith(to)):
            raise MergeUnsupported(f"{folder}: a chunk's words outside its range")
        for word, pages, variants in words:
            if low is not None and word < low:
                continue
            if high is not None and word >= high:
                return
            yield word, number, pages, variants


def _word_chunks(
    sources: list[Source],
    index: Path,
    language: str,
    chunk_size: int,
    low: str | None = None,
    high: str | None = None,
) -> list[tuple[str, str, str]]:
    """The sources' words from ``low`` on and before ``high`` merged (postings joined),
    chunked as Pagefind chunks them (``chunk_size``) and written into ``index``, each
    file named by its whole hash; (first word, last word, name) of each chunk, in order."""
    written: list[tuple[str, str, str]] = []
    chunk: list[bytes] = []  # each word's CBOR: [word, pages, [[form, pages], …]]
    first_word = last_word = ""
    size = 0

    def flush() -> None:
        nonlocal chunk, size
        payload = b"\x81" + _array_head(len(chunk)) + b"".join(chunk)  # cbor2's [chunk]
        name = f"{language}_{full_hash(payload)}"
        _write_packed(index / f"{name}.pf_index", payload)
        written.append((first_word, last_word, name))
        chunk, size = [], 0

    def add(word: tuple[str, _Joined, dict[str, _Joined]]) -> None:
        nonlocal size, first_word, last_word
        text, postings, variants = word
        forms = b"".join(b"\x82" + cbor2.dumps(f) + v.cbor() for f, v in variants.items())
        entry = b"\x83" + cbor2.dumps(text) + postings.cbor() + _array_head(len(variants))
        if not chunk:
            first_word = text
        last_word = text
        chunk.append(entry + forms)
        size += postings.size + sum(v.size for v in variants.values()) + len(variants)
        if size >= chunk_size:
            flush()

    current: tuple[str, _Joined, dict[str, _Joined]] | None = None
    streams = [_source_words(source, i, low, high) for i, source in enumerate(sources)]
    for word, i, word_pages, variants in heapq.merge(*streams, key=lambda w: w[0]):
        offset = sources[i][2]
        if current is None or current[0] != word:
            if current is not None:
                add(current)
            current = (word, _Joined(), {})
        current[1].join(word_pages, offset)
        for form, v in variants:
            current[2].setdefault(form, _Joined()).join(v, offset)
    if current is not None:
        add(current)
    if chunk:
        flush()
    return written


# Run in a new Python process by ``_Elsewhere``: calls (module, function, arguments)
# read from standard input, (True, results) or (False, the exception) written out.
_RUN_CALLS = """
import importlib, pickle, sys
path, calls = pickle.load(sys.stdin.buffer)
sys.path[:] = path
try:
    result = (True, [getattr(importlib.import_module(m), f)(*a) for m, f, a in calls])
except Exception as err:
    result = (False, err)
sys.stdout.buffer.write(pickle.dumps(result))
"""


class _Elsewhere:
    """Calls of this module's functions made one after another in a new Python process
    while this one goes on (both cores). Not a fork (the search step runs threads in
    this process: a lock one of them held would stay held in a copy) nor
    multiprocessing's spawn (it runs the caller's ``__main__`` again). No calls: no
    process."""

    def __init__(self, calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]):
        self._process = None
        if calls:
            named = [(f.__module__, f.__name__, args) for f, args in calls]
            self._process = subprocess.Popen(
                [sys.executable, "-c", _RUN_CALLS], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            assert self._process.stdin is not None
            with self._process.stdin as sent:
                sent.write(pickle.dumps((sys.path, named)))

    def __enter__(self) -> _Elsewhere:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stops the process if its results were not asked for (this side failed)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def results(self) -> list[Any]:
        """What each call returned, once all are done; raises what a call raised."""
        if self._process is None:
            return []
        assert self._process.stdout is not None
        with self._process.stdout as answer:
            data = answer.read()
        if self._process.wait() != 0 or not data:
            raise RuntimeError(f"merging process ended with {self._process.returncode}")
        done, value = pickle.loads(data)
        if not done:
            raise value
        return list(value)


def merge_bundles(
    folders: list[Path], out: Path, link_from: Path | None = None, halves: bool = False
) -> int:
    """Merge the slice bundles in ``folders`` (in page order) into ``out``; pages.
    The slices' files are read, never changed (a slice may be a kept one: ``Kept``);
    their fragments are hard-linked into ``out``, and so are the first slice's scripts
    and WebAssembly, or ``link_from``'s (a bundle holding the same files).
    ``halves``: a merge of at least ``SPLIT_CHUNKS`` word chunks merges its words in
    two halves at once (``_split_word``)."""
    bundles: list[_Bundle] = []
    offset = 0
    for folder in folders:
        bundle = _Bundle(folder, offset)
        offset += len(bundle.pages)
        bundles.append(bundle)
    first = bundles[0]
    language = first.language
    if any(b.language != language for b in bundles):
        raise MergeUnsupported("slices of different languages")
    prefix = len(language) + 8  # "zh_" and 7 characters, as Pagefind names files
    fields = sorted({f for b in bundles for f in b.fields}, key=lambda s: s.encode())
    mappings = [
        None if b.fields == fields else [fields.index(f) for f in b.fields] for b in bundles
    ]

    # Everything but the index files, from the first slice (scripts, WebAssembly).
    out.mkdir(parents=True, exist_ok=True)
    for path in first.folder.iterdir():
        if path.is_file() and not path.name.endswith(".pf_meta") and path.name != ENTRY:
            if link_from is not None and (link_from / path.name).is_file():
                _link(link_from / path.name, out / path.name)
            else:
                _link(path, out / path.name)

    # Pages: fragments linked over; a name two slices both chose gets longer.
    pages: list[list[Any]] = []
    placed: set[str] = set()
    (out / "fragment").mkdir(exist_ok=True)
    for bundle in bundles:
        for name, word_count in bundle.pages:
            src = bundle.folder / "fragment" / f"{name}.pf_fragment"
            if name in placed:
                content = _unpack(src)
                # Identical pages (of one slice or two) share a file.
                if _unpack(out / "fragment" / f"{name}.pf_fragment") == content:
                    pages.append([name, word_count])
                    continue
                name = _unique(f"{language}_{full_hash(content)}", prefix, placed)
            placed.add(name)
            pages.append([name, word_count])
            _link(src, out / "fragment" / f"{name}.pf_fragment")

    # Words: the slices' sorted word lists merged, postings joined, chunked again; a
    # large merge in two halves at once, the words before ``split`` here and the rest in
    # a process of its own (both cores: the words are most of a merge's time).
    sources = [(b.folder, b.chunks, b.offset, m) for b, m in zip(bundles, mappings, strict=True)]
    (out / "index").mkdir(exist_ok=True)
    split = _split_word(sources) if halves else None
    index = out / "index"
    if split is None:
        written = _word_chunks(sources, index, language, CHUNK_SIZE)
    else:
        high = (sources, index, language, CHUNK_SIZE, split, None)
        with _Elsewhere([(_word_chunks, high)]) as rest:
            written = _word_chunks(sources, index, language, CHUNK_SIZE, None, split)
            (theirs,) = rest.results()
        written += theirs
    # Pagefind's short names (the hash's first characters, one more while taken), in order.
    chunks: list[str] = []
    taken: set[str] = set()
    for _first, _last, full in written:
        name = _unique(full, prefix, taken)
        taken.add(name)
        os.replace(index / f"{full}.pf_index", index / f"{name}.pf_index")
        chunks.append(name)
    ranges = [(first, last) for first, last, _full in written]
    index_chunks = [
        [frm, to, name] for (frm, to, _), name in zip(_chunk_meta(ranges), chunks, strict=True)
    ]

    # Filters: each filter's values joined across slices, one file per filter.
    merged: dict[str, dict[str, list[int]]] = {}
    for bundle in bundles:
        for _filter, name in bundle.filters:
            filter_name, values = _read_cbor(bundle.folder / "filter" / f"{name}.pf_filter")
            into = merged.setdefault(filter_name, {})
            for value, numbers in values:
                into.setdefault(value, []).extend(n + bundle.offset for n in numbers)
    filters = []
    taken_filters: set[str] = set()
    for filter_name in sorted(merged, key=str.encode):
        values = sorted(merged[filter_name].items(), key=lambda kv: kv[0].encode())
        payload = cbor2.dumps([filter_name, [[v, n] for v, n in values]])
        name = _unique(f"{language}_{full_hash(payload)}", prefix, taken_filters)
        taken_filters.add(name)
        _write_packed(out / "filter" / f"{name}.pf_filter", payload)
        filters.append([filter_name, name])

    meta = cbor2.dumps([first.version, pages, index_chunks, filters, [], fields])
    meta_name = f"{language}_{full_hash(meta)[: len(language) + 8]}"
    _write_packed(out / f"pagefind.{meta_name}.pf_meta", meta)
    entry = first.entry
    entry["languages"][language].update(hash=meta_name, page_count=len(pages))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (out / ENTRY).write_text(text, encoding="utf-8")
    return len(pages)


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


class Kept(Protocol):
    """Slice bundles and merged bundles kept from earlier builds
    (``site.caches.SliceCache``)."""

    def key(self, folders: list[str]) -> str:
        """The slice's key: it stands for the bytes of the slice's bundle."""

    def find(self, folders: list[str]) -> Path | None:
        """The kept bundle of a slice whose pages are unchanged (read, never written)."""

    def keep(self, folders: list[str], bundle: Path) -> Path | None:
        """Keep a slice's new bundle for later builds; where it is kept (None: not kept)."""

    def find_merged(self, key: str) -> Path | None:
        """The kept merged bundle of a ``merge_key`` (read, never written)."""

    def keep_merged(self, key: str, bundle: Path) -> None:
        """Keep a merged bundle for later builds."""

    def forget(self) -> None:
        """Forget every kept bundle (one could not be read)."""


def merge_key(slice_keys: list[str], shard: str | None = None) -> str:
    """The key of a merge: everything that decides its bundle's bytes. Its slices'
    keys in order (each stands for its bundle's bytes; ``merge_bundles`` reads nothing
    else but this code, in ``keyed_hash``'s stamp) and, for a town's index
    (``write_shards``), the town's folder name and that its scripts and WebAssembly
    are the county bundle's."""
    town = ["town", shard, "scripts linked from the county"] if shard is not None else ["county"]
    return keyed_hash(["merge", *town, *slice_keys])


def _reuse(
    made: list[tuple[list[str], Path]], out: Path, kept: Kept | None, shard: str | None
) -> tuple[str | None, int | None]:
    """The key of a merge of the slices in ``made`` (folders, bundle), and its pages if a
    merge of them kept by an earlier build was linked into ``out`` (None: to be merged;
    a damaged kept merge is one to be merged)."""
    if kept is None:
        return None, None
    key = merge_key([kept.key(folders) for folders, _bundle in made], shard)
    found = kept.find_merged(key)
    if found is not None:
        try:
            link_tree(found, out)
            entry = json.loads((out / ENTRY).read_text(encoding="utf-8"))
            return key, sum(int(info["page_count"]) for info in entry["languages"].values())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            shutil.rmtree(out, ignore_errors=True)
    return key, None


def _merge(
    made: list[tuple[list[str], Path]],
    out: Path,
    kept: Kept | None,
    shard: str | None = None,
    link_from: Path | None = None,
) -> int:
    """``merge_bundles`` of the slices in ``made`` (folders, bundle) into ``out``; pages.
    With ``kept``, a merge of the same slices kept by an earlier build is linked into
    ``out`` instead (``_reuse``), and a new merge is kept."""
    key, count = _reuse(made, out, kept, shard)
    if count is not None:
        return count
    count = merge_bundles([bundle for _folders, bundle in made], out, link_from, halves=True)
    if kept is not None and key is not None:
        kept.keep_merged(key, out)
    return count


def work_folder(bundle: Path) -> Path:
    """Where the slices' bundles are written before they are merged into ``bundle``."""
    return bundle.with_name(f".{bundle.name}-slices")


def index_in_slices(
    site_dir: Path,
    bundle: Path,
    index_slice: Callable[[Any, str | None, Path], int],
    per_slice: int | None = None,
    prepare: Callable[[list[str]], list[Any]] | None = None,
    kept: Kept | None = None,
    shards: list[tuple[str, list[str]]] | None = None,
    at_once: int = 1,
    done_indexing: Callable[[], None] | None = None,
) -> int:
    """Index ``site_dir`` into ``bundle`` slice by slice; pages indexed.

    ``prepare(folders)``, if given, returns what Pagefind reads of those top-level
    folders' pages (``search_index.slice_pages``; else Pagefind reads ``site_dir``);
    ``index_slice(source, glob, out)`` runs Pagefind on what ``prepare`` returned, or on
    the pages of ``site_dir`` one glob takes (None: all), from ``at_once`` threads at a
    time. The next slice is prepared while Pagefind indexes. ``kept``: a slice whose
    bundle an earlier build kept is neither prepared nor indexed. A site of one slice
    is indexed whole, in one run.

    ``shards``: (name, community folders) of each town (``search_shards``); no slice
    then holds two towns, and each town's slices are also merged on their own into
    ``bundle/town/<name>`` (``write_shards``). ``done_indexing()`` is called once
    every slice is indexed, before the merges.
    """
    groups = [folders for _name, folders in shards or []]
    slices = plan_slices(site_dir, bundle.name, per_slice or PAGES_PER_SLICE, groups)
    if len(slices) == 1:
        return index_slice(prepare(slices[0]) if prepare else site_dir, None, bundle)
    work = work_folder(bundle)
    shutil.rmtree(work, ignore_errors=True)

    kept_at: dict[Path, Path] = {}  # a new slice's bundle -> where it is kept

    def indexed(source: Any, folders: list[str], out: Path) -> None:
        index_slice(source, slice_glob(folders), out)
        if kept is not None:
            # Merged from where it is kept: the words the merge packs beside it
            # (``_chunk_words``) then serve the next builds, not a folder deleted now.
            at = kept.keep(folders, out)
            if at is not None:
                kept_at[out] = at
        packing.submit(pack_words, kept_at.get(out, out))

    def whole() -> int:  # every slice's pages in one run
        shutil.rmtree(bundle, ignore_errors=True)
        if prepare is None:
            return index_slice(site_dir, None, bundle)
        return index_slice(prepare([name for folders in slices for name in folders]), None, bundle)

    reused = 0
    try:
        outs: list[Path] = []
        made: list[tuple[list[str], Path]] = []  # each indexed slice's folders, bundle
        # A slice's pages are held from when they are prepared until Pagefind has them:
        # one slice is prepared ahead of those being indexed, no more.
        ahead = threading.Semaphore(at_once + 1)
        packing = concurrent.futures.ThreadPoolExecutor(max_workers=1)  # ``pack_words``
        with packing, concurrent.futures.ThreadPoolExecutor(max_workers=at_once) as pagefind:
            runs = []
            for folders in slices:
                found = kept.find(folders) if kept is not None else None
                if found is not None:
                    outs.append(found)
                    made.append((folders, found))
                    reused += 1
                    continue
                ahead.acquire()
                source = prepare(folders) if prepare else site_dir
                if not (source if prepare else any((site_dir / n).is_dir() for n in folders)):
                    ahead.release()
                    continue  # none of these folders' pages is indexed (stats, search…)
                outs.append(work / f"{len(outs):04d}")
                made.append((folders, outs[-1]))
                runs.append(pagefind.submit(indexed, source, folders, outs[-1]))
                runs[-1].add_done_callback(lambda _run: ahead.release())
            for run in runs:
                run.result()
        made = [(folders, kept_at.get(out, out)) for folders, out in made]
        if done_indexing is not None:
            done_indexing()  # every slice indexed: what indexed them is not needed to merge
        if len(outs) < 2:
            return whole()
        try:
            return write_shards(
                made, shards or [], bundle, kept, lambda: _merge(made, bundle, kept)
            )
        except MergeUnsupported:
            return whole()
        except Exception:
            if not reused:
                raise
            shutil.rmtree(bundle, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # A kept bundle could not be read (a damaged cache): as if there were none.
    assert kept is not None
    kept.forget()
    return index_in_slices(
        site_dir, bundle, index_slice, per_slice, prepare, shards=shards, at_once=at_once
    )


def write_shards(
    made: list[tuple[list[str], Path]],
    shards: list[tuple[str, list[str]]],
    bundle: Path,
    kept: Kept | None,
    county: Callable[[], int],
) -> int:
    """Each town's slice bundles merged into ``bundle/town/<name>``: an index of that
    town's pages alone, its scripts and WebAssembly the county bundle's files (both
    hard-link the first slice's). ``kept``: a town whose slices are unchanged is linked
    from the cache. ``county()`` (the county's merge) runs in this process meanwhile:
    the towns to merge are shared out to two new processes (``_Elsewhere``), so an
    edit's one town is merged while the county is, not after it (0.7 s at 10,000
    cases). Returns what ``county()`` returned."""
    from generator.site.search_shards import SHARDS_DIR

    town_of = {folder: name for name, folders in shards for folder in folders}
    by_town: dict[str, list[tuple[list[str], Path]]] = {}
    for folders, out in made:
        town = next((town_of[f] for f in folders if f in town_of), None)
        if town is not None:
            by_town.setdefault(town, []).append((folders, out))
    scripts = made[0][1] if made else None  # the county's first slice
    todo: list[tuple[str | None, list[Path], Path]] = []  # (key, slices, into) to merge
    for name, town_made in by_town.items():
        into = bundle / SHARDS_DIR / name
        key, count = _reuse(town_made, into, kept, name)
        if count is None:
            todo.append((key, [out for _folders, out in town_made], into))
    calls = [(merge_bundles, (outs, into, scripts)) for _key, outs, into in todo]
    if TOWNS_AT_ONCE > 1:
        with _Elsewhere(calls[0::2]) as some, _Elsewhere(calls[1::2]) as others:
            pages = county()
            some.results()
            others.results()
    else:  # one after another, here
        pages = county()
        for merge, args in calls:
            merge(*args)
    for key, _outs, into in todo:
        if kept is not None and key is not None:
            kept.keep_merged(key, into)
    return pages
