"""Data flows one way (files -> model -> findings -> pages and posters -> outputs): the
imports that would turn it back, refused. Type-only imports (under TYPE_CHECKING) name a
type and run nothing; they are allowed unless the rule says "at all"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).parent.parent / "generator"


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, only for type checking) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for child in node.body for n in ast.walk(child)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in typing_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, id(node) in typing_only))
            # "from generator import outputs" imports the module generator.outputs
            found += [(f"{node.module}.{a.name}", id(node) in typing_only) for a in node.names]
    return found


def modules(pattern: str) -> list[Path]:
    return sorted(GENERATOR.glob(pattern))


@pytest.mark.parametrize(
    ("files", "forbidden", "at_all"),
    [
        ("pages.py", "generator.outputs", True),
        ("stats.py", "generator.opendata", True),
        ("rules/*.py", "generator.load", False),
        ("rules/*.py", "generator.validate", True),
        ("rules/*.py", "generator.project", True),
        ("analysis.py", "generator.rules", True),
        ("model.py", "generator.load", True),
        ("fields.py", "generator.validate", True),
        ("poster_names.py", "generator.posters", True),
    ],
)
def test_no_import_against_the_flow(files: str, forbidden: str, at_all: bool) -> None:
    assert modules(files), files
    for path in modules(files):
        bad = [
            name
            for name, typing_only in imports(path)
            if (name == forbidden or name.startswith(forbidden + "."))
            and (at_all or not typing_only)
        ]
        assert not bad, f"{path.relative_to(GENERATOR)} imports {bad}"


def test_the_check_reads_imports_as_python_does(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\nfrom generator import outputs\n"
        "if TYPE_CHECKING:\n    from generator.load import SourceFile\n",
        encoding="utf-8",
    )
    assert ("generator.outputs", False) in imports(sample)
    assert ("generator.load", True) in imports(sample)
