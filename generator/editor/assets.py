"""The editor's files: the pinned Decap CMS bundle (installed by ``scripts/dev.sh`` into
``themes/editor/node_modules``, never copied into the repository), our own script and
stylesheet (``themes/editor/static``) and the admin page (``themes/editor/admin.html``).

``noticeboard edit`` serves ``/admin/`` from ``admin_page``, ``/admin/vendor/<file>``
from ``vendor_file`` and ``/admin/static/<file>`` from ``static_file``; every name is
one plain file name of that folder, nothing else.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator.atomic import write_atomic
from generator.editor.decap_config import communities, config_yaml, editor_config
from generator.errors import UserError
from generator.messages import editor as words
from generator.source.config import SiteConfig
from generator.source.settings import load_config

EDITOR_THEME = Path(__file__).resolve().parent.parent.parent / "themes" / "editor"
PACKAGE = "decap-cms"  # the standalone bundle: React and every locale in one script
BUNDLE = "decap-cms.js"
STATIC = EDITOR_THEME / "static"
# File names the two folders may serve: a plain name with one of these endings.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(js|css|wasm|map|txt|png|svg)$")


class EditorNotInstalled(UserError):
    """The Decap bundle is missing or not the pinned version."""


def pinned_version() -> str:
    """The exact Decap version ``themes/editor/package.json`` pins."""
    manifest = json.loads((EDITOR_THEME / "package.json").read_text(encoding="utf-8"))
    return manifest["dependencies"][PACKAGE]


def vendor_dir() -> Path:
    return EDITOR_THEME / "node_modules" / PACKAGE / "dist"


def bundle_problem() -> str | None:
    """Why the editor cannot start (in Chinese, with the fix), or None when the pinned
    Decap bundle is installed."""
    want = pinned_version()
    installed = EDITOR_THEME / "node_modules" / PACKAGE / "package.json"
    if not (vendor_dir() / BUNDLE).is_file() or not installed.is_file():
        return words.DECAP_MISSING.format(want=want, hint=words.INSTALL_HINT)
    have = json.loads(installed.read_text(encoding="utf-8")).get("version")
    if have != want:
        return words.DECAP_WRONG_VERSION.format(have=have, want=want, hint=words.INSTALL_HINT)
    return None


def check_installed() -> None:
    """Raise ``EditorNotInstalled`` (a Chinese message with the fix) when the bundle is
    not there; ``noticeboard edit`` calls this before it starts."""
    problem = bundle_problem()
    if problem:
        raise EditorNotInstalled(problem)


def _file_in(folder: Path, name: str) -> Path | None:
    if not _NAME.match(name) or ".." in name:
        return None
    path = folder / name
    return path if path.is_file() else None


def vendor_file(name: str) -> Path | None:
    """A file of the installed Decap bundle (``decap-cms.js`` and the chunks it loads)."""
    return _file_in(vendor_dir(), name)


def static_file(name: str) -> Path | None:
    """One of the editor's own files (``noticeboard-editor.js``, ``…css``)."""
    return _file_in(STATIC, name)


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(EDITOR_THEME)),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def admin_page(config: SiteConfig | None = None, *, local: bool = True) -> str:
    """The ``/admin/`` page: Decap from ``vendor/``, our script from ``static/``.
    ``local``: served by ``noticeboard edit`` (checks, previews and 提交 through its
    API); False for team mode, where Decap talks to Gitea alone."""
    return (
        _env()
        .get_template("admin.html")
        .render(
            site_name=config.site_name if config else SiteConfig.site_name,
            content_dir=config.content_dir if config else "content",
            collections=[cid for cid, _, _ in communities(config)] if config else [],
            local=local,
            bundle=BUNDLE,
            version=pinned_version(),
        )
    )


def write_admin_config(project: Path | SiteConfig, backend: dict[str, Any]) -> Path:
    """``noticeboard edit --config-only``: write ``admin/config.yml`` in the project, and
    beside it the team-mode admin page ``admin/index.html`` (it loads Decap from
    ``admin/vendor/`` and the editor's script from ``admin/static/``, copied there at
    deploy time from ``themes/editor``: see docs/deploy/README.md)."""
    config = project if isinstance(project, SiteConfig) else load_config(Path(project))
    path = config.root / "admin" / "config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, config_yaml(editor_config(config, backend)).encode("utf-8"))
    page = admin_page(config, local=False)
    write_atomic(path.with_name("index.html"), page.encode("utf-8"))
    return path
