"""The corpus of broken files (tests/corpus/expected.yml), each one mistake in an
otherwise valid case or community.yml, run through the real ``noticeboard check``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest
import yaml
from conftest import CORPUS, TODAY, TempProject

from generator.messages import CODES

ENTRIES = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
DEFAULT_AS = "content/xiguan/2026-02.md"


def _entry_id(entry: dict) -> str:
    return entry.get("file") or entry["generate"]


def _alias_bomb() -> str:
    lines = ["---", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghijklmnopqrstuvwxyz":
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    return "\n".join([*lines, "---", ""])


def _deep_mappings() -> str:
    lines = ["---", "title: 深层嵌套"]
    for depth in range(60):
        lines.append("  " * depth + f"k{depth}:")
    lines[-1] += " 1"
    return "\n".join([*lines, "---", ""])


def generate(name: str, project: TempProject) -> None:
    """Make the files of a ``generate:`` entry (bytes a text file cannot hold)."""
    base = project.base_case()
    target = project.root / DEFAULT_AS
    if name == "gbk":
        project.add_case("2026-02.md", base.encode("gb18030").decode("latin-1"), with_files=True)
        target.write_bytes(base.encode("gb18030"))
    elif name == "utf16":
        project.add_case("2026-02.md", "")
        target.write_bytes(base.encode("utf-16"))
    elif name == "empty":
        project.write(DEFAULT_AS, b"")
    elif name == "whitespace":
        project.write(DEFAULT_AS, b"  \n\n\t\n")
    elif name == "binary":
        project.write(DEFAULT_AS, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    elif name == "nul-in-text":
        project.write(DEFAULT_AS, "---\ntitle: 议题\nform\x00: 恳谈会\n---\n")
    elif name == "alias-bomb":
        project.write(DEFAULT_AS, _alias_bomb())
    elif name == "huge":
        with open(project.root / DEFAULT_AS, "wb") as out:
            out.write(base.encode("utf-8"))
            out.write(b"a" * (50 * 1024 * 1024))
    elif name == "deep-brackets":
        project.write(DEFAULT_AS, "---\ntitle: " + "[" * 20000 + "]" * 20000 + "\n---\n")
    elif name == "deep-mappings":
        project.write(DEFAULT_AS, _deep_mappings())
    elif name == "broken-symlink":
        os.symlink(project.community / "nowhere.md", target)
    elif name == "symlink-outside":
        project.add_case("2026-02.md", base)
        scan = target.with_suffix("") / "minutes.jpg"
        scan.unlink()
        secret = project.root / "secret.jpg"
        secret.write_bytes(b"not for the site")
        os.symlink(secret, scan)
    elif name == "bad-case-id":
        project.write("content/xiguan/2026-3.md", base)
    elif name == "hidden-extension":
        project.write("content/xiguan/2026-02.md.txt", base)
    elif name == "bad-community-id":
        project.write("content/XiGuan/community.yml", project.base_community())
    elif name == "community-missing":
        project.write("content/dongcheng/2026-01.md", base)
    elif name == "duplicate-id":
        project.add_case("2026-001.md", base)
    elif name == "moved-from-twice":
        moved = base.replace("attachments:\n", "moved_from:\n  - xiguan/2025-09\nattachments:\n")
        project.add_case("2026-02.md", moved)
        project.add_case("2026-03.md", moved)
    elif not hostile.generate(name, project):
        raise AssertionError(f"no generator for {name}")


def install(entry: dict, project: TempProject) -> None:
    if "generate" in entry:
        generate(entry["generate"], project)
        return
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    target = entry.get("as", DEFAULT_AS)
    if entry.get("village"):  # the base community as a 村
        project.community_with(("kind: 社区", "kind: 村"))
    if entry.get("representatives"):  # its count of 居(村)民代表
        count = entry["representatives"]
        community = project.base_community().replace(
            "kind: 社区", "kind: 村" if entry.get("village") else "kind: 社区"
        )
        project.write("content/xiguan/community.yml", community + f"representatives: {count}\n")
    if target.endswith(".md"):
        project.add_case(Path(target).name, text, with_files=entry.get("folder", True))
    else:
        project.write(target, text)


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_corpus_file_gives_its_code_at_its_line(entry: dict, project: TempProject) -> None:
    install(entry, project)
    started = time.monotonic()
    exit_code, findings = project.check_json(entry.get("today", TODAY))
    assert time.monotonic() - started < 20, "check must not hang on any input"

    where = entry.get("in", entry.get("as", DEFAULT_AS))
    expected = (entry["code"], entry["line"])
    found = [(f["code"], f["line"]) for f in findings if project.relative(f["path"]) == where]
    if entry["line"] is None:
        assert entry["code"] in [code for code, _ in found], findings
    else:
        assert expected in found, findings

    # Exactly one mistake: nothing else anywhere, except what that mistake also causes.
    allowed = {entry["code"]} | {code for code, _line in entry.get("also", [])}
    assert {f["code"] for f in findings} <= allowed, findings

    severity = CODES[entry["code"]].severity
    assert exit_code == (1 if severity == "error" else 0)
    for f in findings:
        assert f["severity"] == CODES[f["code"]].severity
        assert f["message"] and "{" not in f["message"] and "{" not in f["hint"], f
        assert f["column"] >= 1


def test_every_code_is_in_the_corpus_or_tested_elsewhere() -> None:
    covered = {entry["code"] for entry in ENTRIES}
    elsewhere = {"config-invalid"}  # site_config.yml problems: test_config_invalid_exits_2 below
    # off unless site_config.yml sets rules.outcome_due_days: tests/test_policy_sources.py
    elsewhere.add("outcome-pending")
    # the published-address guard, tombstones and hidden folders: tests/test_site_guard.py
    elsewhere |= {
        "address-lost",
        "base-url-changed",
        "hidden-community",
        "withdrawn-invalid",
        "withdrawn-still-present",
    }
    # a scanned PDF on a machine without Tesseract: tests/test_pdf_attachments.py
    elsewhere.add("pdf-ocr-unavailable")
    assert set(CODES) - covered - elsewhere == set()


@pytest.mark.parametrize("path", sorted((CORPUS / "keep").glob("*.md")), ids=lambda p: p.stem)
def test_files_that_keep_the_rules_give_nothing(path: Path, project: TempProject) -> None:
    project.add_case("2026-02.md", path.read_text(encoding="utf-8"))
    exit_code, findings = project.check_json()
    assert findings == []
    assert exit_code == 0


def test_base_project_is_clean(project: TempProject) -> None:
    assert project.check_json() == (0, [])


def test_utf8_bom_is_accepted(project: TempProject) -> None:
    project.write(DEFAULT_AS, b"\xef\xbb\xbf" + project.base_case().encode("utf-8"))
    project.add_case("2026-02.md", "\ufeff" + project.base_case())
    assert project.check_json() == (0, [])


def test_windows_line_endings_are_accepted(project: TempProject) -> None:
    project.add_case("2026-02.md", project.base_case().replace("\n", "\r\n"))
    assert project.check_json() == (0, [])


def test_text_output_names_file_line_and_fix(project: TempProject) -> None:
    project.case_with(("  place: 社区议事厅", "  place：社区议事厅"))
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "check", "--today", TODAY],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("content/xiguan/2026-02.md:16:8: 错误 fullwidth-colon ")
    assert "place: " in first  # the fix, spelled out
    assert result.stdout.splitlines()[-1].startswith("检查了 3 个文件：1 个错误")


def test_warnings_alone_exit_0(project: TempProject) -> None:
    project.case_with(("  until: 2026-03-09", "  until: 2026-03-06"))
    exit_code, findings = project.check_json()
    assert exit_code == 0
    assert [f["code"] for f in findings] == ["notice-too-short"]
    assert set(findings[0]) == {"path", "line", "column", "severity", "code", "message", "hint"}


def test_config_invalid_exits_2(project: TempProject) -> None:
    project.config("rules:\n  quorum: 三分之二\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "check", "--today", TODAY],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "config-invalid" in result.stderr and "rules.quorum" in result.stderr
    assert "Traceback" not in result.stderr


def test_50_mb_file_is_fast(project: TempProject) -> None:
    generate("huge", project)
    started = time.monotonic()
    codes = [code for code, _path, _line in project.findings()]
    assert codes == ["file-too-large"]
    assert time.monotonic() - started < 5
