"""Personal numbers (PIPL): a mobile number or a resident ID number anywhere in a
community or case file — keys, values, comments and the Markdown body — including
files that failed to load. Numbers listed in ``site_config.yml: office_numbers``
are published office numbers and allowed.

Numbers are matched as people type them, not only as bare digits (docs/format.md's
patterns, ``1[3-9]\\d{9}`` and ``\\d{17}[\\dXx]``, are the core). Before matching, the
text is normalised: digits of any script (full-width ``１３８``) become ASCII, every
kind of space (NBSP, ideographic, tab) becomes a space, zero-width and other format
characters are dropped, every kind of dash becomes ``-`` and middle dots ``.``. The
digit groups that are then joined only by 1-3 of those separators (``138 1234 5678``,
``138-1234-5678``, ``138.1234.5678``, ``+86 138…``) are read as one number, whole
groups at a time:

- a mobile is 11 digits ``1[3-9]…`` (or 13 starting with the country code 86);
- an ID number is 17 digits and a check digit (digit or X) that GB 11643 accepts;
  an ID hides the mobile-like digits inside it.

Numbers spelled in Chinese numerals, as people write a number to be read out
(一三八 一二三四 五六七八, 幺 for 1, 〇 or 零 for 0, the banking forms 壹贰叁…), or
mixing them with digits (138 一二三四 5678), are read the same way in a second pass
that sees those characters as digits; it adds what the first pass did not find.

Limits (documented in docs/guide/codes.md): numbers split by other characters
(letters, brackets, line breaks in the body), or by more than three separators, are
not recognised; landlines are not personal numbers and are not checked.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import clock
from generator.check.rules.common import line_and_column, scanned, source_finding
from generator.findings import Finding

if TYPE_CHECKING:
    from generator.check.analysis import Analysis
    from generator.model.load import SourceFile

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"


@dataclass(frozen=True)
class PersonalNumber:
    kind: str  # "id", "mobile" or "bank"
    start: int  # offset in the text
    text: str

    @property
    def masked(self) -> str:
        """Enough to find it in the file, not enough to publish it again."""
        if self.kind == "id":
            return self.text[:6] + "*" * (len(self.text) - 10) + self.text[-4:]
        if self.kind == "bank":
            return self.text[:4] + "*" * (len(self.text) - 8) + self.text[-4:]
        return self.text[:3] + "****" + self.text[-4:]

    @property
    def code(self) -> str:
        """The finding code that reports it."""
        return CODE_OF_KIND[self.kind]


CODE_OF_KIND = {"id": "personal-id", "mobile": "personal-mobile", "bank": "personal-bank-card"}

# First two digits of a resident ID number: the province-level regions of GB/T 2260.
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    ]
)
# Birth dates an ID number can hold (one place: first-generation IDs hold 19YY).
EARLIEST_BIRTH_YEAR = 1900


def _birth_date_ok(year: int, month: int, day: int) -> bool:
    import datetime as dt

    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return born.year >= EARLIEST_BIRTH_YEAR and born <= clock.today()


def id_like(number: str) -> bool:
    """Whether 18 characters read as a resident ID number even with a wrong check
    digit: a province code and a real birth date still say where and when a person
    was born (such a number is reported like a valid one)."""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    if number[:2] not in _PROVINCES:
        return False
    return _birth_date_ok(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def first_generation_id(number: str) -> bool:
    """A 15-digit first-generation ID number (1984-1999): province code, 6-digit
    birth date 19YYMMDD, 3-digit sequence, no check digit."""
    if len(number) != 15 or not number.isdigit() or number[:2] not in _PROVINCES:
        return False
    return _birth_date_ok(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def luhn_ok(number: str) -> bool:
    """Whether a card number's last digit is its Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def bank_card(number: str) -> bool:
    """16-19 digits passing the Luhn check, starting as card numbers start (3-6: the
    card schemes' ranges; China UnionPay 62)."""
    return 16 <= len(number) <= 19 and number.isdigit() and number[0] in "3456" and luhn_ok(number)


