"""What is published is what is checked (issue 20, item 1): a personal number split by
Markdown or HTML is whole on the page, so ``check`` scans the text bodies render to,
and the build's publish gate (``generator.site.published``) scans every file of the new
site and every poster's text before the site is swapped in."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, TempProject

from generator.outdirs import mark
from generator.site import published
from generator.site.published import file_texts, html_parts, scan_site
from generator.source.textview import html_text

BODY_END = "居民们发表了意见，见[会议纪要](https://xs.example.cn/xiguan/)。"

# Each probe shows 13812345678 once rendered; the raw text never holds it whole.
PROBES = {
    "strong": "电话 138**1234**5678 联系。",
    "comment": "电话 138<!-- -->12345678 联系。",
    "entities": "电话 &#49;&#51;&#56;12345678 联系。",
    "hex-entities": "电话 &#x31;&#x33;&#x38;1234&#x35;678 联系。",
    "empty-tags": "电话 138<span></span>1234<b></b>5678 联系。",
    "code-spans": "电话 `138` `1234` `5678` 联系。",
    "soft-hyphens": "电话 138&shy;1234&shy;5678 联系。",
    "soft-hyphen-raw": "电话 138\u00ad1234\u00ad5678 联系。",
    "tel-percent": "[拨打电话](tel:%31%33%38%31%32%33%34%35%36%37%38)",
    "tel-entities": '<a href="tel:&#49;&#51;&#56;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;">拨打</a>',
    "table-cells": "| 甲 | 乙 | 丙 |\n|---|---|---|\n| 138 | 1234 | 5678 |",
    "line-breaks": "电话 138\n1234\n5678 联系。",
    "link-text": "电话 [138](/xiguan/)[1234](/xiguan/)5678 联系。",
    "footnote": "见注释[^1]。\n\n[^1]: 电话 138**1234**5678",
    "abbreviation": "*[WY]: 13812345678 的电话\n\n找 WY 联系。",
    "image-alt": "![138 1234](/x.png)5678",
    "link-title": '[联系人](/xiguan/ "138-1234-5678")',
    "nested-inline": "电话 <b>1</b><i>3</i><u>8</u><sub>1234</sub><sup>5678</sup>",
}


def _with_body(project: TempProject, extra: str) -> Path:
    return project.case_with((BODY_END, BODY_END + "\n\n" + extra + "\n"))


def _line_of(path: Path, probe: str) -> int:
    """The line of the file where the probe's number starts."""
    lines = probe.splitlines()
    first = next(line for line in lines if re.search(r"138|&#|%3|>1<", line))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line == first:
            return number
    raise AssertionError(probe)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_check_reports_a_number_the_page_would_show(name: str, project: TempProject) -> None:
    case = _with_body(project, PROBES[name])
    code, findings = project.check_json()
    mobiles = [f for f in findings if f["code"] == "personal-mobile"]
    assert code == 1 and mobiles, findings
    assert "138****5678" in mobiles[0]["message"]
    # the line where the number's parts are in the file
    assert mobiles[0]["line"] == _line_of(case, PROBES[name]), mobiles


def test_check_reports_a_number_in_a_rendered_community_description(
    project: TempProject,
) -> None:
    project.community_with(
        ("name: 西关社区", "name: 西关社区\ndescription: '电话 138**1234**5678'")
    )
    _code, findings = project.check_json()
    assert [(f["code"], f["line"]) for f in findings if f["code"] == "personal-mobile"] == [
        ("personal-mobile", 2)
    ]


def test_plain_prose_with_numbers_is_not_a_number(project: TempProject) -> None:
    _with_body(project, "共 13 户，其中 8 户同意。| 2026 | 11 | 25 |\n\n**138** 户，**1234** 元。")
    _code, findings = project.check_json()
    assert [f for f in findings if f["code"].startswith("personal")] == []


# ``noticeboard`` run in a new Python process after a patch (Python code run first).
_PATCHED = """
{patch}
import sys
from generator.cli.commands import main
sys.argv = ["noticeboard", *sys.argv[1:]]
main()
"""


