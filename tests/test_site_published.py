"""Issue 22, item 7: a built site publishes nothing that no page, feed or poster refers
to (mkdocs-material's JavaScript, lunr, source maps, Pagefind's UI once took 2.6 MB of
every publish), and every file a page refers to is there."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_helpers import FIXTURE, build, copy_project

from generator.site.unused import asset_refs, drop_unused_assets

# Fetched by their address, not through a link:
ALLOWED = (
    re.compile(r"^urls\.txt$"),  # the list of published addresses (build --published)
    # outdirs.MARKER: says "a site noticeboard wrote", so build, posters and publish may
    # replace or delete this folder (and publish only deletes releases holding it)
    re.compile(r"^\.noticeboard-site$"),
    re.compile(r"^sitemap\.xml$"),  # read by search engines at its well-known address
    re.compile(r"^404\.html$"),  # served by the web server for any unknown address
    re.compile(r"^data/"),  # open data: documented addresses (docs/open-data.md)
    re.compile(r"^(.+/)?(feed\.xml|calendar\.ics)$"),  # subscribed to by address
    re.compile(r"^posters/"),  # printed and linked by address (none without posters)
    # Pagefind's index: pagefind.js (loaded by search.js) builds these addresses from
    # its entry file: the entry and metadata, the wasm, the word index, filter and
    # fragment chunks, and its worker.
    re.compile(
        r"^pagefind/(pagefind-entry\.json|pagefind\..*\.pf_meta|wasm\..*\.pagefind|pagefind-worker\.js)$"
    ),
    re.compile(r"^pagefind/(index|fragment|filter)/"),
    # search.js imports pagefind.js from the bundle it chose: pagefind/ for the county,
    # pagefind/town/<shard>/ for a town (search_shards); the name is built, not written.
    re.compile(r"^pagefind/(town/[^/]+/)?pagefind\.js$"),
    re.compile(r"^pagefind/town/"),
)
TEXT = (".html", ".css", ".js", ".xml", ".ics", ".json", ".txt")
_HTML_REF = re.compile(r"""(?:href|src|content)="([^"]+)"|srcset="([^"]+)\"""")
_CSS_REF = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
_JS_REF = re.compile(r"""["'`]([\w./-]+\.(?:js|css|svg|png|jpg|webp|json))["'`]""")


def _targets(site: Path, path: Path, base: str) -> set[str]:
    """Site-relative paths ``path`` refers to."""
    text = path.read_text("utf-8", "replace")
    here = path.relative_to(site).parent.as_posix()
    refs: list[str] = []
    if path.suffix == ".html":
        for plain, srcset in _HTML_REF.findall(text):
            refs += [plain] if plain else [part.split()[0] for part in srcset.split(",")]
    elif path.suffix == ".css":
        refs += _CSS_REF.findall(text)
    elif path.suffix == ".js":
        refs += _JS_REF.findall(text)
        here = ""  # a script's addresses are the site's (search.js: from the site root)
    elif path.suffix == ".xml":
        refs += re.findall(r"""href="([^"]+)"|<loc>([^<]+)</loc>""", text)  # type: ignore[arg-type]
        refs = [a or b for a, b in refs]  # type: ignore[misc]
    out = set()
    for ref in refs:
        if ref.startswith(base):
            ref = "/" + ref[len(base) :]
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc or ref.startswith(("data:", "#", "mailto:", "tel:")):
            continue
        target = unquote(parts.path)
        joined = target.lstrip("/") if target.startswith("/") else posixpath.join(here, target)
        target = posixpath.normpath(joined)
        if (site / target).is_dir():
            target = posixpath.normpath(posixpath.join(target, "index.html"))
        out.add(target)
    return out


def _built(tmp_path: Path) -> tuple[Path, str]:
    project = copy_project(FIXTURE, tmp_path / "project")
    ok, lines = build(project, project / "site")
    assert ok, lines
    from generator.source.settings import load_config

    return project / "site", load_config(project).url()


def test_every_published_file_is_referred_to(tmp_path: Path) -> None:
    site, base = _built(tmp_path)
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    referred: set[str] = set()
    for name in files:
        if name.endswith(TEXT):
            referred |= _targets(site, site / name, base)
    # Every address in urls.txt (pages and the old addresses of moved cases) is printed
    # in QR codes: a page there is referred to by paper.
    for line in (site / "urls.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path = line.split("\t")[0][len(base) :]
            referred.add(posixpath.normpath(posixpath.join(path, "index.html")))
    orphans = sorted(
        name
        for name in files
        if name not in referred and not any(rule.match(name) for rule in ALLOWED)
    )
    assert orphans == [], orphans[:20]
    # Nothing of Material's JavaScript, lunr or source maps.
    assert not [f for f in files if f.endswith(".map") or "/lunr/" in f or "bundle." in f]
    assert sum((site / f).stat().st_size for f in files if f.startswith("assets/")) < 300_000
    # And nothing a page refers to is missing (stylesheets, scripts, icons, share image).
    missing = sorted(t for t in referred if t.startswith("assets/") and not (site / t).is_file())
    assert missing == [], missing


def test_unused_assets_are_dropped_and_used_ones_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "images").mkdir(parents=True)
    (site / "assets" / "javascripts" / "lunr" / "wordcut.js").write_text("x")
    (site / "assets" / "javascripts" / "bundle.1.min.js.map").write_text("x")
    (site / "assets" / "stylesheets" / "a.css").write_text("b{background:url(../images/i.png)}")
    (site / "assets" / "images" / "i.png").write_bytes(b"png")
    (site / "assets" / "images" / "unused.png").write_bytes(b"png")
    (site / "x").mkdir()
    (site / "x" / "index.html").write_text(
        '<link rel="stylesheet" href="../assets/stylesheets/a.css">'
    )
    dropped = drop_unused_assets(site)
    assert dropped == [
        "assets/images/unused.png",
        "assets/javascripts/bundle.1.min.js.map",
        "assets/javascripts/lunr/wordcut.js",
    ]
    assert (site / "assets" / "images" / "i.png").is_file()
    assert not (site / "assets" / "javascripts").exists()


def test_asset_refs_are_addresses_not_words_ending_in_assets() -> None:
    html = (
        b"assets/first.css"
        b' <script src="../../assets/javascripts/a.js"></script>'
        b' <div style="background:url(assets/images/i.png)">'
        b" data=assets/x.svg,assets/y.svg?v=1#top"
        b" myassets/not-this.js and /site-assets/nor-this.css"
    )
    assert list(asset_refs(html)) == [
        "assets/first.css",
        "assets/javascripts/a.js",
        "assets/images/i.png",
        "assets/x.svg",
        "assets/y.svg",
    ]
