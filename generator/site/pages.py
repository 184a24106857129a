"""Model to page sources: the home, community, case, tracker and statistics pages.

Plain functions of the ``Analysis``; no MkDocs here. HTML comes from Jinja templates
in ``themes/pages/`` (a project's own ``themes/pages/`` overrides them), with
autoescape on, so every value from a clerk's YAML is escaped. Stages and deadlines
are asked of the model (``Case.stage``, ``Case.timeline``, ``generator.model.deadlines``),
never recomputed here.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from generator.check.project import Analysis
from generator.findings import Finding
from generator.messages import site as words
from generator.model import history
from generator.model.cases import (
    Case,
    Community,
    Result,
    Stage,
    Withdrawn,
    committee_word,
    resident_word,
)
from generator.model.counting import records_start, year_counts
from generator.model.deadlines import referral_status
from generator.model.joint import joint_proposal
from generator.model.workdays import UnknownYear
from generator.outputs import calendars, jsonld, stats
from generator.posters import names as poster_names
from generator.site import search_shards
from generator.site.images import Variant, WebImage, is_image, variant_name
from generator.site.sanitize import render_markdown
from generator.site.search_css import SEARCH_STYLES
from generator.site.search_index import STOP_CHARACTERS
from generator.site.templating import cn_date, template_env
from generator.source import policies as sources
from generator.source.config import SiteConfig
from generator.source.media import published_names

HOME_LIST_LIMIT = 8
SEARCH_SCRIPT = "assets/javascripts/search.js"  # themes/material/assets/javascripts/

# One colour family per group of stages (CSS classes in noticeboard.css).
STAGE_TONE = {
    Stage.COLLECTING: "collect",
    Stage.ON_NOTICE: "notice",
    Stage.AWAITING_MEETING: "notice",
    Stage.AWAITING_OUTCOME: "outcome",
    Stage.OUTCOME_PUBLISHED: "outcome",
    Stage.IMPLEMENTING: "doing",
    Stage.DONE: "done",
    Stage.EVALUATED: "done",
    Stage.ENDED: "ended",
    Stage.SECOND_ROUND: "referred",
    Stage.REFERRED: "referred",
}


@dataclass
class Page:
    """One generated page: its MkDocs source path, its address and its HTML body."""

    src_uri: str  # e.g. "xiguan/2026-03.md"
    url: str  # site-relative address, e.g. "xiguan/2026-03/" ("" for home)
    title: str
    html: str
    community: str | None = None
    script: str | None = None  # site-relative path of a script only this page loads
    styles: str | None = None  # site-relative path of a stylesheet in place of Material's
    description: str = ""  # one line for share cards and <meta name="description">
    read_aloud: bool = False  # a 朗读 button reads the page's main text (noticeboard.js)


@dataclass(frozen=True)
class Asset:
    """A case file published beside its page (a photo or an attachment)."""

    source: Path
    dest: str  # site-relative path, e.g. "xiguan/2026-03/files/photo1.jpg"
    image: WebImage | None = None  # set for photos: the resized copy to publish


@dataclass
class Redirect:
    old: str  # e.g. "xiguan/2025-09/"
    new: str  # e.g. "xiguan/2026-01/"
    title: str


@dataclass
class SitePlan:
    """Everything the adapter publishes: pages, files, redirects and the navigation."""

    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    # A plan of some communities only (``plan_site(only=…)``, a preview rebuild): the
    # other communities' pages, in the navigation but not rendered again.
    kept: list[str] = field(default_factory=list)


# --- a page's one line ------------------------------------------------------------------


SHARE_LINE_LIMIT = 80  # characters: what a WeChat share card shows, and then some


def share_line(text: str) -> str:
    """One line of plain text for a share card: whitespace folded, cut at a limit."""
    line = " ".join(text.split())
    return line if len(line) <= SHARE_LINE_LIMIT else line[: SHARE_LINE_LIMIT - 1] + "…"


def case_line(case: Case) -> str:
    """What a case is about, in one line: its outcome, else its title."""
    return case.outcome.summary if case.outcome and case.outcome.summary else case.title


# --- the plan --------------------------------------------------------------------------


class _Planner:
    def __init__(
        self,
        analysis: Analysis,
        images: dict[Path, WebImage],
        variants: dict[Path, list[Variant]] | None = None,
        only: set[str] | None = None,
    ):
        self.a = analysis
        self.only = only
        self.today = analysis.today
        self.images = images
        self.variants = variants or {}
        self.env = template_env(analysis.config.root)
        self.stage_of: dict[str, Stage] = {c.key: c.stage(self.today) for c in analysis.cases}
        self._published: dict[str, dict[str, str]] = {}  # case key -> name -> published name
        self._poster_versions: dict[str, Any] | None = None

    def poster_versions(self, case: Case) -> list[Any]:
        """The versions of the case's poster, today's first (all cases' at once: one
        git call for the site)."""
        if self._poster_versions is None:
            from generator.posters.content import forget_todays_specs, todays_spec
            from generator.posters.versions import poster_versions

            pairs = []
            for community in self.a.communities:
                if self.planned(community.id):
                    pairs += [(c, community) for c in community.cases]
            self._poster_versions = poster_versions(
                pairs,
                self.a.config,
                self.today,
                todays=lambda case, community: todays_spec(self.a, community, case),
            )
            # Not held through the rest of the build, its peak (20 MB at 10,000 cases):
            # what reads posters' texts after the pages makes them again.
            forget_todays_specs(self.a)
        return self._poster_versions.get(case.key, [])

    def planned(self, community_id: str) -> bool:
        """Whether this community's pages are in the plan (all but in a preview rebuild)."""
        return self.only is None or community_id in self.only

    # addresses ------------------------------------------------------------------
    def community_url(self, community_id: str) -> str:
        return self.a.config.page_path(community_id)

    def case_url(self, case: Case) -> str:
        return self.a.config.page_path(case.community_id, case.id)

    def render(self, template: str, page_url: str, **context: Any) -> str:
        root = "../" * page_url.count("/")
        return self.env.get_template(template).render(
            root=root, today=self.today, site_name=self.a.config.site_name, **context
        )

    # shared views ---------------------------------------------------------------
    def case_ref(self, case: Case) -> dict[str, Any]:
        community = self.a.project.community(case.community_id)
        stage = self.stage_of[case.key]
        return {
            "case": case,
            "url": self.case_url(case),
            "community": community,
            "stage": stage,
            "tone": STAGE_TONE[stage],
        }

    def warning_ref(self, finding: Finding) -> dict[str, Any]:
        community = self.a.project.community(finding.community) if finding.community else None
        case = (
            self.a.project.find_case(f"{finding.community}/{finding.case}")
            if finding.case
            else None
        )
        if case is not None:
            url, title = self.case_url(case), case.title
        elif community is not None:
            url, title = self.community_url(community.id), community.name
        else:
            url, title = "", ""
        return {
            "text": finding.public_text or finding.message,
            "url": url,
            "title": title,
            "community": community,
            "code": finding.code,
        }

    def joint_view(self, case: Case, community: Community) -> dict[str, Any] | None:
        """A joint proposal that reaches the share, where that share binds the county
        (利川 lists such matters among those to consult on; it sets no duty)."""
        joint = joint_proposal(case, community, self.a.config.rules)
        if joint is None or not joint.reached:
            return None
        cite = sources.threshold(self.a.config, joint.rule, joint.share)
        if not cite.binding:
            return None
        return {"joint": joint, "source": cite.text}

    def referral_views(self, case: Case) -> list[dict[str, Any]]:
        """Each referral with its status; an entrusted matter's rule (days and source)
        only where it binds the county: a deadline the county never made its own is
        not held against a department in public."""
        rules = self.a.config.rules
        cite = sources.threshold(self.a.config, "referral_workdays", rules.referral_workdays)
        views = []
        for referral in case.referrals:
            try:
                status = referral_status(referral, self.today, self.a.calendar, rules)
            except UnknownYear:
                status = None
            bound = referral.entrusted and cite.binding
            if referral.entrusted and not cite.binding and referral.due is None:
                status = None
            views.append(
                {
                    "referral": referral,
                    "status": status,
                    "rule": {"days": rules.referral_workdays, "source": cite.text}
                    if bound
                    else None,
                }
            )
        return views

    # pages --------------------------------------------------------------------
    def home(self) -> Page:
        refs = [self.case_ref(c) for c in self.a.cases]
        on_notice = sorted(
            (r for r in refs if r["stage"] is Stage.ON_NOTICE),
            key=lambda r: (r["case"].meeting_date or dt.date.max, r["case"].key),
        )
        upcoming = sorted(
            (r for r in refs if r["case"].outcome is None and r["case"].meeting_ahead(self.today)),
            key=lambda r: r["case"].meeting.start,
        )
        outcomes = sorted(
            (r for r in refs if r["case"].outcome),
            key=lambda r: (r["case"].outcome.date, r["case"].key),
            reverse=True,
        )
        implementing = sorted(
            (r for r in refs if r["stage"] is Stage.IMPLEMENTING),
            key=lambda r: (r["case"].latest_progress.date, r["case"].key),
            reverse=True,
        )
        towns: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for community in self.a.communities:
            towns[community.town].append(
                {"community": community, "url": self.community_url(community.id)}
            )
        html = self.render(
            "home.html",
            "",
            on_notice=on_notice,
            upcoming=upcoming,
            outcomes=outcomes[:HOME_LIST_LIMIT],
            outcomes_total=len(outcomes),
            implementing=implementing[:HOME_LIST_LIMIT],
            implementing_total=len(implementing),
            warnings=[self.warning_ref(f) for f in self.a.public_findings()],
            towns=sorted(towns.items()),
            county=self.a.config.county,
            description=self.a.config.description,
            case_count=len(refs),
            community_count=len(self.a.communities),
        )
        return Page("index.md", "", self.a.config.site_name, html)

    def community(self, community: Community) -> Page:
        url = self.community_url(community.id)
        minimum = self.a.config.rules.yearly_minimum
        minimum_cite = sources.threshold(self.a.config, "yearly_minimum", minimum)
        by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for case in community.cases:
            by_year[case.ledger[0]].append(self.case_ref(case))
        groups: dict[str, list[Any]] = defaultdict(list)
        for member in community.members or ():
            groups[member.group or words.OTHER_GROUP].append(member)
        order = {g: i for i, g in enumerate(self.a.config.lists.council_groups)}
        members = community.members or ()
        html = self.render(
            "community.html",
            url,
            c=community,
            rw=community.resident_word,
            years=[
                {
                    "year": y.year,
                    "cases": sorted(
                        by_year.get(y.year, []), key=lambda r: r["case"].ledger, reverse=True
                    ),
                    "held": y.held,
                    "minimum": minimum if minimum_cite.binding else None,
                    "current": y.current,
                    "judged": y.judged,
                    "short": y.short and minimum_cite.binding,
                }
                for y in year_counts(community, self.today, minimum)
            ],
            records_start=records_start(community.cases, community.records_from),
            minimum_source=minimum_cite.text if minimum_cite.binding else None,
            council_groups=sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))),
            council_total=len(members),
            cadres=sum(1 for m in members if m.cadre),
            warnings=[self.warning_ref(f) for f in self.a.public_for_community(community)],
            case_warnings=[
                self.warning_ref(f) for f in self.a.public_of_community_cases(community)
            ],
            description_html=Markup(render_markdown(community.description)),
            poster=poster_names.links(community.id),
        )
        return Page(
            f"{community.id}/index.md",
            url,
            community.name,
            html,
            community.id,
            description=share_line(
                words.COMMUNITY_SHARE_LINE.format(
                    town=community.town, community=community.name, n=len(community.cases)
                )
            ),
            read_aloud=True,
        )

    def case(self, case: Case) -> Page:
        community = self.a.project.community(case.community_id)
        assert community is not None
        url = self.case_url(case)
        stage = self.stage_of[case.key]
        # Participants by group, in the configured order; unnamed groups with counts.
        order = {g: i for i, g in enumerate(self.a.config.lists.participant_groups)}
        grouped: dict[str, list[Any]] = defaultdict(list)
        for p in case.participants:
            grouped[p.group].append(p)
        participants = [
            {
                "group": g,
                "named": [p for p in ps if p.name],
                "unnamed": [p for p in ps if p.count is not None],
                "headcount": sum(p.headcount for p in ps),
            }
            for g, ps in sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order)))
        ]
        vote = case.outcome.vote if case.outcome else None
        present = case.attendance.present if case.attendance else None
        # Votes are drawn against those entitled to vote (else all present).
        base = case.attendance.vote_base if case.attendance else None
        vote_base = (
            (base or 0) if base and vote and base >= vote.total else (vote.total if vote else 0)
        )
        evaluation = case.evaluation
        related = []
        for ref in case.related:
            key = ref if "/" in ref else f"{case.community_id}/{ref}"
            other = self.a.project.find_case(key)
            if other is not None:
                related.append(self.case_ref(other))
        progress_photos = {
            i: [self.asset_view(case, photo) for photo in update.photos]
            for i, update in enumerate(case.progress)
        }
        attachments = [
            {"title": a.title or Path(a.file).name, **self.asset_view(case, a.file)}
            for a in case.attachments
        ]
        kind = community.kind
        notice = case.notice
        # Minutes shown whenever recorded: a scan to open, or where the original is kept.
        minutes = (
            {
                "kept_at": case.minutes.kept_at,
                "href": None,
                **(self.asset_view(case, case.minutes.file) if case.minutes.file else {}),
            }
            if case.minutes is not None
            else None
        )
        html = self.render(
            "case.html",
            url,
            case=case,
            c=community,
            rw=resident_word(kind),
            cw=committee_word(kind),
            joint=self.joint_view(case, community),
            # 北京 2016: during 公示, residents may apply to join (how and by when).
            join=notice is not None
            and case.outcome is None
            and notice.posted <= self.today <= notice.apply_by,
            minutes=minutes,
            declined=bool(case.outcome and case.outcome.result is Result.DECLINED),
            stage=stage,
            tone=STAGE_TONE[stage],
            timeline=case.timeline(self.today),
            participants=participants,
            headcount=sum(p.headcount for p in case.participants),
            result_label=case.outcome.result.label(kind) if case.outcome else "",
            agreed=bool(case.outcome and case.outcome.result is Result.AGREED),
            present=present,
            vote=vote,
            vote_base=vote_base,
            referrals=self.referral_views(case),
            progress=list(enumerate(case.progress)),
            progress_photos=progress_photos,
            evaluation=evaluation,
            attachments=attachments,
            related=related,
            body_html=Markup(render_markdown(case.body)),
            warnings=[self.warning_ref(f) for f in self.a.public_for_case(case)],
            poster=poster_names.links(case.key),
            poster_versions=self.poster_versions(case),
            revisions=history.case_revisions(case, self.a.config.history_from),
            ics=calendars.case_calendar_href(self.today, case),
            permalink=self.a.config.url(case.community_id, case.id),
            search=self.search_facts(case),
            event_ld=jsonld.meeting_event(self.a.config, community, case),
        )
        return Page(
            f"{case.community_id}/{case.id}.md",
            url,
            case.title,
            html,
            case.community_id,
            description=share_line(
                words.CASE_SHARE_LINE.format(
                    stage=stage, community=community.name, line=case_line(case)
                )
            ),
            read_aloud=True,
        )

    @staticmethod
    def search_facts(case: Case) -> dict[str, Any]:
        """The year filter and the date a search result shows.

        No Pagefind sort by date: its page order would be loaded with every search
        (22 KB gzipped at 10,000 cases), more than the results themselves.
        """
        when = case.meeting_date
        label = (
            words.CASE_MET_ON.format(date=cn_date(when))
            if when
            else words.CASE_PROPOSED_ON.format(date=cn_date(case.proposed.date))
        )
        return {"year": case.ledger[0], "date": label}

    def search(self) -> Page:
        """The search page: a form whose choices are the values the index has as filters."""
        towns: dict[str, list[Community]] = defaultdict(list)
        for community in self.a.communities:
            towns[community.town].append(community)
        present = {self.stage_of[c.key] for c in self.a.cases}
        stages = [(s, STAGE_TONE[s]) for s in reversed(Stage) if s in present]
        used = {c.category for c in self.a.cases}
        categories = [k for k in self.a.config.lists.categories if k in used]
        categories += sorted(used - set(categories))
        html = self.render(
            "search.html",
            "search/",
            towns=sorted(towns.items()),
            stages=stages,
            years=sorted({c.ledger[0] for c in self.a.cases}, reverse=True),
            categories=categories,
            stop_characters=STOP_CHARACTERS,
            shards={t["town"]: t["shard"] for t in search_shards.plan(self.a)},
            county=search_shards.COUNTY,
        )
        return Page(
            "search.md",
            "search/",
            words.SEARCH_TITLE,
            html,
            script=SEARCH_SCRIPT,
            styles=SEARCH_STYLES,
        )

    def asset_dest(self, case: Case, relative: str) -> str:
        names = self._published.get(case.key)
        if names is None:
            names = self._published[case.key] = published_names(list(case.files), is_image)
        name = names.get(relative) or published_names([relative], is_image)[relative]
        return f"{self.case_url(case)}files/{name}"

    def asset_view(self, case: Case, relative: str) -> dict[str, Any]:
        source = case.folder / relative
        image = self.images.get(source)
        dest = self.asset_dest(case, relative)
        size = (
            image.path.stat().st_size
            if image
            else (source.stat().st_size if source.is_file() else 0)
        )
        # Relative to the case page, which lives at <community>/<case>/.
        href = quote(posixpath.relpath(dest, self.case_url(case)))
        view = {
            "href": href,
            "image": image,
            "size_kb": max(1, round(size / 1024)),
            "dest": dest,
            "webp_srcset": "",
        }
        variants = self.variants.get(source, [])
        if image is not None and variants:
            # srcset: the phone takes the smallest copy that fills its slot (480 px wide
            # at 1x, 960 at 2x), WebP where it reads WebP; the link keeps the full photo.
            folder = posixpath.dirname(posixpath.relpath(dest, self.case_url(case)))
            name = posixpath.basename(dest)

            def srcset(fmt: str) -> str:
                return ", ".join(
                    f"{quote(posixpath.join(folder, variant_name(name, v)))} {v.width}w"
                    for v in variants
                    if v.format == fmt
                )

            view["webp_srcset"] = srcset("webp")
            view["jpeg_srcset"] = f"{srcset('jpeg')}, {href} {image.width}w"
            view["small_src"] = srcset("jpeg").split(" ", 1)[0]
        return view

    def withdrawn(self, community: Community, tomb: Withdrawn) -> Page:
        """The page left at a withdrawn case's address: 已撤下, the date and the reason."""
        url = f"{community.id}/{tomb.case_id}/"
        html = self.render("withdrawn.html", url, c=community, w=tomb)
        title = words.WITHDRAWN_TITLE.format(case_id=tomb.case_id)
        return Page(f"{community.id}/{tomb.case_id}.md", url, title, html, community.id)

    def tracker(self) -> Page:
        rows = []
        for case in self.a.cases:
            stage = self.stage_of[case.key]
            referrals = self.referral_views(case)
            overdue = [r for r in referrals if r["status"] and r["status"].overdue]
            stale = [f for f in self.a.public_for_case(case) if f.code == "implementation-stale"]
            if stage is Stage.IMPLEMENTING or overdue or stale:
                rows.append({**self.case_ref(case), "overdue": overdue, "stale": stale})
        rows.sort(
            key=lambda r: (not (r["overdue"] or r["stale"]), r["community"].town, r["case"].key)
        )
        html = self.render("tracker.html", "tracker/", rows=rows)
        return Page("tracker.md", "tracker/", words.TRACKER_TITLE, html)

    def stats(self) -> Page | None:
        view = stats.stats_page(self.a)
        if view is None:
            return None
        html = self.render("stats.html", "stats/", stats=view)
        return Page("stats.md", "stats/", words.STATS_TITLE, html)

    def assets(self) -> list[Asset]:
        out = []
        for case in self.a.cases:
            if not self.planned(case.community_id):
                continue
            for relative in case.files:
                source = case.folder / relative
                dest = self.asset_dest(case, relative)
                out.append(Asset(source, dest, self.images.get(source)))
                folder, name = posixpath.split(dest)
                for v in self.variants.get(source, []):
                    small = WebImage(v.path, v.width, v.height)
                    out.append(Asset(source, f"{folder}/{variant_name(name, v)}", small))
        return out

    def redirects(self) -> list[Redirect]:
        return [
            Redirect(self.a.config.page_path(old.strip("/")), self.case_url(case), case.title)
            for case in self.a.cases
            if self.planned(case.community_id)
            for old in case.moved_from
        ]