def _build(project: TempProject, *extra: str, patch: str = "") -> subprocess.CompletedProcess[str]:
    """``noticeboard build --today TODAY *extra`` in the project, after ``patch``."""
    command = (
        [sys.executable, "-c", _PATCHED.replace("{patch}", patch)]
        if patch
        else [sys.executable, "-m", "generator.cli.commands"]
    )
    return subprocess.run(
        [*command, "build", "--today", TODAY, *extra],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
    )


# The same probes with the checker's rendered-text rule switched off: the build's own
# gate must stop them (the publish gate does not trust the checker).
_NO_RENDERED_RULE = """
import generator.check.rules.personal as personal
personal.rendered_numbers = lambda *a, **k: iter(())
"""


def test_build_gate_stops_what_the_checker_missed(project: TempProject) -> None:
    names = ["strong", "comment", "entities", "tel-percent", "table-cells", "footnote"]
    cases = []
    for i, name in enumerate(names):
        text = project.base_case().replace(BODY_END, BODY_END + "\n\n" + PROBES[name] + "\n")
        cases.append(project.add_case(f"2026-{i + 10:02d}.md", text))
    (project.root / "site").mkdir()
    mark(project.root / "site")  # a site this program wrote: the build may replace it
    (project.root / "site" / "marker.txt").write_text("old")
    done = _build(project, "--no-posters", patch=_NO_RENDERED_RULE)
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "网站没有更新" in out
    assert (project.root / "site" / "marker.txt").read_text() == "old"
    for case, name in zip(cases, names, strict=True):
        line = _line_of(case, PROBES[name])
        shown = f"{case.relative_to(project.root).as_posix()}:{line}:"
        assert any(shown in row and "personal-mobile" in row for row in out.splitlines()), (
            name,
            shown,
            out,
        )
    assert "Traceback" not in out


def test_build_gate_reads_cached_pages(project: TempProject) -> None:
    """A page taken from the build cache is scanned like a new one: a number planted in
    the cache (a cache written before this gate, or tampered with) stops the build."""
    first = _build(project, "--no-posters")
    assert first.returncode == 0, first.stdout + first.stderr
    pages = project.root / ".cache" / "build"
    planted = 0
    for path in pages.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                text = gzip.decompress(data)
            except OSError:
                continue
            if b"<html" in text and "3号楼是六层老楼".encode() in text:
                text = text.replace("3号楼是六层老楼".encode(), "电话 13812345678".encode())
                path.write_bytes(gzip.compress(text))
                planted += 1
        elif b"<html" in data and "3号楼是六层老楼".encode() in data:
            path.write_bytes(data.replace("3号楼是六层老楼".encode(), "电话 13812345678".encode()))
            planted += 1
    assert planted, "no cached page found"
    second = _build(project, "--no-posters")
    out = second.stdout + second.stderr
    assert second.returncode != 0, out
    assert "personal-mobile" in out and "138****5678" in out


