"""The editor's Decap configuration is generated from source/fields.py: every field, in order,
with its label, kind, required and allowed values, and nothing else; a field added to
source/fields.py appears in the editor with no second edit."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from conftest import TempProject
from site_helpers import REPO

from generator.editor import assets, decap_config
from generator.editor.decap_config import editor_config
from generator.messages import editor as editor_words
from generator.source import fields

PROXY = {"name": "proxy", "proxy_url": "http://127.0.0.1:8765/api/v1"}

# Decap widget of each kind of source/fields.py (TEXT has three, by layout).
WIDGETS = {
    fields.TEXT: {"string", "text", "image", "file"},
    fields.INT: {"number"},
    fields.BOOL: {"boolean"},
    fields.DATE: {"datetime"},
    fields.DATETIME: {"datetime"},
    fields.CHOICE: {"select"},
    fields.MAP: {"object"},
    fields.LIST: {"list"},
}


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def compare(spec: fields.Field, form: list[dict], path: str = "") -> int:
    """Assert the Decap fields ``form`` are the children of ``spec``; count fields seen."""
    assert [f["name"] for f in form] == [c.key for c in spec.children], path or "(case)"
    seen = 0
    for child, field in zip(spec.children, form, strict=True):
        where = f"{path}.{child.key}" if path else child.key
        seen += 1
        assert field["label"] == child.label, where
        assert field["widget"] in WIDGETS[child.kind], where
        assert isinstance(field["required"], bool), where
        if child.required is False:
            assert field["required"] is False, where
        if child.help:
            assert child.help in field["hint"], where
        if child.kind == fields.INT:
            assert field.get("min") == child.minimum and field.get("max") == child.maximum, where
            assert field["value_type"] == "int"
        if child.kind == fields.DATE:
            assert field["format"] == "YYYY-MM-DD" and field["time_format"] is False, where
        if child.kind == fields.DATETIME:
            assert field["format"] == "YYYY-MM-DD HH:mm", where
        if child.kind == fields.MAP:
            seen += compare(child, field["fields"], where)
        if child.kind == fields.LIST:
            assert child.item is not None
            if child.item.kind == fields.MAP:
                seen += compare(child.item, field["fields"], where + "[]")
            else:
                assert field["field"]["widget"] in WIDGETS[child.item.kind], where
    return seen


def count(spec: fields.Field) -> int:
    n = 0
    for child in spec.children:
        n += 1
        if child.kind == fields.MAP:
            n += count(child)
        if child.kind == fields.LIST and child.item is not None and child.item.kind == fields.MAP:
            n += count(child.item)
    return n


def test_every_field_of_fields_py_is_in_each_collection_in_order() -> None:
    config = editor_config(REPO, PROXY)
    assert len(config["collections"]) == 5
    for coll in config["collections"]:
        form = coll["fields"]
        assert form[-1]["name"] == "body" and form[-1]["widget"] == "markdown"
        assert compare(fields.CASE, form[:-1]) == count(fields.CASE) > 60


def test_required_follows_fields_py_and_optional_blocks_leave_it_to_the_checker() -> None:
    form = collection(editor_config(REPO, PROXY), "shuanghe")["fields"]
    by_name = {f["name"]: f for f in form}
    assert by_name["title"]["required"] is True
    proposed = {f["name"]: f for f in by_name["proposed"]["fields"]}
    assert proposed["date"]["required"] is True  # a required field of a required block
    assert proposed["signatures"]["required"] is False
    # meeting is optional: Decap would refuse an empty meeting block's start, so the
    # field says it is required once the block is used, and the checker decides.
    meeting = {f["name"]: f for f in by_name["meeting"]["fields"]}
    assert meeting["start"]["required"] is False
    assert meeting["start"]["hint"].endswith(editor_words.REQUIRED_IN_BLOCK)
    # list items exist only once added: their required fields are required
    progress = {f["name"]: f for f in by_name["progress"]["fields"]}
    assert progress["percent"]["required"] is True
    assert progress["percent"]["min"] == 0 and progress["percent"]["max"] == 100
    assert progress["photos"]["field"]["widget"] == "image"
    assert progress["photos"]["field"]["choose_url"] is False  # never a link to another host


def test_a_field_added_to_fields_py_appears_in_the_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    budget = fields.Field("budget", "预算（元）", fields.INT, minimum=0, help="协商事项的预算")
    witness = fields.Field("witness", "见证人", fields.TEXT, required=True)
    meeting = fields.CASE.child("meeting")
    assert meeting is not None
    new_meeting = dataclasses.replace(meeting, children=(*meeting.children, witness))
    children = tuple(new_meeting if c.key == "meeting" else c for c in fields.CASE.children)
    monkeypatch.setattr(
        fields, "CASE", dataclasses.replace(fields.CASE, children=(*children, budget))
    )
    form = collection(editor_config(REPO, PROXY), "xiguan")["fields"]
    added = form[-2]
    assert added == {
        "name": "budget",
        "label": "预算（元）",
        "required": False,
        "widget": "number",
        "value_type": "int",
        "min": 0,
        "hint": "协商事项的预算",
    }
    meeting_form = next(f for f in form if f["name"] == "meeting")["fields"]
    assert meeting_form[-1]["name"] == "witness" and meeting_form[-1]["label"] == "见证人"
    assert compare(fields.CASE, form[:-1]) == count(fields.CASE)


def test_an_unknown_kind_of_field_stops_the_config_instead_of_dropping_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    odd = fields.Field("where", "位置", "geo")
    monkeypatch.setattr(
        fields, "CASE", dataclasses.replace(fields.CASE, children=(*fields.CASE.children, odd))
    )
    with pytest.raises(ValueError, match="geo"):
        editor_config(REPO, PROXY)


def test_layout_tables_name_only_fields_that_exist() -> None:
    for path in decap_config.MULTILINE | decap_config.IMAGES | decap_config.FILES:
        assert fields.field_at(fields.CASE, path).kind in (fields.TEXT, fields.LIST), path
    for key in decap_config.SUMMARIES:
        assert fields.CASE.child(key) is not None, key


def test_choices_come_from_site_config_lists_in_the_words_of_each_kind(
    project: TempProject,
) -> None:
    project.config("lists:\n  categories: [修路, 装电梯]\n  channels: [居民联名, 村民联名, 其他]\n")
    project.write("content/taohua/community.yml", "name: 桃花村\nkind: 村\ntown: 桃花镇\n")
    config = editor_config(project.root, PROXY)
    assert [(c["name"], c["label"]) for c in config["collections"]] == [
        ("taohua", "桃花村"),
        ("xiguan", "西关社区"),
    ]

    def options(coll: str, *path: str) -> list[str]:
        form = collection(config, coll)["fields"]
        field: dict = {"fields": form}
        for key in path:
            field = next(f for f in field["fields"] if f["name"] == key)
        return [o["value"] for o in field["options"]]

    assert options("xiguan", "category") == ["修路", "装电梯"]
    assert options("taohua", "proposed", "channel") == ["村民联名", "其他"]
    assert options("xiguan", "proposed", "channel") == ["居民联名", "其他"]
    results = collection(config, "xiguan")["fields"]
    outcome = next(f for f in results if f["name"] == "outcome")["fields"]
    result = next(f for f in outcome if f["name"] == "result")
    assert result["options"][0] == {"label": "达成共识", "value": "agreed"}
    assert [o["value"] for o in result["options"]] == [v for v, _ in fields.RESULTS]


def test_collections_are_page_bundles_in_content(project: TempProject) -> None:
    coll = collection(editor_config(project.root, PROXY), "xiguan")
    assert coll["folder"] == "content/xiguan"
    assert coll["extension"] == "md" and coll["format"] == "frontmatter"
    # media of content/xiguan/2026-03.md go to content/xiguan/2026-03/, named bare
    assert coll["media_folder"] == "{{filename}}" and coll["public_folder"] == ""
    assert coll["slug"] == decap_config.NEW_CASE_SLUG


def test_a_broken_community_file_still_gets_its_collection(project: TempProject) -> None:
    project.write("content/hehua/community.yml", "name: [荷花社区\n")
    (project.root / "content" / "Not-A-Community").mkdir()
    names = [c["name"] for c in editor_config(project.root, PROXY)["collections"]]
    assert names == ["hehua", "xiguan"]


def test_config_only_writes_admin_config_with_the_gitea_backend(project: TempProject) -> None:
    backend = decap_config.gitea_backend("qinghe/cases", "https://git.qinghe.example.cn/", "abc")
    path = assets.write_admin_config(project.root, backend)
    assert path == project.root / "admin" / "config.yml"
    text = path.read_text(encoding="utf-8")
    assert "&id" not in text and "西关社区" in text  # readable, no YAML aliases
    data = yaml.safe_load(text)
    assert data["backend"] == {
        "name": "gitea",
        "repo": "qinghe/cases",
        "branch": "main",
        "base_url": "https://git.qinghe.example.cn",
        "api_root": "https://git.qinghe.example.cn/api/v1",
        "app_id": "abc",
    }
    assert data["locale"] == "zh_Hans"
    assert data["collections"] == editor_config(project.root, backend)["collections"]
    page = (project.root / "admin" / "index.html").read_text(encoding="utf-8")
    assert 'data-nb-local="0"' in page and "vendor/decap-cms.js" in page


def test_config_is_deterministic() -> None:
    a = decap_config.config_yaml(editor_config(REPO, PROXY))
    b = decap_config.config_yaml(editor_config(REPO, PROXY))
    assert a == b
