"""Hostile files the corpus cannot hold as text: links, FIFOs, odd names and media,
made at run time (git cannot store a FIFO; a link's target depends on the machine)."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

from conftest import TINY_JPEG, TempProject

CASE = "content/xiguan/2026-02.md"


def png_bytes(size: tuple[int, int] = (8, 6)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 20000, height: int = 20000) -> bytes:
    """A tiny file claiming 20000×20000 pixels (400 megapixels): a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * width) * 4)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)


def pdf_bytes(author: str = "张三 13812345678", encrypt: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata(
        {"/Author": author, "/Creator": "C:/Users/zhangsan/Desktop/纪要.docx", "/Title": "纪要"}
    )
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');"),
        }
    )
    if encrypt:
        writer.encrypt(encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def boxed_pdf_bytes(text: str) -> bytes:
    """A page with ``text`` under a drawn black box (a "redaction" that hides nothing)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    pdf.set_font("cjk", size=14)
    pdf.cell(0, 10, text)
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(10, 10, 190, 10, style="F")
    return bytes(pdf.output())


def _with_attachment(project: TempProject, name: str, data: bytes, photo: bool = False) -> Path:
    """The base case as 2026-02 with its attachment (or photo) replaced by ``name``."""
    old = "      - photo1.jpg" if photo else "  - file: minutes.jpg"
    new = f"      - {name}" if photo else f"  - file: {name}"
    path = project.case_with((old, new))
    target = path.with_suffix("") / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def _outside(project: TempProject) -> Path:
    """A folder beside content/ holding what a link could expose."""
    secret = project.root.parent / "host-files"
    secret.mkdir(exist_ok=True)
    (secret / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    for name in ("photo1.jpg", "minutes.jpg"):
        (secret / name).write_bytes(TINY_JPEG)
    return secret


def generate(name: str, project: TempProject) -> bool:
    """Make the files of one hostile ``generate:`` entry; False for a name not made here."""
    base = project.base_case()
    root = project.root
    if name == "symlink-case-folder":
        project.add_case("2026-02.md", base, with_files=False)
        os.symlink(_outside(project), project.community / "2026-02")
    elif name == "symlink-community-folder":
        secret = _outside(project)
        (secret / "community.yml").write_text(
            project.base_community().replace("西关社区", "东城社区"), encoding="utf-8"
        )
        os.symlink(secret, root / "content" / "dongcheng")
    elif name == "symlink-case-file":
        secret = _outside(project) / "case.md"
        secret.write_text(base, encoding="utf-8")
        os.symlink(secret, root / CASE)
    elif name == "symlink-attachment-to-etc":
        path = project.case_with(("  - file: minutes.jpg", "  - file: passwd"))
        os.symlink("/etc/passwd", path.with_suffix("") / "passwd")
    elif name == "fifo-case-file":
        os.mkfifo(project.community / "2026-32.md")
    elif name == "fifo-community-file":
        (project.community / "community.yml").unlink()
        os.mkfifo(project.community / "community.yml")
    elif name == "fifo-attachment":
        path = project.case_with(("  - file: minutes.jpg", "  - file: scan.pdf"))
        os.mkfifo(path.with_suffix("") / "scan.pdf")
    elif name == "newline-in-folder-name":
        project.write("content/nanyuan\n/community.yml", project.base_community())
    elif name == "newline-in-case-name":
        project.write("content/xiguan/2026-02\n.md", base)
    elif name == "newline-in-written-name":
        project.case_with(("  - file: minutes.jpg", '  - file: "minutes\\n.jpg"'))
    elif name == "svg-attachment":
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>'
        _with_attachment(project, "plan.svg", svg)
    elif name == "svg-photo":
        svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        _with_attachment(project, "progress.png", svg, photo=True)
    elif name == "html-named-pdf":
        _with_attachment(project, "minutes.pdf", b"<!DOCTYPE html><script>alert(1)</script>")
    elif name == "text-named-jpg":
        _with_attachment(project, "minutes.jpg", "这不是图片\n".encode())
    elif name == "zip-attachment":
        _with_attachment(project, "minutes.pdf", b"PK\x03\x04" + b"\x00" * 60)
    elif name == "docx-attachment":
        _with_attachment(project, "minutes.docx", b"PK\x03\x04\x14\x00[Content_Types].xml word/")
    elif name == "png-named-jpg":
        _with_attachment(project, "minutes.jpg", png_bytes())
    elif name == "pdf-mobile-under-black-box":
        _with_attachment(project, "minutes.pdf", boxed_pdf_bytes("签到表 张三 13812345678"))
    elif name == "pdf-as-photo":
        _with_attachment(project, "photo1.pdf", pdf_bytes(), photo=True)
    elif name == "truncated-jpeg":
        from PIL import Image

        out = io.BytesIO()
        Image.effect_noise((400, 300), 60).convert("RGB").save(out, "JPEG", quality=90)
        _with_attachment(project, "minutes.jpg", out.getvalue()[: len(out.getvalue()) // 2])
    elif name == "truncated-png":
        data = png_bytes((300, 200))
        _with_attachment(project, "photo1.png", data[: len(data) - 30], photo=True)
    elif name == "decompression-bomb":
        _with_attachment(project, "photo1.png", bomb_png(), photo=True)
    elif name == "big-but-valid-png":
        _with_attachment(project, "minutes.png", bomb_png(9000, 8000))
    elif name == "over-size-limit":
        project.config("max_file_mb: 1\n")
        _with_attachment(project, "minutes.pdf", pdf_bytes() + b"%" + b"0" * (2 * 1024 * 1024))
    elif name == "pdf-encrypted":
        _with_attachment(project, "minutes.pdf", pdf_bytes(encrypt="secret"))
    elif name == "pdf-garbage":
        _with_attachment(project, "minutes.pdf", b"%PDF-1.7\n" + os.urandom(2000))
    else:
        return False
    return True
