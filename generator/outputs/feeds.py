"""Atom feeds of what happened to each case: notices, outcomes, implementation updates.

``site/feed.xml`` for the whole site (the newest ``SITE_FEED_LIMIT`` entries) and
``site/<community-id>/feed.xml`` per community (all of its entries). Each entry links its case page, says the stage the event put the case
in and the event's date in its title, has an id that does not change between
builds, and is dated by the event (not by the build). Events dated after
``today`` are left out: a notice scheduled for next week is not news yet.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from pathlib import Path

from feedgen.feed import FeedGenerator

from generator.buildcache import OutputCache, made
from generator.messages import data as words
from generator.model.cases import LOCAL_TZ, Case, Community, Stage, outcome_stage
from generator.source.config import SiteConfig

FEED_FILE = "feed.xml"
ATOM_TYPE = "application/atom+xml"
# The site feed carries the newest entries only (a feed is news, not an archive; a
# county's full history would weigh megabytes on a phone). Community feeds are whole.
SITE_FEED_LIMIT = 500
# The year in the feeds' own tag: ids; fixed, so a feed keeps its id forever.
FEED_TAG_YEAR = 2026


@dataclass(frozen=True)
class FeedEvent:
    """One thing that happened to a case, as a feed entry."""

    case: Case
    kind: str  # "notice", "outcome" or "progress"
    date: dt.date
    stage: Stage  # the stage this event put the case in
    text: str  # plain-text entry content (Chinese)
    key: str  # stable part of the entry id, unique within the case

    @property
    def title(self) -> str:
        return words.ENTRY_TITLE.format(
            stage=self.stage, title=self.case.title, date=self.date.isoformat()
        )


def case_events(case: Case, community: Community, today: dt.date) -> list[FeedEvent]:
    """The case's notice, outcome and progress updates dated on or before ``today``."""
    events: list[FeedEvent] = []
    if case.notice is not None:
        text = words.NOTICE_ENTRY.format(
            community=community.name,
            title=case.title,
            posted=case.notice.posted.isoformat(),
            until=case.notice.until.isoformat(),
        )
        if case.meeting is not None:
            text += words.NOTICE_ENTRY_MEETING.format(
                start=case.meeting.start, place=case.meeting.place
            )
        events.append(
            FeedEvent(case, "notice", case.notice.posted, Stage.ON_NOTICE, text, "notice")
        )
    if case.outcome is not None:
        outcome = case.outcome
        text = words.OUTCOME_ENTRY.format(
            community=community.name,
            result=outcome.result.label(community.kind),
            summary=outcome.summary,
        )
        stage = outcome_stage(outcome.result)
        events.append(FeedEvent(case, "outcome", outcome.date, stage, text, "outcome"))
    seen: dict[dt.date, int] = {}
    for update in case.progress:
        n = seen[update.date] = seen.get(update.date, 0) + 1
        key = f"progress/{update.date.isoformat()}" + (f"/{n}" if n > 1 else "")
        stage = update.stage
        text = words.PROGRESS_ENTRY.format(community=community.name, percent=update.percent)
        text += update.note or ""
        events.append(FeedEvent(case, "progress", update.date, stage, text, key))
    return [e for e in events if e.date <= today]


def entry_id(config: SiteConfig, event: FeedEvent) -> str:
    """A tag: URI (RFC 4151) that stays the same for the same event across builds."""
    host = config.host
    year = event.case.ledger[0]
    return f"tag:{host},{year}:{event.case.key}/{event.key}"


def _event_time(day: dt.date) -> dt.datetime:
    """Noon local time: the date survives conversion to UTC (04:00Z) in feed readers."""
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=LOCAL_TZ)


_KIND_ORDER = {"notice": 0, "outcome": 1, "progress": 2}


def _age(event: FeedEvent) -> tuple[dt.date, str, int, str]:
    """The order of a feed, newest first when sorted in reverse (no two events tie)."""
    return (event.date, event.case.key, _KIND_ORDER[event.kind], event.key)


