"""Characters a poster cannot print: a printed name must never lose a character.

Every text a poster shows (``posters.content``: the same specs the posters are drawn
from, without the public warnings, which are the program's own words) is compared
with the characters the poster fonts have (``fonts.find_cjk_font``, regular and bold:
titles are bold). A character neither has (a rare name in CJK Extension B such as 𠀀
or 𪚥, Mongolian, Tibetan script) would print as an empty box or nothing: an error
``poster-missing-glyph`` at the first line of the clerk's file that holds it (the
case file, else community.yml), naming the characters. The site itself is not
affected (browsers find a font), but posters are built with the site.

When no CJK font is installed at all this rule says nothing: the posters' own error
(how to install one) is the one to fix first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.atomic import write_atomic
from generator.check.rules.common import line_and_column, source_finding
from generator.findings import Finding
from generator.messages import checks as words
from generator.posters.fonts import FontFace, FontSet, locate_cjk_font

if TYPE_CHECKING:
    from generator.check.analysis import Analysis
    from generator.model.load import SourceFile
    from generator.posters.content import PosterSpec
    from generator.source.config import SiteConfig


# Where the poster fonts and the characters they have are remembered: finding the font
# asks fontconfig (0.3 s) and reading a CJK collection's character map takes about 2 s,
# paid once per machine and font, not on every ``check``.
FONT_CACHE = Path(".cache") / "fonts"
_FONTCONFIG_CACHES = ("/var/cache/fontconfig", "~/.cache/fontconfig", "~/.fontconfig")


def _fonts_state() -> str:
    """Changes when fonts are installed or removed (fontconfig rewrites its caches)."""
    parts = []
    for folder in _FONTCONFIG_CACHES:
        try:
            parts.append(f"{folder}:{os.stat(os.path.expanduser(folder)).st_mtime_ns}")
        except OSError:
            continue
    return "|".join(parts)


@dataclass(frozen=True)
class Coverage:
    """The poster fonts and a bitmap of the code points both faces have."""

    fonts: FontSet | None
    bits: bytes

    def has(self, ch: str) -> bool:
        code = ord(ch)
        byte = code >> 3
        return byte < len(self.bits) and bool(self.bits[byte] & (1 << (code & 7)))


def coverage(config: SiteConfig) -> Coverage:
    """The poster fonts (None when no CJK font is installed: nothing is compared) and
    what they can print: remembered in this process (for every project using the same
    fonts) and in the project's ``FONT_CACHE``, while fonts and settings are unchanged."""
    font, index, root = config.posters.font, config.posters.font_index, config.root
    relative = bool(font) and not Path(font).expanduser().is_absolute()
    memo = (font, index, str(root) if relative else "", _fonts_state(), _RECIPE)
    if memo not in _MEMO:
        _MEMO[memo] = _coverage(font, index, root, repr(memo))
    return _MEMO[memo]


_MEMO: dict[tuple[object, ...], Coverage] = {}


def _coverage(font: str | None, index: int | None, root: Path, key: str) -> Coverage:
    digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    cached = root / FONT_CACHE / f"{digest}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data["fonts"] is None:
            return Coverage(None, b"")
        fonts = FontSet(FontFace(*data["fonts"][0]), FontFace(*data["fonts"][1]))
        if fonts.identity() == data["identity"]:
            return Coverage(fonts, zlib.decompress(bytes.fromhex(data["bits"])))
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        pass
    fonts, _problem = locate_cjk_font(font, index, root=root)
    if fonts is None:
        return Coverage(None, b"")  # not remembered: the posters' error says to install one
    bits = bytearray(0x110000 // 8)
    for code in _characters(fonts):
        bits[code >> 3] |= 1 << (code & 7)
    record = {
        "fonts": [[fonts.regular.path, fonts.regular.index], [fonts.bold.path, fonts.bold.index]],
        "identity": fonts.identity(),
        "bits": zlib.compress(bytes(bits)).hex(),
    }
    with contextlib.suppress(OSError):
        write_atomic(cached, json.dumps(record).encode("utf-8"))
    return Coverage(fonts, bytes(bits))


_RECIPE = "glyphs-v1"


def fonts_key(config: SiteConfig) -> str:
    """Which fonts this rule compares with (part of ``check``'s cache key: installing
    a font changes its findings)."""
    fonts = coverage(config).fonts
    return fonts.identity() if fonts is not None else ""


def check(analysis: Analysis) -> Iterable[Finding]:
    covered = coverage(analysis.config)
    if covered.fonts is None:
        return []
    sources = {source.path: source for source in analysis.project.files}
    findings: list[Finding] = []
    judged: set[str] = set()  # every character judged so far (a few thousand)
    unprintable: set[str] = set()  # those of them drawn without a glyph in the fonts
    for spec, paths in _specs(analysis):
        chars = _printed(spec)
        for ch in chars - judged:
            if _drawn(ch) and not covered.has(ch):
                unprintable.add(ch)
        judged |= chars
        missing = sorted(chars & unprintable)
        if missing:
            findings += _located(missing, [sources[p] for p in paths if p in sources])
    # One finding per place, even when several posters (a case's and its community's)
    # print the same character.
    unique: dict[tuple[str, int, int, str], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.path, finding.line, finding.column, finding.message), finding)
    return list(unique.values())


def _specs(analysis: Analysis) -> Iterator[tuple[PosterSpec, list[Path]]]:
    """Every poster's spec, with the files its text comes from (most likely first)."""
    from generator.posters.content import todays_spec, worth_posting

    today = analysis.today
    for community in analysis.communities:
        current = [c for c in community.cases if worth_posting(c, today)]
        yield todays_spec(analysis, community), [community.source.path, *(c.path for c in current)]
        for case in community.cases:
            yield todays_spec(analysis, community, case), [case.path, community.source.path]


def _printed(spec: PosterSpec) -> set[str]:
    """Every character a poster prints (``check`` judges each once: ``_drawn``)."""
    texts: list[str] = []
    for value in spec.plain().values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple):
            for item in value:
                texts += [
                    v
                    for v in (item.values() if isinstance(item, dict) else [item])
                    if isinstance(v, str)
                ]
    return set().union(*texts)


def _drawn(ch: str) -> bool:
    """Whether a character needs a glyph: not a space, a control or format character
    (zero-width and direction marks are ``invisible-character``'s concern) or a
    variation selector."""
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return False
    code = ord(ch)
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def _located(missing: list[str], files: list[SourceFile]) -> Iterator[Finding]:
    """For each file in order, the characters first found in it, one finding at the
    first line holding one of them; characters found in no file go to the first file."""
    left = list(missing)
    for source in files:
        text = source.text or ""
        here = [ch for ch in left if ch in text]
        if not here:
            continue
        offset = min(text.index(ch) for ch in here)
        line, column = line_and_column(text, offset)
        yield source_finding("poster-missing-glyph", source, line, column, chars=_shown(here))
        left = [ch for ch in left if ch not in here]
    if left and files:
        yield source_finding("poster-missing-glyph", files[0], 1, 1, chars=_shown(left))


def _shown(chars: list[str]) -> str:
    return words.SEPARATOR.join(words.GLYPH.format(char=ch, code=ord(ch)) for ch in chars)


def _characters(fonts: FontSet) -> frozenset[int]:
    """The code points both poster faces map to a glyph."""
    from fontTools.ttLib import TTFont

    covered: frozenset[int] | None = None
    for face in {fonts.regular, fonts.bold}:
        cmap = TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap() or {}
        covered = frozenset(cmap) if covered is None else covered & frozenset(cmap)
    return covered or frozenset()
