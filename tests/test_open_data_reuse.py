"""Open data others can reuse without asking (issue 24), end to end through the CLI on
the example county and on a synthetic one (bench/bench_site.py's generator):

- ``data/datapackage.json`` loads and validates with ``frictionless`` (every file it
  describes, their types, allowed values, keys), and its field schema is ``source/fields.py``'s;
- ``data/popolo.json`` validates against the Popolo JSON Schemas' rules and says what the
  case files say (meetings, motions, vote counts, links back to the pages);
- case pages with a meeting carry a schema.org ``Event`` as JSON-LD that meets Google's
  Event rules;
- every time in the JSON, CSV, Atom and iCalendar files carries its offset or is UTC;
- no personal name (participants, hosts, council members, supervisors) reaches any data
  file or any JSON-LD block.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar
import jsonschema
import pytest
from frictionless import Package, validate
from test_outputs_common import read_content

from generator.outputs.opendata import CASE_COLUMNS, COMMUNITY_FIELDS
from generator.source import fields
from generator.source.settings import load_config

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "bench"))
from bench_site import generate  # noqa: E402

TODAY = dt.date(2026, 11, 22)
OPTIONS = ("--no-posters", "--site-dir")
# Council members written into the synthetic county (its generator writes none), so that
# the no-names test has members to look for there too.
SYNTHETIC_MEMBERS = ("欧阳春华", "司马晓东", "诸葛文静")


@dataclass
class Site:
    project: Path
    site: Path
    cases: dict[str, dict[str, Any]]
    communities: dict[str, dict[str, Any]]

    @property
    def data(self) -> Path:
        return self.site / "data"

    def json(self, name: str) -> Any:
        return json.loads((self.data / name).read_text(encoding="utf-8"))


def _synthetic(root: Path) -> Path:
    root.mkdir()
    generate(root, communities=4, cases=6, seed=24)
    community = root / "content" / "c000" / "community.yml"
    members = "".join(f"    - name: {n}\n      role: 成员\n" for n in SYNTHETIC_MEMBERS)
    with community.open("a", encoding="utf-8") as f:
        f.write(f"council:\n  term: 2024-2027\n  members:\n{members}")
    # A withdrawn case (its meeting cancelled) and a meeting with an end time, which the
    # generator never writes.
    held = sorted(
        p
        for p in (root / "content" / "c001").glob("*.md")
        if "result: agreed" in p.read_text(encoding="utf-8")
    )
    withdrawn, ended = held[0], held[1]
    text = withdrawn.read_text(encoding="utf-8")
    withdrawn.write_text(text.replace("result: agreed", "result: withdrawn"), encoding="utf-8")
    text = ended.read_text(encoding="utf-8")
    start = re.search(r'start: "(\S+) 19:00"', text)
    assert start is not None
    ended.write_text(
        text.replace(start.group(0), f'{start.group(0)}\n  end: "{start.group(1)} 21:00"'),
        encoding="utf-8",
    )
    return root


def _build(project: Path, site: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli.commands",
            "build",
            "--today",
            str(TODAY),
            *OPTIONS,
            str(site),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(project)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module", params=["example", "synthetic"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "example":
        project = root / "project"
        shutil.copytree(REPO / "content", project / "content")
        shutil.copy(REPO / "site_config.yml", project / "site_config.yml")
    else:
        project = _synthetic(root / "project")
    _build(project, root / "site")
    cases, communities = read_content(project)
    return Site(project, root / "site", cases, communities)


# --- 1. the data package --------------------------------------------------------------


def test_frictionless_validates_the_package(built: Site) -> None:
    report = validate(built.data / "datapackage.json")
    errors = [(t.name, e.type, e.note) for t in report.tasks for e in t.errors]
    assert report.valid, errors
    assert {t.name for t in report.tasks} == {"cases-csv", "cases", "communities", "popolo"}


def test_the_package_describes_every_data_file(built: Site) -> None:
    package = built.json("datapackage.json")
    described = {r["path"] for r in package["resources"]}
    present = {p.name for p in built.data.iterdir()} - {"datapackage.json"}
    assert described == present
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"][0]["path"] == package["homepage"]
    assert package["created"] == f"{TODAY}T00:00:00+08:00"


def test_frictionless_reads_the_rows_back(built: Site) -> None:
    package = Package(built.data / "datapackage.json")
    csv_rows = package.get_resource("cases-csv").read_rows()
    json_rows = package.get_resource("cases").read_rows()
    assert len(csv_rows) == len(json_rows) == len(built.cases)
    for from_csv, from_json in zip(csv_rows, json_rows, strict=True):
        key = f"{from_csv['community_id']}/{from_csv['case_id']}"
        front = built.cases[key]
        assert from_csv["title"].lstrip("'") == from_json["title"] == front["title"]
        assert from_csv["proposed_date"] == from_json["proposed_date"]
        start = (front.get("meeting") or {}).get("start")
        if start is None:
            assert from_json["meeting_start"] is None
            continue
        # frictionless typed the datetime: Beijing time, the offset kept.
        typed = from_json["meeting_start"]
        assert typed == from_csv["meeting_start"]
        assert typed.utcoffset() == dt.timedelta(hours=8)
        assert typed.replace(tzinfo=None) == dt.datetime.strptime(str(start), "%Y-%m-%d %H:%M")
    communities = package.get_resource("communities").read_rows()
    assert sorted(r["community_id"] for r in communities) == sorted(built.communities)


def test_field_schema_is_written_from_fields_py(built: Site) -> None:
    config = load_config(built.project)
    package = built.json("datapackage.json")
    schemas = {r["name"]: r.get("schema") for r in package["resources"]}
    for resource, columns, spec in (
        ("cases-csv", CASE_COLUMNS, fields.CASE),
        ("cases", CASE_COLUMNS, fields.CASE),
        ("communities", COMMUNITY_FIELDS, fields.COMMUNITY),
    ):
        described = schemas[resource]["fields"]
        assert [f["name"] for f in described] == [c.key for c in columns]
        for column, field in zip(columns, described, strict=True):
            assert field["title"] == column.label
            assert field["description"]
            if not column.field:
                continue
            declared = fields.field_at(spec, column.field)
            assert declared.label in field["description"]
            if declared.kind == fields.CHOICE:
                assert field["constraints"]["enum"] == fields.choice_values(declared, config.lists)
    by_name = {f["name"]: f for f in schemas["cases"]["fields"]}
    assert by_name["category"]["constraints"]["enum"] == list(config.lists.categories)
    assert by_name["result"]["constraints"]["enum"] == [v for v, _ in fields.RESULTS]
    assert by_name["progress_percent"]["constraints"] == {"minimum": 0, "maximum": 100}
    assert by_name["public_warnings"]["type"] == "array"
    csv_fields = {f["name"]: f for f in schemas["cases-csv"]["fields"]}
    assert csv_fields["public_warnings"]["type"] == "list"
    assert csv_fields["public_warnings"]["delimiter"] == ";"


def test_a_value_outside_the_allowed_ones_fails_validation(built: Site, tmp_path: Path) -> None:
    """The schema's constraints are live: a category no clerk could have written is caught."""
    data = tmp_path / "data"
    shutil.copytree(built.data, data)
    path = data / "cases.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("category")] = "不存在的类别"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    report = validate(data / "datapackage.json")
    assert not report.valid
    assert [e.type for t in report.tasks for e in t.errors] == ["constraint-error"]


