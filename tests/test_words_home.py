"""One home for the words people read (issue 25 item 3): every Chinese message, label
and hint lives in ``generator/messages/`` (one file per audience), so a wording fix is
one edit. This test reads every module's string literals (f-string pieces included,
docstrings left out) and finds Chinese anywhere else.

A few modules are homes of Chinese *vocabulary* rather than of messages: the values and
labels of the file format a clerk types, the titles and words of the policy documents
quoted, the characters a parser or the line breaker must know. Each is listed in
``VOCABULARY`` with its reason; nothing else may spell Chinese.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

GENERATOR = Path(__file__).parent.parent / "generator"
HAN_OR_FULLWIDTH = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# module -> why its Chinese is vocabulary, not words to reword in one place
VOCABULARY = {
    "source/fields.py": "the file format: each field's Chinese label and the values a clerk types",
    "source/policies.py": "the policy documents cited: their titles, issuers and quoted words",
    "model/chinese_dates.py": "how dates are written in Chinese (年, 月, 星期…)",
    "posters/linebreak.py": "Chinese line breaking: punctuation classes and words not to split",
    "check/rules/personal.py": "how people type numbers in Chinese (零一二…, 手机, 身份证…)",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            found.add(id(body[0].value))
    return found


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal in ``path`` holding Chinese, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and HAN_OR_FULLWIDTH.search(node.value)
    )


def _module(path: Path) -> str:
    return path.relative_to(GENERATOR).as_posix()


def test_chinese_words_live_in_messages() -> None:
    strays = []
    for path in sorted(GENERATOR.rglob("*.py")):
        module = _module(path)
        if module.startswith("messages/") or module in VOCABULARY:
            continue
        strays += [f"{module}:{line}: {text[:40]!r}" for line, text in chinese_literals(path)]
    assert not strays, (
        "Chinese words outside generator/messages/ (move each to the messages file of its "
        "audience and name it by a constant):\n" + "\n".join(strays)
    )


def test_the_vocabulary_list_names_modules_that_exist_and_still_need_it() -> None:
    for module in VOCABULARY:
        path = GENERATOR / module
        assert path.is_file(), f"{module} is listed but does not exist"
        assert chinese_literals(path), f"{module} has no Chinese left: take it off the list"


def test_the_finder_sees_f_strings_and_skips_docstrings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""模块说明。"""\n\ndef f(n):\n    """函数说明。"""\n    return f"共 {n} 个"\n',
        encoding="utf-8",
    )
    assert chinese_literals(sample) == [(5, " 个"), (5, "共 ")]
