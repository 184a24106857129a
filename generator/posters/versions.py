"""The versions a case's poster has had, from the case file's git history.

Each poster prints a version mark (``版本 3F7A``: ``PosterSpec.version``, a hash of
what it says). For every commit of the case file, the file as it was is read back
(``history.blob_text``: one ``git cat-file`` process for the whole site), loaded, and its poster spec computed on
that commit's date and on each later day, until the next commit, on which the
poster could change by itself (a notice period begins or ends, a meeting is held:
the case's own dates); consecutive equal versions are one version. The poster the
site serves today comes first. So a resident holding a printed poster sees
whether the notice changed after it was posted, and a clerk sees which posters on
the board are out of date.

Reading an old revision back (git, then YAML) costs about 15 ms: 20 s a build for
1,000 cases with three commits each, minutes at 10,000. What a revision's poster
says on each day is a pure function of the revision's content, the day it was
committed, the community, the case's address, the site settings and this code, so
it is kept in ``poster-versions.json`` beside the other facts taken from git
history (``history.cache_folder``: ``<repository>/.cache/noticeboard``) under a
hash of those (``_revision_key``; the content by its git blob id). A build reads
back only the revisions it has not seen; the file keeps only the entries the last
build used.

Plain data and pure functions apart from git and that cache; nothing here draws.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import write_atomic
from generator.buildcache import code_stamp
from generator.model.history import Commit, blob_text, cache_folder, file_revisions
from generator.model.load import load_case_file
from generator.posters.content import case_dates, case_spec

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.model.cases import Case, Community
    from generator.posters.content import PosterSpec
    from generator.source.config import SiteConfig


@dataclass(frozen=True)
class PosterVersion:
    """One version of a poster: its mark, the day it started, whether it is today's."""

    version: str
    since: dt.date | None  # None: no history to tell (not a git checkout)
    current: bool = False


CACHE_FILE = "poster-versions.json"

# One revision's poster over time: (first day, version) at each change, from the
# day it was committed on; None when that revision did not load.
Changes = list[tuple[dt.date, str]] | None


def poster_versions(
    cases: list[tuple[Case, Community]],
    config: SiteConfig,
    today: dt.date,
    cache_file: Path | None = None,
    todays: Callable[[Case, Community], PosterSpec] | None = None,
) -> dict[str, list[PosterVersion]]:
    """Each case's poster versions, newest (today's) first. Outside a git checkout a
    case has only today's version. ``cache_file`` defaults to ``CACHE_FILE`` in the
    repository's ``history.cache_folder`` (none outside a checkout). ``todays``: the
    case's poster on ``today`` (``content.todays_spec``), when already made."""
    revisions: dict[str, list[Commit]] = {}
    tracked: set[str] = set()
    for case, _ in cases:
        found = file_revisions(case.path)
        revisions[case.key] = found or []
        if found:
            tracked.add(case.key)
    if cache_file is None and cases:
        folder = cache_folder(cases[0][0].path)
        cache_file = folder / CACHE_FILE if folder is not None else None
    cache = _Cache(cache_file, _settings(config))
    out: dict[str, list[PosterVersion]] = {}
    with tempfile.TemporaryDirectory(prefix="noticeboard-versions-") as work:
        folder = Path(work)
        for case, community in cases:
            url = config.url(case.community_id, case.id)
            history: list[PosterVersion] = []  # oldest first
            commits = list(reversed(revisions[case.key]))
            context = _context(case, community, url) if commits else ""
            for i, commit in enumerate(commits):
                start = commit.date.date()
                end = commits[i + 1].date.date() if i + 1 < len(commits) else today
                key = _revision_key(cache.settings, context, commit.blob, start)
                changes = cache.get(key)
                if changes is _MISSING:
                    text = blob_text(case.path, commit.blob)
                    if text is None:  # not available (e.g. a shallow clone): not kept
                        continue
                    old = _load(folder, case, text, config)
                    changes = None if old is None else _changes(old, community, url, start)
                    cache.put(key, changes)
                if changes is None:  # that revision did not load: no poster then
                    continue
                for day, version in changes:
                    if day != start and day >= end:
                        break
                    if not history or history[-1].version != version:
                        history.append(PosterVersion(version, day))
            spec = todays(case, community) if todays else case_spec(case, community, url, today)
            current = spec.version
            if not history or history[-1].version != current:
                # Every earlier day was looked at: it changed today (or the file has
                # changes not committed yet).
                since = today if case.key in tracked else None
                history.append(PosterVersion(current, since, current=True))
            else:
                history[-1] = PosterVersion(current, history[-1].since, current=True)
            out[case.key] = list(reversed(history))
    cache.save()
    return out


