"""``noticeboard check`` on a county in seconds.

The findings are exactly those of ``generator.check.project.analyse_config`` (the build's
check): same codes, files, lines, messages and order. They are computed in two parts:

- **per community folder** (``Part``): the folder's files loaded and every rule that
  needs no other community's files run on them (``rules.LOCAL_RULES``); with a small
  summary for the cross-file part: which cases exist, and each case's ``related`` and
  ``moved_from`` entries with where they are written (``rules.ids.Links``). Folders
  are shared out to worker processes, so both cores parse and check.
- **across communities**: the id rules that look at other communities
  (``rules.ids.cross_check``), run on every folder's summary; always computed.

With the cache, a folder's ``Part`` is kept in ``.cache/build/check/`` under a key of
everything it depends on (``folder_key``): this code (``code_stamp``), the site
configuration, the working folder (findings name files relative to it), and the
folder's state read through ``Gate.read_tree``: the bytes of each clerk's file and a
hash of each photo's and attachment's bytes (remembered by its status in
``digests.pickle``, ``content_digests``: only a new or touched file is read again, a
fresh clone reads each once); the part's key adds the date checked for (``dated``: deadlines move
with it). A folder with anything unusual in it (a link, a FIFO, a name with a control
character) has no key: it is checked afresh each time and never kept. A kept part
that cannot be read back whole (damaged, from another version) counts as missing.

Beside each part its ``summary`` is kept under the folder's key alone: what the
cross-community rules need of it, which no date changes. ``check content/<village>/``
shows one folder's findings: on a new day only that folder is checked again, the
other folders answer with their summaries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import write_atomic
from generator.buildcache import code_stamp, dumps_pickle, load_pickle, open_cache
from generator.check.rules import ids
from generator.check.rules.glyphs import fonts_key
from generator.content_digests import ContentDigests
from generator.findings import Finding, sort_findings
from generator.model.workdays import WorkCalendar
from generator.source.config import SiteConfig
from generator.source.pdfscan import ocr_tools
from generator.source.settings import CONFIG_FILE

if TYPE_CHECKING:
    from generator.model.load import Project

# Below this many files to check, starting processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 200
CHECK_FOLDER = "check"
DIGESTS = "digests.pickle"  # hashes of photos and attachments (``ContentDigests``)
# Libraries the rules use to judge photos and attachments (the build cache's code
# stamp names those that shape pages).
_MEDIA_LIBRARIES = ("Pillow", "pypdf")


@dataclass
class Part:
    """One community folder's share of ``check``."""

    findings: list[Finding]  # loader's, then each local rule's, in their order
    files: list[str]  # every file read, as the findings name them
    cases: set[str] = field(default_factory=set)  # keys of the cases that exist
    links: list[ids.Links] = field(default_factory=list)  # loaded cases, by ledger
    order: tuple[str, str] | None = None  # the community's (town, id) when it loaded
    withdrawn: set[str] = field(default_factory=set)  # keys of its tombstones

    def summary(self) -> Part:
        """The part without its findings: what the other folders' checks need of it."""
        return Part([], self.files, self.cases, self.links, self.order, self.withdrawn)


@dataclass
class Checked:
    """What ``check`` reports: every finding in order, and the files read."""

    findings: list[Finding]
    files: list[str]
    parts: int = 0  # community folders
    reused: int = 0  # of which taken from the cache


def check_project(
    config: SiteConfig,
    today: dt.date,
    *,
    cache: bool = True,
    jobs: int = 1,
    shown: Callable[[Path], bool] | None = None,
) -> Checked:
    """The findings of ``analyse_config(config, today)``, in its order.

    ``shown``: which community folders' findings the caller will show (default: all).
    With the cache, a folder not shown may answer with its summary (no findings of
    its own); every finding about a shown folder is still exact.
    """
    from generator.model.load import Project, community_folders

    top = Project(config=config)
    folders = community_folders(top)
    store = PartCache(open_cache(config.root) / CHECK_FOLDER) if cache else None
    base = _base_key(config) if store else b""
    keys: dict[Path, str | None] = {}
    parts: dict[Path, Part] = {}
    if store is not None:
        for folder in folders:
            keys[folder] = key = folder_key(base, folder, store.digests)
            part = store.get(dated(key, today)) if key else None
            if part is not None:
                store.keep_summary(key, part)  # for a later day's `check <folder>`
            elif key and shown is not None and not shown(folder):
                part = store.get_summary(key)
            if part is not None:
                parts[folder] = part
    reused = len(parts)
    todo = [f for f in folders if f not in parts]
    memo = store.digests if store is not None else None
    for folder, part, after in _compute(todo, config, today, jobs, base if store else None, memo):
        parts[folder] = part
        key = keys.get(folder)
        # Kept only if the folder did not change while it was being checked.
        if store is not None and key and after == key:
            store.put(dated(key, today), part)
            store.put_summary(key, part.summary())
    if store is not None:
        store.digests.save()
        store.prune()

    findings, files = combine(top.findings, [parts[f] for f in folders])
    return Checked(findings, files, len(folders), reused)


