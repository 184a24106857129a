"""Photos and attachments inside the case's folder."""

from __future__ import annotations

import os

import pytest
from conftest import TINY_JPEG, TempProject, codes_at

CASE = "content/xiguan/2026-02.md"
ATTACHMENT = "  - file: minutes.jpg"


def test_file_in_a_subfolder_and_windows_separators(project: TempProject) -> None:
    path = project.case_with((ATTACHMENT, "  - file: scans\\minutes.jpg"))
    (path.with_suffix("") / "scans").mkdir()
    (path.with_suffix("") / "scans" / "minutes.jpg").write_bytes(TINY_JPEG)
    assert project.findings() == []


@pytest.mark.parametrize(
    "written",
    [
        "/etc/passwd",
        "C:/Users/admin/minutes.jpg",
        "\\\\server\\share\\minutes.jpg",
        "https://example.com/minutes.jpg",
        "../../../site_config.yml",
        "sub/../../2026-01/minutes.jpg",
        "~/minutes.jpg",
    ],
)
def test_paths_outside_the_case_folder(project: TempProject, written: str) -> None:
    project.case_with((ATTACHMENT, f"  - file: '{written}'"))
    assert codes_at(project.findings(), CASE) == [("path-outside", 59)]


def test_dotdot_that_stays_inside_is_fine(project: TempProject) -> None:
    project.case_with((ATTACHMENT, "  - file: sub/../minutes.jpg"))
    (project.community / "2026-02" / "sub").mkdir()
    assert project.findings() == []


def test_symlink_to_a_file_inside_is_fine(project: TempProject) -> None:
    path = project.case_with((ATTACHMENT, "  - file: link.jpg"))
    os.symlink(path.with_suffix("") / "minutes.jpg", path.with_suffix("") / "link.jpg")
    assert project.findings() == []


def test_missing_file_hints(project: TempProject) -> None:
    project.case_with((ATTACHMENT, "  - file: 2026-02/minutes.jpg"))
    project.case_with((ATTACHMENT, "  - file: Minutes.JPG"), name="2026-03.md")
    findings = project.analyse().findings
    assert [(f.code, f.line) for f in findings] == [("path-missing", 59), ("path-missing", 59)]
    assert "“minutes.jpg”" in findings[0].hint
    assert "大小写" in findings[1].hint and "minutes.jpg" in findings[1].hint


def test_a_folder_is_not_a_file(project: TempProject) -> None:
    path = project.case_with((ATTACHMENT, "  - file: scans"))
    (path.with_suffix("") / "scans").mkdir()
    assert codes_at(project.findings(), CASE) == [("path-missing", 59)]
