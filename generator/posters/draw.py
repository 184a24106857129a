"""Laying out one poster: ``PosterSpec`` + ``Layout`` + fonts -> a ``Page``.

The page is a column: heading block at the top, the QR block at the bottom, and
between them the title, the intro, the framed 提示 box of public warnings, the
progress bar, the facts and the body text. Every text goes through
``linebreak.fit_text`` (or its list, excerpt and address variants) with the box it
may use, so nothing can cross the margins, whatever a clerk writes.

Everything is decided here, once, in layout pixels, and recorded as a display list
(``page.Page``, through ``canvas.Canvas``); the PDF (``pdf``) and the PNG preview
(``paint``) draw that list. Text is measured with the face's own advance widths
(``fontfile.metrics``), the numbers the PDF viewer uses too.

``compose_poster`` returns the page with every text it placed (``DrawnText``: its
role, fitted lines, size and box), so tests can check what a poster says without
OCR; ``render_poster`` paints it as a Pillow image.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from generator.messages import posters as words
from generator.posters.canvas import Box, Canvas, DrawnText, baseline_offset, measurer
from generator.posters.content import WARNINGS_LABEL, PosterSpec
from generator.posters.fonts import FontSet
from generator.posters.layout import Layout
from generator.posters.linebreak import (
    ELLIPSIS,
    MORE_ON_PAGE,
    Fitted,
    fit_address,
    fit_excerpt,
    fit_items,
    fit_text,
    line_height_for,
)
from generator.posters.page import Page, QrOp
from generator.posters.qr import module_pixels, qr_matrix
from generator.source import fields

CONTACT_LABEL = fields.label(fields.COMMUNITY, "contact")  # 联系电话, as the format names it
PROGRESS_LABEL = fields.label(fields.CASE, "progress", 0, "percent")  # 落实进度


@dataclass
class Poster:
    """A laid-out poster: the page (display list) and every text on it, in order."""

    page: Page
    texts: list[DrawnText]
    fonts: FontSet

    @property
    def image(self) -> Image.Image:
        """The page painted at the layout's dpi (for tests and full-size PNGs)."""
        from generator.posters.paint import paint

        return paint(self.page, self.page.dpi, self.fonts)

    def find(self, role: str) -> list[DrawnText]:
        """The texts of a role; a role ending in ``:`` matches its prefix (``fact:``)."""
        if role.endswith(":"):
            return [t for t in self.texts if t.role.startswith(role)]
        return [t for t in self.texts if t.role == role]

    def text(self, role: str) -> str:
        """The lines of a role's texts joined (empty when not placed)."""
        return "".join(t.text for t in self.find(role))


def render_poster(spec: PosterSpec, layout: Layout, fonts: FontSet) -> Image.Image:
    """The poster as a greyscale image at the layout's paper size and dpi."""
    return compose_poster(spec, layout, fonts).image


