"""`noticeboard new` end to end: templates, ledger numbers, no overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.scaffold import next_ledger_id

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "site_config.yml", tmp_path / "site_config.yml")
    (tmp_path / "content").mkdir()
    return tmp_path


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--project", str(project)])
    return result.exit_code, result.output


def check_json(project: Path) -> list[dict]:
    import json

    _code, out = run(project, "check", "--today", "2026-11-22", "--format", "json")
    return json.loads(out)


def test_new_community_then_case_numbers_follow_the_ledger(project: Path) -> None:
    code, out = run(
        project,
        "new",
        "community",
        "nanshan",
        "--name",
        "南山村",
        "--kind",
        "村",
        "--town",
        "青石镇",
    )
    assert code == 0, out
    community = yaml.safe_load((project / "content/nanshan/community.yml").read_text("utf-8"))
    assert community == {"name": "南山村", "kind": "村", "town": "青石镇", "county": "青禾县"}

    for expected in ("2026-01", "2026-02"):
        code, out = run(
            project,
            "new",
            "case",
            "nanshan",
            "--title",
            "关于村道硬化的协商",
            "--today",
            "2026-11-22",
        )
        assert code == 0, out
        assert (project / f"content/nanshan/{expected}.md").is_file()
    text = (project / "content/nanshan/2026-02.md").read_text("utf-8")
    assert "title: 关于村道硬化的协商" in text
    assert "proposed:\n  date: 2026-11-22" in text
    assert "村民会议" in text  # wording follows the community's kind
    # ... and so do the examples: a 村's clerk reads 村 words, not a 社区's.
    for word in ("村务公开栏", "村委会议事室", "村党支部书记", "第三村民小组", "村民联名时"):
        assert word in text, word
    for word in ("社区议事厅", "社区党委书记", "3号楼", "居民联名时", "社区"):
        assert word not in text, word
    community_text = (project / "content/nanshan/community.yml").read_text("utf-8")
    assert "村务公开栏" in community_text and "社区服务中心" not in community_text


def test_new_case_file_reports_only_the_fields_left_to_fill(project: Path) -> None:
    run(project, "new", "community", "xiguan", "--name", "西关社区", "--town", "大城街道")
    run(project, "new", "case", "xiguan", "--title", "加装电梯", "--today", "2026-11-22")
    findings = check_json(project)
    missing = sorted(f["message"] for f in findings)
    assert [f["code"] for f in findings] == ["required-missing"] * 4, findings
    assert any("category" in m for m in missing) and any("proposed.channel" in m for m in missing)
    # Filling them in makes the file clean: the template itself is valid YAML with a body.
    path = project / "content/xiguan/2026-01.md"
    text = path.read_text("utf-8")
    text = text.replace("category:\n", "category: 民生保障\n").replace(
        "form:\n", "form: 楼栋协商\n"
    )
    text = text.replace("  by:     ", "  by: 3号楼居民").replace(
        "  channel:     ", "  channel: 居民联名"
    )
    path.write_text(text, "utf-8")
    assert check_json(project) == []


def test_new_refuses_to_overwrite_and_bad_ids(project: Path) -> None:
    assert run(project, "new", "community", "xiguan")[0] == 0
    code, out = run(project, "new", "community", "xiguan")
    assert code == 2 and "不会覆盖" in out
    code, out = run(project, "new", "community", "Xi Guan")
    assert code == 2 and "不能作为社区编号" in out
    code, out = run(project, "new", "case", "nowhere")
    assert code == 2 and "noticeboard new community nowhere" in out


def test_next_ledger_skips_numbers_kept_by_moved_from(tmp_path: Path) -> None:
    (tmp_path / "2026-01.md").write_text("---\nmoved_from: [xiguan/2026-07]\n---\n", "utf-8")
    (tmp_path / "2025-09.md").write_text("---\n---\n", "utf-8")
    assert next_ledger_id(tmp_path, 2026) == "2026-08"
    assert next_ledger_id(tmp_path, 2025) == "2025-10"
    assert next_ledger_id(tmp_path / "missing", 2027) == "2027-01"


def test_new_refuses_ids_the_site_uses_itself(project: Path) -> None:
    for reserved in ("posters", "stats", "xiguan-all"):
        code, out = run(project, "new", "community", reserved)
        assert code == 2 and "网站自己要用的地址" in out, out


def test_a_county_with_no_case_yet_builds_with_an_empty_search_index(project: Path) -> None:
    """The first build after `new community`: nothing to index. Pagefind then writes no
    language at all; the build must not wait for one (it timed out after 2 minutes)."""
    import json
    import time

    assert (
        run(project, "new", "community", "xiguan", "--name", "西关社区", "--town", "大城街道")[0]
        == 0
    )
    started = time.monotonic()
    code, out = run(project, "build", "--no-posters", "--today", "2026-11-22")
    assert code == 0, out
    assert time.monotonic() - started < 60
    entry = json.loads((project / "site" / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"] == {}
    assert (project / "site" / "search" / "index.html").is_file()


def test_templates_agree_with_the_guide_in_village_words(tmp_path: Path) -> None:
    """Issue 19 item 7: 联名 counts people; a 村 is told 村民联名 and 村民代表; the
    community template names residents and representatives; the case template has
    attendance.representatives_present (the quorum of a 代表会议 needs it). Every key
    the templates show, commented out or not, is a field of fields.py."""
    import datetime as dt
    import re

    from generator import fields
    from generator.config import load_config
    from generator.scaffold import new_case_file, new_community_file

    root = tmp_path / "p"
    (root / "content").mkdir(parents=True)
    (root / "site_config.yml").write_text(
        "site_name: 测试\nbase_url: https://x.example.cn\n", encoding="utf-8"
    )
    config = load_config(root)
    community = new_community_file(config, "taoyuan", name="桃园村", kind="村", town="禾镇")
    case = new_case_file(config, "taoyuan", dt.date(2026, 3, 1), title=None)
    community_text = community.read_text(encoding="utf-8")
    case_text = case.read_text(encoding="utf-8")
    assert "residents:" in community_text and "representatives:" in community_text
    assert "村民联名的基数" in community_text and "居民联名" not in community_text
    assert "村民联名时，签名的人数" in case_text and "签名的户数" not in case_text
    assert "representatives_present:" in case_text and "村民代表会议必填" in case_text
    for text, spec in ((community_text, fields.COMMUNITY), (case_text, fields.CASE)):
        shown = set(re.findall(r"^[#\s-]*([a-z_]+):", text, re.M))
        assert shown <= fields.all_keys(spec), shown - fields.all_keys(spec)
