"""Open data: one row per case (``data/cases.json``, ``data/cases.csv``) and one
record per community (``data/communities.json``).

The columns are a published contract, documented in ``docs/open-data.md``: add
columns at the end, never rename or reorder. Data are minimal: counts rather than
names (no participant, host, proposer or council member names), and nothing that
the pages do not already show. The CSV is UTF-8 with a BOM so that Excel opens the
Chinese text correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from generator.messages import data as words
from generator.model.cases import Case, Community, iso_time
from generator.model.counting import consultations_by_year
from generator.model.deadlines import referral_status
from generator.model.workdays import UnknownYear
from generator.source import fields

if TYPE_CHECKING:
    from generator.check.project import Analysis

DATA_DIR = "data"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Chinese column title, for the docs and the CSV's readers
    kind: str  # "string", "integer", "date", "datetime", "list", "object"
    # Where the value comes from in the case file or community.yml (a path into
    # ``fields.CASE`` or ``fields.COMMUNITY``): the data package takes its allowed values,
    # bounds and help from that declaration. Empty for derived columns.
    field: tuple[str, ...] = ()
    note: str = ""  # Chinese description of a derived column (for the data package)
    # Titles and descriptions are in messages/data.py, or the field's own label.


def _case_column(key: str, kind: str, *field: str) -> Column:
    """A column of cases.csv/json: its title is the field's own label unless the data
    name it otherwise (``messages/data.py``)."""
    titles = words.CASE_COLUMN_TITLES
    title = titles[key] if key in titles or not field else fields.label(fields.CASE, *field)
    return Column(key, title, kind, field, words.CASE_COLUMN_NOTES.get(key, ""))


def _community_field(key: str, kind: str, *field: str) -> Column:
    """A field of communities.json, titled as ``_case_column``."""
    titles = words.COMMUNITY_FIELD_TITLES
    title = titles[key] if key in titles or not field else fields.label(fields.COMMUNITY, *field)
    return Column(key, title, kind, field, words.COMMUNITY_FIELD_NOTES.get(key, ""))


CASE_COLUMNS: tuple[Column, ...] = (
    _case_column("community_id", "string"),
    _case_column("community_name", "string"),
    Column("town", words.TOWN_COLUMN, "string", note=fields.label(fields.COMMUNITY, "town")),
    _case_column("case_id", "string"),
    _case_column("url", "string"),
    _case_column("title", "string", "title"),
    _case_column("category", "string", "category"),
    _case_column("form", "string", "form"),
    _case_column("channel", "string", "proposed", "channel"),
    _case_column("stage", "string"),
    _case_column("proposed_date", "date", "proposed", "date"),
    _case_column("notice_posted", "date", "notice", "posted"),
    _case_column("notice_until", "date", "notice", "until"),
    _case_column("meeting_start", "datetime", "meeting", "start"),
    _case_column("meeting_place", "string", "meeting", "place"),
    _case_column("major", "integer"),
    _case_column("participants", "integer"),
    _case_column("attendance_present", "integer", "attendance", "present"),
    _case_column("attendance_council_present", "integer", "attendance", "council_present"),
    _case_column("outcome_date", "date", "outcome", "date"),
    _case_column("result", "string", "outcome", "result"),
    _case_column("vote_for", "integer", "outcome", "vote", "for"),
    _case_column("vote_against", "integer", "outcome", "vote", "against"),
    _case_column("vote_abstain", "integer", "outcome", "vote", "abstain"),
    _case_column("outcome_filed", "date", "outcome", "filed"),
    _case_column("outcome_published", "date", "outcome", "published"),
    _case_column("progress_percent", "integer", "progress", "percent"),
    _case_column("progress_date", "date"),
    _case_column("completed_date", "date"),
    _case_column("referrals", "integer"),
    _case_column("referrals_replied", "integer"),
    _case_column("referrals_overdue", "integer"),
    _case_column("referrals_late", "integer"),
    _case_column("evaluation_date", "date", "evaluation", "date"),
    _case_column("satisfied", "integer", "evaluation", "satisfied"),
    _case_column("basically_satisfied", "integer", "evaluation", "basically_satisfied"),
    _case_column("unsatisfied", "integer", "evaluation", "unsatisfied"),
    _case_column("public_warnings", "list"),
)

COMMUNITY_FIELDS: tuple[Column, ...] = (
    _community_field("community_id", "string"),
    _community_field("name", "string", "name"),
    _community_field("kind", "string", "kind"),
    _community_field("town", "string", "town"),
    _community_field("county", "string", "county"),
    _community_field("url", "string"),
    _community_field("households", "integer", "households"),
    _community_field("board", "string", "board"),
    _community_field("council_term", "string", "council", "term"),
    _community_field("council_members", "integer"),
    _community_field("cases", "integer"),
    _community_field("stages", "object"),
    _community_field("consultations_by_year", "object"),
    _community_field("yearly_minimum", "integer"),
    _community_field("public_warnings", "list"),
)

# Text cells starting with these are formulas to Excel; an apostrophe keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def referral_counts(case: Case, analysis: Analysis) -> dict[str, int | None]:
    """Referrals sent, replied, overdue (逾期未反馈) and late (逾期反馈).

    Overdue and late are None when a due date falls in a year without holiday data.
    """
    replied = sum(1 for r in case.referrals if r.replied is not None)
    overdue: int | None = 0
    late: int | None = 0
    try:
        for r in case.referrals:
            status = referral_status(r, analysis.today, analysis.calendar, analysis.config.rules)
            overdue = (overdue or 0) + status.overdue
            late = (late or 0) + status.late
    except UnknownYear:
        overdue = late = None
    return {
        "referrals": len(case.referrals),
        "referrals_replied": replied,
        "referrals_overdue": overdue,
        "referrals_late": late,
    }


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return iso_time(value)
    return value.isoformat()


def case_record(analysis: Analysis, community: Community, case: Case) -> dict[str, Any]:
    """The open-data row of one case, keyed by ``CASE_COLUMNS``, with JSON-ready values."""
    meeting, outcome, evaluation = case.meeting, case.outcome, case.evaluation
    vote = outcome.vote if outcome else None
    attendance = case.attendance
    last = case.latest_progress
    warnings = sorted({f.code for f in analysis.public_for_case(case)})
    record: dict[str, Any] = {
        "community_id": community.id,
        "community_name": community.name,
        "town": community.town,
        "case_id": case.id,
        "url": analysis.config.url(community.id, case.id),
        "title": case.title,
        "category": case.category,
        "form": case.form,
        "channel": case.proposed.channel,
        "stage": str(case.stage(analysis.today)),
        "proposed_date": _iso(case.proposed.date),
        "notice_posted": _iso(case.notice.posted) if case.notice else None,
        "notice_until": _iso(case.notice.until) if case.notice else None,
        "meeting_start": _iso(meeting.start) if meeting else None,
        "meeting_place": meeting.place if meeting else None,
        "major": int(meeting.major) if meeting else None,
        "participants": sum(p.headcount for p in case.participants) if case.participants else None,
        "attendance_present": attendance.present if attendance else None,
        "attendance_council_present": attendance.council_present if attendance else None,
        "outcome_date": _iso(outcome.date) if outcome else None,
        "result": str(outcome.result) if outcome else None,
        "vote_for": vote.for_ if vote else None,
        "vote_against": vote.against if vote else None,
        "vote_abstain": vote.abstain if vote else None,
        "outcome_filed": _iso(outcome.filed) if outcome else None,
        "outcome_published": _iso(outcome.published) if outcome else None,
        "progress_percent": last.percent if last else None,
        "progress_date": _iso(last.date) if last else None,
        "completed_date": _iso(case.implemented_on),
        **referral_counts(case, analysis),
        "evaluation_date": _iso(evaluation.date) if evaluation else None,
        "satisfied": evaluation.satisfied if evaluation else None,
        "basically_satisfied": evaluation.basically_satisfied if evaluation else None,
        "unsatisfied": evaluation.unsatisfied if evaluation else None,
        "public_warnings": warnings,
    }
    assert list(record) == [c.key for c in CASE_COLUMNS], "columns out of step"
    return record


def community_record(analysis: Analysis, community: Community) -> dict[str, Any]:
    """The open-data record of one community (no member names: a count)."""
    stages = Counter(str(c.stage(analysis.today)) for c in community.cases)
    return {
        "community_id": community.id,
        "name": community.name,
        "kind": community.kind,
        "town": community.town,
        "county": community.county,
        "url": analysis.config.url(community.id),
        "households": community.households,
        "board": community.board,
        "council_term": community.council_term,
        "council_members": len(community.members) if community.members is not None else None,
        "cases": len(community.cases),
        "stages": dict(sorted(stages.items())),
        "consultations_by_year": {
            str(y): n for y, n in consultations_by_year(community.cases, analysis.today).items()
        },
        "yearly_minimum": analysis.config.rules.yearly_minimum,
        "public_warnings": sorted({f.code for f in analysis.public_for_community(community)}),
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_row(record: dict[str, Any]) -> list[str]:
    """A case's row of cases.csv."""
    return [_csv_cell(record[c.key]) for c in CASE_COLUMNS]


