"""The PDF side of a poster: ``Page``s drawn as vector PDF with fpdf2.

Text is real text in the embedded, subset working font (``fontfile``): it prints
from outlines at any size, ``pdftotext`` and screen readers get the words back.
The QR code is vector squares, rules and frames are vector shapes, all
in DeviceGray. Pages are drawn at the paper size of their layout, so an A3 layout
gives an A3 PDF from the same display list, scaled.

One document holds one font subset whatever its number of pages: a community's
bundle embeds each face once.

Speed: fpdf2 parses and subsets the font it is given for every document, which
takes about a second for a CJK collection. It is given instead a font with only the
document's characters (``fontfile.subset_truetype``), so a one-page PDF takes a
few tens of milliseconds.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from generator.posters.fontfile import subset_truetype
from generator.posters.page import Page, PolygonOp, QrOp, RectOp, TextOp

FAMILY = "poster"
PRODUCER = "noticeboard"
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai, no DST


@dataclass(frozen=True)
class PdfFonts:
    """The working fonts (TrueType files) a PDF embeds: regular and bold."""

    regular: Path
    bold: Path


def _add_fonts(pdf: FPDF, fonts: PdfFonts, pages: list[Page]) -> None:
    """Give ``pdf`` each face with only the characters its pages print in it."""
    for style, path in (("", fonts.regular), ("B", fonts.bold)):
        chars = {
            ch
            for page in pages
            for op in page.texts()
            if op.bold == (style == "B")
            for ch in op.text
        }
        data = subset_truetype(path, chars)
        key = FAMILY + style
        font = TTFFont(pdf, io.BytesIO(data), key, style)  # type: ignore[arg-type]
        # The outlines' bounds are right already: recomputing them would decode and
        # re-encode every glyph.
        font.ttfont.recalcBBoxes = False
        pdf.fonts[key] = font


def pdf_document(
    pages: list[Page], fonts: PdfFonts, title: str = "", created: dt.date | None = None
) -> bytes:
    """A PDF with one page per ``Page`` (each at its own paper size)."""
    pdf = FPDF(unit="pt")
    pdf.set_compression(True)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(title)
    pdf.set_creator(PRODUCER)
    pdf.set_producer(PRODUCER)
    # The content's date, not the build's: an unchanged poster is the same file.
    day = created or dt.date(2000, 1, 1)
    pdf.set_creation_date(dt.datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ))
    pdf.set_lang("zh-CN")
    _add_fonts(pdf, fonts, pages)
    for page in pages:
        pdf.add_page(format=page.points)
        _draw(pdf, page)
    return bytes(pdf.output())


def _draw(pdf: FPDF, page: Page) -> None:
    s = page.points[0] / page.width  # layout pixels -> points
    font_state: tuple[bool, float] | None = None
    for op in page.ops:
        if isinstance(op, TextOp):
            state = (op.bold, round(op.size * s, 3))
            if state != font_state:
                pdf.set_font(FAMILY, "B" if op.bold else "", state[1])
                font_state = state
            pdf.set_text_color(op.grey)
            pdf.text(op.x * s, op.y * s, op.text)
        elif isinstance(op, RectOp):
            _rect(pdf, op, s)
        elif isinstance(op, PolygonOp):
            pdf.set_fill_color(op.fill)
            pdf.polygon([(x * s, y * s) for x, y in op.points], style="F")
        elif isinstance(op, QrOp):
            _qr(pdf, op, s)


def _rect(pdf: FPDF, op: RectOp, s: float) -> None:
    x, y, w, h = op.x0 * s, op.y0 * s, (op.x1 - op.x0) * s, (op.y1 - op.y0) * s
    if op.fill is not None:
        pdf.set_fill_color(op.fill)
        pdf.rect(x, y, w, h, style="F")
    if op.outline is not None and op.stroke > 0:
        line = op.stroke * s  # drawn inside the rectangle, like the PNG's
        pdf.set_draw_color(op.outline)
        pdf.set_line_width(line)
        pdf.rect(x + line / 2, y + line / 2, w - line, h - line, style="D")


# Each dark run is drawn this much longer and taller (points), into its right and
# lower neighbours: adjacent squares overlap, so no renderer shows hairline seams.
QR_OVERLAP = 0.05


def _qr(pdf: FPDF, op: QrOp, s: float) -> None:
    """The dark modules as filled rectangles, one per horizontal run."""
    m = op.module * s
    pdf.set_fill_color(0)
    last = len(op.rows) - 1
    for row, col, length in op.runs():
        right = QR_OVERLAP if col + length < len(op.rows[row]) else 0
        below = QR_OVERLAP if row < last else 0
        pdf.rect(op.x * s + col * m, op.y * s + row * m, length * m + right, m + below, style="F")
