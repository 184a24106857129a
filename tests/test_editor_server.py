"""The editor's server (``noticeboard edit``): real HTTP on 127.0.0.1 against a server
in a thread over a temporary project; Decap's proxy protocol, the safety refusals,
the check on save with findings mapped to form fields, uploads, and the commit."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TINY_JPEG, TODAY, TempProject, tiny_jpeg

CASE = "content/xiguan/2026-01.md"


class Client:
    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.origin = f"http://127.0.0.1:{port}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = "cookie",
        origin: str | None = "own",
        host: str | None = None,
    ) -> tuple[int, Any, http.client.HTTPResponse]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": host or f"127.0.0.1:{self.port}"}
        if token == "cookie":
            headers["Cookie"] = f"nb_editor={self.token}"
        elif token is not None:
            headers["Cookie"] = f"nb_editor={token}"
        if origin == "own":
            headers["Origin"] = self.origin
        elif origin is not None:
            headers["Origin"] = origin
        data = None if body is None else json.dumps(body, default=str).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        conn.close()
        try:
            value = json.loads(raw) if raw else None
        except ValueError:
            value = raw
        return response.status, value, response

    def api(self, action: str, **params: Any) -> tuple[int, Any]:
        status, value, _ = self.request("POST", "/api/v1", {"action": action, "params": params})
        return status, value


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def editor(project: TempProject) -> Iterator[tuple[Client, TempProject, Any]]:
    from generator.editor.server import Editor, serve_in_thread
    from generator.source.settings import load_config

    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "config", "user.name", "测试文书")
    git(project.root, "config", "user.email", "clerk@example.cn")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "start")
    the_editor = Editor(load_config(project.root), dt.date.fromisoformat(TODAY))
    server = serve_in_thread(the_editor, "127.0.0.1", 0)
    try:
        yield Client(the_editor.port, the_editor.token), project, the_editor
    finally:
        server.shutdown()
        server.server_close()


def case_raw(project: TempProject, *replacements: tuple[str, str]) -> str:
    text = project.base_case()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def persist(client: Client, path: str, raw: str, assets: list[dict] | None = None):
    entry = {"path": path, "raw": raw, "slug": Path(path).stem}
    return client.api("persistEntry", entry=entry, dataFiles=[entry], assets=assets or [])


# --- safety ---------------------------------------------------------------------------


def test_login_sets_a_strict_cookie_and_a_wrong_token_is_refused(editor) -> None:
    client, _, _ = editor
    status, _, response = client.request("GET", f"/admin/?token={client.token}", token=None)
    assert status == 302 and response.getheader("Location") == "/admin/"
    cookie = response.getheader("Set-Cookie")
    assert f"nb_editor={client.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    status, value, _ = client.request("GET", "/admin/?token=wrong", token=None)
    assert status == 403 and "凭证" in value["error"]


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_requests_without_the_token_are_refused(editor, token: str | None) -> None:
    client, _, _ = editor
    status, value, _ = client.request("POST", "/api/v1", {"action": "info"}, token=token)
    assert status == 403 and "凭证" in value["error"]
    status, _, _ = client.request("GET", "/admin/config.yml", token=token, origin=None)
    assert status == 403


@pytest.mark.parametrize("origin", [None, "http://evil.example", "http://127.0.0.1:1"])
def test_posts_from_another_origin_are_refused(editor, origin: str | None) -> None:
    client, project, _ = editor
    raw = case_raw(project)
    status, value, _ = client.request(
        "POST",
        "/api/v1",
        {"action": "persistEntry", "params": {"entry": {"path": CASE, "raw": raw}}},
        origin=origin,
    )
    assert status == 403 and "别的网站" in value["error"]
    status, value = client.api("info")  # the same request from its own origin is fine
    assert status == 200 and value["type"] == "local_fs"


def test_a_host_name_is_refused(editor) -> None:
    client, _, _ = editor  # DNS rebinding: a name pointing at 127.0.0.1
    status, value, _ = client.request("POST", "/api/v1", {"action": "info"}, host="evil.example")
    assert status == 403 and "localhost" in value["error"]


@pytest.mark.parametrize(
    "path",
    [
        "content/xiguan/../../site_config.yml",
        "../outside.md",
        "/etc/passwd",
        "site_config.yml",
        "content/xiguan/2026-01/..\\..\\x.md",
    ],
)
def test_paths_outside_content_are_refused(editor, path: str) -> None:
    client, project, _ = editor
    for action, params in (
        ("getEntry", {"path": path}),
        ("persistEntry", {"entry": {"path": path, "raw": "x"}, "assets": []}),
        ("getMediaFile", {"path": path}),
    ):
        status, value = client.api(action, **params)
        assert status in (400, 403), (action, status, value)
        assert "content/" in value["error"] or "路径" in value["error"]
    assert (project.root / "site_config.yml").read_text(encoding="utf-8").strip()


def test_a_symlink_out_of_content_is_refused(editor, tmp_path: Path) -> None:
    client, project, _ = editor
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 秘密\n---\n", encoding="utf-8")
    (project.community / "2026-05.md").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project.community / "2026-06").symlink_to(outside, target_is_directory=True)
    status, value = client.api("getEntry", path="content/xiguan/2026-05.md")
    assert status == 403 and "秘密" not in json.dumps(value, ensure_ascii=False)
    status, value = client.api(
        "persistMedia",
        asset={"path": "content/xiguan/2026-06/a.jpg", "content": "", "encoding": "base64"},
    )
    assert status == 403
    assert not (outside / "a.jpg").exists()
    status, entries = client.api(
        "entriesByFolder", folder="content/xiguan", extension="md", depth=1
    )
    assert status == 200
    assert [e["file"]["path"] for e in entries] == [CASE]


# --- the protocol -----------------------------------------------------------------------


def test_entries_and_media_are_listed_as_decap_expects(editor) -> None:
    client, project, _ = editor
    status, entries = client.api(
        "entriesByFolder", folder="content/xiguan", extension="md", depth=1
    )
    assert status == 200 and len(entries) == 1
    entry = entries[0]
    assert entry["file"]["path"] == CASE and len(entry["file"]["id"]) == 64
    assert entry["data"] == (project.root / CASE).read_text(encoding="utf-8")
    status, media = client.api("getMedia", mediaFolder="content/xiguan/2026-01")
    assert status == 200
    assert sorted(m["name"] for m in media) == ["minutes.jpg", "photo1.jpg"]
    assert base64.b64decode(media[0]["content"]) == TINY_JPEG
    status, _value = client.api("nonsense")
    assert status == 422


def test_persist_writes_the_case_canonically_and_check_passes_it(editor) -> None:
    client, project, _ = editor
    raw = case_raw(project, ("  host: 王主任\n", "  host: 王主任\n  place: 社区议事厅\n"))
    raw = raw.replace("  place: 社区议事厅\n", "", 1)  # place written after host
    status, value = persist(client, CASE, raw)
    assert status == 200, value
    text = (project.root / CASE).read_text(encoding="utf-8")
    assert text.index("place:") < text.index("host:")  # source/fields.py order
    done = subprocess.run(
        [os.sys.executable, "-m", "generator.cli.commands", "check", "--today", TODAY],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_error_refuses_the_save_and_names_its_field(editor) -> None:
    client, project, _ = editor
    before = (project.root / CASE).read_bytes()
    raw = case_raw(project, ("  host: 王主任\n", "  host: 王主任 13812345678\n"))
    status, value = persist(client, CASE, raw)
    assert status == 422
    assert "没有保存" in value["error"]
    found = [f for f in value["findings"] if f["code"] == "personal-mobile"]
    assert found and found[0]["field"] == "meeting.host" and found[0]["label"] == "主持人"
    assert found[0]["severity"] == "error" and "手机" in found[0]["message"]
    assert (project.root / CASE).read_bytes() == before


def test_a_warning_is_saved_and_returned(editor) -> None:
    client, project, _ = editor
    raw = case_raw(
        project,
        (
            "  - date: 2026-04-15\n    percent: 30\n",
            "  - date: 2026-04-15\n    percent: 30\n    note: 同上\n",
        ),
    )
    status, value = persist(client, CASE, raw.replace("    note: 完成设计方案。\n", "", 1))
    assert status == 200, value
    assert isinstance(value["findings"], list)


def test_a_date_error_maps_to_its_field_path(editor) -> None:
    client, project, _ = editor
    raw = case_raw(project, ("  - date: 2026-06-30\n", "  - date: 2026-06-31\n"))
    status, value = persist(client, CASE, raw)
    assert status == 422
    assert {f["field"] for f in value["findings"]} >= {"progress.1.date"}


def test_a_new_case_gets_the_next_ledger_number(editor) -> None:
    client, project, _ = editor
    from generator.model.scaffold import next_ledger_id

    expected = next_ledger_id(project.community, 2026)
    raw = case_raw(project).replace("    photos:\n      - photo1.jpg\n", "")
    raw = raw.replace("attachments:\n  - file: minutes.jpg\n    title: 会议纪要扫描件\n", "")
    raw = raw.replace("minutes:\n  file: minutes.jpg\n", "minutes:\n  kept_at: 社区档案室\n")
    status, value = persist(client, "content/xiguan/guan-yu-dian-ti.md", raw)
    assert status == 200, value
    assert value["slug"] == expected and value["path"] == f"content/xiguan/{expected}.md"
    assert (project.root / value["path"]).is_file()
    assert not (project.community / "guan-yu-dian-ti.md").exists()
    status, value, _ = client.request("POST", "/api/nb/next-id", {"community": "xiguan"})
    assert status == 200 and value["case_id"] == next_ledger_id(project.community, 2026)


def test_check_endpoint_maps_findings_without_writing(editor) -> None:
    client, project, _ = editor
    before = (project.root / CASE).read_bytes()
    data = {
        "title": "关于3号楼加装电梯的协商",
        "meeting": {"start": "2026-03-10 19:00", "place": "议事厅", "host": "王主任 13812345678"},
        "body": "正文",
    }
    status, value, _ = client.request(
        "POST", "/api/nb/check", {"collection": "xiguan", "slug": "2026-01", "data": data}
    )
    assert status == 200 and value["path"] == CASE
    fields = {f["field"] for f in value["findings"]}
    assert "meeting.host" in fields
    assert (project.root / CASE).read_bytes() == before


# --- uploads ---------------------------------------------------------------------------


def upload(client: Client, name: str, data: bytes):
    return client.api(
        "persistMedia",
        asset={
            "path": f"content/xiguan/2026-01/{name}",
            "content": base64.b64encode(data).decode(),
            "encoding": "base64",
        },
    )


def test_a_large_phone_jpeg_is_accepted(editor) -> None:
    client, project, _ = editor
    status, value = upload(client, "big.jpg", tiny_jpeg((4032, 3024)))  # 12 MP
    assert status == 200, value
    assert value["name"] == "big.jpg" and (project.community / "2026-01" / "big.jpg").is_file()


def test_heic_and_word_are_refused_with_checks_advice(editor) -> None:
    client, project, _ = editor
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    status, value = upload(client, "IMG_0001.HEIC", heic)
    assert status == 422 and value["findings"][0]["code"] == "attachment-type"
    assert "HEIC" in value["findings"][0]["message"] + value["findings"][0]["hint"]
    word = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 64
    status, value = upload(client, "会议纪要.docx", word)
    assert status == 422 and "PDF" in value["findings"][0]["hint"]
    assert not (project.community / "2026-01" / "IMG_0001.HEIC").exists()
    assert not (project.community / "2026-01" / "会议纪要.docx").exists()


def test_uploads_go_only_into_a_case_folder(editor) -> None:
    client, _, _ = editor
    status, value = client.api(
        "persistMedia",
        asset={"path": "content/xiguan/a.jpg", "content": "", "encoding": "base64"},
    )
    assert status == 403 and "案例自己的文件夹" in value["error"]


# --- commit ----------------------------------------------------------------------------


def test_commit_holds_only_the_case_and_says_what_changed(editor) -> None:
    client, project, _ = editor
    client.api("getEntry", path=CASE)
    (project.root / "site_config.yml").write_text(
        (project.root / "site_config.yml").read_text(encoding="utf-8") + "\n# 未提交\n",
        encoding="utf-8",
    )
    (project.root / "notes.txt").write_text("草稿", encoding="utf-8")
    raw = case_raw(project, ("    for: 20\n", "    for: 19\n"))
    status, value = persist(client, CASE, raw)
    assert status == 200, value
    upload(client, "new.jpg", TINY_JPEG)
    status, value, _ = client.request("POST", "/api/nb/commit", {"path": CASE})
    assert status == 200, value
    assert value["pushed"] is False and value["push_error"] is None
    files = git(project.root, "show", "--name-only", "--format=", value["commit"]).splitlines()
    assert sorted(files) == ["content/xiguan/2026-01.md", "content/xiguan/2026-01/new.jpg"]
    message = git(project.root, "log", "-1", "--format=%s%n%an")
    assert "xiguan/2026-01" in message and "20 → 19" in message and "测试文书" in message
    assert "同意加装电梯" not in message  # never the clerk's free text
    status_lines = git(project.root, "status", "--porcelain")
    assert "M site_config.yml" in status_lines and "?? notes.txt" in status_lines
    assert "2026-01" not in status_lines


def test_commit_conflict_is_409_and_nothing_is_overwritten(editor) -> None:
    client, project, _ = editor
    client.api("getEntry", path=CASE)
    raw = case_raw(project, ("    for: 20\n", "    for: 18\n"))
    # someone else commits the same case meanwhile
    other = (project.root / CASE).read_text(encoding="utf-8").replace("abstain: 4", "abstain: 3")
    (project.root / CASE).write_text(other, encoding="utf-8")
    git(project.root, "commit", "-q", "-am", "other clerk")
    status, value = persist(client, CASE, raw)
    assert status == 409 and "别人" in value["error"]
    assert "abstain: 3" in (project.root / CASE).read_text(encoding="utf-8")
    status, value, _ = client.request("POST", "/api/nb/commit", {"path": CASE})
    assert status == 409 and "别人" in value["error"]
    assert git(project.root, "log", "-1", "--format=%s") == "other clerk"


def test_a_rejected_push_says_what_to_do(editor, tmp_path: Path) -> None:
    client, project, _ = editor
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'rejected by policy' >&2\nexit 1\n")
    hook.chmod(0o755)
    git(project.root, "remote", "add", "origin", str(remote))
    raw = case_raw(project, ("    for: 20\n", "    for: 17\n"))
    assert persist(client, CASE, raw)[0] == 200
    status, value, _ = client.request("POST", "/api/nb/commit", {"path": CASE})
    assert status == 200 and value["commit"] and value["pushed"] is False
    assert "已在本机提交" in value["push_error"] and "管理员" in value["push_error"]
    hook.unlink()
    raw = case_raw(project, ("    for: 20\n", "    for: 16\n"))
    assert persist(client, CASE, raw)[0] == 200
    status, value, _ = client.request("POST", "/api/nb/commit", {"path": CASE})
    assert status == 200 and value["pushed"] is True and value["push_error"] is None


def test_a_case_with_errors_is_not_committed(editor) -> None:
    client, project, _ = editor
    text = (project.root / CASE).read_text(encoding="utf-8")
    (project.root / CASE).write_text(text.replace("host: 王主任", "host: 13812345678"), "utf-8")
    head = git(project.root, "rev-parse", "HEAD")
    status, value, _ = client.request("POST", "/api/nb/commit", {"path": CASE})
    assert status == 422 and value["findings"][0]["field"] == "meeting.host"
    assert git(project.root, "rev-parse", "HEAD") == head


def test_a_new_cases_photo_moves_with_it_to_its_ledger_folder(editor) -> None:
    client, project, _ = editor
    raw = case_raw(project).replace("      - photo1.jpg\n", "      - 现场.jpg\n")
    raw = raw.replace("attachments:\n  - file: minutes.jpg\n    title: 会议纪要扫描件\n", "")
    raw = raw.replace("minutes:\n  file: minutes.jpg\n", "minutes:\n  kept_at: 社区档案室\n")
    asset = {
        "path": "content/xiguan/new/现场.jpg",
        "content": base64.b64encode(TINY_JPEG).decode(),
        "encoding": "base64",
    }
    status, value = persist(client, "content/xiguan/new.md", raw, [asset])
    assert status == 200, value
    folder = project.root / value["path"].removesuffix(".md")
    assert (folder / "现场.jpg").read_bytes() == TINY_JPEG
    assert not (project.community / "new").exists()


def test_an_entrys_heic_is_refused_at_save_and_nothing_is_written(editor) -> None:
    client, project, _ = editor
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    raw = case_raw(project, ("      - photo1.jpg\n", "      - IMG_1.heic\n"))
    before = (project.root / CASE).read_bytes()
    asset = {
        "path": "content/xiguan/2026-01/IMG_1.heic",
        "content": base64.b64encode(heic).decode(),
        "encoding": "base64",
    }
    status, value = persist(client, CASE, raw, [asset])
    assert status == 422 and value["findings"][0]["code"] == "attachment-type"
    assert (project.root / CASE).read_bytes() == before
    assert not (project.community / "2026-01" / "IMG_1.heic").exists()


def test_media_endpoint_checks_an_upload_without_writing(editor) -> None:
    client, project, _ = editor
    word = b"\xd0\xcf\x11\xe0" + b"\x00" * 100
    body = {"path": "content/xiguan/new/纪要.doc", "content": base64.b64encode(word).decode()}
    status, value, _ = client.request("POST", "/api/nb/media", body)
    assert status == 422 and "另存为" in value["findings"][0]["hint"]
    body = {"path": "content/xiguan/new/a.jpg", "content": base64.b64encode(TINY_JPEG).decode()}
    status, value, _ = client.request("POST", "/api/nb/media", body)
    assert status == 200 and value["findings"] == []
    assert not (project.community / "new").exists()


# --- the command ------------------------------------------------------------------------

REPO = Path(__file__).parent.parent


def cli(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [os.sys.executable, "-m", "generator.cli.commands", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_noticeboard_edit_prints_its_token_url_and_serves(project: TempProject) -> None:
    process = cli("edit", "--port", "0", "--today", TODAY, cwd=project.root)
    try:
        assert process.stdout is not None
        process.stdout.readline()
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "/admin/?token=" in url
        port = int(url.split(":")[2].split("/")[0])
        token = url.split("token=")[1]
        client = Client(port, token)
        status, value = client.api("entriesByFolder", folder="content/xiguan", extension="md")
        assert status == 200 and value[0]["file"]["path"] == CASE
        status, _, _ = client.request("POST", "/api/v1", {"action": "info"}, token=None)
        assert status == 403
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_edit_config_only_writes_the_gitea_config(project: TempProject) -> None:
    import yaml

    process = cli(
        "edit",
        "--config-only",
        "--repo",
        "qinghe/xiguan",
        "--base-url",
        "https://git.example.cn",
        "--app-id",
        "abc-123",
        cwd=project.root,
    )
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    config = yaml.safe_load((project.root / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitea" and config["backend"]["repo"] == "qinghe/xiguan"
    assert config["backend"]["app_id"] == "abc-123"
    assert "admin/config.yml" in out


# --- preview ----------------------------------------------------------------------------


def test_preview_shows_the_unsaved_case_page_and_its_poster(editor) -> None:
    client, project, _ = editor
    before = (project.root / CASE).read_bytes()
    from generator.editor.casefile import from_text

    data, body = from_text(case_raw(project, ("  host: 王主任\n", "  host: 李预览\n")))
    data = {**data, "body": body + "\n预览里的新段落。\n"}
    status, value, _ = client.request(
        "POST", "/api/nb/preview", {"collection": "xiguan", "slug": "2026-01", "data": data}
    )
    assert status == 200, value
    assert value["html_url"].startswith("/api/nb/preview/") and value["poster_url"]
    status, page, response = client.request("GET", value["html_url"], origin=None)
    html = page.decode("utf-8")
    assert status == 200 and "text/html" in response.getheader("Content-Type")
    assert "李预览" in html and "预览里的新段落" in html and "关于3号楼加装电梯的协商" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    sheets = [part.split('"')[0] for part in html.split('<link rel="stylesheet" href="')[1:]]
    assert sheets
    for sheet in sheets:
        base = value["html_url"].rsplit("/", 1)[0]
        assert client.request("GET", f"{base}/{sheet}", origin=None)[0] == 200
    status, png, response = client.request("GET", value["poster_url"], origin=None)
    assert status == 200 and png[:8] == b"\x89PNG\r\n\x1a\n"
    status, _, _ = client.request("GET", value["poster_url"], origin=None, token=None)
    assert status == 403
    assert (project.root / CASE).read_bytes() == before


def test_the_editors_bundle_is_not_part_of_the_build_caches_code_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """themes/editor/node_modules (Decap, ~26,000 files) shapes no page: hashing it
    cost seconds on every build, check and editor start."""
    from generator import buildcache

    themes = tmp_path / "themes"
    (themes / "pages").mkdir(parents=True)
    (themes / "pages" / "case.html").write_text("page", encoding="utf-8")
    (themes / "editor" / "node_modules").mkdir(parents=True)
    monkeypatch.setattr(buildcache, "_THEMES", themes)
    monkeypatch.setattr(buildcache, "_EDITOR_THEME", themes / "editor")
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "code.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(buildcache, "_PACKAGE", tmp_path / "generator")

    def stamp() -> str:
        buildcache.code_stamp.cache_clear()
        return buildcache.code_stamp()

    try:
        before = stamp()
        (themes / "editor" / "node_modules" / "decap.js").write_text("x", encoding="utf-8")
        assert stamp() == before
        (themes / "pages" / "case.html").write_text("changed", encoding="utf-8")
        assert stamp() != before
    finally:
        buildcache.code_stamp.cache_clear()


def test_the_check_sees_another_communitys_files_change_between_saves(editor) -> None:
    """The other folders' summaries are kept between saves, and renewed when a file
    in them changes: a ``related`` case of another community created meanwhile is
    found on the next save."""
    client, project, _ = editor
    other = project.root / "content" / "dongcheng"
    other.mkdir()
    (other / "community.yml").write_text(
        project.base_community().replace("西关社区", "东城社区"), encoding="utf-8"
    )
    raw = case_raw(project, ("attachments:\n", "related: [dongcheng/2026-01]\nattachments:\n"))
    status, value = persist(client, CASE, raw)
    assert status == 422
    codes = {f["code"]: f for f in value["findings"]}
    assert "related-missing" in codes and codes["related-missing"]["field"] == "related"
    (other / "2026-01.md").write_text(project.base_case(), encoding="utf-8")
    status, value = persist(client, CASE, raw)
    assert status == 200 and "related-missing" not in {f["code"] for f in value["findings"]}


def test_a_refused_new_case_leaves_no_file_and_no_folder(editor) -> None:
    client, project, _ = editor
    before = sorted(p.name for p in project.community.iterdir())
    raw = case_raw(project, ("  host: 王主任\n", "  host: 王主任 13812345678\n"))
    asset = {
        "path": "content/xiguan/new/现场.jpg",
        "content": base64.b64encode(TINY_JPEG).decode(),
        "encoding": "base64",
    }
    status, value = persist(client, "content/xiguan/new.md", raw, [asset])
    assert status == 422 and value["findings"]
    assert sorted(p.name for p in project.community.iterdir()) == before


def test_the_global_media_library_is_empty_not_refused(editor) -> None:
    client, _, _ = editor
    status, value = client.api("getMedia", mediaFolder="content")
    assert status == 200 and value == []


def test_a_new_case_committed_by_someone_else_meanwhile_is_a_conflict(editor) -> None:
    client, project, _ = editor
    raw = case_raw(project).replace("    photos:\n      - photo1.jpg\n", "")
    raw = raw.replace("attachments:\n  - file: minutes.jpg\n    title: 会议纪要扫描件\n", "")
    raw = raw.replace("minutes:\n  file: minutes.jpg\n", "minutes:\n  kept_at: 社区档案室\n")
    status, value = persist(client, "content/xiguan/new.md", raw)
    assert status == 200, value
    path = value["path"]
    # another clerk's checkout committed a case under the same number
    (project.root / path).write_text(raw.replace("王主任", "赵主任"), encoding="utf-8")
    git(project.root, "add", path)
    git(project.root, "commit", "-q", "-m", "other clerk's new case")
    (project.root / path).write_text(raw, encoding="utf-8")
    status, value, _ = client.request("POST", "/api/nb/commit", {"path": path})
    assert status == 409 and "别人" in value["error"]
    assert git(project.root, "log", "-1", "--format=%s") == "other clerk's new case"


def test_a_browser_that_goes_away_mid_answer_prints_nothing(editor, capfd) -> None:
    import socket
    import time

    client, _, _ = editor
    for _ in range(3):  # the Decap bundle: megabytes, so the answer outlives the socket
        with socket.create_connection(("127.0.0.1", client.port)) as raw:
            raw.sendall(
                f"GET /admin/vendor/decap-cms.js HTTP/1.1\r\nHost: 127.0.0.1:{client.port}\r\n"
                f"Cookie: nb_editor={client.token}\r\n\r\n".encode()
            )
            raw.recv(1024)
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00" * 2)
    time.sleep(1)
    status, _ = client.api("info")  # still serving
    assert status == 200
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
