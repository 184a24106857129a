"""What a poster says: model -> ``PosterSpec`` (plain data, no drawing).

Every poster word is in ``generator/messages/posters.py``. A spec holds
everything the drawing depends on besides layout and font, so its JSON is also
the content part of the cache key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.messages import posters as words
from generator.model.cases import (
    Case,
    Community,
    Result,
    Stage,
    committee_word,
    content_date,
    place_word,
    resident_word,
)
from generator.model.chinese_dates import SPACE_BY_DATE, chinese_date, chinese_datetime, ymd
from generator.model.counting import consultations_in_year
from generator.model.deadlines import last_activity
from generator.source import fields as format_fields

if TYPE_CHECKING:
    from generator.check.analysis import Analysis
    from generator.findings import Finding

# The three poster headings, by stage: the one place that maps stages to them.
NOTICE_HEADING = words.NOTICE_HEADING
OUTCOME_HEADING = words.OUTCOME_HEADING
PROGRESS_HEADING = words.PROGRESS_HEADING

HEADING_BY_STAGE: dict[Stage, str] = {
    Stage.COLLECTING: NOTICE_HEADING,
    Stage.ON_NOTICE: NOTICE_HEADING,
    Stage.AWAITING_MEETING: NOTICE_HEADING,
    Stage.AWAITING_OUTCOME: NOTICE_HEADING,
    Stage.OUTCOME_PUBLISHED: OUTCOME_HEADING,
    Stage.ENDED: OUTCOME_HEADING,
    Stage.SECOND_ROUND: OUTCOME_HEADING,
    Stage.REFERRED: OUTCOME_HEADING,
    Stage.IMPLEMENTING: PROGRESS_HEADING,
    Stage.DONE: PROGRESS_HEADING,
    Stage.EVALUATED: PROGRESS_HEADING,
}

# "Worth posting" on the board (the community's -all.pdf print job): cases a
# resident can still act on or should hear about now.
CURRENT_STAGES = frozenset(
    {
        Stage.ON_NOTICE,
        Stage.AWAITING_MEETING,
        Stage.AWAITING_OUTCOME,
        Stage.OUTCOME_PUBLISHED,
        Stage.IMPLEMENTING,
    }
)
# Finished cases stay on the board this many days after their last event, so
# residents see how a matter ended (a result, a referral, the last progress).
RECENT_DAYS = 30
FINISHED_STAGES = frozenset(
    {Stage.ENDED, Stage.SECOND_ROUND, Stage.REFERRED, Stage.DONE, Stage.EVALUATED}
)

WARNINGS_LABEL = words.WARNINGS_LABEL  # drawn by posters/draw.py
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

# Labels a poster shares with the file format: the fields' own (source/fields.py).
_FORM_LABEL = format_fields.label(format_fields.CASE, "form")
_RESULT_LABEL = format_fields.label(format_fields.CASE, "outcome", "result")
_MEETING_LABEL = format_fields.label(format_fields.CASE, "meeting")
_PROPOSED_LABEL = format_fields.label(format_fields.CASE, "proposed")
_SUMMARY_LABEL = format_fields.label(format_fields.CASE, "outcome", "summary")


@dataclass(frozen=True)
class Fact:
    """One labelled line of a poster, e.g. 协商时间 / 2026年3月10日（星期二）19:00."""

    label: str
    value: str
    strong: bool = False  # drawn bold: the fact a resident looks for first
    max_lines: int | None = None  # fewer lines than the layout allows (a summary line)


@dataclass(frozen=True)
class PosterSpec:
    """Everything a poster shows. ``key`` is ``community/case`` or ``community``."""

    key: str
    kind: str  # "case" or "community"
    heading: str
    place_line: str  # 青禾县 禾城街道 西关社区
    title: str
    intro: str
    facts: tuple[Fact, ...]
    body_label: str
    body: str
    progress: int | None
    url: str
    short_url: str
    scan: str
    scan_more: str
    number: str | None  # 编号 2026-03
    notice_until: str | None
    committee: str
    contact: str | None
    printed: str  # the date of what the poster says (更新于 …), never the build's
    stage: str = ""
    body_essential: bool = False  # the body must get room (an outcome), else optional
    # Public warnings (逾期未反馈 …), one plain sentence each: the framed 提示 box.
    warnings: tuple[str, ...] = ()

    def plain(self) -> dict[str, object]:
        """``dataclasses.asdict(self)``, made directly (``asdict`` deep-copies every
        value: a second a build at 2,000 cases)."""
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in _SPEC_FIELDS}
        data["facts"] = tuple(
            {f.name: getattr(fact, f.name) for f in _FACT_FIELDS} for fact in self.facts
        )
        return data

    def to_json(self) -> str:
        """Stable JSON: the content part of the cache key."""
        return json.dumps(self.plain(), ensure_ascii=False, sort_keys=True)

    @property
    def version(self) -> str:
        """The version mark printed on the poster (``3F7A``): a hash of what it says.
        The public warnings are left out: they are the site's, not the notice's, and
        a version must be computable again from the case file's history."""
        return poster_version(self)