def test_a_time_without_its_zone_fails_validation(built: Site, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.data, data)
    path = data / "cases.json"
    text = path.read_text(encoding="utf-8")
    zoned = re.search(r'"meeting_start": "([^"]+)"', text)
    assert zoned is not None
    naive = zoned.group(1)[:19]  # 2026-03-10T19:00:00, the offset cut off
    path.write_text(text.replace(zoned.group(1), naive, 1), encoding="utf-8")
    report = validate(data / "datapackage.json")
    assert [(t.name, e.type) for t in report.tasks for e in t.errors] == [("cases", "type-error")]


# --- 2. Popolo ---------------------------------------------------------------------------
# The rules of Popolo's JSON Schemas (popolo-project/popolo-spec, schemas/*.json, commit
# f4b5fb78c035e0eddb11c868e1cfe5945ae09caf; the spec is CC BY 4.0), restated for the
# classes and properties we publish: the property names are Popolo's (additionalProperties
# false, stricter than Popolo, so a misspelt property fails), with their types, the date
# patterns and formats, and the required members of Count and Link.

_NULLABLE_TEXT = {"type": ["string", "null"]}
_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
# event.json: start_date / end_date
_EVENT_DATE = {
    "type": ["string", "null"],
    "pattern": r"^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}(Z|[+-][0-9]{2}(:[0-9]{2})?))$",
}
_LINK = {  # link.json
    "type": "object",
    "properties": {"url": {"type": "string", "format": "uri"}, "note": _NULLABLE_TEXT},
    "required": ["url"],
    "additionalProperties": False,
}
_LINKS = {"type": "array", "items": _LINK}
_COUNT = {  # count.json
    "type": "object",
    "properties": {
        "option": {"type": "string"},
        "value": {"type": "integer"},
        "group_id": _NULLABLE_TEXT,
    },
    "required": ["option", "value"],
    "additionalProperties": False,
}


