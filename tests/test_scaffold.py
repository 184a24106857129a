"""`noticeboard new` end to end: templates, ledger numbers, no overwriting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli.commands import cli
from generator.model.scaffold import next_ledger_id, note
from generator.source import fields

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
    assert "\n  date: 2026-11-22  # 提出日期" in text
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
    text = text.replace("category:  #", "category: 民生保障  #").replace(
        "form:  #", "form: 楼栋协商  #"
    )
    text = text.replace("  by:  #", "  by: 3号楼居民  #").replace(
        "  channel:  #", "  channel: 居民联名  #"
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


def test_new_never_writes_outside_content(project: Path) -> None:
    """Issue 20 (minor): `new case ../../x` wrote a case file outside content/."""
    outside = project / "elsewhere"
    outside.mkdir()
    (outside / "community.yml").write_text("name: 别处\nkind: 社区\n", "utf-8")
    for args in (
        ("new", "case", "../elsewhere"),
        ("new", "case", str(outside)),
        ("new", "case", "."),
        ("new", "community", "../elsewhere2"),
    ):
        code, out = run(project, *args, "--today", "2026-11-22")
        assert code == 2 and "不能作为社区编号" in out, (args, out)
    assert [p.name for p in outside.iterdir()] == ["community.yml"]
    assert sorted(p.name for p in project.iterdir()) == ["content", "elsewhere", "site_config.yml"]
    assert list((project / "content").iterdir()) == []


# --- the templates say what source/fields.py and the guide say (issue 19 item 7, issue 21 item 7) ---

_KEY = re.compile(r"^( *)(- )?([a-z_]+):(.*)$")
STALE = ("签名的户数", "提交村民会议决定", "交办", "10 个工作日", "2024-2027", "户联名")


def _written(project: Path, kind: str) -> tuple[str, str]:
    """The community.yml and the case file ``noticeboard new`` writes for ``kind``."""
    cid = "taoyuan" if kind == "村" else "xiguan"
    assert (
        run(project, "new", "community", cid, "--name", "某地", "--kind", kind, "--town", "某镇")[0]
        == 0
    )
    assert run(project, "new", "case", cid, "--today", "2026-11-22")[0] == 0
    return (
        (project / f"content/{cid}/community.yml").read_text("utf-8"),
        (project / f"content/{cid}/2026-01.md").read_text("utf-8").split("\n---\n")[0],
    )


def _keys(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Every key a template writes, as written or commented out (``# key:``), with its
    path and the comment after it."""
    found = []
    stack: list[tuple[int, str]] = []
    for line in text.splitlines():
        commented = re.match(r"^( *)# (.*)$", line)
        code = commented.group(1) + commented.group(2) if commented else line
        m = _KEY.match(code.split("  # ")[0].rstrip())
        if m is None:
            continue
        indent = len(m.group(1)) + (2 if m.group(2) else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*[key for _, key in stack], m.group(3))
        stack.append((indent, m.group(3)))
        comment = code.split("  # ", 1)[1] if "  # " in code else ""
        found.append((path, comment))
    return found


@pytest.mark.parametrize("kind", ["社区", "村"])
def test_templates_write_only_declared_fields_with_their_labels(project: Path, kind: str) -> None:
    community, case = _written(project, kind)
    for spec, text in ((fields.COMMUNITY, community), (fields.CASE, case)):
        keys = _keys(text)
        assert len(keys) > 10
        for path, comment in keys:
            fields.field_at(spec, path)  # KeyError: a key source/fields.py does not declare
            if comment:
                assert comment.startswith(note(spec, ".".join(path))), (path, comment)
    community_keys = {path for path, _ in _keys(community)}
    case_keys = {path for path, _ in _keys(case)}
    assert {("residents",), ("representatives",)} <= community_keys
    assert ("attendance", "representatives_present") in case_keys
    assert ("referrals", "kind") in case_keys and ("minutes", "kept_at") in case_keys


@pytest.mark.parametrize("kind", ["社区", "村"])
def test_templates_use_no_stale_words(project: Path, kind: str) -> None:
    community, case = _written(project, kind)
    for text in (community, case.replace("上级交办", "")):
        for word in STALE:
            assert word not in text, word
    assert "不是户数" in case  # 联名 counts people
    assert not re.search(r"term: *\d{4}-\d{4}", community)  # no fixed term
    joint = "村民联名" if kind == "村" else "居民联名"
    assert f"{joint}时填写" in case


def test_the_guide_agrees_with_the_templates() -> None:
    guide = (ROOT / "docs" / "guide" / "index.md").read_text("utf-8")
    for key in ("residents:", "representatives:", "representatives_present:", "kept_at:"):
        assert key in guide, key
    for word in STALE:
        assert word not in guide.replace("上级交办", ""), word
    for path in (("proposed", "signatures"), ("residents",), ("representatives",)):
        spec = fields.COMMUNITY if path[0] != "proposed" else fields.CASE
        assert "户数" not in fields.field_at(spec, path).help.replace("不是户数", "").replace(
            "不按户数", ""
        )
