"""The developer docs match the code: docs/format.md's field tables and default lists
are the declarations', docs/ARCHITECTURE.md lists every module, and nothing points to
a file outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from generator.source import fields

FORMAT = REPO / "docs" / "format.md"
ARCHITECTURE = REPO / "docs" / "ARCHITECTURE.md"


def _between(text: str, start: str) -> str:
    begin = text.index(start) + len(start) + 1
    return text[begin : text.index("<!-- end of fields -->", begin)]


@pytest.mark.parametrize(
    ("marker", "spec"), [("COMMUNITY", fields.COMMUNITY), ("CASE", fields.CASE)]
)
def test_format_md_field_tables_are_the_declarations(marker: str, spec: fields.Field) -> None:
    text = FORMAT.read_text(encoding="utf-8")
    assert _between(text, f"<!-- fields: {marker} -->") == fields.field_table(spec), (
        "docs/format.md is out of step with generator/source/fields.py: paste the output of "
        "`python -m generator.source.fields` between its markers"
    )


def test_format_md_default_lists_are_the_configs() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    for values in (
        fields.DEFAULT_CATEGORIES,
        fields.DEFAULT_FORMS,
        fields.DEFAULT_CHANNELS,
        fields.DEFAULT_PARTICIPANT_GROUPS,
        fields.DEFAULT_COUNCIL_GROUPS,
    ):
        assert ": " + ", ".join(values) + ".\n" in text, values


def test_format_md_stage_table_is_the_models() -> None:
    from generator.model.cases import Stage

    text = FORMAT.read_text(encoding="utf-8")
    section = text[text.index("## Stage") : text.index("## Rules")]
    rows = re.findall(r"^\| (\S+) \| ", section, re.M)
    assert [r for r in rows if r != "stage" and not r.startswith("-")] == [s.value for s in Stage]


def test_architecture_lists_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    generator = REPO / "generator"
    modules = sorted(p.relative_to(generator).as_posix() for p in generator.rglob("*.py"))
    missing = [m for m in modules if f"| `{m}` |" not in text]
    assert not missing, f"add to docs/ARCHITECTURE.md: {missing}"


def test_nothing_points_outside_the_repository() -> None:
    outside = re.compile(r"FORMAT\.md|\.\./shared|shared/FORMAT|/work/")
    found = []
    for path in [*REPO.glob("*.md"), *REPO.glob("docs/**/*.md"), *REPO.glob("generator/**/*.py"),
                 *REPO.glob("tests/*.py"), *REPO.glob("themes/**/*.html")]:  # fmt: skip
        if path == Path(__file__):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if outside.search(line):
                found.append(f"{path.relative_to(REPO)}:{n}")
    assert not found, found
