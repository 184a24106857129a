"""Chinese line breaking and text fitting: pure functions, no Pillow.

Rules (the common subset of GB/T 15834 and the W3C "clreq" requirements):

- a line never starts with closing punctuation (。，、；：？！）》」』】 …) and never
  ends with opening punctuation (（《「『【 …);
- numbers, dates, times and Latin words stay whole (``2026-03-10``, ``19:00``,
  ``WiFi``), unless one alone is wider than the line;
- Chinese words stay whole (``增设``, ``充电棚``, ``非机动车``): lines break at word
  boundaries found by jieba, and inside a word only when the word alone is wider
  than the line (then by the punctuation rules, then by characters);
- spaces are break opportunities and vanish at the start and end of a line.

Widths come from a ``measure`` callable, so the same code serves Pillow fonts and
the unit tests' fake fonts.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# May not start a line: they attach to what precedes them.
CLOSING = frozenset("。，、；：？！）》」』】〕〗〉”’…—～·・％‰℃々ー,.;:?!)]}>%")
# May not end a line: they attach to what follows them.
OPENING = frozenset("（《「『【〔〖〈“‘([{<")
# Punctuation that looks wrong right before an ellipsis.
_BEFORE_ELLIPSIS_DROP = frozenset("，、；：,;:（《「『【“‘([{ ")

# An unbreakable run: a number or Latin word with its inner separators
# (2026-03-10, 19:00, 1,000, 3.5, xs.qinghe.example.cn/a, 50%).
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[.,:/\-_@+'&~#=?][0-9A-Za-z\u00c0-\u024f]+)*[%/]?")

# Chinese characters (CJK ideographs and 〇): runs of them are cut into words.
_HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A number keeps the measure word or unit right after it: 2025年, 30个, 80平方米 (not
# a break inside "2025 / 年收益"). One character, the common ones on notices.
_UNITS = frozenset("年月日时分秒号楼栋层户人名位件个项次票天周岁台辆座处条张份本元角万亿米吨斤亩")
# A date written out stays whole: 2025年11月7日, 11月7日.
_DATE_HEAD = re.compile(r"\d[年月]$")
_DATE_TAIL = re.compile(r"\d{1,2}[月日号]$")
# Words of the notice board that jieba's general dictionary splits.
POSTER_WORDS = (
    "充电棚",
    "充电桩",
    "车棚",
    "非机动车棚",
    "电动自行车",
    "议事会",
    "议事厅",
    "议事室",
    "协商议事会",
    "居民议事会",
    "村民议事会",
    "居民代表",
    "村民代表",
    "居委会",
    "村委会",
    "居民委员会",
    "村民委员会",
    "公开栏",
    "公示期",
    "党群服务中心",
    "老旧小区",
    "加装电梯",
    "逾期未反馈",
    "逾期反馈",
    "详见网页",
    "协商事项",
    "协商成果",
)

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
    return _glue(atoms(text))


_tokenizer: Any = None
_tokenizer_lock = threading.Lock()


def prepare() -> None:
    """Load the word dictionary now (about 0.5 s, once per process). Called before
    the drawing processes fork, so that they share it; otherwise done on first use."""
    _get_tokenizer()


def _get_tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                import jieba  # logs to DEBUG on import: import first, then quiet it

                jieba.setLogLevel(60)
                tokenizer = jieba.Tokenizer()  # our own: the global one stays untouched
                tokenizer.initialize()
                for word in POSTER_WORDS:
                    tokenizer.add_word(word)
                _tokenizer = tokenizer
    return _tokenizer


def han_words(run: str) -> list[str]:
    """A run of Chinese characters cut into words (jieba, with its HMM for names)."""
    return [w for w in _get_tokenizer().cut(run, HMM=True) if w]


def words(text: str) -> list[str]:
    """Like ``atoms``, with each run of Chinese characters cut into whole words, and a
    number joined with the unit after it (2025年, 30个)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.extend(han_words("".join(run)))
            run.clear()

    for atom in atoms(text):
        if len(atom) == 1 and _HAN.match(atom):
            spaced = not run and len(out) > 1 and out[-1] == " " and _is_number(out[-2])
            if spaced and atom in _UNITS:  # "2 号楼" as written: "2 号" stays on one line
                out.pop()
                out[-1] += " "
            if not run and out and atom in _UNITS and _is_number(out[-1].rstrip()):
                out[-1] += atom
                if len(out) > 1 and _DATE_HEAD.search(out[-2]) and _DATE_TAIL.match(out[-1]):
                    tail = out.pop()
                    out[-1] += tail  # 2025年 11月 7日 -> 2025年11月7日
            else:
                run.append(atom)
        else:
            flush()
            out.append(atom)
    flush()
    return out


def _is_number(atom: str) -> bool:
    return atom[:1].isdigit() and atom[-1:].isdigit() and " " not in atom


@lru_cache(maxsize=4096)
def word_segments(text: str) -> tuple[str, ...]:
    """``segments`` at word level: break opportunities between whole words (cached:
    fitting tries the same text at several sizes and widths)."""
    return tuple(_glue(words(text)))


def _glue(units: Iterable[str]) -> list[str]:
    out: list[str] = []
    pending_open = ""
    for atom in units:
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
    # (piece, level): level 0 a whole word with its punctuation, 1 a piece of the
    # punctuation rules (a character, a number), 2 a bare character.
    queue: list[tuple[str, int]] = [(seg, 0) for seg in reversed(word_segments(text))]
    while queue:
        seg, level = queue.pop()
        if seg == " ":
            if current:
                current += " "
            continue
        candidate = current + seg
        if measure(candidate.rstrip()) <= width:
            current = candidate
            continue
        if measure(seg) > width and level < 2:
            # Wider than a whole line: break it, filling this line first.
            finer = segments(seg) if level == 0 else list(seg)
            queue.extend((piece, level + 1) for piece in reversed(finer))
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        if measure(seg) <= width:
            current = seg
        else:  # a single character wider than the line: it goes alone
            lines.append(seg)
    if current.strip():
        lines.append(current.rstrip())
    return lines


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