def sorted_events(communities: list[Community], today: dt.date) -> list[FeedEvent]:
    """All events of these communities, newest first, ties in a fixed order."""
    events = [e for c in communities for case in c.cases for e in case_events(case, c, today)]
    events.sort(key=_age, reverse=True)
    return events


@dataclass(frozen=True)
class FeedView:
    """Everything an Atom document shows, as plain values: the document is made from
    this alone (``atom``), so a hash of it is a complete cache key (``OutputCache``)."""

    id: str
    title: str
    subtitle: str
    author: str
    page: str  # the HTML page the feed is about
    self_href: str
    language: str
    updated: dt.date
    # (id, title, link, date, kind, stage label, text) per entry, newest first
    entries: tuple[tuple[str, str, str, dt.date, str, str, str], ...]


def feed_view(
    config: SiteConfig,
    events: list[FeedEvent],
    today: dt.date,
    *,
    path: str,
    title: str,
    page_parts: tuple[str, ...] = (),
) -> FeedView:
    """What the feed of ``events`` (``sorted_events``) shows; ``path`` is its site address."""
    return FeedView(
        id=f"tag:{config.host},{FEED_TAG_YEAR}:{path}",
        title=title,
        subtitle=config.description or words.FEED_SUBTITLE,
        author=config.site_name,
        page=config.url(*page_parts),
        self_href=config.address(path),
        language="zh-CN",
        # Dated by the newest event so that an unchanged site gives an unchanged feed.
        updated=events[0].date if events else today,
        entries=tuple(
            (
                entry_id(config, e),
                e.title,
                config.url(e.case.community_id, e.case.id),
                e.date,
                e.kind,
                str(e.stage),
                e.text,
            )
            for e in events
        ),
    )


def atom(view: FeedView) -> bytes:
    """The Atom document of ``view``."""
    fg = FeedGenerator()
    fg.id(view.id)
    fg.title(view.title)
    fg.subtitle(view.subtitle)
    fg.author({"name": view.author})
    fg.link(href=view.page, rel="alternate", type="text/html")
    fg.link(href=view.self_href, rel="self", type=ATOM_TYPE)
    fg.language(view.language)
    fg.generator("noticeboard")
    fg.updated(_event_time(view.updated))
    for entry_id_, title, link, date, kind, stage, text in view.entries:
        fe = fg.add_entry(order="append")
        fe.id(entry_id_)
        fe.title(title)
        fe.link(href=link, rel="alternate")
        fe.published(_event_time(date))
        fe.updated(_event_time(date))
        fe.category(term=kind, label=stage)
        fe.content(text, type="text")
    return fg.atom_str(pretty=True)


def write_feeds(
    config: SiteConfig,
    communities: list[Community],
    today: dt.date,
    site_dir: Path,
    cache: OutputCache | None = None,
) -> list[Path]:
    """Write the site feed and one feed per community; return the files written. Each
    case's events are made once: the site feed's are the newest of the communities'."""
    written: list[Path] = []
    # The site feed's candidates: each community's newest (its events come newest
    # first), chosen from once at the end (choosing after each community asked for the
    # age of 500 events a community: 0.5 s at 10,000 cases).
    candidates: list[FeedEvent] = []
    for community in communities:
        events = sorted_events([community], today)
        target = site_dir / community.id / FEED_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        view = feed_view(
            config,
            events,
            today,
            path=SiteConfig.page_path(community.id) + FEED_FILE,
            title=words.FEED_TITLE.format(name=community.name),
            page_parts=(community.id,),
        )
        target.write_bytes(made(cache, "feed", view, atom))
        written.append(target)
        candidates += events[:SITE_FEED_LIMIT]
    newest = heapq.nlargest(SITE_FEED_LIMIT, candidates, key=_age)
    site_feed = site_dir / FEED_FILE
    view = feed_view(
        config,
        newest,
        today,
        path=FEED_FILE,
        title=words.FEED_TITLE.format(name=config.site_name),
    )
    site_feed.write_bytes(made(cache, "feed", view, atom))
    return [site_feed, *written]
