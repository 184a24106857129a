"""``data/datapackage.json``: a Frictionless Data Package describing every published
data file, so that anyone can load them (``frictionless``, pandas, a spreadsheet)
without reading our docs.

The field schemas are made from the open-data columns (``opendata.CASE_COLUMNS``,
``COMMUNITY_FIELDS``) and, for a column copied from a case file or ``community.yml``,
from that field's declaration in ``fields.py``: allowed values (the site's own lists),
bounds, help. Nothing here restates a column: add one in ``opendata.py`` and it is
described here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.messages import data as words
from generator.model.cases import Stage, iso_time
from generator.outputs.opendata import (
    CASE_COLUMNS,
    COMMUNITY_FIELDS,
    DATA_DIR,
    SCHEMA_VERSION,
    Column,
    neutral_json,
)
from generator.outputs.popolo import POPOLO_FILE
from generator.source import fields
from generator.source.fields import CHOICE, Field

if TYPE_CHECKING:
    from generator.check.project import Analysis
    from generator.source.config import Lists

PACKAGE_FILE = "datapackage.json"

# The licence of the published data. Disclosure under 居务公开 is meant for reuse; CC BY 4.0
# asks only that the source be named.
LICENSE = {
    "name": "CC-BY-4.0",
    "title": words.LICENSE_TITLE,
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# Column kinds (opendata.Column.kind) -> Frictionless field types, in CSV and in JSON.
_CSV_TYPES = {
    "string": "string",
    "integer": "integer",
    "date": "date",
    "datetime": "datetime",
    "list": "list",
    "object": "object",
}
_JSON_TYPES = {**_CSV_TYPES, "list": "array"}

# Derived columns whose values are a fixed set (the copied ones take theirs from fields.py).
_DERIVED_VALUES: dict[str, list[Any]] = {
    "stage": [s.value for s in Stage],
    "major": [0, 1],
}


def _declaration(column: Column, spec: Field) -> Field | None:
    return fields.field_at(spec, column.field) if column.field else None


def _description(column: Column, declared: Field | None, source: str) -> str:
    if column.kind == "datetime":
        # Not the field's help: that shows how clerks type it, not how the data say it.
        example = iso_time(dt.datetime(2026, 3, 10, 19, 0))
        label = declared.label if declared else column.label
        path = ".".join(column.field)
        return words.DATETIME_SOURCE.format(source=source, path=path, label=label, example=example)
    if declared is None:
        return column.note
    where = words.FIELD_SOURCE.format(
        source=source, path=".".join(column.field), label=declared.label
    )
    return (
        words.FIELD_SOURCE_HELP.format(where=where, help=declared.help) if declared.help else where
    )


def field_schema(column: Column, spec: Field, lists: Lists, *, json_types: bool) -> dict[str, Any]:
    """The Frictionless field descriptor of one column (``spec``: ``fields.CASE`` or
    ``fields.COMMUNITY``, where the column's ``field`` path points)."""
    declared = _declaration(column, spec)
    source = words.CASE_FILE if spec is fields.CASE else "community.yml"
    descriptor: dict[str, Any] = {
        "name": column.key,
        "title": column.label,
        "type": (_JSON_TYPES if json_types else _CSV_TYPES)[column.kind],
        "description": _description(column, declared, source),
    }
    if column.kind == "datetime":
        # RFC 3339 with the offset (2026-03-10T19:00:00+08:00): a time without one is invalid.
        descriptor["format"] = "%Y-%m-%dT%H:%M:%S%z"
    if column.kind == "list" and not json_types:
        descriptor["delimiter"] = ";"
        descriptor["itemType"] = "string"
    constraints: dict[str, Any] = {}
    if declared is not None and declared.kind == CHOICE:
        constraints["enum"] = fields.choice_values(declared, lists)
    if column.key in _DERIVED_VALUES:
        constraints["enum"] = _DERIVED_VALUES[column.key]
    if declared is not None and declared.minimum is not None:
        constraints["minimum"] = declared.minimum
    if declared is not None and declared.maximum is not None:
        constraints["maximum"] = declared.maximum
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def _schema(
    columns: tuple[Column, ...], spec: Field, lists: Lists, *, json_types: bool
) -> dict[str, Any]:
    return {
        "fields": [field_schema(c, spec, lists, json_types=json_types) for c in columns],
        "missingValues": [""],
    }


def _case_keys() -> dict[str, Any]:
    return {
        "primaryKey": ["community_id", "case_id"],
        "foreignKeys": [
            {
                "fields": ["community_id"],
                "reference": {"resource": "communities", "fields": ["community_id"]},
            }
        ],
    }


def package(analysis: Analysis) -> dict[str, Any]:
    """The data package descriptor (a plain dict, written as JSON)."""
    config, lists = analysis.config, analysis.config.lists
    base = config.url()
    built = iso_time(dt.datetime.combine(analysis.today, dt.time(0, 0)))
    case_csv = _schema(CASE_COLUMNS, fields.CASE, lists, json_types=False)
    case_json = _schema(CASE_COLUMNS, fields.CASE, lists, json_types=True)
    communities = _schema(COMMUNITY_FIELDS, fields.COMMUNITY, lists, json_types=True)
    return {
        "profile": "data-package",
        "name": "noticeboard-" + config.host.replace(".", "-").replace(":", "-").lower(),
        "title": words.PACKAGE_TITLE.format(site=config.site_name),
        "description": words.PACKAGE_DESCRIPTION,
        "homepage": base,
        "version": str(SCHEMA_VERSION),
        "created": built,
        "generated_for": analysis.today.isoformat(),
        "licenses": [LICENSE],
        "sources": [{"title": config.site_name, "path": base}],
        "resources": [
            {
                "name": "cases-csv",
                "title": words.CASES_CSV_TITLE,
                "path": "cases.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {**case_csv, **_case_keys()},
            },
            {
                "name": "cases",
                "title": words.CASES_JSON_TITLE,
                "path": "cases.json",
                "profile": "tabular-data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "dialect": {"json": {"keyed": True, "property": "cases"}},
                "schema": {**case_json, **_case_keys()},
            },
            {
                "name": "communities",
                "title": words.COMMUNITIES_TITLE,
                "path": "communities.json",
                "profile": "tabular-data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "dialect": {"json": {"keyed": True, "property": "communities"}},
                "schema": {**communities, "primaryKey": ["community_id"]},
            },
            {
                "name": "popolo",
                "title": words.POPOLO_TITLE,
                "path": POPOLO_FILE,
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": words.POPOLO_DESCRIPTION,
            },
        ],
    }


def write_package(analysis: Analysis, site_dir: Path) -> Path:
    """Write ``data/datapackage.json`` (the data files themselves are written beforehand)."""
    path = site_dir / DATA_DIR / PACKAGE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = neutral_json(json.dumps(package(analysis), ensure_ascii=False, indent=2)) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