def _changes(case: Case, community: Community, url: str, start: dt.date) -> Changes:
    """The revision's poster on each day from ``start`` on which it can change (see
    ``_days``; with no end: the next commit's date is not part of the cache key),
    keeping only the days its version changes."""
    out: list[tuple[dt.date, str]] = []
    for day in _days(case, start, dt.date.max):
        version = case_spec(case, community, url, day).version
        if not out or out[-1][1] != version:
            out.append((day, version))
    return out


def _days(case: Case, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from ``start`` to before ``end`` on which this revision's poster can
    change: the first, and each date of the case and the day after it (a notice
    period starts or ends, a meeting is held …)."""
    days = {start}
    for d in case_dates(case):
        days.update(x for x in (d, d + dt.timedelta(days=1)) if start < x < end)
    return sorted(days)


def _load(folder: Path, case: Case, text: str, config: SiteConfig) -> Case | None:
    path = folder / case.community_id / f"{case.id}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        return load_case_file(path, case.community_id, config)
    except Exception:  # an old revision must never break today's build
        return None


def _settings(config: SiteConfig) -> str:
    """What every revision's poster depends on besides its own inputs: this code (and
    the libraries that read case files) and the site settings."""
    try:
        settings = (config.root / "site_config.yml").read_bytes()
    except OSError:
        settings = b""
    digest = hashlib.blake2b(digest_size=16)
    for part in (code_stamp().encode(), settings, str(config.content_path).encode()):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def _context(case: Case, community: Community, url: str) -> str:
    """The case's place (community fields as they are today, address, file name)."""
    fields = {
        f.name: repr(getattr(community, f.name))
        for f in dataclasses.fields(community)
        if f.name not in ("cases", "withdrawn", "source")
    }
    return json.dumps([fields, url, case.community_id, case.id], ensure_ascii=False, sort_keys=True)


def _revision_key(settings: str, context: str, blob: str, start: dt.date) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (settings, context, blob, start.isoformat()):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


_MISSING: Any = object()


class _Cache:
    """``poster-versions.json``: revision key -> [[day, version], ...] or null. A damaged or
    unreadable file is an empty cache; one that cannot be written only costs time
    next build."""

    def __init__(self, path: Path | None, settings: str):
        self.path = path  # None: nothing kept
        self.settings = settings
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.added = False
        if path is None:
            return
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]

    def get(self, key: str) -> Changes:
        if key not in self.entries:
            return _MISSING
        raw = self.entries[key]
        self.used[key] = raw
        try:
            return None if raw is None else [(dt.date.fromisoformat(d), v) for d, v in raw]
        except (TypeError, ValueError):  # a damaged entry: read the revision again
            del self.used[key]
            return _MISSING

    def put(self, key: str, changes: Changes) -> None:
        self.used[key] = None if changes is None else [[d.isoformat(), v] for d, v in changes]
        self.added = True

    def save(self) -> None:
        if self.path is None or (not self.added and self.used.keys() == self.entries.keys()):
            return
        text = json.dumps({"entries": self.used}, separators=(",", ":"))
        with contextlib.suppress(OSError):
            write_atomic(self.path, text.encode("utf-8"))
