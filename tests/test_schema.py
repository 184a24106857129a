"""`noticeboard schema`: the JSON Schemas accept the example content and catch mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from generator.cli.commands import cli
from generator.source.textfile import read_text
from generator.source.yamlsource import parse_yaml_text, split_front_matter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("schema")
    result = CliRunner().invoke(cli, ["schema", "--project", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {p.name: json.loads(p.read_text("utf-8")) for p in out.glob("*.json")}


def _json_ready(value):
    """YAML dates to strings, as an editor's YAML server sees them."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_example_content_validates(schemas: dict[str, dict]) -> None:
    cases = sorted((ROOT / "content").glob("*/*.md"))
    communities = sorted((ROOT / "content").glob("*/community.yml"))
    assert cases and communities
    for path in communities:
        doc = parse_yaml_text(read_text(path))
        jsonschema.validate(_json_ready(doc.value), schemas["community.schema.json"])
    for path in cases:
        doc = parse_yaml_text(split_front_matter(read_text(path)).yaml_text)
        jsonschema.validate(_json_ready(doc.value), schemas["case.schema.json"])


@pytest.mark.parametrize(
    "change",
    [
        {"category": "不存在的类别"},
        {"titel": "拼错的字段"},
        {"proposed": {"date": "2026/3/10", "by": "x", "channel": "居民联名"}},
        {"progress": [{"date": "2026-03-10", "percent": 120}]},
    ],
)
def test_schema_rejects_mistakes(schemas: dict[str, dict], change: dict) -> None:
    case = {
        "title": "加装电梯",
        "category": "民生保障",
        "form": "楼栋协商",
        "proposed": {"date": "2026-03-01", "by": "3号楼居民", "channel": "居民联名"},
    }
    jsonschema.validate(case, schemas["case.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**case, **change}, schemas["case.schema.json"])
