"""Published photos carry no metadata at all (issue 20, item 3): not EXIF alone, but a
JPEG's COM and APPn segments (XMP, ICC, Photoshop IRB/IPTC, MPF) and a PNG's text
chunks (tEXt, zTXt, iTXt, eXIf). Each published photo is read back byte by byte by
the small parser below, not through Pillow's view of it."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

from conftest import TempProject, cli_build
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

REPO = Path(__file__).parent.parent
NAME = "张三丰"
MOBILE = "13812345678"
ADDRESS = "幸福路8号3单元502室"
SECRET = f"{NAME} {MOBILE} {ADDRESS}"
# What a published JPEG may hold before its image data: JFIF, tables, the frame.
ALLOWED_MARKERS = {0xE0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD}


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment of a JPEG, through every scan to its EOI,
    which must end the file (nothing appended: an MPF second image sits there)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    out: list[tuple[int, bytes]] = []
    i = 2
    while True:
        assert data[i] == 0xFF, f"no marker at {i}"
        while data[i] == 0xFF:
            i += 1
        marker = data[i]
        i += 1
        if marker == 0xD9:
            assert i == len(data), f"{len(data) - i} bytes after EOI"
            return out
        if 0xD0 <= marker <= 0xD7:
            continue
        (length,) = struct.unpack(">H", data[i : i + 2])
        out.append((marker, data[i + 2 : i + length]))
        i += length
        if marker == 0xDA:  # entropy-coded data up to the next real marker
            while not (data[i] == 0xFF and data[i + 1] not in (0x00, *range(0xD0, 0xD8))):
                i += 1


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, i = [], 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        out.append((data[i + 4 : i + 8], data[i + 8 : i + 8 + length]))
        i += 12 + length
    return out


def webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(fourcc, payload) of every chunk of a WebP (RIFF) file, which must end with them."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    (size,) = struct.unpack("<I", data[4:8])
    assert size + 8 == len(data), "bytes outside the RIFF container"
    out, i = [], 12
    while i < len(data):
        (length,) = struct.unpack("<I", data[i + 4 : i + 8])
        out.append((data[i : i + 4], data[i + 8 : i + 8 + length]))
        i += 8 + length + (length & 1)
    return out


def assert_no_webp_metadata(data: bytes, where: str) -> None:
    """Only image data: no EXIF, XMP or ICCP chunk, and VP8X announcing none."""
    for fourcc, payload in webp_chunks(data):
        assert fourcc in {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, f"{where}: chunk {fourcc!r}"
        if fourcc == b"VP8X":
            assert payload[0] & 0x2C == 0, f"{where}: VP8X flags {payload[0]:#x}"
    for text in (NAME, MOBILE, ADDRESS):
        assert text.encode("utf-8") not in data, f"{where}: {text}"


def assert_no_metadata(data: bytes, where: str) -> None:
    """Only JFIF, tables, frame and scans; none of the secret's bytes in any form."""
    if data[:4] == b"RIFF":
        assert_no_webp_metadata(data, where)
        return
    for marker, payload in jpeg_segments(data):
        assert marker in ALLOWED_MARKERS | {0xDA}, f"{where}: segment FF{marker:02X}"
        if marker == 0xE0:
            assert payload.startswith(b"JFIF\x00"), f"{where}: APP0 {payload[:8]!r}"
    for text in (NAME, MOBILE, ADDRESS):
        for encoding in ("utf-8", "utf-16-be", "utf-16-le", "gbk"):
            assert text.encode(encoding) not in data, f"{where}: {text} ({encoding})"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def hostile_jpeg() -> bytes:
    """A photo carrying the secret in EXIF (GPS, maker note, artist), XMP, an ICC
    profile, a comment, Photoshop IRB/IPTC and an MPF segment with a second image."""
    img = Image.new("RGB", (64, 48), (200, 120, 40))
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x010E] = SECRET  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 14.0, 2.5), 3: "E", 4: (121.0, 28.0, 7.0)})
    exif.get_ifd(0x8769)[0x927C] = SECRET.encode()  # MakerNote
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    img.save(
        out,
        "JPEG",
        exif=exif,
        icc_profile=icc + SECRET.encode(),
        comment=SECRET.encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{SECRET}</dc:creator>'
        "</x:xmpmeta>".encode(),
    )
    data = out.getvalue()
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(SECRET.encode())) + SECRET.encode()
    irb = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    mpf = b"MPF\x00II*\x00" + SECRET.encode()
    extra = _segment(0xED, irb) + _segment(0xE2, mpf) + _segment(0xFE, SECRET.encode("gbk"))
    return data[:2] + extra + data[2:] + data  # and a second image after the EOI


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def hostile_png() -> bytes:
    info = PngInfo()
    info.add_text("Author", "Zhang San " + MOBILE)
    info.add_text("Comment", SECRET, zip=True)  # zTXt? iTXt when not Latin-1
    info.add_itxt("Description", SECRET, lang="zh", tkey="说明")
    info.add_itxt("Address", SECRET, zip=True)
    exif = Image.Exif()
    exif[0x010E] = SECRET
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG", pnginfo=info, exif=exif)
    data = out.getvalue()
    latin = _chunk(b"tEXt", b"Title\x00" + MOBILE.encode())
    ztxt = _chunk(b"zTXt", b"Owner\x00\x00" + zlib.compress(SECRET.encode("gbk")))
    kinds = {kind for kind, _ in png_chunks(data)}
    assert {b"iTXt", b"tEXt", b"eXIf"} <= kinds, kinds
    return data[:33] + latin + ztxt + data[33:]  # after IHDR