_SPEC_FIELDS = fields(PosterSpec)
_FACT_FIELDS = fields(Fact)


def poster_version(spec: PosterSpec) -> str:
    """Four hex digits from the spec's text without its warnings (see ``version``)."""
    data = spec.plain()
    data.pop("warnings")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:4].upper()


def heading_for(stage: Stage) -> str:
    """The poster heading for a stage."""
    return HEADING_BY_STAGE[stage]


def worth_posting(case: Case, today: dt.date) -> bool:
    """A case belongs on the notice board now: on notice, awaiting its meeting or
    outcome, outcome published, being implemented, or finished within RECENT_DAYS."""
    stage = case.stage(today)
    if stage in CURRENT_STAGES:
        return True
    if stage in FINISHED_STAGES:
        last = _last_event(case)
        return last is not None and (today - last).days <= RECENT_DAYS
    return False


def _last_event(case: Case) -> dt.date | None:
    dates = [d for d in (last_activity(case),) if d]
    if case.evaluation:
        dates.append(case.evaluation.date)
    if case.outcome and case.outcome.published:
        dates.append(case.outcome.published)
    return max(dates) if dates else None


def short_address(url: str) -> str:
    """The address as printed under the QR code: no scheme (``xs.example.cn/a/b/``)."""
    parts = urlsplit(url)
    return parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")


def meeting_time(start: dt.datetime, end: dt.datetime | None) -> str:
    """2026年3月10日（星期二）19:00—21:00"""
    text = chinese_datetime(start)
    if end is not None:
        text += (
            f"—{end:%H:%M}"
            if end.date() == start.date()
            else words.MEETING_ENDS_ANOTHER_DAY.format(
                date=chinese_date(end.date()), time=f"{end:%H:%M}"
            )
        )
    return text


def case_dates(case: Case) -> list[dt.date]:
    """Every date the case file gives (its events and deadlines): the days on which
    its poster can change without the file changing are among them and the days
    after them."""
    dates = [case.proposed.date]
    if case.notice:
        dates += [case.notice.posted, case.notice.until]
    if case.meeting:
        dates.append(case.meeting.start.date())
        if case.meeting.end:
            dates.append(case.meeting.end.date())
    if case.outcome:
        dates += [d for d in (case.outcome.date, case.outcome.published) if d]
    for r in case.referrals:
        dates += [d for d in (r.sent, r.due, r.replied) if d]
    dates += [p.date for p in case.progress]
    if case.evaluation:
        dates.append(case.evaluation.date)
    return dates


def dated_line(day: dt.date | None, posted: dt.date | None = None) -> str:
    """公示日期 2026年11月16日 when the latest date is the day this notice or outcome
    was posted, else 更新于 2026年11月20日 (empty without a date)."""
    if not day:
        return ""
    return (words.POSTED_ON if day == posted else words.UPDATED_ON).format(date=chinese_date(day))


def _posted(case: Case, heading: str) -> dt.date | None:
    """The day the notice (or the outcome) this poster shows was posted."""
    if heading == NOTICE_HEADING and case.notice:
        return case.notice.posted
    if heading == OUTCOME_HEADING and case.outcome:
        return case.outcome.published or case.outcome.date
    return None


def committee_name(community: Community) -> str:
    """西关社区居民委员会 / 东风村村民委员会: the body that posts the notice."""
    return words.COMMITTEE_NAME.format(name=community.name, residents=resident_word(community.kind))


def place_line(community: Community) -> str:
    """County, town and community, as on an official notice's first line."""
    return " ".join(p for p in (community.county, community.town, community.name) if p)


