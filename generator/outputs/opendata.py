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
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.model.cases import Case, Community, iso_time
from generator.model.counting import consultations_by_year
from generator.model.deadlines import referral_status
from generator.model.workdays import UnknownYear

if TYPE_CHECKING:
    from generator.check.project import Analysis

DATA_DIR = "data"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Chinese column label, for the docs and the CSV's readers
    kind: str  # "string", "integer", "date", "datetime", "list", "object"
    # Where the value comes from in the case file or community.yml (a path into
    # ``fields.CASE`` or ``fields.COMMUNITY``): the data package takes its allowed values,
    # bounds and help from that declaration. Empty for derived columns.
    field: tuple[str, ...] = ()
    note: str = ""  # Chinese description of a derived column (for the data package)


CASE_COLUMNS: tuple[Column, ...] = (
    Column("community_id", "社区编号", "string", note="社区（村）文件夹名，如 xiguan"),
    Column("community_name", "社区名称", "string", note="社区（村）名称"),
    Column("town", "街道/乡镇", "string", note="所属街道或乡镇"),
    Column("case_id", "案例编号", "string", note="台账编号，如 2026-03"),
    Column("url", "网址", "string", note="案例页面的永久网址"),
    Column("title", "议题", "string", ("title",)),
    Column("category", "协商内容", "string", ("category",)),
    Column("form", "协商形式", "string", ("form",)),
    Column("channel", "提出方式", "string", ("proposed", "channel")),
    Column("stage", "阶段", "string", note="按生成日期推算的阶段"),
    Column("proposed_date", "提出日期", "date", ("proposed", "date")),
    Column("notice_posted", "公示日期", "date", ("notice", "posted")),
    Column("notice_until", "公示截止", "date", ("notice", "until")),
    Column("meeting_start", "会议时间", "datetime", ("meeting", "start")),
    Column("meeting_place", "会议地点", "string", ("meeting", "place")),
    Column("major", "重大事项", "integer", note="重大事项为 1，否则为 0；没有会议时为空"),
    Column(
        "participants",
        "协商主体人数",
        "integer",
        note="协商主体人数：具名的每人计 1，未具名的一类人计其人数",
    ),
    Column("attendance_present", "到会人数", "integer", ("attendance", "present")),
    Column(
        "attendance_council_present", "到会议事会成员", "integer", ("attendance", "council_present")
    ),
    Column("outcome_date", "结果日期", "date", ("outcome", "date")),
    Column("result", "协商结果", "string", ("outcome", "result")),
    Column("vote_for", "赞成", "integer", ("outcome", "vote", "for")),
    Column("vote_against", "反对", "integer", ("outcome", "vote", "against")),
    Column("vote_abstain", "弃权", "integer", ("outcome", "vote", "abstain")),
    Column("outcome_filed", "备案日期", "date", ("outcome", "filed")),
    Column("outcome_published", "成果公示日期", "date", ("outcome", "published")),
    Column("progress_percent", "落实进度", "integer", ("progress", "percent")),
    Column("progress_date", "进度更新日期", "date", note="最近一次落实进展的日期"),
    Column("completed_date", "落实完成日期", "date", note="落实进度达到 100% 的日期"),
    Column("referrals", "报送事项", "integer", note="报送政府或有关部门的事项数"),
    Column("referrals_replied", "已答复", "integer", note="已答复的报送事项数"),
    Column(
        "referrals_overdue",
        "逾期未反馈",
        "integer",
        note="逾期未反馈的报送事项数；答复期限落在没有节假日数据的年份时为空",
    ),
    Column("referrals_late", "逾期反馈", "integer", note="逾期后才反馈的报送事项数；同上"),
    Column("evaluation_date", "评议日期", "date", ("evaluation", "date")),
    Column("satisfied", "满意", "integer", ("evaluation", "satisfied")),
    Column("basically_satisfied", "基本满意", "integer", ("evaluation", "basically_satisfied")),
    Column("unsatisfied", "不满意", "integer", ("evaluation", "unsatisfied")),
    Column("public_warnings", "公开提示", "list", note="案例页面上公开提示的代码，按字母排序"),
)

