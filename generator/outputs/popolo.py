"""``data/popolo.json``: the consultations in Popolo (https://www.popoloproject.com/),
the vocabulary civic-tech tools read for organizations, meetings, motions and votes.

- ``organizations``: each community (社区/村) and its consultation council (协商议事会,
  ``parent_id`` the community), with no members: names stay on the pages.
- ``events``: each meeting (start and end with their offset, place, status).
- ``motions``: each case's question (its title), with the outcome's result.
- ``vote_events``: each recorded vote, with ``counts`` (yes / no / abstain) and result.

Every record links back to its page (``sources``). Ids are the page addresses' paths
(``xiguan``, ``xiguan/council``, ``xiguan/2026-03``, ``…/meeting``, ``…/vote``), stable as
the addresses are. Results are the case files' words (``agreed``, ``rejected`` …).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.messages import data as words
from generator.model.cases import Case, Community, iso_time, meeting_cancelled
from generator.outputs.opendata import DATA_DIR, JsonArray, json_line
from generator.source import fields

if TYPE_CHECKING:
    from generator.check.project import Analysis
    from generator.source.config import SiteConfig

POPOLO_FILE = "popolo.json"
COUNCIL_WORD = fields.label(fields.COMMUNITY, "council")  # 协商议事会


def _source(url: str, note: str) -> list[dict[str, str]]:
    return [{"url": url, "note": note}]


def organizations(config: SiteConfig, community: Community) -> list[dict[str, Any]]:
    """The community and its council (no memberships: names are not open data)."""
    url = config.url(community.id)
    place = {
        "id": community.id,
        "name": community.name,
        "classification": community.kind,
        "links": [{"url": url, "note": words.POPOLO_COMMUNITY_PAGE.format(name=community.name)}],
        "sources": _source(url, words.POPOLO_SITE_PAGE),
    }
    council = {
        "id": f"{community.id}/council",
        "name": f"{community.name}{COUNCIL_WORD}",
        "classification": COUNCIL_WORD,
        "parent_id": community.id,
        "sources": _source(url, words.POPOLO_SITE_PAGE),
    }
    if community.council_term:
        council["description"] = words.POPOLO_COUNCIL_TERM.format(term=community.council_term)
    return [place, council]


def case_records(config: SiteConfig, community: Community, case: Case) -> dict[str, Any]:
    """The event, motion and vote event of one case (each None when the file has none)."""
    key = f"{community.id}/{case.id}"
    url = config.url(community.id, case.id)
    source = _source(url, words.POPOLO_CASE_PAGE)
    meeting, outcome = case.meeting, case.outcome
    event = None
    if meeting is not None:
        event = {
            "id": f"{key}/meeting",
            "name": words.POPOLO_MEETING.format(title=case.title),
            "classification": case.form,
            "start_date": iso_time(meeting.start),
            "location": meeting.place,
            "status": "cancelled" if meeting_cancelled(case) else "confirmed",
            "organization_id": community.id,
            "sources": source,
        }
        if meeting.end is not None:
            event["end_date"] = iso_time(meeting.end)
    motion: dict[str, Any] = {
        "id": key,
        "organization_id": community.id,
        "identifier": case.id,
        "text": case.title,
        "classification": case.category,
        "sources": source,
    }
    if event is not None:
        motion["legislative_session_id"] = event["id"]
    if outcome is not None:
        motion["result"] = str(outcome.result)
    vote_event = None
    vote = outcome.vote if outcome is not None else None
    if outcome is not None and vote is not None:
        vote_event = {
            "id": f"{key}/vote",
            "motion_id": key,
            "organization_id": community.id,
            "identifier": case.id,
            "result": str(outcome.result),
            "counts": [
                {"option": "yes", "value": vote.for_},
                {"option": "no", "value": vote.against},
                {"option": "abstain", "value": vote.abstain},
            ],
            "sources": source,
        }
        if event is not None:
            vote_event["legislative_session_id"] = event["id"]
            vote_event["start_date"] = event["start_date"]
    return {"event": event, "motion": motion, "vote_event": vote_event}


def popolo_lines(analysis: Analysis) -> dict[str, list[str]]:
    """The whole Popolo document, each record as its JSON line (``json_line``):
    communities in model order, cases in ledger order."""
    config = analysis.config
    out: dict[str, list[str]] = {
        "organizations": [],
        "events": [],
        "motions": [],
        "vote_events": [],
    }
    for community in analysis.communities:
        out["organizations"] += map(json_line, organizations(config, community))
        for case in community.cases:
            records = case_records(config, community, case)
            for name, plural in (("event", "events"), ("motion", "motions")):
                if records[name] is not None:
                    out[plural].append(json_line(records[name]))
            if records["vote_event"] is not None:
                out["vote_events"].append(json_line(records["vote_event"]))
    return out


def write_popolo(analysis: Analysis, site_dir: Path) -> Path:
    """``data/popolo.json``: one record a line (compact at 10,000 cases, readable,
    friendly to diffs), written a line at a time."""
    path = site_dir / DATA_DIR / POPOLO_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write("{\n")
        for i, (key, lines) in enumerate(popolo_lines(analysis).items()):
            out.write(f',\n  "{key}": ' if i else f'  "{key}": ')
            array = JsonArray(out)
            for line in lines:
                array.add(line)
            array.close()
        out.write("\n}\n")
    return path
