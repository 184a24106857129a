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
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from generator import search_slices

BUNDLE_DIR = "pagefind"  # inside the site; a community id may not take this name
# Case pages live at <community>/<case>/, community pages at <community>/: only those
# are read (the home, tracker, stats and search pages carry no data-pagefind-body).
PAGE_GLOB = "{*/index.html,*/*/index.html}"
LANGUAGE = "zh"


class SearchIndexError(Exception):
    """Pagefind could not be started or refused the site; the message says why."""


async def _index(site_dir: Path, bundle: Path, glob: str = PAGE_GLOB) -> int:
    from pagefind.service import PagefindService

    config = {"force_language": LANGUAGE, "output_path": str(bundle)}
    async with PagefindService() as service:
        index = await service.create_index(config)  # type: ignore[arg-type]
        # One request for the whole folder: the service answers one message per
        # tenth of a second, so feeding pages one by one would take minutes.
        result = await index.add_directory(str(site_dir), glob=glob)
        await index.write_files(str(bundle))
        # Pagefind answers before its last writes reach the disk, and closing the
        # service ends the process: wait until every file has its content.
        await _written(bundle)
    return int(result["page_count"])


async def _written(bundle: Path, timeout: float = 120.0) -> None:
    """Return once the bundle is complete: the entry names a meta file that exists and
    no file is still empty (Pagefind creates each file, then fills it)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if _complete(bundle):
            return
        if loop.time() > deadline:
            raise SearchIndexError(f"搜索索引没有写完整（{bundle}）")
        await asyncio.sleep(0.05)


def _complete(bundle: Path) -> bool:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        meta = bundle / f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta"
        if not meta.is_file():
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return all(p.stat().st_size for p in bundle.rglob("*") if p.is_file())


def _index_slice(site_dir: Path, glob: str | None, bundle: Path) -> int:
    return asyncio.run(_index(site_dir, bundle, glob or PAGE_GLOB))


def write_search_index(site_dir: Path) -> int:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``; pages indexed.

    A large site is indexed a slice at a time and the slices merged
    (``generator.search_slices``): Pagefind holds every page it reads in memory.
    """
    site_dir = site_dir.resolve()
    bundle = site_dir / BUNDLE_DIR
    try:
        return search_slices.index_in_slices(site_dir, bundle, _index_slice)
    except ImportError as err:
        raise SearchIndexError(
            f"没有安装搜索组件 pagefind（{err}）：运行 bash scripts/dev.sh 重新安装依赖"
        ) from None
    except FileNotFoundError as err:
        raise SearchIndexError(f"找不到搜索组件 pagefind 的程序（{err}）") from None
    except SearchIndexError:
        raise
    except Exception as err:  # Pagefind reports its own errors as plain Exception
        raise SearchIndexError(f"搜索索引生成失败：{err}") from None