COMMUNITY_FIELDS: tuple[Column, ...] = (
    Column("community_id", "社区编号", "string", note="社区（村）文件夹名"),
    Column("name", "名称", "string", ("name",)),
    Column("kind", "类型（社区/村）", "string", ("kind",)),
    Column("town", "街道/乡镇", "string", ("town",)),
    Column("county", "区/县", "string", ("county",)),
    Column("url", "网址", "string", note="社区（村）页面的永久网址"),
    Column("households", "户数", "integer", ("households",)),
    Column("board", "公开栏位置", "string", ("board",)),
    Column("council_term", "议事会届期", "string", ("council", "term")),
    Column(
        "council_members",
        "议事会成员人数",
        "integer",
        note="议事会成员人数（只公开人数，不公开姓名）",
    ),
    Column("cases", "案例数", "integer", note="案例数"),
    Column("stages", "各阶段案例数", "object", note="各阶段的案例数"),
    Column(
        "consultations_by_year",
        "各年协商次数",
        "object",
        note="每年已召开的协商次数（会议在该年且不晚于生成日期，结果不是撤回）",
    ),
    Column(
        "yearly_minimum",
        "每年最少协商次数",
        "integer",
        note="设置的每年最少协商次数（rules.yearly_minimum）",
    ),
    Column("public_warnings", "公开提示", "list", note="社区（村）页面上公开提示的代码"),
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


def case_records(analysis: Analysis) -> list[dict[str, Any]]:
    """Every case's row, communities in model order, cases in ledger order."""
    return [case_record(analysis, c, case) for c in analysis.communities for case in c.cases]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def cases_csv(records: list[dict[str, Any]]) -> str:
    """The CSV text (without BOM): a header of column keys, then one row per case."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in CASE_COLUMNS])
    for record in records:
        writer.writerow([_csv_cell(record[c.key]) for c in CASE_COLUMNS])
    return out.getvalue()


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


def _json(meta: dict[str, Any], key: str, records: list[dict[str, Any]]) -> str:
    """An object of ``meta`` plus ``key``: the records, one record per line.

    Compact (a thousand cases stay small) yet readable and friendly to diffs.
    """
    head = neutral_json(json.dumps(meta, ensure_ascii=False, indent=2))[:-2]
    lines = [
        neutral_json(json.dumps(r, ensure_ascii=False, separators=(", ", ": "))) for r in records
    ]
    body = ",\n    ".join(lines)
    return (
        f'{head},\n  "{key}": [\n    {body}\n  ]\n}}\n'
        if lines
        else f'{head},\n  "{key}": []\n}}\n'
    )


def write_open_data(analysis: Analysis, site_dir: Path) -> list[Path]:
    """Write cases.json, cases.csv and communities.json under ``site/data/``."""
    folder = site_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    records = case_records(analysis)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "site_name": analysis.config.site_name,
        "base_url": analysis.config.base_url,
        "generated_for": analysis.today.isoformat(),
    }
    cases_json = folder / "cases.json"
    cases_json.write_text(
        _json({**meta, "columns": [c.key for c in CASE_COLUMNS]}, "cases", records),
        encoding="utf-8",
    )
    cases_csv_path = folder / "cases.csv"
    # utf-8-sig writes the BOM Excel needs to read the file as UTF-8.
    cases_csv_path.write_text(cases_csv(records), encoding="utf-8-sig", newline="")
    communities_json = folder / "communities.json"
    communities_json.write_text(
        _json(meta, "communities", [community_record(analysis, c) for c in analysis.communities]),
        encoding="utf-8",
    )
    return [cases_json, cases_csv_path, communities_json]
