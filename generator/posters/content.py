"""What a poster says: model -> ``PosterSpec`` (plain data, no drawing).

Every poster text lives here (Chinese, for review in one place). A spec holds
everything the drawing depends on besides layout and font, so its JSON is also
the content part of the cache key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.model.cases import Case, Community, Result, Stage, resident_word
from generator.model.chinese_dates import chinese_date, chinese_datetime
from generator.model.counting import consultations_in_year
from generator.model.deadlines import last_activity

if TYPE_CHECKING:
    from generator.findings import Finding

# The three poster headings, by stage: the one place that maps stages to them.
NOTICE_HEADING = "协商议题公示"
OUTCOME_HEADING = "协商结果公示"
PROGRESS_HEADING = "落实情况公示"
COMMUNITY_HEADING = "协商事项公开"

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

SCAN_CASE = "微信扫码\n查看详情"
SCAN_CASE_MORE = "会议纪要、表决结果、落实进度都在网页上公开，欢迎监督。"
# Minutes are promised only where the case has some (利川: 会议记录 kept; not always published).
SCAN_CASE_MORE_NO_MINUTES = "表决结果、落实进度都在网页上公开，欢迎监督。"
SCAN_COMMUNITY = "扫码查看本{place}\n全部协商事项"  # 本社区 / 本村
SCAN_COMMUNITY_MORE = "每个议题的公示、协商结果和落实情况，都可在网页上查看。"
WARNINGS_LABEL = "提示"
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SPACE_BY_DATE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=\d{4}年)|(?<=\d日) +(?=[\u4e00-\u9fff])")


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
            else f" 至 {chinese_date(end.date())} {end:%H:%M}"
        )
    return text


def place_word(kind: str) -> str:
    """社区 for a 社区, 村 for a 村 (本社区 / 本村)."""
    return "村" if kind == "村" else "社区"


def committee_short(kind: str) -> str:
    """居委会 / 村委会: the committee as residents call it."""
    return "村委会" if kind == "村" else "居委会"


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


def content_date(case: Case, today: dt.date) -> dt.date:
    """The latest date of what the case's poster says (on or before ``today``): the
    proposal, notice, meeting, outcome, referrals, progress or evaluation."""
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


def dated_line(day: dt.date | None, posted: dt.date | None = None) -> str:
    """公示日期 2026年11月16日 when the latest date is the day this notice or outcome
    was posted, else 更新于 2026年11月20日 (empty without a date)."""
    if not day:
        return ""
    return f"{'公示日期' if day == posted else '更新于'} {chinese_date(day)}"


def _posted(case: Case, heading: str) -> dt.date | None:
    """The day the notice (or the outcome) this poster shows was posted."""
    if heading == NOTICE_HEADING and case.notice:
        return case.notice.posted
    if heading == OUTCOME_HEADING and case.outcome:
        return case.outcome.published or case.outcome.date
    return None


def committee_name(community: Community) -> str:
    """西关社区居民委员会 / 东风村村民委员会: the body that posts the notice."""
    return f"{community.name}{resident_word(community.kind)}委员会"


def place_line(community: Community) -> str:
    """County, town and community, as on an official notice's first line."""
    return " ".join(p for p in (community.county, community.town, community.name) if p)


def participants_text(case: Case) -> str:
    """议事会成员 王建华、李秀兰；利益相关方 12人 — 共 14 人"""
    groups: dict[str, list[str]] = {}
    total = 0
    for p in case.participants:
        groups.setdefault(p.group, []).append(p.name if p.name else f"{p.count}人")
        total += p.headcount
    parts = [f"{group} {'、'.join(names)}" for group, names in groups.items()]
    return "；".join(parts) + f"（共 {total} 人）" if parts else ""


