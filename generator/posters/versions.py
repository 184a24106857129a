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

Plain data and pure functions apart from git; nothing here draws.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.history import Commit, blob_text, file_revisions
from generator.load import load_case_file
from generator.posters.content import case_dates, case_spec

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.model import Case, Community


@dataclass(frozen=True)
class PosterVersion:
    """One version of a poster: its mark, the day it started, whether it is today's."""

    version: str
    since: dt.date | None  # None: no history to tell (not a git checkout)
    current: bool = False


def poster_versions(
    cases: list[tuple[Case, Community]], config: SiteConfig, today: dt.date
) -> dict[str, list[PosterVersion]]:
    """Each case's poster versions, newest (today's) first. Outside a git checkout a
    case has only today's version."""
    revisions: dict[str, list[Commit]] = {}
    tracked: set[str] = set()
    for case, _ in cases:
        found = file_revisions(case.path)
        revisions[case.key] = found or []
        if found:
            tracked.add(case.key)
    out: dict[str, list[PosterVersion]] = {}
    with tempfile.TemporaryDirectory(prefix="noticeboard-versions-") as work:
        folder = Path(work)
        for case, community in cases:
            url = config.url(case.community_id, case.id)
            history: list[PosterVersion] = []  # oldest first
            commits = list(reversed(revisions[case.key]))
            for i, commit in enumerate(commits):
                text = blob_text(case.path, commit.blob)
                if text is None:
                    continue
                old = _load(folder, case, text, config)
                if old is None:  # that revision did not load: no poster then
                    continue
                start = commit.date.date()
                end = commits[i + 1].date.date() if i + 1 < len(commits) else today
                for day in _days(old, start, end):
                    version = case_spec(old, community, url, day).version
                    if not history or history[-1].version != version:
                        history.append(PosterVersion(version, day))
            current = case_spec(case, community, url, today).version
            if not history or history[-1].version != current:
                # Every earlier day was looked at: it changed today (or the file has
                # changes not committed yet).
                since = today if case.key in tracked else None
                history.append(PosterVersion(current, since, current=True))
            else:
                history[-1] = PosterVersion(current, history[-1].since, current=True)
            out[case.key] = list(reversed(history))
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
