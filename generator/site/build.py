"""``noticeboard build`` and ``noticeboard serve``: check, then build with MkDocs.

A build with any checker error prints the findings and leaves the site folder
untouched; so does a build that would lose an address of the site as last published
(``published``: see ``generator.site.guard``). Otherwise MkDocs builds into a temporary
folder beside the site folder (posters included), made readable by a web server, and
only a finished build replaces the last good site. Temporary folders of builds that
were killed are removed by the next build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.messages import cli as words
from generator.outdirs import mark
from generator.site.caches import PageCache
from generator.site.mkdocs_config import derive, write_config
from generator.site.progress import Progress, Silent, summary
from generator.source.config import SiteConfig

if TYPE_CHECKING:  # the content model is loaded by the build process alone
    from generator.check.analysis import Analysis
    from generator.site.published import Leak, SiteScan

Echo = Callable[[str], Any]


def _load_mkdocs_config(config: SiteConfig, today: dt.date, work: Path, site_dir: Path) -> Any:
    from mkdocs.config import load_config

    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    path = write_config(work, derive(config, today, docs, site_dir))
    return load_config(config_file=str(path))


def _quiet_mkdocs() -> None:
    """MkDocs' INFO chatter is not for clerks; warnings and errors still show."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # The preview server's request log ("GET /x/ HTTP/1.1" code 404) is English noise.
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
    # jieba (posters' line breaking) quiets its own logger when posters import it; the
    # site needs none of it: importing it here cost 1.5 s and 20 MB a build.
    if "jieba" in sys.modules:
        sys.modules["jieba"].setLogLevel(logging.WARNING)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs' English warning before every dirty build (``serve``'s rebuilds)."""
    return "'dirty' build" not in record.getMessage()


@dataclass
class Built:
    """What a build of the pages hands on to the search step (``generator.site.search_step``)."""

    search_key: str  # what Pagefind reads (the pages and redirects), as one key
    page_cache: PageCache | None  # how many pages the cache gave and took, if used
    page_keys: dict[str, str]  # each page's file in the site -> its page cache key


def build_into(
    analysis: Analysis,
    target: Path,
    *,
    cache: bool = False,
    progress: Progress | None = None,
    search: bool = True,
) -> Built:
    """Run the MkDocs build of an already checked ``analysis`` into ``target``.

    With ``cache``, pages that show what they showed in an earlier build are copied
    from ``.cache/build/pages`` instead of rendered again (``generator.buildcache``).
    ``search=False`` leaves out the search index: the caller makes it
    (``search_step.index_search`` with the returned key).
    """
    from mkdocs.commands.build import build

    from generator.buildcache import OutputCache, open_cache
    from generator.site.caches import MarkdownMemo, PageCache, SearchIndexCache, SliceCache

    page_cache = None

    with tempfile.TemporaryDirectory(prefix="noticeboard-mkdocs-") as work:
        mk = _load_mkdocs_config(analysis.config, analysis.today, Path(work), target)
        mk.plugins["noticeboard"].analysis = analysis
        plugin = mk.plugins["noticeboard"]
        plugin.defer_search = not search
        memo: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
        if cache:
            folder = open_cache(analysis.config.root)
            page_cache = plugin.page_cache = PageCache(folder)
            plugin.output_cache = OutputCache(folder)
            plugin.search_cache = SearchIndexCache(folder)
            plugin.slice_cache = SliceCache(folder)
            memo = MarkdownMemo(folder)
        if progress is not None:
            plugin.progress = progress
        mk.plugins.on_startup(command="build", dirty=False)
        try:
            with memo:
                build(mk)
        finally:
            mk.plugins.on_shutdown()
    return Built(plugin.search_key(), page_cache, plugin.dest_keys)


def _render_posters(analysis: Analysis, folder: Path, echo: Echo) -> bool:
    """Posters into the new site folder; False (with the reason) when they cannot be made."""
    from generator.posters import render_posters
    from generator.posters.fonts import FontNotFound

    try:
        report = render_posters(analysis, folder)
    except FontNotFound as err:
        echo(words.ERROR.format(message=err))
        echo(words.POSTERS_NO_FONT)
        return False
    echo(words.POSTERS_DRAWN.format(drawn=len(report.rendered), cached=len(report.cached)))
    return True


def _make_public(folder: Path) -> None:
    """Folders 755, files 644 whatever the umask: web servers run as another user.
    Links are left alone (the site holds none), told from the folder's listing: one
    system call a file (90,000 files at 30,000 cases)."""
    folder.chmod(0o755)
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    os.chmod(entry.path, 0o755)
                    pending.append(entry.path)
                else:
                    os.chmod(entry.path, 0o644)


def _temp_name(site_dir: Path, kind: str, pid: int | None = None) -> str:
    """Named after the process that will put it in place (``remove_leftovers``)."""
    return f".{site_dir.name}.{kind}-{pid or os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove temporary folders (and clock probes) that killed builds left beside
    ``site_dir``.

    One named after a process still running (a build in progress) is kept.
    """
    pattern = re.compile(rf"^\.{re.escape(site_dir.name)}\.(new|old)-(?:(\d+)-)?")
    removed = []
    if not site_dir.parent.is_dir():
        return removed
    for path in site_dir.parent.iterdir():
        match = pattern.match(path.name)
        if not match or path.is_symlink():
            continue
        pid = int(match.group(2)) if match.group(2) else None
        if pid is not None and pid != os.getpid() and _pid_alive(pid):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:  # the probe of the file system's clock (``_EarlyReading.begin``)
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed


