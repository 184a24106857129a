"""Rendering posters into the cache, in parallel, and publishing them to the site.

Each poster has a cache key: a hash of its ``PosterSpec`` (text, facts, address,
stage, content date and public warnings), the layout files, the font files'
identity, the library versions (Pillow, fpdf2, fontTools, qrcode, jieba) and this
package's own source. ``<cache>/manifest.json`` maps each poster to its key; a
poster whose key is unchanged is copied from the cache, not drawn. A community's
bundle (``<id>-all.pdf``) is keyed by the keys of its pages.

Drawing is two passes over the posters to draw, each on all cores:

1. lay out (``draw.compose_poster``) and keep the page as JSON, paint the PNG
   preview from it;
2. make the working font for every character on those pages (``fontfile``, cached),
   then write each PDF, and each bundle that changed, from the pages' JSON.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import PIL
import qrcode

from generator.atomic import write_atomic
from generator.posters.content import PosterSpec
from generator.posters.draw import compose_poster
from generator.posters.fontfile import (
    BASE_CHARS,
    metrics,
    parsed_working_font,
    working_font,
    working_font_name,
)
from generator.posters.fonts import FontSet
from generator.posters.layout import Layout
from generator.posters.linebreak import prepare as prepare_line_breaking
from generator.posters.page import Page
from generator.posters.paint import (
    PREVIEW_DPI,
    PREVIEW_GREYS,
    PREVIEW_MAX_BYTES,
    paint,
    png_bytes,
    preview_png,
)
from generator.posters.pdf import PdfFonts, pdf_document

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2


@dataclass(frozen=True)
class PosterJob:
    """One poster to draw: what it says, its key, and its files in the cache."""

    spec: PosterSpec
    key: str
    page: Path  # the laid-out page (JSON)
    png: Path  # the preview
    pdf: Path


@dataclass(frozen=True)
class Bundle:
    """A community's print job: its poster, then the cases worth posting."""

    community: str
    title: str
    pages: tuple[str, ...]  # poster keys (community first)


@dataclass
class PosterReport:
    """What ``render_posters`` did: posters drawn vs taken from the cache, the files
    written to the site, and the time it took."""

    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    bundles_rendered: list[str] = field(default_factory=list)
    bundles_cached: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rendered_count(self) -> int:
        return len(self.rendered)

    @property
    def cached_count(self) -> int:
        return len(self.cached)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the renderer's own source files: a code change re-renders everything."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def environment_key(layout: Layout, fonts: FontSet) -> str:
    """The part of every poster's key that is not its text."""
    parts = {
        "layout": layout.digest,
        "paper": layout.name,
        "scale": layout.scale,
        "fonts": fonts.identity(),
        "pillow": PIL.__version__,
        "fpdf2": _version("fpdf2"),
        "fonttools": _version("fonttools"),
        "qrcode": _qrcode_version(),
        "jieba": _version("jieba"),  # its dictionary decides where lines break
        "code": code_version(),
        "preview": [PREVIEW_DPI, PREVIEW_GREYS, PREVIEW_MAX_BYTES],
    }
    return json.dumps(parts, sort_keys=True)


def _version(package: str) -> str:
    try:
        from importlib.metadata import version

        return version(package)
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "?"


def _qrcode_version() -> str:
    try:
        from importlib.metadata import version

        return version("qrcode")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return getattr(qrcode, "__version__", "?")


def poster_key(spec: PosterSpec, environment: str) -> str:
    """The cache key of one poster."""
    return hashlib.sha256((environment + "\n" + spec.to_json()).encode()).hexdigest()


def bundle_key(pages: Iterable[str]) -> str:
    """The cache key of a bundle: the keys of its pages, in order."""
    return hashlib.sha256("\n".join(pages).encode()).hexdigest()


def read_manifest(cache_dir: Path) -> dict[str, dict[str, str]]:
    """``{"posters": {name: key}, "bundles": {name: key}}``; empty when unreadable."""
    try:
        data = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") == MANIFEST_FORMAT:
            return {"posters": dict(data["posters"]), "bundles": dict(data["bundles"])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {"posters": {}, "bundles": {}}


def write_manifest(cache_dir: Path, manifest: dict[str, dict[str, str]]) -> None:
    """Write the manifest atomically (a crash never leaves a half file)."""
    text = json.dumps(
        {"format": MANIFEST_FORMAT, **manifest}, ensure_ascii=False, indent=1, sort_keys=True
    )
    atomic_write(cache_dir / MANIFEST, text.encode("utf-8"))


def lay_out(spec: PosterSpec, layout: Layout, fonts: FontSet, page: Path, png: Path) -> str:
    """Pass 1 for one poster: lay it out, keep the page (JSON) and its PNG preview.
    Returns the characters it prints (for the working font)."""
    laid = compose_poster(spec, layout, fonts).page
    atomic_write(page, laid.to_json().encode("utf-8"))
    atomic_write(png, preview_png(laid, fonts))
    return "".join(sorted(laid.chars()))


def read_page(path: Path) -> Page:
    return Page.from_json(path.read_text(encoding="utf-8"))


def write_pdf(
    pages: Sequence[Path], fonts: PdfFonts, out: Path, title: str, created: dt.date | None
) -> None:
    """Pass 2: one PDF of the laid-out pages (one font subset for all of them)."""
    data = pdf_document([read_page(p) for p in pages], fonts, title=title, created=created)
    atomic_write(out, data)


def write_png(page: Path, fonts: FontSet, out: Path, dpi: int) -> None:
    """A PNG of a laid-out page at ``dpi`` (full resolution, on request)."""
    image = paint(read_page(page), dpi, fonts)
    atomic_write(out, png_bytes(image, dpi))


atomic_write = write_atomic  # the one way files are written (generator/atomic.py)


def _call(task: tuple[Callable[..., Any], tuple[Any, ...]]) -> Any:
    function, args = task
    return function(*args)


def workers_available() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_all(
    tasks: list[tuple[Callable[..., Any], tuple[Any, ...]]], workers: int | None = None
) -> list[Any]:
    """Run ``function(*args)`` for each task on all cores (serially with one core or
    one task); results in order. The first error from a worker is raised."""
    workers = min(workers or workers_available(), len(tasks))
    if workers <= 1:
        return [_call(task) for task in tasks]
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_call, tasks, chunksize=max(1, len(tasks) // (workers * 8))))


def prepare(fonts: FontSet) -> None:
    """Before the workers fork: the word dictionary and the fonts' metrics, loaded
    once and shared."""
    prepare_line_breaking()
    metrics(fonts.regular)
    metrics(fonts.bold)


def pdf_fonts(
    fonts: FontSet, chars: Iterable[str], folder: Path, workers: int | None = 1
) -> PdfFonts:
    """The working fonts (regular, bold) holding ``chars``, made or taken from the cache;
    a regular and a bold face to make are made side by side with two ``workers``
    (about 1 s per thousand characters each)."""
    wanted = frozenset(chars)
    faces = [fonts.regular] if fonts.bold == fonts.regular else [fonts.regular, fonts.bold]
    missing = [
        f for f in faces if not (folder / working_font_name(f, wanted | BASE_CHARS)).is_file()
    ]
    made = run_all(
        [(working_font, (face, wanted, folder)) for face in faces],
        workers if len(missing) > 1 else 1,
    )
    regular, bold = made[0], made[-1]
    for path in (regular, bold):  # parsed here, once, before the workers fork
        parsed_working_font(path)
    return PdfFonts(regular, bold)


def publish(source: Path, target: Path) -> Path:
    """Copy a cached file into the site folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


class Timer:
    """Seconds since creation (for the report)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start