def combine(top: list[Finding], parts: list[Part]) -> tuple[list[Finding], list[str]]:
    """Every finding of the parts (community folders, in order) and of the content
    folder itself (``top``), with the rules across communities, sorted; the files read."""
    findings = list(top)
    files: list[str] = []
    existing: set[str] = set()
    withdrawn: set[str] = set()
    for part in parts:
        findings += part.findings
        files += part.files
        existing |= part.cases
        withdrawn |= part.withdrawn
    loaded = sorted((p for p in parts if p.order), key=lambda p: p.order or ())
    links = [link for part in loaded for link in part.links]
    findings += ids.cross_check(existing, links, withdrawn)
    return sort_findings(findings), files


def check_folder(
    folder: Path, config: SiteConfig, today: dt.date, calendar: WorkCalendar | None = None
) -> Part:
    """One community folder loaded and checked on its own. Give every folder the same
    ``calendar``: it remembers each day it was asked about (chinesecalendar is slow)."""
    return load_and_check_folder(folder, config, today, calendar)[1]


def load_and_check_folder(
    folder: Path, config: SiteConfig, today: dt.date, calendar: WorkCalendar | None = None
) -> tuple[Project, Part]:
    """``check_folder``, with the folder's loaded project (its communities, cases and
    files): what ``serve`` keeps of each folder between rebuilds."""
    from generator.check.analysis import Analysis
    from generator.check.rules import run_local_rules
    from generator.model.load import load_folder

    project = load_folder(folder, config)
    calendar = calendar or WorkCalendar(config.calendar)
    analysis = Analysis(project=project, today=today, calendar=calendar)
    findings = project.findings + run_local_rules(analysis)
    community = project.communities[0] if project.communities else None
    return project, Part(
        findings=findings,
        files=[str(f.path) for f in project.files],
        cases=ids.case_keys(analysis),
        links=[ids.links(case) for case in analysis.cases],
        order=(community.town, community.id) if community else None,
        withdrawn=ids.withdrawn_keys(analysis),
    )


# Set in the parent just before the workers are forked: they inherit, not receive, them.
_JOB: tuple[SiteConfig, dt.date, WorkCalendar, bytes | None, ContentDigests | None] | None = None


def _check_keyed(
    folder: Path,
    config: SiteConfig,
    today: dt.date,
    calendar: WorkCalendar,
    base: bytes | None,
    memo: ContentDigests | None,
) -> tuple[Part, str | None]:
    """The folder's part, and its key read again once it is checked (``base``: None
    without a cache)."""
    part = check_folder(folder, config, today, calendar)
    return part, folder_key(base, folder, memo) if base is not None else None


def _check_in_worker(folder: Path) -> tuple[Part, str | None]:
    assert _JOB is not None
    return _check_keyed(folder, *_JOB)


