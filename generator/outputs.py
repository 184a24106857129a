"""Machine-readable outputs beside the pages: feeds, calendars, open data, change
history and statistics (issue: feeds). The site adapter calls these hooks; each is
a plain function of the model. Stubs until implemented.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from generator.model import Case
    from generator.project import Analysis


@dataclass(frozen=True)
class Revision:
    date: dt.datetime
    message: str
    commit: str


@dataclass(frozen=True)
class AlternateLink:
    href: str  # relative to the site root, e.g. "feed.xml" or "xiguan/feed.xml"
    type: str  # MIME type
    title: str


def write_outputs(analysis: Analysis, site_dir: Path) -> list[Path]:
    """Write feeds, calendars and open data into the built site; return the files."""
    return []


def alternate_links(community_id: str | None) -> list[AlternateLink]:
    """<link rel="alternate"> targets for a page of this community (None: site-wide)."""
    return []


def case_revisions(case: Case) -> list[Revision] | None:
    """Revisions of the case file from git, newest first; None outside a git checkout."""
    return None


def case_calendar_href(analysis: Analysis, case: Case) -> str | None:
    """Site-relative address of the case's one-meeting .ics when a meeting is ahead."""
    return None


def stats_page_html(analysis: Analysis) -> str | None:
    """The body of /stats/ (SVG charts with their tables), or None for no page."""
    return None
