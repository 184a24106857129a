"""The PNG side of a poster: a ``Page`` painted with Pillow at any dpi.

The preview on the case page is small (``PREVIEW_DPI``, 16 grey levels: at most
60 KB, readable on a phone); ``noticeboard posters --png-dpi 300`` paints a
print-size image from the same page. Either way every text line starts where the
layout put it, at the size it chose: the PDF and the PNG show the same lines in the
same places.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from generator.posters.fontfile import metrics
from generator.posters.fonts import FontFace, FontSet
from generator.posters.page import Page, PolygonOp, QrOp, RectOp, TextOp

PREVIEW_DPI = 96
PREVIEW_GREYS = (16, 8, 4)  # grey levels in the preview PNG, fewer if it is too heavy
PREVIEW_MAX_BYTES = 60_000


@lru_cache(maxsize=256)
def _font(path: str, index: int, size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


def paint(page: Page, dpi: int, fonts: FontSet | None = None) -> Image.Image:
    """The page as a greyscale ("L") image at ``dpi``. ``fonts`` default to the
    system's CJK fonts (``generator.posters.fonts.find_cjk_font``)."""
    if fonts is None:
        fonts = _default_fonts()
    s = dpi / page.dpi
    size = (round(page.width * s), round(page.height * s))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for op in page.ops:
        if isinstance(op, TextOp):
            face = fonts.bold if op.bold else fonts.regular
            _text(image, op, face, s)
        elif isinstance(op, RectOp):
            _rect(draw, op, s)
        elif isinstance(op, PolygonOp):
            draw.polygon([(x * s, y * s) for x, y in op.points], fill=op.fill)
        elif isinstance(op, QrOp):
            for row, col, length in op.runs():
                x0 = op.x + col * op.module
                y0 = op.y + row * op.module
                draw.rectangle(
                    _px(x0 * s, y0 * s, (x0 + length * op.module) * s, (y0 + op.module) * s),
                    fill=0,
                )
    return image


@lru_cache(maxsize=1)
def _default_fonts() -> FontSet:
    from generator.posters.fonts import find_cjk_font

    return find_cjk_font()


# Glyph masks kept per process, by face, size and character: posters repeat the
# same few sizes and a few hundred characters, so most glyphs are rendered once.
GLYPH_CACHE = 4096  # a few KB each: tens of MB at most, even at 300 dpi


@lru_cache(maxsize=GLYPH_CACHE)
def _glyph(path: str, index: int, size: float, char: str) -> tuple[Image.Image, int, int] | None:
    """``char``'s coverage mask at ``size`` and its offset from the pen position on
    the baseline (None for a glyph that draws nothing)."""
    font = _font(path, index, size)
    left, top, right, bottom = font.getbbox(char, anchor="ls")
    if right <= left or bottom <= top:
        return None
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255, anchor="ls")
    return mask, left, top


def _text(image: Image.Image, op: TextOp, face: FontFace, s: float) -> None:
    """One line where the layout put it, glyph by glyph: each glyph starts at the
    position the face's advance widths give (what the PDF viewer uses), rounded to
    the nearest pixel, not where FreeType's whole-pixel advances would drift to."""
    size = max(1.0, op.size * s)
    advances = metrics(face)
    get, default, scale = advances.widths.get, advances.default, size / advances.upem
    x, y = op.x * s, round(op.y * s)
    for char in op.text:
        glyph = _glyph(face.path, face.index, size, char)
        if glyph is not None:
            mask, left, top = glyph
            image.paste(op.grey, (round(x) + left, y + top), mask)
        x += get(ord(char), default) * scale


def _px(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    """A continuous rectangle as Pillow's inclusive pixel box (at least one pixel)."""
    left, top = round(x0), round(y0)
    return (left, top, max(left, round(x1) - 1), max(top, round(y1) - 1))


def _rect(draw: ImageDraw.ImageDraw, op: RectOp, s: float) -> None:
    box = _px(op.x0 * s, op.y0 * s, op.x1 * s, op.y1 * s)
    if op.fill is not None:
        draw.rectangle(box, fill=op.fill)
    if op.outline is not None and op.stroke > 0:
        width = max(1, round(op.stroke * s))
        draw.rectangle(box, outline=op.outline, width=width)


def png_bytes(image: Image.Image, dpi: int, greys: int | None = None) -> bytes:
    """The image as PNG; with ``greys`` (at most 16), as that many grey levels in a
    4-bit palette: anti-aliased text keeps its shape, the file shrinks to a few
    tens of KB."""
    if greys:
        return _palette_png(image, dpi, greys)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, dpi=(dpi, dpi))
    return out.getvalue()


PREVIEW_ZLIB_LEVEL = 3


def _palette_png(image: Image.Image, dpi: int, greys: int) -> bytes:
    """A 4-bit palette PNG of a greyscale image, written here: every row unfiltered
    (filter 0), which suits a page of text and flat fills best, then deflated at
    level 3. Pillow's encoder filters palette rows too: its files came out about
    10 % larger and took twice as long (13 ms against 7 for an A4 preview)."""
    step = 255 / (greys - 1)
    packed = image.point([round(v / step) for v in range(256)]).tobytes("raw", "L;4")
    width, height = image.size
    row = (width + 1) // 2
    raw = b"".join(b"\0" + packed[i * row : (i + 1) * row] for i in range(height))
    palette = bytes(round(i * step) for i in range(greys) for _ in range(3))
    per_metre = round(dpi / 0.0254)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"PLTE", palette),
            _chunk(b"IDAT", zlib.compress(raw, PREVIEW_ZLIB_LEVEL)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def preview_png(page: Page, fonts: FontSet) -> bytes:
    """The light preview: ``PREVIEW_DPI``, 16 grey levels, or 8 or 4 when a page full
    of text would weigh more than ``PREVIEW_MAX_BYTES``."""
    image = paint(page, PREVIEW_DPI, fonts)
    for greys in PREVIEW_GREYS:
        data = png_bytes(image, PREVIEW_DPI, greys)
        if len(data) <= PREVIEW_MAX_BYTES:
            break
    return data