# Characters escaped in JSON strings so that a consumer pasting the data into HTML or a
# <script> block cannot be made to open a tag, end the script or break a JS string.
_JSON_NEUTRAL = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def neutral_json(text: str) -> str:
    """JSON text with ``< > &`` and line separators written as ``\\uXXXX`` escapes (the
    same values to any JSON parser). These characters occur only inside strings.

    Five ``str.replace`` passes, not ``str.translate``: on a megabyte of Chinese text
    translate's per-character lookups take 0.3 s, the replaces a few milliseconds."""
    for raw, escaped in _JSON_NEUTRAL:
        text = text.replace(raw, escaped)
    return text


def json_line(record: dict[str, Any]) -> str:
    """A record as one line of a data file."""
    return neutral_json(json.dumps(record, ensure_ascii=False, separators=(", ", ": ")))


class JsonArray:
    """A JSON array being written into ``out``, a record a line (``json_line``), each
    line written as it comes (no text of the whole array is held): compact (a thousand
    cases stay small) yet readable and friendly to diffs."""

    def __init__(self, out: TextIO):
        self.out = out
        self.out.write("[")
        self.count = 0

    def add(self, line: str) -> None:
        self.out.write(("\n    " if not self.count else ",\n    ") + line)
        self.count += 1

    def close(self) -> None:
        self.out.write("\n  ]" if self.count else "]")


