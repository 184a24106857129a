"""What a photo or attachment really is, whether it may be published, and publishing
PDFs without their metadata.

The site serves case files from its own address, so anything that a browser would
run there (SVG, HTML, scripts) must never be published, whatever its name says.
Files are judged by their first bytes (magic numbers), not by their extension, and
the extension must agree with the content. What may be published:

- photos (progress ``photos``): JPEG, PNG, WebP — re-encoded as JPEG on publish;
- attachments: those images, and PDF — published with its document information,
  XMP metadata, scripts and embedded files removed.

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

from PIL import Image

from generator.atomic import write_atomic
from generator.gate import Gate, GateRefused

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

_EXPORT = "在绘图或排版软件里导出为 PDF 或 PNG 后再放入案例文件夹，并改写这里的文件名"
_SAVE_AS_PDF = "用 Word、WPS 或 Excel 打开，“另存为”PDF 后再放入案例文件夹，并改写这里的文件名"
_SAVE_AS_JPEG = "用手机相册或画图软件另存为 JPEG（.jpg）后再放入，并改写这里的文件名"

# kind -> (Chinese label, what to do instead)
LABELS: dict[str, tuple[str, str]] = {
    "jpeg": ("JPEG 图片", ""),
    "png": ("PNG 图片", ""),
    "webp": ("WebP 图片", ""),
    "pdf": ("PDF 文档", "照片只能是 JPEG、PNG 或 WebP 图片；PDF 请放到 attachments 中"),
    "svg": ("SVG 矢量图（可能含有脚本）", _EXPORT),
    "html": ("网页（HTML，可能含有脚本）", "在浏览器里“打印”为 PDF 后再放入，并改写这里的文件名"),
    "xml": ("XML 文件（可能含有脚本）", _EXPORT),
    "gif": ("GIF 动图", _SAVE_AS_JPEG),
    "bmp": ("BMP 图片", _SAVE_AS_JPEG),
    "tiff": ("TIFF 图片", _SAVE_AS_JPEG),
    "heic": (
        "HEIC 照片（苹果手机格式）",
        "在手机“设置→相机→格式”选“兼容性最佳”后重拍，或另存为 JPEG 后再放入",
    ),
    "office": ("Office 文档（Word、Excel 或 PowerPoint）", _SAVE_AS_PDF),
    "archive": ("压缩包", "解压后把需要公开的文件导出为 PDF 或 JPEG，逐个放入并引用"),
    "program": ("程序或脚本", "程序和脚本不能公开；需要公开的内容请导出为 PDF"),
    "text": ("文本文件", "文字请直接写在案例正文里，或导出为 PDF 后作为附件"),
    "unknown": ("无法识别的文件", "只能公开 JPEG、PNG、WebP 图片和 PDF 文档：请另存为这几种格式"),
}

_MARKUP_HEAD = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|svg|\?xml)\b", re.I)


def sniff(head: bytes) -> str:
    """The kind of file whose first bytes are ``head`` (a key of ``LABELS``)."""
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
                label, hint = LABELS[kind]
                return MediaProblem(
                    "attachment-type",
                    {"found": written, "problem": f"是{label}，不能在网站上公开", "hint": hint},
                )
            suffix = Path(written).suffix.lower()
            if suffix not in EXTENSIONS[kind]:
                right = EXTENSIONS[kind][0]
                return MediaProblem(
                    "attachment-type",
                    {
                        "found": written,
                        "problem": f"的扩展名是“{suffix or '（无）'}”，内容却是{LABELS[kind][0]}",
                        "hint": f"把文件的扩展名改成 {right}，并同样改写这里的文件名",
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
            return "文件不完整（可能没有传完或下载中断）"
        return "文件已损坏，无法作为图片打开"
    except Exception:  # any decoder failure on clerk-supplied bytes is a broken image
        return "文件已损坏，无法作为图片打开"
    return None


def _pypdf() -> Any:
    import pypdf

    # pypdf logs recoverable damage as warnings; the finding says what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return pypdf


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be published (encrypted, unreadable), or None."""
    pypdf = _pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return "文档设有密码，网站无法清除其中的个人信息"
        if len(reader.pages) == 0:
            return "文档没有页面"
        clean_pdf(data)  # what the build will do: a structure it cannot clean is damage
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return "文件已损坏，无法作为 PDF 打开"
    return None


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The document information a PDF carries (author, creator, title...), for tests and
    diagnostics."""
    pypdf = _pypdf()
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata or {}
    return {str(k): str(v) for k, v in info.items()}


# Catalogue entries that carry metadata or run something when the file is opened.
_CATALOG_KEYS = ("/Metadata", "/OpenAction", "/AA", "/PieceInfo", "/Perms")
_NAME_TREES = ("/JavaScript", "/EmbeddedFiles")


def clean_pdf(data: bytes) -> bytes:
    """The PDF without document information, XMP metadata, document scripts, open
    actions and embedded files. Pages are kept as they are."""
    pypdf = _pypdf()
    from pypdf.generic import DictionaryObject, NameObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.metadata = None
    root = writer._root_object
    for key in _CATALOG_KEYS:
        if NameObject(key) in root:
            del root[NameObject(key)]
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        if not isinstance(names, DictionaryObject):  # malformed: a number, a string…
            del root[NameObject("/Names")]
            names = DictionaryObject()
        for key in _NAME_TREES:
            if NameObject(key) in names:
                del names[NameObject(key)]
    for page in writer.pages:
        for key in ("/AA", "/Metadata", "/PieceInfo"):
            if NameObject(key) in page:
                del page[NameObject(key)]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Bump when clean_pdf changes, so stale cache entries are not reused.
PDF_RECIPE = "pdf-v1"


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
