"""``noticeboard publish``: put a built site on the web server without readers ever
seeing a half-copied one, and switch back when a release turns out bad.

The destination (a local folder, or ``user@host:/path`` reached by rsync over SSH)
holds one folder per release and a ``current`` link that the web server serves::

    DEST/releases/20261201T101500Z/   a complete site
    DEST/current -> releases/20261201T101500Z

A release is copied into ``releases/.partial-NAME``, renamed into place once complete,
and only then is ``current`` replaced, by renaming a new link over it (one atomic
step). Files that did not change are hard links to the previous release, so a release
costs the space of what changed. The newest ``keep`` releases stay (and always the one
``current`` points to); ``rollback`` points ``current`` at the release before it.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from generator.errors import EXIT_FINDINGS, UserError

RELEASES = "releases"
CURRENT = "current"
PARTIAL = ".partial-"
KEEP = 5
_NAME = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
# user@host:/path or host:path; a one-letter "host" is a Windows drive (C:\site).
_REMOTE = re.compile(r"^(?P<host>(?:[^@/\\:\s]+@)?[^@/\\:\s]{2,}):(?P<path>.*)$")

Echo = Callable[[str], Any]


class PublishError(UserError):
    """Publishing could not be done; the message is for the operator (Chinese)."""

    exit_code = EXIT_FINDINGS
    outcome = "网站没有改变。"


class Target(Protocol):
    label: str

    def prepare(self) -> None: ...
    def releases(self) -> list[str]: ...
    def current(self) -> str | None: ...
    def upload(self, site: Path, name: str, previous: str | None) -> None: ...
    def finish(self, name: str) -> None: ...
    def switch(self, name: str) -> None: ...
    def remove(self, names: list[str]) -> None: ...


def release_name(now: dt.datetime, taken: list[str]) -> str:
    """The new release's name: its UTC second, numbered after every release of that
    second, so it sorts newest (a number freed by removing an old release is not taken
    again: the new release would then sort older than the one before it)."""
    base = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    same = sorted_releases([n for n in taken if n == base or n.startswith(f"{base}-")])
    if not same:
        return base
    _, _, n = same[-1].partition("-")
    return f"{base}-{int(n or 1) + 1}"


def sorted_releases(names: list[str]) -> list[str]:
    """Release folders, oldest first (names sort by time)."""

    def key(name: str) -> tuple[str, int]:
        stamp, _, n = name.partition("-")
        return stamp, int(n or 1)

    return sorted((n for n in names if _NAME.match(n)), key=key)


def to_remove(releases: list[str], current: str | None, keep: int) -> list[str]:
    """The releases beyond the newest ``keep``, never the one ``current`` points to."""
    old = sorted_releases(releases)[:-keep] if keep > 0 else []
    return [n for n in old if n != current]


def check_site(site: Path) -> None:
    if not (site / "index.html").is_file() or not (site / "urls.txt").is_file():
        raise PublishError(
            f"{site} 不像是生成好的网站（没有 index.html 和 urls.txt）。"
            "先运行 noticeboard build，再发布它生成的 site 文件夹"
        )


def publish(site: Path, dest: str, keep: int = KEEP, ssh: str = "ssh", echo: Echo = print) -> str:
    """Publish ``site`` as a new release at ``dest``; returns the release's name."""
    check_site(site)
    target = make_target(dest, ssh)
    target.prepare()
    releases = target.releases()
    previous = target.current()
    name = release_name(dt.datetime.now(dt.UTC), releases)
    echo(f"正在上传到 {target.label}（新版本 {name}）…")
    target.upload(site, name, previous if previous in releases else None)
    target.finish(name)
    target.switch(name)
    gone = to_remove([*releases, name], name, keep)
    target.remove(gone)
    echo(
        f"已发布：{target.label} 的 current 指向 {RELEASES}/{name}"
        + (f"（上一版本 {previous}，可用 --rollback 退回）" if previous else "")
        + f"；保留最近 {keep} 个版本"
        + (f"，删除了 {len(gone)} 个旧版本" if gone else "")
        + "。"
    )
    return name


def rollback(dest: str, ssh: str = "ssh", echo: Echo = print) -> str:
    """Point ``current`` at the release before the one it points to."""
    target = make_target(dest, ssh)
    releases = sorted_releases(target.releases())
    current = target.current()
    if current not in releases:
        raise PublishError(f"{target.label} 没有 current 版本，无法退回")
    index = releases.index(current)
    if index == 0:
        raise PublishError(f"{target.label} 的 current（{current}）已是最早的版本，无法再退回")
    before = releases[index - 1]
    target.switch(before)
    echo(f"已退回：{target.label} 的 current 从 {current} 改为 {before}。")
    return before


def make_target(dest: str, ssh: str) -> Target:
    match = _REMOTE.match(dest)
    if match:
        return SshTarget(match.group("host"), match.group("path") or ".", ssh)
    return LocalTarget(Path(dest))


# --- a folder on this machine ------------------------------------------------------------