def id_checksum_ok(number: str) -> bool:
    """Whether an 18-character ID number's last character is its check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK_DIGITS[total % 11] == number[17].upper()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


_DOTS = frozenset(".\u00b7\u2024\u2027\u30fb\uff0e\uff65")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d")


class _NumberTable(dict[int, str]):
    """``str.translate`` table, filled as characters are met: one character in, one out,
    so offsets stay the same. Digits of every script to ASCII, spaces to " ", dashes to
    "-", dots to ".", x to X, zero-width and other format characters to a marker."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch == "x" or code in (0xFF38, 0xFF58):
            mapped = "X"
        elif code < 0x80:
            mapped = ch
        else:
            category = unicodedata.category(ch)
            if category == "Nd":
                mapped = str(unicodedata.decimal(ch))
            elif category == "Cf":
                mapped = _HIDDEN
            elif ch.isspace() or category == "Zs":
                mapped = " "
            elif ch in _DASHES or category == "Pd":
                mapped = "-"
            elif ch in _DOTS:
                mapped = "."
            else:
                mapped = ch
        self[code] = mapped
        return mapped


# Zero-width and other format characters become this marker: matching skips it.
_HIDDEN = "\x01"
_TABLE = _NumberTable()


def normalize_for_numbers(text: str) -> str:
    """``text`` as number matching sees it, character for character (same offsets):
    digits of every script to ASCII, spaces to " ", dashes to "-", dots to ".", x to X,
    zero-width and other format characters to a marker that matching skips."""
    return text.replace(_HIDDEN, " ").translate(_TABLE)