def _keep_posters(analysis: Analysis, site_dir: Path, new: Path, echo: Echo) -> None:
    """``--no-posters``: carry over (hard links) the published posters that still say
    what their case says now; say what was left out and what is missing."""
    from generator.posters import carry_over

    old = site_dir / "posters"
    if not old.is_dir():
        return
    carried = carry_over(analysis, old, new / "posters")
    if carried.stale:
        echo(words.POSTERS_STALE.format(n=len(carried.stale), example=carried.stale[0]))
    lacking = [
        c.key
        for c in analysis.cases
        if not (new / "posters" / c.community_id / f"{c.id}.pdf").is_file()
    ]
    if carried.kept and lacking:
        echo(
            words.POSTERS_LACKING.format(kept=len(carried.kept), n=len(lacking), example=lacking[0])
        )


def _cannot_write(folder: Path, err: OSError) -> str:
    if isinstance(err, PermissionError):
        reason = words.NO_WRITE_PERMISSION
    else:
        reason = err.strerror or str(err)
    return words.ERROR.format(message=words.CANNOT_WRITE.format(folder=folder, reason=reason))


def _swap(new: Path, site_dir: Path, trash: Path | None = None) -> None:
    """Put ``new`` in place of ``site_dir``; the old site is removed only afterwards
    (``_discard``: through ``trash`` when given)."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(_temp_name(site_dir, "old") + "swap")
        if old.exists():
            shutil.rmtree(old)
        site_dir.rename(old)
    new.rename(site_dir)
    if old is not None:
        _discard(old, trash)


# Replaced sites wait in the project's cache folder (safe to delete) while a detached
# process deletes them.
TRASH = Path(".cache") / "trash"
# The deleting process yields the processor to anything else (the next build, which may
# start at once: at 10,000 cases the old site's 32,000 files took 1.2-1.5 s of a core).
_DELETE = """import contextlib, os, shutil, sys
with contextlib.suppress(AttributeError, OSError):
    os.nice(19)
for p in sys.argv[1:]:
    shutil.rmtree(p, ignore_errors=True)
