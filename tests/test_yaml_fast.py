"""libyaml's C parser (the fast path) gives exactly what the pure-Python parser gives:
the same values, the same positions, the same findings, or it steps aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import BASE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.source import yamlsource
from generator.source.textfile import YamlProblem, decode_bytes
from generator.source.yamlsource import Doc, parse_yaml_text, split_front_matter

CORPUS = Path(__file__).parent / "corpus"
SETTINGS = settings(
    max_examples=300,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)


def _both(text: str, first_line: int = 1) -> tuple[object, object]:
    """(reference result, result of parse_yaml_text): a Doc's parts or the problem."""

    def run(parse):  # type: ignore[no-untyped-def]
        try:
            doc: Doc = parse(text, first_line)
        except YamlProblem as p:
            return ("problem", p.code, p.line, p.column, p.params)
        return ("doc", repr(doc.value), doc.marks, doc.key_marks, doc.duplicate_keys)

    return run(yamlsource._parse_reference), run(parse_yaml_text)


def _yaml_parts() -> list[tuple[str, str, int]]:
    out = []
    for path in sorted(
        [*CORPUS.rglob("*.md"), *CORPUS.rglob("*.yml"), *BASE.rglob("*.md"), *BASE.rglob("*.yml")]
    ):
        try:
            text = decode_bytes(path.read_bytes())
        except YamlProblem:
            continue
        if path.suffix == ".md":
            try:
                split = split_front_matter(text)
            except YamlProblem:
                continue
            out.append((str(path), split.yaml_text, 2))
        else:
            out.append((str(path), text, 1))
    return out


PARTS = _yaml_parts()


def test_the_fast_path_is_taken_for_ordinary_files() -> None:
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml: pip install PyYAML==6.0.3"
    taken = [name for name, text, first in PARTS if yamlsource._parse_fast(text, first)]
    assert len(taken) > len(PARTS) // 2, "libyaml's parser is not used for well-formed files"


@pytest.mark.parametrize(("name", "text", "first_line"), PARTS, ids=[p[0][-40:] for p in PARTS])
def test_corpus_files_parse_the_same(name: str, text: str, first_line: int) -> None:
    reference, fast = _both(text, first_line)
    assert fast == reference


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases are refused, at the anchor
        "a: " + "[" * 5000 + "]" * 5000 + "\n",  # would crash libyaml's composer
        "a:\n" + "".join(" " * i + "- \n" for i in range(200)),
        "a: 1\na: 2\n",  # duplicate keys
        "a: 'unclosed\nb: 2\n",
        "a: \x85b\n",
        "a: 第一行\n  第二行\n",
        "a: >\n  第一行\n  第二行\n",
        "a: 2026-02-30\n",
        "\ufeffa: 1\n",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_awkward_documents_parse_the_same(text: str) -> None:
    reference, fast = _both(text, 3)
    assert fast == reference


_TOKENS = st.sampled_from(
    list("abxyz019 -:#&*!|>'\"[]{},.?%@`\t\n")
    + list("：　，。、“”（）议题协商社区日期")
    + ["\ufeff", "\u2028", "\x85", "---\n", "...\n", "&a ", "*a", "\\", "title: ", "  - ", "\n  "]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
    st.text(max_size=30),
)
_DOCS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=25,
)


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), st.lists(_TOKENS, max_size=80).map("".join)))
def test_arbitrary_text_parses_the_same(text: str) -> None:
    reference, fast = _both(text)
    assert fast == reference


@SETTINGS
@given(doc=_DOCS, width=st.sampled_from([8, 20, 80]), style=st.sampled_from([None, '"', "'"]))
def test_dumped_documents_parse_the_same(doc: object, width: int, style: str | None) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, width=width, default_style=style)
    reference, fast = _both(text, 2)
    assert fast == reference
