"""The search index: Pagefind, written at the end of every build and ``serve`` rebuild.

Pagefind (``pagefind[extended]``: its extended build segments Chinese words) reads
the built case and community pages and writes ``pagefind/`` into the site: a
small entry file, the index split into chunks and one fragment per page. The
search page (``search/``) loads ``pagefind/pagefind.js``, and the browser then
fetches only the chunks and fragments a query needs; no other page loads any of it.

What is indexed is marked in the page templates (``themes/pages/``):
``data-pagefind-body`` on the case and community content, ``data-pagefind-ignore``
on parts that would only add noise (timeline, names, posters), filters
(``data-pagefind-filter``: community, stage, year, category), result details
(``data-pagefind-meta``: title, community, stage, date). Pages without
``data-pagefind-body`` are not indexed. No ``data-pagefind-sort``: a sort order lists
every page and is loaded with every search.

Pagefind does not read the built pages themselves: ``slice_pages`` hands it, for each
page, only its ``data-pagefind-body`` part, with the stop characters (the commonest
characters of written Chinese, ``STOP_CHARACTERS``) kept out of the index. Each word
goes into one index chunk (about 20,000 word places, sorted by word) and a search loads
the chunk holding its word: the chunk holding 的, in every sentence of every case,
weighed 92 KB at 10,000 cases and came with every word that sorts beside it (电梯).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

from generator.messages import site as words
from generator.site import search_shards, search_slices
from generator.site.pagefind_process import PagefindProcess, Pages

BUNDLE_DIR = "pagefind"  # inside the site; a community id may not take this name
# Case pages live at <community>/<case>/, community pages at <community>/: only those
# are read (the home, tracker, stats and search pages carry no data-pagefind-body).
PAGE_GLOB = "{*/index.html,*/*/index.html}"
LANGUAGE = "zh"

# Characters too common to search for, left out of the index. In the text Pagefind
# reads, each becomes a private-use character (PLACEHOLDER + its place here): not a
# letter, so Pagefind keeps it in the page's text (excerpts read whole) without
# indexing it. The search page turns them back in excerpts and takes them out of a
# query (the form carries this string: themes/pages/search.html, search.js); a word
# that holds one (目的, 了解) is found by its other characters. Text that Pagefind
# takes as a filter or result detail (data-pagefind-filter, data-pagefind-meta) is
# left as written.
STOP_CHARACTERS = words.SEARCH_STOP_CHARACTERS
PLACEHOLDER = 0xE000
_STOP = [(c, chr(PLACEHOLDER + i)) for i, c in enumerate(STOP_CHARACTERS)]
# A tag with one of these makes a filter or a result detail of its element's text.
_VERBATIM = re.compile(r"\sdata-pagefind-(?:meta|filter)=")
# The indexed part ends with the article that holds it (Material's base.html).
_BODY_END = "</article>"
_PAGE = '<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'


class SearchIndexError(Exception):
    """Pagefind could not be started or refused the site; the message says why."""


def _marked(text: str) -> str:
    for char, placeholder in _STOP:
        text = text.replace(char, placeholder)
    return text


def mark_stop_characters(html: str) -> str:
    """``html`` with its stop characters made placeholders, except in the tags and the
    text of elements that Pagefind takes as a filter or a result detail."""
    out, done = [], 0
    for m in _VERBATIM.finditer(html):
        start = html.rfind("<", done, m.start())
        if start < 0:  # a second such attribute in a tag already kept
            continue
        end = html.find("<", html.find(">", m.end()) + 1)  # the tag and its text
        end = len(html) if end < 0 else end
        out += [_marked(html[done:start]), html[start:end]]
        done = end
    out.append(_marked(html[done:]))
    return "".join(out)


def indexed_part(html: str) -> str | None:
    """What Pagefind reads of a page: its ``data-pagefind-body`` part alone, stop
    characters marked, as a page of its own; None for a page without it."""
    at = html.find("data-pagefind-body")
    if at < 0:
        return None
    start = html.rfind("<", 0, at)
    end = html.find(_BODY_END, at)
    body = mark_stop_characters(html[start : end if end > 0 else len(html)])
    return _PAGE.format(lang=LANGUAGE, body=body)


def slice_pages(site_dir: Path, tops: list[str]) -> Pages:
    """What Pagefind indexes of the pages under these top-level folders of
    ``site_dir`` (each folder's own page, then its children's), by address, as
    Pagefind would name them reading the site (``/c001/2026-03/``). Handed to it as
    they are: writing them as files cost more than Pagefind's indexing."""
    pages: Pages = []
    for top in tops:
        for page in search_slices.folder_pages(site_dir, top):
            with open(os.path.join(site_dir, page), encoding="utf-8") as f:
                part = indexed_part(f.read())
            if part is not None:
                pages.append(("/" + page.removesuffix("index.html"), part))
    return pages


CONFIG = {"force_language": LANGUAGE}
# Slices handed to Pagefind's one process at a time: its dictionary is loaded once, and
# a slice's pages are held while it is indexed (their memory: ``PAGES_PER_SLICE``). It
# answers one request after another: two slices at once took as long as one after the
# other (0.66 s against 2 × 0.35 s for 240 pages) and held both in its memory.
AT_ONCE = 1


def _index_slice(source: Path | Pages, glob: str | None, bundle: Path) -> int:
    """One slice indexed by a Pagefind process of its own (tests index slices alone)."""
    with PagefindProcess() as pagefind:
        return pagefind.index(source, glob or PAGE_GLOB, bundle, CONFIG)


def _index(site_dir: Path, bundle: Path, kept: search_slices.Kept | None = None) -> int:
    """Index the pages of ``site_dir`` (their indexed part, ``slice_pages``) into
    ``bundle``; a large site a slice at a time (``generator.site.search_slices``), since
    Pagefind holds every page it reads in memory until it writes; a county large
    enough for town shards (``generator.site.search_shards``) also gets each town's index."""
    with contextlib.ExitStack() as stack:
        running: list[PagefindProcess] = []
        lock = threading.Lock()

        def index_slice(source: Path | Pages, glob: str | None, out: Path) -> int:
            with lock:  # started when a slice first needs it (none: every slice kept)
                if not running:
                    running.append(stack.enter_context(PagefindProcess()))
                pagefind = running[0]
            return pagefind.index(source, glob or PAGE_GLOB, out, CONFIG)

        def done_indexing() -> None:  # its memory (~100 MB) back before the merges
            with lock:
                if running:
                    running.pop().close()

        return search_slices.index_in_slices(
            site_dir,
            bundle,
            index_slice,
            prepare=lambda tops: slice_pages(site_dir, tops),
            kept=kept,
            shards=search_shards.read_plan(site_dir),
            at_once=AT_ONCE,
            done_indexing=done_indexing,
        )


def write_search_index(site_dir: Path, kept: search_slices.Kept | None = None) -> int:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``; pages indexed.

    ``kept``: the bundles of slices an earlier build indexed, reused where the slice's
    pages are unchanged (``site.caches.SliceCache``)."""
    site_dir = site_dir.resolve()
    bundle = site_dir / BUNDLE_DIR
    try:
        return _index(site_dir, bundle, kept)
    except ImportError as err:
        raise SearchIndexError(words.PAGEFIND_NOT_INSTALLED.format(error=err)) from None
    except FileNotFoundError as err:
        raise SearchIndexError(words.PAGEFIND_PROGRAM_MISSING.format(error=err)) from None
    except SearchIndexError:
        raise
    except Exception as err:  # Pagefind's own errors (PagefindFailed) and any other
        raise SearchIndexError(words.SEARCH_INDEX_FAILED.format(error=err)) from None