def participants_text(case: Case) -> str:
    """议事会成员 王建华、李秀兰；利益相关方 12人 — 共 14 人"""
    groups: dict[str, list[str]] = {}
    total = 0
    for p in case.participants:
        groups.setdefault(p.group, []).append(
            p.name if p.name else words.PARTICIPANT_COUNT.format(count=p.count)
        )
        total += p.headcount
    parts = [
        words.PARTICIPANT_GROUP.format(
            group=group, names=words.PARTICIPANT_NAME_SEPARATOR.join(names)
        )
        for group, names in groups.items()
    ]
    if not parts:
        return ""
    return words.PARTICIPANT_GROUP_SEPARATOR.join(parts) + words.PARTICIPANTS_TOTAL.format(
        total=total
    )


def vote_text(case: Case) -> str | None:
    """赞成 18 票，反对 2 票，弃权 1 票（到会 21 人）"""
    outcome, attendance = case.outcome, case.attendance
    present = attendance.present if attendance else None
    if outcome is None:
        return None
    if outcome.vote is None:
        return words.PRESENT.format(present=present) if present else None
    v = outcome.vote
    text = words.VOTE.format(for_=v.for_, against=v.against, abstain=v.abstain)
    return text + (words.VOTE_PRESENT.format(present=present) if present else "")


def _meeting_facts(case: Case) -> list[Fact]:
    facts: list[Fact] = []
    if case.meeting:
        m = case.meeting
        facts.append(Fact(words.MEETING_TIME_LABEL, meeting_time(m.start, m.end), strong=True))
        facts.append(Fact(words.MEETING_PLACE_LABEL, m.place, strong=True))
        facts.append(Fact(_FORM_LABEL, case.form))
        facts.append(Fact(words.HOST_LABEL, m.host))
        if case.participants:
            facts.append(Fact(words.PARTICIPANTS_LABEL, participants_text(case)))
    else:
        facts.append(Fact(_FORM_LABEL, case.form))
        facts.append(Fact(words.MEETING_TIME_LABEL, words.MEETING_TIME_TO_COME, strong=True))
    return facts


def _notice_intro(case: Case, stage: Stage, word: str, kind: str) -> str:
    if stage is Stage.AWAITING_OUTCOME and case.meeting:
        return words.INTRO_MEETING_HELD.format(date=chinese_date(case.meeting.start.date()))
    if stage is Stage.AWAITING_MEETING:
        return words.INTRO_AWAITING_MEETING
    if stage is Stage.ON_NOTICE:
        return words.INTRO_ON_NOTICE.format(residents=word, committee=committee_word(kind))
    return words.INTRO_COLLECTING.format(residents=word)


def _outcome_facts(case: Case, kind: str) -> list[Fact]:
    assert case.outcome is not None
    facts = [Fact(_RESULT_LABEL, case.outcome.result.label(kind), strong=True)]
    vote = vote_text(case)
    if vote:
        facts.append(Fact(words.VOTE_LABEL, vote))
    if case.meeting:
        m = case.meeting
        held = words.MEETING_HELD.format(
            date=chinese_date(m.start.date()), place=m.place, form=case.form
        )
        facts.append(Fact(_MEETING_LABEL, held))
    if case.meeting is None or case.meeting.start.date() != case.outcome.date:
        facts.append(Fact(words.OUTCOME_DATE_LABEL, chinese_date(case.outcome.date)))
    if case.outcome.result.met:  # an outcome of a meeting is filed (利川 二(4)4)
        filed = case.outcome.filed
        state = words.FILED.format(date=chinese_date(filed)) if filed else words.NOT_FILED
        facts.append(Fact(words.FILED_LABEL, state))
    return facts


def _progress_facts(case: Case) -> list[Fact]:
    """Latest update first; referrals in one line; the result itself goes into the
    body's label (协商成果（2026年6月10日达成共识）), and the bar is drawn above."""
    facts: list[Fact] = []
    latest = case.latest_progress
    if latest:
        note = words.LATEST_PROGRESS_NOTE.format(note=latest.note) if latest.note else ""
        facts.append(
            Fact(words.LATEST_PROGRESS_LABEL, f"{chinese_date(latest.date)}{note}", strong=True)
        )
    if case.evaluation:
        e = case.evaluation
        evaluation = words.EVALUATION.format(
            satisfied=e.satisfied or 0,
            basically_satisfied=e.basically_satisfied or 0,
            unsatisfied=e.unsatisfied or 0,
            date=chinese_date(e.date),
        )
        facts.append(Fact(words.EVALUATION_LABEL, evaluation, max_lines=2))
    if case.referrals:
        facts.append(Fact(words.REFERRALS_LABEL, referrals_text(case), max_lines=REFERRAL_LINES))
    return facts


