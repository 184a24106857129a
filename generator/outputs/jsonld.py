"""schema.org ``Event`` JSON-LD for a case page with a meeting, so that search engines
and calendar tools read the meeting (name, start and end with their offset, place,
organizer, status, address of the page) from the page itself.

What Google's Event rich results ask for (name, startDate, location as a Place with an
address; eventStatus, eventAttendanceMode, organizer, url recommended) is kept by
``tests/test_outputs_structured.py``. No personal names: the host is on the page only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.messages import data as words
from generator.model.cases import Case, Community, iso_time, meeting_cancelled

if TYPE_CHECKING:
    from generator.source.config import SiteConfig

SCHEMA = "https://schema.org"


def meeting_event(config: SiteConfig, community: Community, case: Case) -> dict[str, Any] | None:
    """The Event of the case's meeting (None without one), as a JSON-ready dict."""
    meeting = case.meeting
    if meeting is None:
        return None
    address = {"@type": "PostalAddress", "addressLocality": community.town, "addressCountry": "CN"}
    county = community.county or config.county
    if county:
        address["addressRegion"] = county
    event: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": case.title,
        "description": words.EVENT_DESCRIPTION.format(
            community=community.name, form=case.form, title=case.title
        ),
        "startDate": iso_time(meeting.start),
        "eventStatus": f"{SCHEMA}/{'EventCancelled' if meeting_cancelled(case) else 'EventScheduled'}",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": meeting.place, "address": address},
        "organizer": {
            "@type": "Organization",
            "name": community.name,
            "url": config.url(community.id),
        },
        "url": config.url(community.id, case.id),
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
    }
    if meeting.end is not None:
        event["endDate"] = iso_time(meeting.end)
    return event
