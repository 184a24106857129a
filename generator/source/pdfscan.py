"""What a PDF attachment says, page by page, so the personal-number detector can read
it (and what an image attachment of at least ``PICTURE_PIXELS`` shows, read by
Tesseract: a photographed sign-in sheet): each page's text layer (all of it: text under a drawn black box is still text, and
so is text a viewer hides), and for a page without one (a scan: images only, or text
drawn as shapes) or with a large image (a sign-in sheet photographed and pasted
under a typed heading), what Tesseract reads on the page rendered as a resident
would see it (``pdftoppm``, then ``tesseract`` with ``chi_sim+eng``, each a
subprocess with a timeout).

The pages' texts are kept in ``.cache/ocr/`` of the project, keyed by a hash of the
file's bytes and ``RECIPE``: a county pays for OCR once per new PDF, and the detector
(which may learn new kinds of numbers) runs on the kept texts every time.

When a page needs OCR and Tesseract or ``pdftoppm`` is missing (or fails, or runs out
of time), ``OcrUnavailable`` says which page and why: the attachment cannot be shown
to hold no personal number, so it is not published (``pdf-ocr-unavailable``). A PDF
with a text layer on every page and no large image needs neither tool.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from generator.atomic import write_atomic
from generator.messages import checks as words

RECIPE = "ocr-v4-cleaned-200dpi-chi_sim+eng"
LANGUAGES = "chi_sim+eng"
DPI = 200
TIMEOUT = 120  # seconds, for each page's rendering and for its recognition
INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils"


@dataclass(frozen=True)
class PageText:
    page: int  # 1-based
    text: str
    ocr: bool  # Tesseract's reading of the rendered page is part of ``text``


class OcrUnavailable(Exception):
    def __init__(self, page: int, reason: str) -> None:
        super().__init__(reason)
        self.page = page
        self.reason = reason


# Where the texts are kept: the project's ``.cache/ocr/``, or the folder this variable
# names (a CI runner that keeps one folder between fresh checkouts pays OCR once).
CACHE_VARIABLE = "NOTICEBOARD_OCR_CACHE"


def ocr_cache_dir(project_root: Path) -> Path:
    """The folder the pages' texts are kept in (see ``CACHE_VARIABLE``)."""
    shared = os.environ.get(CACHE_VARIABLE)
    return Path(shared) if shared else project_root / ".cache" / "ocr"


def ocr_tools() -> str:
    """Which of the OCR tools this machine has (part of ``check``'s cache key)."""
    return " ".join(f"{name}={shutil.which(name) or ''}" for name in ("pdftoppm", "tesseract"))


def pdf_texts(data: bytes, cache_dir: Path | None) -> list[PageText]:
    """Every page's text (text layer, and OCR where there is none or a large image),
    from the cache when this file was read before, and the addresses of its links
    (``media.clean_pdf`` publishes a plain ``http(s)`` link, whose address may carry a
    number no reader sees on the page). Raises ``OcrUnavailable``."""
    pages = _cached(b"pdf", data, cache_dir, _read)
    links = _link_addresses(data)
    return [
        PageText(p.page, p.text + "".join(f"\n{a}" for a in links.get(p.page, [])), p.ocr)
        for p in pages
    ]


def _link_addresses(data: bytes) -> dict[int, list[str]]:
    """Each page's link addresses (``/URI`` of a link's action), by page number."""
    from generator.source.media import _pypdf

    out: dict[int, list[str]] = {}
    try:
        reader = _pypdf().PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages, 1):
            annots = page.get("/Annots")
            annots = annots.get_object() if annots is not None else []
            for ref in annots if isinstance(annots, list) else []:
                annot = ref.get_object()
                action = annot.get("/A") if isinstance(annot, dict) else None
                action = action.get_object() if action is not None else None
                uri = action.get("/URI") if isinstance(action, dict) else None
                uri = uri.get_object() if uri is not None else None
                if isinstance(uri, str):
                    out.setdefault(number, []).append(unquote(str(uri)))
    except Exception:  # a damaged file: media.pdf_problem refuses it
        return out
    return out


def image_texts(data: bytes, cache_dir: Path | None) -> list[PageText]:
    """What Tesseract reads in an image attachment (a photographed sign-in sheet), as
    one page; nothing for an image smaller than ``PICTURE_PIXELS``. Raises
    ``OcrUnavailable``."""
    return _cached(b"image", data, cache_dir, _read_image)


