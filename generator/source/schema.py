"""JSON Schemas for case front matter and community.yml, from ``generator.source.fields``.

Editors with a YAML language server (VS Code's YAML extension) use them to complete
field names, offer the allowed values and underline mistakes as the clerk types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.messages import checks as words
from generator.source import fields
from generator.source.config import SiteConfig
from generator.source.fields import Field

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}$"


def field_schema(spec: Field, config: SiteConfig) -> dict[str, Any]:
    """The JSON Schema of one field (recursively for maps and lists)."""
    title = spec.label
    out: dict[str, Any]
    if spec.kind == fields.MAP:
        out = {
            "type": "object",
            "properties": {child.key: field_schema(child, config) for child in spec.children},
            "additionalProperties": False,
        }
        required = [child.key for child in spec.children if child.required]
        if required:
            out["required"] = required
    elif spec.kind == fields.LIST:
        assert spec.item is not None
        out = {"type": "array", "items": field_schema(spec.item, config)}
    elif spec.kind == fields.TEXT:
        out = {"type": ["string", "number"]}
    elif spec.kind == fields.INT:
        out = {"type": "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
    elif spec.kind == fields.BOOL:
        out = {"type": "boolean"}
    elif spec.kind == fields.DATE:
        out = {"type": "string", "pattern": DATE_PATTERN, "examples": ["2026-03-10"]}
    elif spec.kind == fields.DATETIME:
        out = {"type": "string", "pattern": DATETIME_PATTERN, "examples": ["2026-03-10 19:00"]}
    elif spec.kind == fields.CHOICE:
        if isinstance(spec.choices, str):
            values = list(getattr(config.lists, spec.choices))
            out = {"enum": values}
        else:
            out = {
                "enum": [value for value, _ in spec.choices or ()],
                "markdownEnumDescriptions": [label for _, label in spec.choices or ()],
            }
    else:  # pragma: no cover - fields.py declares only the kinds above
        raise AssertionError(spec.kind)
    if title:
        out["title"] = title
    if spec.help:
        out["description"] = spec.help
    return out


def document_schema(spec: Field, config: SiteConfig, name: str) -> dict[str, Any]:
    schema = field_schema(spec, config)
    schema.pop("title", None)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": name,
        **schema,
    }


def write_schemas(config: SiteConfig, out_dir: Path) -> list[Path]:
    """Write ``case.schema.json`` and ``community.schema.json``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, spec, name in (
        ("case.schema.json", fields.CASE, words.SCHEMA_CASE),
        ("community.schema.json", fields.COMMUNITY, words.SCHEMA_COMMUNITY),
    ):
        path = out_dir / filename
        path.write_text(
            json.dumps(document_schema(spec, config, name), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        written.append(path)
    return written
