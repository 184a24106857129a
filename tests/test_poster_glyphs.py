"""A poster never loses a character silently (issue 20, item 12): a character the
poster fonts lack (a CJK Extension B name, Mongolian, Tibetan) is an error at the
line that holds it, and the build stops before any poster or page is written; the
characters the fonts have are all in the PDF's text."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import TempProject, cli_build

from generator.check.rules import glyphs
from generator.source.settings import load_config

RARE = "𠀀𪚥"  # CJK Extension B: not in Noto Sans CJK
MONGOLIAN = "ᠮᠣᠩᠭᠣᠯ"
TIBETAN = "བོད"


def _build(root: Path, site: Path) -> object:
    return cli_build(root, site, posters=True)


def test_the_fonts_really_lack_the_characters(project: TempProject) -> None:
    glyphs._MEMO.clear()  # read the fonts, and remember them in the project's cache
    covered = glyphs.coverage(load_config(project.root))
    assert covered.fonts is not None
    for ch in RARE + MONGOLIAN + TIBETAN:
        assert not covered.has(ch), ch
    assert covered.has("电") and covered.has("䶮")
    assert list((project.root / ".cache" / "fonts").glob("*.json"))


def test_a_character_the_poster_font_lacks_is_an_error_at_its_line(
    project: TempProject, tmp_path: Path
) -> None:
    title = f"关于{RARE}家门前{MONGOLIAN}{TIBETAN}路灯的协商"
    case = project.case_with(("title: 关于3号楼加装电梯的协商", f"title: {title}"))
    status, found = project.check_json()
    glyphs = [f for f in found if f["code"] == "poster-missing-glyph"]
    assert status == 1
    assert [(Path(f["path"]).name, f["line"], f["column"]) for f in glyphs] == [
        (case.name, 2, 10)
    ], glyphs
    for ch in RARE + MONGOLIAN + TIBETAN:
        assert f"U+{ord(ch):04X}" in glyphs[0]["message"], ch
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code != 0 and "poster-missing-glyph" in result.output
    assert not site.exists()


def test_a_rare_name_in_community_yml_is_found_there(project: TempProject) -> None:
    project.community_with(("name: 西关社区", f"name: 西关{RARE}社区"))
    _status, found = project.check_json()
    glyphs = [
        (Path(f["path"]).name, f["line"]) for f in found if f["code"] == "poster-missing-glyph"
    ]
    assert glyphs == [("community.yml", 1)], found


def test_every_character_the_fonts_have_is_printed(project: TempProject, tmp_path: Path) -> None:
    title = "关于喆䶮㵘家门前路灯的协商"  # rare, but in the fonts (䶮, 㵘: Extension A)
    project.case_with(("title: 关于3号楼加装电梯的协商", f"title: {title}"))
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code == 0, result.output
    pdf = site / "posters" / "xiguan" / "2026-02.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "喆䶮㵘" in text.replace("\n", "").replace(" ", ""), text
