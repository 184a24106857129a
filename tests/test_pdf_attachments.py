"""PDF attachments are published with only their pages (issue 20, item 2): every
hidden payload gone (scripts, attached files, forms, XMP, a photo's EXIF/GPS inside
the PDF), and a personal number in the text layer (even under a drawn black box) or
in a scanned page (read by Tesseract) refuses the build, at the case file's line."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, TempProject, cli_build
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from generator.cli.commands import cli
from generator.source.pdfscan import pdf_texts

CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
MOBILE = "13812345678"
ID_NUMBER = "11010519491231002X"  # check digit valid (GB 11643)
# Markers of each payload: none may be found anywhere in the published file.
PAYLOADS = {
    "js link": "jslinkpayload",
    "launch": "launchcalcpayload",
    "open action": "openactionpayload",
    "document js": "namesjavascriptpayload",
    "embedded file": "embeddedresidentlist",
    "attached csv": "annotresidentlist",
    "xmp": "xmpcreatorzhangsan",
    "form": "formfieldvalue",
    "submit": "evilexamplecollect",
    "piece info": "pieceinfoprivate",
    "layer": "hiddenlayername",
    "exif in image": "GPSmakernotesecret",
    "comment in image": "jpegcommentsecret",
}
JPX_SECRET = "jpxxmlboxsecret"


def _photo_with_metadata() -> bytes:
    """A JPEG with EXIF (GPS, maker note) and a comment, as a phone writes one."""
    exif = Image.Exif()
    exif[0x010E] = PAYLOADS["exif in image"]
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 2.5), 3: "E", 4: (121.0, 28.0, 7.0)})
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 140, 60)).save(
        out, "JPEG", exif=exif, comment=PAYLOADS["comment in image"].encode()
    )
    return out.getvalue()


def _base_pdf(tmp_path: Path, text: str = "会议纪要：同意加装电梯。", box: bool = False) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=CJK)
    pdf.set_font("cjk", size=14)
    pdf.cell(0, 10, text)
    if box:  # a "redaction" that only draws over the text
        pdf.set_fill_color(0, 0, 0)
        pdf.rect(10, 10, 190, 10, style="F")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(_photo_with_metadata())
    pdf.image(str(photo), x=20, y=40, w=60)
    return bytes(pdf.output())


def _stream(writer: PdfWriter, data: bytes, **entries: object) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = value
    return writer._add_object(stream)


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(f"/{kind}")})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value
    return action


def _annot(subtype: str, rect: list[int], **entries: object) -> DictionaryObject:
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(f"/{subtype}"),
            NameObject("/Rect"): ArrayObject(FloatObject(v) for v in rect),
        }
    )
    for key, value in entries.items():
        annot[NameObject(f"/{key}")] = value
    return annot


def hostile_pdf(tmp_path: Path) -> bytes:
    """The base page with every payload the issue names added by pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_base_pdf(tmp_path))))
    page = writer.pages[0]
    t = TextStringObject
    csv = f"姓名,电话\n张三,{MOBILE}\n{PAYLOADS['attached csv']}\n".encode()
    filespec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): t("residents.csv"),
            NameObject("/EF"): DictionaryObject(
                {NameObject("/F"): _stream(writer, csv, Type=NameObject("/EmbeddedFile"))}
            ),
        }
    )
    annots = [
        _annot("Link", [0, 0, 50, 50], A=_action("JavaScript", JS=t(PAYLOADS["js link"]))),
        _annot("Link", [0, 60, 50, 90], A=_action("Launch", F=t(PAYLOADS["launch"]))),
        _annot("Link", [0, 100, 50, 120], A=_action("URI", URI=t("https://example.org/ok"))),
        _annot("FileAttachment", [60, 0, 80, 20], FS=filespec),
        _annot(
            "Widget",
            [90, 0, 150, 20],
            FT=NameObject("/Tx"),
            T=t("name"),
            V=t(PAYLOADS["form"]),
            A=_action("SubmitForm", F=t(PAYLOADS["submit"])),
        ),
    ]
    page[NameObject("/Annots")] = ArrayObject(writer._add_object(a) for a in annots)
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("JavaScript", JS=t(PAYLOADS["js link"]))}
    )
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/Private"): t(PAYLOADS["piece info"])}
    )
    page[NameObject("/Thumb")] = _stream(writer, b"\x00" * 12, Width=NumberObject(2))
    root = writer._root_object
    hidden = writer._add_object(
        DictionaryObject(
            {NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): t(PAYLOADS["layer"])}
        )
    )
    root[NameObject("/OCProperties")] = DictionaryObject(
        {
            NameObject("/OCGs"): ArrayObject([hidden]),
            NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([hidden])}),
        }
    )
    root[NameObject("/OpenAction")] = _action("JavaScript", JS=t(PAYLOADS["open action"]))
    root[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([page["/Annots"][4]])}
    )
    root[NameObject("/Metadata")] = _stream(
        writer,
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{PAYLOADS["xmp"]}</x:xmpmeta>'.encode(),
        Type=NameObject("/Metadata"),
        Subtype=NameObject("/XML"),
    )
    writer.add_attachment("list.txt", PAYLOADS["embedded file"].encode())
    script = _action("JavaScript", JS=t(PAYLOADS["document js"]))
    root["/Names"][NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([t("x"), writer._add_object(script)])}
    )
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    # The payloads are really in the source file.
    everything = _all_bytes(data)
    for name, marker in PAYLOADS.items():
        assert marker.encode() in everything, name
    return data