def _compute(
    folders: list[Path],
    config: SiteConfig,
    today: dt.date,
    jobs: int,
    base: bytes | None,
    memo: ContentDigests | None,
) -> Iterator[tuple[Path, Part, str | None]]:
    """Each folder checked (and its key after), in order: by ``jobs`` processes when
    there is enough to do."""
    calendar = WorkCalendar(config.calendar)
    files = sum(_count_files(f) for f in folders) if jobs > 1 and len(folders) > 1 else 0
    if files < MIN_FILES_FOR_WORKERS:
        for folder in folders:
            yield folder, *_check_keyed(folder, config, today, calendar, base, memo)
        return
    global _JOB
    _JOB = (config, today, calendar, base, memo)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(folders))) as pool:
            chunk = max(1, len(folders) // (jobs * 8))
            done = pool.imap(_check_in_worker, folders, chunksize=chunk)
            for folder, (part, after) in zip(folders, done, strict=True):
                yield folder, part, after
    finally:
        _JOB = None


def _count_files(folder: Path) -> int:
    try:
        return len(os.listdir(folder))
    except OSError:
        return 0


def dated(key: str, today: dt.date) -> str:
    """The key of a folder's part checked for ``today``, from the folder's key."""
    return hashlib.blake2b(_framed(key) + _framed(today.isoformat()), digest_size=20).hexdigest()


def _base_key(config: SiteConfig) -> bytes:
    """What every folder's key depends on besides the folder itself."""
    try:
        settings = (config.root / CONFIG_FILE).read_bytes()
    except OSError:
        settings = b""
    parts = [
        code_stamp(),
        *(f"{name}={_version(name)}" for name in _MEDIA_LIBRARIES),
        settings,
        str(config.content_path),
        os.getcwd(),  # findings name files relative to it
        ocr_tools(),  # a scanned PDF's finding changes once Tesseract is installed
        fonts_key(config),  # and a poster's missing character once a font has it
    ]
    return b"".join(_framed(p) for p in parts)


def folder_key(base: bytes, folder: Path, memo: ContentDigests | None = None) -> str | None:
    """The key of a folder's part, or None when it must be checked afresh (see
    ``Gate.read_tree``; ``memo``: hashes of photos and attachments already read)."""
    from generator.model.load import COMMUNITY_FILE
    from generator.model.withdrawn import WITHDRAWN_FILE
    from generator.source.gate import Gate
    from generator.source.textfile import MAX_FILE_BYTES

    def wanted(name: str) -> bool:  # the files the loader reads
        return name in (COMMUNITY_FILE, WITHDRAWN_FILE) or name.lower().endswith(".md")

    tree = Gate(folder.parent).read_tree(folder, wanted, MAX_FILE_BYTES, memo)
    if tree is None:
        return None
    texts, others = tree
    digest = hashlib.blake2b(base, digest_size=20)
    digest.update(_framed(str(folder)))
    for name, (size, data) in sorted(texts.items()):
        digest.update(_framed(name) + size.to_bytes(8, "little") + _framed(data))
    digest.update(_framed(repr(others)))
    return digest.hexdigest()


def _framed(part: str | bytes) -> bytes:
    data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
    return len(data).to_bytes(8, "little") + data


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


class PartCache:
    """Community folders' parts, one file each, named by their key.

    Each file holds a hash of its contents: a damaged file is a missing one. Files
    not used in a run are deleted at its end (``prune``).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self.digests = ContentDigests(folder / DIGESTS)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def _read(self, name: str) -> Any:
        """What ``_write`` wrote under ``name``; None when missing or damaged."""
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        digest, payload = data[:32], data[32:]
        if hashlib.blake2b(payload, digest_size=32).digest() != digest:
            return None
        try:
            return load_pickle(payload)
        except Exception:  # damaged in a way the hash missed: missing
            return None

    def _write(self, name: str, value: Any) -> None:
        payload = dumps_pickle(value)
        data = hashlib.blake2b(payload, digest_size=32).digest() + payload
        with contextlib.suppress(OSError):  # a cache that cannot be written is no error
            write_atomic(self.folder / name, data)

    def get(self, key: str) -> Part | None:
        self.used.add(key)
        part = self._read(self._path(key).name)
        return part if isinstance(part, Part) else None

    def put(self, key: str, part: Part) -> None:
        self.used.add(key)
        self._write(self._path(key).name, part)

    def get_summary(self, key: str) -> Part | None:
        return self.get(f"{key}.summary")

    def put_summary(self, key: str, summary: Part) -> None:
        self.put(f"{key}.summary", summary)

    def keep_summary(self, key: str, part: Part) -> None:
        """Keep the summary of a part taken from the cache (written if missing)."""
        name = f"{key}.summary"
        self.used.add(name)
        if not self._path(name).is_file():
            self._write(self._path(name).name, part.summary())

    def prune(self) -> None:
        keep = {self._path(key).name for key in self.used} | {DIGESTS}
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name not in keep and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
