"""Personal numbers (PIPL): a mobile number or a resident ID number anywhere in a
community or case file — keys, values, comments and the Markdown body — including
files that failed to load. Numbers listed in ``site_config.yml: office_numbers``
are published office numbers and allowed.

Numbers are matched as people type them, not only as bare digits (FORMAT.md's
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

Limits (documented in docs/guide/codes.md): numbers written in Chinese numerals
(一三八…), split by other characters (letters, brackets, line breaks in the body),
or by more than three separators are not recognised; landlines are not personal
numbers and are not checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.findings import Finding, make

if TYPE_CHECKING:
    from generator.analysis import Analysis
    from generator.load import SourceFile

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"


@dataclass(frozen=True)
class PersonalNumber:
    kind: str  # "id" or "mobile"
    start: int  # offset in the text
    text: str

    @property
    def masked(self) -> str:
        """Enough to find it in the file, not enough to publish it again."""
        if self.kind == "id":
            return self.text[:6] + "*" * 8 + self.text[-4:]
        return self.text[:3] + "****" + self.text[-4:]


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


def normalize_for_numbers(text: str) -> tuple[str, list[int]]:
    """``text`` as number matching sees it, and each character's offset in ``text``.

    Digits of every script to ASCII, spaces to " ", dashes to "-", dots to ".",
    X to "X"; zero-width and other format characters dropped.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            mapped = "X" if ch == "x" else ch
        else:
            category = unicodedata.category(ch)
            if category == "Cf":
                continue
            if category == "Nd":
                mapped = str(unicodedata.decimal(ch))
            elif ch.isspace() or category == "Zs":
                mapped = " "
            elif ch in _DASHES or category == "Pd":
                mapped = "-"
            elif ch in _DOTS:
                mapped = "."
            elif ch in "\uff38\uff58":  # full-width X, x
                mapped = "X"
            else:
                mapped = ch
        out.append(mapped)
        origin.append(i)
    return "".join(out), origin


# A digit group; an X may end one (an ID number's check character).
_GROUP = re.compile(r"\d+(?:X(?![A-Za-z]))?")
# What may join two groups of one number: 1-3 spaces, dashes or dots (not a line break).
_JOIN = re.compile(r"[ \t.\-]{1,3}")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def _chains(normal: str) -> list[list[re.Match[str]]]:
    """Runs of digit groups joined only by separators."""
    chains: list[list[re.Match[str]]] = []
    for m in _GROUP.finditer(normal):
        if chains:
            last = chains[-1][-1]
            gap = normal[last.end() : m.start()]
            if not last.group().endswith("X") and _JOIN.fullmatch(gap):
                chains[-1].append(m)
                continue
        chains.append([m])
    return chains


def find_personal_numbers(text: str, office_numbers: Iterable[str] = ()) -> list[PersonalNumber]:
    """Every ID number (checksum valid) and mobile number in ``text`` as people type
    them, in order; ``start`` is the offset in ``text``, ``text`` the digits."""
    allowed = {_digits(n) for n in office_numbers if _digits(n)}
    allowed |= {d[2:] for d in allowed if len(d) == 13 and d.startswith("86")}
    normal, origin = normalize_for_numbers(text)
    found: list[PersonalNumber] = []
    for chain in _chains(normal):
        used = [False] * len(chain)
        # ID numbers first: an ID hides the mobile-like digits inside it.
        for kind in ("id", "mobile"):
            i = 0
            while i < len(chain):
                match = None
                digits = ""
                for j in range(i, len(chain)):
                    if used[j]:
                        break
                    digits += chain[j].group()
                    if len(digits) > 18:
                        break
                    if kind == "id" and len(digits) == 18 and id_checksum_ok(digits):
                        match = (j, digits.upper())
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
                    found.append(PersonalNumber(kind, origin[chain[i].start()], number))
                i = j + 1
    return sorted(found, key=lambda n: n.start)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check(analysis: Analysis) -> Iterable[Finding]:
    """``personal-id`` / ``personal-mobile`` in every file that could be read as text."""
    office = analysis.config.office_numbers
    for source in analysis.project.files:
        yield from file_numbers(source, office)


def file_numbers(source: SourceFile, office_numbers: Iterable[str]) -> Iterator[Finding]:
    """Findings for one file's raw text."""
    if source.text is None:
        return
    for number in find_personal_numbers(source.text, office_numbers):
        line, column = line_and_column(source.text, number.start)
        yield make(
            "personal-id" if number.kind == "id" else "personal-mobile",
            source.path,
            line,
            column,
            community=source.community,
            case=source.case,
            masked=number.masked,
        )
