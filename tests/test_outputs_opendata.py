"""Open data, read back with the csv and json modules and compared with the content."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from test_outputs_common import PROJECTS, Built, as_date, built_project

from generator.outputs.opendata import CASE_COLUMNS, COMMUNITY_FIELDS

DOC = Path(__file__).parent.parent / "docs" / "open-data.md"


@pytest.fixture(scope="module", params=PROJECTS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_project(request, tmp_path_factory)


def _csv_rows(built: Built) -> list[dict[str, str]]:
    raw = (built.site / "data" / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with (built.site / "data" / "cases.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == [c.key for c in CASE_COLUMNS]
        return list(reader)


def _json(built: Built, name: str) -> dict:
    return json.loads((built.site / "data" / name).read_text(encoding="utf-8"))


def _text(cell: str) -> str:
    """Undo the apostrophe that keeps Excel from reading text as a formula."""
    return cell[1:] if cell[:2] in {"'=", "'+", "'-", "'@"} else cell


def _zoned(value) -> str:
    """A case file's ``YYYY-MM-DD HH:MM`` (Beijing time) as the data publish it."""
    if value is None:
        return ""
    moment = dt.datetime.strptime(str(value), "%Y-%m-%d %H:%M")
    return moment.strftime("%Y-%m-%dT%H:%M:00+08:00")


def _opt(value) -> str:
    return "" if value is None else str(value)


def test_csv_has_one_row_per_case(built: Built) -> None:
    rows = _csv_rows(built)
    keys = [f"{r['community_id']}/{r['case_id']}" for r in rows]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(built.content)


def test_csv_values_match_the_files(built: Built) -> None:
    for row in _csv_rows(built):
        key = f"{row['community_id']}/{row['case_id']}"
        fm = built.content[key]
        community = built.communities[row["community_id"]]
        assert row["url"] == built.url(key)
        assert _text(row["title"]) == fm["title"]
        assert row["community_name"] == community["name"]
        assert row["town"] == community["town"]
        assert row["category"] == fm["category"]
        assert row["form"] == fm["form"]
        assert row["proposed_date"] == as_date(fm["proposed"]["date"]).isoformat()
        meeting = fm.get("meeting") or {}
        assert row["meeting_start"] == _zoned(meeting.get("start"))
        outcome = fm.get("outcome") or {}
        assert row["result"] == _opt(outcome.get("result"))
        vote = outcome.get("vote") or {}
        assert row["vote_for"] == _opt(vote.get("for"))
        assert row["vote_against"] == _opt(vote.get("against"))
        attendance = fm.get("attendance") or {}
        assert row["attendance_present"] == _opt(attendance.get("present"))
        progress = fm.get("progress") or []
        assert row["progress_percent"] == (str(progress[-1]["percent"]) if progress else "")
        referrals = fm.get("referrals") or []
        assert row["referrals"] == str(len(referrals))
        assert row["referrals_replied"] == str(sum(1 for r in referrals if r.get("replied")))
        participants = fm.get("participants") or []
        headcount = sum(p.get("count", 1) for p in participants)
        assert row["participants"] == (str(headcount) if participants else "")


def test_stage_and_warnings_come_from_the_model(built: Built) -> None:
    rows = {f"{r['community_id']}/{r['case_id']}": r for r in _csv_rows(built)}
    for case in built.analysis.cases:
        row = rows[case.key]
        assert row["stage"] == str(case.stage(built.today))
        codes = sorted({f.code for f in built.analysis.public_for_case(case)})
        assert row["public_warnings"] == ";".join(codes)


def test_json_matches_csv(built: Built) -> None:
    data = _json(built, "cases.json")
    assert data["schema_version"] == 1
    assert data["columns"] == [c.key for c in CASE_COLUMNS]
    rows = _csv_rows(built)
    assert len(data["cases"]) == len(rows)
    for record, row in zip(data["cases"], rows, strict=True):
        assert list(record) == data["columns"]
        for key, value in record.items():
            if isinstance(value, list):
                value = ";".join(value)
            assert _opt(value) == _text(row[key]), key