def _all_bytes(data: bytes) -> bytes:
    """The file's bytes and every stream in it decompressed (what a reader can get at)."""
    parts = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end]
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            parts.append(raw)
    return b"\n".join(parts)


def _with_pdf(project: TempProject, data: bytes) -> tuple[Path, int]:
    """The base case with minutes.pdf as an attachment; (case file, line naming it)."""
    case = project.case_with(("  - file: minutes.jpg", "  - file: minutes.pdf"))
    (case.with_suffix("") / "minutes.pdf").write_bytes(data)
    lines = case.read_text(encoding="utf-8").splitlines()
    return case, lines.index("  - file: minutes.pdf") + 1


def _build(root: Path, site: Path) -> object:
    return cli_build(root, site)


def _codes(project: TempProject) -> list[tuple[str, str, int]]:
    _status, found = project.check_json()
    return [(f["code"], Path(f["path"]).name, f["line"]) for f in found]


def test_every_hidden_payload_is_gone_from_the_published_pdf(
    project: TempProject, tmp_path: Path
) -> None:
    _with_pdf(project, hostile_pdf(tmp_path))
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code == 0, result.output
    published = site / "xiguan" / "2026-02" / "files" / "minutes.pdf"
    data = published.read_bytes()
    everything = _all_bytes(data)
    for name, marker in PAYLOADS.items():
        assert marker.encode() not in everything, name
    reader = PdfReader(io.BytesIO(data))
    assert set(reader.trailer["/Root"].keys()) == {"/Type", "/Pages"}
    assert "/Info" not in reader.trailer
    page = reader.pages[0]
    assert set(page.keys()) <= {
        "/Type",
        "/Parent",
        "/MediaBox",
        "/Resources",
        "/Contents",
        "/Annots",
    }
    links = [a.get_object() for a in page["/Annots"]]
    assert [(a["/Subtype"], a["/A"]["/S"], a["/A"]["/URI"]) for a in links] == [
        ("/Link", "/URI", "https://example.org/ok")
    ]
    assert "同意加装电梯" in page.extract_text().replace("\x00", "")
    # The photo is still there, without its APPn (EXIF/GPS) and COM segments.
    listing = subprocess.run(
        ["pdfimages", "-list", str(published)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(listing) == 3 and " jpeg " in listing[2], listing
    (image,) = page.images
    assert image.data[:2] == b"\xff\xd8"
    markers = re.findall(rb"\xff([\xe1-\xef\xfe])", image.data.split(b"\xff\xda")[0])
    assert markers == [], markers
    assert b"Exif" not in image.data


def _jpx_pdf() -> bytes:
    """A page showing a JPEG 2000 image whose file carries an XML box (XMP/EXIF-like)."""
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 50, 50)).save(out, "JPEG2000")
    secret = f"<x:xmpmeta>{JPX_SECRET}</x:xmpmeta>".encode()
    jp2 = out.getvalue() + (8 + len(secret)).to_bytes(4, "big") + b"xml " + secret
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    image = _stream(
        writer,
        b"",
        Type=NameObject("/XObject"),
        Subtype=NameObject("/Image"),
        Width=NumberObject(80),
        Height=NumberObject(60),
        Filter=NameObject("/JPXDecode"),
    )
    image.get_object()._data = jp2
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): image})}
    )
    content = _stream(writer, b"q 80 0 0 60 10 10 cm /Im0 Do Q")
    page[NameObject("/Contents")] = content
    data = io.BytesIO()
    writer.write(data)
    assert JPX_SECRET.encode() in data.getvalue()
    return data.getvalue()


