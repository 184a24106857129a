"""The editor's files: the pinned Decap bundle found where scripts/dev.sh installs it
(or a Chinese message saying how to install it), only plain file names served, and
an admin page that loads nothing from another host."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from site_helpers import REPO

from generator.editor import assets
from generator.source.settings import load_config


def test_the_pinned_bundle_is_installed_and_served() -> None:
    manifest = json.loads((REPO / "themes/editor/package.json").read_text(encoding="utf-8"))
    assert manifest["dependencies"] == {"decap-cms": assets.pinned_version()}
    assert re.fullmatch(r"\d+\.\d+\.\d+", assets.pinned_version())  # exact, no ^ or ~
    lock = json.loads((REPO / "themes/editor/package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/decap-cms"]
    assert locked["version"] == assets.pinned_version() and locked["integrity"].startswith(
        "sha512-"
    )
    assert assets.bundle_problem() is None
    bundle = assets.vendor_file(assets.BUNDLE)
    assert bundle is not None and bundle.stat().st_size > 1_000_000


@pytest.mark.parametrize(
    "name",
    [
        "../package.json",
        "..%2fpackage.json",
        "/etc/passwd",
        "sub/decap-cms.js",
        ".hidden.js",
        "decap-cms.js/..",
        "README.md",
        "",
    ],
)
def test_only_plain_file_names_of_the_two_folders_are_served(name: str) -> None:
    assert assets.vendor_file(name) is None
    assert assets.static_file(name) is None


def test_own_files_are_served() -> None:
    for name in ("noticeboard-early.js", "noticeboard-editor.js", "noticeboard-editor.css"):
        assert assets.static_file(name) == assets.STATIC / name


def test_a_missing_bundle_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = tmp_path / "editor"
    theme.mkdir()
    shutil.copy(assets.EDITOR_THEME / "package.json", theme / "package.json")
    monkeypatch.setattr(assets, "EDITOR_THEME", theme)
    problem = assets.bundle_problem()
    assert problem is not None and "还没有安装" in problem and "scripts/dev.sh install" in problem
    with pytest.raises(assets.EditorNotInstalled, match="Decap CMS"):
        assets.check_installed()
    # another version installed than the one pinned
    dist = theme / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    (dist / assets.BUNDLE).write_text("//", encoding="utf-8")
    (dist.parent / "package.json").write_text('{"version": "3.0.0"}', encoding="utf-8")
    assert "3.0.0" in (assets.bundle_problem() or "")


def test_admin_page_loads_only_local_files_in_order() -> None:
    page = assets.admin_page(load_config(REPO))
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources == [
        "static/noticeboard-editor.css",
        "config.yml",
        "static/noticeboard-early.js",
        "vendor/decap-cms.js",
        "static/noticeboard-editor.js",
    ]
    assert "http" not in page.replace("http-equiv", "")
    assert 'data-nb-collections="dongfeng nanyuan shuanghe xiguan yangliu"' in page
    assert 'lang="zh-CN"' in page and 'data-nb-local="1"' in page
    assert 'data-nb-local="0"' in assets.admin_page(load_config(REPO), local=False)