def test_communities_json(built: Built) -> None:
    data = _json(built, "communities.json")
    records = {c["community_id"]: c for c in data["communities"]}
    assert set(records) == set(built.communities)
    for cid, record in records.items():
        assert list(record) == [c.key for c in COMMUNITY_FIELDS]
        yml = built.communities[cid]
        assert record["name"] == yml["name"]
        assert record["town"] == yml["town"]
        assert record["url"] == built.url(cid)
        members = (yml.get("council") or {}).get("members")
        assert record["council_members"] == (len(members) if members is not None else None)
        assert record["cases"] == sum(1 for k in built.content if k.startswith(cid + "/"))
        assert sum(record["stages"].values()) == record["cases"]


def test_no_names_in_open_data(built: Built) -> None:
    """Counts, not names: participants and council members are not listed."""
    names = {
        p["name"]
        for fm in built.content.values()
        for p in fm.get("participants") or []
        if "name" in p
    }
    for yml in built.communities.values():
        names |= {m["name"] for m in (yml.get("council") or {}).get("members") or []}
    # A name that is also part of a title or a place (e.g. a hall named after someone) is public anyway.
    public = " ".join(
        f"{fm['title']} {(fm.get('meeting') or {}).get('place', '')} {(fm.get('outcome') or {}).get('summary', '')}"
        for fm in built.content.values()
    )
    private = {n for n in names if n not in public}
    for name in ("cases.csv", "cases.json", "communities.json"):
        text = (built.site / "data" / name).read_text(encoding="utf-8-sig")
        leaked = {n for n in private if n in text}
        assert not leaked, f"{name} names {leaked}"


def test_fixture_rows(tmp_path) -> None:
    """Hand-checked rows of the fixture."""
    from test_outputs_common import FIXTURE, FIXTURE_TODAY, build

    built = build(FIXTURE, FIXTURE_TODAY, tmp_path / "site")
    rows = {f"{r['community_id']}/{r['case_id']}": r for r in _csv_rows(built)}
    assert len(rows) == 12
    assert rows["xiguan/2026-01"]["title"] == "'=健身器材更新"  # not a formula in Excel
    assert rows["xiguan/2026-01"]["referrals_overdue"] == "1"
    assert rows["xiguan/2026-01"]["public_warnings"] == "implementation-stale;referral-overdue"
    assert rows["nanyuan/2026-01"]["referrals_late"] == "1"
    assert rows["nanyuan/2026-01"]["completed_date"] == "2026-06-15"
    assert rows["xiguan/2025-01"]["completed_date"] == "2025-08-01"
    assert rows["xiguan/2025-01"]["stage"] == "已评价"
    assert rows["xiguan/2026-02"]["stage"] == "公示中"
    communities = {c["community_id"]: c for c in _json(built, "communities.json")["communities"]}
    assert communities["xiguan"]["consultations_by_year"] == {"2025": 2, "2026": 1}
    assert communities["dongcun"]["consultations_by_year"] == {"2025": 1, "2026": 3}
    assert communities["xiguan"]["public_warnings"] == ["yearly-minimum"]


def test_columns_are_documented() -> None:
    """docs/open-data.md lists every column, in order, with its Chinese label."""
    text = DOC.read_text(encoding="utf-8")
    cases_part, _, communities_part = text.partition("## communities.json")
    for part, columns in ((cases_part, CASE_COLUMNS), (communities_part, COMMUNITY_FIELDS)):
        documented = re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", part, re.M)
        assert [k for k, _ in documented] == [c.key for c in columns]
        assert [label for _, label in documented] == [c.label for c in columns]


def test_the_words_name_only_columns_that_exist() -> None:
    """messages/data.py titles and describes columns by key: a key that names no column
    (renamed, or mistyped) would silently title nothing."""
    from generator.messages import data as words

    case_keys = {c.key for c in CASE_COLUMNS}
    community_keys = {c.key for c in COMMUNITY_FIELDS}
    assert set(words.CASE_COLUMN_TITLES) | set(words.CASE_COLUMN_NOTES) <= case_keys
    assert set(words.COMMUNITY_FIELD_TITLES) | set(words.COMMUNITY_FIELD_NOTES) <= community_keys
    # A column copied from no field has its own title and a description.
    for column in (*CASE_COLUMNS, *COMMUNITY_FIELDS):
        assert column.label
        assert column.field or column.note, column.key
