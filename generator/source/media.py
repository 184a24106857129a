"""What a photo or attachment really is, whether it may be published, and publishing
PDFs without their metadata.

The site serves case files from its own address, so anything that a browser would
run there (SVG, HTML, scripts) must never be published, whatever its name says.
Files are judged by their first bytes (magic numbers), not by their extension, and
the extension must agree with the content. What may be published:

- photos (progress ``photos``): JPEG, PNG, WebP — re-encoded as JPEG on publish;
- attachments: those images, and PDF — rebuilt from its pages alone (``clean_pdf``:
  no document information, XMP, scripts, actions, embedded files, forms or
  annotations besides plain http(s) links, no metadata in its JPEG images); its text
  is read for personal numbers by ``rules/paths.py`` (``generator.source.pdfscan``).

Office documents are not published: they carry authors, tracked changes and
comments that clerks do not see; the hint says to save them as PDF.

``inspect`` is what ``check`` runs (cheap: the header, a reduced-size decode of
JPEGs, PNG chunk checksums, the PDF's structure); ``clean_pdf`` is what the build
publishes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import posixpath
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.messages import checks as words
from generator.source.gate import Gate, GateRefused

# Largest image accepted, in pixels: a 64-megapixel photo decodes to ~200 MB of memory;
# a phone photo is 12-50 megapixels. Larger (or a decompression bomb) is a finding.
PIXEL_BUDGET = 64_000_000
HEAD_BYTES = 4096

PHOTO_KINDS = frozenset({"jpeg", "png", "webp"})
ATTACHMENT_KINDS = PHOTO_KINDS | {"pdf"}
EXTENSIONS = {
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "webp": (".webp",),
    "pdf": (".pdf",),
}

_MARKUP_HEAD = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|svg|\?xml)\b", re.I)


def sniff(head: bytes) -> str:
    """The kind of file whose first bytes are ``head`` (a key of ``words.FILE_KINDS``)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return "heic"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "office"
    if head.startswith(b"PK\x03\x04"):
        names = head[:HEAD_BYTES]
        if any(part in names for part in (b"word/", b"xl/", b"ppt/", b"[Content_Types]")):
            return "office"
        return "archive"
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        return "archive"
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        return "program"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    m = _MARKUP_HEAD.search(text[:1024])
    if m:
        tag = m.group(1).lower()
        if tag == b"svg" or b"<svg" in text.lower():
            return "svg"
        return "xml" if tag == b"?xml" else "html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:  # not just a character cut at the end of the head
            return "unknown"
    return "text"


@dataclass(frozen=True)
class MediaProblem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def inspect(gate: Gate, path: Path, written: str, role: str, max_bytes: int) -> MediaProblem | None:
    """Why the file at ``path`` (named ``written`` in the case) cannot be published, or None.

    ``role`` is "photo" or "attachment". The gate has already accepted the path.
    """
    try:
        with gate.open(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                return MediaProblem(
                    "attachment-too-large",
                    {
                        "found": written,
                        "size_mb": f"{size / 1024 / 1024:.1f}",
                        "limit_mb": f"{max_bytes / 1024 / 1024:g}",
                    },
                )
            head = f.read(HEAD_BYTES)
            kind = sniff(head)
            allowed = PHOTO_KINDS if role == "photo" else ATTACHMENT_KINDS
            if kind not in allowed:
                label, hint = words.FILE_KINDS[kind]
                return MediaProblem(
                    "attachment-type",
                    {
                        "found": written,
                        "problem": words.NOT_PUBLISHABLE.format(label=label),
                        "hint": hint,
                    },
                )
            suffix = Path(written).suffix.lower()
            if suffix not in EXTENSIONS[kind]:
                right = EXTENSIONS[kind][0]
                return MediaProblem(
                    "attachment-type",
                    {
                        "found": written,
                        "problem": words.WRONG_EXTENSION.format(
                            suffix=suffix or words.NO_EXTENSION, label=words.FILE_KINDS[kind][0]
                        ),
                        "hint": words.RENAME_EXTENSION.format(right=right),
                    },
                )
            f.seek(0)
            if kind == "pdf":
                reason = pdf_problem(f.read())
                code = "pdf-broken"
            else:
                reason = image_problem(f)
                code = "image-broken"
    except GateRefused as refused:
        return MediaProblem(refused.refusal.code, refused.refusal.params)
    except OSError as err:
        return MediaProblem("image-broken", {"found": written, "reason": err.strerror or str(err)})
    if reason is None:
        return None
    if isinstance(reason, tuple):
        width, height = reason
        return MediaProblem(
            "image-too-large",
            {
                "found": written,
                "width": width,
                "height": height,
                "limit": PIXEL_BUDGET // 10_000,
            },
        )
    return MediaProblem(code, {"found": written, "reason": reason})


_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


def _ends_whole(f: Any, image_format: str | None) -> bool:
    """Whether the file ends the way a complete JPEG (EOI marker) or PNG (IEND chunk)
    does. A file cut short (an interrupted copy or upload) does not; those are decoded
    to say for sure (a Samsung "motion photo" carries a video after its EOI)."""
    if image_format not in ("JPEG", "PNG"):
        return False
    position = f.tell()
    try:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 64))
        tail = f.read(64).rstrip(b"\x00\r\n ")
    finally:
        f.seek(position)
    if image_format == "JPEG":
        return tail.endswith(b"\xff\xd9")
    return tail.endswith(b"IEND\xaeB`\x82")


