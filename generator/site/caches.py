"""The site's caches, under the project's build cache (``generator.buildcache``):
pages as MkDocs wrote them (``PageCache``), the search index and its slices
(``SearchIndexCache``, ``SliceCache``) and clerks' Markdown rendered to HTML
(``MarkdownMemo``). Every key includes ``code_stamp()``."""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from generator.atomic import write_atomic, write_atomic_with
from generator.buildcache import (
    PAGES,
    code_stamp,
    keyed_hash,
    link_or_copy,
    link_tree,
    prune_folder,
)


class PageCache:
    """Pages as MkDocs wrote them, one file each, named by the hash of what they show.

    ``key`` takes everything a page's HTML depends on (the site-wide part, then the
    page's own address, title and body); the build date is not part of it, so a page
    whose stage, deadlines and text are unchanged is reused on a new day.

    Beside the pages, the theme files each refers to (``unused.asset_refs`` of its
    bytes, given to ``put``): a build taking a page from the cache need not read it
    to know which of the theme's files it loads (``REFS``, written by ``prune``).
    """

    REFS = "asset-refs.json"  # {"refs": [[ref, …], …], "pages": {key: index in refs}}

    def __init__(self, folder: Path):
        self.folder = folder / PAGES
        self.folder.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()
        self._refs: dict[str, tuple[str, ...]] | None = None  # read when first asked for
        self.hits = 0
        self.misses = 0
        self._folder_name = os.fspath(self.folder)
        self._folders: set[str] = set()  # made by ``link``: one mkdir per folder, not per page
        self._written: list[tuple[str, Path]] = []  # (key, page file) to link once written

    @staticmethod
    def key(*parts: str) -> str:
        return keyed_hash(parts)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.html"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> str | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.used.add(key)
        self.hits += 1
        return text

    def link(self, key: str, target: str | Path) -> bool:
        """Put the cached page at ``target`` as a hard link (no bytes written; the
        site is replaced as a whole, never written into), else as a copy. False
        when the cache does not have it. (Paths as strings: at 10,000 cases a
        ``Path`` for each page's file and folder cost more than the system calls.)"""
        source = os.path.join(self._folder_name, key + ".html")
        target = os.fspath(target)
        parent = os.path.dirname(target)
        if parent not in self._folders:
            os.makedirs(parent, exist_ok=True)
            self._folders.add(parent)
        try:
            link_or_copy(source, target)
        except OSError:
            return False
        self.used.add(key)
        self.hits += 1
        return True

    def keep_written(self, key: str, written: Path, refs: tuple[str, ...] = ()) -> None:
        """Keep the page being written at ``written`` (a new site's file) under ``key``,
        with the theme files it refers to: once it is written (``link_written``), as a
        hard link to it, not a second copy of its bytes (a full build of 10,000 cases
        wrote 170 MB twice)."""
        self.used.add(key)
        self.misses += 1
        self.known_refs()[key] = refs
        self._written.append((key, written))

    def link_written(self) -> None:
        """The pages given to ``keep_written``, now written, linked into the cache (a
        copy where links are not possible: the site on another file system)."""
        for key, written in self._written:
            with contextlib.suppress(OSError):  # a cache that cannot be written is no error
                link_or_copy(os.fspath(written), os.fspath(self._path(key)))
        self._written = []

    def known_refs(self) -> dict[str, tuple[str, ...]]:
        """The theme files each kept page refers to, by its key (empty if unreadable)."""
        if self._refs is None:
            self._refs = {}
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError, IndexError):
                data = json.loads((self.folder.parent / self.REFS).read_text(encoding="utf-8"))
                shared = [tuple(str(ref) for ref in refs) for refs in data["refs"]]
                self._refs = {str(key): shared[i] for key, i in data["pages"].items()}
        return self._refs

    def refs(self, key: str) -> tuple[str, ...] | None:
        """The theme files the kept page ``key`` refers to; None when not known."""
        return self.known_refs().get(key)

    def prune(self) -> None:
        """Forget pages this build did not show (deleted or changed since)."""
        prune_folder(self.folder, {self._path(key).name for key in self.used})
        known = self.known_refs()
        shared: dict[tuple[str, ...], int] = {}
        pages = {
            key: shared.setdefault(known[key], len(shared)) for key in self.used if key in known
        }
        data = {"refs": [list(refs) for refs in shared], "pages": pages}
        with contextlib.suppress(OSError):
            write_atomic(self.folder.parent / self.REFS, json.dumps(data).encode("ascii"))