REFERRAL_LINES = 3


def referrals_text(case: Case) -> str:
    """One line per referral: department, state and date, in that order, so a long
    name is never what looks cut (县住建局　已答复（2026年5月8日）, 县文旅局　待答复
    （2026年5月1日报送）); past ``REFERRAL_LINES`` the rest are counted."""
    lines = []
    for r in case.referrals:
        if r.replied:
            lines.append(words.REFERRAL_REPLIED.format(to=r.to, date=chinese_date(r.replied)))
        else:
            lines.append(words.REFERRAL_WAITING.format(to=r.to, date=chinese_date(r.sent)))
    if len(lines) > REFERRAL_LINES:
        rest = len(lines) - (REFERRAL_LINES - 1)
        lines = [*lines[: REFERRAL_LINES - 1], words.REFERRALS_MORE.format(count=rest)]
    return "\n".join(lines)


def warning_texts(findings: list[Finding]) -> tuple[str, ...]:
    """Public findings as a resident reads them: their public text, dates written
    out (2026年11月2日), each once, in order."""
    texts: list[str] = []
    for finding in findings:
        text = finding.public_text or finding.message
        text = _ISO_DATE.sub(lambda m: ymd(int(m[1]), int(m[2]), int(m[3])), text)
        text = SPACE_BY_DATE.sub("", text)  # "于 2025年11月7日 答复" -> "于2025年11月7日答复"
        if text and text not in texts:
            texts.append(text)
    return tuple(texts)


_TODAYS_SPECS = "posters.todays_specs"  # its name in ``Analysis.derived``


def todays_spec(analysis: Analysis, community: Community, case: Case | None = None) -> PosterSpec:
    """The poster of ``case`` (else of ``community``) on the analysis's day, without its
    public warnings: made once per analysis, shared by the glyph rule, the poster
    versions on the case pages and the posters themselves (``with_warnings``)."""
    specs = analysis.derived.setdefault(_TODAYS_SPECS, {})
    assert isinstance(specs, dict)
    key = case.key if case is not None else community.id
    spec = specs.get(key)
    if spec is None:
        config, today = analysis.config, analysis.today
        if case is not None:
            spec = case_spec(case, community, config.url(community.id, case.id), today)
        else:
            current = [c for c in community.cases if worth_posting(c, today)]
            spec = community_spec(community, config.url(community.id), today, current)
        specs[key] = spec
    return spec


def forget_todays_specs(analysis: Analysis) -> None:
    """Let the specs ``todays_spec`` made go (about 2 KB a case); made again if asked."""
    analysis.derived.pop(_TODAYS_SPECS, None)


def with_warnings(spec: PosterSpec, warnings: tuple[str, ...]) -> PosterSpec:
    """``spec`` with its public ``warnings`` (``warning_texts``): what ``case_spec`` or
    ``community_spec`` gives when handed them."""
    return dataclasses.replace(spec, warnings=warnings) if warnings else spec


