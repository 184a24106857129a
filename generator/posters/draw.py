"""Drawing one poster: ``PosterSpec`` + ``Layout`` + fonts -> a Pillow image.

The page is a column: heading block at the top, the QR block at the bottom, and
the title, facts, progress and body text fitted into the space between. Every
text goes through ``linebreak.fit_text`` with the box it may use, so nothing can
cross the margins, whatever a clerk writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from generator.fonts import FontFace, FontSet
from generator.posters.content import PosterSpec
from generator.posters.layout import Layout
from generator.posters.linebreak import Fitted, SizedMeasure, fit_text, line_height_for
from generator.posters.qr import module_pixels, qr_image, qr_matrix

Box = tuple[int, int, int, int]  # left, top, right, bottom


@lru_cache(maxsize=256)
def get_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    """A font at a pixel size (cached: poster text uses a handful of sizes)."""
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def _length(path: str, index: int, size: int, text: str) -> float:
    return get_font(path, index, size).getlength(text)


def measurer(face: FontFace) -> SizedMeasure:
    """``measure(text, size)`` in pixels for ``face``."""

    def measure(text: str, size: int) -> float:
        return _length(face.path, face.index, size, text)

    return measure


def baseline_offset(size: int, line_height: int) -> int:
    """From a line box's top to its baseline: Chinese glyphs sit from about 0.12 em
    below to 0.88 em above the baseline, so their middle (0.38 em) goes to the box's
    middle; Latin descenders then still end inside the box at 1.3 leading."""
    return line_height // 2 + round(0.38 * size)


@dataclass
class Canvas:
    """The page being drawn, with the layout and fonts at hand."""

    image: Image.Image
    draw: ImageDraw.ImageDraw
    layout: Layout
    fonts: FontSet

    def face(self, bold: bool) -> FontFace:
        return self.fonts.bold if bold else self.fonts.regular

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
    ) -> int:
        """Draw fitted lines from the top of ``box``; return the y below them."""
        left, top, right, _ = box
        font = get_font(self.face(bold).path, self.face(bold).index, fitted.size)
        anchor, x = {
            "left": ("ls", left),
            "center": ("ms", (left + right) // 2),
            "right": ("rs", right),
        }[align]
        colour = fill or self.layout.colour("ink")
        for i, line in enumerate(fitted.lines):
            y = top + i * fitted.line_height + baseline_offset(fitted.size, fitted.line_height)
            self.draw.text((x, y), line, font=font, fill=colour, anchor=anchor)
        return top + fitted.height


def render_poster(spec: PosterSpec, layout: Layout, fonts: FontSet) -> Image.Image:
    """The poster as an image (greyscale "L" or "RGB", per the layout) at the layout's
    paper size and dpi."""
    image = Image.new(layout.mode, (layout.width, layout.height), layout.colour("paper"))
    canvas = Canvas(image, ImageDraw.Draw(image), layout, fonts)
    m = layout.mm(layout.data["margin_mm"])
    content: Box = (m, m, layout.width - m, layout.height - m)
    y = _draw_header(canvas, spec, content)
    bottom_top = _draw_bottom(canvas, spec, content)
    _draw_middle(canvas, spec, (content[0], y, content[2], bottom_top))
    return image


def _draw_header(c: Canvas, spec: PosterSpec, box: Box) -> int:
    left, top, right, _ = box
    width = right - left
    h = c.layout.section("heading")
    fitted = c.fit(
        spec.heading,
        width,
        c.layout.pt(h["size_pt"]) * 2,
        h["size_pt"],
        h["min_pt"],
        bold=True,
        leading=h["leading"],
        max_lines=1,
    )
    y = c.text(
        fitted, (left, top, right, 0), bold=True, align="center", fill=c.layout.colour("accent")
    )
    p = c.layout.section("place")
    y += c.layout.mm(p["gap_mm"])
    fitted = c.fit(
        spec.place_line,
        width,
        c.layout.pt(p["size_pt"]) * 2,
        p["size_pt"],
        p["min_pt"],
        leading=p["leading"],
        max_lines=1,
    )
    y = c.text(fitted, (left, y, right, 0), align="center", fill=c.layout.colour("muted"))
    r = c.layout.section("rules")
    y += c.layout.mm(r["gap_mm"])
    thick, thin, gap = (
        c.layout.mm(r["thick_mm"]),
        c.layout.mm(r["thin_mm"]),
        c.layout.mm(r["gap_mm"]),
    )
    accent = c.layout.colour("accent")
    c.draw.rectangle((left, y, right - 1, y + thick - 1), fill=accent)
    y += thick + gap
    c.draw.rectangle((left, y, right - 1, y + thin - 1), fill=accent)
    return y + thin + c.layout.mm(r["after_mm"])


def _draw_bottom(c: Canvas, spec: PosterSpec, box: Box) -> int:
    """QR code on the left with its address under it; instructions, case number and
    the signature (committee, contact, date) on the right. Returns the block's top."""
    left, _, right, bottom = box
    b = c.layout.section("bottom")
    L = c.layout
    matrix = qr_matrix(spec.url)
    k = module_pixels(
        matrix.size, L.mm(b["qr_mm"]), max(L.min_mm_px(b["qr_min_mm"]), L.mm(b["qr_min_mm"]))
    )
    qr = qr_image(matrix, k)
    size = qr.width

    url_lh = line_height_for(L.pt(b["url_pt"]), 1.3)
    # The address is never cut short: at the floor size it may take a second line.
    url = c.fit(spec.short_url, size, 2 * url_lh, b["url_pt"], b["url_min_pt"], max_lines=2)
    url_top = bottom - url.height
    qr_top = url_top - size
    c.image.paste(qr.convert(c.image.mode), (left, qr_top))
    c.text(url, (left, url_top, left + size, bottom), align="center")

    # Separator above the block.
    rule = L.mm(b["rule_mm"])
    above = L.mm(b["above_mm"])
    block_top = qr_top - above
    c.draw.rectangle((left, block_top, right - 1, block_top + rule - 1), fill=L.colour("muted"))

    col: Box = (left + size + L.mm(b["gap_mm"]), qr_top + L.mm(b["gap_mm"]) // 2, right, bottom)
    _draw_scan_column(c, spec, col)
    return block_top - above


def _draw_scan_column(c: Canvas, spec: PosterSpec, box: Box) -> None:
    left, top, right, bottom = box
    width = right - left
    b = c.layout.section("bottom")
    # Signature first, from the bottom up, so the instructions get what is left.
    sign = c.fit(
        spec.committee,
        width,
        c.layout.pt(b["sign_pt"]) * 3,
        b["sign_pt"],
        b["sign_min_pt"],
        bold=True,
        max_lines=2,
    )
    small_lines = [f"联系电话：{spec.contact}" if spec.contact else "", f"{spec.printed}"]
    contact = (
        c.fit(
            small_lines[0],
            width,
            c.layout.pt(b["sign_small_pt"]) * 4,
            b["sign_small_pt"],
            b["sign_min_pt"],
            max_lines=3,
        )
        if spec.contact
        else None
    )
    date = c.fit(
        small_lines[1],
        width,
        c.layout.pt(b["sign_pt"]) * 2,
        b["sign_pt"],
        b["sign_min_pt"],
        max_lines=1,
    )
    sign_height = sign.height + date.height + (contact.height if contact else 0)
    y = bottom - c.layout.pt(b["url_pt"]) * 2 - sign_height
    y = c.text(sign, (left, y, right, 0), bold=True, align="right")
    if contact:
        y = c.text(contact, (left, y, right, 0), align="right", fill=c.layout.colour("muted"))
    c.text(date, (left, y, right, 0), align="right")
    limit = bottom - c.layout.pt(b["url_pt"]) * 2 - sign_height - c.layout.mm(4)

    y = top
    scan = c.fit(
        spec.scan,
        width,
        max(0, (limit - y) // 2),
        b["scan_pt"],
        b["scan_min_pt"],
        bold=True,
        leading=1.2,
        max_lines=3,
    )
    y = c.text(scan, (left, y, right, limit), bold=True)
    more = c.fit(
        spec.scan_more,
        width,
        max(0, limit - y),
        b["scan_more_pt"],
        b["sign_min_pt"],
        leading=1.35,
        max_lines=3,
    )
    y = c.text(more, (left, y, right, limit), fill=c.layout.colour("muted")) + c.layout.mm(3)
    if spec.number:
        fitted = c.fit(
            spec.number,
            width,
            max(0, limit - y),
            b["number_pt"],
            b["sign_min_pt"],
            bold=True,
            max_lines=2,
        )
        c.text(fitted, (left, y, right, limit), bold=True)


def _draw_middle(c: Canvas, spec: PosterSpec, box: Box) -> None:
    left, top, right, bottom = box
    width = right - left
    L = c.layout
    t = L.section("title")
    title = c.fit(
        spec.title,
        width,
        max(0, bottom - top),
        t["size_pt"],
        t["min_pt"],
        bold=True,
        leading=t["leading"],
        max_lines=t["max_lines"],
        balanced=True,
    )
    y = c.text(title, (left, top, right, bottom), bold=True, align="center") + L.mm(t["after_mm"])

    i = L.section("intro")
    intro = c.fit(
        spec.intro,
        width,
        max(0, bottom - y),
        i["size_pt"],
        i["min_pt"],
        leading=i["leading"],
        max_lines=i["max_lines"],
    )
    y = c.text(intro, (left, y, right, bottom), fill=L.colour("muted")) + L.mm(i["after_mm"])

    body = L.section("body")
    body_reserve = 0
    if spec.body and spec.body_essential:
        body_reserve = line_height_for(L.pt(body["label_pt"]), body["leading"]) + body[
            "min_lines"
        ] * line_height_for(L.pt(body["min_pt"]), body["leading"])
    progress_h = _progress_height(L) if spec.progress is not None else 0
    facts_bottom = max(y, bottom - body_reserve - progress_h)
    y = _draw_facts(c, spec, (left, y, right, facts_bottom))
    if spec.progress is not None and y + progress_h <= bottom:
        y = _draw_progress(c, spec.progress, (left, y, right, bottom))
    if spec.body and bottom - y >= max(body_reserve, _body_minimum(L)):
        label = c.fit(
            spec.body_label + "：",
            width,
            bottom - y,
            body["label_pt"],
            body["min_pt"],
            bold=True,
            leading=body["leading"],
            max_lines=1,
        )
        y = c.text(label, (left, y, right, bottom), bold=True)
        text = c.fit(
            spec.body, width, bottom - y, body["size_pt"], body["min_pt"], leading=body["leading"]
        )
        c.text(text, (left, y, right, bottom))


def _body_minimum(layout: Layout) -> int:
    body = layout.section("body")
    return line_height_for(layout.pt(body["label_pt"]), body["leading"]) + line_height_for(
        layout.pt(body["min_pt"]), body["leading"]
    )


@dataclass(frozen=True)
class FactRows:
    size: int
    line_height: int
    label_width: int
    rows: tuple[tuple[str, Fitted, bool], ...]
    height: int


def layout_facts(spec: PosterSpec, c: Canvas, width: int, height: int) -> FactRows:
    """Facts at the largest size from ``size_pt`` down to ``min_pt`` at which all fit
    (each cut at ``max_lines``); at the floor, the facts that do not fit are left out."""
    f = c.layout.section("facts")
    gap = c.layout.mm(f["row_gap_mm"])
    size = c.layout.pt(f["size_pt"])
    floor = c.layout.pt(f["min_pt"])
    while True:
        lh = line_height_for(size, f["leading"])
        label_w = round(size * f["label_chars"])
        value_w = width - label_w
        rows = []
        total = 0
        for fact in spec.facts:
            face = c.face(fact.strong)
            fitted = fit_text(
                fact.value,
                measurer(face),
                value_w,
                lh * f["max_lines"],
                size,
                size,
                leading=f["leading"],
                max_lines=f["max_lines"],
            )
            rows.append((fact.label, fitted, fact.strong))
            total += fitted.height + gap
        if total <= height or size <= floor:
            break
        size = max(floor, size - 2)
    kept, used = [], 0
    for row in rows:
        if used + row[1].height > height:
            break
        kept.append(row)
        used += row[1].height + gap
    return FactRows(size, lh, label_w, tuple(kept), used)


def _draw_facts(c: Canvas, spec: PosterSpec, box: Box) -> int:
    left, top, right, bottom = box
    facts = layout_facts(spec, c, right - left, bottom - top)
    gap = c.layout.mm(c.layout.section("facts")["row_gap_mm"])
    y = top
    label_font = get_font(c.fonts.bold.path, c.fonts.bold.index, facts.size)
    for label, fitted, strong in facts.rows:
        c.draw.text(
            (left, y + baseline_offset(facts.size, facts.line_height)),
            label + "：",
            font=label_font,
            fill=c.layout.colour("ink"),
            anchor="ls",
        )
        c.text(fitted, (left + facts.label_width, y, right, bottom), bold=strong)
        y += fitted.height + gap
    after = c.layout.mm(c.layout.section("facts")["after_mm"]) if facts.rows else 0
    return min(y + after, bottom)


def _progress_height(layout: Layout) -> int:
    p = layout.section("progress")
    return max(
        layout.mm(p["height_mm"]), line_height_for(layout.pt(p["size_pt"]), 1.2)
    ) + layout.mm(p["after_mm"])


def _draw_progress(c: Canvas, percent: int, box: Box) -> int:
    """A bar with the percentage printed beside it: the number carries the meaning,
    the bar only shows it (greyscale-safe)."""
    left, top, right, _ = box
    L = c.layout
    p = L.section("progress")
    size = L.pt(p["size_pt"])
    bar_h = L.mm(p["height_mm"])
    row_h = max(bar_h, line_height_for(size, 1.2))
    label_font = get_font(
        c.fonts.bold.path, c.fonts.bold.index, L.pt(L.section("facts")["size_pt"])
    )
    mid = top + row_h // 2
    label_size = L.pt(L.section("facts")["size_pt"])
    c.draw.text(
        (left, mid + round(0.38 * label_size)),
        "落实进度：",
        font=label_font,
        fill=L.colour("ink"),
        anchor="ls",
    )
    label_w = round(L.pt(L.section("facts")["size_pt"]) * L.section("facts")["label_chars"])
    pct_font = get_font(c.fonts.bold.path, c.fonts.bold.index, size)
    pct_text = f"{percent}%"
    pct_w = round(pct_font.getlength("100%")) + L.mm(3)
    x0, x1 = left + label_w, right - pct_w
    border = max(1, L.mm(p["border_mm"]))
    y0, y1 = mid - bar_h // 2, mid + bar_h // 2
    c.draw.rectangle(
        (x0, y0, x1, y1), fill=L.colour("bar_track"), outline=L.colour("ink"), width=border
    )
    inner = x1 - x0 - 2 * border
    fill_w = round(inner * max(0, min(100, percent)) / 100)
    if fill_w > 0:
        c.draw.rectangle(
            (x0 + border, y0 + border, x0 + border + fill_w - 1, y1 - border),
            fill=L.colour("bar_fill"),
        )
    c.draw.text((right, mid), pct_text, font=pct_font, fill=L.colour("ink"), anchor="rm")
    return top + row_h + L.mm(p["after_mm"])
