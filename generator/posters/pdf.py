"""PDF from PNG, lossless and without re-encoding.

A PNG's pixel data (its IDAT chunks) is a zlib stream with per-row filters; PDF's
FlateDecode with ``/Predictor 15`` reads exactly that. So each PDF page embeds the
poster's PNG bytes as they are: no JPEG blur on the QR code (Pillow's PDF writer
re-encodes RGB as JPEG), no second compression, and a community's bundle of many
posters is assembled from cached PNG files in milliseconds.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOURS = {0: (1, "/DeviceGray"), 2: (3, "/DeviceRGB")}


class PdfError(Exception):
    """A PNG this writer cannot embed (only 8-bit, non-interlaced grey or RGB)."""


@dataclass(frozen=True)
class PngImage:
    width: int
    height: int
    colours: int
    colour_space: str
    idat: bytes


def read_png(data: bytes) -> PngImage:
    """The header and concatenated IDAT data of an 8-bit grey or RGB PNG."""
    if not data.startswith(PNG_SIGNATURE):
        raise PdfError("not a PNG file")
    pos = len(PNG_SIGNATURE)
    header: tuple[int, ...] | None = None
    idat: list[bytes] = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise PdfError("PNG without IHDR")
    width, height, depth, colour_type, _compression, _filter, interlace = header
    if depth != 8 or interlace != 0 or colour_type not in _COLOURS:
        raise PdfError(
            f"unsupported PNG: depth {depth}, colour type {colour_type}, interlace {interlace}"
        )
    colours, space = _COLOURS[colour_type]
    return PngImage(width, height, colours, space, b"".join(idat))


def png_bytes(image: PngImage) -> bytes:
    """A PNG rebuilt from an embedded image (used by tests to read a PDF page back)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    colour_type = 0 if image.colours == 1 else 2
    ihdr = struct.pack(">IIBBBBB", image.width, image.height, 8, colour_type, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", image.idat) + chunk(b"IEND", b"")


def pdf_from_pngs(pages: list[bytes], page_size: tuple[float, float], title: str = "") -> bytes:
    """A PDF with one page per PNG, each image filling a page of ``page_size`` points."""
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_obj = add(b"")
    info = add(b"<< /Producer (noticeboard) /Title " + _pdf_text(title) + b" >>")
    width, height = page_size
    kids: list[int] = []
    for index, data in enumerate(pages):
        png = read_png(data)
        image = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s"
            b" /BitsPerComponent 8 /Filter /FlateDecode"
            b" /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>"
            b" /Length %d >>\nstream\n"
            % (
                png.width,
                png.height,
                png.colour_space.encode(),
                png.colours,
                png.width,
                len(png.idat),
            )
            + png.idat
            + b"\nendstream"
        )
        content = b"q %.4f 0 0 %.4f 0 0 cm /Im%d Do Q" % (width, height, index)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page = add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.4f %.4f]"
            b" /Resources << /XObject << /Im%d %d 0 R >> >> /Contents %d 0 R >>"
            % (pages_obj, width, height, index, image, stream)
        )
        kids.append(page)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)


def _pdf_text(text: str) -> bytes:
    """A PDF text string in UTF-16BE with BOM (Chinese titles)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