def test_gate_reads_search_records_feeds_data_and_posters(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pagefind" / "fragment").mkdir(parents=True)
    record = b"pagefind_dcd" + json.dumps({"content": "电话 13812345678"}).encode()
    (site / "pagefind" / "fragment" / "a.pf_fragment").write_bytes(gzip.compress(record))
    (site / "feed.xml").write_text(
        "<feed><entry><content type='html'>&lt;p&gt;139&lt;b&gt;1234&lt;/b&gt;5678&lt;/p&gt;"
        "</content></entry></feed>",
        encoding="utf-8",
    )
    (site / "calendar.ics").write_text(
        "BEGIN:VEVENT\r\nSUMMARY:电话 137123\r\n 45678\r\nEND:VEVENT\r\n", encoding="utf-8"
    )
    (site / "data").mkdir()
    (site / "data" / "cases.json").write_text('[{"signatures": 13612345678}]')
    (site / "assets").mkdir()
    (site / "assets" / "x.js").write_text("var a = 13512345678;")  # the theme: not read
    leaks = scan_site(site, (), [("posters/xiguan/2026-01", "联系 135 1234 5678")])
    found = {(leak.where, leak.number.text) for leak in leaks}
    assert found == {
        ("pagefind/fragment/a.pf_fragment", "13812345678"),
        ("feed.xml", "13912345678"),
        ("calendar.ics", "13712345678"),
        ("data/cases.json", "13612345678"),
        ("posters/xiguan/2026-01", "13512345678"),
    }


def test_office_numbers_pass_the_gate(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>办公电话 138<b>1234</b>5678</p>")
    assert scan_site(tmp_path, ["138-1234-5678"]) == []


@pytest.mark.parametrize(
    ("markup", "shown"),
    [
        ("<p>a<!-- x -->b</p>", "ab"),
        ("<p>a<!-->b</p>", "ab"),
        ("<p>a&#49;&amp;#50;</p>", "a1&#50;"),
        ("<td>1</td><td>2</td>", "\t1\t\t2\t"),
        ("<p>a\n  b</p><p>c</p>", "\na b\n\nc\n"),
        ('<p>13<img src="/x.png" alt="8 1234">5678</p>', "\n138 12345678"),
    ],
)
def test_html_text_is_what_a_browser_shows(markup: str, shown: str) -> None:
    assert shown in html_text(markup)


def test_html_text_decodes_addresses() -> None:
    text = html_text('<a href="tel:&#37;31%33&#x38;">x</a>')
    assert "tel:138" in text.splitlines()


def test_feed_texts_unescape_carried_html() -> None:
    texts = list(file_texts("feed.xml", b"<t>1&lt;b&gt;2&lt;/b&gt;3</t>"))
    assert any("123" in t for t in texts)


def test_a_page_is_scanned_in_parts_and_the_shared_chrome_once(tmp_path: Path) -> None:
    """The theme's header (between <body and <article) is the same on most pages: it
    is read once a scan; a number in it, in a page's head or in its article is found
    wherever it is, and a part with an open comment is not cut."""
    head = "<!DOCTYPE html><html><head><title>{title}</title></head>"
    chrome = '<body><header>{header}</header><nav><a href="/">首页</a></nav>'
    article = "<article><p>{body}</p></article></body></html>"
    page = head + chrome + article
    parts = html_parts(page.format(title="t", header="h", body="b").encode())
    assert [p[:5] for p in parts] == [b"<!DOC", b"<body", b"<arti"]
    assert html_parts(b"<html><!-- <body <article --><body>x") == [
        b"<html><!-- <body <article --><body>x"
    ]  # a mark in a comment: not cut
    site = tmp_path / "site"
    for i in range(3):
        (site / f"c{i}").mkdir(parents=True)
        (site / f"c{i}" / "index.html").write_text(
            page.format(title=f"t{i}", header="县", body=f"正文{i}"), encoding="utf-8"
        )
    (site / "c3").mkdir()
    (site / "c3" / "index.html").write_text(
        page.format(title="电话 138 1234 5678", header="县", body="x")
        + page.format(title="t", header="县 139 1234 5678", body="y"),
        encoding="utf-8",
    )
    (site / "c4").mkdir()
    (site / "c4" / "index.html").write_text(
        page.format(title="t", header="县", body="13<b>7</b>12345678"), encoding="utf-8"
    )
    read = []
    real = published.html_text
    published.html_text = lambda text, **kw: read.append(text) or real(text, **kw)
    try:
        leaks = scan_site(site, ())
    finally:
        published.html_text = real
    assert {(leak.where, leak.number.text) for leak in leaks} == {
        ("c3/index.html", "13812345678"),
        ("c3/index.html", "13912345678"),
        ("c4/index.html", "13712345678"),
    }
    chrome_reads = [t for t in read if t.startswith("<body><header>县</header>")]
    assert len(chrome_reads) == 1, "the same chrome is read once a scan"


def test_json_is_read_a_line_at_a_time_with_its_escapes_decoded(tmp_path: Path) -> None:
    """A data file is read as its lines, escapes decoded: a number written with
    ``\\u`` escapes or split by an escaped space is found; two values side by side are
    not read as one number (a quote and a comma stand between them)."""
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data" / "cases.json").write_text(
        '{\n  "cases": [\n    {"a": "\\u0031\\u0033\\u0038 1234\\u00a05678"},\n'
        '    {"b": "135", "c": "1234 5678"}\n  ]\n}\n',
        encoding="utf-8",
    )
    leaks = scan_site(site, ())
    assert [(leak.where, leak.number.text) for leak in leaks] == [
        ("data/cases.json", "13812345678")
    ]


_POSTER_SAYS_A_NUMBER = """
import generator.posters as posters
made = posters.poster_texts
def planted(analysis):
    yield from made(analysis)
    yield "posters/xiguan/2026-01", "联系 135 1234 5678"
posters.poster_texts = planted
"""


def test_build_gate_reads_every_posters_text_on_every_build(project: TempProject) -> None:
    """The posters' texts are read in the build's process, and a text found clean is
    remembered: a number in one stops the first build and the next one alike."""
    for _ in range(2):
        done = _build(project, "--no-posters", patch=_POSTER_SAYS_A_NUMBER)
        out = done.stdout + done.stderr
        assert done.returncode != 0, out
        assert "personal-mobile" in out and "135****5678" in out, out
        assert not (project.root / "site").exists()
        assert "Traceback" not in out


def test_poster_texts_found_clean_are_remembered_and_numbers_never(tmp_path: Path) -> None:
    cache = tmp_path / "clean.bin"
    texts = [("posters/a", "联系 135 1234 5678"), ("posters/b", "周六上午九点在村委会")]
    first = published.SiteScan(tmp_path, (), cache)
    assert [leak.where for leak in first.texts(texts)] == ["posters/a"]
    first.save()
    second = published.SiteScan(tmp_path, (), cache)
    assert [leak.where for leak in second.texts(texts)] == ["posters/a"]
    assert len(second.clean) == 1  # the clean text, known from the cache
    # Another office number list: the cache does not apply, every text is read again.
    other = published.SiteScan(tmp_path, ("135-1234-5678",), cache)
    assert other.texts(texts) == [] and len(other.known & other.clean) == 0


# The build process's last step made slow enough for this process to read every file
# it wrote (``build._EarlyReading``): each settles within the window measured on the
# site's file system (``fsclock``, 100 ms on a local disk; ``SETTLED_NS``, its fallback,
# set to 0), well inside the pause; each reading of a site file counted, early or
# final, by its kind.
_EARLY_READING = """
import atexit, collections, sys, time
import generator.content_digests as digests
import generator.site.build as build
import generator.site.published as published
digests.SETTLED_NS = 0
made = build.mark
def slow_mark(tmp):
    time.sleep(2)
    {rewrite}
    made(tmp)
build.mark = slow_mark
reads = collections.Counter()
read = published._read
def counted(path, name):
    data = read(path, name)
    if data:
        reads[(published.STAGE, name.rsplit(".", 1)[-1])] += 1
    return data
published._read = counted
published.STAGE = "early"
files = published.SiteScan.files
def final(self):
    published.STAGE = "final"
    return files(self)
published.SiteScan.files = final
atexit.register(lambda: print("READS", dict(reads), file=sys.stderr))
"""


def _reads(out: str) -> dict[tuple[str, str], int]:
    return eval(next(line for line in out.splitlines() if line.startswith("READS "))[6:])


def test_build_gate_reads_the_site_while_it_is_written(project: TempProject) -> None:
    """The gate reads the new site in the calling process while the build process
    writes it, and its last pass reads again only what changed since: the search
    index, written after. (At 2,000 cases a forked reader beside Pagefind held 19-26 MB
    at the build's peak.)"""
    done = _build(project, "--no-posters", patch=_EARLY_READING.replace("{rewrite}", ""))
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    reads = _reads(out)
    pages = len(list((project.root / "site").rglob("*.html")))
    assert reads.get(("early", "html"), 0) >= pages, reads
    assert ("final", "html") not in reads, reads  # no page read twice
    assert reads.get(("final", "pf_fragment"), 0) > 0, reads  # the search index: read last


_REWRITE_A_PAGE = """
    page = tmp / "xiguan" / "2026-01" / "index.html"
    page.write_text(page.read_text().replace("<article", "<p>电话 13812345678</p><article", 1))
"""


def test_a_page_changed_after_the_early_reading_is_read_again(project: TempProject) -> None:
    """A file the build process writes again after this process read it is read
    again: its number stops the build."""
    patch = _EARLY_READING.replace("{rewrite}", _REWRITE_A_PAGE.strip())
    done = _build(project, "--no-posters", patch=patch)
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "personal-mobile" in out and "138****5678" in out, out
    assert _reads(out).get(("final", "html")) == 1, out
    assert not (project.root / "site").exists()


def _status_from(clock_ns: int) -> Callable[[str], tuple[int, int, int, int, int] | None]:
    """A file's status as a filesystem with a coarse clock gives it: its times stand
    still at ``clock_ns`` whatever is written."""

    def status(path: str) -> tuple[int, int, int, int, int] | None:
        st = os.stat(path)
        return (st.st_dev, st.st_ino, st.st_size, clock_ns, clock_ns)

    return status


@pytest.mark.parametrize("settled", [False, True])
def test_an_early_reading_is_trusted_only_once_the_file_had_settled(
    settled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file rewritten at the same size within one tick of a coarse clock keeps its
    status: before it had settled the early reading leaves it to the last pass, which
    reads what it holds then; read once it had settled (no write can give it that
    status again), it is not read again."""
    now = time.time_ns()
    monkeypatch.setattr(published, "status", _status_from(now - (10**10 if settled else 0)))
    page = tmp_path / "a.html"
    page.write_text("<html><body><article>电话 23456789012 联系。</article></body></html>")
    scan = published.SiteScan(tmp_path, ())
    assert len(list(scan.early())) == (1 if settled else 0)
    page.write_text("<html><body><article>电话 13812345678 联系。</article></body></html>")
    leaks = scan.files()
    assert [leak.number.text for leak in leaks] == ([] if settled else ["13812345678"])


def test_an_early_reading_of_a_file_since_deleted_or_changed_is_forgotten(tmp_path: Path) -> None:
    """What the last pass reports is what the site holds at its end: a number read
    early in a file deleted since is not reported; one added since is."""
    gone, changed = tmp_path / "gone.html", tmp_path / "changed.txt"
    gone.write_text("<html><body><article>电话 13812345678</article></body></html>")
    changed.write_text("周六上午九点在村委会开会。")
    scan = published.SiteScan(tmp_path, ())
    list(scan.early())
    gone.unlink()
    changed.write_text("周六上午九点在村委会开会，电话 13912345678。")
    assert [(leak.where, leak.number.text) for leak in scan.files()] == [
        ("changed.txt", "13912345678")
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"BEGIN:VEVENT\r\nDESCRIPTION:a\\nb\\, c\r\n  folded\\\\n\r\nEND:VEVENT\r\n",
        b"A:1\n \n B\n\nC:\\N\\;\t\r\n\tX\r\rD\n",
        "SUMMARY:电话 138\r\n 1234 5678\r\nX:\\\\\r\n ,y".encode(),
        b"",
        b"\n \n",
        b"\xff\xfe\n bad\xe4\xb8\n",
    ],
)
def test_a_calendar_read_a_line_at_a_time_reads_as_the_whole(data: bytes) -> None:
    """The calendar is unfolded and unescaped a line at a time (a decade's meetings are
    never held as one text), to the same text as the whole file."""
    from generator.source.textview import ics_lines, lines_of

    whole = re.sub(r"\r?\n[ \t]", "", data.decode("utf-8", "replace"))  # RFC 5545 unfolding
    unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], whole)
    assert "".join(ics_lines(data)) == unescaped
    assert list(lines_of(data)) == data.decode("utf-8", "replace").splitlines()


def test_a_large_data_file_is_read_without_holding_its_text(tmp_path: Path) -> None:
    """A county's data file (10 MB at 10,000 cases) is scanned a line at a time: what
    its reading holds at most is near its own size, not several times it."""
    import tracemalloc

    record = '{"title": "居民议事会关于3号楼加装电梯的协商", "phone": "0571-8888 1234"},\n'
    data = ("[\n" + record * 40_000 + "{}]\n").encode()  # about 4 MB
    scan = published.SiteScan(tmp_path, ())
    tracemalloc.start()
    try:
        assert scan._file("data/cases.json", "cases.json", data) == []
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(data) // 2, (peak, len(data))