def _build(root: Path, site: Path) -> None:
    result = cli_build(root, site)
    assert result.exit_code == 0, result.output


def test_hostile_photos_are_published_without_any_metadata(
    project: TempProject, tmp_path: Path
) -> None:
    case = project.case_with(
        ("      - photo1.jpg", "      - secret.jpg\n      - secret.png"),
    )
    folder = case.with_suffix("")
    (folder / "secret.jpg").write_bytes(hostile_jpeg())
    (folder / "secret.png").write_bytes(hostile_png())
    site = tmp_path / "site"
    _build(project.root, site)
    published = sorted((site / "xiguan" / "2026-02" / "files").glob("secret.*"))
    assert {"secret.jpg", "secret.png.jpg"} <= {p.name for p in published}, published
    for path in published:  # the web copies and their smaller JPEG and WebP copies (srcset)
        assert_no_metadata(path.read_bytes(), path.name)


def test_every_photo_of_the_example_site_is_without_metadata(tmp_path: Path) -> None:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root)
    shutil.copytree(REPO / "content", root / "content")
    site = tmp_path / "site"
    _build(root, site)
    photos = sorted([*site.rglob("files/*.jpg"), *site.rglob("files/*.webp")])
    assert len(photos) >= 7, photos
    assert any(p.suffix == ".webp" for p in photos), "no srcset copies in the example site"
    for path in photos:
        assert_no_metadata(path.read_bytes(), str(path.relative_to(site)))


def test_a_photo_with_an_icc_profile_keeps_its_colours_without_the_profile(tmp_path: Path) -> None:
    from generator.site.images import web_image

    # A photo whose profile is sRGB itself keeps its colours.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(out, "JPEG", icc_profile=srgb, quality=95)
    image = web_image(tmp_path / "p.jpg", tmp_path / "cache", out.getvalue())
    data = image.path.read_bytes()
    assert_no_metadata(data, "p.jpg")
    with Image.open(io.BytesIO(data)) as img:
        r, g, b = img.convert("RGB").getpixel((8, 8))
    assert abs(r - 200) < 8 and abs(g - 40) < 8 and abs(b - 40) < 8


def test_what_transparent_pixels_hold_is_not_revealed(project: TempProject, tmp_path: Path) -> None:
    """A PNG's transparent pixels still hold colours (black, or a list drawn and then
    made invisible); a JPEG has no transparency, so dropping the alpha channel showed
    them. Published photos show the picture as seen on white."""
    from PIL import ImageDraw

    picture = Image.new("RGBA", (200, 100), (30, 140, 60, 255))
    hidden = Image.new("RGBA", (100, 100), (0, 0, 0, 0))  # transparent black
    ImageDraw.Draw(hidden).text((5, 40), MOBILE, fill=(0, 0, 0, 0))
    picture.paste(hidden, (100, 0))
    palette = Image.new("P", (60, 60), 0)
    palette.putpalette([0, 0, 0, 200, 30, 30])
    palette.paste(1, (0, 0, 30, 60))
    case = project.case_with(("      - photo1.jpg", "      - layer.png\n      - indexed.png"))
    picture.save(case.with_suffix("") / "layer.png")
    palette.save(case.with_suffix("") / "indexed.png", transparency=0)
    site = tmp_path / "site"
    _build(project.root, site)
    files = site / "xiguan" / "2026-02" / "files"
    with Image.open(files / "layer.png.jpg") as shown:
        assert shown.convert("L").crop((110, 10, 190, 90)).getextrema()[0] > 240
        r, g, b = shown.convert("RGB").getpixel((50, 50))
        assert abs(r - 30) < 12 and abs(g - 140) < 12 and abs(b - 60) < 12
    with Image.open(files / "indexed.png.jpg") as shown:
        assert shown.convert("L").crop((35, 5, 55, 55)).getextrema()[0] > 240