"""
_deleters: list[subprocess.Popen[bytes]] = []


def _delete_later(paths: list[Path]) -> None:
    """Delete ``paths`` in a detached process (it outlives this one if need be)."""
    _deleters[:] = [p for p in _deleters if p.poll() is None]
    _deleters.append(
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, *map(str, paths)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    )


def _discard(folder: Path, trash: Path | None) -> None:
    """Remove a replaced site. Deleting thousands of files takes seconds on a busy
    disk, after the new site is already in place: on POSIX the folder is moved into
    ``trash`` (one rename) and deleted there in the background. Where it cannot be
    moved (another file system, no ``trash``), it is deleted here."""
    if trash is not None and os.name == "posix":
        target = None
        try:
            trash.mkdir(parents=True, exist_ok=True)
            target = Path(tempfile.mkdtemp(prefix="site-", dir=trash))
            folder.rename(target / "site")
            _delete_later([target])
            return
        except OSError:
            if target is not None and not folder.exists():  # moved, not deleted yet
                shutil.rmtree(target, ignore_errors=True)
                return
            if target is not None:
                shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def empty_trash(trash: Path) -> None:
    """Delete, in the background, replaced sites a killed deleting process left."""
    with contextlib.suppress(OSError):
        left = [p for p in trash.iterdir() if p.is_dir() and not p.is_symlink()]
        if left and os.name == "posix":
            _delete_later(left)


def build_site(
    config: SiteConfig,
    today: dt.date,
    site_dir: Path,
    posters: bool = True,
    echo: Echo = print,
    published: list[str] | None = None,
    *,
    cache: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> bool:
    """Check the content, then build the site into ``site_dir``. False on any error.

    ``published``: the addresses of the site as last published (its ``urls.txt``);
    the build stops, before writing anything, when one of them would disappear.
    ``cache``: reuse files and pages an earlier build made (``.cache/build``);
    ``jobs``: processes reading the files; ``progress``: where steps are shown.
    Findings are summed up (counts by code, the first few in full), not listed.

    Checking and rendering run in a child process (``_apart``); the search index is
    made here once that process has exited and returned its memory, so the content
    and Pagefind are never held at the same time. Only then is the site swapped in.
    """
    from generator.outdirs import check_replaceable

    progress = progress or Silent()
    site_dir = check_replaceable(site_dir, config.root, config.content_path, "--site-dir")
    made: list[Path] = []
    reading = _EarlyReading(config, cache)

    def begun(tmp: Path) -> None:
        made.append(tmp)
        reading.begin(tmp)

    try:
        pages = _apart(
            _build_pages,
            echo,
            begun,
            config,
            today,
            site_dir,
            meanwhile=reading.step,
            posters=posters,
            published=published,
            cache=cache,
            jobs=jobs,
            progress=progress,
            owner=os.getpid(),
        )
    except BaseException:
        for tmp in made:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    if pages is None:
        for tmp in made:  # a build process that died left its folder
            shutil.rmtree(tmp, ignore_errors=True)
        return False
    tmp = pages.tmp
    reading.end()
    try:
        scan = reading.scan if reading.scan is not None else _site_scan(config, tmp, cache)
        _search(config, tmp, pages.search_key, pages.page_keys, cache, progress)
        scan.keep(pages.poster_clean)
        if not _gate(config, scan, site_dir, pages.poster_leaks, echo, progress):
            _abandon(tmp, progress)
            return False
        _make_public(tmp)
        _swap(tmp, site_dir, trash=config.root / TRASH if cache else None)
    except PermissionError as err:
        _abandon(tmp, progress)
        folder = Path(err.filename).parent if err.filename else site_dir
        echo(_cannot_write(folder, err))
        return False
    except Exception as err:
        from generator.site.search_css import SearchCssError
        from generator.site.search_index import SearchIndexError

        if not isinstance(err, (SearchIndexError, SearchCssError, OSError)):
            raise
        _abandon(tmp, progress)
        echo(_failed(str(err)))
        return False
    except BaseException:
        _abandon(tmp, progress)
        raise
    for line in pages.closing:
        echo(line)
    return True


def _site_scan(config: SiteConfig, tmp: Path, cache: bool, window: int | None = None) -> SiteScan:
    """The publish gate's reading of the new site in ``tmp`` (``generator.site.published``),
    remembering clean files in the build cache; ``window``: how long after a change a
    file there counts as settled (``fsclock``)."""
    from generator.site.published import SiteScan

    scanned = None
    if cache:
        from generator.buildcache import open_cache

        scanned = open_cache(config.root) / "published-clean.bin"
    return SiteScan(tmp, config.office_numbers, scanned, window)


class _EarlyReading:
    """The gate's first reading of the new site, done here while the build process
    (``_apart``) writes it: this process only waits for that one, so the reading takes
    the machine's other core and no memory of its own at the build's peak, the search
    step (at 2,000 cases a forked copy reading beside Pagefind held 19-26 MB there)."""

    # Between two passes over the files written so far, the least wait (seconds).
    PAUSE = 0.5

    def __init__(self, config: SiteConfig, cache: bool):
        self.config, self.cache = config, cache
        self.scan: SiteScan | None = None
        self._pass: Iterator[None] | None = None
        self._next = 0.0

    def begin(self, tmp: Path) -> None:
        """The build process made its temporary folder ``tmp``: its files may be read
        once settled, as the clock of its file system tells (a probe beside it, named
        as ``remove_leftovers`` knows)."""
        from generator.fsclock import settling_window

        window = settling_window(tmp.parent, prefix=tmp.name + ".clock-")
        self.scan = _site_scan(self.config, tmp, self.cache, window)

    def step(self) -> bool:
        """Read one file; False when there is nothing to read before the next pass."""
        if self.scan is None:
            return False
        if self._pass is None:
            if time.monotonic() < self._next:
                return False
            self._pass = self.scan.early()
        try:
            next(self._pass)
        except StopIteration:
            self._pass, self._next = None, time.monotonic() + self.PAUSE
            return False
        return True

    def end(self) -> None:
        """The build process is done writing: hand the memory the reading freed back to
        the system before Pagefind starts (glibc keeps a freed heap for its next
        allocations: at 2,000 cases 5 of this process's 37 MB)."""
        from generator.site.published import release_freed_memory

        self._pass = None
        release_freed_memory()


def _gate(
    config: SiteConfig,
    scan: SiteScan,
    site_dir: Path,
    poster_leaks: list[Leak],
    echo: Echo,
    progress: Progress,
) -> bool:
    """The publish gate: every file of the new site and every poster's text read for
    personal numbers before the site is swapped in (``scan``: its files read early
    are not read again unless they changed). False, having said where each number
    comes from, when one is found."""
    from generator.site.published import locate

    progress.step(words.STEP_GATE)
    leaks = scan.files() + poster_leaks
    scan.save()
    progress.finish()
    if not leaks:
        return True
    found = locate(leaks, config, site_dir)
    for finding in found:
        echo(finding.as_text())
    echo(words.PERSONAL_NUMBERS_PUBLISHED.format(n=len(found)))
    return False


def _failed(reason: str) -> str:
    """What a failed build says: why, and that the site in place was not touched."""
    return words.BUILD_FAILED.format(reason=reason)


def _abandon(tmp: Path, progress: Progress) -> None:
    """A build that failed after making ``tmp``: its step ends and the folder goes."""
    progress.finish()
    shutil.rmtree(tmp, ignore_errors=True)


def _search(
    config: SiteConfig,
    site: Path,
    key: str,
    page_keys: dict[str, str],
    cache: bool,
    progress: Progress,
) -> None:
    """The search index of the pages built into ``site`` (``key``: what they show;
    ``page_keys``: each page's, by its file in the site)."""
    from generator.buildcache import open_cache
    from generator.site.caches import SearchIndexCache, SliceCache
    from generator.site.search_step import index_search

    progress.step(words.STEP_SEARCH)
    search_cache = slice_cache = None
    if cache:
        folder = open_cache(config.root)
        search_cache, slice_cache = SearchIndexCache(folder), SliceCache(folder)
    index_search(site, search_cache, slice_cache, key, page_keys)
    progress.finish()


@dataclass
class _Pages:
    """A site built but for its search index, in ``tmp``; ``closing``: what to say once
    it is in place."""

    tmp: Path
    search_key: str
    page_keys: dict[str, str]
    closing: list[str]
    # The gate's reading of every poster's text (``_read_poster_texts``): the numbers
    # found, and the digests of the texts found clean (saved with the site's).
    poster_leaks: list[Leak]
    poster_clean: set[bytes]


def _build_pages(
    config: SiteConfig,
    today: dt.date,
    site_dir: Path,
    *,
    echo: Echo,
    made: Callable[[Path], Any],
    posters: bool,
    published: list[str] | None,
    cache: bool,
    jobs: int,
    progress: Progress,
    owner: int,
) -> _Pages | None:
    """``build_site`` up to the search index: check, pages, outputs, posters into a new
    temporary folder beside ``site_dir``, named after the ``owner`` process that will
    put it in place (``made`` is told its name as soon as it exists). None, having said why, on any error (the folder then removed)."""
    from mkdocs.exceptions import MkDocsException

    from generator.check.project import analyse_config

    progress.step(words.STEP_CHECK)
    analysis = analyse_config(config, today, cache=cache, jobs=jobs)
    progress.finish()
    if analysis.errors:
        summary(analysis.errors, echo, words.SEVERITY_ERROR)
        summary(analysis.warnings, echo, words.SEVERITY_WARNING)
        echo(words.BUILD_ERRORS.format(n=len(analysis.errors)))
        return None
    if published is not None:
        from generator.site.guard import lost_addresses

        lost = lost_addresses(analysis, published)
        for finding in lost:
            echo(finding.as_text())
        if lost:
            echo(words.ADDRESSES_WOULD_BREAK.format(n=len(lost)))
            return None
        echo(words.ADDRESSES_KEPT.format(n=len(published)))

    _quiet_mkdocs()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(site_dir)
        if cache:
            empty_trash(config.root / TRASH)
        tmp = Path(tempfile.mkdtemp(prefix=_temp_name(site_dir, "new", owner), dir=site_dir.parent))
    except OSError as err:
        echo(_cannot_write(site_dir.parent, err))
        return None
    made(tmp)
    try:
        poster_leaks, poster_clean = _read_poster_texts(config, analysis, tmp, cache)
        built = build_into(analysis, tmp, cache=cache, progress=progress, search=False)
        if posters:
            progress.step(words.STEP_POSTERS)
            ok = _render_posters(analysis, tmp / "posters", echo)
            progress.finish()
            if not ok:
                shutil.rmtree(tmp, ignore_errors=True)
                return None
        if not posters:
            _keep_posters(analysis, site_dir, tmp, echo)
        mark(tmp)  # the next build may replace it (outdirs.check_replaceable)
    except PermissionError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        folder = Path(err.filename).parent if err.filename else site_dir
        echo(_cannot_write(folder, err))
        return None
    except (MkDocsException, OSError) as err:
        _abandon(tmp, progress)
        echo(_failed(str(err)))
        return None
    except BaseException:
        _abandon(tmp, progress)
        raise
    closing: list[str] = []
    summary(analysis.warnings, closing.append, words.SEVERITY_WARNING)
    if built.page_cache is not None:
        cached = built.page_cache
        closing.append(words.PAGES_BUILT.format(made=cached.misses, cached=cached.hits))
    pages = len(analysis.cases) + len(analysis.communities)
    closing.append(
        words.SITE_BUILT.format(
            site=site_dir,
            communities=len(analysis.communities),
            cases=len(analysis.cases),
            pages=pages,
        )
    )
    return _Pages(tmp, built.search_key, built.page_keys, closing, poster_leaks, poster_clean)


def _read_poster_texts(
    config: SiteConfig, analysis: Analysis, tmp: Path, cache: bool
) -> tuple[list[Leak], set[bytes]]:
    """The publish gate's reading of what every poster of the site says (with
    ``--no-posters`` too: the posters kept from the last site show the same cases):
    the numbers found, and the digests of the texts found clean. Read here, before the
    pages, while today's specs the glyph rule made are at hand (made again later, they
    cost a second at 10,000 cases); a text found clean by an earlier build is not read
    again. The texts are made one at a time, none held."""
    from generator.posters import poster_texts

    scan = _site_scan(config, tmp, cache)
    return scan.texts(poster_texts(analysis)), scan.clean


def _apart(
    work: Callable[..., _Pages | None],
    echo: Echo,
    made: Callable[[Path], Any],
    *args: Any,
    meanwhile: Callable[[], bool] = lambda: False,
    **kwargs: Any,
) -> _Pages | None:
    """``work(*args, echo=..., made=..., **kwargs)`` in a forked child process, its
    lines echoed here as they come; its result, or its exception raised here. While
    the child has nothing to say, ``meanwhile()`` is called here, again at once while
    it answers True (it did some work and has more), else after a short wait.

    Everything the child held (the checked content, the plan, MkDocs' pages, the
    imports of the theme and the outputs) goes back to the system when it exits.
    A child that dies without a result (killed, out of memory) is a failed build:
    None, having said so. Where processes cannot be forked, runs here.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return work(*args, echo=echo, made=made, **kwargs)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        with contextlib.suppress(Exception):
            stream.flush()
    child = context.Process(target=_child, args=(send, work, args, kwargs), daemon=False)
    # What is here now is left out of the collector's passes while the child runs: a
    # pass writes into every object it visits, which would copy the memory both
    # processes share (``meanwhile`` allocates here while the child works).
    gc.freeze()
    try:
        child.start()
    except BaseException:
        gc.unfreeze()
        raise
    send.close()
    result: _Pages | None = None
    failure: BaseException | None = None
    kind = ""
    busy = False
    try:
        while True:
            if not receive.poll(0 if busy else 0.1):
                busy = meanwhile()
                continue
            try:
                kind, value = receive.recv()
            except EOFError:
                break
            if kind == "echo":
                echo(value)
            elif kind == "made":
                made(value)
            elif kind == "done":
                result = value
                break
            else:
                failure = value
                break
        child.join()
    except BaseException:
        child.terminate()
        child.join()
        raise
    finally:
        receive.close()
        gc.unfreeze()
    if failure is not None:
        raise failure
    if kind not in ("done", "raise"):
        echo(_failed(words.BUILD_PROCESS_DIED.format(code=child.exitcode)))
    return result


def _child(send: Any, work: Callable[..., Any], args: Any, kwargs: Any) -> None:
    """The forked side of ``_apart``."""
    import traceback

    kind = "done"
    try:
        value = work(
            *args,
            echo=lambda line: send.send(("echo", line)),
            made=lambda path: send.send(("made", path)),
            **kwargs,
        )
    except BaseException as err:
        kind, value = "raise", err
        err.add_note("".join(traceback.format_exception(err)).rstrip())
    try:
        send.send((kind, value))
    except Exception:  # an exception that cannot be pickled: its text
        send.send(("raise", RuntimeError("".join(traceback.format_exception(value)))))
    finally:
        send.close()


def serve_site(config: SiteConfig, today: dt.date, dev_addr: str, echo: Echo = print) -> None:
    """Serve a preview with live reload on changes to ``content/`` and ``site_config.yml``.

    The plugin prints each build's findings; with errors the browser shows them as a
    Chinese page (file, line, fix) that turns back into the site once they are fixed.
    """
    from mkdocs.commands.serve import serve

    _quiet_mkdocs()
    with tempfile.TemporaryDirectory(prefix="noticeboard-serve-") as work:
        work_dir = Path(work)
        docs = work_dir / "docs"
        docs.mkdir()
        settings = derive(config, today, docs, work_dir / "unused-site")
        settings.pop("site_dir")  # serve builds into its own temporary folder
        settings["dev_addr"] = dev_addr
        for plugin in settings["plugins"]:
            if "noticeboard" in plugin:
                plugin["noticeboard"]["preview"] = True
        path = write_config(work_dir, settings)
        echo(words.SERVING.format(address=dev_addr))
        # "dirty": MkDocs keeps the served folder between rebuilds; the plugin writes
        # only the pages an edit changed and deletes those gone (``site/preview.py``).
        logging.getLogger("mkdocs.commands.build").addFilter(_not_dirty_warning)
        serve(
            config_file=str(path),
            livereload=True,
            build_type="dirty",
            watch=[str(config.content_path), str(config.root / "site_config.yml")],
        )