def _popolo_class(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"id": _NULLABLE_TEXT, "sources": _LINKS, **properties},
        "additionalProperties": False,
    }


POPOLO_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "organizations": {
            "type": "array",
            "items": _popolo_class(  # organization.json
                {
                    "name": _NULLABLE_TEXT,
                    "classification": _NULLABLE_TEXT,
                    "parent_id": _NULLABLE_TEXT,
                    "description": _NULLABLE_TEXT,
                    "links": _LINKS,
                    "founding_date": {
                        "type": ["string", "null"],
                        "pattern": "^[0-9]{4}(-[0-9]{2}){0,2}$",
                    },
                }
            ),
        },
        "events": {
            "type": "array",
            "items": _popolo_class(  # event.json
                {
                    "name": _NULLABLE_TEXT,
                    "classification": _NULLABLE_TEXT,
                    "start_date": _EVENT_DATE,
                    "end_date": _EVENT_DATE,
                    "location": _NULLABLE_TEXT,
                    "status": _NULLABLE_TEXT,
                    "organization_id": _NULLABLE_TEXT,
                }
            ),
        },
        "motions": {
            "type": "array",
            "items": _popolo_class(  # motion.json
                {
                    "organization_id": _NULLABLE_TEXT,
                    "legislative_session_id": _NULLABLE_TEXT,
                    "identifier": _NULLABLE_TEXT,
                    "text": _NULLABLE_TEXT,
                    "classification": _NULLABLE_TEXT,
                    "date": _DATE_TIME,
                    "result": _NULLABLE_TEXT,
                }
            ),
        },
        "vote_events": {
            "type": "array",
            "items": _popolo_class(  # vote_event.json
                {
                    "organization_id": _NULLABLE_TEXT,
                    "legislative_session_id": _NULLABLE_TEXT,
                    "identifier": _NULLABLE_TEXT,
                    "motion_id": _NULLABLE_TEXT,
                    "start_date": _DATE_TIME,
                    "end_date": _DATE_TIME,
                    "result": _NULLABLE_TEXT,
                    "counts": {"type": "array", "items": _COUNT},
                }
            ),
        },
    },
    "required": ["organizations", "events", "motions", "vote_events"],
    "additionalProperties": False,
}


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# jsonschema checks "date-time" and "uri" only with optional packages: the rules here.
_FORMATS = jsonschema.FormatChecker([])


@_FORMATS.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


@_FORMATS.checks("date-time")
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))  # a real day and time
    return True