def case_spec(
    case: Case,
    community: Community,
    url: str,
    today: dt.date,
    warnings: tuple[str, ...] = (),
) -> PosterSpec:
    """The poster of one case on ``today``: heading, facts and text by its stage, and
    its public ``warnings`` (see ``warning_texts``)."""
    stage = case.stage(today)
    heading = heading_for(stage)
    word = resident_word(community.kind)
    notice_until = None
    body_label, body = "", ""
    progress = None
    if heading == NOTICE_HEADING:
        facts = _meeting_facts(case)
        intro = _notice_intro(case, stage, word, community.kind)
        if case.notice and stage in (Stage.ON_NOTICE, Stage.COLLECTING):
            notice_until = chinese_date(case.notice.until)
            period = words.NOTICE_PERIOD.format(
                posted=chinese_date(case.notice.posted), until=notice_until
            )
            facts.insert(0, Fact(words.NOTICE_PERIOD_LABEL, period, strong=True))
        body_label = _PROPOSED_LABEL
        body = words.PROPOSED.format(
            date=chinese_date(case.proposed.date),
            by=case.proposed.by,
            channel=case.proposed.channel,
        )
    elif heading == OUTCOME_HEADING:
        facts = _outcome_facts(case, community.kind)
        intro = _outcome_intro(case, community.kind)
        assert case.outcome is not None
        body_label, body = _SUMMARY_LABEL, case.outcome.summary
    else:
        facts = _progress_facts(case)
        progress = case.percent
        intro = ""  # the heading says it; 欢迎监督 is under the QR code: room for facts
        if case.outcome:
            result = case.outcome.result.label(community.kind)
            body_label = words.OUTCOME_WITH_RESULT.format(
                summary=_SUMMARY_LABEL, date=chinese_date(case.outcome.date), result=result
            )
            body = case.outcome.summary
    return PosterSpec(
        key=case.key,
        kind="case",
        heading=heading,
        place_line=place_line(community),
        title=case.title,
        intro=intro,
        facts=tuple(facts),
        body_label=body_label,
        body=body,
        progress=progress,
        url=url,
        short_url=short_address(url),
        scan=words.SCAN_CASE,
        # Minutes are promised online only where a scan is published (kept_at: on paper).
        scan_more=words.SCAN_CASE_MORE
        if case.minutes is not None and case.minutes.file
        else words.SCAN_CASE_MORE_NO_MINUTES,
        number=words.CASE_NUMBER.format(id=case.id),
        notice_until=notice_until,
        committee=committee_name(community),
        contact=community.contact,
        printed=dated_line(content_date(case, today), _posted(case, heading)),
        stage=str(stage),
        body_essential=heading != NOTICE_HEADING,
        warnings=warnings,
    )


def _outcome_intro(case: Case, kind: str) -> str:
    assert case.outcome is not None
    result = case.outcome.result
    word = resident_word(kind)
    if result is Result.SECOND_ROUND:
        return words.INTRO_SECOND_ROUND
    if result is Result.REFERRED:
        return words.INTRO_REFERRED.format(residents=word)
    if result is Result.DECLINED:
        return words.INTRO_DECLINED
    if result in (Result.REJECTED, Result.WITHDRAWN):
        return words.INTRO_ENDED
    return words.INTRO_AGREED


def community_spec(
    community: Community,
    url: str,
    today: dt.date,
    current: list[Case],
    warnings: tuple[str, ...] = (),
) -> PosterSpec:
    """The community's poster: a QR code to the list of all its cases, and the
    cases now on the board."""
    # The same count as the community's page: one function decides what counts.
    held = consultations_in_year(community.cases, today.year, today)
    town = " ".join(p for p in (community.county, community.town) if p)
    facts = [Fact(words.TOWN_LABEL, town)]
    if community.council_term or community.members:
        members = (
            words.COUNCIL_MEMBERS.format(count=len(community.members)) if community.members else ""
        )
        term = (
            words.COUNCIL_TERM.format(term=community.council_term) if community.council_term else ""
        )
        council = words.COUNCIL.format(term=term, members=members).rstrip()
        facts.append(Fact(words.COUNCIL_LABEL, council))
    this_year = words.THIS_YEAR.format(year=today.year, held=held, cases=len(community.cases))
    facts.append(Fact(words.THIS_YEAR_LABEL, this_year, strong=True))
    if community.board:
        facts.append(Fact(words.BOARD_LABEL, community.board))
    lines = [
        words.CURRENT_CASE.format(id=c.id, title=c.title, stage=c.stage(today)) for c in current
    ]
    return PosterSpec(
        key=community.id,
        kind="community",
        heading=words.COMMUNITY_HEADING,
        place_line=place_line(community),
        title=words.COMMUNITY_TITLE.format(name=community.name),
        intro=words.COMMUNITY_INTRO.format(residents=resident_word(community.kind)),
        facts=tuple(facts),
        body_label=words.CURRENT_LABEL if lines else "",
        body="\n".join(lines),
        progress=None,
        url=url,
        short_url=short_address(url),
        scan=words.SCAN_COMMUNITY.format(place=place_word(community.kind)),
        scan_more=words.SCAN_COMMUNITY_MORE,
        number=None,
        notice_until=None,
        committee=committee_name(community),
        contact=community.contact,
        printed=dated_line(max((content_date(c, today) for c in community.cases), default=None)),
        warnings=warnings,
    )
