"""A file's content hash known from its status (``generator.content_digests``): an
unchanged file is not read to be keyed, and nothing that changed is taken for unchanged."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, cli_build

from generator import content_digests
from generator.buildcache import CACHE_SUBDIR, DIGESTS
from generator.content_digests import ContentDigests, digest_of
from generator.source.gate import Gate


class _Reads:
    """A ``read`` that counts the files it reads."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def __call__(self, path: Path) -> bytes:
        self.paths.append(path)
        return path.read_bytes()


def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (the window is for coarse
    clocks; these tests wait out the kernel's tick themselves)."""
    monkeypatch.setattr(content_digests, "SETTLED_NS", 0)
    time.sleep(0.05)


def test_a_settled_file_is_not_read_again_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = tmp_path / "2026-01.md"
    case.write_text("标题：楼道灯", encoding="utf-8")
    _settled(monkeypatch)
    kept = tmp_path / "digests"
    first = ContentDigests(kept)
    reads = _Reads()
    assert first.digest(case, reads) == digest_of(case.read_bytes())
    first.save()

    second, reads = ContentDigests(kept), _Reads()
    assert second.digest(case, reads) == digest_of(case.read_bytes())
    assert reads.paths == []  # known from its status

    time.sleep(0.05)
    case.write_text("标题：路灯灯", encoding="utf-8")  # the same size, other bytes
    third, reads = ContentDigests(kept), _Reads()
    assert third.digest(case, reads) == digest_of("标题：路灯灯".encode())
    assert reads.paths == [case]


def test_a_file_written_just_now_is_not_remembered(tmp_path: Path) -> None:
    """Two writes within one tick of a coarse clock may leave the same status: a file
    changed within ``SETTLED_NS`` of its reading is read again next time."""
    case = tmp_path / "2026-01.md"
    case.write_text("标题：楼道灯", encoding="utf-8")
    digests = ContentDigests(tmp_path / "digests")
    digests.digest(case, _Reads())
    assert digests.used == {}
    case.write_text("标题：路灯灯", encoding="utf-8")
    reads = _Reads()
    assert digests.digest(case, reads) == digest_of("标题：路灯灯".encode())
    assert reads.paths == [case]


def test_a_file_swapped_for_a_link_is_read_through_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path whose status was remembered, now a link (to a copy of the same bytes):
    the reader (the gate, which refuses links leading out) is asked, not the memory."""
    case, outside = tmp_path / "2026-01.md", tmp_path / "outside.md"
    case.write_text("标题：楼道灯", encoding="utf-8")
    _settled(monkeypatch)
    kept = tmp_path / "digests"
    first = ContentDigests(kept)
    first.digest(case, _Reads())
    first.save()
    shutil.copy2(case, outside)
    case.unlink()
    case.symlink_to(outside)

    def refuse(path: Path) -> bytes:
        raise PermissionError(path)

    with pytest.raises(PermissionError):
        ContentDigests(kept).digest(case, refuse)


def test_only_the_files_asked_for_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("甲", encoding="utf-8")
    b.write_text("乙", encoding="utf-8")
    _settled(monkeypatch)
    kept = tmp_path / "digests"
    first = ContentDigests(kept)
    first.digest(a, _Reads())
    first.digest(b, _Reads())
    first.save()
    b.unlink()
    second = ContentDigests(kept)
    second.digest(a, _Reads())
    second.save()
    assert set(ContentDigests(kept).known()) == {os.path.abspath(a)}


@pytest.mark.parametrize("workers", [False, True], ids=["one-process", "workers"])
def test_a_rebuild_reads_no_unchanged_file_and_follows_an_edit_of_the_same_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """Through the CLI on the example county: a second build keys every clerk's file
    from its status (none read to be keyed); a case then edited without changing its
    size is read, and its page shows the edit, as a build without the cache does.
    With ``workers`` the first build's files are parsed by worker processes (as a
    county's are on a full build): the hashes they learnt are kept all the same."""
    root = tmp_path / "county"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    _settled(monkeypatch)
    jobs = ["--jobs", "2"] if workers else ["--jobs", "1"]
    if workers:
        monkeypatch.setattr("generator.model.loadpool.MIN_FILES_FOR_WORKERS", 0)
    assert cli_build(root, tmp_path / "site1", *jobs).exit_code == 0
    kept = ContentDigests(root / CACHE_SUBDIR / DIGESTS).known()
    files = {
        os.path.abspath(p) for p in (root / "content").glob("*/*") if p.suffix in (".md", ".yml")
    }
    assert files and files <= set(kept)

    log = tmp_path / "read.log"  # the build runs in a forked process: it writes here
    log.touch()

    def read_for_key(gate: Gate) -> Callable[[Path], bytes]:
        def read(path: Path) -> bytes:
            with log.open("a", encoding="utf-8") as f:
                f.write(f"{path}\n")
            return gate.read_bytes(path)

        return read

    for module in ("generator.model.load", "generator.model.loadpool"):
        monkeypatch.setattr(f"{module}.read_for_key", read_for_key)
    assert cli_build(root, tmp_path / "site2", *jobs).exit_code == 0
    assert log.read_text(encoding="utf-8") == ""

    case = root / "content" / "xiguan" / "2026-01.md"
    text = case.read_text(encoding="utf-8")
    assert "楼道" in text
    time.sleep(0.05)
    case.write_text(text.replace("楼道", "走廊", 1), encoding="utf-8")  # same size
    assert cli_build(root, tmp_path / "site3", *jobs).exit_code == 0
    assert log.read_text(encoding="utf-8").splitlines() == [str(case)]
    page = (tmp_path / "site3" / "xiguan" / "2026-01" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "site4"
    assert cli_build(root, clean, "--no-cache").exit_code == 0
    assert page == (clean / "xiguan" / "2026-01" / "index.html").read_text(encoding="utf-8")


def test_a_folders_photo_is_hashed_once_and_again_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Gate.read_tree`` (the key of ``check``'s folder parts) remembers a photo's
    hash by its status, and hashes it again once it changed (same size, other bytes)."""
    folder = tmp_path / "content" / "xiguan"
    (folder / "photos").mkdir(parents=True)
    photo = folder / "photos" / "a.jpg"
    photo.write_bytes(b"\xff\xd8" + b"1" * 100)
    _settled(monkeypatch)
    gate, kept = Gate(tmp_path / "content"), tmp_path / "digests"

    def photo_hash(digests: ContentDigests) -> bytes:
        tree = gate.read_tree(folder, lambda name: False, 1000, digests)
        assert tree is not None
        return next(entry[2] for entry in tree[1] if entry[0] == "photos/a.jpg")

    first = ContentDigests(kept)
    before = photo_hash(first)
    first.save()
    assert set(ContentDigests(kept).known()) == {os.path.abspath(photo)}
    again = ContentDigests(kept)
    assert photo_hash(again) == before and again.used == ContentDigests(kept).known()
    time.sleep(0.05)
    photo.write_bytes(b"\xff\xd8" + b"2" * 100)
    assert photo_hash(ContentDigests(kept)) != before


def test_an_instance_without_a_file_recalls_what_it_learnt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor keeps one instance for its life, with no file: a settled photo it
    hashed once is not read again for the next check."""
    case = tmp_path / "a.jpg"
    case.write_bytes(b"\xff\xd8" + b"1" * 100)
    _settled(monkeypatch)
    digests, reads = ContentDigests(None), _Reads()
    first = digests.digest(case, reads)
    assert digests.digest(case, reads) == first
    assert reads.paths == [case]
