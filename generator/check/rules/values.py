"""Checks on what the YAML *means*, not only on what was typed.

``personal`` and ``markup`` scan a file's raw text. YAML escapes hide things from
them: ``"\\x3cimg src=x onerror=alert(1)\\x3e"``, ``"138\\u002D1234\\u002D5678"``, a
number split over two folded lines. This rule walks every parsed string value (after
decoding) of every file and runs the same detectors on it, reporting at the value's
line anything the raw scan did not already report. It also refuses invisible
characters in values and in case bodies (``invisible-character``): bidirectional
overrides (which make text display in another order than it reads), zero-width
characters (which hide inside names and numbers) and control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from generator.check.rules import markup, personal
from generator.check.rules.common import line_and_column, scanned, source_finding
from generator.findings import Finding, make
from generator.messages import checks as words
from generator.source.yamlsource import LazyDoc, Mark

if TYPE_CHECKING:
    from generator.check.analysis import Analysis
    from generator.model.load import SourceFile

# Characters that change how text is displayed without being seen.
_BIDI = {
    **{chr(c): words.BIDI_CONTROL for c in (0x061C, 0x200E, 0x200F)},
    **{chr(c): words.BIDI_CONTROL for c in range(0x202A, 0x202F)},
    **{chr(c): words.BIDI_CONTROL for c in range(0x2066, 0x206A)},
}
_ZERO_WIDTH = {
    **{chr(c): words.ZERO_WIDTH for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E, 0x00AD)},
    **{chr(c): words.ZERO_WIDTH for c in range(0x2061, 0x2065)},
}


def invisible(ch: str) -> str | None:
    """What kind of invisible character ``ch`` is (Chinese), or None when it is visible."""
    if ch in _BIDI:
        return _BIDI[ch]
    if ch in _ZERO_WIDTH:
        return _ZERO_WIDTH[ch]
    category = unicodedata.category(ch)
    if ch not in "\n\t" and category == "Cc":
        return words.CONTROL_CHARACTER
    if category == "Cs":
        return words.LONE_SURROGATE
    return None


_INVISIBLE = re.compile(
    "[" + "".join(sorted({*_BIDI, *_ZERO_WIDTH})) + "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
)


def find_invisible(text: str) -> list[tuple[int, str, str]]:
    """(offset, "U+XXXX", kind) of every invisible character in ``text``."""
    return [
        (m.start(), f"U+{ord(m.group()):04X}", invisible(m.group()) or words.CONTROL_CHARACTER)
        for m in _INVISIBLE.finditer(text)
    ]


# Every tag needs "<", every URL scheme ":" (or an entity, "&"), an attribute "=", a
# Markdown link or image "](" or "]:": a value with none of these holds no markup.
_MARKUP_CHARS = re.compile(r"[<&:=]|\]\s*[(:\[]")


def string_values(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every string in a parsed YAML value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _INVISIBLE.search(key):
                yield (*path, key), key  # a key is shown too (in findings, at least)
            yield from string_values(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_values(item, (*path, i))


def check(analysis: Analysis) -> Iterable[Finding]:
    office = analysis.config.office_numbers
    for source in analysis.project.files:
        yield from scanned(source, "values", lambda s: file_values(s, office))
        if isinstance(source.doc, LazyDoc):
            source.doc.release()  # parsed for this scan only: not every file's at once
    for case in analysis.cases:
        for offset, code_point, kind in find_invisible(case.body):
            line, column = line_and_column(case.body, offset)
            yield make(
                "invisible-character",
                case.path,
                case.body_first_line + line - 1,
                column,
                community=case.community_id,
                case=case.id,
                found=code_point,
                what=kind,
            )


def _anything(text: str, office_numbers: Iterable[str]) -> bool:
    """Whether any detector finds anything in ``text`` (a quick pass over a whole file)."""
    if _INVISIBLE.search(text) or personal.find_personal_numbers(text, office_numbers):
        return True
    if _MARKUP_CHARS.search(text):
        return bool(markup.find_unsafe_markup(text) or markup.find_remote_images(text))
    return False


def file_values(source: SourceFile, office_numbers: Iterable[str]) -> Iterator[Finding]:
    """Findings on one file's decoded values that its raw text did not already give."""
    if source.doc is None or source.text is None:
        return
    doc = source.doc
    values = list(string_values(doc.value))
    # One pass over all values joined by blank lines (which no detector reads across);
    # only a file where something turns up is looked at value by value.
    if not values or not _anything("\n\n".join(text for _, text in values), office_numbers):
        return
    raw_numbers = {n.text for n in personal.find_personal_numbers(source.text, office_numbers)}
    raw_markup = {m.what for m in markup.find_unsafe_markup(source.text)}
    raw_remote = {m.what for m in markup.find_remote_images(source.text)}

    def at(mark: Mark, code: str, **params: Any) -> Finding:
        return source_finding(code, source, mark.line, mark.column, **params)

    for path, text in values:
        mark = doc.at(*path)
        for number in personal.find_personal_numbers(text, office_numbers):
            if number.text not in raw_numbers:
                code = number.code
                yield at(mark, code, masked=number.masked)
        if _MARKUP_CHARS.search(text):  # markup and URLs need one of these characters
            for item in markup.find_unsafe_markup(text):
                if item.what not in raw_markup:
                    yield at(mark, "unsafe-markup", found=item.what)
            for item in markup.find_remote_images(text):
                if item.what not in raw_remote:
                    yield at(mark, "remote-image", found=item.what)
        seen: set[str] = set()
        for _offset, code_point, kind in find_invisible(text):
            if code_point not in seen:
                seen.add(code_point)
                yield at(mark, "invisible-character", found=code_point, what=kind)
