"""Printable posters with QR codes for the notice board (公开栏).

``render_posters(analysis, out_dir)`` writes, under ``out_dir`` (``<site>/posters``):

- ``<community>/<case>.pdf`` and ``.png``: one A4 (or A3) poster per case;
- ``<community>.pdf`` and ``.png``: the community's poster (QR to its page);
- ``<community>-all.pdf``: the community poster, then every case worth posting.

Modules: ``content`` (model -> text), ``linebreak`` (Chinese line breaking and
fitting), ``layout`` (themes/posters/*.yml), ``qr``, ``draw`` (Pillow), ``pdf``,
``render`` (cache and process pool). Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import EXIT_FINDINGS, UserError
from generator.fonts import FontNotFound, find_cjk_font
from generator.poster_names import bundle_file, poster_files
from generator.posters.content import case_spec, community_spec, warning_texts, worth_posting
from generator.posters.layout import load_layout
from generator.posters.render import (
    Bundle,
    PosterJob,
    PosterReport,
    Timer,
    build_bundle,
    bundle_key,
    draw_all,
    environment_key,
    poster_key,
    publish,
    read_manifest,
    write_manifest,
)

if TYPE_CHECKING:
    from generator.posters.content import PosterSpec
    from generator.project import Analysis

__all__ = ["FontNotFound", "PosterReport", "UnknownTarget", "render_posters", "select"]

CACHE_SUBDIR = Path(".cache") / "posters"


class UnknownTarget(UserError, ValueError):
    """A ``COMMUNITY[/CASE]`` argument that names nothing; the message is Chinese."""

    exit_code = EXIT_FINDINGS


@dataclass(frozen=True)
class Selection:
    communities: frozenset[str]  # whole communities: all posters and the bundle
    cases: frozenset[str]  # single cases: ``community/case``

    def wants(self, spec_key: str) -> bool:
        community = spec_key.partition("/")[0]
        return community in self.communities or spec_key in self.cases


def select(analysis: Analysis, targets: list[str] | None) -> Selection:
    """Which posters ``targets`` ask for (all when empty). Raises ``UnknownTarget``."""
    ids = [c.id for c in analysis.communities]
    if not targets:
        return Selection(frozenset(ids), frozenset())
    communities: set[str] = set()
    cases: set[str] = set()
    for raw in targets:
        target = raw.strip().strip("/")
        community_id, _, case_id = target.partition("/")
        community = analysis.project.community(community_id)
        if community is None:
            known = "、".join(ids) or "（无）"
            raise UnknownTarget(f"找不到社区或村“{community_id}”：可用的有 {known}")
        if not case_id:
            communities.add(community_id)
        elif community.case(case_id) is None:
            known = "、".join(c.id for c in community.cases) or "（无）"
            raise UnknownTarget(
                f"{community.name}（{community_id}）没有编号为“{case_id}”的协商事项：可用的有 {known}"
            )
        else:
            cases.add(f"{community_id}/{case_id}")
    return Selection(frozenset(communities), frozenset(cases))


def poster_specs(analysis: Analysis) -> tuple[list[PosterSpec], list[Bundle]]:
    """Every poster of the site, and each community's bundle. A poster's public
    warnings are in its spec, hence in its cache key."""
    config, today = analysis.config, analysis.today
    specs: list[PosterSpec] = []
    bundles: list[Bundle] = []
    for community in analysis.communities:
        current = [c for c in community.cases if worth_posting(c, today)]
        public = warning_texts(analysis.public_for_community(community))
        specs.append(community_spec(community, config.url(community.id), today, current, public))
        for case in community.cases:
            url = config.url(community.id, case.id)
            public = warning_texts(analysis.public_for_case(case))
            specs.append(case_spec(case, community, url, today, public))
        bundles.append(
            Bundle(
                community=community.id,
                title=f"{community.name}公开栏海报（{today.isoformat()}）",
                pages=(community.id, *(c.key for c in current)),
            )
        )
    return specs, bundles


def render_posters(
    analysis: Analysis,
    out_dir: Path,
    targets: list[str] | None = None,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> PosterReport:
    """Render (or take from the cache) the posters and copy them into ``out_dir``.

    ``targets`` are ``community`` or ``community/case`` (None or empty: all). The
    cache defaults to ``<project>/.cache/posters``. Raises ``FontNotFound`` when no
    CJK font is installed and ``UnknownTarget`` for a target that names nothing.
    """
    timer = Timer()
    config = analysis.config
    selection = select(analysis, targets)
    cache = cache_dir if cache_dir is not None else config.root / CACHE_SUBDIR
    files = cache / "files"
    fonts = find_cjk_font(config.posters.font, config.posters.font_index, root=config.root)
    layout = load_layout(config.posters.paper)
    environment = environment_key(layout, fonts)

    specs, bundles = poster_specs(analysis)
    manifest = read_manifest(cache)
    keys = {spec.key: poster_key(spec, environment) for spec in specs}
    report = PosterReport()
    jobs: list[PosterJob] = []
    for spec in specs:
        if not selection.wants(spec.key):
            continue
        key = keys[spec.key]
        pdf, png = (files / name for name in poster_files(spec.key))
        if manifest["posters"].get(spec.key) == key and png.is_file() and pdf.is_file():
            report.cached.append(spec.key)
        else:
            jobs.append(PosterJob(spec, key, png, pdf))
            report.rendered.append(spec.key)
    # Forget a poster before drawing it: a crash mid-way must not leave a stale key.
    for job in jobs:
        manifest["posters"].pop(job.spec.key, None)
    draw_all(jobs, layout, fonts, workers)
    for job in jobs:
        manifest["posters"][job.spec.key] = job.key

    for bundle in bundles:
        if bundle.community not in selection.communities:
            continue
        key = bundle_key(keys[k] for k in bundle.pages)
        out = files / bundle_file(bundle.community)
        if manifest["bundles"].get(bundle.community) == key and out.is_file():
            report.bundles_cached.append(bundle.community)
        else:
            build_bundle(bundle, files, layout, out)
            manifest["bundles"][bundle.community] = key
            report.bundles_rendered.append(bundle.community)

    if not targets:  # a full build: forget posters of cases that no longer exist
        communities = {b.community for b in bundles}
        gone = [files / n for k in manifest["posters"] if k not in keys for n in poster_files(k)]
        gone += [files / bundle_file(k) for k in manifest["bundles"] if k not in communities]
        for path in gone:
            path.unlink(missing_ok=True)
        manifest["posters"] = {k: v for k, v in manifest["posters"].items() if k in keys}
        manifest["bundles"] = {k: v for k, v in manifest["bundles"].items() if k in communities}
    write_manifest(cache, manifest)

    for spec in specs:
        if selection.wants(spec.key):
            for name in poster_files(spec.key):
                report.paths.append(publish(files / name, out_dir / name))
    for bundle in bundles:
        if bundle.community in selection.communities:
            name = bundle_file(bundle.community)
            report.paths.append(publish(files / name, out_dir / name))
    report.seconds = timer.elapsed()
    return report