class LocalTarget:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.label = str(self.root)

    def _run(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except OSError as err:
            raise PublishError(f"{what}失败：{err}") from None

    def prepare(self) -> None:
        self._run(
            "创建发布文件夹", lambda: (self.root / RELEASES).mkdir(parents=True, exist_ok=True)
        )

    def releases(self) -> list[str]:
        return [p.name for p in (self.root / RELEASES).iterdir() if p.is_dir()]

    def current(self) -> str | None:
        link = self.root / CURRENT
        if not link.is_symlink():
            if link.exists():
                raise PublishError(
                    f"{link} 不是符号链接：请先把它移走（它可能是以前手工上传的网站）"
                )
            return None
        return Path(os.readlink(link)).name

    def upload(self, site: Path, name: str, previous: str | None) -> None:
        partial = self.root / RELEASES / f"{PARTIAL}{name}"
        old = self.root / RELEASES / previous if previous else None

        def copy(src: str, dst: str) -> None:
            if old is not None:
                same = old / Path(dst).relative_to(partial)
                if same.is_file() and filecmp.cmp(src, same, shallow=False):
                    os.link(same, dst)
                    return
            shutil.copy2(src, dst)

        def run() -> None:
            if partial.exists():
                shutil.rmtree(partial)
            shutil.copytree(site, partial, copy_function=copy, symlinks=True)

        self._run("复制网站", run)

    def finish(self, name: str) -> None:
        releases = self.root / RELEASES
        self._run("保存新版本", lambda: (releases / f"{PARTIAL}{name}").rename(releases / name))
        for leftover in releases.glob(f"{PARTIAL}*"):  # uploads that were interrupted
            shutil.rmtree(leftover, ignore_errors=True)

    def switch(self, name: str) -> None:
        tmp = self.root / f".{CURRENT}-{name}"

        def run() -> None:
            if tmp.is_symlink() or tmp.exists():
                tmp.unlink()
            tmp.symlink_to(Path(RELEASES) / name)
            os.replace(tmp, self.root / CURRENT)  # rename(2): atomic

        self._run("切换 current", run)

    def remove(self, names: list[str]) -> None:
        for name in names:
            shutil.rmtree(self.root / RELEASES / name, ignore_errors=True)


# --- a folder on a server, over SSH ------------------------------------------------------


class SshTarget:
    def __init__(self, host: str, path: str, ssh: str):
        self.host = host
        self.path = path.rstrip("/") or "/"
        self.ssh = shlex.split(ssh)
        self.label = f"{host}:{self.path}"
        for tool in (self.ssh[0], "rsync"):
            if shutil.which(tool) is None:
                raise PublishError(
                    f"找不到 {tool}：请先安装（Debian：apt-get install rsync openssh-client）"
                )

    def _sh(self, script: str, what: str) -> str:
        """Run a POSIX shell script on the server, in the destination folder."""
        full = f"cd {shlex.quote(self.path)} && {script}"
        result = subprocess.run(
            [*self.ssh, self.host, full], capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            raise PublishError(f"{what}失败（{self.label}）：{result.stderr.strip()}")
        return result.stdout

    def prepare(self) -> None:
        result = subprocess.run(
            [*self.ssh, self.host, f"mkdir -p {shlex.quote(self.path + '/' + RELEASES)}"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise PublishError(
                f"连接服务器或创建发布文件夹失败（{self.label}）：{result.stderr.strip()}"
            )

    def releases(self) -> list[str]:
        out = self._sh(f"ls -1 {RELEASES}", "读取版本列表")
        return [line for line in out.splitlines() if line]

    def current(self) -> str | None:
        out = self._sh(
            f"if [ -L {CURRENT} ]; then readlink {CURRENT}; "
            f"elif [ -e {CURRENT} ]; then echo NOT-A-LINK; fi",
            "读取 current",
        ).strip()
        if out == "NOT-A-LINK":
            raise PublishError(f"{self.label}/{CURRENT} 不是符号链接：请先把它移走")
        return Path(out).name if out else None

    def upload(self, site: Path, name: str, previous: str | None) -> None:
        partial = f"{self.path}/{RELEASES}/{PARTIAL}{name}/"
        command = ["rsync", "-a", "--checksum", "--chmod=D755,F644", "-e", shlex.join(self.ssh)]
        if previous:
            command.append(f"--link-dest=../{previous}")
        command += [f"{site}/", f"{self.host}:{partial}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            raise PublishError(f"上传失败（rsync）：{result.stderr.strip()}")

    def finish(self, name: str) -> None:
        q = shlex.quote
        self._sh(
            f"mv {q(f'{RELEASES}/{PARTIAL}{name}')} {q(f'{RELEASES}/{name}')} && "
            f"rm -rf {RELEASES}/{PARTIAL}*",
            "保存新版本",
        )

    def switch(self, name: str) -> None:
        q = shlex.quote
        tmp = f".{CURRENT}-{name}"
        # GNU mv -T renames the new link over the old one: rename(2), atomic.
        self._sh(
            f"rm -f {q(tmp)} && ln -s {q(f'{RELEASES}/{name}')} {q(tmp)} && mv -Tf {q(tmp)} {CURRENT}",
            "切换 current",
        )

    def remove(self, names: list[str]) -> None:
        if names:
            paths = " ".join(shlex.quote(f"{RELEASES}/{n}") for n in names)
            self._sh(f"rm -rf {paths}", "删除旧版本")
