"""Rendering posters into the cache, in parallel, and publishing them to the site.

Each poster has a cache key: a hash of its ``PosterSpec`` (text, facts, address,
stage, printed date and public warnings), the layout files, the font files'
identity, the library versions (Pillow, qrcode, jieba) and this package's own source. ``<cache>/manifest.json`` maps each
poster to its key; a poster whose key is unchanged is copied from the cache, not
drawn. A community's bundle (``<id>-all.pdf``) is keyed by the keys of its pages.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import PIL
import qrcode

from generator.fonts import FontSet
from generator.poster_names import png_file
from generator.posters.content import PosterSpec
from generator.posters.draw import render_poster
from generator.posters.layout import Layout
from generator.posters.linebreak import prepare as prepare_line_breaking
from generator.posters.pdf import pdf_from_pngs

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
PNG_COMPRESS_LEVEL = 6


@dataclass(frozen=True)
class PosterJob:
    """One poster to draw: what it says, how it looks, where its files go (cache)."""

    spec: PosterSpec
    key: str
    png: Path
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
    for path in sorted([*here.glob("*.py"), here.parent / "fonts.py"]):
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
        "qrcode": _qrcode_version(),
        "jieba": _version("jieba"),  # its dictionary decides where lines break
        "code": code_version(),
        "png": PNG_COMPRESS_LEVEL,
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


def draw_to_files(spec: PosterSpec, layout: Layout, fonts: FontSet, png: Path, pdf: Path) -> None:
    """Draw one poster and write its PNG (300 dpi) and one-page PDF."""
    image = render_poster(spec, layout, fonts)
    encoded = io.BytesIO()
    image.save(
        encoded, format="PNG", dpi=(layout.dpi, layout.dpi), compress_level=PNG_COMPRESS_LEVEL
    )
    data = encoded.getvalue()
    atomic_write(png, data)
    atomic_write(pdf, pdf_from_pngs([data], layout.page_points, title=_pdf_title(spec)))


def _pdf_title(spec: PosterSpec) -> str:
    return f"{spec.heading}：{spec.title}"


def atomic_write(path: Path, data: bytes) -> None:
    """The one way posters and their cache are written: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _worker(args: tuple[PosterSpec, Layout, FontSet, Path, Path]) -> None:
    draw_to_files(*args)


def workers_available() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def draw_all(
    jobs: list[PosterJob], layout: Layout, fonts: FontSet, workers: int | None = None
) -> None:
    """Draw the jobs on all cores (serially with one core or one job)."""
    workers = min(workers or workers_available(), len(jobs))
    if jobs:
        # The word dictionary once, here: forked workers share it instead of each
        # loading it again.
        prepare_line_breaking()
    tasks = [(job.spec, layout, fonts, job.png, job.pdf) for job in jobs]
    if workers <= 1:
        for task in tasks:
            _worker(task)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        # list() re-raises the first error from a worker.
        list(pool.map(_worker, tasks, chunksize=1))


def build_bundle(bundle: Bundle, files: Path, layout: Layout, out: Path) -> None:
    """The bundle PDF, page images taken as they are from the cached PNGs."""
    pages = [(files / png_file(key)).read_bytes() for key in bundle.pages]
    atomic_write(out, pdf_from_pngs(pages, layout.page_points, title=bundle.title))


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
