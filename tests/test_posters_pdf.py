"""The PDF writer's font embedding: each document embeds the font subset made for
it byte for byte (fpdf2 does not subset it again), and that subset holds exactly
the characters the document prints in that face.

``generator/posters/pdf.py`` reaches into fpdf2's output code for this; these tests
fail when an fpdf2 upgrade changes that code, rather than letting PDFs silently
come out different or slow."""

from __future__ import annotations

import io
from importlib.metadata import version
from pathlib import Path

import fpdf.output
import pytest
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator.posters.fontfile import subset_truetype
from generator.posters.fonts import find_cjk_font
from generator.posters.page import Page, QrOp, TextOp
from generator.posters.pdf import pdf_document
from generator.posters.render import pdf_fonts

ROOT = Path(__file__).resolve().parent.parent


def _page() -> Page:
    page = Page(width=2480, height=3508, dpi=300, points=(595.28, 841.89), title="t")
    page.ops += [
        TextOp(150, 400, 200, True, 0, "协商结果公示"),
        TextOp(150, 700, 80, False, 0, "议题：楼道照明改造 No.3"),
        TextOp(150, 900, 80, False, 90, "版本 3F7A"),
        QrOp(150, 1200, 20, ("1101", "0110", "1011", "0111")),
    ]
    return page


@pytest.fixture(scope="module")
def working(tmp_path_factory: pytest.TempPathFactory):
    chars = "".join(op.text for op in _page().texts())
    return pdf_fonts(find_cjk_font(), chars, tmp_path_factory.mktemp("fonts"))


def _embedded(pdf: bytes) -> dict[str, bytes]:
    """BaseFont name -> the embedded TrueType file, for each font of page 1."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    out = {}
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        out[str(font["/BaseFont"])] = data
    return out


def test_each_face_is_embedded_as_the_subset_made_for_the_document(working) -> None:
    page = _page()
    embedded = _embedded(pdf_document([page], working, title="t"))
    assert len(embedded) == 2, embedded.keys()
    by_face = {
        False: subset_truetype(
            working.regular, "".join(t.text for t in page.texts() if not t.bold)
        ),
        True: subset_truetype(working.bold, "".join(t.text for t in page.texts() if t.bold)),
    }
    assert sorted(embedded.values()) == sorted(by_face.values())  # byte for byte
    for bold, data in by_face.items():
        font = TTFont(io.BytesIO(data))
        printed = {ch for t in page.texts() if t.bold == bold for ch in t.text}
        assert {chr(c) for c in font.getBestCmap()} == printed
        assert font.getGlyphOrder()[0] == ".notdef"
        assert len(font.getGlyphOrder()) == len(printed) + 1
    for name in embedded:
        assert name.startswith("/MPDFAA+")  # marked as a subset (pdffonts: sub yes)


def test_fpdf2_is_the_version_the_embedding_hook_was_written_for() -> None:
    """The hook in pdf.py replaces ``fpdf.output.ftsubset`` while fpdf2 writes fonts.
    Upgrading fpdf2 means reading its ``OutputProducer._add_fonts`` again."""
    pinned = [
        line.strip().strip('",')
        for line in (ROOT / "pyproject.toml").read_text("utf-8").splitlines()
        if line.strip().startswith('"fpdf2==')
    ]
    assert pinned == [f"fpdf2=={version('fpdf2')}"]
    assert fpdf.output.ftsubset is ft_subset  # restored after every document


def test_a_document_fails_loudly_when_the_hook_does_not_engage(working, monkeypatch) -> None:
    """If fpdf2 stopped subsetting through ``fpdf.output.ftsubset``, the prepared font
    would be re-subset or saved anew: the writer must refuse, not go on quietly."""

    monkeypatch.setattr(fpdf.output, "ftsubset", type("Other", (), {})())
    with pytest.raises(RuntimeError, match="fpdf2"):
        pdf_document([_page()], working)


def test_qr_blocks_cover_exactly_the_dark_modules() -> None:
    from generator.posters.pdf import qr_blocks
    from generator.posters.qr import qr_matrix

    for address in ("https://xs.qinghe.example.cn/xiguan/2026-01/", "a.cn/1"):
        matrix = qr_matrix(address)
        rows = tuple("".join("1" if dark else "0" for dark in row) for row in matrix.rows)
        covered = [[0] * len(rows[0]) for _ in rows]
        blocks = qr_blocks(QrOp(0, 0, 1, rows))
        for row, col, length, height in blocks:
            for r in range(row, row + height):
                for c in range(col, col + length):
                    covered[r][c] += 1
        assert ["".join(str(v) for v in line) for line in covered] == list(rows)
        assert len(blocks) < len(QrOp(0, 0, 1, rows).runs())