def site_nav(analysis: Analysis) -> list[Any]:
    """The site's navigation: home, each town's communities, 落实跟踪 and, with cases,
    statistics (known before any page is rendered: part of every page's cache key)."""
    towns: dict[str, list[dict[str, str]]] = defaultdict(list)
    for community in analysis.communities:
        towns[community.town].append({html.escape(community.name): f"{community.id}/index.md"})
    nav: list[Any] = [{words.HOME_TITLE: "index.md"}]
    # Escaped: Material's templates print navigation titles as they are.
    nav += [{html.escape(town): items} for town, items in sorted(towns.items())]
    nav.append({words.TRACKER_TITLE: "tracker.md"})
    if analysis.cases:  # the statistics page (``stats.stats_page``)
        nav.append({words.STATS_TITLE: "stats.md"})
    return nav


def case_page(analysis: Analysis, case: Case) -> Page:
    """One case's page on its own (the editor's preview of an unsaved case)."""
    return _Planner(analysis, {}).case(case)


def case_asset_dests(analysis: Analysis, case: Case) -> dict[str, str]:
    """Each file the case names -> its site-relative address on the case page."""
    planner = _Planner(analysis, {})
    return {relative: planner.asset_dest(case, relative) for relative in case.files}


def case_photo_sources(analysis: Analysis, only: set[str] | None = None) -> list[Path]:
    """Every image file a case publishes (progress photos and image attachments); of
    the ``only`` communities' cases, if given."""
    out: list[Path] = []
    for case in analysis.cases:
        if only is not None and case.community_id not in only:
            continue
        out += [case.folder / f for f in case.files if is_image(Path(f))]
    return list(dict.fromkeys(out))