def _popolo_errors(document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(POPOLO_SCHEMA, format_checker=_FORMATS)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_popolo_rules_catch_what_they_should() -> None:
    """The restated schema is not vacuous: a date without its offset, a misspelt property
    and a count without its value each fail."""
    event = {"id": "x", "start_date": "2026-03-10 19:00"}
    assert _popolo_errors(
        {"organizations": [], "events": [event], "motions": [], "vote_events": []}
    )
    assert _popolo_errors(
        {"organizations": [{"nmae": "x"}], "events": [], "motions": [], "vote_events": []}
    )
    vote = {"counts": [{"option": "yes"}]}
    assert _popolo_errors({"organizations": [], "events": [], "motions": [], "vote_events": [vote]})
    link = {"id": "x", "sources": [{"url": "not a link"}]}
    assert _popolo_errors({"organizations": [link], "events": [], "motions": [], "vote_events": []})
    vote = {"start_date": "2026-03-10"}  # format date-time wants the time and zone
    assert _popolo_errors({"organizations": [], "events": [], "motions": [], "vote_events": [vote]})


def test_popolo_validates_against_popolos_schemas(built: Site) -> None:
    assert _popolo_errors(built.json("popolo.json")) == []


def test_popolo_says_what_the_files_say(built: Site) -> None:
    doc = built.json("popolo.json")
    base = load_config(built.project).base_url.rstrip("/")
    organizations = {o["id"]: o for o in doc["organizations"]}
    for cid, community in built.communities.items():
        assert organizations[cid]["name"] == community["name"]
        assert organizations[cid]["classification"] == community["kind"]
        council = organizations[f"{cid}/council"]
        assert council["parent_id"] == cid
        assert "memberships" not in council
    assert len(organizations) == 2 * len(built.communities)
    motions = {m["id"]: m for m in doc["motions"]}
    events = {e["id"]: e for e in doc["events"]}
    votes = {v["id"]: v for v in doc["vote_events"]}
    assert set(motions) == set(built.cases)
    for key, front in built.cases.items():
        page = f"{base}/{key}/"
        motion = motions[key]
        assert motion["text"] == front["title"]
        assert motion["sources"] == [{"url": page, "note": "案例页面"}]
        outcome = front.get("outcome") or {}
        assert motion.get("result") == outcome.get("result")
        meeting = front.get("meeting")
        if meeting:
            event = events[f"{key}/meeting"]
            start = dt.datetime.strptime(str(meeting["start"]), "%Y-%m-%d %H:%M")
            assert event["start_date"] == start.strftime("%Y-%m-%dT%H:%M:00+08:00")
            assert event["location"] == meeting["place"]
            assert event["sources"][0]["url"] == page
            assert motion["legislative_session_id"] == event["id"]
            cancelled = outcome.get("result") == "withdrawn"
            assert event["status"] == ("cancelled" if cancelled else "confirmed")
        else:
            assert f"{key}/meeting" not in events
        vote = outcome.get("vote")
        if vote:
            counts = {c["option"]: c["value"] for c in votes[f"{key}/vote"]["counts"]}
            expected = {"yes": vote.get("for", 0), "no": vote.get("against", 0)}
            expected["abstain"] = vote.get("abstain", 0)
            assert counts == expected
            assert votes[f"{key}/vote"]["result"] == outcome["result"]
            assert votes[f"{key}/vote"]["motion_id"] == key
            assert votes[f"{key}/vote"]["sources"][0]["url"] == page
        else:
            assert f"{key}/vote" not in votes
    assert len(votes) == sum(
        1 for f in built.cases.values() if (f.get("outcome") or {}).get("vote")
    )


# --- 3. schema.org Event JSON-LD on case pages ----------------------------------------

_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
_SCHEMA = "https://schema.org"


def _json_ld(page: Path) -> list[dict[str, Any]]:
    return [json.loads(m) for m in _LD.findall(page.read_text(encoding="utf-8"))]


def _check_google_event(event: dict[str, Any]) -> None:
    """Google's Event rules (required: name, startDate, location as a Place with an
    address; recommended: eventStatus, eventAttendanceMode, organizer with name and url,
    endDate, description) and schema.org's types for each property."""
    assert event["@context"] in (_SCHEMA, _SCHEMA + "/")
    assert event["@type"] == "Event"
    assert isinstance(event["name"], str) and event["name"]
    # ISO 8601 date-time with its offset: a date-time without one is read as UTC or
    # refused by Google ("invalid date-time").
    stamp = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"
    assert re.match(stamp, event["startDate"])
    if "endDate" in event:
        assert re.match(stamp, event["endDate"])
        start = dt.datetime.fromisoformat(event["startDate"])
        assert dt.datetime.fromisoformat(event["endDate"]) >= start
    location = event["location"]
    assert location["@type"] == "Place"
    assert location["name"]
    address = location["address"]
    assert address["@type"] == "PostalAddress"
    assert address["addressLocality"] and address["addressCountry"] == "CN"
    assert event["eventStatus"] in {
        f"{_SCHEMA}/EventScheduled",
        f"{_SCHEMA}/EventCancelled",
        f"{_SCHEMA}/EventPostponed",
        f"{_SCHEMA}/EventRescheduled",
        f"{_SCHEMA}/EventMovedOnline",
    }
    assert event["eventAttendanceMode"] == f"{_SCHEMA}/OfflineEventAttendanceMode"
    organizer = event["organizer"]
    assert organizer["@type"] in {"Organization", "Person"}
    assert organizer["name"] and organizer["url"].startswith("https://")
    assert event["url"].startswith("https://")
    assert isinstance(event.get("description", ""), str)


def test_case_pages_with_a_meeting_carry_an_event(built: Site) -> None:
    base = load_config(built.project).base_url.rstrip("/")
    for key, front in built.cases.items():
        blocks = _json_ld(built.site / key / "index.html")
        meeting = front.get("meeting")
        if not meeting:
            assert blocks == [], key
            continue
        [event] = blocks
        _check_google_event(event)
        start = dt.datetime.strptime(str(meeting["start"]), "%Y-%m-%d %H:%M")
        assert event["startDate"] == start.strftime("%Y-%m-%dT%H:%M:00+08:00")
        assert event["name"] == front["title"]
        assert event["location"]["name"] == meeting["place"]
        assert event["url"] == f"{base}/{key}/"
        community = built.communities[key.split("/")[0]]
        assert event["organizer"]["name"] == community["name"]
        assert event["location"]["address"]["addressLocality"] == community["town"]
        withdrawn = (front.get("outcome") or {}).get("result") == "withdrawn"
        status = "EventCancelled" if withdrawn else "EventScheduled"
        assert event["eventStatus"] == f"{_SCHEMA}/{status}"


def test_google_rules_catch_a_broken_event() -> None:
    good = {
        "@context": _SCHEMA,
        "@type": "Event",
        "name": "议题",
        "startDate": "2026-03-10T19:00:00+08:00",
        "location": {
            "@type": "Place",
            "name": "议事室",
            "address": {"@type": "PostalAddress", "addressLocality": "镇", "addressCountry": "CN"},
        },
        "eventStatus": f"{_SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{_SCHEMA}/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": "社区", "url": "https://x.cn/a/"},
        "url": "https://x.cn/a/1/",
    }
    _check_google_event(good)
    for broken in (
        {**good, "startDate": "2026-03-10 19:00"},
        {**good, "location": "议事室"},
        {**good, "eventStatus": "EventScheduled"},
        {k: v for k, v in good.items() if k != "organizer"},
    ):
        with pytest.raises((AssertionError, KeyError, TypeError)):
            _check_google_event(broken)


