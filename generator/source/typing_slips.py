"""Typing slips that break YAML for people typing Chinese (a full-width colon or space,
a Tab, no space after a colon), each found at the line typed, before the YAML parser
reads the file and gives a vaguer error further on."""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.source.textfile import YamlProblem

_KEY = r"[A-Za-z_][A-Za-z0-9_.]*"
_FULLWIDTH_COLON = re.compile(
    rf"^(?P<lead>[ \t\u3000]*(?:-[ \t\u3000]+)?)(?P<key>{_KEY})[ \u3000]*(?P<colon>\uff1a)"
)
_NO_SPACE_AFTER_COLON = re.compile(
    rf"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>{_KEY}):(?P<after>[^\s:/\\])"
)
_FULLWIDTH_SPACE_INDENT = re.compile(
    rf"^(?P<lead>[ \t]*)\u3000+[ \t\u3000]*(?:-|{_KEY}[ \u3000]*[:\uff1a])"
)
_FULLWIDTH_SPACE_AFTER = re.compile(rf"^(?P<lead>[ \t]*(?:-[ \t]+)?{_KEY}:)\u3000")
_FULLWIDTH_SPACE_DASH = re.compile(r"^(?P<lead>[ \t]*)-\u3000")
_TAB_INDENT = re.compile(r"^(?P<lead> *)\t")


def typing_mistakes(text: str, known_keys: Iterable[str], first_line: int = 1) -> list[YamlProblem]:
    """Find the typing slips that break YAML for Chinese typists, at the line typed.

    Only lines that start with a known field name (or a list dash) are judged, so
    Chinese prose inside a value (which may well contain "：" or "　") is left alone.
    """
    known = set(known_keys)
    problems: list[YamlProblem] = []
    for offset, line in enumerate(text.split("\n")):
        lineno = first_line + offset
        m = _FULLWIDTH_COLON.match(line)
        if m and m.group("key").split(".")[0] in known:
            problems.append(
                YamlProblem("fullwidth-colon", lineno, m.start("colon") + 1, key=m.group("key"))
            )
            continue
        m = _FULLWIDTH_SPACE_INDENT.match(line) or _FULLWIDTH_SPACE_DASH.match(line)
        if m:
            problems.append(YamlProblem("fullwidth-space", lineno, len(m.group("lead")) + 1))
            continue
        m = _FULLWIDTH_SPACE_AFTER.match(line)
        if m and m.group("lead").lstrip(" \t-").rstrip(":") in known:
            problems.append(YamlProblem("fullwidth-space", lineno, len(m.group("lead")) + 1))
            continue
        m = _TAB_INDENT.match(line)
        if m and line.strip():
            problems.append(YamlProblem("tab-indent", lineno, len(m.group("lead")) + 1))
            continue
        m = _NO_SPACE_AFTER_COLON.match(line)
        if m and m.group("key") in known:
            problems.append(
                YamlProblem("colon-no-space", lineno, m.start("after"), key=m.group("key"))
            )
    return problems
