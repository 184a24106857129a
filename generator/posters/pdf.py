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
document's characters (``fontfile.subset_truetype``, a few milliseconds), and that
font is embedded byte for byte: ``PreparedFont`` and ``_Producer`` keep fpdf2 from
subsetting and re-saving it (which took more than half of a one-page PDF's time).

That hook reaches into fpdf2's output code (``fpdf.output._add_fonts`` calls
``ftsubset.Subsetter(...).subset(font.ttfont)`` then ``font.ttfont.save(...)``),
which is not public API: fpdf2 is pinned (pyproject.toml), ``_Producer`` raises
when the hook did not engage, and ``tests/test_posters_pdf.py`` checks the
embedded font is exactly the prepared one, so an fpdf2 upgrade fails loudly.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

import fpdf.output
from fontTools import subset as ft_subset
from fpdf import FPDF
from fpdf.enums import RenderStyle
from fpdf.fonts import TTFFont
from fpdf.output import OutputProducer

from generator import clock
from generator.posters.fontfile import subset_truetype
from generator.posters.page import Page, PolygonOp, QrOp, RectOp, TextOp

FAMILY = "poster"
PRODUCER = "noticeboard"


@dataclass(frozen=True)
class PdfFonts:
    """The working fonts (TrueType files) a PDF embeds: regular and bold."""

    regular: Path
    bold: Path


class PreparedFont(TTFFont):
    """An fpdf2 TrueType font whose file already is the subset the document embeds
    (``fontfile.subset_truetype``): embedded as it is, byte for byte."""

    def __init__(self, pdf: FPDF, data: bytes, fontkey: str, style: str) -> None:
        super().__init__(pdf, io.BytesIO(data), fontkey, style)  # type: ignore[arg-type]
        self.ttfont.noticeboard_prepared = data  # read by _AsIsSubsetter
        self.ttfont.noticeboard_embedded = False


class _AsIsSubsetter:
    """Stands in for fontTools' ``Subsetter`` in fpdf2's font embedding: a prepared
    font holding every glyph the document uses is left as it is, and saved as the
    bytes it was made from; any other font is subset as usual."""

    def __init__(self, options: Any) -> None:
        self._real = ft_subset.Subsetter(options)
        self._glyphs: set[str] = set()

    def populate(self, glyphs: Any = (), **kwargs: Any) -> None:
        self._glyphs = set(glyphs)
        self._real.populate(glyphs=glyphs, **kwargs)

    def subset(self, font: Any) -> None:
        data = getattr(font, "noticeboard_prepared", None)
        if data is None:
            self._real.subset(font)
            return
        missing = self._glyphs - set(font.getGlyphOrder())
        if missing:
            raise RuntimeError(f"prepared font lacks glyphs {sorted(missing)[:10]}")

        def save(file: BinaryIO, *args: Any, **kwargs: Any) -> None:
            file.write(data)

        font.save = save  # what fpdf2 calls next to get the font file
        font.noticeboard_embedded = True


@contextmanager
def _as_is_subsetting() -> Iterator[None]:
    if fpdf.output.ftsubset is not ft_subset:
        raise RuntimeError(
            "fpdf2 no longer subsets fonts through fpdf.output.ftsubset: "
            "re-check generator/posters/pdf.py against this fpdf2 version"
        )
    fpdf.output.ftsubset = SimpleNamespace(  # type: ignore[assignment]
        Options=ft_subset.Options, Subsetter=_AsIsSubsetter
    )
    try:
        yield
    finally:
        fpdf.output.ftsubset = ft_subset


class _Producer(OutputProducer):
    """fpdf2's PDF writer, embedding ``PreparedFont``s as they are."""

    def _add_fonts(self, *args: Any, **kwargs: Any) -> Any:
        with _as_is_subsetting():
            result = super()._add_fonts(*args, **kwargs)
        for font in self.fpdf.fonts.values():
            if isinstance(font, PreparedFont) and not font.ttfont.noticeboard_embedded:
                raise RuntimeError(
                    "fpdf2 embedded a prepared font without subsetting it through "
                    "fpdf.output.ftsubset: re-check generator/posters/pdf.py"
                )
        return result


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
        key = FAMILY + style
        pdf.fonts[key] = PreparedFont(pdf, subset_truetype(path, chars), key, style)


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
    pdf.set_creation_date(dt.datetime(day.year, day.month, day.day, tzinfo=clock.zone()))
    pdf.set_lang("zh-CN")
    _add_fonts(pdf, fonts, pages)
    for page in pages:
        pdf.add_page(format=page.points)
        _draw(pdf, page)
    return bytes(pdf.output(output_producer_class=_Producer))


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
        pdf.rect(x, y, w, h, style=RenderStyle.F)
    if op.outline is not None and op.stroke > 0:
        line = op.stroke * s  # drawn inside the rectangle, like the PNG's
        pdf.set_draw_color(op.outline)
        pdf.set_line_width(line)
        pdf.rect(x + line / 2, y + line / 2, w - line, h - line, style=RenderStyle.D)


# Each dark run is drawn this much longer and taller (points), into its right and
# lower neighbours: adjacent squares overlap, so no renderer shows hairline seams.
QR_OVERLAP = 0.05


def _qr(pdf: FPDF, op: QrOp, s: float) -> None:
    """The dark modules as filled rectangles: one per horizontal run, stacked runs
    of the same columns in consecutive rows drawn as one (a fifth fewer shapes)."""
    m = op.module * s
    pdf.set_fill_color(0)
    last = len(op.rows) - 1
    width = len(op.rows[0]) if op.rows else 0
    for row, col, length, height in qr_blocks(op):
        right = QR_OVERLAP if col + length < width else 0
        below = QR_OVERLAP if row + height - 1 < last else 0
        pdf.rect(
            op.x * s + col * m,
            op.y * s + row * m,
            length * m + right,
            height * m + below,
            style=RenderStyle.F,
        )


def qr_blocks(op: QrOp) -> list[tuple[int, int, int, int]]:
    """The dark modules as (row, column, length, height) blocks: each horizontal run,
    merged with the runs of the same columns in the rows right below it."""
    by_row: dict[int, set[tuple[int, int]]] = {}
    for row, col, length in op.runs():
        by_row.setdefault(row, set()).add((col, length))
    started: dict[tuple[int, int], int] = {}  # (column, length) -> first row
    out = []
    for row in range(len(op.rows) + 1):
        here = by_row.get(row, set())
        for run in [r for r in started if r not in here]:
            first = started.pop(run)
            out.append((first, run[0], run[1], row - first))
        for run in here:
            started.setdefault(run, row)
    return sorted(out)
