"""iCalendar files of consultation meetings, so residents can put them in a phone calendar.

``site/calendar.ics`` (every scheduled meeting of the site), ``site/<community-id>/
calendar.ics`` (that community's) and ``site/<community-id>/<case-id>/meeting.ics``
(one meeting, for each case whose meeting is today or later). Times carry
``TZID=Asia/Shanghai`` with a VTIMEZONE; each event has a UID that stays the same
between builds, so a subscribed calendar updates the event instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import icalendar

from generator import clock
from generator.buildcache import OutputCache, made
from generator.messages import data as words
from generator.model.cases import Case, Community, content_date, local_time, meeting_cancelled
from generator.source.config import SiteConfig

CALENDAR_FILE = "calendar.ics"
MEETING_FILE = "meeting.ics"
PRODID = words.CALENDAR_PRODID
# China has kept UTC+8 without daylight saving since 1991: one STANDARD block suffices.
_TZ_FIRST, _TZ_LAST = dt.date(2000, 1, 1), dt.date(2100, 1, 1)


@cache
def _vtimezone(name: str) -> icalendar.Timezone:
    """The local zone's VTIMEZONE (Asia/Shanghai unless configured), made once per
    zone: deriving it scans the zone's history."""
    return icalendar.Timezone.from_tzinfo(
        clock.known_zone(name), first_date=_TZ_FIRST, last_date=_TZ_LAST
    )


def event_uid(config: SiteConfig, case: Case) -> str:
    """``<case-id>.<community-id>@<host>``: stable for as long as the case's address is."""
    host = config.host
    return f"{case.id}.{case.community_id}@{host}"


@dataclass(frozen=True)
class EventView:
    """Everything a VEVENT shows, as plain values (see ``CalendarView``)."""

    uid: str
    dtstamp: dt.datetime
    start: dt.datetime
    end: dt.datetime | None
    summary: str
    location: str
    description: str
    url: str
    status: str


@dataclass(frozen=True)
class CalendarView:
    """Everything a VCALENDAR shows: the file is made from this alone (``ical``), so a
    hash of it is a complete cache key (``OutputCache``)."""

    name: str
    events: tuple[EventView, ...]


def event_view(config: SiteConfig, community: Community, case: Case, today: dt.date) -> EventView:
    """What the VEVENT of a case's meeting shows. The case must have a meeting."""
    meeting = case.meeting
    assert meeting is not None
    url = config.url(case.community_id, case.id)
    lines = [
        words.EVENT_TOPIC.format(title=case.title),
        words.EVENT_COMMUNITY.format(name=community.name, town=community.town),
        words.EVENT_FORM.format(form=case.form),
        words.EVENT_HOST.format(host=meeting.host),
    ]
    if meeting.end is None:
        lines.append(words.EVENT_NO_END)
    lines.append(words.EVENT_DETAILS.format(url=url))
    return EventView(
        uid=event_uid(config, case),
        # DTSTAMP: the day the case file last says something happened (content_date),
        # not the build's: the same file gives the same event, and a new day with
        # nothing new leaves every calendar as it was (no subscriber sees a change).
        dtstamp=dt.datetime.combine(content_date(case, today), dt.time(0, 0), tzinfo=dt.UTC),
        start=local_time(meeting.start),
        end=local_time(meeting.end) if meeting.end is not None else None,
        summary=words.EVENT_SUMMARY.format(community=community.name, title=case.title),
        location=meeting.place,
        description="\n".join(lines),
        url=url,
        status="CANCELLED" if meeting_cancelled(case) else "CONFIRMED",
    )


def _event(view: EventView) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", view.uid)
    event.add("dtstamp", view.dtstamp)
    event.add("dtstart", view.start)
    if view.end is not None:
        event.add("dtend", view.end)
    event.add("summary", view.summary)
    event.add("location", view.location)
    event.add("description", view.description)
    event.add("url", view.url)
    event.add("status", view.status)
    return event