# Where a summary may be cut short and still read well: after a sentence, or
# failing that after a clause.
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_CLAUSE_END = re.compile(r"[，、：,:]")
_BRACKETS = {"（": "）", "(": ")", "《": "》", "“": "”", "「": "」", "【": "】"}


def sentence_prefixes(text: str, marks: re.Pattern[str] = _SENTENCE_END) -> list[str]:
    """The text cut before each sentence end, longest first, without the whole text
    and without the final mark (``a。b。c`` -> ``a。b``, ``a``); never inside brackets."""
    body = text.rstrip()
    out = []
    for m in reversed(list(marks.finditer(body))):
        head = body[: m.start()].rstrip()
        if m.end() < len(body) and head and _balanced(head):
            out.append(head)
    return out


def _balanced(text: str) -> bool:
    return all(text.count(o) == text.count(c) for o, c in _BRACKETS.items())


def fit_excerpt(
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
) -> Fitted:
    """``fit_text`` for a summary: when the whole text does not fit, the longest run of
    whole sentences (or clauses) that fits with ``suffix`` (…（详见网页）), rather than a
    cut inside a sentence; anywhere only when not even the first clause fits."""
    whole = fit_text(
        text, measure, width, height, max_size, min_size, leading=leading, max_lines=max_lines
    )
    if not whole.truncated or not whole.lines:
        return whole
    prefixes = sentence_prefixes(text) + sentence_prefixes(text, _CLAUSE_END)
    for prefix in sorted(set(prefixes), key=len, reverse=True):
        fitted = fit_text(
            prefix + suffix,
            measure,
            width,
            height,
            max_size,
            min_size,
            leading=leading,
            max_lines=max_lines,
        )
        if not fitted.truncated:
            return Fitted(fitted.lines, fitted.size, fitted.line_height, truncated=True)
    return whole


def fit_items(
    items: list[str],
    measure: SizedMeasure,
    width: float,
    height: float,
    max_size: int,
    min_size: int,
    *,
    leading: float = 1.3,
    step: int = 2,
    more: str = "另有 {n} 项，详见网页",
) -> Fitted:
    """A list, one line per item (an item too long is cut with …), at the largest size
    from ``max_size`` down to ``min_size`` at which all fit; at the floor, as many as
    fit, the last line saying how many more there are (``more``)."""
    min_size = min(min_size, max_size)
    size = max_size
    while True:
        lh = line_height_for(size, leading)
        capacity = int(height // lh)
        if len(items) <= capacity or size <= min_size:
            break
        size = max(min_size, size - step)

    def at_size(s: str) -> float:
        return measure(s, size)

    def one_line(item: str) -> str:
        item = re.sub(r"[ \t\r\n]+", " ", item.strip())
        return item if at_size(item) <= width else truncate_line(item, at_size, width, ELLIPSIS)

    if capacity <= 0:
        return Fitted((), size, lh, truncated=bool(items))
    if len(items) <= capacity:
        return Fitted(tuple(one_line(i) for i in items), size, lh, truncated=False)
    kept = [one_line(i) for i in items[: capacity - 1]]
    kept.append(one_line(more.format(n=len(items) - len(kept))))
    return Fitted(tuple(kept), size, lh, truncated=True)


def address_pieces(address: str) -> list[str]:
    """A web address cut after each "/" (``xs.example.cn/``, ``taoyuan-cun/``, ``2026-03/``):
    the only places it may break. A "/" never stands alone: a run of them stays with
    the piece before."""
    pieces: list[str] = []
    for piece in re.findall(r"[^/]*/|[^/]+$", address.strip()):
        if pieces and not piece.strip("/"):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def fit_address(
    address: str,
    measure: SizedMeasure,
    width: float,
    max_size: int,
    min_size: int,
    *,
    leading: float = 1.3,
) -> Fitted:
    """A printed web address, never cut short: on one line at the largest size from
    ``max_size`` down to ``min_size``; only when it does not fit at ``min_size`` is it
    wrapped, breaking only after a "/" (inside a piece only when the piece alone is
    wider than the line, never leaving a "/" alone), at the largest size that needs
    no more lines than that."""
    min_size = min(min_size, max_size)
    for size in range(max_size, min_size - 1, -1):
        if measure(address, size) <= width:
            return Fitted((address,), size, line_height_for(size, leading), truncated=False)
    least = _wrap_address(address, lambda s: measure(s, min_size), width)
    for size in range(max_size, min_size - 1, -1):
        lines = _wrap_address(address, lambda s, size=size: measure(s, size), width)
        if len(lines) <= len(least):
            return Fitted(tuple(lines), size, line_height_for(size, leading), truncated=False)
    return Fitted(tuple(least), min_size, line_height_for(min_size, leading), truncated=False)


def _wrap_address(address: str, measure: Measure, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for piece in address_pieces(address):
        if measure(current + piece) <= width:
            current += piece
            continue
        if current:
            lines.append(current)
            current = ""
        while measure(piece) > width and len(piece) > 1:
            # A piece wider than the line: as many characters as fit, but never a
            # line of just "/" (the slashes stay with what precedes them).
            cut = len(piece) - 1
            while cut > 1 and measure(piece[:cut]) > width:
                cut -= 1
            while cut > 1 and not piece[cut:].strip("/"):
                cut -= 1
            lines.append(piece[:cut])
            piece = piece[cut:]
        current = piece
    if current:
        lines.append(current)
    return lines
