"""Machine-readable outputs written after the pages: feeds, calendars and open data.
The site adapter calls these hooks; each is a plain function of the model, and the
work is done in ``feeds``, ``calendars`` and ``opendata``.

What the pages themselves show comes from the modules that own it, never from here
(the pages come first): ``history.case_revisions``, ``calendars.case_calendar_href``,
``stats.stats_page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.messages import data as words
from generator.model.cases import place_word

if TYPE_CHECKING:
    from generator.buildcache import OutputCache
    from generator.check.project import Analysis


@dataclass(frozen=True)
class AlternateLink:
    href: str  # relative to the site root, e.g. "feed.xml" or "xiguan/feed.xml"
    type: str  # MIME type
    title: str


def write_outputs(
    analysis: Analysis, site_dir: Path, cache: OutputCache | None = None
) -> list[Path]:
    """Write feeds, calendars and open data into the built site; return the files.

    Called once per build, after the pages; it also forgets the git history read
    for this build, so that the next build under ``serve`` reads it afresh. With a
    ``cache``, feeds and calendars that show what they showed before are not made again.
    """
    from generator.model import history
    from generator.outputs import calendars, datapackage, feeds, opendata, popolo

    config, today, communities = analysis.config, analysis.today, analysis.communities
    written = feeds.write_feeds(config, communities, today, site_dir, cache)
    written += calendars.write_calendars(config, communities, today, site_dir, cache)
    written += opendata.write_open_data(analysis, site_dir)
    written.append(popolo.write_popolo(analysis, site_dir))
    written.append(datapackage.write_package(analysis, site_dir))
    history.clear_cache()
    return written


def alternate_links(community_id: str | None, kind: str = words.URBAN_KIND) -> list[AlternateLink]:
    """<link rel="alternate"> targets for a page of this community (None: site-wide);
    a 村's are 本村's."""
    here = place_word(kind)
    links = [
        AlternateLink("feed.xml", "application/atom+xml", words.SITE_FEED_LINK),
        AlternateLink("calendar.ics", "text/calendar", words.SITE_CALENDAR_LINK),
    ]
    if community_id:
        links = [
            AlternateLink(
                f"{community_id}/feed.xml",
                "application/atom+xml",
                words.FEED_LINK.format(place=here),
            ),
            AlternateLink(
                f"{community_id}/calendar.ics",
                "text/calendar",
                words.CALENDAR_LINK.format(place=here),
            ),
            *links,
        ]
    return links
