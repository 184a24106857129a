"""The search step of a build: Pagefind's index of the finished pages, and its styles.

Kept apart from ``generator.site.plugin`` (MkDocs, the theme, the content model): ``build_site``
runs this step in its own small process after the one that rendered the pages has
exited, so the two never hold their memory at the same time.
"""

from __future__ import annotations

from pathlib import Path

from generator.site.caches import SearchIndexCache, SliceCache
from generator.site.search_css import write_search_css
from generator.site.search_index import BUNDLE_DIR, write_search_index
from generator.site.search_shards import PLAN_FILE
from generator.site.unused import drop_pagefind_ui


def index_search(
    site_dir: Path,
    search_cache: SearchIndexCache | None,
    slice_cache: SliceCache | None,
    pages_key: str,
    pages: dict[str, str] | None = None,
) -> None:
    """Pagefind's index of the built pages in ``site_dir`` and its stylesheet; with the
    cache, the last index when the pages are unchanged (``pages_key``, see
    ``site.caches.SearchIndexCache``), else only the slices that changed (``pages``: each
    page's file in the site -> its page cache key, which stands for its bytes). Raises
    ``SearchIndexError`` or ``SearchCssError``."""
    if search_cache is None:
        write_search_index(site_dir)
    else:
        kept = slice_cache.at(site_dir, pages or {}) if slice_cache is not None else None
        search_cache.index(site_dir, BUNDLE_DIR, lambda d: write_search_index(d, kept), pages_key)
    drop_pagefind_ui(site_dir / BUNDLE_DIR)  # the search page uses Pagefind's API alone
    (site_dir / PLAN_FILE).unlink(missing_ok=True)  # for this step only: no page reads it
    write_search_css(site_dir)
    if slice_cache is not None and not (search_cache is not None and search_cache.reused):
        slice_cache.prune()