# A digit group (format characters inside it are skipped); an X may end one (an ID
# number's check character).
_GROUP = re.compile(r"\d(?:\x01*\d)*(?:\x01*X(?![A-Za-z]))?")
# What may join two groups of one number: 1-3 spaces, dashes or dots (not a line break).
_JOIN = re.compile(r"\x01*(?:[ \t.\-]\x01*){1,3}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_ANY_DIGIT = re.compile(r"\d")
# What may sit between the digits of one number: spaces, dashes, dots, format
# characters, an X.
_BETWEEN = (
    r"\s.\-\u00ad\u00b7\u2010-\u2015\u2024\u2027\u2212\u30fb\ufe58\ufe63\uff0d"
    r"\uff0e\uff65\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e"
    r"xX\uff38\uff58"
)
# A stretch of digits (any script) and what may sit between them.
_REGION = re.compile(rf"\d[\d{_BETWEEN}]*")
# Chinese numerals as the digits of a spelled-out number, and the same stretch with them.
_SPELLED_DIGITS = {
    **dict.fromkeys("〇零", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二贰", "2"),
    **dict.fromkeys("三叁", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_SPELLED = str.maketrans(_SPELLED_DIGITS)
_NUMERALS = "".join(_SPELLED_DIGITS)
_SPELLED_REGION = re.compile(rf"[\d{_NUMERALS}][\d{_NUMERALS}{_BETWEEN}]{{10,}}")
_ANY_NUMERAL = re.compile(f"[{_NUMERALS}]")


def _chains(normal: str) -> list[list[re.Match[str]]]:
    """Runs of digit groups joined only by separators. Across a table cell (a tab in
    ``textview.html_text``'s reading of a page) a run is one number only when it is
    split the way people split one (``_CELL_SPLITS``); else each cell's digits are a
    number of their own (a statistics row: 3758, 150320, 30064)."""
    chains: list[list[re.Match[str]]] = []
    for m in _GROUP.finditer(normal):
        if chains:
            last = chains[-1][-1]
            gap = normal[last.end() : m.start()]
            if not last.group().endswith("X") and (gap == "" or _JOIN.fullmatch(gap)):
                chains[-1].append(m)
                continue
        chains.append([m])
    return [part for chain in chains for part in _by_cells(normal, chain)]


# How people split a number over table cells: the digits in each cell, in order.
_CELL_SPLITS = ((3, 4, 4), (3, 8), (7, 4), (6, 8, 4), (6, 12), (14, 4))
_MOBILE_STARTS = frozenset(f"1{d}" for d in "3456789")


def _by_cells(normal: str, chain: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """``chain`` as it is, or cut at its table cells when it crosses one without being
    a number split over cells."""
    cells: list[list[re.Match[str]]] = [[chain[0]]]
    for last, m in itertools.pairwise(chain):
        if "\t" in normal[last.end() : m.start()]:
            cells.append([m])
        else:
            cells[-1].append(m)
    if len(cells) == 1:
        return [chain]
    sizes = tuple(sum(len(g.group().replace(_HIDDEN, "").rstrip("X")) for g in c) for c in cells)
    first = cells[0][0].group().replace(_HIDDEN, "")
    split = sizes in _CELL_SPLITS and (sizes[0] != 3 or first[:2] in _MOBILE_STARTS)
    return [chain] if split else cells


def find_personal_numbers(text: str, office_numbers: Iterable[str] = ()) -> list[PersonalNumber]:
    """Every ID number (checksum valid) and mobile number in ``text`` as people type
    them, in order; ``start`` is the offset in ``text``, ``text`` the digits."""
    found: list[PersonalNumber] = []
    allowed: set[str] | None = None
    # Only stretches of digits and separators holding 11 or more digits are looked at
    # closely; dates, times and counts are passed over at the speed of a regex.
    for region in _REGION.finditer(text):
        if len(region.group()) < 11 or len(_ANY_DIGIT.findall(region.group())) < 11:
            continue
        if allowed is None:
            allowed = {_digits(n) for n in office_numbers if _digits(n)}
            allowed |= {d[2:] for d in allowed if len(d) == 13 and d.startswith("86")}
        found += _numbers_in(normalize_for_numbers(region.group()), region.start(), allowed)
    found += _spelled_numbers(text, office_numbers, {(n.start, n.kind) for n in found})
    return sorted(found, key=lambda n: n.start)


def _spelled_numbers(
    text: str, office_numbers: Iterable[str], known: set[tuple[int, str]]
) -> list[PersonalNumber]:
    """The numbers written wholly or partly in Chinese numerals, not among ``known``
    (start, kind). Only stretches holding a numeral and 11 or more digits and
    numerals are read, with the numerals as digits (one character for one: same
    offsets); a stretch of ordinary prose has few numerals in a row."""
    found: list[PersonalNumber] = []
    for region in _SPELLED_REGION.finditer(text):
        stretch = region.group()
        if len(stretch) < 11 or not _ANY_NUMERAL.search(stretch):
            continue
        digits = stretch.translate(_SPELLED)
        if len(_ANY_DIGIT.findall(digits)) < 11:
            continue
        for number in find_personal_numbers(digits, office_numbers):
            number = PersonalNumber(number.kind, region.start() + number.start, number.text)
            if (number.start, number.kind) not in known:
                found.append(number)
    return found


def _numbers_in(normal: str, offset: int, allowed: set[str]) -> list[PersonalNumber]:
    found: list[PersonalNumber] = []
    for chain in _chains(normal):
        used = [False] * len(chain)
        # ID numbers first: an ID hides the mobile-like digits inside it; then card
        # numbers (16-19 digits), then mobiles.
        for kind in ("id", "bank", "mobile"):
            i = 0
            while i < len(chain):
                match = None
                digits = ""
                for j in range(i, len(chain)):
                    if used[j]:
                        break
                    digits += chain[j].group().replace(_HIDDEN, "")
                    if len(digits) > 19:
                        break
                    if kind == "id" and len(digits) == 18:
                        upper = digits.upper()
                        if id_checksum_ok(upper) or id_like(upper):
                            match = (j, upper)
                            break
                    # a 15-digit ID unless the chain goes on to 18 digits (checked next)
                    ends = j + 1 == len(chain)
                    after = "" if ends else chain[j + 1].group().replace(_HIDDEN, "")
                    if (
                        kind == "id"
                        and len(digits) == 15
                        and first_generation_id(digits)
                        and (ends or len(digits + after) > 18)
                    ):
                        match = (j, digits)
                        break
                    # a card number, the longest the chain gives
                    if (
                        kind == "bank"
                        and bank_card(digits)
                        and (ends or not bank_card(digits + after))
                    ):
                        match = (j, digits)
                        break
                    if kind == "mobile" and "X" not in digits:
                        if len(digits) == 11 and _MOBILE.fullmatch(digits):
                            match = (j, digits)
                            break
                        if (
                            len(digits) == 13
                            and digits[:2] == "86"
                            and _MOBILE.fullmatch(digits[2:])
                        ):
                            match = (j, digits[2:])
                            break
                if match is None:
                    i += 1
                    continue
                j, number = match
                for k in range(i, j + 1):
                    used[k] = True
                if number not in allowed:
                    found.append(PersonalNumber(kind, offset + chain[i].start(), number))
                i = j + 1
    return found


# --- warnings: what points at a person without being a number the rules above know ---

_IM_ID = re.compile(
    r"(?P<word>QQ|ＱＱ|扣扣|企鹅号)\s*(?:号码?|账号)?\s*[:：是为]?\s*(?P<id>[1-9][0-9]{4,11})(?![0-9])"
    r"|(?P<wword>微信|威信|V信|v信|wx|vx|WX|VX|Wx|Vx|weixin|WeChat|wechat)\s*(?:号|账号|ID|id)?\s*[:：是为]?\s*"
    r"(?P<wid>[A-Za-z][-_A-Za-z0-9]{5,19}|[0-9]{5,20})(?![-_A-Za-z0-9])"
)
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][\s·・.]?[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]{1,2}(?![A-Za-z0-9])"
)
# Words of a status residents are not to be singled out by (最低生活保障, disability,
# minors, …), a room or house number, and a name-like word: together, a warning.
STATUS_WORDS = (
    "低保", "特困", "五保", "残疾", "残障", "未成年", "孤儿", "留守儿童", "事实无人抚养",
    "精神病", "精神障碍", "艾滋", "吸毒", "刑满释放", "社区矫正", "失独", "重病", "患癌",
)  # fmt: skip
_STATUS = re.compile("|".join(STATUS_WORDS))
_ROOM = re.compile(
    r"\d+\s*(?:号楼|栋|幢|号院)\s*\d*\s*(?:单元)?\s*\d+\s*(?:室|号)?"
    r"|\d+\s*-\s*\d+\s*-\s*\d+|\d{3,4}\s*室|\d+\s*组\s*\d+\s*号|\d+\s*号(?:户|房)"
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
_NAME = re.compile(
    f"[{_SURNAMES}](?:某某?|[\u4e00-\u9fff]{{1,2}}(?=[，,。、\\s（(：:]|$|(?:家|户|老人|同志|大爷|大妈|阿姨)))"
)
# How far apart (characters) a status word, a room number and a name may be.
STATUS_WINDOW = 40


@dataclass(frozen=True)
class PersonalHint:
    kind: str  # "im", "plate" or "status"
    start: int
    found: str  # what to show (masked where it is an id)

    @property
    def code(self) -> str:
        return {"im": "personal-im-id", "plate": "personal-plate", "status": "personal-status"}[
            self.kind
        ]


def find_personal_hints(text: str) -> list[PersonalHint]:
    """QQ and WeChat ids written after their word, licence plates, and a sensitive
    status word within ``STATUS_WINDOW`` characters of both a room number and a name."""
    found: list[PersonalHint] = []
    for m in _IM_ID.finditer(text):
        word, value = (
            (m.group("word"), m.group("id"))
            if m.group("id")
            else (m.group("wword"), m.group("wid"))
        )
        shown = value[:2] + "*" * max(len(value) - 4, 1) + value[-2:]
        found.append(PersonalHint("im", m.start(), f"{word} {shown}"))
    for m in _PLATE.finditer(text):
        plate = m.group()
        found.append(PersonalHint("plate", m.start(), plate[:2] + "***" + plate[-1]))
    for m in _STATUS.finditer(text):
        lo, hi = max(0, m.start() - STATUS_WINDOW), m.end() + STATUS_WINDOW
        window = text[lo:hi]
        if "\n\n" in window:  # stay in the paragraph
            before, cut, _rest = text[lo : m.start()].rpartition("\n\n")
            lo = lo + len(before) + 2 if cut else lo
            end = text.find("\n\n", m.end(), hi)
            hi = end if end >= 0 else hi
            window = text[lo:hi]
        if _ROOM.search(window) and _NAME.search(window):
            found.append(PersonalHint("status", m.start(), m.group()))
    return sorted(found, key=lambda h: h.start)


def file_hints(source: SourceFile) -> Iterator[Finding]:
    """Warnings for one file's raw text."""
    if source.text is None:
        return
    for hint in find_personal_hints(source.text):
        line, column = line_and_column(source.text, hint.start)
        yield source_finding(hint.code, source, line, column, found=hint.found)


def check(analysis: Analysis) -> Iterable[Finding]:
    """``personal-id`` / ``personal-mobile`` in every file that could be read as text,
    and in the text its Markdown (case body, community description) renders to."""
    office = analysis.config.office_numbers
    for source in analysis.project.files:
        yield from scanned(source, "personal", lambda s: file_numbers(s, office))
        yield from scanned(source, "personal-hints", file_hints)
    sources = {str(source.path): source for source in analysis.project.files}
    for community in analysis.communities:
        source = sources.get(str(community.source.path))
        if source is not None and community.description:
            yield from scanned(
                source,
                "personal-rendered",
                lambda s, t=community.description: rendered_numbers(s, t, office),
            )
        for case in community.cases:
            source = sources.get(str(case.source.path))
            if source is not None and case.body:
                yield from scanned(
                    source,
                    "personal-rendered",
                    lambda s, t=case.body: rendered_numbers(s, t, office),
                )


# A digit beside what rendering removes or turns into a gap (emphasis, tags, entities,
# %-escapes, code, table bars, brackets, soft hyphens), or a line break between digits.
_MARKUP_NEAR = r"[*_`<>&#;%|\[\]\\~^=!\u00ad]"
_SPLIT_BY_MARKUP = re.compile(
    rf"\d[ \t]*{_MARKUP_NEAR}|{_MARKUP_NEAR}[ \t]*\d|\d[ \t]*\r?\n[ \t>]*\d"
)


def rendered_numbers(
    source: SourceFile, markdown_text: str, office_numbers: Iterable[str]
) -> Iterator[Finding]:
    """The numbers a reader sees once ``markdown_text`` (from ``source``) is rendered as
    the site renders it (``138**1234**5678``, entities, comments, table cells, ``tel:``
    links with encoded digits), that the raw text does not show whole already; each at
    the line where its digits start in the file."""
    from generator.check.rules.markup import find_too_complex
    from generator.site.sanitize import render_markdown
    from generator.source.textview import html_text

    if source.text is None or not _ANY_DIGIT.search(markdown_text):
        return
    if find_too_complex(markdown_text):
        return  # not rendered (markup-too-complex): the raw scan is all there is
    if not _SPLIT_BY_MARKUP.search(markdown_text):
        return  # no digit touches markup or a line break: rendering joins none
    shown = html_text(render_markdown(markdown_text))
    raw = {(n.kind, n.text) for n in find_personal_numbers(source.text, office_numbers)}
    seen: set[tuple[str, str]] = set()
    for number in find_personal_numbers(shown, office_numbers):
        if (number.kind, number.text) in raw | seen:
            continue
        seen.add((number.kind, number.text))
        offset = digits_offset(source.text, number)
        line, column = line_and_column(source.text, offset if offset is not None else 0)
        yield source_finding(number.code, source, line, column, masked=number.masked)


def digit_stream(text: str) -> tuple[str, list[int]]:
    """The digits ``text`` shows once HTML entities and %-escapes are decoded (digits
    of any script as ASCII; ``X`` kept, for ID numbers), each with its offset in
    ``text``: where a number a page shows whole came from in a file that splits it."""
    from generator.check.rules.markup import decode_entities

    decoded = decode_entities(text)
    shown = decoded.text
    digits: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(shown):
        ch = shown[i]
        if ch == "%" and shown[i + 1 : i + 2] == "3" and shown[i + 2 : i + 3].isdigit():
            digits.append(shown[i + 2])
            origin.append(decoded.source_offset(i))
            i += 3
            continue
        if ch in "xX":
            digits.append("X")
            origin.append(decoded.source_offset(i))
        elif ch.isdigit():
            value = unicodedata.decimal(ch, None)
            if value is not None:
                digits.append(str(value))
                origin.append(decoded.source_offset(i))
        i += 1
    return "".join(digits), origin


def digits_offset(
    text: str, number: PersonalNumber, stream: tuple[str, list[int]] | None = None
) -> int | None:
    """Where in ``text`` the digits of ``number`` start (``digit_stream``), or None."""
    digits, origin = stream if stream is not None else digit_stream(text)
    if number.kind == "id":
        at = digits.find(number.text.upper())
        return origin[at] if at >= 0 else None
    kept = [i for i, ch in enumerate(digits) if ch != "X"]
    at = "".join(digits[i] for i in kept).find(number.text)
    return origin[kept[at]] if at >= 0 else None


def file_numbers(source: SourceFile, office_numbers: Iterable[str]) -> Iterator[Finding]:
    """Findings for one file's raw text."""
    if source.text is None:
        return
    for number in find_personal_numbers(source.text, office_numbers):
        line, column = line_and_column(source.text, number.start)
        yield source_finding(number.code, source, line, column, masked=number.masked)
