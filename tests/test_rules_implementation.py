"""Stale implementation: more than 90 days since the later of outcome.date and the
last progress date, for an agreed case below 100%."""

from __future__ import annotations

import pytest
from conftest import TempProject, codes_at

CASE = "content/xiguan/2026-02.md"


# last progress 2026-06-30: 90 days later is 2026-09-28
@pytest.mark.parametrize(("today", "warned"), [("2026-09-28", False), ("2026-09-29", True)])
def test_ninety_days(project: TempProject, today: str, warned: bool) -> None:
    project.case_with(("    percent: 100", "    percent: 90"))
    expected = [("implementation-stale", 48)] if warned else []
    assert codes_at(project.findings(today), CASE) == expected


def test_done_is_never_stale(project: TempProject) -> None:
    assert project.findings("2026-12-31") == []


@pytest.mark.parametrize("result", ["rejected", "second_round", "referred"])
def test_only_agreed_cases(project: TempProject, result: str) -> None:
    project.case_with(
        ("    percent: 100", "    percent: 90"), ("  result: agreed", f"  result: {result}")
    )
    assert "implementation-stale" not in [c for c, _p, _l in project.findings()]


def test_without_progress_points_at_outcome_date(project: TempProject) -> None:
    text = project.base_case()
    start, end = text.index("progress:"), text.index("evaluation:")
    project.add_case("2026-02.md", text[:start] + text[end:])
    (finding,) = project.analyse().findings
    assert (finding.code, finding.line) == ("implementation-stale", 30)
    assert "2026-03-12" in finding.message
