"""The clerks' guide: every checker code documented, and its full examples valid."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import TempProject

from generator.messages import CODES

GUIDE = Path(__file__).parent.parent / "docs" / "guide"


def test_every_code_has_a_section_in_codes_md() -> None:
    text = (GUIDE / "codes.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## ([a-z0-9-]+)$", text, re.M))
    missing = sorted(set(CODES) - headings)
    assert missing == [], f"document these codes in docs/guide/codes.md: {missing}"


def test_every_section_shows_a_wrong_text_and_a_fix() -> None:
    text = (GUIDE / "codes.md").read_text(encoding="utf-8")
    parts = re.split(r"^## ([a-z0-9-]+)$", text, flags=re.M)
    for code, section in zip(parts[1::2], parts[2::2], strict=True):
        assert code in CODES, f"codes.md documents an unknown code: {code}"
        assert "错误的写法" in section and "改法" in section and section.count("```") >= 4, code


def _block(text: str, language: str) -> str:
    return re.search(rf"```{language}\n(.*?)```", text, re.S).group(1)


def test_the_guides_full_examples_check_clean(project: TempProject) -> None:
    text = (GUIDE / "index.md").read_text(encoding="utf-8")
    project.write("content/xiguan/community.yml", _block(text, "yaml"))
    project.add_case("2026-01.md", _block(text, "markdown"))
    findings = project.analyse().findings
    # the example lists only 4 of its council members, and says so
    assert [(f.code, f.path.rsplit("/", 1)[-1]) for f in findings] == [
        ("council-size", "community.yml")
    ]
