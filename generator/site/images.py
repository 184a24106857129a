"""Photos for the web: resized, re-encoded as JPEG, with no metadata at all.

Every published photo is written by ``encode_jpeg`` from its pixels alone: no EXIF
(GPS, maker notes), no XMP, no ICC profile, no comment (COM), no Photoshop/IPTC or
MPF segment, whatever the source carried (a JPEG's APPn and COM segments, a PNG's
tEXt/zTXt/iTXt/eXIf chunks). A photo with an ICC profile is converted to sRGB first
(what browsers assume for an image without one), then the profile is dropped: its
description and copyright are text a clerk never sees. Any future variant (another
size, another format) must go through ``pixels_only`` and an encoder that is given
no ``info``, so the rule holds for all of them.

Results are cached by content hash in the folder the caller names (the plugin uses
``.cache/plugin/noticeboard/images/`` in the project folder),
so a rebuild only re-encodes photos that changed.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from generator.atomic import write_atomic

LONG_SIDE = 1600
TARGET_BYTES = 300 * 1024
QUALITIES = (82, 74, 66, 58, 50)
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic"}
)
# Bump when the recipe changes, so stale cache entries are not reused.
RECIPE = f"v3-{LONG_SIDE}-{TARGET_BYTES}"  # v3: transparency shown on white


@dataclass(frozen=True)
class WebImage:
    path: Path  # the cached JPEG
    width: int
    height: int


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def web_image(source: Path, cache_dir: Path, data: bytes | None = None) -> WebImage:
    """A web-ready copy of ``source``: long side ≤ 1600 px, about ≤ 300 KB, no metadata.

    ``data`` is the file's bytes when the caller read them (through the content gate).
    """
    if data is None:
        data = source.read_bytes()
    digest = hashlib.sha256(RECIPE.encode() + data).hexdigest()[:32]
    target = cache_dir / f"{digest}.jpg"
    if target.is_file():
        with Image.open(target) as img:
            return WebImage(target, img.width, img.height)
    with Image.open(io.BytesIO(data)) as original:
        img = pixels_only(original)
    img.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    encoded = encode_jpeg(img)
    write_atomic(target, encoded)
    return WebImage(target, img.width, img.height)


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def pixels_only(original: Image.Image) -> Image.Image:
    """An RGB image holding only ``original``'s pixels: upright (EXIF orientation
    applied), in sRGB (an embedded ICC profile applied, then dropped), and with an
    empty ``info``, so no encoder can copy a comment, profile, XMP or EXIF from it."""
    img = ImageOps.exif_transpose(original)  # keep the photo upright once EXIF is gone
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            img = ImageCms.profileToProfile(img, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info:
        # Seen on white, as the clerk saw it: dropping the alpha channel would show
        # what transparent pixels hold (black, or a list drawn and then made invisible).
        rgba = img.convert("RGBA")
        img = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img.alpha_composite(rgba)
    img = img.convert("RGB")  # also drops palette
    return Image.frombytes("RGB", img.size, img.tobytes())  # a new image: info == {}


def encode_jpeg(img: Image.Image) -> bytes:
    """The one JPEG encoder of published photos: from pixels only (``pixels_only``),
    no EXIF, ICC, XMP or comment; lower quality until it fits the target."""
    img = pixels_only(img) if img.info or img.mode != "RGB" else img
    out = b""
    for quality in QUALITIES:
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        out = buffer.getvalue()
        if len(out) <= TARGET_BYTES:
            break
    return out


# --- sizes for the screen (srcset) ------------------------------------------------------

# Widths a page offers beside the web copy: a 360-px phone takes 480 (960 at 2x).
SRCSET_WIDTHS = (480, 960)
WEBP_QUALITY = 70
VARIANTS_RECIPE = f"v1-{SRCSET_WIDTHS}-{WEBP_QUALITY}"


@dataclass(frozen=True)
class Variant:
    """A smaller copy of a web image, for ``srcset``: JPEG, or WebP beside it."""

    path: Path  # in the cache
    width: int
    height: int
    format: str  # "jpeg" or "webp"

    @property
    def suffix(self) -> str:
        return ".webp" if self.format == "webp" else ".jpg"


def encode_webp(img: Image.Image) -> bytes:
    """The WebP encoder of published photo copies: from pixels only (``pixels_only``),
    like ``encode_jpeg``, so no EXIF, ICC, XMP or comment can ride along."""
    img = pixels_only(img) if img.info or img.mode != "RGB" else img
    buffer = io.BytesIO()
    img.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def web_variants(image: WebImage, cache_dir: Path) -> list[Variant]:
    """Copies of ``image`` (already metadata-free) at each of ``SRCSET_WIDTHS`` narrower
    than it, as JPEG (``encode_jpeg``, as every published photo) and WebP (``encode_webp``); cached
    beside it by its name (a hash of its source) and the recipe."""
    widths = [w for w in SRCSET_WIDTHS if w < image.width]
    if not widths:
        return []
    tag = hashlib.sha256(f"{VARIANTS_RECIPE}-{image.path.stem}".encode()).hexdigest()[:16]
    out: list[Variant] = []
    loaded: Image.Image | None = None
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        for fmt, suffix in (("jpeg", ".jpg"), ("webp", ".webp")):
            target = cache_dir / f"{tag}-{width}{suffix}"
            if not target.is_file():
                if loaded is None:
                    with Image.open(image.path) as original:
                        loaded = original.convert("RGB")
                small = loaded.resize((width, height), Image.Resampling.LANCZOS)
                write_atomic(target, encode_jpeg(small) if fmt == "jpeg" else encode_webp(small))
            out.append(Variant(target, width, height, fmt))
    return out


def variant_name(published: str, variant: Variant) -> str:
    """``photo.jpg`` -> ``photo.w480.jpg`` / ``photo.w480.webp``: the variant's file name
    beside the published photo."""
    stem = published.rsplit(".", 1)[0]
    return f"{stem}.w{variant.width}{variant.suffix}"


def copy_web_image(image: WebImage, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image.path, destination)
