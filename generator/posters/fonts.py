"""Finding a font with Chinese glyphs for the posters.

Order: the ``posters.font`` setting of site_config.yml, then fontconfig, then the
usual Windows, macOS and Linux locations. Every candidate is checked for real CJK
glyphs, because ``fc-match :lang=zh-cn`` silently answers with a Latin font when no
CJK font is installed, and Pillow then draws empty boxes (tofu).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EXIT_FINDINGS, UserError
from generator.messages import posters as words

# Characters every poster needs; a font must draw each as a real glyph.
PROBE_TEXT = words.FONT_PROBE
# A code point no font maps: what the font draws for a missing glyph (.notdef).
_MISSING = "\U0010fffd"

# Well-known files, regular face first; (path, face index inside a .ttc).
KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    # Windows: 微软雅黑 ships with every Chinese Windows since Vista.
    (r"C:\Windows\Fonts\msyh.ttc", 0),
    (r"C:\Windows\Fonts\msyh.ttf", 0),
    (r"C:\Windows\Fonts\simhei.ttf", 0),
    (r"C:\Windows\Fonts\simsun.ttc", 0),
    # macOS
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    # Linux: in Noto Sans CJK .ttc files, index 2 is Simplified Chinese (SC).
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
)

# A bold face beside a regular one: file-name substitutions tried in order.
_BOLD_NAMES = (("Regular", "Bold"), ("-Light", "-Bold"), ("msyh.", "msyhbd."), ("Light", "Medium"))

INSTALL_HELP = words.INSTALL_FONT


class FontNotFound(UserError):
    """No usable CJK font; ``str(err)`` says in Chinese how to install one."""

    exit_code = EXIT_FINDINGS


@dataclass(frozen=True)
class FontFace:
    """One face of a font file: ``index`` selects the face inside a .ttc collection."""

    path: str
    index: int = 0

    def identity(self) -> str:
        """Path, face, size and modification time: changes when the file is replaced."""
        try:
            st = os.stat(self.path)
            return f"{self.path}#{self.index}:{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            return f"{self.path}#{self.index}:missing"


@dataclass(frozen=True)
class FontSet:
    """The faces a poster uses: body text and bold (the same face when no bold exists)."""

    regular: FontFace
    bold: FontFace

    def identity(self) -> str:
        return self.regular.identity() + "|" + self.bold.identity()


def has_cjk_glyphs(face: FontFace, probe: str = PROBE_TEXT) -> bool:
    """True when the face draws every probe character as a real glyph, not .notdef."""
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(face.path, 48, index=face.index)
    except (OSError, ValueError):
        return False
    missing = bytes(font.getmask(_MISSING))
    for char in probe:
        mask = font.getmask(char)
        if mask.getbbox() is None or bytes(mask) == missing:
            return False
    return True


def fontconfig_candidates() -> list[FontFace]:
    """What fontconfig offers for Simplified Chinese (best match first); [] without it."""
    if shutil.which("fc-match") is None:
        return []
    out: list[FontFace] = []
    commands = (
        ["fc-match", "-f", "%{file}:%{index}\n", ":lang=zh-cn"],
        ["fc-list", "-f", "%{file}:%{index}\n", ":lang=zh"],
    )
    for command in commands:
        try:
            text = subprocess.run(
                command, capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        out.extend(_parse_fc_lines(text))
    return out


def _parse_fc_lines(text: str) -> Iterator[FontFace]:
    for line in text.splitlines():
        path, sep, index = line.strip().rpartition(":")
        if sep and path and index.isdigit():
            yield FontFace(path, int(index))


def known_candidates() -> list[FontFace]:
    """The well-known locations that exist on this machine."""
    return [FontFace(path, index) for path, index in KNOWN_FONTS if os.path.isfile(path)]


def _dedupe(faces: Iterable[FontFace]) -> Iterator[FontFace]:
    seen: set[FontFace] = set()
    for face in faces:
        if face not in seen:
            seen.add(face)
            yield face


def _prefer_sc(faces: list[FontFace]) -> list[FontFace]:
    """fc-list lists a .ttc's faces in any order; for Noto CJK put index 2 (SC) first,
    and regular weights before others, so the choice does not depend on fc-list order."""

    def rank(face: FontFace) -> tuple[int, int]:
        name = Path(face.path).name
        noto_sc = 0 if ("NotoSansCJK" in name or "NotoSerifCJK" in name) and face.index == 2 else 1
        regular = 0 if "Regular" in name or "Bold" not in name else 1
        return (regular, noto_sc)

    return faces[:1] + sorted(faces[1:], key=rank)


def find_bold(regular: FontFace) -> FontFace:
    """A bold face of the same family when one sits beside the regular file; else regular."""
    name = Path(regular.path).name
    for old, new in _BOLD_NAMES:
        if old in name:
            candidate = FontFace(
                str(Path(regular.path).with_name(name.replace(old, new))), regular.index
            )
            if os.path.isfile(candidate.path) and has_cjk_glyphs(candidate):
                return candidate
    return regular


def find_cjk_font(
    font: str | None = None,
    font_index: int | None = None,
    *,
    root: Path | None = None,
) -> FontSet:
    """The poster fonts: the configured file if given (it must have CJK glyphs), else
    the first fontconfig or well-known font that has them. Raises ``FontNotFound``.

    ``root`` resolves a relative configured path (the project folder).
    """
    fonts, problem = locate_cjk_font(font, font_index, root=root)
    if fonts is None:
        raise FontNotFound(problem)
    return fonts


def locate_cjk_font(
    font: str | None = None,
    font_index: int | None = None,
    *,
    root: Path | None = None,
) -> tuple[FontSet | None, str]:
    """``find_cjk_font`` without raising: (the fonts, "") or (None, why not)."""
    if font:
        path = Path(font).expanduser()
        if not path.is_absolute() and root is not None:
            path = root / path
        face = FontFace(str(path), font_index or 0)
        if not path.is_file():
            return None, words.FONT_FILE_MISSING.format(path=path) + INSTALL_HELP
        if not has_cjk_glyphs(face):
            return None, (
                words.FONT_WITHOUT_CHINESE.format(path=path, index=face.index) + INSTALL_HELP
            )
        return FontSet(face, find_bold(face)), ""
    for face in _dedupe(_prefer_sc(fontconfig_candidates()) + known_candidates()):
        if has_cjk_glyphs(face):
            return FontSet(face, find_bold(face)), ""
    return None, INSTALL_HELP