def compose_poster(spec: PosterSpec, layout: Layout, fonts: FontSet) -> Poster:
    """The poster laid out, with the record of every text on it."""
    page = Page(
        layout.width,
        layout.height,
        layout.dpi,
        layout.page_points,
        title=words.PDF_TITLE.format(heading=spec.heading, title=spec.title),
    )
    canvas = Canvas(page, layout, fonts)
    m = layout.mm(layout.data["margin_mm"])
    content: Box = (m, m, layout.width - m, layout.height - m)
    y = _draw_header(canvas, spec, content)
    bottom_top = _draw_bottom(canvas, spec, content)
    _draw_middle(canvas, spec, (content[0], y, content[2], bottom_top))
    return Poster(page, canvas.drawn, fonts)


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
        fitted,
        (left, top, right, 0),
        bold=True,
        align="center",
        fill="accent",
        role="heading",
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
    y = c.text(fitted, (left, y, right, 0), align="center", fill="muted", role="place")
    r = c.layout.section("rules")
    y += c.layout.mm(r["gap_mm"])
    thick, thin, gap = (
        c.layout.mm(r["thick_mm"]),
        c.layout.mm(r["thin_mm"]),
        c.layout.mm(r["gap_mm"]),
    )
    accent = c.colour("accent")
    c.rect((left, y, right, y + thick), fill=accent)
    y += thick + gap
    c.rect((left, y, right, y + thin), fill=accent)
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
    size = k * matrix.size

    # The address is never cut short: it shrinks to its floor size before it takes
    # a second line, and breaks only after a "/".
    url = fit_address(
        spec.short_url, measurer(c.face(False)), size, L.pt(b["url_pt"]), L.pt(b["url_min_pt"])
    )
    url_top = bottom - url.height
    qr_top = url_top - size
    rows = tuple("".join("1" if dark else "0" for dark in row) for row in matrix.rows)
    c.page.ops.append(QrOp(left, qr_top, k, rows))
    c.text(url, (left, url_top, left + size, bottom), align="center", role="url")

    # Separator above the block.
    rule = L.mm(b["rule_mm"])
    above = L.mm(b["above_mm"])
    block_top = qr_top - above
    c.rect((left, block_top, right, block_top + rule), fill=c.colour("muted"))

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
    # The date of what the poster says (not of the build) and its version mark, so a
    # printed poster can be compared with the page's list of versions.
    small_lines = [
        words.LABELLED.format(label=CONTACT_LABEL) + spec.contact if spec.contact else "",
        words.PRINTED_VERSION.format(printed=spec.printed, version=spec.version).strip(),
    ]
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
        c.layout.pt(b["sign_pt"]) * 3,
        b["sign_pt"],
        b["sign_min_pt"],
        max_lines=2,
    )
    sign_height = sign.height + date.height + (contact.height if contact else 0)
    y = bottom - c.layout.pt(b["url_pt"]) * 2 - sign_height
    y = c.text(sign, (left, y, right, 0), bold=True, align="right", role="committee")
    if contact:
        y = c.text(
            contact,
            (left, y, right, 0),
            align="right",
            fill="muted",
            role="contact",
        )
    c.text(date, (left, y, right, 0), align="right", role="printed")
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
    y = c.text(scan, (left, y, right, limit), bold=True, role="scan")
    more = c.fit(
        spec.scan_more,
        width,
        max(0, limit - y),
        b["scan_more_pt"],
        b["sign_min_pt"],
        leading=1.35,
        max_lines=3,
    )
    y = c.text(more, (left, y, right, limit), fill="muted", role="scan_more")
    y += c.layout.mm(3)
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
        c.text(fitted, (left, y, right, limit), bold=True, role="number")


