"""The domain model: communities, their councils, and consultation cases.

Plain dataclasses built by ``generator.model.load`` (the parts of a case are frozen;
``Community`` and ``Case`` are not); nothing here reads files or knows MkDocs. The stage of a case is derived here and only here (``Case.stage``).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from generator import clock
from generator.messages import site as words
from generator.source import fields
from generator.source.yamlsource import Doc, Mark


class Stage(StrEnum):
    """The stage of a case, in docs/format.md's order of precedence. Values are the labels."""

    SECOND_ROUND = words.STAGE_SECOND_ROUND
    REFERRED = words.STAGE_REFERRED
    ENDED = words.STAGE_ENDED
    EVALUATED = words.STAGE_EVALUATED
    DONE = words.STAGE_DONE
    IMPLEMENTING = words.STAGE_IMPLEMENTING
    OUTCOME_PUBLISHED = words.STAGE_OUTCOME_PUBLISHED
    AWAITING_OUTCOME = words.STAGE_AWAITING_OUTCOME
    AWAITING_MEETING = words.STAGE_AWAITING_MEETING
    ON_NOTICE = words.STAGE_ON_NOTICE
    COLLECTING = words.STAGE_COLLECTING


class Result(StrEnum):
    AGREED = "agreed"
    REJECTED = "rejected"
    SECOND_ROUND = "second_round"
    REFERRED = "referred"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"  # 不予协商 (九不议), with the reason in the summary

    def label(self, kind: str = fields.COMMUNITY_KIND) -> str:
        """Chinese label; a referral names the 居民会议 or 村民会议 by the community's kind."""
        if self is Result.REFERRED:
            return words.RESULT_REFERRED.format(residents=resident_word(kind))
        if self is Result.DECLINED:
            return words.RESULT_DECLINED
        return dict(fields.RESULTS)[self.value]  # 达成共识, 未通过, 需二次协商, 撤回

    @property
    def met(self) -> bool:
        """The result of a meeting that was held (not withdrawn, not declined)."""
        return self not in (Result.WITHDRAWN, Result.DECLINED)


# Times in the case files (meeting.start, git commit dates shown) are local time:
# Beijing time unless site_config.yml says otherwise. The zone's one home is
# generator.clock; LOCAL_TZ always means the zone in use.
LOCAL_TZ = clock.LOCAL_TZ


# A case is implemented when its last progress update reaches this percentage.
DONE_PERCENT = 100


def outcome_stage(result: Result) -> Stage:
    """The stage an outcome puts a case in, before any progress or evaluation."""
    return {
        Result.AGREED: Stage.OUTCOME_PUBLISHED,
        Result.REJECTED: Stage.ENDED,
        Result.WITHDRAWN: Stage.ENDED,
        Result.DECLINED: Stage.ENDED,
        Result.SECOND_ROUND: Stage.SECOND_ROUND,
        Result.REFERRED: Stage.REFERRED,
    }[result]


def resident_word(kind: str) -> str:
    """居民 for a 社区, 村民 for a 村."""
    return words.VILLAGERS if kind == fields.VILLAGE_KIND else words.RESIDENTS


def committee_word(kind: str) -> str:
    """居委会 for a 社区, 村委会 for a 村."""
    return words.VILLAGE_COMMITTEE if kind == fields.VILLAGE_KIND else words.RESIDENTS_COMMITTEE


def place_word(kind: str) -> str:
    """本社区 for a 社区, 本村 for a 村."""
    return words.HERE_VILLAGE if kind == fields.VILLAGE_KIND else words.HERE_COMMUNITY


# A file's positions are unpacked when a rule asks where a value is (about 15 KB a
# case): only the last few files asked about keep theirs, so checking 10,000 cases does
# not hold every case's at once (the rules go case by case, one rule after another).
_UNPACKED: OrderedDict[int, Any] = OrderedDict()
_KEEP_UNPACKED = 256


def _asked(doc: Doc) -> None:
    release = getattr(doc, "release_positions", None)
    if release is None:
        return
    if id(doc) in _UNPACKED:
        _UNPACKED.move_to_end(id(doc))
        return
    _UNPACKED[id(doc)] = doc
    if len(_UNPACKED) > _KEEP_UNPACKED:
        _UNPACKED.popitem(last=False)[1].release_positions()


