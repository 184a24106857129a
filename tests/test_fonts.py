"""Finding a CJK font, and refusing fonts that would print tofu boxes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.posters import fonts
from generator.posters.fonts import FontFace, FontNotFound, find_cjk_font, has_cjk_glyphs

# A font without Chinese glyphs (Debian's fonts-dejavu-core; scripts/dev.sh installs it).
LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def latin() -> Path:
    if not LATIN.is_file():
        pytest.fail(f"{LATIN} is missing: apt-get install fonts-dejavu-core", pytrace=False)
    return LATIN


def test_finds_a_font_with_chinese_glyphs() -> None:
    found = find_cjk_font()
    assert has_cjk_glyphs(found.regular)
    assert has_cjk_glyphs(found.bold)


def test_a_latin_font_is_not_taken_for_a_cjk_one(latin: Path) -> None:
    assert not has_cjk_glyphs(FontFace(str(latin)))


def test_fontconfig_answering_with_a_latin_font_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch, latin: Path
) -> None:
    monkeypatch.setattr(fonts, "fontconfig_candidates", lambda: [FontFace(str(latin))])
    monkeypatch.setattr(fonts, "known_candidates", lambda: [])
    with pytest.raises(FontNotFound) as err:
        find_cjk_font()
    message = str(err.value)
    assert "apt-get install fonts-noto-cjk" in message
    assert "微软雅黑" in message and "posters:" in message


def test_no_font_at_all_gives_install_instructions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "fontconfig_candidates", lambda: [])
    monkeypatch.setattr(fonts, "known_candidates", lambda: [])
    with pytest.raises(FontNotFound, match="fonts-noto-cjk"):
        find_cjk_font()


def test_configured_font_missing_or_latin_is_a_clear_error(tmp_path: Path, latin: Path) -> None:
    with pytest.raises(FontNotFound, match="不存在"):
        find_cjk_font(str(tmp_path / "none.ttf"))
    with pytest.raises(FontNotFound, match="不含中文字形"):
        find_cjk_font(str(latin))


def test_configured_font_wins_and_relative_paths_use_the_project(tmp_path: Path) -> None:
    found = find_cjk_font()
    (tmp_path / "fonts").mkdir()
    link = tmp_path / "fonts" / Path(found.regular.path).name
    link.symlink_to(found.regular.path)
    chosen = find_cjk_font(f"fonts/{link.name}", found.regular.index, root=tmp_path)
    assert chosen.regular == FontFace(str(link), found.regular.index)


def test_fc_output_parsing() -> None:
    text = "/a/b/NotoSansCJK-Regular.ttc:2\n/c/d e/f.ttf:0\ngarbage\n"
    assert list(fonts._parse_fc_lines(text)) == [
        FontFace("/a/b/NotoSansCJK-Regular.ttc", 2),
        FontFace("/c/d e/f.ttf", 0),
    ]


def test_identity_changes_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "f.ttf"
    path.write_bytes(b"1")
    before = FontFace(str(path)).identity()
    path.write_bytes(b"22")
    assert FontFace(str(path)).identity() != before