def test_a_jpeg_2000_image_is_published_as_a_jpeg_without_its_boxes(
    project: TempProject, tmp_path: Path
) -> None:
    _with_pdf(project, _jpx_pdf())
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code == 0, result.output
    published = site / "xiguan" / "2026-02" / "files" / "minutes.pdf"
    assert JPX_SECRET.encode() not in _all_bytes(published.read_bytes())
    (image,) = PdfReader(published).pages[0].images
    assert image.data[:2] == b"\xff\xd8" and image.image.size == (80, 60)


# Payloads one step sideways from ``hostile_pdf``: hung on what a page's content uses
# (its image, its resources, its font) rather than on the page or the document.
UNDER_RESOURCES = {
    "image xmp": "imagexmpzhangsan",
    "private resource": "resourceresidentlist",
    "font note": "fontprivatenote",
    "outside file": "outsidefilename",
}


def _pdf_with_payloads_under_its_resources(tmp_path: Path) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_base_pdf(tmp_path))))
    resources = writer.pages[0]["/Resources"].get_object()
    (image,) = (v.get_object() for v in resources["/XObject"].get_object().values())
    # a key _scrub dropped, whose stream pypdf's writer kept as an orphan object
    image[NameObject("/Metadata")] = _stream(
        writer,
        f"<x:xmpmeta>{UNDER_RESOURCES['image xmp']} {MOBILE}</x:xmpmeta>".encode(),
        Type=NameObject("/Metadata"),
        Subtype=NameObject("/XML"),
    )
    image[NameObject("/F")] = TextStringObject(UNDER_RESOURCES["outside file"])
    csv = f"张三,{MOBILE},{UNDER_RESOURCES['private resource']}\n".encode()
    resources[NameObject("/AppPrivate")] = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/EF"): DictionaryObject(
                {NameObject("/F"): _stream(writer, csv, Type=NameObject("/EmbeddedFile"))}
            ),
        }
    )
    (font,) = (v.get_object() for v in resources["/Font"].get_object().values())
    font[NameObject("/AppNote")] = TextStringObject(UNDER_RESOURCES["font note"])
    out = io.BytesIO()
    writer.write(out)
    everything = _all_bytes(out.getvalue())
    for name, marker in UNDER_RESOURCES.items():
        assert marker.encode() in everything, name
    return out.getvalue()


def test_payloads_hung_on_a_pages_resources_are_not_published(
    project: TempProject, tmp_path: Path
) -> None:
    """Keys a page's image, font or resources carry beyond what PDF defines for them
    (and what dropped keys pointed to) are not in the published file; the page still
    shows its text and its photo."""
    _with_pdf(project, _pdf_with_payloads_under_its_resources(tmp_path))
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code == 0, result.output
    published = site / "xiguan" / "2026-02" / "files" / "minutes.pdf"
    everything = _all_bytes(published.read_bytes())
    for name, marker in UNDER_RESOURCES.items():
        assert marker.encode() not in everything, name
    assert MOBILE.encode() not in everything
    page = PdfReader(published).pages[0]
    assert "同意加装电梯" in page.extract_text().replace("\x00", "")
    (image,) = page.images
    assert image.image.size == (60, 40)
    shown = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(published)], capture_output=True, check=True
    )
    assert shown.stdout[:8] == b"\x89PNG\r\n\x1a\n" and not shown.stderr, shown.stderr


