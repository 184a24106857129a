"""The Decap CMS configuration of ``noticeboard edit``, generated from ``fields.py``.

Every form field comes from the declarations in ``generator.source.fields`` (key, Chinese
label, kind, required, allowed values, hint): a field added there appears in the
editor with no second edit. One collection per community folder of ``content/``
(its label is the community's name, its words 社区 or 村 by its ``kind``). A case's
photos and attachments go into the folder named like the case file (the page
bundle the example cases use); a new case is saved as ``new`` and the server gives
it the next free ledger number, as ``noticeboard new case`` does.

``noticeboard edit`` serves this with the ``proxy`` backend; ``--config-only``
writes it with the ``gitea`` backend into ``admin/config.yml`` for team mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.messages import editor as words
from generator.model.cases import committee_word, resident_word
from generator.model.load import COMMUNITY_FILE
from generator.source import fields
from generator.source.config import SiteConfig
from generator.source.gate import Gate, GateRefused
from generator.source.settings import load_config
from generator.source.textfile import YamlProblem, decode_bytes
from generator.source.yamlsource import parse_yaml_text

# Decap's name for the Chinese (simplified) locale, registered by the decap-cms bundle.
LOCALE = "zh_Hans"
# The stored formats of our dates (Decap's day.js tokens), as docs/format.md writes them.
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
# What Decap names a new case's file; the server saves it under the next free ledger
# number instead (``scaffold.next_ledger_id``), moving its uploaded files with it.
NEW_CASE_SLUG = "new"

# How a TEXT field is typed (a layout choice, not a fact of the field): several lines,
# or a file of the case's folder chosen or uploaded. Paths are (key, ...) in CASE;
# every path here must exist in fields.py (a test checks).
MULTILINE = frozenset(
    {
        ("notice", "join"),
        ("outcome", "summary"),
        ("outcome", "explained"),
        ("outcome", "notified"),
        ("referrals", "reply"),
        ("progress", "note"),
        ("evaluation", "note"),
        ("supervision", "note"),
        ("allowance", "note"),
    }
)
IMAGES = frozenset({("progress", "photos")})
FILES = frozenset({("attachments", "file"), ("minutes", "file")})
# Lists shown folded to one line per item, with this summary (Decap template).
SUMMARIES = {
    "participants": "{{fields.group}} {{fields.name}}{{fields.count}}",
    "referrals": "{{fields.to}} {{fields.sent}}",
    "progress": "{{fields.date}} {{fields.percent}}%",
    "attachments": "{{fields.title}} {{fields.file}}",
}
# The two kinds of community (the values of community.yml's kind).
COMMUNITY, VILLAGE = (value for value, _ in fields.KINDS)
# Words of the other kind left out of a community's choices: a 村 is offered 村民联名
# and 村民代表会议, never 居民联名; a 社区 the other way round.
OTHER_KIND_WORDS = {
    kind: (resident_word(other), committee_word(other))
    for kind, other in ((VILLAGE, COMMUNITY), (COMMUNITY, VILLAGE))
}


def _options(config: SiteConfig, spec: fields.Field, kind: str) -> list[dict[str, str]]:
    choices = spec.choices
    if isinstance(choices, str):  # a list of site_config.yml (lists.<name>)
        other = OTHER_KIND_WORDS.get(kind, ())
        values = getattr(config.lists, choices)
        return [{"label": v, "value": v} for v in values if not v.startswith(other)]
    out = []
    for value, word in choices or ():
        # agreed -> 达成共识; 委托 -> 委托：受政府或部门委托…; 村 -> 村
        shown = (
            word
            if value == word or value.isascii()
            else words.CHOICE_LABEL.format(value=value, word=word)
        )
        out.append({"label": shown, "value": value})
    return out


def _hint(spec: fields.Field, required_in_block: bool) -> str:
    parts = [spec.help] if spec.help else []
    if required_in_block:
        parts.append(words.REQUIRED_IN_BLOCK)
    return words.HINT_SEPARATOR.join(parts)


def _widget(
    config: SiteConfig,
    kind_words: str,
    spec: fields.Field,
    path: tuple[str, ...],
    required: bool,
    in_block: bool,
) -> dict[str, Any]:
    """One Decap field from one declaration. ``required``: whether Decap may insist
    (the field and every block around it are required); ``in_block``: required only
    once its (optional) block is filled in, which the checker judges at save."""
    out: dict[str, Any] = {"name": spec.key, "label": spec.label, "required": required}
    kind = spec.kind
    if kind == fields.TEXT:
        if path in IMAGES or path in FILES:
            # a file of the case's folder; never a link to another host
            out.update(widget="image" if path in IMAGES else "file", choose_url=False)
        else:
            out["widget"] = "text" if path in MULTILINE else "string"
    elif kind == fields.INT:
        out.update(widget="number", value_type="int")
        if spec.minimum is not None:
            out["min"] = spec.minimum
        if spec.maximum is not None:
            out["max"] = spec.maximum
    elif kind == fields.BOOL:
        out["widget"] = "boolean"
    elif kind == fields.DATE:
        out.update(widget="datetime", date_format=DATE_FORMAT, time_format=False)
        out["format"] = DATE_FORMAT
    elif kind == fields.DATETIME:
        out.update(widget="datetime", format=DATETIME_FORMAT)
        out.update(date_format=DATE_FORMAT, time_format="HH:mm")
    elif kind == fields.CHOICE:
        out.update(widget="select", options=_options(config, spec, kind_words))
    elif kind == fields.MAP:
        out.update(widget="object", collapsed=False)
        out["fields"] = _children(config, kind_words, spec, path, required)
    elif kind == fields.LIST:
        item = spec.item
        assert item is not None, spec.key
        # Items unfolded: a finding is shown beside its field inside an item.
        out.update(widget="list", collapsed=False)
        if item.kind == fields.MAP:
            # An item exists only once added: its own required fields are required.
            out["fields"] = _children(config, kind_words, item, path, True)
            if spec.key in SUMMARIES:
                out["summary"] = SUMMARIES[spec.key]
        else:
            one = _widget(config, kind_words, item, path, True, False)
            one.pop("required", None)
            out["field"] = one
    else:  # a kind this module does not know yet: fail loudly, never drop the field
        raise ValueError(f"no Decap widget for field kind {kind!r} ({'.'.join(path)})")
    hint = _hint(spec, in_block)
    if hint:
        out["hint"] = hint
    return out


def _children(
    config: SiteConfig,
    kind_words: str,
    spec: fields.Field,
    path: tuple[str, ...],
    block_required: bool,
) -> list[dict[str, Any]]:
    """The fields of a block. Decap checks a field it shows even when the block around it
    is left empty, so in an optional block a required field is marked 填写本栏时必填
    and left to the checker, which reports it beside the field when the block is used."""
    return [
        _widget(
            config,
            kind_words,
            child,
            (*path, child.key),
            required=child.required and block_required,
            in_block=child.required and not block_required,
        )
        for child in spec.children
    ]


def case_fields(config: SiteConfig, kind: str = COMMUNITY) -> list[dict[str, Any]]:
    """The form of a case of a 社区 or 村: every field of ``fields.CASE`` in order, then
    the body."""
    out = _children(config, kind, fields.CASE, (), True)
    out.append(
        {
            "name": "body",
            "label": words.BODY_LABEL,
            "widget": "markdown",
            "required": False,
            "hint": words.BODY_HINT,
        }
    )
    return out


def communities(config: SiteConfig) -> list[tuple[str, str, str]]:
    """``(folder id, name, kind)`` of every community folder, read through the gate;
    a ``community.yml`` that cannot be read still gets a collection (named by its
    folder), so the clerk can reach its cases."""
    content = config.content_path
    gate = Gate(content)
    out = []
    if not content.is_dir():
        return out
    for folder in sorted(content.iterdir()):
        if not (folder.is_dir() and fields.COMMUNITY_ID.match(folder.name)):
            continue
        if gate.check_folder(folder) is not None:
            continue
        name, kind = folder.name, COMMUNITY
        try:
            data = parse_yaml_text(decode_bytes(gate.read_bytes(folder / COMMUNITY_FILE))).value
        except (OSError, GateRefused, YamlProblem, UnicodeError, ValueError):
            data = None
        if isinstance(data, dict):
            if isinstance(data.get("name"), str) and data["name"].strip():
                name = data["name"].strip()
            if data.get("kind") == VILLAGE:
                kind = VILLAGE
        out.append((folder.name, name, kind))
    return out


def _collection(config: SiteConfig, cid: str, name: str, kind: str) -> dict[str, Any]:
    return {
        "name": cid,
        "label": name,
        "label_singular": words.CASE_SINGULAR,
        "description": words.COLLECTION_DESCRIPTION.format(
            name=name, residents=resident_word(kind)
        ),
        "folder": f"{config.content_dir}/{cid}",
        "create": True,
        "delete": False,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "title",
        "slug": NEW_CASE_SLUG,
        "summary": words.COLLECTION_SUMMARY,
        "sortable_fields": ["title", "proposed.date"],
        # The case's own folder (page bundle): content/<community>/<case>/<file>, and
        # the front matter keeps the bare file name, as photos: [a.jpg] does.
        "media_folder": "{{filename}}",
        "public_folder": "",
        "fields": case_fields(config, kind),
    }


def editor_config(project: Path | SiteConfig, backend: dict[str, Any]) -> dict[str, Any]:
    """The whole Decap configuration for ``project`` (its folder or its loaded settings)
    with ``backend`` (``{"name": "proxy", "proxy_url": …}`` or a ``gitea`` block)."""
    config = project if isinstance(project, SiteConfig) else load_config(Path(project))
    return {
        "backend": dict(backend),
        "locale": LOCALE,
        # the header's link to the live site; no site_url: with it Decap adds a "preview"
        # button opening the live site, which does not show unsaved work (ours does)
        "display_url": config.base_url,
        "publish_mode": "simple",
        "media_folder": config.content_dir,
        "public_folder": "",
        "show_preview_links": False,
        "search": False,
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [
            _collection(config, cid, name, kind) for cid, name, kind in communities(config)
        ],
    }


def gitea_backend(repo: str, server: str, app_id: str, branch: str = "main") -> dict[str, str]:
    """Decap's ``gitea`` backend block (team mode: Gitea or Forgejo with OAuth, see
    docs/deploy/README.md); ``server`` is the Gitea/Forgejo address."""
    base = server[:-1] if server.endswith("/") else server
    return {
        "name": "gitea",
        "repo": repo,
        "branch": branch,
        "base_url": base,
        "api_root": f"{base}/api/v1",
        "app_id": app_id,
    }


def config_yaml(config: dict[str, Any]) -> str:
    """The configuration as Decap reads it (``config.yml``), Chinese kept readable."""
    return words.CONFIG_HEAD + yaml.dump(
        config, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100
    )


class _PlainDumper(yaml.SafeDumper):
    """Every value written out in full (no ``&id001`` anchors and aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
