"""Personal numbers (PIPL): a mobile number or a resident ID number anywhere in a
community or case file — keys, values, comments and the Markdown body — including
files that failed to load. Numbers listed in ``site_config.yml: office_numbers``
are published office numbers and allowed.

FORMAT.md: a mobile number is ``(?<!\\d)1[3-9]\\d{9}(?!\\d)``; an ID number is
``(?<![\\dXx])\\d{17}[\\dXx](?![\\dXx])`` with a valid check digit (GB 11643); an ID
match hides any mobile match inside it.
"""

from __future__ import annotations

import re
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


def find_personal_numbers(text: str, office_numbers: Iterable[str] = ()) -> list[PersonalNumber]:
    """Every ID number (checksum valid) and mobile number in ``text``, in order."""
    allowed = {_digits(n) for n in office_numbers if _digits(n)}
    found: list[PersonalNumber] = []
    id_spans: list[tuple[int, int]] = []
    for m in ID_NUMBER.finditer(text):
        if id_checksum_ok(m.group()):
            found.append(PersonalNumber("id", m.start(), m.group()))
            id_spans.append(m.span())
    for m in MOBILE.finditer(text):
        if m.group() in allowed:
            continue
        if any(start <= m.start() and m.end() <= end for start, end in id_spans):
            continue
        found.append(PersonalNumber("mobile", m.start(), m.group()))
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