def meeting_event(
    config: SiteConfig, community: Community, case: Case, today: dt.date
) -> icalendar.Event:
    """The VEVENT of a case's meeting. The case must have a meeting."""
    return _event(event_view(config, community, case, today))


# A calendar's events in the order of their meetings' start, then of their cases' keys.
_Timed = tuple[tuple[dt.datetime, str], EventView]


def _timed_events(
    config: SiteConfig, pairs: list[tuple[Community, Case]], today: dt.date
) -> list[_Timed]:
    """The events of the meetings of these (community, case) pairs, in calendar order."""
    events = [
        ((case.meeting.start, case.key), event_view(config, community, case, today))
        for community, case in pairs
        if case.meeting is not None
    ]
    events.sort(key=lambda timed: timed[0])
    return events


_END = b"END:VCALENDAR\r\n"


def ical(view: CalendarView, made_events: dict[EventView, bytes] | None = None) -> bytes:
    """The iCalendar file of ``view``: what ``icalendar.Calendar.to_ical`` writes for a
    calendar holding these events (``tests/test_outputs_calendars.py`` compares them),
    made as its head, each event's lines and its end, so that no object of the whole
    calendar is held (the county's calendar: every meeting of a decade).
    ``made_events``: the lines of events already made, and where new ones are kept (an
    event is in the county's calendar and in its community's)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", view.name)
    cal.add("x-wr-timezone", clock.zone().key)
    cal.add_component(_vtimezone(clock.zone().key))
    head = cal.to_ical()
    assert head.endswith(_END)
    known = {} if made_events is None else made_events
    events = []
    for event in view.events:
        lines = known.get(event)
        if lines is None:
            lines = known[event] = _event(event).to_ical()
        events.append(lines)
    return b"".join([head[: -len(_END)], *events, _END])


def _pairs(communities: list[Community]) -> list[tuple[Community, Case]]:
    return [(c, case) for c in communities for case in c.cases]


def case_calendar_path(case: Case) -> str:
    """Site-relative address of a case's one-meeting calendar."""
    return SiteConfig.page_path(case.community_id, case.id) + MEETING_FILE


def case_calendar_href(today: dt.date, case: Case) -> str | None:
    """Site-relative address of the case's one-meeting .ics when a meeting is ahead."""
    return case_calendar_path(case) if case.meeting_ahead(today) else None


def write_calendars(
    config: SiteConfig,
    communities: list[Community],
    today: dt.date,
    site_dir: Path,
    cache: OutputCache | None = None,
) -> list[Path]:
    """Write the site, community and per-case calendars; return the files written.
    Each meeting's event is made once (the county's calendar is its communities'
    events, in order), and its lines once (``ical``)."""
    written: list[Path] = []
    lines: dict[EventView, bytes] = {}

    def write(target: Path, view: CalendarView) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(made(cache, "calendar", view, lambda v: ical(v, lines)))
        written.append(target)

    every: list[list[_Timed]] = []  # each community's events, for the county's calendar
    for community in communities:
        timed = _timed_events(config, _pairs([community]), today)
        every.append(timed)
        name = words.CALENDAR_NAME.format(name=community.name)
        write(site_dir / community.id / CALENDAR_FILE, CalendarView(name, _views(timed)))
        by_case = {when[1]: event for when, event in timed}
        for case in community.cases:
            if case.meeting_ahead(today):
                name = words.CASE_CALENDAR_NAME.format(community=community.name, title=case.title)
                write(site_dir / case_calendar_path(case), CalendarView(name, (by_case[case.key],)))
    county = heapq.merge(*every, key=lambda timed: timed[0])
    name = words.CALENDAR_NAME.format(name=config.site_name)
    site_calendar = site_dir / CALENDAR_FILE
    write(site_calendar, CalendarView(name, _views(county)))
    return [written.pop(), *written]


def _views(timed: Iterable[_Timed]) -> tuple[EventView, ...]:
    return tuple(event for _when, event in timed)
