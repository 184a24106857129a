"""Referrals (利川): only a matter entrusted to the community (kind: 委托) runs the
10-working-day clock; 逾期未反馈 and 逾期反馈 are public; a typed due later than the
rule allows is reported and never extends the deadline; a referral of no stated
kind is asked about exactly when the clock would have mattered."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"
TO = "  - to: 区住建局\n"
ENTRUSTED = (TO, TO + "    kind: 委托\n")
FOR_ACTION = (TO, TO + "    kind: 落实\n")
SENT = "    sent: 2026-03-16"
REPLY = "    replied: 2026-03-20\n    reply: 同意办理加装电梯审批。\n"


# Sent Mon 2026-03-16: the 10th working day after it is Mon 2026-03-30.
@pytest.mark.parametrize(("today", "warned"), [("2026-03-30", False), ("2026-03-31", True)])
def test_overdue_after_the_tenth_working_day(
    project: TempProject, today: str, warned: bool
) -> None:
    project.case_with(ENTRUSTED, (REPLY, ""))
    expected = [("referral-overdue", 40)] if warned else []
    assert codes_at(project.findings(today), CASE) == expected


@pytest.mark.parametrize(("replied", "warned"), [("2026-03-30", False), ("2026-03-31", True)])
def test_late_reply(project: TempProject, replied: str, warned: bool) -> None:
    project.case_with(ENTRUSTED, ("    replied: 2026-03-20", f"    replied: {replied}"))
    assert codes_at(project.findings(), CASE) == ([("referral-late", 40)] if warned else [])


@pytest.mark.parametrize("today", ["2026-03-31", "2026-11-22"])
def test_a_matter_for_action_runs_no_clock(project: TempProject, today: str) -> None:
    project.case_with(FOR_ACTION, (REPLY, ""))
    assert codes_at(project.findings(today), CASE) == []


def test_a_matter_for_action_keeps_a_promised_date(project: TempProject) -> None:
    project.case_with(FOR_ACTION, (REPLY, "    due: 2026-04-30\n"))
    assert codes_at(project.findings("2026-04-30"), CASE) == []
    (finding,) = project.analyse("2026-05-01").findings
    assert finding.code == "referral-overdue" and "约定的答复期限" in finding.public_text


@pytest.mark.parametrize(("today", "asked"), [("2026-03-30", False), ("2026-03-31", True)])
def test_kind_not_said_is_asked_only_when_it_would_matter(
    project: TempProject, today: str, asked: bool
) -> None:
    project.case_with((REPLY, ""))
    findings = project.analyse(today).findings
    assert [(f.code, f.line, f.public) for f in findings] == (
        [("referral-kind-missing", 40, False)] if asked else []
    )


def test_kind_not_said_and_answered_in_time_is_fine(project: TempProject) -> None:
    assert codes_at(project.findings(), "content/xiguan/2026-01.md") == []


def test_working_days_skip_holidays(project: TempProject) -> None:
    # Sent Wed 2026-09-30: Oct 1-7 off, Sat Oct 10 a working day (调休) ->
    # Oct 8, 9, 10, 12, 13, 14, 15, 16, 19, 20: due Tue 2026-10-20
    project.case_with(
        ENTRUSTED, (SENT, "    sent: 2026-09-30"), (REPLY, "    replied: 2026-10-20\n")
    )
    project.case_with(
        ENTRUSTED,
        (SENT, "    sent: 2026-09-30"),
        (REPLY, "    replied: 2026-10-21\n"),
        name="2026-03.md",
    )
    findings = project.analyse().findings
    assert [(f.code, f.path.rsplit("/", 1)[-1]) for f in findings] == [
        ("referral-late", "2026-03.md")
    ]
    assert "2026-10-20" in findings[0].message


def test_an_earlier_due_as_written_wins(project: TempProject) -> None:
    project.case_with(ENTRUSTED, (REPLY, "    due: 2026-03-20\n"))
    assert codes_at(project.findings("2026-03-20"), CASE) == []
    assert codes_at(project.findings("2026-03-21"), CASE) == [("referral-overdue", 40)]


@pytest.mark.parametrize(("due", "beyond"), [("2026-03-30", False), ("2026-03-31", True)])
def test_a_later_typed_due_is_reported_and_does_not_extend(
    project: TempProject, due: str, beyond: bool
) -> None:
    project.case_with(ENTRUSTED, (REPLY, f"    due: {due}\n"))
    found = codes_at(project.findings("2026-04-15"), CASE)
    expected = [("referral-due-beyond", 43)] if beyond else []
    assert sorted(found) == sorted([*expected, ("referral-overdue", 40)])
    overdue = next(
        f for f in project.analyse("2026-04-15").findings if f.code == "referral-overdue"
    )
    assert "2026-03-30" in overdue.public_text  # the rule's date, not the typed one


def test_overdue_is_public_on_the_case_and_names_its_source(project: TempProject) -> None:
    project.case_with(ENTRUSTED, (REPLY, ""))
    (finding,) = project.analyse().findings
    assert finding.public and finding.case == "2026-02" and "区住建局" in finding.public_text
    assert "利川市实施方案" in finding.public_text


@pytest.mark.parametrize(("written", "warned"), [("false", True), ("true", False)])
def test_an_entrusted_matter_is_answered_in_writing(
    project: TempProject, written: str, warned: bool
) -> None:
    project.case_with(ENTRUSTED, (REPLY, REPLY + f"    written: {written}\n"))
    assert codes_at(project.findings(), CASE) == ([("referral-not-written", 45)] if warned else [])


def test_an_oral_reply_to_a_matter_for_action_is_no_warning(project: TempProject) -> None:
    project.case_with(FOR_ACTION, (REPLY, REPLY + "    written: false\n"))
    assert codes_at(project.findings(), CASE) == []


def test_unknown_year_for_the_due_date(project: TempProject) -> None:
    project.case_with(ENTRUSTED, (SENT, "    sent: 2026-12-24"), (REPLY, ""))
    assert codes_at(project.findings(), CASE) == [("calendar-unknown-year", 42)]