def vote_text(case: Case) -> str | None:
    """赞成 18 票，反对 2 票，弃权 1 票（到会 21 人）"""
    outcome, attendance = case.outcome, case.attendance
    present = attendance.present if attendance else None
    if outcome is None:
        return None
    if outcome.vote is None:
        return f"到会 {present} 人" if present else None
    v = outcome.vote
    text = f"赞成 {v.for_} 票，反对 {v.against} 票，弃权 {v.abstain} 票"
    return text + (f"（到会 {present} 人）" if present else "")


def _meeting_facts(case: Case) -> list[Fact]:
    facts: list[Fact] = []
    if case.meeting:
        m = case.meeting
        facts.append(Fact("协商时间", meeting_time(m.start, m.end), strong=True))
        facts.append(Fact("协商地点", m.place, strong=True))
        facts.append(Fact("协商形式", case.form))
        facts.append(Fact("主 持 人", m.host))
        if case.participants:
            facts.append(Fact("参加人员", participants_text(case)))
    else:
        facts.append(Fact("协商形式", case.form))
        facts.append(Fact("协商时间", "另行通知", strong=True))
    return facts


def _notice_intro(case: Case, stage: Stage, word: str, kind: str) -> str:
    if stage is Stage.AWAITING_OUTCOME and case.meeting:
        return (
            f"协商会议已于{chinese_date(case.meeting.start.date())}召开，协商结果整理后将另行公示。"
        )
    if stage is Stage.AWAITING_MEETING:
        return "公示期已满，协商会议将按以下安排召开。"
    if stage is Stage.ON_NOTICE:
        return f"现将以下协商议题予以公示。{word}对议题有意见建议的，请在公示期内向{committee_short(kind)}反映。"
    return f"现就以下议题征集{word}意见建议，协商安排确定后另行公示。"


def _outcome_facts(case: Case, kind: str) -> list[Fact]:
    assert case.outcome is not None
    facts = [Fact("协商结果", case.outcome.result.label(kind), strong=True)]
    vote = vote_text(case)
    if vote:
        facts.append(Fact("表决情况", vote))
    if case.meeting:
        m = case.meeting
        facts.append(Fact("协商会议", f"{chinese_date(m.start.date())} {m.place}（{case.form}）"))
    if case.meeting is None or case.meeting.start.date() != case.outcome.date:
        facts.append(Fact("形成日期", chinese_date(case.outcome.date)))
    if case.outcome.result.met:  # an outcome of a meeting is filed (利川 二(4)4)
        filed = case.outcome.filed
        facts.append(Fact("备　　案", f"{chinese_date(filed)}已备案" if filed else "尚未备案"))
    return facts


def _progress_facts(case: Case) -> list[Fact]:
    """Latest update first; referrals in one line; the result itself goes into the
    body's label (协商成果（2026年6月10日达成共识）), and the bar is drawn above."""
    facts: list[Fact] = []
    latest = case.latest_progress
    if latest:
        note = f"：{latest.note}" if latest.note else ""
        facts.append(Fact("最新进展", f"{chinese_date(latest.date)}{note}", strong=True))
    if case.evaluation:
        e = case.evaluation
        facts.append(
            Fact(
                "群众评议",
                f"满意 {e.satisfied or 0}，基本满意 {e.basically_satisfied or 0}，不满意 {e.unsatisfied or 0}"
                f"（{chinese_date(e.date)}）",
                max_lines=2,
            )
        )
    if case.referrals:
        facts.append(Fact("报送部门", referrals_text(case), max_lines=REFERRAL_LINES))
    return facts


REFERRAL_LINES = 3


def referrals_text(case: Case) -> str:
    """One line per referral: department, state and date, in that order, so a long
    name is never what looks cut (县住建局　已答复（2026年5月8日）, 县文旅局　待答复
    （2026年5月1日报送）); past ``REFERRAL_LINES`` the rest are counted."""
    lines = []
    for r in case.referrals:
        if r.replied:
            lines.append(f"{r.to}　已答复（{chinese_date(r.replied)}）")
        else:
            lines.append(f"{r.to}　待答复（{chinese_date(r.sent)}报送）")
    if len(lines) > REFERRAL_LINES:
        rest = len(lines) - (REFERRAL_LINES - 1)
        lines = [*lines[: REFERRAL_LINES - 1], f"另有 {rest} 个部门，详见网页"]
    return "\n".join(lines)


