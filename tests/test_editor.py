"""The clerk's editor path: .vscode/tasks.json runs ``noticeboard check`` and its problem
matcher puts every finding in VS Code's Problems panel at its file, line and column."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import REPO, TODAY, TempProject

TASKS = REPO / ".vscode" / "tasks.json"


def _tasks() -> dict:
    text = TASKS.read_text(encoding="utf-8")
    return json.loads(
        "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    )


def _matchers() -> list[tuple[re.Pattern[str], dict]]:
    (task,) = _tasks()["tasks"]
    assert task["args"] == ["check"] and "noticeboard" in task["command"]
    assert task["group"]["isDefault"] is True  # Ctrl+Shift+B, as the guide says
    return [(re.compile(m["pattern"]["regexp"]), m) for m in task["problemMatcher"]]


def test_every_finding_of_check_is_matched_at_its_place(project: TempProject) -> None:
    project.case_with(("  posted: ", "  posted： "), name="2026-02.md")  # an error
    project.case_with(
        ("  until: 2026-03-09", "  until: 2026-03-04"), name="2026-03.md"
    )  # a warning
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "check", "--today", TODAY],
        cwd=project.root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    _exit_code, findings = project.check_json()
    assert {f["severity"] for f in findings} == {"error", "warning"}, findings
    lines = [line for line in result.stdout.splitlines() if line.startswith("content/")]
    assert len(lines) == len(findings)
    matchers = _matchers()
    for line, finding in zip(
        lines,
        sorted(findings, key=lambda f: (f["path"], f["line"], f["column"], f["code"])),
        strict=True,
    ):
        hits = [(m.match(line), spec) for m, spec in matchers if m.match(line)]
        assert len(hits) == 1, line
        match, spec = hits[0]
        pattern = spec["pattern"]
        assert spec["severity"] == finding["severity"]
        assert (project.root / match.group(pattern["file"])).is_file()
        assert int(match.group(pattern["line"])) == finding["line"]
        assert int(match.group(pattern["column"])) == finding["column"]
        assert match.group(pattern["code"]) == finding["code"]
        assert match.group(pattern["message"]).startswith(finding["message"])


def test_the_guide_walks_through_the_task() -> None:
    guide = (REPO / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    assert ".vscode\\tasks.json" in guide and "Ctrl+Shift+B" in guide and "Ctrl+Shift+M" in guide
    assert "检查文件（noticeboard check）" in guide
    assert _tasks()["tasks"][0]["label"] == "检查文件（noticeboard check）"


def test_the_readme_makes_no_modeline_promise() -> None:
    readme = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "does not read front matter" in readme and ".vscode/tasks.json" in readme