def _draw_middle(c: Canvas, spec: PosterSpec, box: Box) -> None:
    """Title, intro, 提示 box, progress bar, facts, body: top to bottom. The warnings,
    the bar and an essential body (an outcome) get their room first; the facts
    shrink to their floor within what is left, then the body takes the rest."""
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
    y = c.text(title, (left, top, right, bottom), bold=True, align="center", role="title")
    y += L.mm(t["after_mm"])

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
    y = c.text(intro, (left, y, right, bottom), fill="muted", role="intro")
    y += L.mm(i["after_mm"])

    body = L.section("body")

    def reserve(lines: int) -> int:
        """Room for the body's label and ``lines`` lines at its floor size."""
        return line_height_for(L.pt(body["label_pt"]), body["leading"]) + lines * line_height_for(
            L.pt(body["min_pt"]), body["leading"]
        )

    # Body lines to keep free below the facts, most first. On a progress poster the
    # outcome is a reminder: the latest update and referrals come first, and the
    # excerpt gives way down to one line before a fact is cut.
    if spec.kind == "community" and spec.body:  # the cases now on the board: a list
        items = len(spec.body.split("\n"))
        options = list(range(min(items, body["list_min_lines"]), 0, -1))
    elif not (spec.body and spec.body_essential):
        options = [0]
    elif spec.progress is not None:
        options = list(range(body["progress_max_lines"], body["progress_min_lines"] - 1, -1))
    else:  # an outcome: the facts give way to a third line of it, then to a second
        options = list(range(body["min_lines"] + 1, body["min_lines"] - 1, -1))
    progress_h = _progress_height(L) if spec.progress is not None else 0

    if spec.warnings:
        y = _draw_warnings(
            c, spec.warnings, (left, y, right, bottom - reserve(options[-1]) - progress_h)
        )
    if spec.progress is not None and y + progress_h <= bottom:
        y = _draw_progress(c, spec.progress, (left, y, right, bottom))
    for lines in options:
        body_reserve = reserve(lines) if lines else 0
        facts = layout_facts(spec, c, width, max(0, bottom - body_reserve - y))
        if facts.complete:
            break
    y = _draw_facts(c, facts, (left, y, right, max(y, bottom - body_reserve)))
    if spec.body and bottom - y >= (body_reserve or _body_minimum(L)):
        label = c.fit(
            words.LABELLED.format(label=spec.body_label),
            width,
            bottom - y,
            body["label_pt"],
            body["min_pt"],
            bold=True,
            leading=body["leading"],
            max_lines=1,
        )
        y = c.text(label, (left, y, right, bottom), bold=True, role="body_label")
        measure = measurer(c.face(False))
        size, floor = L.pt(body["size_pt"]), L.pt(body["min_pt"])
        if spec.kind == "community":  # a list of cases: one line each
            text = fit_items(
                spec.body.split("\n"), measure, width, bottom - y, size, floor,
                leading=body["leading"],
            )  # fmt: skip
        else:
            text = fit_excerpt(
                spec.body,
                measure,
                width,
                bottom - y,
                size,
                floor,
                leading=body["leading"],
                # On a progress poster the outcome is a reminder: a short excerpt.
                max_lines=body["progress_max_lines"] if spec.progress is not None else None,
            )
        c.text(text, (left, y, right, bottom), role="body")