def test_a_mobile_in_a_links_address_refuses_the_build(
    project: TempProject, tmp_path: Path
) -> None:
    """A plain link is published (clean_pdf keeps it); a number in its address, even
    percent-encoded, is read by the detector like the page's text."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_base_pdf(tmp_path))))
    encoded = "".join(f"%{ord(c):02X}" for c in MOBILE[:3]) + MOBILE[3:]
    address = f"https://example.org/sign?tel={encoded}"
    link = _annot("Link", [0, 0, 50, 50], A=_action("URI", URI=TextStringObject(address)))
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = io.BytesIO()
    writer.write(out)
    case, line = _with_pdf(project, out.getvalue())
    assert ("pdf-personal", case.name, line) in _codes(project)
    result = _build(project.root, tmp_path / "site")
    assert result.exit_code != 0 and "手机号" in result.output, result.output
    assert not (tmp_path / "site").exists()


def _pdf_drawing_numbers_beside_its_text_layer(pattern: str | None, glyphs: str) -> bytes:
    """A page with a line of real text, a band filled with a tiling pattern whose cell
    prints ``pattern``, and ``glyphs`` in a Type 3 font whose glyphs draw nothing a
    text layer could tell (what a reader sees is not what extraction reads)."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 200)
    helvetica = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    fonts = DictionaryObject({NameObject("/F1"): helvetica})
    box = ArrayObject(NumberObject(v) for v in (0, 0, 300, 40))
    pattern_cell = _stream(
        writer,
        f"BT /F1 14 Tf 2 12 Td ({pattern or ''}) Tj ET".encode(),
        Type=NameObject("/Pattern"),
        PatternType=NumberObject(1),
        PaintType=NumberObject(1),
        TilingType=NumberObject(1),
        BBox=box,
        XStep=NumberObject(300),
        YStep=NumberObject(40),
        Resources=DictionaryObject({NameObject("/Font"): fonts}),
    )
    type3 = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type3"),
                NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in (0, 0, 1, 1)),
                NameObject("/FontMatrix"): ArrayObject(FloatObject(v) for v in (1, 0, 0, 1, 0, 0)),
                NameObject("/CharProcs"): DictionaryObject(
                    {NameObject("/a"): _stream(writer, b"1 0 0 0 1 1 d1 0 0 1 1 re f")}
                ),
                NameObject("/Encoding"): DictionaryObject(
                    {NameObject("/Differences"): ArrayObject([NumberObject(97), NameObject("/a")])}
                ),
                NameObject("/FirstChar"): NumberObject(97),
                NameObject("/LastChar"): NumberObject(97),
                NameObject("/Widths"): ArrayObject([NumberObject(1)]),
                NameObject("/Resources"): DictionaryObject(),
            }
        )
    )
    fonts_here = DictionaryObject({NameObject("/F1"): helvetica, NameObject("/T3"): type3})
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/Font"): fonts_here,
        }
    )
    if pattern is not None:
        page["/Resources"][NameObject("/Pattern")] = DictionaryObject(
            {NameObject("/P0"): pattern_cell}
        )
    page[NameObject("/Contents")] = _stream(
        writer,
        b"BT /F1 12 Tf 10 180 Td (Minutes of the meeting) Tj ET "
        + (b"/Pattern cs /P0 scn 0 100 300 40 re f " if pattern is not None else b"")
        + f"BT /T3 10 Tf 10 40 Td ({glyphs}) Tj ET".encode(),
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_mobile_painted_by_a_pattern_is_read_by_ocr(project: TempProject, tmp_path: Path) -> None:
    """Text extraction never enters a tiling pattern's cell (nor can it tell what a
    Type 3 glyph draws), so a page using either is read by OCR too, as a picture."""
    data = _pdf_drawing_numbers_beside_its_text_layer(MOBILE, "a")
    (layer,) = PdfReader(io.BytesIO(data)).pages
    assert MOBILE not in layer.extract_text()
    case, line = _with_pdf(project, data)
    assert ("pdf-personal", case.name, line) in _codes(project)
    (only_type3,) = pdf_texts(_pdf_drawing_numbers_beside_its_text_layer(None, "a"), None)
    assert only_type3.ocr


def test_an_earlier_revision_kept_by_an_incremental_update_is_not_published(
    project: TempProject, tmp_path: Path
) -> None:
    """A PDF edited by appending (an incremental update after %%EOF) still holds its
    earlier revision: the page as it was, with a mobile, in objects no longer used.
    The page residents see is checked and published; the old objects are not."""
    original = _base_pdf(tmp_path, f"签到表 张三 {MOBILE}")
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    page = writer.pages[0]
    fonts = page["/Resources"]["/Font"]
    (font_name,) = fonts.keys()
    page[NameObject("/Contents")] = _stream(
        writer, f"BT {font_name} 14 Tf 20 800 Td <0001> Tj ET".encode()
    )
    update = io.BytesIO()
    writer.write(update)
    data = update.getvalue()
    assert data.startswith(original) and data.count(b"%%EOF") == 2
    _with_pdf(project, data)
    assert "pdf-personal" not in [code for code, _, _ in _codes(project)]
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code == 0, result.output
    published = (site / "xiguan" / "2026-02" / "files" / "minutes.pdf").read_bytes()
    assert published.count(b"%%EOF") == 1
    (old_page,) = PdfReader(io.BytesIO(original)).pages
    assert MOBILE in old_page.extract_text().replace("\x00", "")
    old_content = old_page.get_contents().get_data()  # the text drawn, as glyph ids
    assert old_content in _all_bytes(data)
    assert old_content not in _all_bytes(published)


def test_a_mobile_under_a_black_box_refuses_the_build(project: TempProject, tmp_path: Path) -> None:
    text = f"签到表 张三 {MOBILE} 身份证 {ID_NUMBER}"
    case, line = _with_pdf(project, _base_pdf(tmp_path, text, box=True))
    assert ("pdf-personal", case.name, line) in _codes(project)
    result = _build(project.root, tmp_path / "site")
    assert result.exit_code != 0
    assert "有 2 个手机号或身份证号" in result.output, result.output
    assert "PDF 脱敏" in result.output and "文字识别" not in result.output
    assert not (tmp_path / "site").exists()


def _scanned_pdf(tmp_path: Path, text: str, heading: str = "") -> bytes:
    """One page holding an image of ``text`` in a CJK font (a scanned sheet), under a
    typed ``heading`` if given."""
    img = Image.new("L", (1400, 300), 255)
    ImageDraw.Draw(img).text((40, 100), text, font=ImageFont.truetype(CJK, 64), fill=0)
    path = tmp_path / "scan.png"
    img.save(path)
    pdf = FPDF()
    pdf.add_page()
    if heading:
        pdf.add_font("cjk", fname=CJK)
        pdf.set_font("cjk", size=14)
        pdf.cell(0, 10, heading)
    pdf.image(str(path), x=10, y=30, w=190)
    data = bytes(pdf.output())
    layer = PdfReader(io.BytesIO(data)).pages[0].extract_text().replace("\x00", "").strip()
    assert layer == heading
    return data


def _counting_tesseract(folder: Path) -> Path:
    """A ``tesseract`` on PATH that logs each call, then runs the real one."""
    import shutil

    real = shutil.which("tesseract")
    assert real, "tesseract-ocr is installed by scripts/dev.sh"
    folder.mkdir()
    log = folder / "calls.log"
    script = folder / "tesseract"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real} "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


