"""One Pagefind process spoken to directly (generator/site/pagefind_process.py): it
indexes slice after slice and two at once, and a Pagefind that ends or answers badly
is an error, never a hang or a file outside the bundle."""

from __future__ import annotations

import base64
import concurrent.futures
import gzip
import json
import threading
from pathlib import Path

import pytest

from generator.site.pagefind_process import PagefindFailed, PagefindProcess, write_bundle
from generator.site.search_index import CONFIG

PAGE = (
    '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body>'
    "<div data-pagefind-body><h1>{title}</h1><p>{text}</p></div></body></html>"
)


def _pages(root: Path, folders: dict[str, list[str]]) -> None:
    for folder, texts in folders.items():
        for i, text in enumerate(texts):
            page = root / folder / f"p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(PAGE.format(title=f"{folder} {i}", text=text), encoding="utf-8")


def test_one_process_indexes_slices_one_after_another_and_two_at_once(tmp_path: Path) -> None:
    _pages(tmp_path / "in", {"a": ["加装电梯", "垃圾分类"], "b": ["路灯安装"], "c": ["广场舞"]})
    with PagefindProcess() as pagefind:
        first = pagefind.index(tmp_path / "in", "a/**/*.html", tmp_path / "out-a", CONFIG)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            both = list(
                pool.map(
                    lambda f: pagefind.index(
                        tmp_path / "in", f"{f}/**/*.html", tmp_path / f"out-{f}", CONFIG
                    ),
                    ["b", "c"],
                )
            )
    assert (first, both) == (2, [1, 1])
    for name in ("out-a", "out-b", "out-c"):
        entry = json.loads((tmp_path / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        meta = tmp_path / name / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta"
        assert meta.stat().st_size > 0
        assert all(p.stat().st_size for p in (tmp_path / name).rglob("*") if p.is_file())


def test_a_pagefind_that_ends_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "pagefind"
    gone.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    gone.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(gone))
    with PagefindProcess() as pagefind, pytest.raises(PagefindFailed):
        pagefind.index(tmp_path, "**/*.html", tmp_path / "out", CONFIG)


def test_an_answer_naming_a_file_outside_the_bundle_is_refused(tmp_path: Path) -> None:
    content = base64.b64encode(b"x").decode()
    with pytest.raises(PagefindFailed):
        write_bundle(tmp_path / "out", [{"path": "../escaped.js", "content": content}])
    assert not (tmp_path / "escaped.js").exists()
    write_bundle(tmp_path / "out", [{"path": "fragment/a.pf_fragment", "content": content}])
    assert (tmp_path / "out" / "fragment" / "a.pf_fragment").read_bytes() == b"x"


def test_pages_given_as_text_are_indexed_at_their_addresses(tmp_path: Path) -> None:
    """Hundreds of pages, no file: all sent before the first answer is awaited, each
    indexed at the address given; a Pagefind that stops answering fails the test
    instead of hanging it."""
    text = "村里加装电梯的方案，居民代表逐户征求意见。" * 200  # ~12 KB a page
    pages = [(f"/c{i:03d}/2026-01/", PAGE.format(title=f"议题{i}", text=text)) for i in range(400)]
    result: list[int] = []
    with PagefindProcess() as pagefind:
        worker = threading.Thread(
            target=lambda: result.append(pagefind.index(pages, "", tmp_path / "out", CONFIG))
        )
        worker.start()
        worker.join(timeout=120)
        assert not worker.is_alive(), "no answer from Pagefind in two minutes"
    assert result == [400]
    fragments = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])["url"]
        for p in (tmp_path / "out" / "fragment").iterdir()
    ]
    assert sorted(fragments) == sorted(url for url, _html in pages)
