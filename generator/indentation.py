"""Where a YAML text's indentation is wrong, told at that line in a clerk's words.

PyYAML notices a key indented wrongly only later, and says something about quotes
(“这里不该出现“: ””): three spaces before ``place:`` under ``end: …`` make ``place``
part of ``end``'s text, and ``place:`` moved to column 0 ends the ``meeting`` block,
so the next line (``  host:``) is the one PyYAML refuses. When the parser fails, the
loader asks ``indentation_problem`` first: it follows the key lines with the field
declarations (``fields.py``) and names the first line whose indentation is wrong and
what it should be (``yaml-indent``). Only asked about a text that did not parse, so a
valid file is never judged here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.fields import LIST, MAP, Field
from generator.yamlsource import YamlProblem

_KEY_LINE = re.compile(
    r"^(?P<lead> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?: +(?P<value>.*))?$"
)
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")


@dataclass
class _Block:
    """A block whose keys are being read."""

    column: int  # where its keys start; -1 until its first key is seen
    spec: Field | None  # its declaration (a MAP, or a LIST whose items are MAPs)
    key: str  # the key that opened it ("" for the top level)

    def keys(self) -> Field | None:
        """The declaration whose children this block's keys are."""
        spec = self.spec
        if spec is None:
            return None
        if spec.kind == MAP:
            return spec
        if spec.kind == LIST and spec.item is not None and spec.item.kind == MAP:
            return spec.item
        return None

    def has(self, key: str) -> bool:
        keys = self.keys()
        return keys is not None and keys.child(key) is not None


def _problem(lineno: int, explanation: str) -> YamlProblem:
    return YamlProblem("yaml-indent", lineno, 1, explanation=explanation)


def indentation_problem(text: str, spec: Field, first_line: int = 1) -> YamlProblem | None:
    """The first key line of ``text`` indented wrongly, as a ``yaml-indent`` problem."""
    stack = [_Block(0, spec, "")]
    previous: tuple[int, str, bool] | None = None  # column, key, opened a block
    scalar_above: int | None = None  # inside a | or > text written under this column
    for offset, line in enumerate(text.split("\n")):
        lineno = first_line + offset
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if scalar_above is not None:
            if not stripped or indent > scalar_above:
                continue
            scalar_above = None
        if not stripped or stripped.startswith("#"):
            continue
        m = _KEY_LINE.match(line)
        if m is None:
            continue  # a list item of text, or a value carried on to this line
        lead, dash = len(m.group("lead")), m.group("dash") or ""
        column, key = lead + len(dash), m.group("key")
        value = re.sub(r"\s+#.*$", "", m.group("value") or "").strip()
        opens = not value
        if value and _BLOCK_SCALAR.match(value):
            scalar_above = column
        top = stack[-1]
        closed: list[_Block] = []
        if top.column == -1:  # the block opened by the line above
            if column > (previous[0] if previous else -1) or (dash and lead >= previous[0]):
                top.column = column
            else:
                top.column = (previous[0] if previous else 0) + 2  # where its keys belonged
                closed.append(stack.pop())  # left empty, or its keys moved left
        elif previous is not None and not previous[2] and column > previous[0] and not dash:
            return _problem(
                lineno,
                f"“{key}”比上一行的“{previous[1]}”多缩进了 {column - previous[0]} 个空格；"
                f"上一行已经写了值，“{key}”应和“{previous[1]}”对齐（前面 {previous[0]} 个空格）",
            )
        while len(stack) > 1 and column < stack[-1].column:
            closed.append(stack.pop())
        here = stack[-1]
        if column != here.column:
            inner = next((b for b in closed if b.has(key)), None)
            where = f"“{inner.key}”下的其他字段" if inner else "同一层的字段"
            should = inner.column if inner else here.column
            return _problem(
                lineno,
                f"“{key}”前面有 {column} 个空格，没有和{where}对齐（应为 {should} 个）",
            )
        if not here.has(key) and here.keys() is not None:
            for block in closed:  # moved left out of a block that has this field
                if block.has(key):
                    return _problem(
                        lineno,
                        f"“{key}”是“{block.key}”里面的字段，前面应有 {block.column} 个空格"
                        f"（现在是 {column} 个），和“{block.key}”下的其他字段对齐",
                    )
        previous = (column, key, opens)
        if opens:
            keys = here.keys()
            stack.append(_Block(-1, keys.child(key) if keys is not None else None, key))
    return None
