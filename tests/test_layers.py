"""Data flows one way, folder by folder: source -> model -> check -> outputs -> posters
-> site -> publish -> editor -> cli (docs/ARCHITECTURE.md draws it). A module may import
the package's root modules (errors, atomic, clock, outdirs, messages, findings,
buildcache, content_digests, fsclock) and its own
folder or the folders before it, never one after it. Type-only imports (under
TYPE_CHECKING) name a type and run nothing; they are allowed. A few finer rules inside
the flow follow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).parent.parent / "generator"
STAGES = ["source", "model", "check", "outputs", "posters", "site", "publish", "editor", "cli"]
ROOT_MODULES = {
    "__init__",
    "errors",
    "atomic",
    "clock",
    "outdirs",
    "messages",
    "findings",
    "buildcache",
    "content_digests",
    "fsclock",
}


# Imports against the flow that are meant, each with its reason. Keep this short.
AGAINST_THE_FLOW = {
    # The checker reads a body as residents will: rendered in the site's Markdown dialect
    # and through the site's sanitiser, so a number split by markup is still found.
    ("check/rules/personal.py", "generator.site.sanitize"),
    ("check/rules/markup.py", "generator.site.mkdocs_config"),
    # A poster must never lose a character: the rule asks the posters what they print
    # and with which fonts.
    ("check/rules/glyphs.py", "generator.posters"),
}


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
            # "from generator.outputs import feeds" imports the module generator.outputs.feeds
            found += [(f"{node.module}.{a.name}", id(node) in typing_only) for a in node.names]
    return found


def stage_of(module: str) -> str | None:
    """The folder a ``generator.…`` module lives in; "" for a root module; None if not ours."""
    parts = module.split(".")
    if parts[0] != "generator" or len(parts) < 2:
        return None
    if parts[1] in STAGES:
        return parts[1]
    return "" if parts[1] in ROOT_MODULES else None


def test_every_module_lives_in_a_stage_or_is_a_root_module() -> None:
    strays = [
        p.relative_to(GENERATOR).as_posix()
        for p in GENERATOR.rglob("*.py")
        if (p.parent == GENERATOR and p.stem not in ROOT_MODULES)
        or (
            p.parent != GENERATOR
            and p.relative_to(GENERATOR).parts[0] not in STAGES
            and p.relative_to(GENERATOR).parts[0] not in ROOT_MODULES  # a root package
        )
    ]
    assert not strays, f"put these in a stage folder (or add the folder to STAGES): {strays}"


def test_no_import_against_the_flow() -> None:
    bad = []
    for path in sorted(GENERATOR.rglob("*.py")):
        rel = path.relative_to(GENERATOR)
        here = "" if len(rel.parts) == 1 or rel.parts[0] in ROOT_MODULES else rel.parts[0]
        rank = -1 if here == "" else STAGES.index(here)
        for name, typing_only in imports(path):
            there = stage_of(name)
            if there is None or there == "" or typing_only:
                continue
            meant = any(
                rel.as_posix() == f and (name == m or name.startswith(m + "."))
                for f, m in AGAINST_THE_FLOW
            )
            if STAGES.index(there) > rank and not meant:
                bad.append(f"{rel.as_posix()} imports {name}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("files", "forbidden", "at_all"),
    [
        ("site/pages.py", "generator.outputs.after_build", True),
        ("outputs/stats.py", "generator.outputs.opendata", True),
        ("check/rules/*.py", "generator.model.load", False),
        ("check/rules/*.py", "generator.source.validate", True),
        ("check/rules/*.py", "generator.check.project", True),
        ("check/analysis.py", "generator.check.rules", True),
        ("model/cases.py", "generator.model.load", True),
        ("source/fields.py", "generator.source.validate", True),
        ("posters/names.py", "generator.posters.render", True),
    ],
)
def test_finer_rules_inside_the_flow(files: str, forbidden: str, at_all: bool) -> None:
    paths = sorted(GENERATOR.glob(files))
    assert paths, files
    for path in paths:
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
        "from typing import TYPE_CHECKING\nfrom generator.outputs import feeds\n"
        "if TYPE_CHECKING:\n    from generator.model.load import SourceFile\n",
        encoding="utf-8",
    )
    assert ("generator.outputs.feeds", False) in imports(sample)
    assert ("generator.model.load", True) in imports(sample)
    assert stage_of("generator.outputs.feeds") == "outputs"
    assert stage_of("generator.findings") == ""
    assert stage_of("generator.messages.codes") == ""


def _module_name(path: Path) -> str:
    rel = path.relative_to(GENERATOR).with_suffix("").as_posix().replace("/", ".")
    return "generator." + rel.removesuffix(".__init__").removesuffix("__init__").rstrip(".")


def test_no_circle_of_imports() -> None:
    """No module imports, however lazily, one that imports it back (directly or through
    others): each stage can be read, and changed, from the bottom up. A package's own
    ``__init__`` runs before its modules and is not counted."""
    paths = {_module_name(p): p for p in GENERATOR.rglob("*.py")}
    edges = {
        name: {
            other
            for other, typing_only in imports(path)
            if other in paths
            and other != name
            and not typing_only
            and not name.startswith(other + ".")
        }
        for name, path in paths.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(name: str) -> None:  # Tarjan's strongly connected components
        index[name] = low[name] = len(index)
        stack.append(name)
        for other in edges[name]:
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            part = []
            while True:
                other = stack.pop()
                part.append(other)
                if other == name:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    assert not circles, circles


def test_every_import_against_the_flow_is_still_there() -> None:
    """An exception no longer used is removed, so the list never hides a new one."""
    for file, module in AGAINST_THE_FLOW:
        names = [name for name, _ in imports(GENERATOR / file)]
        assert any(n == module or n.startswith(module + ".") for n in names), (file, module)


def test_every_module_imports() -> None:
    """A name moved to another module (a split, a merge) is found here at once, not when
    a command first takes the path that imports it."""
    import importlib

    failed = []
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        try:
            importlib.import_module(name)
        except Exception as err:
            failed.append(f"{name}: {type(err).__name__}: {err}")
    assert not failed, "\n".join(failed)
