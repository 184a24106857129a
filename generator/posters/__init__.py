"""Printable posters with QR codes for the notice board (公开栏).

``render_posters(analysis, out_dir)`` writes, under ``out_dir`` (``<site>/posters``):

- ``<community>/<case>.pdf``: one vector A4 (or A3) poster per case, and ``.png``,
  a light preview of it (``noticeboard posters --png-dpi 300`` adds a print-size
  ``<case>-300dpi.png``);
- ``<community>.pdf`` and ``.png``: the community's poster (QR to its page);
- ``<community>-all.pdf``: the community poster, then every case worth posting,
  with one embedded font subset for all pages.

Modules: ``content`` (model -> text), ``linebreak`` (Chinese line breaking and
fitting), ``layout`` (themes/posters/*.yml), ``qr``, ``draw`` (layout -> ``page``,
a display list), ``paint`` (page -> PNG, Pillow), ``pdf`` (page -> PDF, fpdf2),
``fontfile`` (metrics, working font), ``versions`` (poster versions from git
history), ``render`` (cache and process pool). Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.atomic import write_atomic
from generator.errors import EXIT_FINDINGS, UserError
from generator.messages import posters as words
from generator.posters.content import (
    content_date,
    todays_spec,
    warning_texts,
    with_warnings,
    worth_posting,
)
from generator.posters.fonts import FontNotFound, find_cjk_font
from generator.posters.names import (
    KEYS_FILE,
    bundle_file,
    pdf_file,
    png_file,
    poster_files,
    poster_of,
)

if TYPE_CHECKING:
    from generator.check.project import Analysis
    from generator.posters.content import PosterSpec
    from generator.posters.pdf import PdfFonts
    from generator.posters.render import Bundle, PosterReport

__all__ = ["FontNotFound", "PosterReport", "UnknownTarget", "render_posters", "select"]


def __getattr__(name: str) -> object:
    """``PosterReport`` and ``Bundle`` from ``render``, imported when first asked for:
    the drawing and PDF libraries (Pillow, fpdf2, fontTools, qrcode: half a second and
    ~25 MB) are not imported by what only needs a poster's text, such as the version
    list of a site built with ``--no-posters`` (``versions``, ``content``)."""
    if name in ("PosterReport", "Bundle"):
        from generator.posters import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
            known = words.KNOWN_SEPARATOR.join(ids) or words.NOTHING_KNOWN
            raise UnknownTarget(words.UNKNOWN_COMMUNITY.format(id=community_id, known=known))
        if not case_id:
            communities.add(community_id)
        elif community.case(case_id) is None:
            known = words.KNOWN_SEPARATOR.join(c.id for c in community.cases) or words.NOTHING_KNOWN
            raise UnknownTarget(
                words.UNKNOWN_CASE.format(
                    name=community.name, community=community_id, case=case_id, known=known
                )
            )
        else:
            cases.add(f"{community_id}/{case_id}")
    return Selection(frozenset(communities), frozenset(cases))


def _site_posters(
    analysis: Analysis,
) -> tuple[list[PosterSpec], list[tuple[str, str, tuple[str, ...]]]]:
    """Every poster of the site, and each community's bundle as (community, title,
    pages): what ``poster_specs`` and ``content_keys`` both need, without importing
    the drawing libraries."""
    today = analysis.today
    specs: list[PosterSpec] = []
    bundles: list[tuple[str, str, tuple[str, ...]]] = []
    for community in analysis.communities:
        current = [c for c in community.cases if worth_posting(c, today)]
        public = warning_texts(analysis.public_for_community(community))
        specs.append(with_warnings(todays_spec(analysis, community), public))
        for case in community.cases:
            public = warning_texts(analysis.public_for_case(case))
            specs.append(with_warnings(todays_spec(analysis, community, case), public))
        pages = (community.id, *(c.key for c in current))
        bundles.append((community.id, words.BUNDLE_TITLE.format(name=community.name), pages))
    return specs, bundles


def poster_specs(analysis: Analysis) -> tuple[list[PosterSpec], list[Bundle]]:
    """Every poster of the site, and each community's bundle. A poster's public
    warnings are in its spec, hence in its cache key."""
    from generator.posters.render import Bundle

    specs, bundles = _site_posters(analysis)
    return specs, [Bundle(community=c, title=t, pages=p) for c, t, p in bundles]


def poster_texts(analysis: Analysis) -> Iterator[tuple[str, str]]:
    """What every poster of the site says, as (``posters/<key>``, its text a value a
    line), made a poster at a time: what the publish gate reads."""
    from generator.source.textview import json_strings

    specs, _bundles = _site_posters(analysis)
    for spec in specs:
        yield f"posters/{spec.key}", "\n".join(json_strings(spec.plain()))


def content_keys(analysis: Analysis) -> dict[str, dict[str, str]]:
    """What each poster and bundle of the site says now, as a hash of its text
    (``PosterSpec.to_json``; a bundle's of its pages'): ``{"posters": {key: hash},
    "bundles": {community: hash}}``. Kept beside the published posters
    (``poster_names.KEYS_FILE``), so a build without posters can tell which of them
    still match their case (``carry_over``)."""
    specs, bundles = _site_posters(analysis)
    posters = {s.key: hashlib.sha256(s.to_json().encode()).hexdigest()[:32] for s in specs}
    kept = {}
    for community, title, pages in bundles:
        text = json.dumps([title, [(p, posters[p]) for p in pages]], ensure_ascii=False)
        kept[community] = hashlib.sha256(text.encode()).hexdigest()[:32]
    return {"posters": posters, "bundles": kept}


def read_keys(folder: Path) -> dict[str, dict[str, str]]:
    """The content keys kept in a posters folder (empty when missing or unreadable)."""
    try:
        data = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
        return {part: dict(data[part]) for part in ("posters", "bundles")}
    except (OSError, ValueError, KeyError, TypeError):
        return {"posters": {}, "bundles": {}}


def write_keys(folder: Path, keys: dict[str, dict[str, str]]) -> None:
    text = json.dumps(keys, ensure_ascii=False, sort_keys=True, indent=0)
    write_atomic(folder / KEYS_FILE, text.encode("utf-8"))


@dataclass
class CarriedOver:
    """``carry_over``'s account: posters kept, and those dropped as out of date."""

    kept: list[str]
    stale: list[str]