@dataclass(frozen=True)
class Source:
    """Where a model object came from: its file and the positions of its values."""

    path: Path
    doc: Doc

    def at(self, *keys: str | int) -> Mark:
        mark = self.doc.at(*keys)
        _asked(self.doc)
        return mark

    def key_at(self, *keys: str | int) -> Mark:
        mark = self.doc.key_at(*keys)
        _asked(self.doc)
        return mark


@dataclass(frozen=True)
class CouncilMember:
    name: str
    role: str | None = None
    group: str | None = None
    cadre: bool = False


@dataclass(frozen=True)
class Proposed:
    date: dt.date
    by: str
    channel: str
    signatures: int | None = None
    reviewed: str | None = None  # 审查情况 (利川: 说明议题来源、审查情况)


@dataclass(frozen=True)
class Notice:
    posted: dt.date
    until: dt.date
    join: str | None = None  # how residents apply to take part (北京: 可以申请参加)
    join_by: dt.date | None = None  # as written; ``apply_by`` is the effective date

    @property
    def apply_by(self) -> dt.date:
        return self.join_by or self.until


@dataclass(frozen=True)
class Meeting:
    start: dt.datetime
    place: str
    host: str
    end: dt.datetime | None = None
    major: bool = False


@dataclass(frozen=True)
class Participant:
    group: str
    name: str | None = None
    count: int | None = None
    role: str | None = None

    @property
    def headcount(self) -> int:
        return self.count if self.count is not None else 1


@dataclass(frozen=True)
class Attendance:
    present: int | None = None
    council_present: int | None = None
    voters: int | None = None  # of those present, who may vote
    representatives_present: int | None = None  # 代表会议: representatives present

    @property
    def vote_base(self) -> int | None:
        """Whom a vote is counted against: those entitled to vote, else all present."""
        return self.voters if self.voters is not None else self.present


@dataclass(frozen=True)
class Vote:
    for_: int = 0
    against: int = 0
    abstain: int = 0

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True)
class Outcome:
    date: dt.date
    result: Result
    summary: str
    vote: Vote | None = None
    filed: dt.date | None = None
    published: dt.date | None = None
    explained: str | None = None  # explanation to those who disagreed
    notified: str | None = None  # how stakeholders were told


@dataclass(frozen=True)
class Referral:
    to: str
    sent: dt.date
    kind: str | None = None  # 委托 (10-working-day written reply) or 落实; None: not said
    due: dt.date | None = None  # as written; the effective due date is a rule's job
    replied: dt.date | None = None
    reply: str | None = None
    written: bool | None = None  # the reply was in writing (None: not recorded)

    @property
    def entrusted(self) -> bool:
        return self.kind == fields.ENTRUSTED


@dataclass(frozen=True)
class Plan:
    """A major matter's consultation plan, approved by the party organisation (利川)."""

    approved: dt.date
    by: str | None = None


@dataclass(frozen=True)
class Minutes:
    file: str | None = None  # a scan in the case's folder, published
    kept_at: str | None = None  # where the original can be consulted


@dataclass(frozen=True)
class Supervision:
    date: dt.date
    by: str
    note: str | None = None


@dataclass(frozen=True)
class Allowance:
    people: int | None = None
    amount: int | None = None  # yuan
    note: str | None = None


@dataclass(frozen=True)
class ProgressUpdate:
    date: dt.date
    percent: int
    note: str | None = None
    photos: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        """Implementation complete: the one definition of "done" (progress >= 100)."""
        return self.percent >= DONE_PERCENT

    @property
    def stage(self) -> Stage:
        """The stage this update puts the case in (when nothing later overrides it)."""
        return Stage.DONE if self.done else Stage.IMPLEMENTING


@dataclass(frozen=True)
class Evaluation:
    date: dt.date
    satisfied: int | None = None
    basically_satisfied: int | None = None
    unsatisfied: int | None = None
    note: str | None = None

    @property
    def responses(self) -> int:
        return sum(v or 0 for v in (self.satisfied, self.basically_satisfied, self.unsatisfied))


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str | None = None


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    TODO = "todo"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class TimelineStep:
    name: str  # 议题, 公示, 协商, 成果, 落实, 评价
    date: dt.date | None
    state: StepState


TIMELINE_STEPS = (
    words.STEP_PROPOSED,
    words.STEP_NOTICE,
    words.STEP_MEETING,
    words.STEP_OUTCOME,
    words.STEP_PROGRESS,
    words.STEP_EVALUATION,
)


