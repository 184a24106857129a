"""Hostile content through a real build: what the checker lets through is published
safely in every output file, and what it refuses never reaches the site."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import hostile
import icalendar
from conftest import TINY_JPEG, TODAY, TempProject

from generator.source.media import pdf_metadata, sniff

# Accepted by the checker (no unsafe markup, no personal number) yet full of
# characters each output format must escape in its own way.
TITLE = "关于<b>3号楼</b>“加装电梯”&amp; a>b 的协商"
PLACE = '=HYPERLINK(\\"http://x\\")议事厅\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:假会议'
SUMMARY = "同意</textarea></title><u>'\\\"，费用按楼层分摊。"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _hostile_project(project: TempProject) -> Path:
    case = project.case_with(
        ("title: 关于3号楼加装电梯的协商", f"title: '{TITLE}'"),
        ("  place: 社区议事厅", f'  place: "{PLACE}"'),
        ("  summary: 同意加装电梯，费用按楼层分摊。", f'  summary: "{SUMMARY}"'),
        ("      - photo1.jpg", "      - p.png"),
        (
            "  - file: minutes.jpg\n    title: 会议纪要扫描件",
            "  - file: minutes.pdf\n    title: 会议纪要\n  - file: p.png.jpg\n    title: 平面图",
        ),
    )
    folder = case.with_suffix("")
    (folder / "p.png").write_bytes(hostile.png_bytes((40, 30)))
    (folder / "p.png.jpg").write_bytes(TINY_JPEG)
    (folder / "minutes.pdf").write_bytes(hostile.pdf_bytes())
    return case


def test_accepted_hostile_values_are_escaped_in_every_output(project: TempProject) -> None:
    _hostile_project(project)
    _exit_code, findings = project.check_json()
    assert [f["code"] for f in findings if f["severity"] == "error"] == [], findings

    site = project.root / "site"
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "build", "--no-posters", "--today", TODAY],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files

    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(site).as_posix()
        if "/files/" in rel:
            # Only images (re-encoded JPEG) and cleaned PDFs are published from content/.
            kind = sniff(data[:4096])
            assert kind in ("jpeg", "pdf"), rel
            if kind == "pdf":
                assert b"13812345678" not in data and b"zhangsan" not in data, rel
                assert b"/JavaScript" not in data and b"/OpenAction" not in data, rel
                assert pdf_metadata(data) == {}, rel
            continue
        text = data.decode("utf-8", errors="replace")
        if rel.endswith(".html"):
            assert "<b>3号楼" not in text and "</textarea></title><u>" not in text, rel
            parser = _Tags()
            parser.feed(text)
            for tag, attrs in parser.tags:
                assert not any(k.startswith("on") for k in attrs), (rel, tag, attrs)
                if tag == "img":
                    src = attrs.get("src") or ""
                    assert not src.startswith(("http:", "https:", "//")), (rel, src)
        elif rel.endswith((".json", ".xml")):
            assert "<b>" not in text and "<u>" not in text, rel
        elif rel.endswith(".ics"):
            calendar = icalendar.Calendar.from_ical(data)
            summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
            assert "假会议" not in " ".join(summaries) or all(
                not s.startswith("假会议") for s in summaries
            )
            assert all(not s.startswith("SUMMARY:") for s in summaries)
            # The injected lines stay inside the LOCATION value.
            assert len(summaries) == len({str(e["uid"]) for e in calendar.walk("VEVENT")})
            assert "\nBEGIN:VEVENT\nSUMMARY:假会议" not in text.replace("\r\n", "\n")
        elif rel.endswith(".csv"):
            assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text, rel

    data = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    titles = [row["title"] for row in data["cases"]]
    assert TITLE in titles  # the same value to a JSON parser

    # p.png (re-encoded to p.png.jpg) and the JPEG called p.png.jpg both survive.
    published = sorted(p.name for p in (site / "xiguan" / "2026-02" / "files").iterdir())
    assert published == ["minutes.jpg", "minutes.pdf", "p.png-2.jpg", "p.png.jpg"]
    page = (site / "xiguan" / "2026-02" / "index.html").read_text(encoding="utf-8")
    assert "files/p.png.jpg" in page and "files/p.png-2.jpg" in page


def _build(project: TempProject) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "build", "--no-posters", "--today", TODAY],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_links_out_and_fifos_never_reach_the_site_and_nothing_hangs(
    project: TempProject,
) -> None:
    for name in ("symlink-attachment-to-etc", "fifo-case-file", "symlink-community-folder"):
        hostile.generate(name, project)
    os.symlink("/etc", project.community / "2026-09")
    project.add_case("2026-09.md", project.base_case(), with_files=False)
    started = time.monotonic()
    done = _build(project)
    assert time.monotonic() - started < 60
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "7 个错误" in done.stdout, done.stdout
    _exit_code, findings = project.check_json()
    found = {(project.relative(f["path"]), f["line"], f["code"]) for f in findings}
    for expected in (
        ("content/xiguan/2026-02.md", 59, "path-outside"),
        ("content/xiguan/2026-32.md", 1, "not-regular-file"),
        ("content/dongcheng", 1, "link-outside"),
        ("content/xiguan/2026-09", 1, "link-outside"),
        ("content/xiguan/2026-09.md", 59, "path-outside"),
    ):
        assert expected in found, findings
    assert not (project.root / "site").exists()


def test_the_gate_refuses_a_file_swapped_for_a_fifo_after_the_check(
    project: TempProject,
) -> None:
    """The gate's open never blocks: a FIFO in place of a checked file is refused."""
    from generator.source.gate import Gate, GateRefused

    gate = Gate(project.root / "content")
    fifo = project.community / "2026-01" / "swapped.jpg"
    os.mkfifo(fifo)
    started = time.monotonic()
    try:
        gate.read_bytes(fifo)
    except GateRefused as refused:
        assert refused.refusal.code == "not-regular-file"
    else:
        raise AssertionError("a FIFO was read")
    assert time.monotonic() - started < 5
    outside = project.root / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    link = project.community / "2026-01" / "link.jpg"
    os.symlink(outside, link)
    try:
        gate.copy(link, project.root / "copied")
    except GateRefused as refused:
        assert refused.refusal.code == "link-outside"
    else:
        raise AssertionError("a link leading out was copied")
    assert not (project.root / "copied").exists()
    assert gate.read_bytes(project.community / "2026-01" / "photo1.jpg") == TINY_JPEG
    assert io.BytesIO(TINY_JPEG).read(3) == b"\xff\xd8\xff"


def test_a_content_folder_that_is_a_link_out_of_the_project_is_refused(
    project: TempProject,
) -> None:
    import shutil

    outside = project.root.parent / "elsewhere"
    shutil.move(project.root / "content", outside)
    os.symlink(outside, project.root / "content")
    exit_code, findings = project.check_json()
    assert exit_code == 1
    assert [(f["code"], f["path"].rsplit("/", 1)[-1]) for f in findings] == [
        ("link-outside", "content")
    ]


def test_a_missing_file_hint_never_walks_a_planted_link(project: TempProject) -> None:
    case = project.case_with(("  - file: minutes.jpg", "  - file: scans/Minutes.jpg"))
    os.symlink("/", case.with_suffix("") / "scans")
    started = time.monotonic()
    exit_code, findings = project.check_json()
    assert time.monotonic() - started < 20
    assert exit_code == 1
    assert [f["code"] for f in findings] == ["path-outside"]
