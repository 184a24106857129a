"""Photos for the web: resized, re-encoded as JPEG, metadata (EXIF, GPS) removed.

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

from PIL import Image, ImageOps

from generator.atomic import write_atomic

LONG_SIDE = 1600
TARGET_BYTES = 300 * 1024
QUALITIES = (82, 74, 66, 58, 50)
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic"}
)
# Bump when the recipe changes, so stale cache entries are not reused.
RECIPE = f"v1-{LONG_SIDE}-{TARGET_BYTES}"


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
        img = ImageOps.exif_transpose(original)  # keep the photo upright once EXIF is gone
        img = img.convert("RGB")  # also drops alpha and palette
    img.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    encoded = _encode(img)
    write_atomic(target, encoded)
    return WebImage(target, img.width, img.height)


def _encode(img: Image.Image) -> bytes:
    """JPEG without EXIF, ICC or comments; lower quality until it fits the target."""
    out = b""
    for quality in QUALITIES:
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        out = buffer.getvalue()
        if len(out) <= TARGET_BYTES:
            break
    return out


def copy_web_image(image: WebImage, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image.path, destination)
