"""``noticeboard publish`` and ``--rollback``: against a local folder, and over SSH
(rsync) to an sshd this test starts on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from deploy_helpers import Sshd, sshd
from site_helpers import FIXTURE, REPO, build, copy_project

from generator.publish.releases import release_name, sorted_releases, to_remove


def noticeboard(*args: str, ssh: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if ssh:
        env["NOTICEBOARD_SSH"] = ssh
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", "publish", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("pub") / "project")
    ok, lines = build(project, project / "site")
    assert ok, "\n".join(lines)
    return project / "site"


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built site, so a test can change it between publishes."""
    return Path(shutil.copytree(built, tmp_path / "site", symlinks=True))


def current(dest: Path) -> str:
    link = dest / "current"
    assert link.is_symlink(), f"{link} is not a link"
    target = os.readlink(link)
    assert target.startswith("releases/"), target  # relative: the folder can move
    return Path(target).name


def releases(dest: Path) -> list[str]:
    return sorted_releases([p.name for p in (dest / "releases").iterdir()])


def edit(site: Path, text: str) -> None:
    """A change to the site that loses no address (the publish guard allows it)."""
    (site / "edited.txt").write_text(text, encoding="utf-8")


def test_publish_rollback_and_keep_locally(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "srv" / "noticeboard"
    first = noticeboard(str(site), str(dest))
    assert first.returncode == 0, first.stderr
    assert "已发布" in first.stdout
    r1 = current(dest)
    assert (dest / "current" / "index.html").is_file()
    assert (dest / "current" / "urls.txt").read_bytes() == (site / "urls.txt").read_bytes()

    edit(site, "second\n")
    assert noticeboard(str(site), str(dest)).returncode == 0
    r2 = current(dest)
    assert r2 != r1 and releases(dest) == [r1, r2]
    assert (dest / "current" / "edited.txt").read_text() == "second\n"
    # Unchanged files are hard links to the previous release, changed ones are not.
    index1, index2 = (dest / "releases" / r / "index.html" for r in (r1, r2))
    assert index1.stat().st_ino == index2.stat().st_ino
    assert not (dest / "releases" / r1 / "edited.txt").exists()

    rolled = noticeboard("--rollback", str(dest))
    assert rolled.returncode == 0, rolled.stderr
    assert current(dest) == r1 and f"从 {r2} 改为 {r1}" in rolled.stdout
    again = noticeboard("--rollback", str(dest))
    assert again.returncode == 1 and "已是最早的版本" in again.stderr
    assert current(dest) == r1

    for n in range(3):
        edit(site, f"more {n}\n")
        assert noticeboard(str(site), str(dest), "--keep", "2").returncode == 0
    assert len(releases(dest)) == 2 and current(dest) == releases(dest)[-1]
    assert (dest / "current" / "edited.txt").read_text() == "more 2\n"
    assert not [p for p in dest.rglob(".*") if p.name.startswith((".partial-", ".current-"))]


def test_readers_never_see_a_half_copied_site(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert noticeboard(str(site), str(dest)).returncode == 0
    expected = sorted(p.relative_to(site) for p in site.rglob("*"))
    seen: list[str] = []
    problems: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            release = Path(os.path.realpath(dest / "current"))
            files = sorted(p.relative_to(release) for p in release.rglob("*"))
            if files != expected:
                problems.append(f"{release.name}: {len(files)} of {len(expected)} files")
            seen.append(release.name)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(3):
            result = noticeboard(str(site), str(dest))
            assert result.returncode == 0, result.stderr
    finally:
        stop.set()
        thread.join()
    assert not problems, problems[:3]
    assert len(set(seen)) >= 2  # the reader did see the switches


def test_refuses_what_is_not_a_built_site(tmp_path: Path) -> None:
    result = noticeboard(str(FIXTURE / "content"), str(tmp_path / "dest"))
    assert result.returncode == 1
    assert "不像是生成好的网站" in result.stderr and "内部错误" not in result.stderr
    assert not (tmp_path / "dest").exists()


def test_refuses_to_replace_a_hand_uploaded_site(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    (dest / "current").mkdir(parents=True)
    (dest / "current" / "index.html").write_text("old", encoding="utf-8")
    result = noticeboard(str(site), str(dest))
    assert result.returncode == 1 and "不是符号链接" in result.stderr
    assert (dest / "current" / "index.html").read_text() == "old"


def test_usage_errors() -> None:
    assert noticeboard("only-one").returncode == 2
    assert noticeboard("--rollback", "a", "b").returncode == 2


def test_pruning_never_removes_current() -> None:
    names = ["20261201T100000Z", "20261201T110000Z", "20261201T120000Z", "20261201T120000Z-2"]
    assert sorted_releases(["x", ".partial-1", *reversed(names)]) == names
    assert to_remove(names, names[0], 2) == [names[1]]


@pytest.fixture(scope="module")
def server() -> Iterator[Sshd]:
    with sshd() as running:
        yield running


def test_publish_and_rollback_over_ssh(site: Path, tmp_path: Path, server: Sshd) -> None:
    dest = tmp_path / "remote" / "noticeboard"
    target = f"{server.host}:{dest}"
    first = noticeboard(str(site), target, ssh=server.ssh)
    assert first.returncode == 0, first.stderr
    assert f"已发布：{target} 的 current" in first.stdout
    r1 = current(dest)
    assert (dest / "current" / "urls.txt").read_bytes() == (site / "urls.txt").read_bytes()

    edit(site, "second\n")
    second = noticeboard(str(site), target, "--keep", "2", ssh=server.ssh)
    assert second.returncode == 0, second.stderr
    r2 = current(dest)
    assert releases(dest) == [r1, r2]
    assert (dest / "current" / "edited.txt").read_text() == "second\n"
    index1, index2 = (dest / "releases" / r / "index.html" for r in (r1, r2))
    assert index1.stat().st_ino == index2.stat().st_ino  # rsync --link-dest
    assert oct((dest / "current" / "index.html").stat().st_mode & 0o777) == "0o644"

    rolled = noticeboard("--rollback", target, ssh=server.ssh)
    assert rolled.returncode == 0, rolled.stderr
    assert current(dest) == r1

    edit(site, "third\n")
    assert noticeboard(str(site), target, "--keep", "2", ssh=server.ssh).returncode == 0
    assert len(releases(dest)) == 2 and (dest / "current" / "edited.txt").read_text() == "third\n"


def test_unreachable_server_is_a_plain_error(site: Path, server: Sshd) -> None:
    wrong_key = server.ssh.replace("client_key", "no_such_key")
    result = noticeboard(str(site), f"{server.host}:/tmp/never", ssh=wrong_key)
    assert result.returncode == 1
    assert "连接服务器或创建发布文件夹失败" in result.stderr and "网站没有改变" in result.stderr
    assert "内部错误" not in result.stderr and not Path("/tmp/never").exists()


def test_a_release_of_the_same_second_sorts_after_every_earlier_one() -> None:
    """Within one second, a number freed by removing an old release is not reused:
    the new release must sort newest, or keeping the newest would remove it."""
    now = dt.datetime(2026, 12, 1, 15, 29, 41, tzinfo=dt.UTC)
    assert release_name(now, []) == "20261201T152941Z"
    assert release_name(now, ["20261201T152941Z"]) == "20261201T152941Z-2"
    # The first release of that second was removed (--keep): -2 and -3 remain.
    taken = ["20261201T152941Z-2", "20261201T152941Z-3", "20261201T152940Z"]
    name = release_name(now, taken)
    assert name == "20261201T152941Z-4"
    assert sorted_releases([*taken, name])[-1] == name


# --- issue 20: locks, the address guard, what publish may delete, ~ on the server -------


def _file_list(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


def _publish_twice_at_once(site: Path, target: str, ssh: str | None = None) -> list[str]:
    """Two publishes to ``target`` started together; their stderr when either failed."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if ssh:
        env["NOTICEBOARD_SSH"] = ssh
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator.cli.commands",
                "publish",
                str(site),
                target,
                "--keep",
                "3",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    errors = []
    for run in runs:
        _, err = run.communicate(timeout=300)
        if run.returncode != 0:
            errors.append(err)
    return errors


def _assert_complete(dest: Path, site: Path) -> None:
    expected = _file_list(site)
    live = Path(os.path.realpath(dest / "current"))
    assert _file_list(live) == expected, f"current -> {live.name} is not a complete site"
    for release in (dest / "releases").iterdir():
        assert _file_list(release) == expected, f"{release.name} is not a complete site"


def test_two_publishes_at_once_leave_a_complete_site(site: Path, tmp_path: Path) -> None:
    """Issue 20.6: the destination is locked; the second publish waits for the first."""
    dest = tmp_path / "dest"
    for _ in range(4):
        assert _publish_twice_at_once(site, str(dest)) == []
        _assert_complete(dest, site)
    assert len(releases(dest)) == 3


def test_two_publishes_at_once_over_ssh(site: Path, tmp_path: Path, server: Sshd) -> None:
    dest = tmp_path / "remote"
    for _ in range(3):
        assert _publish_twice_at_once(site, f"{server.host}:{dest}", server.ssh) == []
        _assert_complete(dest, site)


def test_a_publish_waits_only_as_long_as_it_is_told(site: Path, tmp_path: Path) -> None:
    import fcntl

    dest = tmp_path / "dest"
    dest.mkdir()
    with open(dest / ".publish.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = noticeboard(str(site), str(dest), "--wait", "1")
    assert result.returncode == 1
    assert "正在被另一个 noticeboard publish 使用" in result.stderr and "--wait" in result.stderr
    assert not (dest / "current").exists()


def test_publish_keeps_the_published_addresses_unless_forced(site: Path, tmp_path: Path) -> None:
    """Issue 20.9: a page of the live site missing from the new one is refused."""
    dest = tmp_path / "dest"
    assert noticeboard(str(site), str(dest)).returncode == 0
    first = current(dest)
    lines = (site / "urls.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    gone = next(line for line in lines if "/2026-" in line and "\t" not in line).strip()
    (site / "urls.txt").write_text("".join(x for x in lines if x.strip() != gone), "utf-8")

    refused = noticeboard(str(site), str(dest))
    assert refused.returncode == 1, refused.stdout
    assert "少了 1 个地址" in refused.stderr and gone in refused.stderr
    assert "--force" in refused.stderr and "内部错误" not in refused.stderr
    assert current(dest) == first and releases(dest) == [first]

    forced = noticeboard(str(site), str(dest), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "--force" in forced.stdout and gone in forced.stdout
    log = (dest / "current" / ".noticeboard-forced.txt").read_text(encoding="utf-8")
    assert gone in log.splitlines()


def test_publish_deletes_only_releases_it_wrote(site: Path, tmp_path: Path) -> None:
    """Issue 20.4: --keep never removes a folder that is not a release of noticeboard,
    nor an upload folder not named by it; a site without the marker is refused."""
    dest = tmp_path / "dest"
    hand = dest / "releases" / "20200101T000000Z"
    hand.mkdir(parents=True)
    (hand / "notes.txt").write_text("mine", encoding="utf-8")
    other = dest / "releases" / ".partial-notes"
    other.mkdir()
    for n in range(3):
        edit(site, f"{n}\n")
        result = noticeboard(str(site), str(dest), "--keep", "2")
        assert result.returncode == 0, result.stderr
    assert (hand / "notes.txt").read_text(encoding="utf-8") == "mine" and other.is_dir()
    assert len([r for r in releases(dest) if r != hand.name]) == 2

    (site / ".noticeboard-site").unlink()
    shutil.rmtree(site / "pagefind")  # nor a site of a version before the marker
    refused = noticeboard(str(site), str(dest))
    assert refused.returncode == 1 and "不是 noticeboard 生成的网站" in refused.stderr


def test_a_tilde_on_the_server_is_the_home_folder(site: Path, server: Sshd) -> None:
    """Minor item of issue 20: host:~/www used to make a folder named "~"."""
    import pwd
    import uuid

    home = Path(pwd.getpwnam(server.user).pw_dir)
    name = f"nb-tilde-{uuid.uuid4().hex[:8]}"
    try:
        result = noticeboard(str(site), f"{server.host}:~/{name}", ssh=server.ssh)
        assert result.returncode == 0, result.stderr
        assert (home / name / "current" / "index.html").is_file()
        assert not (home / "~").exists()
    finally:
        shutil.rmtree(home / name, ignore_errors=True)
        shutil.rmtree(home / "~" / name, ignore_errors=True)  # what the old code made
    other = noticeboard(str(site), f"{server.host}:~nobody/www", ssh=server.ssh)
    assert other.returncode == 1 and "绝对路径" in other.stderr


@pytest.mark.parametrize("where", [".", "releases-here", ".."])
def test_a_destination_inside_or_around_the_site_is_refused(site: Path, where: str) -> None:
    """`publish site site` copied the site into its own releases/ until paths grew
    too long (528 MB written, the site left holding it); a destination holding the
    site is refused the same way. Nothing is written."""
    before = _file_list(site)
    dest = (site / where).resolve() if where != ".." else site.parent
    result = noticeboard(str(site), str(dest))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "重叠" in result.stderr and "内部错误" not in result.stderr
    assert len(result.stderr) < 2000
    assert _file_list(site) == before
    assert not (dest / "releases").exists() and not (dest / ".publish.lock").exists()


def test_a_live_urls_txt_saved_again_with_a_bom_is_still_read(site: Path, tmp_path: Path) -> None:
    """The live urls.txt opened and saved by Windows Notepad (BOM, CRLF): its comment
    line read as an address that would vanish, and the guard refused every publish."""
    dest = tmp_path / "dest"
    assert noticeboard(str(site), str(dest)).returncode == 0
    live = dest / "current" / "urls.txt"
    text = live.read_text(encoding="utf-8")
    live.unlink()  # a hard link shared with the site's copy: replace, not write through
    live.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    edit(site, "second")
    result = noticeboard(str(site), str(dest))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(releases(dest)) == 2
