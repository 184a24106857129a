"""One clock: the local time zone of the site and what "now" and "today" are in it.

Case files are written in local time (Beijing time unless ``site_config.yml`` says
``timezone:``); pages, change history, feeds, calendars and the build date all read
the zone here, and every "now" or "today" of the code comes from :func:`now` /
:func:`today`, never from the machine's clock zone (UTC on most CI runners), so pages
never disagree by a day in the evening.

``LOCAL_TZ`` (re-exported by ``generator.model.cases``) is a ``tzinfo`` that always means the
zone in use: ``dt.datetime.now(LOCAL_TZ)``, ``moment.astimezone(LOCAL_TZ)`` and
``datetime.combine(day, time, tzinfo=LOCAL_TZ)`` follow the setting. Libraries that
need a real ``ZoneInfo`` (its name, its transitions: iCalendar) take :func:`zone`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"

_zone = ZoneInfo(DEFAULT_TIMEZONE)


def known_zone(name: str) -> ZoneInfo:
    """The zone named ``name`` (IANA, e.g. Asia/Shanghai); ValueError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(name) from None


def use_zone(name: str) -> None:
    """Make ``name`` the local zone of this process (``site_config.yml``'s ``timezone``,
    set when the settings are read)."""
    global _zone
    _zone = known_zone(name)


def zone() -> ZoneInfo:
    """The local zone in use, as a real ``ZoneInfo``."""
    return _zone


class _LocalZone(dt.tzinfo):
    """A ``tzinfo`` standing for whatever zone is in use (``use_zone``)."""

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return _zone.utcoffset(moment)

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return _zone.dst(moment)

    def tzname(self, moment: dt.datetime | None) -> str | None:
        return _zone.tzname(moment)

    def fromutc(self, moment: dt.datetime) -> dt.datetime:
        return _zone.fromutc(moment.replace(tzinfo=_zone)).replace(tzinfo=self)

    @property
    def key(self) -> str:
        return _zone.key

    def __repr__(self) -> str:
        return f"LOCAL_TZ({_zone.key})"


LOCAL_TZ: dt.tzinfo = _LocalZone()


def now() -> dt.datetime:
    """This moment, in the local zone (aware). The one "now" of the code."""
    return dt.datetime.now(dt.UTC).astimezone(_zone)


def today() -> dt.date:
    """Today's date in the local zone, whatever the machine's zone."""
    return now().date()


def build_moment(today: dt.date, moment: dt.datetime | None = None) -> dt.datetime:
    """The build's "now" in the local zone, to the minute: what pages show as 更新于.

    A build for today (in the local zone) is stamped with the real time; a build for
    another day (``--today`` in tests, a rebuild of a past day) with that day's 00:00,
    so such builds are reproducible byte for byte."""
    moment = (moment or now()).astimezone(_zone)
    if today != moment.date():
        return dt.datetime.combine(today, dt.time(0, 0), tzinfo=_zone)
    return moment.replace(second=0, microsecond=0)


def local(moment: dt.datetime) -> dt.datetime:
    """A moment from a case file as local wall time (naive): one written with an
    offset or ``Z`` is converted to the local zone; a naive one already is local."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(_zone).replace(tzinfo=None)