def warning_texts(findings: list[Finding]) -> tuple[str, ...]:
    """Public findings as a resident reads them: their public text, dates written
    out (2026年11月2日), each once, in order."""
    texts: list[str] = []
    for finding in findings:
        text = finding.public_text or finding.message
        text = _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
        text = _SPACE_BY_DATE.sub("", text)  # "于 2025年11月7日 答复" -> "于2025年11月7日答复"
        if text and text not in texts:
            texts.append(text)
    return tuple(texts)


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
            period = f"{chinese_date(case.notice.posted)}至{notice_until}"
            facts.insert(0, Fact("公 示 期", period, strong=True))
        body_label = "议题提出"
        body = f"{chinese_date(case.proposed.date)}由{case.proposed.by}提出（{case.proposed.channel}）。"
    elif heading == OUTCOME_HEADING:
        facts = _outcome_facts(case, community.kind)
        intro = _outcome_intro(case, community.kind)
        assert case.outcome is not None
        body_label, body = "协商成果", case.outcome.summary
    else:
        facts = _progress_facts(case)
        progress = case.percent
        intro = ""  # the heading says it; 欢迎监督 is under the QR code: room for facts
        if case.outcome:
            result = case.outcome.result.label(community.kind)
            body_label = f"协商成果（{chinese_date(case.outcome.date)}{result}）"
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
        scan=SCAN_CASE,
        # Minutes are promised online only where a scan is published (kept_at: on paper).
        scan_more=SCAN_CASE_MORE
        if case.minutes is not None and case.minutes.file
        else SCAN_CASE_MORE_NO_MINUTES,
        number=f"编号 {case.id}",
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
        return "本议题经协商未能形成一致意见，将再次组织协商。"
    if result is Result.REFERRED:
        return f"本议题经协商，提交{word}会议讨论决定。"
    if result is Result.DECLINED:
        return "本议题经审查不予协商，理由公示如下。"
    if result in (Result.REJECTED, Result.WITHDRAWN):
        return "本议题协商已终止，情况公示如下。"
    return "经协商议事，形成以下协商成果，现予公示，欢迎监督。"


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
    facts = [Fact("所属街镇", " ".join(p for p in (community.county, community.town) if p))]
    if community.council_term or community.members:
        members = f"，成员 {len(community.members)} 人" if community.members else ""
        term = f"{community.council_term} 届" if community.council_term else ""
        facts.append(Fact("议 事 会", f"协商议事会 {term}{members}".rstrip()))
    facts.append(
        Fact(
            "今年协商",
            f"{today.year}年已召开协商会议 {held} 次；网上共公开协商事项 {len(community.cases)} 件",
            strong=True,
        )
    )
    if community.board:
        facts.append(Fact("公 开 栏", community.board))
    lines = [f"{c.id}　{c.title}（{c.stage(today)}）" for c in current]
    return PosterSpec(
        key=community.id,
        kind="community",
        heading=COMMUNITY_HEADING,
        place_line=place_line(community),
        title=f"{community.name}协商议事",
        intro=f"{resident_word(community.kind)}提出的议题、会前公示、协商结果和落实情况，全部在网上公开。",
        facts=tuple(facts),
        body_label="当前公开的事项" if lines else "",
        body="\n".join(lines),
        progress=None,
        url=url,
        short_url=short_address(url),
        scan=SCAN_COMMUNITY.format(place=place_word(community.kind)),
        scan_more=SCAN_COMMUNITY_MORE,
        number=None,
        notice_until=None,
        committee=committee_name(community),
        contact=community.contact,
        printed=dated_line(max((content_date(c, today) for c in community.cases), default=None)),
        warnings=warnings,
    )
