"""Font metrics for the layout, and the small TrueType font the PDFs embed.

The layout measures text with the face's own advance widths (``hmtx``), the same
numbers a PDF viewer uses to place the glyphs, so a line that fits in the layout
fits on paper, whatever draws it.

The system's CJK fonts are big collections (Noto CJK: a 20 MB ``.ttc`` of CFF
outlines). Subsetting such a font for every poster costs about a second, so each
build first makes one *working font*: a TrueType font with only the characters the
posters use (cubic outlines turned into quadratic ones by ``cu2qu``, within a
thousandth of an em). It is cached under ``<cache>/fonts`` by the source face and
the character set. Each PDF then gets a font with only its own characters
(``subset_truetype``: outlines copied as bytes, milliseconds), which fpdf2 embeds.
Advance widths and vertical metrics are copied as they are, so the layout is
unchanged.
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.messages import posters as words
from generator.posters.fonts import FontFace

# Characters every working font holds, whatever the posters say (digits, Latin,
# the punctuation of notices), so a small edit rarely needs a new font.
BASE_CHARS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + list(words.FONT_BASE_PUNCTUATION)
    + list(words.FONT_BASE_DATE_CHARACTERS)
)


@dataclass(frozen=True)
class Metrics:
    """Advance widths of one face, in font units, by code point."""

    widths: dict[int, int]
    upem: int
    default: int

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` at ``size`` (same unit as the result)."""
        get, default = self.widths.get, self.default
        return sum(get(ord(ch), default) for ch in text) * size / self.upem

    def has(self, char: str) -> bool:
        return ord(char) in self.widths


@lru_cache(maxsize=8)
def metrics(face: FontFace) -> Metrics:
    """The face's advance widths (read once per process)."""
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"].metrics
    widths = {code: hmtx[name][0] for code, name in cmap.items() if name in hmtx}
    default = hmtx.get(".notdef", (font["head"].unitsPerEm, 0))[0]
    return Metrics(widths, int(font["head"].unitsPerEm), int(default))


def working_font_name(face: FontFace, chars: frozenset[str]) -> str:
    """File name of the working font for ``face`` holding ``chars``."""
    digest = hashlib.sha256(face.identity().encode())
    digest.update("".join(sorted(chars)).encode("utf-8", "surrogatepass"))
    return f"{Path(face.path).stem}-{face.index}-{digest.hexdigest()[:16]}.ttf"


def working_font(face: FontFace, chars: frozenset[str], folder: Path) -> Path:
    """The working font (TrueType) of ``face`` for ``chars``, made once and cached
    in ``folder``. Characters the face lacks are left out (the layout measured them
    with the face's default width; the PDF shows its empty box)."""
    path = folder / working_font_name(face, chars | BASE_CHARS)
    if not path.is_file():
        data = build_truetype(face, chars | BASE_CHARS)
        write_atomic(path, data)
    return path


def build_truetype(face: FontFace, chars: frozenset[str]) -> bytes:
    """A TrueType font with ``face``'s glyphs for ``chars`` (and .notdef)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    source = TTFont(face.path, fontNumber=face.index, lazy=True)
    cmap = source.getBestCmap() or {}
    glyphs = source.getGlyphSet()
    hmtx = source["hmtx"].metrics
    upem = source["head"].unitsPerEm

    codes = sorted(ord(c) for c in chars if ord(c) in cmap)
    order = [".notdef"] + [f"u{code:04X}" for code in codes]
    sources = [".notdef"] + [cmap[code] for code in codes]
    outlines = {}
    metrics_out = {}
    # CFF outlines are cubic: cu2qu keeps them within 1/1000 em and reverses their
    # direction as TrueType expects; TrueType sources pass through unchanged.
    reverse = "CFF " in source or "CFF2" in source
    for name, src in zip(order, sources, strict=True):
        pen = TTGlyphPen(None)
        glyphs[src].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=reverse))
        outlines[name] = pen.glyph()
        advance, _lsb = hmtx[src]
        metrics_out[name] = advance

    builder = FontBuilder(upem, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({code: f"u{code:04X}" for code in codes})
    builder.setupGlyf(outlines)
    glyf = builder.font["glyf"]
    builder.setupHorizontalMetrics(
        {name: (metrics_out[name], getattr(glyf[name], "xMin", 0)) for name in order}
    )
    hhea, os2 = source["hhea"], source["OS/2"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    names = source["name"]
    family = names.getBestFamilyName() or "CJK"
    style = names.getBestSubFamilyName() or "Regular"
    ps_name = (names.getDebugName(6) or f"{family}-{style}").replace(" ", "")
    builder.setupNameTable(
        {
            "familyName": family,
            "styleName": style,
            "uniqueFontIdentifier": f"{ps_name} (noticeboard subset)",
            "fullName": f"{family} {style}",
            "psName": ps_name,
            "copyright": names.getDebugName(0) or "",
            "licenseDescription": names.getDebugName(13) or "",
        }
    )
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        usWeightClass=os2.usWeightClass,
        sCapHeight=getattr(os2, "sCapHeight", hhea.ascent),
        sxHeight=getattr(os2, "sxHeight", 0),
        fsType=os2.fsType,
    )
    builder.setupPost()
    head = source["head"]
    builder.setupHead(
        unitsPerEm=upem,
        created=head.created,
        modified=head.modified,
        fontRevision=head.fontRevision,
    )
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


@lru_cache(maxsize=4)
def parsed_working_font(path: Path) -> Any:
    """A working font, parsed once per process (glyph outlines kept as raw bytes)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    font.getBestCmap()
    for tag in ("head", "hhea", "OS/2", "name", "post", "maxp", "hmtx", "glyf"):
        font[tag]
    return font


def _short_names(source: Any) -> Any:
    """The name table with only the English family, style, unique, full and
    PostScript names (what a PDF needs; the collection's dozens of localised
    records cost every subset time)."""
    from fontTools.ttLib import newTable

    table = newTable("name")
    table.names = [
        record
        for record in source["name"].names
        if record.platformID == 3 and record.langID == 0x409 and record.nameID in (0, 1, 2, 3, 4, 6)
    ]
    return table


def subset_truetype(path: Path, chars: Iterable[str]) -> bytes:
    """A TrueType font with only ``chars`` (and .notdef) of the working font at
    ``path``: what one PDF embeds. Outlines are copied as bytes, tables that do not
    depend on the glyphs are shared, so this takes a few milliseconds."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib import TTFont, newTable

    source = parsed_working_font(path)
    cmap = source.getBestCmap()
    codes = sorted({ord(c) for c in chars} & cmap.keys())
    order = [".notdef", *(cmap[code] for code in codes)]
    font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
    font.setGlyphOrder(order)
    for tag in ("head", "hhea", "OS/2", "maxp"):
        font[tag] = copy.copy(source[tag])
    font["name"] = _short_names(source)
    post = copy.copy(source["post"])
    post.formatType = 3.0  # no glyph names: nothing reads them
    font["post"] = post
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {name: source["glyf"].glyphs[name] for name in order}  # as bytes
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    hmtx = newTable("hmtx")
    hmtx.metrics = {name: source["hmtx"][name] for name in order}
    font["hmtx"] = hmtx
    FontBuilder(font=font).setupCharacterMap({code: cmap[code] for code in codes})
    # One Windows Unicode BMP subtable is all a PDF viewer (and fpdf2) reads; the
    # Unicode-platform copy FontBuilder adds only costs time to write and read back.
    tables = font["cmap"].tables
    if all(code <= 0xFFFF for code in codes):
        font["cmap"].tables = [t for t in tables if (t.platformID, t.platEncID) == (3, 1)]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