def _cached(
    kind: bytes, data: bytes, cache_dir: Path | None, read: Callable[[bytes], list[PageText]]
) -> list[PageText]:
    digest = hashlib.sha256(RECIPE.encode() + b"\0" + kind + b"\0" + data).hexdigest()[:32]
    cached = cache_dir / f"{digest}.json" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        try:
            rows = json.loads(cached.read_text(encoding="utf-8"))
            return [PageText(int(r["page"]), str(r["text"]), bool(r["ocr"])) for r in rows]
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache file: read the file again
    pages = read(data)
    if cached is not None:
        rows = [{"page": p.page, "text": p.text, "ocr": p.ocr} for p in pages]
        write_atomic(cached, json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    return pages


def _read_image(data: bytes) -> list[PageText]:
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height < PICTURE_PIXELS:
                return []
            grey = ImageOps.exif_transpose(img).convert("L")
    except Exception:  # a damaged image: the build stops naming it (images.web_image)
        return []
    out = io.BytesIO()
    grey.save(out, "PNG")
    return [PageText(1, _recognise(out.getvalue(), 1), True)]


# Control characters some fonts' mappings put between characters (fpdf2's CJK text
# reads as "\x001\x003…"): left out, as a reader copying the text never sees them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _read(data: bytes) -> list[PageText]:
    from generator.source.media import _pypdf, clean_pdf

    # What is published is read: the PDF as media.clean_pdf rebuilds it, which shows
    # what the original hid (optional content switched off, its /OC dropped), so the
    # rendering OCR reads must be of the rebuilt file, not of the original.
    with contextlib.suppress(Exception):  # not rebuildable: pdf_problem refuses it
        data = clean_pdf(data)
    reader = _pypdf().PdfReader(io.BytesIO(data))
    layers: list[str] = []
    pictured: list[bool] = []
    drawn: list[bool] = []
    for page in reader.pages:
        try:
            layers.append(_CONTROLS.sub("", page.extract_text() or ""))
        except Exception:  # damage in one page's content: read it as a picture
            layers.append("")
        try:
            pictured.append(_has_picture(page.get("/Resources"), set()))
            drawn.append(_draws_something(page))
        except Exception:
            pictured.append(True)
            drawn.append(True)
    wanted = [
        i
        for i, (text, picture, ink) in enumerate(zip(layers, pictured, drawn, strict=True), 1)
        if picture or (ink and not text.strip())
    ]
    read = {}
    if wanted:
        with tempfile.TemporaryDirectory(prefix="noticeboard-ocr-") as folder:
            pdf = Path(folder) / "in.pdf"
            pdf.write_bytes(data)
            for number in wanted:
                read[number] = _ocr_page(pdf, number)
    return [
        PageText(i, text + ("\n" + read[i] if i in read else ""), i in read)
        for i, text in enumerate(layers, 1)
    ]


def _draws_something(page: object) -> bool:
    """Whether the page's content stream holds anything at all (a blank page, as a
    scanner or a word processor leaves one, needs no OCR)."""
    contents = page.get_contents()  # type: ignore[attr-defined]
    return contents is not None and bool(contents.get_data().strip())


# An image this large (pixels) may be a photographed or scanned sheet: its page is
# read by OCR even when it has text too (a typed heading over a pasted sign-in sheet).
PICTURE_PIXELS = 250_000


def _has_picture(resources: object, seen: set[int]) -> bool:
    """Whether the resources draw an image of ``PICTURE_PIXELS`` or more, directly or
    inside a form XObject (read from the dictionaries, nothing decoded), or draw what
    no text layer holds though a reader sees it: a tiling pattern (its cell is a
    content stream, text included, that text extraction never enters) or a Type 3
    font (each glyph a drawing: a glyph named ``a`` may draw a ``1``)."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, dict):
        return False
    if _holds(resources, "/Pattern", "/PatternType", 1) or _holds(
        resources, "/Font", "/Subtype", "/Type3"
    ):
        return True
    objects = resources.get("/XObject")
    objects = objects.get_object() if objects is not None else None
    if not isinstance(objects, dict):
        return False
    for ref in objects.values():
        if getattr(ref, "idnum", None) is not None:
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
        obj = ref.get_object()
        if not isinstance(obj, dict):
            continue
        if obj.get("/Subtype") == "/Image":
            width, height = obj.get("/Width", 0), obj.get("/Height", 0)
            sized = isinstance(width, int) and isinstance(height, int)
            if sized and width * height >= PICTURE_PIXELS:
                return True
        elif obj.get("/Subtype") == "/Form" and _has_picture(obj.get("/Resources"), seen):
            return True
    return False


def _holds(resources: dict, category: str, key: str, value: object) -> bool:
    """Whether one of ``resources[category]`` has ``key`` equal to ``value``."""
    named = resources.get(category)
    named = named.get_object() if named is not None else None
    if not isinstance(named, dict):
        return False
    for ref in named.values():
        obj = ref.get_object()
        if isinstance(obj, dict) and obj.get(key) == value:
            return True
    return False


def _ocr_page(pdf: Path, number: int) -> str:
    """Tesseract's reading of page ``number`` rendered at ``DPI`` in grey."""
    renderer = shutil.which("pdftoppm")
    tesseract = shutil.which("tesseract")
    if renderer is None or tesseract is None:
        missing = words.OCR_TESSERACT if tesseract is None else words.OCR_PDFTOPPM
        raise OcrUnavailable(number, words.OCR_NOT_INSTALLED.format(missing=missing))
    page = str(number)
    png = _run(
        [renderer, "-r", str(DPI), "-gray", "-png", "-f", page, "-l", page, str(pdf)],
        number,
        words.OCR_PAGE_TO_IMAGE,
    )
    return _recognise(png, number)


def _recognise(png: bytes, number: int) -> str:
    """Tesseract's reading of an image (PNG bytes)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise OcrUnavailable(number, words.OCR_NO_TESSERACT)
    text = _run(
        [tesseract, "stdin", "stdout", "-l", LANGUAGES, "--psm", "3"],
        number,
        words.OCR_FAILED,
        png,
    )
    return text.decode("utf-8", "replace")


def _run(command: list[str], page: int, failed: str, given: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            command, input=given, capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise OcrUnavailable(page, words.OCR_TIMEOUT.format(seconds=TIMEOUT)) from None
    except OSError as err:
        why = err.strerror or err
        raise OcrUnavailable(page, words.OCR_FAILED_WHY.format(failed=failed, why=why)) from None
    if done.returncode != 0 or (not done.stdout and given is None):
        raise OcrUnavailable(page, failed)
    return done.stdout
