"""Reading community folders on several cores.

Folders whose files are all in the cache are read here (a dictionary look-up per
file); the others are shared out to worker processes, which parse and check them
and send back the folder's files, findings and community, and the new cache entries.
Results come back in folder order, so findings are the same with any number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.buildcache import FileCache
from generator.model.load import (
    _IGNORED,
    COMMUNITY_FILE,
    Project,
    community_folders,
    load_folder,
    read_for_key,
)
from generator.source.config import SiteConfig

# Set in the parent just before the workers are forked: they inherit, not receive, them.
_CONFIG: SiteConfig | None = None
_CACHE: FileCache | None = None
_PREPARE: Callable[[Project], None] | None = None
# Below this many files to parse, starting processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 200


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _candidates(folder: Path) -> list[tuple[Path, str]]:
    """The files of ``folder`` the loader parses, as (path, kind); the rest are cheap."""

    out = [(folder / COMMUNITY_FILE, "community")]
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return out
    out += [
        (folder / n, "case") for n in names if n.lower().endswith(".md") and not _IGNORED.match(n)
    ]
    return out


def _read_in_worker(folder: Path) -> tuple[Any, dict[str, Any], int, int, dict[str, Any]]:
    """A folder read here: its part, the cache entries and file hashes learnt reading it
    (the hashes go back too: else the next build reads every file a worker hashed
    again), and the cache's hits and misses."""
    assert _CONFIG is not None
    assert _CACHE is not None
    _CACHE.used, _CACHE.hits, _CACHE.misses = {}, 0, 0
    _CACHE.digests.used = {}
    part = load_folder(folder, _CONFIG, _CACHE)
    if _PREPARE is not None:
        _PREPARE(part)
    assert _CACHE is not None
    return part, _CACHE.used, _CACHE.hits, _CACHE.misses, _CACHE.digests.used


def load_folders(
    folders: list[Path],
    config: SiteConfig,
    cache: FileCache | None,
    jobs: int,
    prepare: Callable[[Project], None] | None = None,
) -> Iterator[Any]:
    """Each folder read (``generator.model.load.load_folder``), in order.

    ``prepare(folder's project)``: run by the worker process that read a folder, there
    (what it leaves on the folder's files travels back with them: the rules' per-file
    scans, ``check.rules.scan_files``); not run on folders read here."""

    todo = folders
    if cache is not None:
        from generator.source.gate import Gate

        gate = Gate(config.content_path)
        read = read_for_key(gate)

        def known(path: Path, kind: str) -> bool:
            # Read through the gate (``read``): a path it refuses has no key, so is not known.
            return cache.has(path, kind, read)

        todo = [f for f in folders if not all(known(p, k) for p, k in _candidates(f))]
    files_to_parse = sum(len(_candidates(f)) for f in todo) if jobs > 1 else 0
    if jobs <= 1 or len(todo) < 2 or files_to_parse < MIN_FILES_FOR_WORKERS:
        for folder in folders:
            yield load_folder(folder, config, cache)
        return

    global _CONFIG, _CACHE, _PREPARE
    # Workers always go through a cache (a memory-only one without ``cache``): what
    # they send back then carries file texts, not parsed documents.
    _CONFIG, _CACHE = config, cache if cache is not None else FileCache(None, b"")
    _PREPARE = prepare
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(todo))) as pool:
            results = pool.imap(_read_in_worker, todo, chunksize=max(1, len(todo) // (jobs * 8)))
            parsed = dict(zip(todo, results, strict=True))
    finally:
        _CONFIG, _CACHE, _PREPARE = None, None, None
    for folder in folders:
        if folder in parsed:
            part, used, hits, misses, digests = parsed[folder]
            if cache is not None:
                cache.used.update(used)
                cache.digests.used.update(digests)
                cache.hits += hits
                cache.misses += misses
            yield part
        else:
            yield load_folder(folder, config, cache)


def load_project(
    config: SiteConfig,
    cache: FileCache | None = None,
    jobs: int = 1,
    prepare: Callable[[Project], None] | None = None,
) -> Project:
    """Read every community folder under the configured content folder.

    With a ``cache``, files whose content did not change are not parsed again; with
    ``jobs`` > 1, folders are read by that many processes (``load_folders``, which
    runs ``prepare`` there).
    """
    project = Project(config=config)
    folders = community_folders(project)
    for part in load_folders(folders, config, cache, jobs, prepare):
        project.files += part.files
        project.findings += part.findings
        project.communities += part.communities
    project.communities.sort(key=lambda c: (c.town, c.id))
    return project
