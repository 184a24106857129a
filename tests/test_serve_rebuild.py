"""``noticeboard serve`` on a county of a few hundred cases: an edit rebuilds only the
pages it changed (the preview says how many it wrote), and the preview stays right:
an edited body and title show, a new case appears, a deleted case's address answers
404, a broken file shows the page of findings and its fix brings the site back;
nothing is written into ``content/``."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_serve_preview import _get, _until, serving

REPO = Path(__file__).resolve().parent.parent
COMMUNITIES, CASES = 15, 20  # 300 cases

_COUNT = re.compile(r"预览：重新生成了 (\d+) 个页面")


def _counts(log: Path) -> list[int]:
    return [int(n) for n in _COUNT.findall(log.read_text(encoding="utf-8"))]


def _content_files(project: Path) -> set[Path]:
    return {p for p in (project / "content").rglob("*")}


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:

    sys.path.insert(0, str(REPO / "bench"))
    from bench_site import generate

    project = tmp_path / "county"
    project.mkdir()
    generate(project, COMMUNITIES, CASES)
    log = tmp_path / "serve.log"
    with serving(project, log, {"PYTHONPATH": str(REPO)}) as base:
        yield project, base, log


def _rebuilt(log: Path, builds: int) -> int:
    """Pages written by build number ``builds`` (1: the first), once it is logged."""
    _until(lambda: len(_counts(log)) >= builds, f"build {builds} in the log")
    return _counts(log)[builds - 1]


def _two_builds(log: Path, before: int) -> tuple[int, int]:
    """Pages written by an edit's build and by the one it asks for right after (home,
    落实跟踪, search, statistics): the two builds logged after the ``before`` first."""
    _until(lambda: len(_counts(log)) >= before + 2, "the edit's two builds")
    counts = _counts(log)
    assert len(counts) == before + 2, counts  # and no more
    return counts[before], counts[before + 1]


def test_an_edit_rebuilds_only_its_pages_and_the_preview_stays_right(
    county: tuple[Path, str, Path],
) -> None:
    project, base, log = county
    content = project / "content"
    first = _rebuilt(log, 1)
    assert first > COMMUNITIES * CASES  # every page, the first time
    before = _content_files(project)

    # A sentence added to a case's body: that case's page, and only it, is written;
    # then the site-wide pages, none of which shows the body.
    case = content / "c003" / "2025-04.md"
    page = f"{base}/c003/2025-04/"
    _until(lambda: _get(page)[0] == 200, "the server")
    sentence = "补充说明：施工单位已进场，请居民注意出行安全。"
    with case.open("a", encoding="utf-8") as f:
        f.write(f"\n{sentence}\n")
    _until(lambda: sentence in _get(page)[1], "the edited body")
    assert _two_builds(log, 1) == (1, 0)

    # A new title: the case page and its community's page, which lists it.
    case = content / "c007" / "2026-02.md"
    text = case.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title: "))
    case.write_text(text.replace(old, "title: 关于东门停车棚改造的协商", 1), encoding="utf-8")
    _until(lambda: "关于东门停车棚改造的协商" in _get(f"{base}/c007/")[1], "the new title")
    assert "关于东门停车棚改造的协商" in _get(f"{base}/c007/2026-02/")[1]
    edit, site_wide = _two_builds(log, 3)
    assert edit == 2 and site_wide <= 4  # the case and its community; lists of cases

    # A new case appears; deleted, its address answers 404.
    new = content / "c007" / "2026-11.md"
    text = (content / "c007" / "2026-10.md").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title: "))
    new.write_text(text.replace(old, "title: 关于新增快递柜位置的协商", 1), encoding="utf-8")
    _until(lambda: _get(f"{base}/c007/2026-11/")[0] == 200, "the new case's page")
    assert "关于新增快递柜位置的协商" in _get(f"{base}/c007/2026-11/")[1]
    assert "关于新增快递柜位置的协商" in _get(f"{base}/c007/")[1]
    edit, site_wide = _two_builds(log, 5)
    assert edit == 2 and 1 <= site_wide <= 4  # the statistics count one case more
    new.unlink()
    _until(lambda: _get(f"{base}/c007/2026-11/")[0] == 404, "the deleted case's 404")
    assert "关于新增快递柜位置的协商" not in _get(f"{base}/c007/")[1]
    _two_builds(log, 7)

    # A broken file: the page of findings at its case's address; fixed, the site again.
    case = content / "c011" / "2026-05.md"
    page = f"{base}/c011/2026-05/"
    good = case.read_text(encoding="utf-8")
    posted = next(line for line in good.splitlines() if line.startswith("  posted: "))
    case.write_text(good.replace(posted, "  posted: 2026-12-31"), encoding="utf-8")
    _until(lambda: "预览暂停" in _get(page)[1], "the page of findings")
    assert "content/c011/2026-05.md 第" in _get(page)[1] and "date-order" in _get(page)[1]
    # Broken another way: the page of findings says so (not the one served before).
    title = next(line for line in good.splitlines() if line.startswith("title: "))
    case.write_text(good.replace(title, "title: [未写完"), encoding="utf-8")
    _until(lambda: "date-order" not in _get(page)[1], "the new findings")
    assert "预览暂停" in _get(page)[1]
    case.write_text(good, encoding="utf-8")
    _until(lambda: "预览暂停" not in _get(page)[1] and _get(page)[0] == 200, "the site again")
    assert "预览暂停" not in _get(f"{base}/")[1]
    # The pages that showed the findings (home, the village's pages) are written again.
    assert _counts(log)[-1] <= CASES + 5

    # Nothing of the preview's in content/ (the new case was ours, and is gone).
    assert _content_files(project) == before

    # Each page the rebuilds wrote is the page a full build writes.
    _until(lambda: len(_counts(log)) >= 10, "the fix's build (home too: it showed the findings)")
    pages = ["c003/2025-04/", "c007/2026-02/", "c007/", "", "tracker/", "stats/", "search/"]
    scoped = {page: _same(_get(f"{base}/{page}")[1]) for page in pages}
    built = len(_counts(log))
    with (project / "site_config.yml").open("a", encoding="utf-8") as f:
        f.write("# 保存设置：全部重新生成\n")
    assert _rebuilt(log, built + 1) > COMMUNITIES * CASES
    _until(lambda: _get(f"{base}/")[0] == 200, "the full build")
    assert {page: _same(_get(f"{base}/{page}")[1]) for page in pages} == scoped


def _same(html: str) -> str:
    """A page without what differs between two builds of the same content: the time
    it was rendered, the live-reload script's build number."""
    html = re.sub(r"更新于 <time>[^<]*</time>", "", html)
    return re.sub(r"livereload\(\d+, \d+\)", "", html)