def progress_photo_sources(analysis: Analysis) -> list[Path]:
    """The photos case pages show as pictures (progress photos): they get ``srcset``
    copies; other images (a scanned record, an attachment) are only linked."""
    out: list[Path] = []
    for case in analysis.cases:
        out += [case.folder / p for update in case.progress for p in update.photos]
    return list(dict.fromkeys(out))


def plan_site(
    analysis: Analysis,
    images: dict[Path, WebImage] | None = None,
    made: Callable[[Page], Any] | None = None,
    variants: dict[Path, list[Variant]] | None = None,
    only: set[str] | None = None,
    site_wide: bool = True,
) -> SitePlan:
    """Every page, file and redirect of the site, from the analysed model.

    ``made``, if given, is handed each page as soon as it is rendered, before the next
    one: the adapter packs its HTML away there (about 10 KB a page, a hundred MB at
    10,000 cases if all were held at once). ``only`` (``serve``'s rebuild after an
    edit): the pages, files and redirects of these communities and, with
    ``site_wide``, the home, tracker, search and statistics pages; the pages in the
    navigation left out are only named, in ``kept``."""
    planner = _Planner(analysis, images or {}, variants, only)
    plan = SitePlan()

    def add(page: Page) -> None:
        if made is not None:
            made(page)
        plan.pages.append(page)

    if site_wide:
        add(planner.home())
    else:
        plan.kept.append("index.md")
    for community in analysis.communities:
        if planner.planned(community.id):
            add(planner.community(community))
        else:
            plan.kept.append(f"{community.id}/index.md")
    for case in analysis.cases:
        if planner.planned(case.community_id):
            add(planner.case(case))
    for community in analysis.communities:
        for tomb in community.withdrawn if planner.planned(community.id) else ():
            add(planner.withdrawn(community, tomb))
    if site_wide:
        add(planner.tracker())
        add(planner.search())
        stats = planner.stats()
        if stats is not None:
            add(stats)
    else:
        # As site_addresses and site_nav: a statistics page with cases.
        plan.kept += ["tracker.md", "search.md"] + (["stats.md"] if analysis.cases else [])
    plan.assets = planner.assets()
    plan.redirects = planner.redirects()
    plan.nav = site_nav(analysis)
    return plan


def render_redirect(config: SiteConfig, redirect: Redirect) -> str:
    """A page at an old address pointing to the new one (meta refresh, canonical, link)."""
    env = template_env(config.root)
    target = config.address(redirect.new)
    relative = "../" * redirect.old.count("/") + redirect.new
    return env.get_template("redirect.html").render(
        target=target, relative=relative, title=redirect.title
    )