def test_a_mobile_in_a_scanned_page_is_found_by_ocr_once(
    project: TempProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _counting_tesseract(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("NOTICEBOARD_OCR_CACHE")  # the project's own .cache/ocr/
    case, line = _with_pdf(project, _scanned_pdf(tmp_path, f"签到 李四 {MOBILE}"))
    assert ("pdf-personal", case.name, line) in _codes(project)
    assert len(log.read_text().splitlines()) == 1
    # Again, without check's own cache: the OCR text is kept by the file's hash.
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--today", TODAY, "--project", str(project.root)]
    )
    assert result.exit_code == 1 and "pdf-personal" in result.output, result.output
    assert "文字识别" in result.output
    assert len(log.read_text().splitlines()) == 1
    assert list((project.root / ".cache" / "ocr").glob("*.json"))


def test_a_sign_in_sheet_pasted_under_a_typed_heading_is_read_too(
    project: TempProject, tmp_path: Path
) -> None:
    data = _scanned_pdf(tmp_path, f"王五 {MOBILE}", heading="会议签到表")
    case, line = _with_pdf(project, data)
    assert ("pdf-personal", case.name, line) in _codes(project)


def test_a_sign_in_sheet_in_a_layer_switched_off_is_read_as_published(
    project: TempProject, tmp_path: Path
) -> None:
    """A scanned sheet in an optional-content layer that is off: a viewer of the
    original (and a rendering of it for OCR) does not show it, but the published PDF
    drops the layer settings (clean_pdf) and shows it. OCR reads the published file."""
    writer = PdfWriter(
        clone_from=PdfReader(io.BytesIO(_scanned_pdf(tmp_path, f"王五 {MOBILE}", "会议纪要")))
    )
    layer = writer._add_object(
        DictionaryObject(
            {NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject("x")}
        )
    )
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
        {
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([layer])}),
        }
    )
    resources = writer.pages[0]["/Resources"].get_object()
    (scan,) = (v.get_object() for v in resources["/XObject"].get_object().values())
    scan[NameObject("/OC")] = layer
    out = io.BytesIO()
    writer.write(out)
    case, line = _with_pdf(project, out.getvalue())
    assert ("pdf-personal", case.name, line) in _codes(project)


