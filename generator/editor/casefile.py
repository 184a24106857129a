"""A case's entry data <-> its file text: the one serializer the editor uses.

``to_text(data, body)`` writes front matter in the order of ``fields.CASE`` (the
order of the ``noticeboard new case`` template), block style, two spaces a level,
then the Markdown body. Empty values (None, "", empty lists and blocks: what a form
sends for a field left blank) are left out, so a block never filled in is absent,
as in a hand-written file. Keys ``fields.py`` does not know are kept, after the known
ones, so the checker still names them.

``canonical(text)`` is what ``persistEntry`` writes: the text Decap sent, parsed and
written again by ``to_text``; a text that cannot be parsed is returned unchanged
(the checker then reports why, at its line).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from generator.source import fields
from generator.source.textfile import YamlProblem
from generator.source.yamlsource import parse_yaml_text, split_front_matter

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
_INDENT = "  "


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def pruned(value: Any) -> Any:
    """``value`` without its empty parts (recursively); None when nothing is left."""
    if isinstance(value, dict):
        kept = {k: v for k, v in ((k, pruned(v)) for k, v in value.items()) if not is_empty(v)}
        return kept or None
    if isinstance(value, list):
        items = [v for v in (pruned(v) for v in value) if not is_empty(v)]
        return items or None
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def ordered(value: Any, spec: fields.Field | None) -> Any:
    """``value`` with the keys of every block in the order ``spec`` declares them."""
    if isinstance(value, dict):
        known = (
            [f.key for f in spec.children] if spec is not None and spec.kind == fields.MAP else []
        )
        keys = [k for k in known if k in value] + [k for k in value if k not in known]
        return {
            k: ordered(value[k], spec.child(k) if spec is not None and k in known else None)
            for k in keys
        }
    if isinstance(value, list):
        item = spec.item if spec is not None else None
        return [ordered(v, item) for v in value]
    return value


def scalar(value: Any) -> str:
    """One YAML scalar as a clerk would type it: dates and times plain, text plain
    unless YAML would read it as something else (then quoted)."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _DATE.match(text) or _DATETIME.match(text):
        return text
    if "\n" not in text and _plain_ok(text):
        return text
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30, default_style='"')
    return dumped.rstrip("\n").removesuffix("\n...").rstrip("\n")


def _plain_ok(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def _literal_ok(text: str) -> bool:
    """Whether a multi-line text can be written as a ``|`` block and read back the same."""
    if text.startswith((" ", "\n")) or "\t" in text or "\r" in text:
        return False
    return all(ch == "\n" or ch.isprintable() for ch in text)


def _emit(value: Any, depth: int, out: list[str]) -> None:
    pad = _INDENT * depth
    if isinstance(value, dict):
        for key, item in value.items():
            name = scalar(key) if not isinstance(key, str) or not _plain_ok(key) else key
            _emit_entry(f"{pad}{name}:", item, depth, out)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for key, sub in item.items():
                    lead = f"{pad}- " if first else f"{pad}  "
                    _emit_entry(f"{lead}{key}:", sub, depth + 1, out)
                    first = False
            else:
                _emit_entry(f"{pad}-", item, depth, out)


def _emit_entry(head: str, value: Any, depth: int, out: list[str]) -> None:
    if isinstance(value, dict | list) and value:
        out.append(head)
        _emit(value, depth + 1, out)
    elif isinstance(value, str) and "\n" in value.strip("\n") and _literal_ok(value):
        chomp = "-" if not value.endswith("\n") else ("" if not value.endswith("\n\n") else "+")
        out.append(f"{head} |{chomp}")
        pad = _INDENT * (depth + 1)
        body = value[:-1] if value.endswith("\n") else value
        out.extend(f"{pad}{line}" if line else "" for line in body.split("\n"))
    else:
        out.append(f"{head} {scalar(value)}")


def front_matter(data: dict[str, Any]) -> str:
    """The YAML of a case's front matter, in ``fields.CASE`` order, empty values left out."""
    value = ordered(pruned({k: v for k, v in data.items() if k != "body"}) or {}, fields.CASE)
    out: list[str] = []
    _emit(value, 0, out)
    return "".join(line + "\n" for line in out)


def to_text(data: dict[str, Any], body: str | None = None) -> str:
    """The file text of a case: front matter, then the Markdown body (``data["body"]``
    when ``body`` is not given)."""
    if body is None:
        body = data.get("body") or ""
    body = str(body).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    text = "---\n" + front_matter(data) + "---\n"
    return text + ("\n" + body + "\n" if body.strip() else "")


def from_text(text: str) -> tuple[dict[str, Any], str] | None:
    """The front matter values and the body of a case file, or None when it cannot
    be read as one (the checker says why)."""
    try:
        split = split_front_matter(text.replace("\r\n", "\n"))
        doc = parse_yaml_text(split.yaml_text, 2)
    except YamlProblem:
        return None
    if doc.value is None:
        return {}, split.body
    if not isinstance(doc.value, dict):
        return None
    return doc.value, split.body


def canonical(text: str) -> str:
    """``text`` written the one way the editor writes cases (unchanged when unreadable)."""
    read = from_text(text)
    if read is None:
        return text
    data, body = read
    return to_text(data, body)
