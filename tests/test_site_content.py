"""Build the example content/ (when it checks clean) and check every page's stage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_helpers import REPO, TODAY, build, copy_project, page

from generator.config import load_config
from generator.project import analyse_config


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    if not (REPO / "content").is_dir():
        pytest.skip("no example content yet")
    analysis = analyse_config(load_config(REPO), TODAY)
    if analysis.errors:
        pytest.skip(f"example content has {len(analysis.errors)} checker errors")
    project = copy_project(REPO, tmp_path_factory.mktemp("c") / "project")
    ok, lines = build(project, project / "site")
    assert ok, "\n".join(lines)
    return project / "site", analysis


def test_every_page_at_its_address_with_its_stage(built: tuple[Path, object]) -> None:
    site, analysis = built
    for community in analysis.communities:  # type: ignore[attr-defined]
        assert community.name in page(site, community.id)
        for case in community.cases:
            html = page(site, f"{community.id}/{case.id}")
            stage = case.stage(TODAY)
            assert re.search(r"当前阶段：<span[^>]*>" + stage.value + "<", html), case.key
            assert len(html.encode()) <= 40 * 1024, case.key