def _rendered(pdf: Path) -> bytes:
    return subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", str(pdf)], capture_output=True, check=True
    ).stdout


def test_the_published_pdf_looks_exactly_like_the_original(
    project: TempProject, tmp_path: Path
) -> None:
    """Keys clean_pdf drops must never include what drawing needs (a PNG predictor's
    /Columns dropped once sheared every scanned page): each page renders the same."""
    scanned = _scanned_pdf(tmp_path, f"王五 {MOBILE[:3]}", heading="会议纪要")
    case = project.case_with(("  - file: minutes.jpg", "  - file: a.pdf\n  - file: b.pdf"))
    (case.with_suffix("") / "a.pdf").write_bytes(scanned)
    (case.with_suffix("") / "b.pdf").write_bytes(_base_pdf(tmp_path))
    site = tmp_path / "site"
    result = _build(project.root, site)
    assert result.exit_code == 0, result.output
    for name in ("a.pdf", "b.pdf"):
        published = site / "xiguan" / "2026-02" / "files" / name
        assert _rendered(published) == _rendered(case.with_suffix("") / name), name


def test_a_photographed_sign_in_sheet_attached_as_an_image_is_read_too(
    project: TempProject, tmp_path: Path
) -> None:
    img = Image.new("L", (1400, 300), 255)
    ImageDraw.Draw(img).text((40, 100), f"赵六 {MOBILE}", font=ImageFont.truetype(CJK, 64), fill=0)
    out = io.BytesIO()
    img.save(out, "PNG")
    case = project.case_with(("  - file: minutes.jpg", "  - file: sign-in.png"))
    (case.with_suffix("") / "sign-in.png").write_bytes(out.getvalue())
    line = case.read_text(encoding="utf-8").splitlines().index("  - file: sign-in.png") + 1
    _status, found = project.check_json()
    hits = [f for f in found if f["code"] == "pdf-personal"]
    assert [(Path(f["path"]).name, f["line"]) for f in hits] == [(case.name, line)], found
    assert "图片上" in hits[0]["message"] and "138****5678" in hits[0]["message"]


def test_a_scanned_page_without_tesseract_is_an_error_a_text_pdf_is_not(
    project: TempProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "pdftoppm").symlink_to("/usr/bin/pdftoppm")
    monkeypatch.setenv("PATH", str(bare))
    case, line = _with_pdf(project, _scanned_pdf(tmp_path, "会议纪要 同意"))
    codes = _codes(project)
    assert ("pdf-ocr-unavailable", case.name, line) in codes
    (case.with_suffix("") / "minutes.pdf").write_bytes(_base_pdf(tmp_path))
    assert [c for c in _codes(project) if c[0].startswith("pdf")] == []