@dataclass
class Case:
    id: str  # the ledger number, e.g. 2026-03
    community_id: str
    title: str
    category: str
    form: str
    proposed: Proposed
    source: Source
    body: str = ""
    body_first_line: int = 1
    notice: Notice | None = None
    meeting: Meeting | None = None
    participants: tuple[Participant, ...] = ()
    attendance: Attendance | None = None
    outcome: Outcome | None = None
    referrals: tuple[Referral, ...] = ()
    progress: tuple[ProgressUpdate, ...] = ()
    evaluation: Evaluation | None = None
    related: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    moved_from: tuple[str, ...] = ()
    plan: Plan | None = None
    minutes: Minutes | None = None
    supervision: Supervision | None = None
    allowance: Allowance | None = None

    @property
    def held(self) -> bool:
        """A meeting took place and was written up (an outcome other than withdrawn
        or declined)."""
        return self.meeting is not None and self.outcome is not None and self.outcome.result.met

    @property
    def key(self) -> str:
        """``community-id/case-id``: unique across the site, the page's path."""
        return f"{self.community_id}/{self.id}"

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def folder(self) -> Path:
        """The case's own folder of photos and attachments."""
        return self.path.with_suffix("")

    @property
    def ledger(self) -> tuple[int, int]:
        """(year, number): 2026-01 and 2026-001 are the same ledger entry."""
        year, number = self.id.split("-")
        return int(year), int(number)

    @property
    def meeting_date(self) -> dt.date | None:
        return self.meeting.start.date() if self.meeting else None

    @property
    def latest_progress(self) -> ProgressUpdate | None:
        return self.progress[-1] if self.progress else None

    @property
    def percent(self) -> int | None:
        return self.progress[-1].percent if self.progress else None

    @property
    def files(self) -> tuple[str, ...]:
        """The files this case publishes from its folder, as written (progress photos, then
        attachments, then the minutes' scan), each once."""
        named = [p for u in self.progress for p in u.photos] + [a.file for a in self.attachments]
        if self.minutes is not None and self.minutes.file:
            named.append(self.minutes.file)
        return tuple(dict.fromkeys(named))

    @property
    def implemented(self) -> bool:
        """The last progress update says done (see ``ProgressUpdate.done``)."""
        return bool(self.progress) and self.progress[-1].done

    @property
    def implemented_on(self) -> dt.date | None:
        """The date implementation first reached done, when the last update says done."""
        if not self.implemented:
            return None
        return next(p.date for p in self.progress if p.done)

    def meeting_ahead(self, today: dt.date) -> bool:
        """A meeting today or later: still ahead (as in the stage table)."""
        return self.meeting is not None and self.meeting.start.date() >= today

    def stage(self, today: dt.date) -> Stage:
        """The stage on ``today``: the first row of docs/format.md's table that matches."""
        if self.outcome is not None and self.outcome.result is not Result.AGREED:
            return outcome_stage(self.outcome.result)  # 二次协商, 提交会议决定, 已终止
        if self.evaluation is not None:
            return Stage.EVALUATED
        if self.progress:
            return self.progress[-1].stage  # 已落实 or 落实中
        if self.outcome is not None:
            return outcome_stage(self.outcome.result)  # 成果公示
        if self.meeting is not None and self.meeting.start.date() < today:
            return Stage.AWAITING_OUTCOME
        if self.notice is not None and today > self.notice.until:
            return Stage.AWAITING_MEETING
        if self.meeting is not None and self.notice is None:
            return Stage.AWAITING_MEETING
        if self.notice is not None and self.notice.posted <= today:
            return Stage.ON_NOTICE
        return Stage.COLLECTING

    def timeline(self, today: dt.date) -> list[TimelineStep]:
        """议题 → 公示 → 协商 → 成果 → 落实 → 评价, each with its date and state.

        The first step not yet done is ``current``; steps a finished case never
        reached (e.g. implementation of a rejected topic) are ``skipped``.
        """
        held = self.meeting is not None and (
            self.meeting.start.date() < today or self.outcome is not None
        )
        done = {
            words.STEP_PROPOSED: True,
            words.STEP_NOTICE: self.notice is not None and self.notice.posted <= today,
            words.STEP_MEETING: held,
            words.STEP_OUTCOME: self.outcome is not None,
            words.STEP_PROGRESS: self.implemented,
            words.STEP_EVALUATION: self.evaluation is not None,
        }
        dates = {
            words.STEP_PROPOSED: self.proposed.date,
            words.STEP_NOTICE: self.notice.posted if self.notice else None,
            words.STEP_MEETING: self.meeting_date,
            words.STEP_OUTCOME: self.outcome.date if self.outcome else None,
            words.STEP_PROGRESS: self.progress[-1].date if self.progress else None,
            words.STEP_EVALUATION: self.evaluation.date if self.evaluation else None,
        }
        finished_early = self.outcome is not None and self.outcome.result is not Result.AGREED
        steps: list[TimelineStep] = []
        current_given = False
        for name in TIMELINE_STEPS:
            if done[name]:
                state = StepState.DONE
            elif name == words.STEP_NOTICE and done[words.STEP_MEETING]:
                state = StepState.SKIPPED  # met without a posted notice
            elif finished_early or (
                name == words.STEP_MEETING and self.meeting is None and done[words.STEP_OUTCOME]
            ):
                state = StepState.SKIPPED
            elif not current_given:
                state = StepState.CURRENT
                current_given = True
            else:
                state = StepState.TODO
            steps.append(TimelineStep(name, dates[name], state))
        return steps


