"""Every file that passes ``check`` builds, in bounded time (issue 20, item 8): what
cannot be built is a finding at its line, and the build stops cleanly (no traceback)
well within its timeout."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from conftest import TODAY, TempProject

from generator.check.rules.markup import MAX_BRACKETS_PER_PARAGRAPH, MAX_NESTING, find_too_complex
from generator.source.media import clean_pdf, pdf_problem

BODY_END = "居民们发表了意见，见[会议纪要](https://xs.example.cn/xiguan/)。"


def _body(extra: str):  # -> (replacement,)
    return (BODY_END, BODY_END + "\n\n" + extra + "\n")


def pdf_with_names_number() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/Names")] = NumberObject(7)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CASES = {
    "nested-list-markers": (_body("- " * 800 + "x"), "markup-too-complex", 76),
    "nested-quotes": (_body(">" * 2000 + " x"), "markup-too-complex", 76),
    "deep-indentation": (
        _body("\n".join("  " * i + "- x" for i in range(400))),
        "markup-too-complex",
        None,
    ),
    "brackets": (_body("[" * 50000), "markup-too-complex", 76),
    "bracket-links": (_body("[x](" * 3000), "markup-too-complex", 76),
    "surrogate-title": (
        ("title: 关于3号楼加装电梯的协商", 'title: "关于\\ud800加装电梯"'),
        "invisible-character",
        2,
    ),
    "surrogate-key": (("  host: 王主任", '  "\\udc80": 王主任'), "invisible-character", 17),
}


def _run(project: TempProject, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", command, "--today", TODAY]
        + (["--no-posters"] if command == "build" else []),
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_unbuildable_input_is_a_finding_and_the_build_stops_cleanly(
    name: str, project: TempProject
) -> None:
    replacement, code, line = CASES[name]
    project.case_with(replacement)
    _exit, findings = project.check_json()
    assert [(f["code"], f["line"]) for f in findings if f["code"] == code], findings
    if line is not None:
        assert any(f["code"] == code and f["line"] == line for f in findings), findings
    done = _run(project, "build")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Traceback" not in out and "Error" not in out, out
    assert code in out


def test_pdf_with_a_malformed_names_entry(project: TempProject) -> None:
    data = pdf_with_names_number()
    assert clean_pdf(data)  # cleaned, not a TypeError
    assert pdf_problem(data) is None
    case = project.case_with(
        ("  - file: minutes.jpg\n    title: 会议纪要扫描件", "  - file: m.pdf\n    title: 纪要")
    )
    (case.with_suffix("") / "m.pdf").write_bytes(data)
    done = _run(project, "build")
    assert done.returncode == 0, done.stdout + done.stderr


def test_limits() -> None:
    assert find_too_complex("- " * MAX_NESTING + "x") == []
    assert find_too_complex("- " * (MAX_NESTING + 1) + "x")
    assert find_too_complex("[" * MAX_BRACKETS_PER_PARAGRAPH) == []
    assert find_too_complex("[" * (MAX_BRACKETS_PER_PARAGRAPH + 1))
    assert find_too_complex("\n\n".join(["[x] " * 150] * 14))  # 2,100 in all
    assert find_too_complex("1. 2. 3. 第一项\n    - 子项\n        > 引用") == []
