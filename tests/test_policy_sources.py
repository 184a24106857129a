"""Issue 21: cite only what binds this county; the public words of the policies.

Each test here failed on main before the change it covers (items 1-6 of issue 21)."""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import REPO, TempProject
from site_helpers import build, copy_project

from generator.outputs.stats import compute_stats
from generator.site.pages import plan_site
from generator.source import policies as sources
from generator.source.config import SiteConfig
from generator.source.settings import ConfigError, load_config, parse_config

CASE = "content/xiguan/2026-02.md"
ELSEWHERE = ("北京", "甘肃", "大城", "利川")
GANSU = {
    "title": "关于加强城乡社区协商的实施意见",
    "issuer": "中共甘肃省委办公厅、甘肃省人民政府办公厅",
    "year": 2016,
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pages(project: TempProject, today: str = "2026-11-22") -> dict[str, str]:
    analysis = project.analyse(today)
    assert not analysis.errors, [f.as_text() for f in analysis.errors]
    return {p.url: _text(p.html) for p in plan_site(analysis).pages}


def _plain_config(project: TempProject, extra: str = "") -> None:
    """A county that adopted nothing and set no rule (the built-in defaults)."""
    (project.root / "site_config.yml").write_text(
        "site_name: 测试县\nbase_url: https://xs.example.cn\ncontent_dir: content\n"
        'office_numbers: ["13900000000"]\n' + extra,
        encoding="utf-8",
    )


# --- item 1: adopted documents ------------------------------------------------------------


def test_the_default_config_adopts_nothing_and_defaults_say_so() -> None:
    config = SiteConfig()
    assert config.adopted == ()
    quorum = sources.threshold(config, "quorum", Fraction(2, 3))
    assert quorum == sources.Cite("参照利川市实施方案", False)
    assert sources.threshold(config, "stale_days", 90) == sources.Cite(sources.DEFAULT, False)
    # Statutes bind everywhere.
    assert sources.threshold(config, "assembly_notice_days", 10).binding


def test_adopted_documents_and_the_countys_own_numbers_bind() -> None:
    adopted = parse_config({"adopted": [GANSU], "rules": {"quorum": "2/3"}})
    assert adopted.adopted == ("gansu",)
    assert sources.threshold(adopted, "yearly_minimum", 4) == sources.Cite(
        "甘肃省实施意见（2016）", True
    )
    # Set by the county: its own rule, even at 利川's number (利川 not adopted).
    assert sources.threshold(adopted, "quorum", Fraction(2, 3)) == sources.Cite("本县规定", True)
    assert not sources.fixed(adopted, "written_reply").binding


def test_an_unknown_document_is_a_config_error_naming_the_known_ones(
    project: TempProject,
) -> None:
    _plain_config(project, "adopted:\n  - {title: 某某方案, issuer: 某县, year: 2020}\n")
    with pytest.raises(ConfigError) as err:
        load_config(project.root)
    text = err.value.lines()[0]
    assert "adopted" in text and "某县《某某方案》（2020）" in text
    assert "利川市《利川市城乡社区协商实施方案》（2017）" in text


def test_with_nothing_adopted_no_local_rule_raises_a_public_flag(project: TempProject) -> None:
    _plain_config(project)
    project.case_with(
        ("  council_present: 18", "  council_present: 3"), ("    for: 20", "    for: 3")
    )
    analysis = project.analyse()
    codes = {f.code for f in analysis.findings}
    assert {"quorum-short", "weak-majority"} <= codes  # the clerk is still told
    assert analysis.public_findings() == []
    quorum = next(f for f in analysis.findings if f.code == "quorum-short")
    assert "参照利川市实施方案" in quorum.message


def test_with_nothing_adopted_no_page_or_poster_cites_another_place(tmp_path: Path) -> None:
    """The example county built with ``adopted: []`` (and its rules as set): no page,
    feed, data file or poster (PDF text included) names 北京, 甘肃, 大城 or 利川."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install poppler-utils (scripts/dev.sh test does)")
    project = copy_project(REPO, tmp_path / "project")
    for extra in ("tests", "docs", "generator", "bench", "scripts", "themes"):
        shutil.rmtree(project / extra, ignore_errors=True)
    shutil.copytree(REPO / "themes", project / "themes")
    config = project / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("\nadopted:\n")
    end = text.index("\n\n", start + 1)
    config.write_text(text[:start] + "\nadopted: []" + text[end:], encoding="utf-8")
    assert load_config(project).adopted == ()
    ok, lines = build(project, project / "site", posters=True)
    assert ok, "\n".join(lines)
    found = []
    pdfs = 0
    for path in (project / "site").rglob("*"):
        if path.suffix == ".pdf" and "posters" in path.parts:
            pdfs += 1
            body = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8")
        elif path.suffix in (".html", ".xml", ".ics", ".json", ".csv", ".txt"):
            body = path.read_text(encoding="utf-8")
        else:
            continue
        found += [f"{path.name}: {w}" for w in ELSEWHERE if w in body]
    assert pdfs > 20
    assert found == []


# --- item 2: the council's quorum is the council's --------------------------------------


@pytest.mark.parametrize(("form", "flagged"), [("居民议事会", True), ("居民会议", False)])
def test_council_quorum_only_for_a_meeting_of_the_council(
    project: TempProject, form: str, flagged: bool
) -> None:
    project.case_with(
        ("form: 居民议事会", f"form: {form}"), ("  council_present: 18", "  council_present: 3")
    )
    codes = [f.code for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert ("quorum-short" in codes) is flagged


def test_a_village_assembly_is_not_held_to_the_council_quorum(project: TempProject) -> None:
    project.community_with(("kind: 社区", "kind: 村"), ("name: 西关社区", "name: 桃园村"))
    project.case_with(
        ("form: 居民议事会", "form: 村民会议"),
        ("  channel: 居民联名", "  channel: 村民联名"),
        ("  council_present: 18\n", ""),
    )
    codes = [f.code for f in project.analyse().findings if f.path.endswith("2026-02.md")]
    assert "quorum-missing" not in codes and "quorum-short" not in codes


# --- item 3: minutes kept on paper are shown, and not promised online --------------------


def test_minutes_kept_on_paper_are_shown_on_the_page(project: TempProject) -> None:
    project.case_with(("minutes:\n  file: minutes.jpg\n", "minutes:\n  kept_at: 社区档案室\n"))
    text = _pages(project)["xiguan/2026-02/"]
    assert "会议记录：原件存放于社区档案室" in text


# --- item 4: the cadre share is a 社区 rule ------------------------------------------------


@pytest.mark.parametrize(("kind", "flagged"), [("社区", True), ("村", False)])
def test_cadre_share_applies_to_a_shequ_only(
    project: TempProject, kind: str, flagged: bool
) -> None:
    text = project.base_community().replace("kind: 社区", f"kind: {kind}")
    text = re.sub(
        r"(\n      group: [^\n]+)",
        r"\1\n      cadre: true",
        text.replace("\n      cadre: true", ""),
    )
    project.write("content/xiguan/community.yml", text)
    codes = [f for f in project.analyse().findings if f.code == "cadre-share"]
    assert bool(codes) is flagged
    if codes:
        assert codes[0].message.startswith("社区议事会成员")


# --- item 5: 报送, not 交办 ---------------------------------------------------------------


def test_referrals_are_reported_not_assigned(project: TempProject) -> None:
    project.case_with(
        ("    sent: 2026-03-16\n", "    sent: 2026-03-16\n    kind: 委托\n"),
        ("    replied: 2026-03-20\n    reply: 同意办理加装电梯审批。\n", ""),
    )
    analysis = project.analyse()
    text = _pages(project)["xiguan/2026-02/"]
    assert "报送区住建局" in text and "交办" not in text
    from generator.posters.content import referrals_text

    case = analysis.project.find_case("xiguan/2026-02")
    assert referrals_text(case) == "区住建局　待答复（2026年3月16日报送）"
    from generator.messages import CODES

    assert "受政府或有关部门委托" in CODES["referral-kind-missing"].hint
    assert "交办" not in CODES["referral-kind-missing"].hint + CODES["referral-overdue"].message


# --- item 6: the page's numbers are the rule's ------------------------------------------


def test_the_referral_days_on_the_page_are_the_configured_ones(project: TempProject) -> None:
    project.config("rules:\n  referral_workdays: 15\n")
    project.case_with(("    sent: 2026-03-16\n", "    sent: 2026-03-16\n    kind: 委托\n"))
    text = _pages(project)["xiguan/2026-02/"]
    assert "15 个工作日内书面反馈" in text and "10 个工作日" not in text


def test_a_reply_with_no_deadline_is_not_called_on_time(project: TempProject) -> None:
    text = _pages(project)["xiguan/2026-01/"]  # the referral has no kind: no deadline
    assert "已答复" in text and "按时答复" not in text


def test_statistics_count_on_time_only_against_a_deadline() -> None:
    from conftest import example_analysis

    share = compute_stats(example_analysis()).overall.referrals
    assert share.undated > 0
    assert share.on_time + share.late + share.overdue == share.decided
    # Every reply counted on time had a deadline to meet.
    analysis = example_analysis()
    from generator.model.deadlines import referral_status

    dated_replies = sum(
        1
        for case in analysis.cases
        for r in case.referrals
        if r.replied is not None
        and referral_status(r, analysis.today, analysis.calendar, analysis.config.rules).due
    )
    assert share.on_time + share.late == dated_replies


def test_a_joint_proposal_page_quotes_the_list_not_a_duty(project: TempProject) -> None:
    project.community_with(("households: 1200\n", "households: 400\nresidents: 1200\n"))
    project.case_with(("  signatures: 150", "  signatures: 120"))
    text = _pages(project)["xiguan/2026-02/"]
    assert "应当组织协商" not in text
    assert "联名提出需要协商的事项，是利川市实施方案列出的协商内容之一" in text


def test_a_joint_proposal_under_an_unadopted_rule_claims_no_share(project: TempProject) -> None:
    _plain_config(project)
    project.community_with(("households: 1200\n", "households: 400\nresidents: 1200\n"))
    project.case_with(("  signatures: 150", "  signatures: 120"))
    text = _pages(project)["xiguan/2026-02/"]
    assert "达到规定比例" not in text and "利川" not in text


def test_every_public_flag_names_its_source(project: TempProject) -> None:
    project.case_with(("  council_present: 18\n", ""))
    (flag,) = [f for f in project.analyse().public_findings() if f.code == "quorum-missing"]
    assert flag.public_text == "未公布到会议事会成员人数（利川市实施方案）"


# --- the guide's flag table --------------------------------------------------------------


def test_the_guides_flag_table_is_the_sources_table() -> None:
    guide = (REPO / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    assert sources.flag_table_markdown() in guide, (
        "docs/guide/index.md is out of step with generator/source/policies.py: paste the output "
        "of `python -m generator.source.policies` into section 七"
    )
    for _code, _what, bases, _setting in sources.FLAGS:
        for basis in bases:
            assert f"“{basis.sentence}”" in guide


# --- steps residents should see: 1, the outcome published ------------------------------


def _held_without_outcome(project: TempProject) -> None:
    text = project.base_case()
    project.add_case("2026-02.md", text[: text.index("outcome:")] + "---\n")


def test_a_result_not_recorded_is_not_flagged_by_default(project: TempProject) -> None:
    _held_without_outcome(project)
    assert "outcome-pending" not in {f.code for f in project.analyse().findings}


def test_a_result_not_recorded_in_the_countys_days_is_shown_pending(project: TempProject) -> None:
    _held_without_outcome(project)
    project.config("rules:\n  outcome_due_days: 15\n")
    (flag,) = [f for f in project.analyse().public_findings() if f.code == "outcome-pending"]
    assert flag.public_text == "结果待公布：会议已召开 257 天（本县规定：会后 15 天内公布）"
    assert "结果待公布" in _pages(project)["xiguan/2026-02/"]
    # Within the days: nothing.
    assert not [f for f in project.analyse("2026-03-20").findings if f.code == "outcome-pending"]


# --- steps residents should see: 3, who took part, as counts ---------------------------


def test_residents_with_no_stake_are_shown_as_a_count(project: TempProject) -> None:
    project.case_with(
        (
            "  - group: 利益相关方\n",
            "  - group: 与双方利益无关的群众代表\n    count: 3\n  - group: 利益相关方\n",
        )
    )
    analysis = project.analyse()
    assert not analysis.errors
    text = _pages(project)["xiguan/2026-02/"]
    assert "与双方利益无关的群众代表" in text and "3 人" in text
    # Never flagged when absent: the seeds ask to 重视吸纳, not to require.
    from generator.messages import CODES

    assert not any("利益无关" in c.message + c.public_text for c in CODES.values())


# --- steps residents should see: 2, how the topic was reviewed -------------------------


def test_the_topics_review_is_shown_where_recorded(project: TempProject) -> None:
    project.case_with(
        ("  signatures: 150\n", "  signatures: 150\n  reviewed: 经社区党委审查，列入协商\n")
    )
    text = _pages(project)["xiguan/2026-02/"]
    assert "审查情况 经社区党委审查，列入协商" in text
    assert "审查情况" not in _pages(project)["xiguan/2026-01/"]
