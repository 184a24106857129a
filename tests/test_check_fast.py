"""``noticeboard check`` in parts (``generator.check.checking``): exactly the findings of the
build's full analysis, cold or warm, on one core or two; a damaged cache or one from
another version gives the same answer as none; an edit is always seen.

The fixture is one county holding the whole broken-files corpus at once: every entry
of tests/corpus/expected.yml installed in a community folder of its own (its mistake
and whatever the loader and the gate make of it), plus mistakes across communities
(links between cases, old addresses claimed twice, a ledger number used twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE, TODAY, TempProject
from test_check_cli import ENTRIES, install

from generator.check import checking
from generator.check.checking import check_project
from generator.check.project import analyse_config
from generator.source.settings import load_config

DAY = dt.date.fromisoformat(TODAY)
SLOW = {"huge"}  # 50 MB of text: covered by test_check_cli, too slow to copy around


def _county(tmp_path: Path, entries: int | None = None) -> TempProject:
    """The corpus (its first ``entries``) in one project, one community folder each."""
    root = tmp_path / "county"
    shutil.copytree(BASE, root)
    county = TempProject(root)
    county.add_case("2026-01.md", county.base_case())
    corpus = [e for e in ENTRIES if e.get("generate") not in SLOW][:entries]
    for i, entry in enumerate(corpus):
        scratch_root = tmp_path / "scratch" / f"{i:03d}"
        shutil.copytree(BASE, scratch_root)
        scratch = TempProject(scratch_root)
        scratch.add_case("2026-01.md", scratch.base_case())
        install(entry, scratch)
        if entry.get("today"):
            continue  # checked for another day: its mistake would not show on TODAY
        for folder in sorted((scratch_root / "content").iterdir()):
            name = "k" if folder.name == "xiguan" else folder.name
            os.rename(folder, root / "content" / f"{name}{i:03d}")
    # Across communities: links to cases elsewhere, an old address claimed twice.
    base = county.base_case()
    related = "related:\n  - k001/2026-01\n  - k002/2026-07\n  - k003/2026-1\n"
    county.write(
        "content/xiguan/2026-05.md", base.replace("attachments:\n", related + "attachments:\n")
    )
    moved = "moved_from:\n  - k004/2025-09\n"
    county.write(
        "content/k005/2026-06.md", base.replace("attachments:\n", moved + "attachments:\n")
    )
    county.write(
        "content/k006/2026-06.md", base.replace("attachments:\n", moved + "attachments:\n")
    )
    county.write("content/k007/2026-1.md", base)  # the ledger entry of 2026-01.md again
    return county


@pytest.fixture
def county(tmp_path: Path) -> TempProject:
    return _county(tmp_path)


@pytest.fixture
def small(tmp_path: Path) -> TempProject:
    """The first few corpus entries, for the tests that check again and again."""
    return _county(tmp_path, entries=12)


def _odd(name: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name)


def _unusual(project: TempProject) -> int:
    """Community folders the gate wants read one file at a time."""
    count = 0
    for folder in (project.root / "content").iterdir():
        if not folder.is_dir() or folder.is_symlink() or _odd(folder.name) or folder.name[0] == ".":
            continue  # not a community folder the loader reads
        entries = list(folder.rglob("*"))
        if any(p.is_symlink() or not (p.is_file() or p.is_dir()) or _odd(p.name) for p in entries):
            count += 1
    return count


def _reference(project: TempProject) -> list:
    """The build's findings: every file loaded, every rule run over the whole county."""
    return analyse_config(load_config(project.root), DAY).findings


def _check(project: TempProject, *, cache: bool = True, jobs: int = 1) -> checking.Checked:
    return check_project(load_config(project.root), DAY, cache=cache, jobs=jobs)


def _cli(project: TempProject, *args: str) -> str:
    from generator.cli.commands import cli

    result = CliRunner().invoke(
        cli, ["check", "--project", str(project.root), "--today", TODAY, *args]
    )
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.stdout


