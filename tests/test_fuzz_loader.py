"""Property tests: whatever a clerk's file holds, loading and checking never raise
and never hang; every problem becomes a finding."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import BASE
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import findings, messages
from generator.check.project import analyse_config
from generator.findings import Finding
from generator.model.loadpool import load_project
from generator.source import fields
from generator.source.settings import load_config

# Examples, deadline and randomness come from the profile tests/conftest.py loads
# (derandomized when CI is set).
SETTINGS = settings()
KEYS = sorted(fields.all_keys(fields.CASE) | fields.all_keys(fields.COMMUNITY))
TODAY = dt.date(2026, 11, 22)

_root = Path(tempfile.mkdtemp(prefix="noticeboard-fuzz-")) / "project"
shutil.copytree(BASE, _root)
CONFIG = load_config(_root)
CASE = _root / "content" / "xiguan" / "2026-02.md"
COMMUNITY = _root / "content" / "xiguan" / "community.yml"
GOOD_COMMUNITY = COMMUNITY.read_bytes()


def _render_checked(code: str, params: dict) -> tuple[str, str, str]:
    """messages.render, first checking the rule passed every field its templates use.

    Checked on the parameters, not on the rendered text: a clerk's own text may well
    contain ``{found}``, and echoing it is right."""
    template = messages.CODES[code]
    for field in re.findall(r"\{(\w+)", template.message + template.hint + template.public_text):
        assert field in params, f"{code}: no {field!r} among the parameters {sorted(params)}"
    return messages.render(code, params)


def _check(case: bytes | None = None, community: bytes | None = None) -> list[Finding]:
    CASE.write_bytes(case if case is not None else b"")
    COMMUNITY.write_bytes(community if community is not None else GOOD_COMMUNITY)
    load_project(CONFIG)  # the loader alone
    rendering, findings.render = findings.render, _render_checked
    try:
        analysis = analyse_config(CONFIG, TODAY)  # and every rule on what loaded
    finally:
        findings.render = rendering
    for finding in analysis.findings:
        assert finding.line >= 1 and finding.column >= 1
    return analysis.findings


def test_a_missing_parameter_is_caught_and_a_clerks_braces_are_not() -> None:
    code = next(c for c, t in messages.CODES.items() if "{found}" in t.message)
    with pytest.raises(AssertionError, match="found"):
        _render_checked(code, {})
    params = {f: "0{found}" for f in re.findall(r"\{(\w+)", messages.CODES[code].message)}
    assert "0{found}" in _render_checked(code, params)[0]


# Characters clerks' files really contain, weighted towards what breaks YAML.
_TOKENS = st.sampled_from(
    list("abcdefgxyz0123456789 -:#&*!|>'\"[]{},.?%@`\t\n\r")
    + list("：　，。、“”（）议题协商社区日期")
    + ["\x00", "\ufeff", "\u2028", "---\n", "...\n", "&a ", "*a", "\\", "title: ", "  - "]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_TOKENS, max_size=120).map("".join))


@SETTINGS
@given(text=_TEXT)
def test_arbitrary_text_as_a_case(text: str) -> None:
    _check(case=text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(text=_TEXT)
def test_arbitrary_text_after_the_front_matter_marker(text: str) -> None:
    _check(case=("---\n" + text + "\n---\n正文").encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_community(data: bytes) -> None:
    findings = _check(community=data)
    if data.strip() == b"":
        assert any(f.code == "empty-file" for f in findings)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(
        [
            "2026-03-10 19:00",
            "2026年3月10日",
            "2026/3/10",
            "2026-02-30",
            "agreed",
            "居民联名",
            "13812345678",
        ]
    ),
    st.text(max_size=30),
)
_KEY = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8))
_DOCS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_KEY, children, max_size=6)
    ),
    max_leaves=25,
)


@SETTINGS
@given(doc=st.dictionaries(_KEY, _DOCS, max_size=10), body=st.text(max_size=100))
def test_yaml_like_case_documents(doc: dict, body: str) -> None:
    front = yaml.safe_dump(doc, allow_unicode=True)
    _check(case=("---\n" + front + "---\n" + body).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(doc=st.dictionaries(_KEY, _DOCS, max_size=10))
def test_yaml_like_community_documents(doc: dict) -> None:
    _check(community=yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(
    position=st.integers(min_value=0, max_value=2000),
    insert=st.sampled_from(["：", "　", "\t", "&x ", "*x", "\n  - ", '"', "：\n", "---\n"]),
)
def test_one_slip_anywhere_in_a_valid_case(position: int, insert: str) -> None:
    text = (BASE / "content" / "xiguan" / "2026-01.md").read_text(encoding="utf-8")
    position %= len(text)
    _check(case=(text[:position] + insert + text[position:]).encode("utf-8"))