@dataclass(frozen=True)
class Withdrawn:
    """A case taken down (a legal request, a mistake): its address stays, saying so."""

    community_id: str
    case_id: str
    date: dt.date
    reason: str
    path: Path  # the withdrawn.yml it is declared in
    line: int

    @property
    def key(self) -> str:
        return f"{self.community_id}/{self.case_id}"


@dataclass
class Community:
    id: str
    name: str
    kind: str  # 社区 or 村
    town: str
    source: Source
    county: str | None = None
    households: int | None = None
    residents: int | None = None
    representatives: int | None = None
    records_from: dt.date | None = None
    board: str | None = None
    contact: str | None = None
    council_term: str | None = None
    members: tuple[CouncilMember, ...] | None = None  # None: no council listed
    description: str = ""
    cases: list[Case] = field(default_factory=list)
    withdrawn: list[Withdrawn] = field(default_factory=list)  # tombstones (withdrawn.yml)

    @property
    def resident_word(self) -> str:
        return resident_word(self.kind)

    @property
    def committee_word(self) -> str:
        return committee_word(self.kind)

    @property
    def place_word(self) -> str:
        return place_word(self.kind)

    @property
    def folder(self) -> Path:
        return self.source.path.parent

    def case(self, case_id: str) -> Case | None:
        for c in self.cases:
            if c.id == case_id:
                return c
        return None


def local_time(moment: dt.datetime) -> dt.datetime:
    """A model date-time (naive: local time, docs/format.md) with the local zone
    (``clock.zone()``, a real ``ZoneInfo``: iCalendar writes its name) attached; an aware
    one is returned as it is. Every published time carries its zone."""
    return moment.replace(tzinfo=clock.zone()) if moment.tzinfo is None else moment


def iso_time(moment: dt.datetime) -> str:
    """``2026-03-10T19:00:00+08:00``: RFC 3339 with the local offset (open data, JSON-LD)."""
    return local_time(moment).isoformat(timespec="seconds")


def meeting_cancelled(case: Case) -> bool:
    """A meeting whose case was withdrawn (calendars: STATUS:CANCELLED; open data)."""
    return case.outcome is not None and case.outcome.result is Result.WITHDRAWN


def content_date(case: Case, today: dt.date) -> dt.date:
    """The latest date of what the case's file says has happened (on or before
    ``today``): the proposal, notice, meeting, outcome, referrals, progress or
    evaluation. What its poster prints as 更新于, and its calendar event's DTSTAMP."""
    dates = [case.proposed.date]
    if case.notice:
        dates.append(case.notice.posted)
    if case.meeting:
        dates.append(case.meeting.start.date())
    if case.outcome:
        dates += [d for d in (case.outcome.date, case.outcome.published) if d]
    for r in case.referrals:
        dates += [d for d in (r.sent, r.replied) if d]
    dates += [p.date for p in case.progress]
    if case.evaluation:
        dates.append(case.evaluation.date)
    past = [d for d in dates if d <= today]
    return max(past) if past else case.proposed.date