def _draw_warnings(c: Canvas, warnings: tuple[str, ...], box: Box) -> int:
    """The public warnings in a frame: a thick black border, a warning sign drawn with
    shapes (a triangle with "!") and the word 提示, then one line per warning. The
    frame, the sign and the word carry the meaning, never a colour. Returns the y
    below the box (``top`` unchanged when not even one line fits)."""
    left, top, right, bottom = box
    L = c.layout
    w = L.section("warnings")
    border, pad = max(1, L.mm(w["border_mm"])), L.mm(w["pad_mm"])
    size = L.pt(w["size_pt"])
    mark = round(size * 1.1)
    label_w = (
        mark
        + L.mm(1.5)
        + round(measurer(c.fonts.bold)(words.LABELLED.format(label=WARNINGS_LABEL), size))
    )
    inner_left, inner_right = left + border + pad, right - border - pad
    text_left = inner_left + label_w
    room = bottom - top - 2 * (border + pad) - L.mm(w["after_mm"])
    fitted = c.fit(
        "\n".join(warnings),
        inner_right - text_left,
        max(0, room),
        w["size_pt"],
        w["min_pt"],
        bold=True,
        leading=w["leading"],
        max_lines=w["max_lines"],
    )
    if not fitted.lines:
        return top
    inner_top = top + border + pad
    height = max(fitted.height, mark + L.mm(1))
    box_bottom = inner_top + height + pad + border
    # The frame: ``border`` wide, drawn inward from the box's edge.
    c.rect((left, top, right, box_bottom), outline=c.colour("ink"), stroke=border)
    # The sign, centred on the first line: a black triangle with a white "!".
    first_mid = inner_top + fitted.line_height // 2
    _warning_sign(c, inner_left, first_mid - mark // 2, mark)
    c.label(
        words.LABELLED.format(label=WARNINGS_LABEL),
        inner_left + mark + L.mm(1.5),
        inner_top + baseline_offset(size, fitted.line_height),
        size,
    )
    c.text(fitted, (text_left, inner_top, inner_right, box_bottom), bold=True, role="warnings")
    return box_bottom + L.mm(w["after_mm"])


def _warning_sign(c: Canvas, x: int, y: int, size: int) -> None:
    """A warning triangle ``size`` pixels wide at (x, y): black, with a white "!"."""
    ink, paper = c.colour("ink"), c.colour("paper")
    height = round(size * 0.9)
    top = y + (size - height) // 2
    c.polygon([(x + size / 2, top), (x + size, top + height), (x, top + height)], fill=ink)
    bar = max(2, round(size * 0.12))
    cx = x + size / 2
    c.rect((cx - bar / 2, top + height * 0.32, cx + bar / 2, top + height * 0.70), fill=paper)
    c.rect((cx - bar / 2, top + height * 0.78, cx + bar / 2, top + height * 0.78 + bar), fill=paper)


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
    complete: bool  # every fact shown, none cut for want of room


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
            max_lines = min(f["max_lines"], fact.max_lines or f["max_lines"])
            fitted = fit_text(
                fact.value,
                measurer(face),
                value_w,
                lh * max_lines,
                size,
                size,
                leading=f["leading"],
                max_lines=max_lines,
                # A one-line summary (the referrals) is cut with "…": the page has it.
                suffix=ELLIPSIS if fact.max_lines == 1 else MORE_ON_PAGE,
            )
            rows.append((fact.label, fitted, fact.strong))
            total += fitted.height + gap
        if total <= height or size <= floor:
            break
        size = max(floor, size - 2)
    kept, used = [], 0
    complete = True
    for fact, row in zip(spec.facts, rows, strict=True):
        if used + row[1].height > height:
            complete = False
            # The first fact that does not fit is cut (…（详见网页）) to the lines
            # left, when there is one; the rest are left out.
            if height - used >= lh:
                fitted = fit_text(
                    fact.value,
                    measurer(c.face(fact.strong)),
                    value_w,
                    height - used,
                    size,
                    size,
                    leading=f["leading"],
                )
                kept.append((fact.label, fitted, fact.strong))
                used += fitted.height + gap
            break
        kept.append(row)
        used += row[1].height + gap
    return FactRows(size, lh, label_w, tuple(kept), used, complete)


def _draw_facts(c: Canvas, facts: FactRows, box: Box) -> int:
    left, top, right, bottom = box
    gap = c.layout.mm(c.layout.section("facts")["row_gap_mm"])
    y = top
    for label, fitted, strong in facts.rows:
        c.label(
            words.LABELLED.format(label=label),
            left,
            y + baseline_offset(facts.size, facts.line_height),
            facts.size,
        )
        c.text(
            fitted, (left + facts.label_width, y, right, bottom), bold=strong, role=f"fact:{label}"
        )
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
    mid = top + row_h // 2
    label_size = L.pt(L.section("facts")["size_pt"])
    c.label(
        words.LABELLED.format(label=PROGRESS_LABEL),
        left,
        mid + round(0.38 * label_size),
        label_size,
    )
    label_w = round(label_size * L.section("facts")["label_chars"])
    pct_w = round(measurer(c.fonts.bold)("100%", size)) + L.mm(3)
    x0, x1 = left + label_w, right - pct_w
    border = max(1, L.mm(p["border_mm"]))
    y0, y1 = mid - bar_h // 2, mid + bar_h // 2
    c.rect((x0, y0, x1, y1), fill=c.colour("bar_track"))
    inner = x1 - x0 - 2 * border
    fill_w = round(inner * max(0, min(100, percent)) / 100)
    if fill_w > 0:
        c.rect(
            (x0 + border, y0 + border, x0 + border + fill_w, y1 - border),
            fill=c.colour("bar_fill"),
        )
    c.rect((x0, y0, x1, y1), outline=c.colour("ink"), stroke=border)
    c.label(f"{percent}%", right, mid + round(0.38 * size), size, anchor="r")
    return top + row_h + L.mm(p["after_mm"])