def test_fixture_has_many_kinds_of_problems(county: TempProject) -> None:
    codes = {f.code for f in _reference(county)}
    for code in (
        "related-missing",
        "moved-from-conflict",
        "duplicate-id",
        "link-outside",
        "personal-id",
        "yaml-syntax",
        "bad-date",
        "quorum-short",
        "path-missing",
        "community-missing",
        "bad-community-id",
        "yearly-minimum",
    ):
        assert code in codes, (code, sorted(codes))
    assert len(codes) > 60, sorted(codes)


def test_cold_warm_one_and_two_cores_equal_the_full_analysis(
    county: TempProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = county
    reference = _reference(project)
    monkeypatch.setattr(checking, "MIN_FILES_FOR_WORKERS", 0)  # workers even for a few files
    cold_one = _check(project, cache=False, jobs=1)
    cold_two = _check(project, cache=False, jobs=2)
    first = _check(project, jobs=2)  # fills the cache
    warm = _check(project, jobs=2)
    warm_one = _check(project, jobs=1)
    for run in (cold_one, cold_two, first, warm, warm_one):
        assert run.findings == reference  # same findings, fields and order
    assert first.reused == 0
    # Every folder reused but those holding a link, a FIFO or a name with a control
    # character (checked afresh each time).
    assert warm.reused == warm.parts - _unusual(project) > 100
    assert sorted(cold_one.files) == sorted(warm.files)

    no_cache, cached = _cli(project, "--no-cache"), _cli(project)
    assert cached == no_cache
    listed = "".join(f.as_text() + "\n" for f in reference)  # a name may hold a line break
    assert no_cache.startswith(listed) and no_cache[len(listed) :].startswith("检查了")
    assert _cli(project, "--format", "json") == _cli(project, "--format", "json", "--no-cache")


def test_paths_limit_the_output_not_the_rules(small: TempProject, tmp_path: Path) -> None:
    project = small
    _cli(project)
    folder = project.root / "content" / "xiguan"
    shown = _cli(project, str(folder))
    mine = [f for f in _reference(project) if Path(f.path).parent.name == "xiguan"]
    assert shown.startswith("".join(f.as_text() + "\n" for f in mine))
    assert "related-missing" in shown  # a cross-community finding
    assert shown == _cli(project, "--no-cache", str(folder))


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":  # one bit, in the findings
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif how == "wrong-type":  # well-formed, its hash right, holding something else
        payload = pickle.dumps({"findings": []})
        path.write_bytes(hashlib.blake2b(payload, digest_size=32).digest() + payload)
    else:
        path.write_bytes(b"")


def test_damaged_cache_gives_the_answer_of_no_cache(county: TempProject) -> None:
    reference = _reference(county)
    kept = county.root / ".cache" / "build" / "check"
    for how in ("garbage", "truncated", "flipped", "wrong-type", "empty"):
        assert _check(county).findings == reference  # the cache filled (again)
        assert sorted(kept.iterdir())
        for path in sorted(kept.iterdir()):
            _damage(path, how)
        again = _check(county)
        assert again.reused == 0, how
        assert again.findings == reference, how


def test_cache_of_another_version_is_ignored(
    small: TempProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = small
    reference = _reference(project)
    with monkeypatch.context() as patch:
        patch.setattr(checking, "code_stamp", lambda: "an older noticeboard")
        older = _check(project)
        assert older.findings == reference and older.reused == 0
        assert _check(project).reused > 0
    newer = _check(project)
    assert newer.reused == 0
    assert newer.findings == reference


def test_an_edit_is_seen(small: TempProject, tmp_path: Path) -> None:
    project = small
    _check(project)
    case = project.root / "content" / "xiguan" / "2026-01.md"
    before = case.read_text(encoding="utf-8")

    def codes() -> list[tuple[str, int]]:
        run = _check(project)
        assert run.findings == _reference(project)
        return [(f.code, f.line) for f in run.findings if f.path.endswith("xiguan/2026-01.md")]

    assert codes() == []
    # A personal number typed into the body: the gate's text scan must see it.
    case.write_text(before + "\n联系人电话 13812345678\n", encoding="utf-8")
    assert [code for code, _ in codes()] == ["personal-mobile"]
    case.write_text(before, encoding="utf-8")
    assert codes() == []
    # The same size, one character changed: a date that does not exist.
    case.write_text(before.replace("  date: 2026-03-02", "  date: 2026-02-32", 1), encoding="utf-8")
    assert ("bad-date", 6) in codes()
    case.write_text(before, encoding="utf-8")
    assert codes() == []
    # A photo removed from the case's folder (not a clerk's text file: keyed by its state).
    photo = case.with_suffix("") / "photo1.jpg"
    data = photo.read_bytes()
    photo.unlink()
    assert "path-missing" in [code for code, _ in codes()]
    photo.write_bytes(data)
    assert codes() == []


def test_the_gate_still_judges_a_cached_folder(small: TempProject, tmp_path: Path) -> None:
    project = small
    _check(project)
    case = project.root / "content" / "xiguan" / "2026-01.md"
    secret = tmp_path / "secret.md"
    shutil.copy(case, secret)
    case.unlink()
    os.symlink(secret, case)  # the same bytes, now through a link leading out
    run = _check(project)
    assert run.findings == _reference(project)
    assert "link-outside" in [f.code for f in run.findings if f.path.endswith("xiguan/2026-01.md")]
    case.unlink()
    os.mkfifo(case)
    run = _check(project)
    assert run.findings == _reference(project)
    assert "not-regular-file" in [f.code for f in run.findings if "xiguan/2026-01" in f.path]


def test_a_photo_changed_in_place_is_seen(small: TempProject) -> None:
    """Same size, same modification time, other bytes: the photo's hash changes."""
    project = small
    _check(project)
    photo = project.root / "content" / "xiguan" / "2026-01" / "photo1.jpg"
    before, times = photo.read_bytes(), os.stat(photo)
    photo.write_bytes(b"%PDF" + bytes(len(before) - 4))  # not a photo any more
    os.utime(photo, ns=(times.st_atime_ns, times.st_mtime_ns))
    run = _check(project)
    assert run.findings == _reference(project)
    assert [f for f in run.findings if f.path.endswith("xiguan/2026-01.md")]
    photo.write_bytes(before)
    run = _check(project)
    assert run.findings == _reference(project)
    assert not [f for f in run.findings if f.path.endswith("xiguan/2026-01.md")]


def test_a_fresh_clone_keeping_the_cache_reuses_it(small: TempProject, tmp_path: Path) -> None:
    """CI: the same files checked out again (new inodes and times), .cache/ kept."""
    project = small
    first = _check(project)
    content = project.root / "content"
    shutil.move(content, tmp_path / "old-content")
    shutil.copytree(tmp_path / "old-content", content, symlinks=True)
    again = _check(project)
    assert again.findings == first.findings == _reference(project)
    assert again.reused == again.parts - _unusual(project)


def test_a_new_day_checks_again_only_the_folder_asked_for(small: TempProject) -> None:
    """Deadlines move with the date, so a part is kept for one day; what the
    cross-community rules need of a folder is not, and answers for the folders a
    ``check content/<village>/`` does not show."""
    from generator.findings import within

    project = small
    _cli(project)  # yesterday's check fills the cache
    folder = project.root / "content" / "xiguan"
    next_day = DAY + dt.timedelta(days=1)
    config = load_config(project.root)
    run = check_project(config, next_day, shown=lambda f: f == folder)
    assert run.reused == run.parts - 1 - _unusual(project) > 5
    cold = check_project(config, next_day, cache=False)
    assert within(run.findings, [folder]) == within(cold.findings, [folder])
    assert "related-missing" in {f.code for f in within(cold.findings, [folder])}
    assert sorted(run.files) == sorted(cold.files)
    # A check of the whole county shows every folder: no summary stands in.
    whole = check_project(config, next_day)
    assert whole.findings == cold.findings
    assert whole.reused == 1  # xiguan, checked for that day above
    later = (next_day + dt.timedelta(days=1)).isoformat()
    shown = _cli(project, "--today", later, str(folder))
    assert shown == _cli(project, "--today", later, "--no-cache", str(folder))
