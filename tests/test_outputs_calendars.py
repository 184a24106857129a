"""iCalendar files, parsed back with icalendar and compared with the content files."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from test_outputs_common import (
    PROJECTS,
    Built,
    as_datetime,
    build,
    built_project,
    expected_meetings,
)

from generator.model.cases import content_date
from generator.outputs import calendars

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module", params=PROJECTS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_project(request, tmp_path_factory)


def _read(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def _by_key(cal: icalendar.Calendar, built: Built) -> dict[str, icalendar.Event]:
    base = built.base_url.rstrip("/") + "/"
    events = {}
    for event in cal.walk("VEVENT"):
        key = str(event["url"]).removeprefix(base).strip("/")
        assert key not in events, f"two events for {key}"
        events[key] = event
    return events


def _check_event(event: icalendar.Event, meeting: dict, key: str, built: Built) -> None:
    start = event.decoded("dtstart")
    assert start == as_datetime(meeting["start"]).replace(tzinfo=SHANGHAI)
    assert start.tzinfo is not None and str(event["dtstart"].params["TZID"]) == "Asia/Shanghai"
    if "end" in meeting:
        assert event.decoded("dtend") == as_datetime(meeting["end"]).replace(tzinfo=SHANGHAI)
    else:
        assert "dtend" not in event
    assert str(event["location"]) == meeting["place"]
    assert meeting["host"] in str(event["description"])
    assert built.url(key) in str(event["description"])
    assert built.content[key]["title"] in str(event["summary"])


def test_site_calendar_has_every_meeting(built: Built) -> None:
    raw = (built.site / "calendar.ics").read_bytes()
    assert b"DTSTART;TZID=Asia/Shanghai:" in raw or not expected_meetings(built)
    cal = _read(built.site / "calendar.ics")
    timezones = [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")]
    assert timezones == ["Asia/Shanghai"]
    events = _by_key(cal, built)
    meetings = expected_meetings(built)
    assert set(events) == set(meetings)
    for key, event in events.items():
        _check_event(event, meetings[key], key, built)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_community_calendars(built: Built) -> None:
    site_uids = {str(e["uid"]) for e in _read(built.site / "calendar.ics").walk("VEVENT")}
    union = set()
    for community in built.communities:
        cal = _read(built.site / community / "calendar.ics")
        events = _by_key(cal, built)
        assert set(events) == set(expected_meetings(built, community))
        union |= {str(e["uid"]) for e in events.values()}
    assert union == site_uids


def test_one_meeting_file_for_each_meeting_ahead(built: Built) -> None:
    meetings = expected_meetings(built)
    ahead = {k for k, m in meetings.items() if as_datetime(m["start"]).date() >= built.today}
    found = {
        p.parent.relative_to(built.site).as_posix() for p in built.site.glob("*/*/meeting.ics")
    }
    assert found == ahead
    for key in ahead:
        cal = _read(built.site / key / "meeting.ics")
        events = _by_key(cal, built)
        assert list(events) == [key]
        _check_event(events[key], meetings[key], key, built)
    for community in built.analysis.communities:
        for case in community.cases:
            href = calendars.case_calendar_href(built.analysis.today, case)
            assert (href is not None) == (case.key in ahead)
            if href:
                assert (built.site / href).is_file()


def test_uids_and_files_are_stable(built: Built, tmp_path) -> None:
    project = built.analysis.config.root
    again = build(project, built.today, tmp_path / "again")
    assert (again.site / "calendar.ics").read_bytes() == (built.site / "calendar.ics").read_bytes()
    later = build(project, built.today + dt.timedelta(days=30), tmp_path / "later")
    uid_of = lambda site: {  # noqa: E731
        str(e["url"]): str(e["uid"]) for e in _read(site / "calendar.ics").walk("VEVENT")
    }
    assert uid_of(built.site) == uid_of(later.site)
    # DTSTAMP is each case's last dated step, not the build date: from one day to the
    # next on which nothing happens, every calendar is the same file.
    cases, one = built.analysis.cases, dt.timedelta(days=1)
    quiet = next(
        day
        for day in (built.today + dt.timedelta(days=k) for k in range(60))
        if all(
            content_date(c, day) == content_date(c, day + one)
            and c.meeting_ahead(day) == c.meeting_ahead(day + one)
            for c in cases
        )
    )
    first = build(project, quiet, tmp_path / "quiet")
    second = build(project, quiet + one, tmp_path / "next")
    files = sorted(p.relative_to(first.site) for p in first.site.rglob("*.ics"))
    assert files and files == sorted(p.relative_to(second.site) for p in second.site.rglob("*.ics"))
    for name in files:
        assert (second.site / name).read_bytes() == (first.site / name).read_bytes(), name


def test_fixture_details(tmp_path) -> None:
    """Hand-checked facts of the fixture: the withdrawn meeting is cancelled, a meeting
    today still gets its one-meeting file."""
    from test_outputs_common import FIXTURE, FIXTURE_TODAY

    built = build(FIXTURE, FIXTURE_TODAY, tmp_path / "site")
    events = _by_key(_read(built.site / "calendar.ics"), built)
    assert len(events) == 10
    assert str(events["xiguan/2026-04"]["status"]) == "CANCELLED"
    assert str(events["xiguan/2025-01"]["status"]) == "CONFIRMED"
    assert (built.site / "dongcun/2026-03/meeting.ics").is_file()  # today, 10:00
    assert (built.site / "xiguan/2026-02/meeting.ics").is_file()
    assert not (built.site / "dongcun/2026-02/meeting.ics").exists()  # two days ago


def _whole_calendar(view: calendars.CalendarView) -> bytes:
    """What icalendar writes for one Calendar object holding every event."""
    cal = icalendar.Calendar()
    for name, value in [
        ("prodid", calendars.PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("x-wr-calname", view.name),
        ("x-wr-timezone", "Asia/Shanghai"),
    ]:
        cal.add(name, value)
    cal.add_component(calendars._vtimezone("Asia/Shanghai"))
    for event in view.events:
        cal.add_component(calendars._event(event))
    return cal.to_ical()


def test_a_calendar_made_event_by_event_is_icalendars_own(built: Built) -> None:
    """``ical`` writes the head, each event's lines (made once for the county's
    calendar and the community's) and the end: byte for byte what icalendar writes for
    the whole calendar, with long lines folded the same."""
    cal = _read(built.site / "calendar.ics")
    events = tuple(
        calendars.EventView(
            uid=str(e["uid"]),
            dtstamp=e.decoded("dtstamp"),
            start=e.decoded("dtstart").replace(tzinfo=None),
            end=e.decoded("dtend").replace(tzinfo=None) if "dtend" in e else None,
            summary=str(e["summary"]) * 3,  # long: folded lines
            location=str(e["location"]),
            description=str(e["description"]),
            url=str(e["url"]),
            status=str(e["status"]),
        )
        for e in cal.walk("VEVENT")
    )
    assert events, "the fixture has meetings"
    view = calendars.CalendarView("某县 协商会议", events)
    made: dict[calendars.EventView, bytes] = {}
    assert calendars.ical(view, made) == _whole_calendar(view)
    assert len(made) == len(events)
    assert calendars.ical(calendars.CalendarView("x", events[:1]), made) == _whole_calendar(
        calendars.CalendarView("x", events[:1])
    )
