"""Machine-readable outputs beside the pages: feeds, calendars, open data, change
history and statistics. The site adapter calls these hooks; each is a plain
function of the model, and the work is done in ``feeds``, ``calendars``,
``opendata``, ``history`` and ``stats``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.model import place_word

if TYPE_CHECKING:
    import datetime as dt

    from generator.model import Case
    from generator.project import Analysis
    from generator.stats import StatsPage


@dataclass(frozen=True)
class Revision:
    """One revision of a case file as the page shows it: when, and which facts changed
    (computed from the file at each revision; commit messages are never published)."""

    date: dt.datetime
    changes: tuple[str, ...]
    commit: str


@dataclass(frozen=True)
class AlternateLink:
    href: str  # relative to the site root, e.g. "feed.xml" or "xiguan/feed.xml"
    type: str  # MIME type
    title: str


def write_outputs(analysis: Analysis, site_dir: Path) -> list[Path]:
    """Write feeds, calendars and open data into the built site; return the files.

    Called once per build, after the pages; it also forgets the git history read
    for this build, so that the next build under ``serve`` reads it afresh.
    """
    from generator import calendars, feeds, history, opendata

    config, today, communities = analysis.config, analysis.today, analysis.communities
    written = feeds.write_feeds(config, communities, today, site_dir)
    written += calendars.write_calendars(config, communities, today, site_dir)
    written += opendata.write_open_data(analysis, site_dir)
    history.clear_cache()
    return written


def alternate_links(community_id: str | None, kind: str = "社区") -> list[AlternateLink]:
    """<link rel="alternate"> targets for a page of this community (None: site-wide);
    a 村's are 本村's."""
    here = place_word(kind)
    links = [
        AlternateLink("feed.xml", "application/atom+xml", "全站协商动态（Atom）"),
        AlternateLink("calendar.ics", "text/calendar", "全站协商会议日程（iCalendar）"),
    ]
    if community_id:
        links = [
            AlternateLink(
                f"{community_id}/feed.xml", "application/atom+xml", f"{here}协商动态（Atom）"
            ),
            AlternateLink(
                f"{community_id}/calendar.ics", "text/calendar", f"{here}协商会议日程（iCalendar）"
            ),
            *links,
        ]
    return links


def case_revisions(case: Case) -> list[Revision] | None:
    """Revisions of the case file from git, newest first; None outside a git checkout.

    An empty list means git knows the folder but the file has not been committed yet.
    """
    from generator.changes import revision_changes
    from generator.history import blob_text, file_revisions

    commits = file_revisions(case.path)
    if commits is None:
        return None
    texts = [blob_text(case.path, c.blob) for c in commits]
    changes = revision_changes(texts)
    return [Revision(c.date, tuple(ch), c.commit) for c, ch in zip(commits, changes, strict=True)]


def case_calendar_href(analysis: Analysis, case: Case) -> str | None:
    """Site-relative address of the case's one-meeting .ics when a meeting is ahead."""
    from generator.calendars import case_calendar_path

    return case_calendar_path(case) if case.meeting_ahead(analysis.today) else None


def stats_page(analysis: Analysis) -> StatsPage | None:
    """What /stats/ shows (sections of SVG charts and their tables), or None for no page."""
    from generator.stats import compute_stats, page_view

    if not analysis.cases:
        return None
    return page_view(compute_stats(analysis))
