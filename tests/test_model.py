"""Stages (every row of docs/format.md's table, in order) and the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from generator.model.cases import (
    Attendance,
    Case,
    Evaluation,
    Meeting,
    Notice,
    Outcome,
    ProgressUpdate,
    Proposed,
    Result,
    Source,
    Stage,
    StepState,
)
from generator.source.yamlsource import Doc

D = dt.date.fromisoformat
TODAY = D("2026-06-15")


def topic(**fields) -> Case:
    case = Case(
        id="2026-01",
        community_id="xiguan",
        title="议题",
        category="民生保障",
        form="恳谈会",
        proposed=Proposed(date=D("2026-05-01"), by="居委会", channel="居委会提出"),
        source=Source(Path("content/xiguan/2026-01.md"), Doc(value=None)),
    )
    return replace(case, **fields)


NOTICE = Notice(posted=D("2026-06-01"), until=D("2026-06-10"))
MEETING = Meeting(start=dt.datetime(2026, 6, 12, 19, 0), place="议事厅", host="王主任")
AGREED = Outcome(date=D("2026-06-13"), result=Result.AGREED, summary="同意")
HALF = (ProgressUpdate(date=D("2026-06-14"), percent=50),)
DONE = (*HALF, ProgressUpdate(date=D("2026-06-15"), percent=100))
EVALUATION = Evaluation(date=D("2026-06-15"), satisfied=10)


def held(**fields) -> Case:
    return topic(notice=NOTICE, meeting=MEETING, attendance=Attendance(present=20), **fields)


@pytest.mark.parametrize(
    ("case", "stage"),
    [
        (
            held(outcome=replace(AGREED, result=Result.SECOND_ROUND), progress=DONE),
            Stage.SECOND_ROUND,
        ),
        (
            held(outcome=replace(AGREED, result=Result.REFERRED), evaluation=EVALUATION),
            Stage.REFERRED,
        ),
        (held(outcome=replace(AGREED, result=Result.REJECTED)), Stage.ENDED),
        (topic(outcome=replace(AGREED, result=Result.WITHDRAWN)), Stage.ENDED),
        (held(outcome=AGREED, progress=HALF, evaluation=EVALUATION), Stage.EVALUATED),
        (held(outcome=AGREED, progress=DONE), Stage.DONE),
        (held(outcome=AGREED, progress=HALF), Stage.IMPLEMENTING),
        (held(outcome=AGREED), Stage.OUTCOME_PUBLISHED),
        (held(), Stage.AWAITING_OUTCOME),  # met on 06-12, before today
        (
            topic(notice=NOTICE, meeting=replace(MEETING, start=dt.datetime(2026, 6, 20, 19))),
            Stage.AWAITING_MEETING,
        ),
        (topic(notice=NOTICE), Stage.AWAITING_MEETING),  # notice over, no meeting yet
        (topic(notice=replace(NOTICE, until=D("2026-06-20"))), Stage.ON_NOTICE),
        (topic(notice=replace(NOTICE, posted=TODAY, until=D("2026-06-20"))), Stage.ON_NOTICE),
        (
            topic(notice=replace(NOTICE, posted=D("2026-06-16"), until=D("2026-06-25"))),
            Stage.COLLECTING,
        ),
        (topic(), Stage.COLLECTING),
    ],
)
def test_stage_table(case: Case, stage: Stage) -> None:
    assert case.stage(TODAY) is stage


def test_a_meeting_today_is_still_ahead() -> None:
    case = topic(notice=NOTICE, meeting=replace(MEETING, start=dt.datetime(2026, 6, 15, 9, 0)))
    assert case.stage(TODAY) is Stage.AWAITING_MEETING
    assert case.stage(TODAY + dt.timedelta(days=1)) is Stage.AWAITING_OUTCOME


def test_notice_until_today_is_still_on_notice() -> None:
    case = topic(notice=replace(NOTICE, until=TODAY))
    assert case.stage(TODAY) is Stage.ON_NOTICE
    assert case.stage(TODAY + dt.timedelta(days=1)) is Stage.AWAITING_MEETING


def _states(case: Case) -> list[tuple[str, str]]:
    return [(step.name, step.state.value) for step in case.timeline(TODAY)]


def test_timeline_of_a_topic() -> None:
    assert _states(topic()) == [
        ("议题", "done"),
        ("公示", "current"),
        ("协商", "todo"),
        ("成果", "todo"),
        ("落实", "todo"),
        ("评价", "todo"),
    ]


def test_timeline_of_a_finished_case_has_dates() -> None:
    steps = held(outcome=AGREED, progress=DONE, evaluation=EVALUATION).timeline(TODAY)
    assert all(step.state is StepState.DONE for step in steps)
    assert [step.date for step in steps] == [
        D("2026-05-01"),
        D("2026-06-01"),
        D("2026-06-12"),
        D("2026-06-13"),
        D("2026-06-15"),
        D("2026-06-15"),
    ]


def test_timeline_of_a_rejected_case_skips_implementation() -> None:
    states = dict(_states(held(outcome=replace(AGREED, result=Result.REJECTED))))
    assert states == {
        "议题": "done",
        "公示": "done",
        "协商": "done",
        "成果": "done",
        "落实": "skipped",
        "评价": "skipped",
    }


def test_timeline_meeting_without_notice_skips_notice() -> None:
    states = dict(_states(topic(meeting=MEETING, outcome=AGREED, attendance=Attendance(present=9))))
    assert states["公示"] == "skipped" and states["协商"] == "done" and states["落实"] == "current"


def test_timeline_while_implementing() -> None:
    states = dict(_states(held(outcome=AGREED, progress=HALF)))
    assert states["落实"] == "current" and states["评价"] == "todo"
