"""The MkDocs adapter: the one place that knows MkDocs hooks.

``on_config`` analyses the content (unless ``build_site`` handed over its analysis)
and plans the site; ``on_files`` adds every page with ``File.generated``;
``on_page_content`` swaps in the page's HTML from ``generator.site.pages``; ``on_serve``
watches ``content/`` and ``site_config.yml``; ``on_post_build`` publishes photos and
attachments, redirects, ``urls.txt``, the Pagefind search index and the outputs hooks.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import functools
import hashlib
import html
import json
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from generator import clock
from generator.buildcache import OutputCache
from generator.check.project import Analysis, analyse_config
from generator.findings import Finding, display_path
from generator.messages import cli as cli_words
from generator.messages import site as words
from generator.model.chinese_dates import chinese_moment
from generator.outputs import after_build as outputs
from generator.site import search_shards
from generator.site.caches import PageCache, SearchIndexCache, SliceCache
from generator.site.held_pages import HeldPages
from generator.site.images import Variant, WebImage, copy_web_image, web_image, web_variants
from generator.site.mkdocs_config import apply_site_config
from generator.site.nav_once import RenderedOnce, nav_key
from generator.site.pages import (
    Page,
    Redirect,
    SitePlan,
    case_photo_sources,
    plan_site,
    progress_photo_sources,
    render_redirect,
    site_nav,
)
from generator.site.preview import PREVIEW, PROBLEM
from generator.site.progress import Progress
from generator.site.search_css import SearchCssError
from generator.site.search_index import SearchIndexError
from generator.site.search_step import index_search
from generator.site.templating import COMPILED, template_env
from generator.site.unused import asset_refs, drop_again, drop_unused_assets
from generator.site.urls import urls_txt
from generator.source import fields
from generator.source.media import publish_pdf
from generator.source.settings import CONFIG_FILE, ConfigError, load_config

log = logging.getLogger("mkdocs.plugins.noticeboard")

_PRE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\n]+")


def squeeze_html(html: str) -> str:
    """Drop indentation and blank lines (a third of Material's markup), outside <pre>."""
    parts = _PRE.split(html)
    return "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))


CACHE_DIR = Path(".cache") / "plugin" / "noticeboard"
# A page template that renders nothing: for pages whose output comes from the cache.
CACHED_TEMPLATE = "nb-cached.html"


def project_theme_digest(project_root: Path) -> str:
    """Hash of a project's own theme overrides (ours are in ``code_stamp``)."""
    digest = hashlib.blake2b(digest_size=16)
    folder = project_root / "themes"
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _web_images(
    analysis: Analysis, cache: Path, only: set[str] | None = None
) -> dict[Path, WebImage]:
    """The web copies of every photo (of the ``only`` communities), read through the
    gate; a photo the checker let through but that still fails to decode stops the
    build naming the file."""
    gate = analysis.project.gate
    images: dict[Path, WebImage] = {}
    for src in case_photo_sources(analysis, only):
        try:
            images[src] = web_image(src, cache, gate.read_bytes(src))
        except Exception as err:  # decoder errors on clerk-supplied bytes
            raise PluginError(
                words.PHOTO_UNUSABLE.format(path=display_path(src), error=err)
            ) from None
    return images


def _render_nothing(page: Any, config: Any, files: Files) -> None:
    """``Page.render`` of an empty Markdown source, without a Markdown instance: no
    content, an empty table of contents, no title from a heading, no anchors."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _in(community_id: str, only: set[str] | None) -> bool:
    return only is None or community_id in only


def _related_to(analysis: Analysis | None, communities: set[str]) -> set[str]:
    """The communities with a case naming one of these communities' cases in
    ``related`` (its page shows that case's title)."""
    if analysis is None:
        return set()
    return {
        case.community_id
        for case in analysis.cases
        if any(key.split("/")[0] in communities for key in case.related)
    }


def _unchanged(file: File) -> File:
    """A page MkDocs' dirty build leaves as the served folder holds it."""
    file.is_modified = lambda: False  # type: ignore[method-assign]
    return file


def _nav_uris(nav: Any) -> Iterator[str]:
    """Every page a navigation (MkDocs' ``nav`` setting) names."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_uris(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_uris(item)


class _SitemapEntry:
    """What MkDocs' sitemap template reads of a page's file (``file.page``'s link,
    addresses and date, as ``mkdocs.structure.pages.Page`` sets them), for a page
    linked without MkDocs."""

    def __init__(self, url: str, site_url: str | None, update_date: str):
        self.page = self  # the template reads ``file.page.…``
        self.is_link = False
        url = "" if url in (".", "./") else url
        if site_url:
            base = site_url if site_url.endswith("/") else site_url + "/"
            self.canonical_url: str | None = urljoin(base, url)
            self.abs_url: str | None = urlsplit(self.canonical_url).path
        else:
            self.canonical_url = None
            self.abs_url = None
        self.update_date = update_date  # MkDocs' ``get_build_date()``, asked once a build


class NoticeboardConfig(base.Config):
    enabled = c.Type(bool, default=True)
    project = c.Type(str, default=".")  # folder holding site_config.yml
    today = c.Type(str, default="")  # YYYY-MM-DD; empty: the real date
    # noticeboard serve: a file with errors turns the preview into a Chinese page of the
    # findings (every address, and 404.html) instead of stopping the build.
    preview = c.Type(bool, default=False)


# What the preview last said in the terminal (the plugin is made anew for each rebuild).
_last_said: list[str] = []


def _say(lines: list[str]) -> None:
    """Print the findings of a preview build, unless they are what was said last time."""
    global _last_said
    if lines != _last_said:
        for line in lines:
            print(line, flush=True)
    _last_said = lines


class NoticeboardPlugin(BasePlugin[NoticeboardConfig]):
    """Generates the noticeboard's pages from ``content/`` inside an MkDocs build."""

    def __init__(self) -> None:
        # ``build_site`` sets this after its own check, sparing a second analysis.
        self.analysis: Analysis | None = None
        self.plan: SitePlan | None = None
        self.by_uri: dict[str, Page] = {}
        self.images: dict[Path, WebImage] = {}
        # ``build_into`` sets this for ``noticeboard build``: pages whose content did not
        # change are copied from the cache instead of rendered through the theme again.
        self.page_cache: PageCache | None = None
        self.output_cache: OutputCache | None = None  # feeds and calendars, likewise
        self.search_cache: SearchIndexCache | None = None  # the search index, likewise
        self.slice_cache: SliceCache | None = None  # and its slices
        self.page_keys: dict[str, str] = {}
        self.dest_keys: dict[str, str] = {}  # the same keys by the page's file in the site
        # The theme files each page written refers to, by its file in the site (known
        # without reading it again: ``unused.drop_unused_assets``).
        self.page_refs: dict[str, tuple[str, ...]] = {}
        # Pages linked from the cache without MkDocs (``build``), by their source name.
        self.bypassed: dict[str, _SitemapEntry] = {}
        self._build_date = ""  # the sitemap's date of the pages linked without MkDocs
        self.cached_output: set[str] = set()
        self.page_meta: dict[str, dict[str, Any]] = {}  # each planned page's meta
        self.written_redirects: list[Redirect] = []
        self.progress: Progress | None = None
        # Each planned page's HTML until it is written; none for a page the cache holds
        # (its key is known as soon as it is rendered: _pack).
        self.held = HeldPages()
        self.nav_named: frozenset[str] = frozenset()  # the addresses the navigation links to
        self._site_key: str | None = None  # the part of every page's key the site decides
        self._alternates_keys: dict[str | None, str] = {}
        # ``build_into`` sets this: the search index is left to ``build_site``, made
        # after the process holding the content has exited (``index_search``).
        self.defer_search = False
        # Preview only: the errors that stop this build, shown as a page instead.
        self.problems: list[Finding] = []
        self.problem_html = ""
        self._dev_addr = ""
        self.broken: Analysis | None = None
        # Preview only: the community folders changed since the last build (None: a
        # full rebuild), the communities whose pages this build plans (None: all) and
        # how many pages it rendered (see ``generator.site.preview``).
        self.scope: set[str] | None = None
        self.only: set[str] | None = None
        self.site_wide = True
        self.rendered = 0

    @property
    def project_root(self) -> Path:
        return Path(self.config.project).resolve()

    def _analyse(self) -> Analysis | None:
        """The checked content; None in a preview whose files have errors (see problems)."""
        today = dt.date.fromisoformat(self.config.today) if self.config.today else clock.today()
        preview = self.config.preview
        try:
            site_config = load_config(self.project_root)
        except ConfigError as err:
            if not preview:
                raise PluginError("\n".join(f.as_text() for f in err.findings())) from None
            self.problems = err.findings()
            _say([f.as_text() for f in self.problems] + [words.PREVIEW_PAUSED])
            return None
        if preview:
            analysis, self.scope = PREVIEW.analyse(site_config, today)
        else:
            analysis = analyse_config(site_config, today)
        if preview:
            done = (
                words.PREVIEW_PAUSED
                if analysis.errors
                else words.PREVIEW_UPDATED.format(address=self._address)
            )
            _say([f.as_text() for f in analysis.findings] + [done])
        if analysis.errors:
            if not preview:
                raise PluginError("\n".join(f.as_text() for f in analysis.errors))
            self.problems = analysis.errors
            self.broken = analysis  # for the addresses the error page stands in for
            return None
        return analysis

    @property
    def _address(self) -> str:
        return self._dev_addr or "127.0.0.1:8000"

    def _problem_plan(self, config: Any) -> None:
        """The preview of a project with errors: the same Chinese page of findings at
        the home page and at every address that loaded, so the page the clerk has open
        turns into it and back again when the file is fixed."""
        from generator.source.config import SiteConfig

        analysis = self.broken
        site_config = analysis.config if analysis else SiteConfig(path=self.project_root)
        env = template_env(site_config.root)
        self.problem_html = env.get_template("problems.html").render(
            errors=self.problems, poll=False
        )
        uris = ["index.md"]
        if analysis is not None:
            only = self.only
            uris += [f"{c.id}/index.md" for c in analysis.communities if _in(c.id, only)]
            uris += [
                f"{c.community_id}/{c.id}.md" for c in analysis.cases if _in(c.community_id, only)
            ]
        if self.config.preview:
            # And every page served there now (a case that no longer loads) or showing
            # the findings of an earlier build.
            uris += [
                uri
                for uri, key in PREVIEW.served.items()
                if key == PROBLEM or ("/" in uri and _in(uri.split("/")[0], self.only))
            ]
        title = words.ERRORS_PAGE_TITLE.format(n=len(self.problems))
        pages = [Page(uri, "", title, self.problem_html) for uri in dict.fromkeys(uris)]
        self.plan = SitePlan(pages=pages, nav=[{words.ERRORS_NAV: "index.md"}])
        self.by_uri = {p.src_uri: p for p in pages}
        apply_site_config(config, site_config, self.plan.nav)

    def on_config(self, config: Any) -> Any:
        if not self.config.enabled:
            return config
        self._dev_addr = f"{config['dev_addr'].host}:{config['dev_addr'].port}"
        if self.analysis is None:
            self.analysis = self._analyse()
        if self.config.preview and self.scope is not None:
            # A rebuild after an edit: the changed folders' pages, and those showing
            # the page of findings (the rest of the served site stays as it is).
            self.only = self.scope | PREVIEW.problem_communities()
            self.only |= _related_to(self.analysis or self.broken, self.scope)
            # MkDocs' sitemap would list only the pages of this build.
            config["theme"].static_templates.discard("sitemap.xml")
        if self.problems:
            self._problem_plan(config)
            return config
        analysis = self.analysis
        assert analysis is not None
        if self.progress is not None:
            self.progress.step(words.STEP_PREPARING_PAGES)
        cache = analysis.config.root / CACHE_DIR / "images"
        self.images = _web_images(analysis, cache, self.only)
        variants: dict[Path, list[Variant]] = {
            src: web_variants(self.images[src], cache)
            for src in progress_photo_sources(analysis)
            if src in self.images
        }
        self._start_cache(config, analysis)
        # A rebuild after an edit leaves home, 落实跟踪, search and statistics (every
        # case on them: a second at 10,000 cases) to the build it asks for right after.
        self.site_wide = self.only is None or not self.scope or PREVIEW.shows_problem()
        self.plan = plan_site(
            analysis,
            self.images,
            made=self._pack,
            variants=variants,
            only=self.only,
            site_wide=self.site_wide,
        )
        if self.only is not None and self.plan.nav != PREVIEW.nav:
            # A community renamed, moved to another town…: every page's navigation.
            self.only, self.site_wide = None, True
            self.images = _web_images(analysis, cache)
            self._start_cache(config, analysis)
            self.plan = plan_site(analysis, self.images, made=self._pack, variants=variants)
        self.by_uri = {p.src_uri: p for p in self.plan.pages}
        # 更新于 on every page rendered now; not in a page's cache key, so a page whose
        # content did not change keeps the time it was last rendered.
        config["extra"]["nb_updated"] = chinese_moment(clock.build_moment(analysis.today))
        return config

    def _start_cache(self, config: Any, analysis: Analysis) -> None:
        """Before any page is rendered: the site's settings and navigation applied to
        MkDocs' config, and the part of every page's key they decide (none when pages
        are not cached: neither ``build`` nor the preview)."""
        self.held.close()
        self.held, self.page_keys, self.cached_output, self.dest_keys = HeldPages(), {}, set(), {}
        self.page_refs = {}
        apply_site_config(config, analysis.config, site_nav(analysis))
        self._site_key = None
        if self.page_cache is None and not self.config.preview:
            return
        # Hashed once (the navigation of 500 communities is some 30 KB).
        self._site_key = PageCache.key(
            json.dumps(
                {
                    "nav": config["nav"],
                    "site": [config["site_name"], config["site_url"], config["site_description"]],
                    "theme": [str(d) for d in config["theme"].dirs],
                    "project_themes": project_theme_digest(analysis.config.root),
                    "extra_css": list(config["extra_css"]),
                },
                ensure_ascii=False,
                sort_keys=True,
                default=str,
            )
        )

    def _pack(self, page: Page) -> None:
        """A page's HTML, as soon as it is rendered: its key (what it shows), and, unless
        the cache holds that page, the HTML kept compressed until it is written (a fifth
        of the size)."""
        data = page.html.encode("utf-8", "surrogatepass")
        page.html = ""
        src_uri = page.src_uri
        if self._site_key is not None:
            alternates = self._alternates_key(page.community)
            key = PageCache.key(
                self._site_key,
                src_uri,
                page.title,
                page.community or "",
                page.script or "",
                page.styles or "",
                page.description,
                str(page.read_aloud),
                alternates,
                hashlib.blake2b(data, digest_size=16).hexdigest(),
            )
            self.page_keys[src_uri] = key
            if self.page_cache is not None and self.page_cache.has(key):
                self.cached_output.add(src_uri)
                self.held.mark(src_uri)  # our page; its HTML is the cache's
                return
        self.held.hold(src_uri, data)

    def _alternates_key(self, community_id: str | None) -> str:
        """The feeds and calendars a page of this community links to, for its key
        (made once a community)."""
        key = self._alternates_keys.get(community_id)
        if key is None:
            links = self._alternates(community_id)
            key = json.dumps([list(vars(a).values()) for a in links], ensure_ascii=False)
            self._alternates_keys[community_id] = key
        return key

    def on_files(self, files: Files, *, config: Any) -> Files:
        if not self.config.enabled or self.plan is None:
            return files
        if self.defer_search and self.analysis is not None:
            # MkDocs has emptied the site folder: feeds, calendars and data files go in
            # now, before MkDocs' pages exist (their peak, ~9 KB a case for the site-wide
            # calendar and data, falls where the build holds least).
            if self.progress is not None:
                self.progress.step(words.STEP_FEEDS_AND_DATA)
            outputs.write_outputs(self.analysis, Path(config["site_dir"]), self.output_cache)
        if self.progress is not None:
            self.progress.step(words.STEP_WRITING_PAGES, len(self.plan.pages))
        # ``build``: a page the cache holds and no navigation names (a case, a
        # withdrawn case) is linked into the site here, without MkDocs (its page
        # objects, context and template cost 1.5 s at 10,000 cases). The sitemap still
        # lists it where MkDocs would (on_template_context).
        self.bypassed = {}
        self._build_date = get_build_date()
        in_nav = set(_nav_uris(config["nav"])) if not self.config.preview else set()
        for page in self.plan.pages:
            if (
                self.page_cache is not None
                and not self.config.preview
                and page.src_uri in self.cached_output
                and page.src_uri not in in_nav
            ):
                self._link_cached(File.generated(config, page.src_uri, content=""), config)
                continue
            # Material's templates do not autoescape: hand them escaped titles.
            meta: dict[str, Any] = {
                "title": html.escape(page.title),
                "nb_community": page.community,
            }
            if page.script:
                meta["nb_script"] = page.script
            if page.styles:
                meta["nb_styles"] = page.styles
            if page.description:
                meta["description"] = html.escape(page.description)
            if page.read_aloud:
                meta["nb_read"] = True
            if page.src_uri in self.cached_output:
                # Its HTML comes from the cache (on_post_page); the theme is not needed.
                meta["template"] = CACHED_TEMPLATE
            # No front matter for MkDocs to parse (its YAML is pure Python): the page's
            # meta is handed over in on_page_markdown.
            self.page_meta[page.src_uri] = meta
            file = File.generated(config, page.src_uri, content="")
            key = self.page_keys.get(page.src_uri)  # none for the page of findings
            if self.config.preview and key is not None and PREVIEW.served.get(page.src_uri) == key:
                _unchanged(file)  # the served folder holds this very page
            files.append(file)
        for src_uri in self.plan.kept:  # in the navigation, as served
            files.append(_unchanged(File.generated(config, src_uri, content="")))
        return files

    def _from_cache(self, file: File, key: str) -> None:
        """The page of ``file`` taken from the cache: linked into the site (not written
        again), with the theme files it refers to."""
        assert self.page_cache is not None
        if not self.page_cache.link(key, file.abs_dest_path):
            raise PluginError(words.PAGE_CACHE_LOST.format(page=file.src_uri))
        self.dest_keys[file.dest_uri] = key
        refs = self.page_cache.refs(key)
        if refs is not None:
            self.page_refs[file.dest_uri] = refs

    def _link_cached(self, file: File, config: Any) -> None:
        """A page taken from the cache without MkDocs (``_from_cache``, as
        ``on_post_page`` does for a page MkDocs went through), kept for the sitemap."""
        self._from_cache(file, self.page_keys[file.src_uri])
        entry = _SitemapEntry(file.url, config["site_url"], self._build_date)
        self.bypassed[file.src_uri] = entry
        if self.progress is not None:
            self.progress.advance()

    def on_template_context(
        self, context: dict[str, Any], *, template_name: str, config: Any
    ) -> dict[str, Any]:
        """MkDocs' sitemap lists the pages linked without it too, in the plan's order
        (the order of a build that linked none)."""
        if template_name != "sitemap.xml" or not self.bypassed or self.plan is None:
            return context
        real = {file.src_uri: file for file in context["pages"]}
        ordered: list[Any] = []
        for page in self.plan.pages:
            entry = real.pop(page.src_uri, None) or self.bypassed.get(page.src_uri)
            if entry is not None:
                ordered.append(entry)
        context["pages"] = ordered + list(real.values())
        return context

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        meta = self.page_meta.get(page.file.src_uri)
        if meta is None:
            return markdown
        page.meta = dict(meta)
        # Its HTML is ours (on_page_content): there is no Markdown to convert, so no
        # Markdown instance with every extension is set up for it (MkDocs makes one per page).
        page.render = functools.partial(_render_nothing, page)
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        # Our pages' HTML waits until the page is written (on_page_context): MkDocs
        # would otherwise hold every page's HTML at once.
        return "" if page.file.src_uri in self.held else html

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.config.preview and page.file.src_uri in self.by_uri:
            self.rendered += 1
            PREVIEW.dests[page.file.src_uri] = page.file.dest_uri
        if self.problems:  # the page of findings, whole: no theme, no navigation
            PREVIEW.served[page.file.src_uri] = PROBLEM
            return self.problem_html
        if not self.config.enabled:
            return output
        if self.progress is not None:
            self.progress.advance()
        src_uri = page.file.src_uri
        if src_uri in self.held:
            page.content = None  # written: its HTML is not needed any more
        key = self.page_keys.get(src_uri)
        if key is None or self.page_cache is None:
            return squeeze_html(output)
        if src_uri in self.cached_output:
            self._from_cache(page.file, key)
            return ""  # MkDocs writes no empty output
        self.dest_keys[page.file.dest_uri] = key
        output = squeeze_html(output)
        refs = asset_refs(output.encode("utf-8", "xmlcharrefreplace"))
        self.page_cache.keep_written(key, Path(page.file.abs_dest_path), refs)
        self.page_refs[page.file.dest_uri] = refs
        return output

    def on_page_context(
        self, context: dict[str, Any], *, page: Any, config: Any, nav: Any
    ) -> dict[str, Any]:
        context["nb_alternates"] = self._alternates(page.meta.get("nb_community"))
        context["nb_nav_key"] = nav_key(
            page.url, self.nav_named, has_toc=bool(page.toc), hides="hide" in page.meta
        )
        src_uri = page.file.src_uri
        html = self.held.take(src_uri)  # none for a page the cache holds
        if html is not None:
            page.content = html
        return context

    def _alternates(self, community_id: str | None) -> list[outputs.AlternateLink]:
        """The feeds and calendars a page of this community (None: site-wide) links to."""
        community = (
            self.analysis.project.community(community_id)
            if community_id and self.analysis is not None
            else None
        )
        kind = community.kind if community is not None else fields.COMMUNITY_KIND
        return outputs.alternate_links(community_id, kind)

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav_named = frozenset(page.url for page in nav.pages)
        return nav

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        env.globals["nb_once"] = RenderedOnce()  # one build's (generator/site/nav_once.py)
        if self.config.preview:
            env.bytecode_cache = COMPILED  # the theme compiled once, not at every rebuild
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        root = self.project_root
        if self.config.preview:
            server.watch(str(PREVIEW.later(Path(config["docs_dir"]).parent)))
        server.watch(str(root / CONFIG_FILE))
        content = self.analysis.config.content_path if self.analysis else root / "content"
        server.watch(str(content))
        themes = root / "themes"
        if themes.is_dir():
            server.watch(str(themes))
        return server

    def on_post_build(self, *, config: Any) -> None:
        self.held.close()  # every page is written
        if self.problems:
            # Any other address (a new case, a page not built now): the same findings,
            # looking again every two seconds until the address answers.
            env = template_env(self.project_root)
            html = env.get_template("problems.html").render(errors=self.problems, poll=True)
            (Path(config["site_dir"]) / "404.html").write_text(html, encoding="utf-8")
            return
        if not self.config.enabled or self.plan is None or self.analysis is None:
            return
        if self.progress is not None:
            done_here = (
                words.STEP_FILES_AND_REDIRECTS
                if self.defer_search
                else words.STEP_FEEDS_DATA_AND_SEARCH
            )
            self.progress.step(done_here)
        site_dir = Path(config["site_dir"])
        self._publish_assets(site_dir)
        redirects = self.written_redirects = self._write_redirects(site_dir)
        # Material's JavaScript, lunr, source maps…: copied by MkDocs, loaded by no page.
        if self.config.preview and self.only is not None:
            drop_again(site_dir, PREVIEW.dropped)  # not every page read again
        else:
            PREVIEW.dropped = drop_unused_assets(site_dir, self.page_refs)
        if self.config.preview:
            self._served(site_dir)
            if self.only is not None:
                # A rebuild after an edit: its pages only; the search index, feeds,
                # calendars, data files and urls.txt stay those of the last full build.
                return
        text = urls_txt(self.plan.pages, redirects, self.analysis.config)
        (site_dir / "urls.txt").write_text(text, encoding="utf-8")
        search_shards.write_plan(self.analysis, site_dir)  # read by the search step
        if not self.defer_search:  # else: outputs in on_files; the search by ``build_site``
            # Pagefind reads only the finished HTML pages, in its own process: it
            # indexes on one core while the feeds, calendars and data files are
            # written on the other.
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                indexing = pool.submit(
                    index_search,
                    site_dir,
                    self.search_cache,
                    self.slice_cache,
                    self.search_key(),
                    self.dest_keys,
                )
                outputs.write_outputs(self.analysis, site_dir, self.output_cache)
                try:
                    indexing.result()
                except (SearchIndexError, SearchCssError) as err:
                    raise PluginError(str(err)) from None
        if self.page_cache is not None:
            self.page_cache.link_written()
            self.page_cache.prune()
        if self.output_cache is not None:
            self.output_cache.prune()
        if self.progress is not None:
            self.progress.finish()

    def search_key(self) -> str:
        """What Pagefind reads, as one key: the pages (each page's key stands for its
        HTML) and the redirect pages at old addresses."""
        return PageCache.key(
            *sorted(f"{uri}\0{key}" for uri, key in self.page_keys.items()),
            repr(self.written_redirects),
        )

    def _publish_assets(self, site_dir: Path) -> None:
        assert self.plan is not None and self.analysis is not None
        gate = self.analysis.project.gate  # nothing leaves content/ except through it
        for asset in self.plan.assets:
            target = site_dir / asset.dest
            if asset.image is not None:
                copy_web_image(asset.image, target)
            elif asset.source.suffix.lower() == ".pdf":
                # Published without its metadata (author, paths, software) or scripts.
                cache = self.analysis.config.root / CACHE_DIR / "pdf"  # type: ignore[union-attr]
                publish_pdf(gate, asset.source, target, cache)
            else:
                gate.copy(asset.source, target)

    def _write_redirects(self, site_dir: Path) -> list[Redirect]:
        """Write a redirect page at each old address that is free; return those written."""
        assert self.plan is not None and self.analysis is not None
        written = []
        for redirect in self.plan.redirects:
            target = site_dir / redirect.old / "index.html"
            if target.exists() and not (self.config.preview and redirect.old in PREVIEW.redirects):
                log.warning(words.REDIRECT_SHADOWED, redirect.old)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            html = render_redirect(self.analysis.config, redirect)
            target.write_text(html, encoding="utf-8")
            written.append(redirect)
            if self.config.preview:
                PREVIEW.redirects.add(redirect.old)
        return written

    def _served(self, site_dir: Path) -> None:
        """A preview's served folder after a good build: the pages gone from the planned
        communities deleted (their address answers 404), each page's key kept."""
        assert self.plan is not None
        planned = {p.src_uri for p in self.plan.pages} | set(self.plan.kept)
        for src_uri in list(PREVIEW.served):
            community = src_uri.split("/")[0] if "/" in src_uri else None
            if src_uri in planned or (community is not None and not _in(community, self.only)):
                continue
            dest = PREVIEW.dests.pop(src_uri, None)
            del PREVIEW.served[src_uri]
            if dest is not None:
                target = site_dir / dest
                target.unlink(missing_ok=True)
                if not src_uri.endswith("index.md"):  # a page of its own folder, files too
                    shutil.rmtree(target.parent / "files", ignore_errors=True)
                    with contextlib.suppress(OSError):
                        target.parent.rmdir()
        PREVIEW.served.update(self.page_keys)
        PREVIEW.nav = self.plan.nav
        PREVIEW.built = True
        if not self.site_wide:
            PREVIEW.ask_again()  # the site-wide pages, in a build of their own
        print(cli_words.PREVIEW_PAGES.format(pages=self.rendered), flush=True)
