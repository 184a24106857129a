"""Chinese line breaking and text fitting: pure functions, no Pillow.

Rules (the common subset of GB/T 15834 and the W3C "clreq" requirements):

- a line never starts with closing punctuation (。，、；：？！）》」』】 …) and never
  ends with opening punctuation (（《「『【 …);
- numbers, dates, times and Latin words stay whole (``2026-03-10``, ``19:00``,
  ``WiFi``), unless one alone is wider than the line;
- spaces are break opportunities and vanish at the start and end of a line.

Widths come from a ``measure`` callable, so the same code serves Pillow fonts and
the unit tests' fake fonts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# May not start a line: they attach to what precedes them.
CLOSING = frozenset("。，、；：？！）》」』】〕〗〉”’…—～·・％‰℃々ー,.;:?!)]}>%")
# May not end a line: they attach to what follows them.
OPENING = frozenset("（《「『【〔〖〈“‘([{<")
# Punctuation that looks wrong right before an ellipsis.
_BEFORE_ELLIPSIS_DROP = frozenset("，、；：,;:（《「『【“‘([{ ")

# An unbreakable run: a number or Latin word with its inner separators
# (2026-03-10, 19:00, 1,000, 3.5, xs.qinghe.example.cn/a, 50%).
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[.,:/\-_@+'&~#=?][0-9A-Za-z\u00c0-\u024f]+)*[%/]?")

Measure = Callable[[str], float]
SizedMeasure = Callable[[str, int], float]

ELLIPSIS = "…"
MORE_ON_PAGE = "…（详见网页）"


def atoms(text: str) -> list[str]:
    """Split text into the smallest pieces that may not be broken: a word or number,
    one space, or one other character. Newlines become spaces."""
    text = re.sub(r"\s+", " ", text.strip())
    out: list[str] = []
    pos = 0
    while pos < len(text):
        match = _WORD.match(text, pos)
        if match:
            out.append(match.group())
            pos = match.end()
        else:
            out.append(text[pos])
            pos += 1
    return out


def segments(text: str) -> list[str]:
    """Atoms glued by the punctuation rules: a closing mark joins the piece before it,
    an opening mark the piece after it. A line may break between any two segments."""
    out: list[str] = []
    pending_open = ""
    for atom in atoms(text):
        if atom == " ":
            if pending_open:
                continue  # "（ 注" -> "（注": the space cannot be a break here
            out.append(" ")
        elif atom in OPENING:
            pending_open += atom
        elif atom[0] in CLOSING and not pending_open and any(o != " " for o in out):
            if out[-1] == " ":  # "word ，" keeps its space but may not break before "，"
                out.pop()
                out[-1] += " "
            out[-1] += atom
        else:
            out.append(pending_open + atom)
            pending_open = ""
    if pending_open:
        if out and out[-1] != " ":
            out[-1] += pending_open
        else:
            out.append(pending_open)
    return out


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Greedy line breaking of ``text`` into lines no wider than ``width``; each
    newline starts a new paragraph (a new line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, measure, width))
    return lines


def _wrap_paragraph(text: str, measure: Measure, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for seg in segments(text):
        if seg == " ":
            if current:
                current += " "
            continue
        candidate = current + seg
        if measure(candidate.rstrip()) <= width:
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        if measure(seg) <= width:
            current = seg
        else:
            *full, current = _hard_break(seg, measure, width)
            lines.extend(full)
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _hard_break(segment: str, measure: Measure, width: float) -> list[str]:
    """Cut a segment wider than the line by characters (last resort)."""
    pieces: list[str] = []
    current = ""
    for char in segment:
        if current and measure(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return pieces


def truncate_line(line: str, measure: Measure, width: float, suffix: str = MORE_ON_PAGE) -> str:
    """``line`` shortened so that it plus ``suffix`` fits ``width``; no comma or opening
    bracket is left dangling before the suffix. Returns the suffix alone (itself cut
    by characters) when nothing else fits."""
    pieces = segments(line)
    while pieces:
        head = "".join(pieces).rstrip()
        while head and head[-1] in _BEFORE_ELLIPSIS_DROP:
            head = head[:-1].rstrip()
        if head and measure(head + suffix) <= width:
            return head + suffix
        last = pieces.pop()
        if len(last) > 1 and last != " ":
            # Drop a long word gradually rather than whole.
            shorter = last[:-1]
            if shorter:
                pieces.append(shorter)
    while suffix and measure(suffix) > width:
        suffix = suffix[:-1]
    return suffix


def balance(text: str, measure: Measure, width: float) -> list[str]:
    """Like ``wrap``, with the same number of lines made as even as possible (for
    centred titles: "西关新村南门外增设 / 非机动车充电棚", not a lone last word)."""
    lines = wrap(text, measure, width)
    if len(lines) < 2:
        return lines
    low, high = 0.0, float(width)
    for _ in range(12):  # bisect the narrowest width that keeps the line count
        mid = (low + high) / 2
        if len(wrap(text, measure, mid)) <= len(lines):
            high = mid
        else:
            low = mid
    return wrap(text, measure, high)


@dataclass(frozen=True)
class Fitted:
    """Text fitted to a box: its lines, the font size and line height in pixels, and
    whether the text had to be cut."""

    lines: tuple[str, ...]
    size: int
    line_height: int
    truncated: bool

    @property
    def height(self) -> int:
        return len(self.lines) * self.line_height


def line_height_for(size: int, leading: float) -> int:
    """Pixels from one baseline to the next."""
    return max(1, round(size * leading))


def fit_text(
    text: str,
    measure: SizedMeasure,
    width: float,
    height: float,
    max_size: int,
    min_size: int,
    *,
    leading: float = 1.3,
    max_lines: int | None = None,
    suffix: str = MORE_ON_PAGE,
    step: int = 2,
    balanced: bool = False,
) -> Fitted:
    """Fit ``text`` into a ``width`` × ``height`` box: wrap at ``max_size``; if too
    many lines, shrink by ``step`` down to ``min_size``; if it still does not fit, cut
    the last line with ``suffix`` (a pointer to the web page).

    Every returned line is at most ``width`` wide and the lines' total height is at
    most ``height`` (with ``max_lines`` as an extra cap). Returns no lines when not
    even one line of ``min_size`` fits the height.
    """
    min_size = min(min_size, max_size)
    size = max_size
    while True:
        lh = line_height_for(size, leading)
        capacity = int(height // lh)
        if max_lines is not None:
            capacity = min(capacity, max_lines)
        lines = wrap(text, lambda s, size=size: measure(s, size), width)
        if len(lines) <= capacity:
            if balanced:
                lines = balance(text, lambda s, size=size: measure(s, size), width)
            return Fitted(tuple(lines), size, lh, truncated=False)
        if size <= min_size:
            break
        size = max(min_size, size - step)
    if capacity <= 0:
        return Fitted((), size, lh, truncated=bool(text.strip()))

    def at_size(s: str) -> float:
        return measure(s, size)

    kept = lines[:capacity]
    kept[-1] = truncate_line(kept[-1], at_size, width, suffix)
    return Fitted(tuple(kept), size, lh, truncated=True)