class SearchIndexCache:
    """The search index of the last build, reused when the pages it was made from
    are unchanged.

    Pagefind cannot update an index: it reads every page again. When the pages it
    reads are what the last indexed site had (``pages_key``: a string standing for
    them, made of the page cache's keys and the redirects written), its bundle (hard links in ``search/bundle``) is linked into the new site instead.
    """

    KEY = "key"

    def __init__(self, folder: Path):
        self.folder = folder / "search"
        self.reused = False

    def index(
        self,
        site_dir: Path,
        bundle: str,
        write: Callable[[Path], object],
        pages_key: str,
    ) -> None:
        """``site_dir/bundle`` made by ``write(site_dir)``, or linked from the cache."""
        key = PageCache.key("pages", pages_key)
        kept = self.folder / "bundle"
        try:
            known = (self.folder / self.KEY).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            known = ""
        if known == key and kept.is_dir():
            try:
                link_tree(kept, site_dir / bundle)
                self.reused = True
                return
            except OSError:
                shutil.rmtree(site_dir / bundle, ignore_errors=True)
        write(site_dir)
        with contextlib.suppress(OSError):  # a cache that cannot be written is no error
            (self.folder / self.KEY).unlink(missing_ok=True)
            shutil.rmtree(kept, ignore_errors=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            link_tree(site_dir / bundle, kept)
            write_atomic(self.folder / self.KEY, key.encode("ascii"))


class _KeptBundles:
    """Pagefind bundles kept in ``<folder>/<key>/bundle``, each with a record of its
    files and their sizes written last (``DONE``): a bundle whose record is missing, or
    one of whose files is missing or not at its size (cut short), is not found."""

    DONE = "files.json"

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def find(self, key: str) -> Path | None:
        self.used.add(key)
        bundle = self.folder / key / "bundle"
        try:
            sizes = json.loads((self.folder / key / self.DONE).read_text(encoding="utf-8"))
            inside = os.path.join(bundle, "")
            if all(os.stat(inside + name).st_size == size for name, size in sizes.items()):
                return bundle
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        return None

    def keep(self, key: str, bundle: Path) -> Path | None:
        """Keep ``bundle`` under ``key``; where it is kept (None: it could not be)."""
        self.used.add(key)
        kept = self.folder / key
        try:
            shutil.rmtree(kept, ignore_errors=True)
            sizes = link_tree(bundle, kept / "bundle")
            write_atomic(kept / self.DONE, json.dumps(sizes).encode("utf-8"))
        except OSError:  # a cache that cannot be written is no error
            return None
        return kept / "bundle"

    def forget(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def prune(self) -> None:
        """Forget the bundles this build did not use."""
        prune_folder(self.folder, self.used)


class SliceCache:
    """Pagefind bundles of slices of the site (``search_slices``), kept in
    ``search/slices/<key>/bundle``: an edit prepares and indexes again only the slice
    holding it; the other slices' kept bundles are merged as they are (``search_slices.Kept``).
    Merged bundles (the county's and each town's) are kept too, in
    ``search/merged/<key>/bundle`` (their key: ``search_slices.merge_key``): a merge
    whose slices are all unchanged is linked, not run again.

    A slice's key is a hash of its folders and, for each page Pagefind may read in
    them (``slice_glob``), its name and what stands for its bytes: the page cache's key
    of a page this build knows (``at(site_dir, pages)``), else the bytes themselves (a
    redirect). Nothing of the slice is read or written to tell it is unchanged.
    ``prune`` forgets slices and merged bundles this build did not use.
    """

    def __init__(self, folder: Path):
        self.slices = _KeptBundles(folder / "search" / "slices")
        self.merges = _KeptBundles(folder / "search" / "merged")
        self.reused = 0
        self.merges_reused = 0
        self.site_dir = Path()
        self.pages: dict[str, str] = {}
        self._keys: dict[tuple[str, ...], str] = {}

    def at(self, site_dir: Path, pages: dict[str, str]) -> SliceCache:
        """This cache for the site in ``site_dir``, whose ``pages`` (path in the site ->
        page cache key) this build wrote."""
        self.site_dir, self.pages, self._keys = site_dir, pages, {}
        return self

    def key(self, folders: list[str]) -> str:
        """The slice's key (computed once a build)."""
        from generator.site.search_slices import folder_pages, slice_glob

        known_key = self._keys.get(tuple(folders))
        if known_key is not None:
            return known_key
        site = self.site_dir
        names = [page for name in folders for page in folder_pages(site, name)]

        def parts() -> Iterator[bytes | str]:
            yield slice_glob(folders)
            for name in names:
                yield name
                known = self.pages.get(name)
                yield f"key {known}" if known else b"bytes " + (site / name).read_bytes()

        key = keyed_hash(parts())
        self._keys[tuple(folders)] = key
        return key

    def find(self, folders: list[str]) -> Path | None:
        """The kept bundle of the slice, if every file of it is there at the size it
        was kept with (a file cut short or lost: indexed again)."""
        found = self.slices.find(self.key(folders))
        self.reused += found is not None
        return found

    def keep(self, folders: list[str], bundle: Path) -> Path | None:
        return self.slices.keep(self.key(folders), bundle)

    def find_merged(self, key: str) -> Path | None:
        """The kept merged bundle of ``key``, checked as a slice's is."""
        found = self.merges.find(key)
        self.merges_reused += found is not None
        return found

    def keep_merged(self, key: str, bundle: Path) -> None:
        self.merges.keep(key, bundle)

    def forget(self) -> None:
        """Forget every kept slice and merged bundle (one was found damaged)."""
        self.slices.forget()
        self.merges.forget()
        self.reused = self.merges_reused = 0

    def prune(self) -> None:
        self.slices.prune()
        self.merges.prune()


class MarkdownMemo:
    """Clerks' Markdown rendered to sanitised HTML, kept between builds (``markdown.memo``).

    Used as ``with MarkdownMemo(folder): ...``: while open, ``sanitize.render_markdown``
    looks texts up here; on leaving, the texts rendered in this build are saved.

    The file is the code's stamp, then a (Markdown, HTML) pair at a time, each a
    ``marshal`` record: written one by one, never whole (28 MB at 10,000 cases, at the
    end of the build, its peak), and each text encoded into a bytes object that goes
    at once (pickle keeps a text's UTF-8 form inside the text for as long as it lives:
    11 MB more at the build's peak at 10,000 cases).
    """

    FILE = "markdown.memo"

    def __init__(self, folder: Path):
        self.path = folder / self.FILE
        self.known: dict[str, str] = {}
        with contextlib.suppress(Exception):  # a damaged cache is an empty one
            with self.path.open("rb") as f:
                if marshal.load(f) != code_stamp():
                    return
                known = {}
                while True:
                    try:
                        markdown, html = marshal.load(f)
                    except EOFError:
                        break
                    known[markdown] = html
            self.known = known

    def __enter__(self) -> MarkdownMemo:
        from generator.site import sanitize

        self.used = _UsedDict(self.known)
        sanitize.MEMO = self.used
        return self

    def __exit__(self, *exc: object) -> None:
        from generator.site import sanitize

        sanitize.MEMO = None
        if exc[0] is None and self.used.keys() != self.known.keys():
            with contextlib.suppress(OSError):
                write_atomic_with(self.path, self._write)

    def _write(self, file: BinaryIO) -> None:
        file.write(marshal.dumps(code_stamp()))
        for pair in self.used.items():
            file.write(marshal.dumps(pair))


class _UsedDict(dict):  # type: ignore[type-arg]
    """Starts empty; looks up in ``known`` and remembers what was asked for."""

    def __init__(self, known: dict[str, str]):
        super().__init__()
        self.known = known

    def __contains__(self, key: object) -> bool:
        if super().__contains__(key):
            return True
        if key in self.known:
            self[key] = self.known[key]  # type: ignore[index]
            return True
        return False