def test_json_ld_cannot_end_its_script_element(tmp_path: Path) -> None:
    """A title with ``</script>`` stays inside the JSON-LD (escaped), end to end."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content" / "xiguan", project / "content" / "xiguan")
    shutil.copy(REPO / "site_config.yml", project / "site_config.yml")
    case = next(
        p
        for p in sorted((project / "content" / "xiguan").glob("*.md"))
        if "meeting:" in p.read_text(encoding="utf-8")
    )
    text = case.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title is not None
    case.write_text(
        text.replace(title.group(0), "title: 路灯</script><b>维修 & 增设", 1), encoding="utf-8"
    )
    _build(project, tmp_path / "site")
    [event] = _json_ld(tmp_path / "site" / "xiguan" / case.stem / "index.html")
    assert event["name"] == "路灯</script><b>维修 & 增设"


# --- 4. every time with its zone ------------------------------------------------------

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?")


def _times_without_zone(text: str) -> list[str]:
    return [m.group(0) for m in _TIME.finditer(text) if not m.group(1)]


def test_the_synthetic_county_has_a_cancelled_meeting_and_an_end(built: Site) -> None:
    """So that the tests above meet EventCancelled, a cancelled event and an end time."""
    if built.project.joinpath("content", "c001").is_dir():
        events = built.json("popolo.json")["events"]
        assert any(e["status"] == "cancelled" for e in events)
        assert any("end_date" in e for e in events)


def test_every_time_in_the_data_files_carries_its_zone(built: Site) -> None:
    seen = 0
    for path in sorted(built.data.iterdir()):
        text = path.read_text(encoding="utf-8-sig")
        assert _times_without_zone(text) == [], path.name
        seen += len(_TIME.findall(text))
    assert seen, "no times at all: the test would prove nothing"


def test_every_time_in_the_feeds_carries_its_zone(built: Site) -> None:
    feeds = [built.site / "feed.xml", *sorted(built.site.glob("*/feed.xml"))]
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        stamps = re.findall(r"<(?:updated|published)>([^<]*)</", text)
        assert stamps, feed
        for stamp in stamps:
            assert dt.datetime.fromisoformat(stamp).utcoffset() is not None, (feed, stamp)
        # Every machine-read time; the entries' prose (summary, content) is for people.
        machine = re.sub(r"<(summary|content)\b.*?</\1>", "", text, flags=re.S)
        assert _times_without_zone(machine) == [], feed


def test_every_time_in_the_calendars_carries_its_zone(built: Site) -> None:
    files = [
        built.site / "calendar.ics",
        *sorted(built.site.glob("*/calendar.ics")),
        *sorted(built.site.glob("*/*/meeting.ics")),
    ]
    checked = 0
    for path in files:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        for event in calendar.walk("VEVENT"):
            for name in ("DTSTART", "DTEND", "DTSTAMP"):
                if name not in event:
                    continue
                value = event[name].dt
                assert isinstance(value, dt.datetime), (path, name)
                assert value.utcoffset() is not None, (path, name)
                checked += 1
            assert event["DTSTAMP"].to_ical().endswith(b"Z")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("DTSTART", "DTEND")) and not line.startswith("DTSTART:1"):
                in_vtimezone = re.match(r"DTSTART:\d{8}T\d{6}$", line)
                assert in_vtimezone or "TZID=" in line or line.endswith("Z"), (path, line)
    assert checked


# --- 5. no personal name in any data file ---------------------------------------------


def _names(built: Site) -> set[str]:
    """Every personal name the content holds, read with PyYAML alone."""
    names: set[str] = set()
    for front in built.cases.values():
        for participant in front.get("participants") or []:
            if participant.get("name"):
                names.add(str(participant["name"]))
        if front.get("meeting", {}).get("host"):
            names.add(str(front["meeting"]["host"]))
        supervisor = (front.get("supervision") or {}).get("by")
        if supervisor:  # "居务监督委员会主任 周桂芳": the name is the last word
            names.add(str(supervisor).split()[-1])
    for community in built.communities.values():
        for member in (community.get("council") or {}).get("members") or []:
            names.add(str(member["name"]))
    return names


def test_no_personal_name_reaches_any_data_file(built: Site) -> None:
    names = _names(built)
    assert len(names) >= 3, names  # the test must have names to look for
    if (built.project / "content" / "c000").is_dir():  # the synthetic county
        assert set(SYNTHETIC_MEMBERS) <= names
    published = {p.name: p.read_text(encoding="utf-8-sig") for p in built.data.iterdir()}
    assert set(published) >= {"cases.json", "cases.csv", "communities.json", "popolo.json"}
    for key in built.cases:
        blocks = _LD.findall((built.site / key / "index.html").read_text(encoding="utf-8"))
        published[f"{key} JSON-LD"] = "\n".join(
            json.dumps(json.loads(b), ensure_ascii=False) for b in blocks
        )
    leaks = sorted(
        (where, name) for where, text in published.items() for name in names if name in text
    )
    assert leaks == []
    # …while the pages themselves do show them (the names are real and findable).
    pages = "".join(
        (built.site / key / "index.html").read_text(encoding="utf-8") for key in built.cases
    )
    pages += "".join(
        (built.site / cid / "index.html").read_text(encoding="utf-8") for cid in built.communities
    )
    assert any(name in pages for name in names)


def test_names_read_back_from_yaml_match_the_model(built: Site) -> None:
    """The no-names test reads the files with PyYAML: make sure it finds every member the
    generator's own model has (a field it misses would let a leak through)."""
    from generator.check.project import analyse

    analysis = analyse(built.project, TODAY)
    model_names = {m.name for c in analysis.communities for m in (c.members or [])}
    model_names |= {c.meeting.host for c in analysis.cases if c.meeting}
    model_names |= {p.name for c in analysis.cases for p in c.participants if p.name}
    assert model_names <= _names(built)


def test_the_statistics_page_links_every_data_file(built: Site) -> None:
    html = (built.site / "stats" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="\.\./data/([^"]+)"', html))
    assert linked == {p.name for p in built.data.iterdir()}
