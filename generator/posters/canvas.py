"""The page of a poster being laid out (``Canvas``): rectangles, polygons, labels and
fitted text placed on its display list (``page.Page``) in layout pixels, measured with
the face's own advance widths (``fontfile.metrics``), and every text placed recorded
(``DrawnText``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.posters.fontfile import metrics
from generator.posters.fonts import FontFace, FontSet
from generator.posters.layout import Layout
from generator.posters.linebreak import Fitted, SizedMeasure, fit_text
from generator.posters.page import Page, PolygonOp, RectOp, TextOp, grey

Box = tuple[int, int, int, int]  # left, top, right, bottom


def measurer(face: FontFace) -> SizedMeasure:
    """``measure(text, size)`` in pixels for ``face``."""
    width = metrics(face).width

    def measure(text: str, size: int) -> float:
        return width(text, size)

    return measure


RIGHT_OVERSHOOT_EM = 0.05


def baseline_offset(size: int, line_height: int) -> int:
    """From a line box's top to its baseline: Chinese glyphs sit from about 0.12 em
    below to 0.88 em above the baseline, so their middle (0.38 em) goes to the box's
    middle; Latin descenders then still end inside the box at 1.3 leading."""
    return line_height // 2 + round(0.38 * size)


@dataclass(frozen=True)
class DrawnText:
    """One text as placed: what it is (``role``: title, intro, warnings, fact:最新进展,
    body …), its fitted lines and size, and the box it was given."""

    role: str
    fitted: Fitted
    box: Box

    @property
    def text(self) -> str:
        return "".join(self.fitted.lines)


@dataclass
class Canvas:
    """The page being laid out, with the layout and fonts at hand; ``drawn`` records
    every text placed."""

    page: Page
    layout: Layout
    fonts: FontSet
    drawn: list[DrawnText] = field(default_factory=list)

    def face(self, bold: bool) -> FontFace:
        return self.fonts.bold if bold else self.fonts.regular

    def colour(self, name: str) -> int:
        return grey(self.layout.colour(name))

    def rect(
        self,
        box: tuple[float, float, float, float],
        *,
        fill: int | None = None,
        outline: int | None = None,
        stroke: float = 0.0,
    ) -> None:
        self.page.ops.append(RectOp(*box, fill=fill, outline=outline, stroke=stroke))

    def polygon(self, points: list[tuple[float, float]], fill: int) -> None:
        self.page.ops.append(PolygonOp(tuple(points), fill))

    def label(
        self, text: str, x: float, y: float, size: int, *, bold: bool = True, anchor: str = "l"
    ) -> None:
        """One short text with its baseline at ``y``, its left (``l``), right (``r``)
        or middle (``m``) at ``x``."""
        width = measurer(self.face(bold))(text, size)
        left = {"l": x, "r": x - width, "m": x - width / 2}[anchor]
        self.page.ops.append(TextOp(left, y, size, bold, self.colour("ink"), text))

    def fit(
        self,
        text: str,
        width: int,
        height: int,
        size_pt: float,
        min_pt: float,
        *,
        bold: bool = False,
        leading: float = 1.3,
        max_lines: int | None = None,
        balanced: bool = False,
    ) -> Fitted:
        return fit_text(
            text,
            measurer(self.face(bold)),
            width,
            height,
            self.layout.pt(size_pt),
            self.layout.pt(min_pt),
            leading=leading,
            max_lines=max_lines,
            balanced=balanced,
        )

    def text(
        self,
        fitted: Fitted,
        box: Box,
        *,
        bold: bool = False,
        align: str = "left",
        fill: str | None = None,
        role: str = "",
    ) -> int:
        """Place fitted lines from the top of ``box``; return the y below them."""
        if fitted.lines:
            self.drawn.append(DrawnText(role, fitted, box))
        left, top, right, _ = box
        measure = measurer(self.face(bold))
        colour = grey(self.layout.colour(fill or "ink"))
        for i, line in enumerate(fitted.lines):
            y = top + i * fitted.line_height + baseline_offset(fitted.size, fitted.line_height)
            width = measure(line, fitted.size)
            # Some Latin glyphs (A, V, W) ink a little past their advance: a right-aligned
            # line keeps that much inside its box, so the version mark never touches the margin.
            inset = RIGHT_OVERSHOOT_EM * fitted.size
            x = {
                "left": left,
                "center": (left + right - width) / 2,
                "right": right - width - inset,
            }[align]
            self.page.ops.append(TextOp(x, y, fitted.size, bold, colour, line, role))
        return top + fitted.height