def carry_over(analysis: Analysis, old: Path, new: Path) -> CarriedOver:
    """``build --no-posters``: the posters of the site in place (``old``) that still
    say what their case says now, hard-linked into ``new``. A poster of a case taken
    down or changed, or a bundle holding one, is never carried over; nor is any
    poster of a site that kept no content keys."""
    now = content_keys(analysis)
    then = read_keys(old)
    keep = {
        part: {k: v for k, v in then[part].items() if now[part].get(k) == v}
        for part in ("posters", "bundles")
    }
    kept: set[str] = set()
    stale: set[str] = set()
    for path in sorted(p for p in old.rglob("*") if p.is_file() and not p.is_symlink()):
        name = path.relative_to(old).as_posix()
        owner = poster_of(name)
        if owner is None:
            continue
        part, key = owner
        if key not in keep[part]:
            stale.add(key)
            continue
        target = new / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        kept.add(key)
    if kept:
        write_keys(new, keep)
    return CarriedOver(sorted(kept - stale), sorted(stale))


def render_posters(
    analysis: Analysis,
    out_dir: Path,
    targets: list[str] | None = None,
    cache_dir: Path | None = None,
    workers: int | None = None,
    png_dpi: int | None = None,
) -> PosterReport:
    """Render (or take from the cache) the posters and copy them into ``out_dir``.

    ``targets`` are ``community`` or ``community/case`` (None or empty: all). The
    cache defaults to ``<project>/.cache/posters``. ``png_dpi`` also writes a
    full-resolution PNG of each selected poster (``<name>-<dpi>dpi.png``). Raises
    ``FontNotFound`` when no CJK font is installed and ``UnknownTarget`` for a
    target that names nothing.
    """
    from generator.posters.layout import load_layout
    from generator.posters.render import (
        PosterJob,
        PosterReport,
        Timer,
        bundle_key,
        environment_key,
        lay_out,
        pdf_fonts,
        poster_key,
        prepare,
        publish,
        read_manifest,
        run_all,
        write_manifest,
        write_pdf,
        write_png,
    )

    timer = Timer()
    config = analysis.config
    selection = select(analysis, targets)
    cache = cache_dir if cache_dir is not None else config.root / CACHE_SUBDIR
    files = cache / "files"
    fonts = find_cjk_font(config.posters.font, config.posters.font_index, root=config.root)
    layout = load_layout(config.posters.paper)
    environment = environment_key(layout, fonts)

    specs, bundles = poster_specs(analysis)
    by_key = {spec.key: spec for spec in specs}
    manifest = read_manifest(cache)
    keys = {spec.key: poster_key(spec, environment) for spec in specs}
    report = PosterReport()
    jobs: list[PosterJob] = []
    for spec in specs:
        if not selection.wants(spec.key):
            continue
        key = keys[spec.key]
        job = PosterJob(
            spec,
            key,
            files / f"{spec.key}.json",
            files / png_file(spec.key),
            files / pdf_file(spec.key),
        )
        if manifest["posters"].get(spec.key) == key and all(
            p.is_file() for p in (job.page, job.png, job.pdf)
        ):
            report.cached.append(spec.key)
        else:
            jobs.append(job)
            report.rendered.append(spec.key)
    # Forget a poster before drawing it: a crash mid-way must not leave a stale key.
    for job in jobs:
        manifest["posters"].pop(job.spec.key, None)

    todo_bundles = []
    for bundle in bundles:
        if bundle.community not in selection.communities:
            continue
        key = bundle_key(keys[k] for k in bundle.pages)
        out = files / bundle_file(bundle.community)
        if manifest["bundles"].get(bundle.community) == key and out.is_file():
            report.bundles_cached.append(bundle.community)
        else:
            manifest["bundles"].pop(bundle.community, None)
            todo_bundles.append((bundle, key, out))
            report.bundles_rendered.append(bundle.community)

    if jobs or todo_bundles:
        prepare(fonts)
        # Pass 1: lay out and preview; pass 2: the PDFs, with one working font.
        drawn = run_all([(lay_out, (j.spec, layout, fonts, j.page, j.png)) for j in jobs], workers)
        chars = set("".join(drawn))
        for spec in specs:  # the whole site's text: the font rarely changes
            chars.update(spec.to_json())
        for bundle, _, _ in todo_bundles:
            for page_key in bundle.pages:
                chars.update(_page_chars(files / f"{page_key}.json"))
        working = pdf_fonts(fonts, chars, cache / "fonts", workers)
        tasks = [
            (
                write_pdf,
                (
                    [j.page],
                    working,
                    j.pdf,
                    words.PDF_TITLE.format(heading=j.spec.heading, title=j.spec.title),
                    _created(j.spec, analysis),
                ),
            )
            for j in jobs
        ]
        tasks += [
            (
                write_pdf,
                (
                    [files / f"{k}.json" for k in bundle.pages],
                    working,
                    out,
                    bundle.title,
                    _latest(bundle.pages, by_key, analysis),
                ),
            )
            for bundle, _, out in todo_bundles
        ]
        run_all(tasks, workers)
        _prune_fonts(cache / "fonts", working)
    for job in jobs:
        manifest["posters"][job.spec.key] = job.key
    for bundle, key, _ in todo_bundles:
        manifest["bundles"][bundle.community] = key

    if not targets:  # a full build: forget posters of cases that no longer exist
        communities = {b.community for b in bundles}
        gone = [
            files / n
            for k in manifest["posters"]
            if k not in keys
            for n in (*poster_files(k), f"{k}.json")
        ]
        gone += [files / bundle_file(k) for k in manifest["bundles"] if k not in communities]
        for path in gone:
            path.unlink(missing_ok=True)
        manifest["posters"] = {k: v for k, v in manifest["posters"].items() if k in keys}
        manifest["bundles"] = {k: v for k, v in manifest["bundles"].items() if k in communities}
    write_manifest(cache, manifest)

    wanted = [spec for spec in specs if selection.wants(spec.key)]
    for spec in wanted:
        for name in poster_files(spec.key):
            report.paths.append(publish(files / name, out_dir / name))
    if png_dpi:
        big = [(files / f"{s.key}.json", out_dir / f"{s.key}-{png_dpi}dpi.png") for s in wanted]
        run_all([(write_png, (page, fonts, out, png_dpi)) for page, out in big], workers)
        report.paths.extend(out for _, out in big)
    for bundle in bundles:
        if bundle.community in selection.communities:
            name = bundle_file(bundle.community)
            report.paths.append(publish(files / name, out_dir / name))
    # What the published posters say, for a later build without posters (carry_over).
    now = content_keys(analysis)
    published = read_keys(out_dir) if targets else {"posters": {}, "bundles": {}}
    for part in ("posters", "bundles"):
        published[part] = {k: v for k, v in published[part].items() if k in now[part]}
    published["posters"].update({s.key: now["posters"][s.key] for s in wanted})
    published["bundles"].update(
        {
            b.community: now["bundles"][b.community]
            for b in bundles
            if b.community in selection.communities
        }
    )
    write_keys(out_dir, published)
    report.seconds = timer.elapsed()
    return report


def _page_chars(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _created(spec: PosterSpec, analysis: Analysis) -> dt.date | None:
    """The PDF's creation date: the date of what it says."""
    if spec.kind == "case":
        case = analysis.project.find_case(spec.key)
        return content_date(case, analysis.today) if case else None
    community = analysis.project.community(spec.key)
    if community is None or not community.cases:
        return None
    return max(content_date(c, analysis.today) for c in community.cases)


def _latest(
    pages: tuple[str, ...], specs: dict[str, PosterSpec], analysis: Analysis
) -> dt.date | None:
    dates = [d for d in (_created(specs[k], analysis) for k in pages if k in specs) if d]
    return max(dates, default=None)


def _prune_fonts(folder: Path, keep: PdfFonts) -> None:
    """Keep only the working fonts in use (they are rebuilt in a second when needed)."""
    wanted = {keep.regular, keep.bold}
    for path in folder.glob("*.ttf"):
        if path not in wanted:
            path.unlink(missing_ok=True)