class JsonRecords(JsonArray):
    """A data file being written: an object of ``meta`` plus ``key``, the records a
    ``JsonArray``."""

    def __init__(self, out: TextIO, meta: dict[str, Any], key: str):
        out.write(neutral_json(json.dumps(meta, ensure_ascii=False, indent=2))[:-2])
        out.write(f',\n  "{key}": ')
        super().__init__(out)

    def close(self) -> None:
        super().close()
        self.out.write("\n}\n")


def write_open_data(analysis: Analysis, site_dir: Path) -> list[Path]:
    """Write cases.json, cases.csv and communities.json under ``site/data/``, a case at
    a time: its record becomes its JSON line and its CSV row at once."""
    folder = site_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "site_name": analysis.config.site_name,
        "base_url": analysis.config.base_url,
        "generated_for": analysis.today.isoformat(),
    }
    cases_json, cases_csv_path = folder / "cases.json", folder / "cases.csv"
    # utf-8-sig writes the BOM Excel needs to read the file as UTF-8.
    with (
        cases_json.open("w", encoding="utf-8") as json_file,
        cases_csv_path.open("w", encoding="utf-8-sig", newline="") as csv_file,
    ):
        records = JsonRecords(
            json_file, {**meta, "columns": [c.key for c in CASE_COLUMNS]}, "cases"
        )
        writer = csv.writer(csv_file, lineterminator="\r\n")
        writer.writerow([c.key for c in CASE_COLUMNS])  # a header of column keys
        for community in analysis.communities:
            for case in community.cases:  # communities in model order, cases in ledger order
                record = case_record(analysis, community, case)
                records.add(json_line(record))
                writer.writerow(csv_row(record))
        records.close()
    communities_json = folder / "communities.json"
    with communities_json.open("w", encoding="utf-8") as json_file:
        records = JsonRecords(json_file, meta, "communities")
        for community in analysis.communities:
            records.add(json_line(community_record(analysis, community)))
        records.close()
    return [cases_json, cases_csv_path, communities_json]