def image_problem(f: Any) -> str | tuple[int, int] | None:
    """Why an image file cannot be used: a Chinese reason, (width, height) when it is too
    large, or None. Reads the header (size, pixel budget) and the last bytes; a file
    that does not end whole is decoded (JPEG at 1/8 size, PNG checksums) to tell a
    truncated file from an unusual but complete one. Damage in the middle of a
    complete-looking file is left to the build, which stops naming the file."""
    from PIL import Image  # here, not at the top: the build's calling process never needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(f)
            width, height = img.size
            if width * height > PIXEL_BUDGET:
                return (width, height)
            if _ends_whole(f, img.format):
                return None  # the usual case, decided from the header and the last bytes
            if img.format == "PNG":
                img.verify()
            else:
                if img.format == "JPEG":
                    img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                img.load()
    except Image.DecompressionBombError as err:
        m = _BOMB_PIXELS.search(str(err))
        pixels = int(m.group(1)) if m else 0
        side = int(pixels**0.5)
        return (side, pixels // side if side else 0)
    except (OSError, SyntaxError, ValueError, EOFError, Image.UnidentifiedImageError) as err:
        text = str(err)
        if "truncated" in text or isinstance(err, EOFError):
            return words.IMAGE_TRUNCATED
        return words.IMAGE_BROKEN
    except Exception:  # any decoder failure on clerk-supplied bytes is a broken image
        return words.IMAGE_BROKEN
    return None


def _pypdf() -> Any:
    import pypdf

    # pypdf logs recoverable damage as warnings; the finding says what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return pypdf


class PdfRefused(ValueError):
    """A PDF that ``clean_pdf`` cannot rebuild safely; the message is the Chinese reason."""


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be published (encrypted, unreadable, not rebuildable by
    ``clean_pdf``), or None. Rebuilds it to find out: what ``check`` accepts, the build
    can publish."""
    pypdf = _pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return words.PDF_ENCRYPTED
        if len(reader.pages) == 0:
            return words.PDF_NO_PAGES
        clean_pdf(data)
    except PdfRefused as refused:
        return str(refused)
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return words.PDF_BROKEN
    return None


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The document information a PDF carries (author, creator, title...), for tests and
    diagnostics."""
    pypdf = _pypdf()
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata or {}
    return {str(k): str(v) for k, v in info.items()}


def clean_pdf(data: bytes) -> bytes:
    """The PDF rebuilt from its pages alone: each page's size, rotation, content streams
    and resources (text, fonts, images) are copied into a new document; nothing else
    of the old one is (document information, XMP, open actions, scripts, name trees
    with embedded files or JavaScript, forms, outlines, optional-content settings that
    hide things, thumbnails, page actions). Of the annotations only plain links to an
    ``http(s)`` address remain, written afresh; of every image its pixels (a JPEG's
    APPn and COM segments removed, see ``strip_jpeg``). Raises on a PDF that cannot be
    read."""
    pypdf = _pypdf()
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter()
    for source in reader.pages:
        box = source.mediabox
        page = writer.add_blank_page(float(box.width), float(box.height))
        page[NameObject("/MediaBox")] = _box(source.mediabox)
        if "/CropBox" in source:
            page[NameObject("/CropBox")] = _box(source.cropbox)
        rotate = source.get("/Rotate")
        if isinstance(rotate, int) and rotate % 90 == 0:
            page[NameObject("/Rotate")] = NumberObject(rotate % 360)
        for key in ("/Resources", "/Contents"):
            value = source.get(key)
            if value is not None:
                page[NameObject(key)] = value.clone(writer)
        links = _plain_links(source)
        if links:
            page[NameObject("/Annots")] = ArrayObject(writer._add_object(link) for link in links)
    _scrub(writer)
    writer.metadata = None
    _drop_unreachable(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _box(box: Any) -> Any:
    from pypdf.generic import ArrayObject, FloatObject

    return ArrayObject(FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top))


_LINK_TARGET = re.compile(r"https?://[!-~]+", re.I)


def _plain_links(page: Any) -> list[Any]:
    """The page's links to an ``http(s)`` address, each a new annotation holding only
    its rectangle and address (no actions besides, no appearance, no border)."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    out = []
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else []
    for ref in annots if isinstance(annots, list) else []:
        annot = ref.get_object()
        if not isinstance(annot, dict) or annot.get("/Subtype") != "/Link":
            continue
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if not isinstance(action, dict) or action.get("/S") != "/URI" or "/Next" in action:
            continue
        uri = action.get("/URI")
        uri = uri.get_object() if uri is not None else None
        if not isinstance(uri, str) or not _LINK_TARGET.fullmatch(uri):
            continue
        rect = annot.get("/Rect")
        rect = rect.get_object() if rect is not None else None
        try:
            numbers = [float(v) for v in rect] if isinstance(rect, list) else []
        except (TypeError, ValueError):
            continue
        if len(numbers) != 4:
            continue
        out.append(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject(FloatObject(v) for v in numbers),
                    NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                    NameObject("/A"): DictionaryObject(
                        {
                            NameObject("/S"): NameObject("/URI"),
                            NameObject("/URI"): TextStringObject(uri),
                        }
                    ),
                }
            )
        )
    return out


# Keys dropped from every dictionary the pages use (resources, fonts, images, forms):
# metadata streams, application data, optional-content membership (content that was
# meant to be hidden is shown: a viewer without the document's settings shows it all),
# actions, thumbnails, OPI proxies.
_DROPPED = ("/Metadata", "/PieceInfo", "/OC", "/AA", "/Thumb", "/OPI", "/LastModified")

# Every key a dictionary reachable from a page may keep: those PDF defines for pages,
# the rebuilt links, resources, fonts (and their descriptors, encodings, CMaps), images,
# forms, graphics states, colour spaces, patterns, shadings, functions and the
# parameters of every standard filter (a PNG predictor's /Columns…). Any other key
# (an application's private key holding an embedded file, a filespec, a note with a
# name and a number) is dropped: what is not drawn is not published. A stream's ``/F``
# (its data in an outside file) is not among them.
_KEPT_NAMES = """
    Type Subtype Length Filter DecodeParms DL Name Parent MediaBox CropBox Rotate
    Resources Contents Annots Kids Count Rect Border A S URI
    ExtGState ColorSpace Pattern Shading XObject Font ProcSet Properties
    BaseFont FirstChar LastChar Widths FontDescriptor Encoding ToUnicode FontBBox
    FontMatrix CharProcs DescendantFonts CIDSystemInfo DW W DW2 W2 CIDToGIDMap Registry
    Ordering Supplement BaseEncoding Differences CMapName UseCMap WMode
    FontName FontFamily FontStretch FontWeight Flags ItalicAngle Ascent Descent Leading
    CapHeight XHeight StemV StemH AvgWidth MaxWidth MissingWidth FontFile FontFile2
    FontFile3 CharSet Style Panose Lang FD CIDSet Length1 Length2 Length3
    Width Height BitsPerComponent Intent ImageMask Mask Decode Interpolate SMask
    SMaskInData Matte FormType BBox Matrix Group CS I K
    LW LC LJ ML D RI OP op OPM BG BG2 UCR UCR2 TR TR2 HT FL SM SA BM CA ca AIS TK
    UseBlackPtComp HTO G BC HalftoneType Frequency Angle SpotFunction AccurateScreens
    TransferFunction Xsquare Ysquare
    PatternType PaintType TilingType XStep YStep
    ShadingType Background AntiAlias Coords Domain Function Extend BitsPerCoordinate
    BitsPerFlag VerticesPerRow FunctionType Range Size BitsPerSample Order Encode C0 C1 N
    Functions Bounds WhitePoint BlackPoint Gamma Alternate Colorants Process Components
    Predictor Colors Columns EarlyChange Rows EndOfLine EncodedByteAlign EndOfBlock
    BlackIs1 DamagedRowsBeforeError JBIG2Globals ColorTransform
"""
_KEPT = frozenset(f"/{k}" for k in _KEPT_NAMES.split())
# Dictionaries whose keys are names the content streams use (``/F1``, ``/Im0``, glyph
# names of a Type 3 font): their keys are kept, their values are checked.
_NAME_MAPS = frozenset(
    [
        "/ExtGState",
        "/ColorSpace",
        "/Pattern",
        "/Shading",
        "/XObject",
        "/Font",
        "/Properties",
        "/CharProcs",
        "/Colorants",
    ]
)


def _scrub(writer: Any) -> None:
    """Walk everything the new pages reference: keep only ``_KEPT`` keys (never
    ``_DROPPED``) of each dictionary, strip every JPEG image's metadata segments."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    seen: set[int] = set()
    # (object, the key it was found under in its dictionary)
    stack: list[tuple[Any, str]] = [(page.get_object(), "") for page in writer.pages]
    while stack:
        obj, under = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                continue
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            named = under in _NAME_MAPS and not isinstance(obj, StreamObject)
            for key in list(obj.keys()):
                if key in _DROPPED or not (named or key in _KEPT):
                    del obj[key]
            if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image":
                _clean_image(obj)
            stack.extend((v, "" if named else k) for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend((v, "") for v in obj)


def _drop_unreachable(writer: Any) -> None:
    """Forget every object of ``writer`` that its catalog no longer reaches (what
    ``_scrub`` unhooked is still in the writer's object table, and pypdf writes the
    whole table)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reached: set[int] = set()
    stack: list[Any] = [writer._root_object.indirect_reference]
    info = writer._info
    if info is not None:
        stack.append(info.indirect_reference)
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in reached:
                continue
            reached.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    for index in range(len(writer._objects)):
        if index + 1 not in reached:
            writer._objects[index] = None


_PLAIN_FILTERS = frozenset(("/FlateDecode", "/ASCIIHexDecode", "/ASCII85Decode", "/LZWDecode"))


def _clean_image(image: Any) -> None:
    """A JPEG (DCTDecode) image stream without its metadata segments; a JPEG 2000 one
    re-encoded as JPEG."""
    from pypdf.generic import NameObject

    filters = image.get("/Filter")
    filters = filters.get_object() if filters is not None else None
    names = [filters] if isinstance(filters, str) else list(filters or [])
    if "/JPXDecode" in names:
        _jpx_to_jpeg(image, names)
        return
    if "/DCTDecode" not in names:
        return
    if names == ["/DCTDecode"]:
        jpeg = image._data
    elif names[-1] == "/DCTDecode" and set(names[:-1]) <= _PLAIN_FILTERS:
        jpeg = image.get_data()  # the other filters undone; DCTDecode passes the JPEG on
    else:
        raise PdfRefused(words.PDF_IMAGE_FILTER)
    image._data = strip_jpeg(jpeg)
    image[NameObject("/Filter")] = NameObject("/DCTDecode")
    if "/DecodeParms" in image:
        del image["/DecodeParms"]


def _jpx_to_jpeg(image: Any, names: list[str]) -> None:
    """A JPEG 2000 image (whose file format may carry XML, UUID and EXIF boxes)
    re-encoded from its pixels as a JPEG with no metadata."""
    from PIL import Image
    from pypdf.generic import NameObject, NumberObject

    if names != ["/JPXDecode"]:
        raise PdfRefused(words.PDF_IMAGE_FILTER)
    try:
        with Image.open(io.BytesIO(image._data)) as picture:
            grey = picture.mode in ("1", "L", "LA", "I", "I;16", "F")
            mode = "L" if grey else "RGB"
            pixels = picture.convert(mode)
    except Exception:  # a JPEG 2000 stream Pillow cannot decode
        raise PdfRefused(words.PDF_JPEG2000_UNREADABLE) from None
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=90)
    image._data = out.getvalue()
    image[NameObject("/Filter")] = NameObject("/DCTDecode")
    image[NameObject("/ColorSpace")] = NameObject("/DeviceGray" if grey else "/DeviceRGB")
    image[NameObject("/BitsPerComponent")] = NumberObject(8)
    image[NameObject("/Width")] = NumberObject(fresh.width)
    image[NameObject("/Height")] = NumberObject(fresh.height)
    for key in ("/DecodeParms", "/SMaskInData", "/Decode"):
        if key in image:
            del image[key]


# JPEG segments kept: APP0 only when JFIF, APP14 only as Adobe's colour-transform flag
# (12 bytes); tables, frame, scans. Every other APPn (EXIF, GPS, XMP, ICC, IPTC, MPF,
# maker notes) and comments go.
def strip_jpeg(data: bytes) -> bytes:
    """``data`` (a JPEG) without its APPn and COM segments and without anything after
    its end marker. Raises ValueError on a JPEG it cannot follow."""
    if data[:2] != b"\xff\xd8":
        raise PdfRefused(words.PDF_JPEG_INCOMPLETE)
    out = bytearray(b"\xff\xd8")
    i, end = 2, len(data)
    try:
        while True:
            if data[i] != 0xFF:
                raise PdfRefused(words.PDF_JPEG_INCOMPLETE)
            while data[i] == 0xFF:
                i += 1
            marker = data[i]
            i += 1
            if marker == 0xD9:
                out += b"\xff\xd9"
                return bytes(out)
            if 0xD0 <= marker <= 0xD7 or marker == 0x01:
                out += bytes((0xFF, marker))
                continue
            length = int.from_bytes(data[i : i + 2], "big")
            if length < 2 or i + length > end:
                raise PdfRefused(words.PDF_JPEG_INCOMPLETE)
            payload = data[i + 2 : i + length]
            i += length
            if 0xE0 <= marker <= 0xEF or marker == 0xFE:
                keep = (marker == 0xE0 and payload.startswith(b"JFIF\x00")) or (
                    marker == 0xEE and payload.startswith(b"Adobe") and len(payload) <= 12
                )
                if keep:
                    out += b"\xff" + bytes((marker,)) + data[i - length : i]
                continue
            out += b"\xff" + bytes((marker,)) + data[i - length : i]
            if marker == 0xDA:  # entropy-coded data, up to the next real marker
                start = i
                while not (data[i] == 0xFF and data[i + 1] not in _IN_SCAN):
                    i += 1
                out += data[start:i]
    except IndexError:
        raise PdfRefused(words.PDF_JPEG_INCOMPLETE) from None


_IN_SCAN = frozenset((0x00, *range(0xD0, 0xD8)))


# Bump when clean_pdf changes, so stale cache entries are not reused.
PDF_RECIPE = "pdf-v4"


def publish_pdf(gate: Gate, source: Path, destination: Path, cache_dir: Path) -> None:
    """Write the cleaned copy of ``source`` to ``destination`` (cached by content)."""
    data = gate.read_bytes(source)
    digest = hashlib.sha256(PDF_RECIPE.encode() + data).hexdigest()[:32]
    cached = cache_dir / f"{digest}.pdf"
    if not cached.is_file():
        write_atomic(cached, clean_pdf(data))
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(cached.read_bytes())


def published_names(written: list[str], is_image: Any) -> dict[str, str]:
    """Where each named file of one case is published, relative to its ``files/`` folder.

    Photos that are re-encoded get ``.jpg`` added (``p.png`` -> ``p.png.jpg``). Two
    different files that would land on the same name, even differing only in letter
    case (``p.png`` and a JPEG called ``p.png.jpg``), never overwrite each other: the
    later one gets ``-2``, ``-3``... before its extension. ``is_image(name)`` says
    which names are re-encoded.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    by_file: dict[str, str] = {}
    for name in written:
        if name in out:
            continue
        text = name.strip().replace("\\", "/")
        key = posixpath.normpath(text).lstrip("/")
        if key in by_file:  # the same file written another way ("./a.jpg")
            out[name] = by_file[key]
            continue
        dest = key
        if is_image(Path(key)) and not key.lower().endswith((".jpg", ".jpeg")):
            dest += ".jpg"
        stem, dot, ext = dest.rpartition(".")
        n = 1
        while dest.lower() in taken:
            n += 1
            dest = f"{stem}-{n}.{ext}" if dot else f"{ext}-{n}"
        taken.add(dest.lower())
        by_file[key] = dest
        out[name] = dest
    return out
