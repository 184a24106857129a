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

import contextlib
import datetime as dt
import fcntl
import filecmp
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from generator import clock
from generator.errors import EXIT_FINDINGS, UserError
from generator.messages import cli as cli_words
from generator.messages import publish as words
from generator.outdirs import MARKER, is_ours

RELEASES = "releases"
CURRENT = "current"
PARTIAL = ".partial-"
KEEP = 5
WAIT = 60  # seconds a publish waits for another one to the same destination
LOCK = ".publish.lock"  # in DEST: held for the whole publish or rollback
FORCED = ".noticeboard-forced.txt"  # in a release published with --force: what it lost
_NAME = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
# user@host:/path or host:path; a one-letter "host" is a Windows drive (C:\site).
_REMOTE = re.compile(r"^(?P<host>(?:[^@/\\:\s]+@)?[^@/\\:\s]{2,}):(?P<path>.*)$")

Echo = Callable[[str], Any]


class PublishError(UserError):
    """Publishing could not be done; the message is for the operator (Chinese)."""

    exit_code = EXIT_FINDINGS
    outcome = words.NOTHING_CHANGED


class Target(Protocol):
    label: str

    def prepare(self) -> None: ...
    def lock(self, wait: float) -> contextlib.AbstractContextManager[None]: ...
    def published_urls(self) -> str | None: ...
    def note(self, name: str, file: str, text: str) -> None: ...
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
        raise PublishError(words.NOT_A_BUILT_SITE.format(site=site))
    if not is_ours(site):
        raise PublishError(words.NOT_OUR_SITE.format(site=site, marker=MARKER))


def lost_addresses(published: str | None, site: Path) -> list[str]:
    """Addresses in the live site's ``urls.txt`` (``published``) that the new site's
    ``urls.txt`` no longer has: printed QR codes pointing there would answer 404."""
    if published is None:
        return []
    from generator.site.guard import parse_urls_txt

    kept = set(parse_urls_txt(_read_text(site / "urls.txt")))
    return [a for a in dict.fromkeys(parse_urls_txt(published)) if a not in kept]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise PublishError(words.UNREADABLE.format(path=path, reason=err.strerror or err)) from None


def _lost_message(label: str, lost: list[str]) -> str:
    shown = cli_words.LIST_SEPARATOR.join(lost[:5]) + (words.AND_MORE if len(lost) > 5 else "")
    return words.ADDRESSES_LOST.format(target=label, n=len(lost), shown=shown)


def publish(
    site: Path,
    dest: str,
    keep: int = KEEP,
    ssh: str = "ssh",
    echo: Echo = print,
    *,
    force: bool = False,
    wait: float = WAIT,
) -> str:
    """Publish ``site`` as a new release at ``dest``; returns the release's name.

    The destination is locked for the whole publish: a second publish to it waits up
    to ``wait`` seconds, then fails. A publish that would lose an address the live
    site answers (``current/urls.txt``) is refused unless ``force``; a forced one
    says what it lost, on ``echo`` and in the release (``FORCED``)."""
    check_site(site)
    target = make_target(dest, ssh)
    if isinstance(target, LocalTarget):
        target.refuse_overlap(site)
    target.prepare()
    with target.lock(wait):
        lost = lost_addresses(target.published_urls(), site)
        if lost and not force:
            raise PublishError(_lost_message(target.label, lost))
        releases = target.releases()
        previous = target.current()
        name = release_name(clock.now(), releases)
        echo(words.UPLOADING.format(target=target.label, release=name))
        target.upload(site, name, previous if previous in releases else None)
        if lost:
            stamp = clock.now().isoformat(timespec="seconds")
            text = words.FORCED_NOTE_HEADING.format(stamp=stamp) + "".join(f"{a}\n" for a in lost)
            target.note(name, FORCED, text)
            echo(words.FORCED_WARNING.format(n=len(lost), file=FORCED))
            for address in lost:
                echo(f"  {address}")
        target.finish(name)
        target.switch(name)
        gone = to_remove([*releases, name], name, keep)
        target.remove(gone)
    echo(
        words.PUBLISHED.format(target=target.label, release=f"{RELEASES}/{name}")
        + (words.PUBLISHED_PREVIOUS.format(previous=previous) if previous else "")
        + words.PUBLISHED_KEPT.format(keep=keep)
        + (words.PUBLISHED_REMOVED.format(n=len(gone)) if gone else "")
        + words.PUBLISHED_END
    )
    return name


def rollback(dest: str, ssh: str = "ssh", echo: Echo = print, *, wait: float = WAIT) -> str:
    """Point ``current`` at the release before the one it points to."""
    target = make_target(dest, ssh)
    with target.lock(wait):
        releases = sorted_releases(target.releases())
        current = target.current()
        if current not in releases:
            raise PublishError(words.NO_CURRENT.format(target=target.label))
        index = releases.index(current)
        if index == 0:
            raise PublishError(words.OLDEST_ALREADY.format(target=target.label, current=current))
        before = releases[index - 1]
        target.switch(before)
    echo(words.ROLLED_BACK.format(target=target.label, current=current, before=before))
    return before


def _busy(label: str, wait: float) -> PublishError:
    return PublishError(words.BUSY.format(target=label, wait=f"{wait:g}"))


def make_target(dest: str, ssh: str) -> Target:
    match = _REMOTE.match(dest)
    if match:
        return SshTarget(match.group("host"), remote_path(match.group("path")), ssh)
    return LocalTarget(Path(dest))


def remote_path(path: str) -> str:
    """The server folder as commands run there see it: ``~`` and ``~/www`` are the
    login's home (where SSH commands and rsync start), given as a relative path, since
    a quoted ``~`` would be a folder named ``~``; ``~user/…`` is refused."""
    if path in ("", "~", "~/"):
        return "."
    if path.startswith("~/"):
        return path[2:].lstrip("/") or "."
    if path.startswith("~"):
        raise PublishError(words.HOME_OF_USER.format(path=path))
    return path


# --- a folder on this machine ------------------------------------------------------------


class LocalTarget:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.label = str(self.root)

    def _run(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except OSError as err:
            shown = str(err)  # shutil.Error lists every file that failed: the first few
            error = f"{shown[:500]}{'…' if len(shown) > 500 else ''}"
            raise PublishError(words.STEP_FAILED.format(step=what, error=error)) from None

    def refuse_overlap(self, site: Path) -> None:
        """A destination inside the site (``publish site site``) would copy the site
        into itself until paths grow too long; one holding it would hold the site among
        its releases. Refused before anything is written."""
        real = site.resolve()
        if self.root == real or self.root.is_relative_to(real) or real.is_relative_to(self.root):
            raise PublishError(words.OVERLAP.format(dest=self.root, site=real))

    def prepare(self) -> None:
        self._run(
            words.STEP_CREATE, lambda: (self.root / RELEASES).mkdir(parents=True, exist_ok=True)
        )

    @contextlib.contextmanager
    def lock(self, wait: float) -> Iterator[None]:
        """``flock`` on ``DEST/.publish.lock``, polled up to ``wait`` seconds; the
        system drops it when this process ends, however it ends."""
        path = self.root / LOCK
        handle = self._run(words.STEP_OPEN_LOCK, lambda: open(path, "a+b"))  # noqa: SIM115
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise _busy(self.label, wait) from None
                    time.sleep(0.1)
            yield
        finally:
            handle.close()

    def published_urls(self) -> str | None:
        urls = self.root / CURRENT / "urls.txt"
        return _read_text(urls) if urls.is_file() else None

    def note(self, name: str, file: str, text: str) -> None:
        path = self.root / RELEASES / f"{PARTIAL}{name}" / file
        self._run(words.STEP_NOTE, lambda: path.write_text(text, encoding="utf-8"))

    def releases(self) -> list[str]:
        return [p.name for p in (self.root / RELEASES).iterdir() if p.is_dir()]

    def current(self) -> str | None:
        link = self.root / CURRENT
        if not link.is_symlink():
            if link.exists():
                raise PublishError(words.CURRENT_NOT_A_LINK.format(path=link))
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
            if partial.is_dir() and not partial.is_symlink():  # named by us: an interrupted upload
                shutil.rmtree(partial)
            shutil.copytree(site, partial, copy_function=copy, symlinks=True)

        self._run(words.STEP_COPY, run)

    def finish(self, name: str) -> None:
        releases = self.root / RELEASES
        self._run(words.STEP_SAVE, lambda: (releases / f"{PARTIAL}{name}").rename(releases / name))
        for leftover in releases.glob(f"{PARTIAL}*"):  # uploads that were interrupted
            if _NAME.match(leftover.name[len(PARTIAL) :]) and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)

    def switch(self, name: str) -> None:
        tmp = self.root / f".{CURRENT}-{name}"

        def run() -> None:
            if tmp.is_symlink() or tmp.exists():
                tmp.unlink()
            tmp.symlink_to(Path(RELEASES) / name)
            os.replace(tmp, self.root / CURRENT)  # rename(2): atomic

        self._run(words.STEP_SWITCH, run)

    def remove(self, names: list[str]) -> None:
        """Old releases, only those this program wrote (they hold its marker)."""
        for name in names:
            release = self.root / RELEASES / name
            if _NAME.match(name) and not release.is_symlink() and is_ours(release):
                shutil.rmtree(release, ignore_errors=True)


# --- a folder on a server, over SSH ------------------------------------------------------


class SshTarget:
    def __init__(self, host: str, path: str, ssh: str):
        self.host = host
        self.path = path.rstrip("/") or "/"
        self.ssh = shlex.split(ssh)
        self.label = f"{host}:{self.path}"
        for tool in (self.ssh[0], "rsync"):
            if shutil.which(tool) is None:
                raise PublishError(words.TOOL_MISSING.format(tool=tool))

    def _sh(self, script: str, what: str, stdin: str | None = None) -> str:
        """Run a POSIX shell script on the server, in the destination folder."""
        full = f"cd {shlex.quote(self.path)} && {script}"
        result = subprocess.run(
            [*self.ssh, self.host, full], capture_output=True, text=True, timeout=600, input=stdin
        )
        if result.returncode != 0:
            raise PublishError(
                words.REMOTE_STEP_FAILED.format(
                    step=what, target=self.label, error=result.stderr.strip()
                )
            )
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
                words.CONNECT_FAILED.format(target=self.label, error=result.stderr.strip())
            )

    @contextlib.contextmanager
    def lock(self, wait: float) -> Iterator[None]:
        """``flock`` on the server's ``DEST/.publish.lock``, held by one SSH session
        for the whole publish: the server drops it when the session ends, however it
        ends (no stale lock to clear by hand)."""
        script = (
            f"cd {shlex.quote(self.path)} && exec flock -w {int(wait)} {LOCK} "
            "sh -c 'echo locked; exec cat >/dev/null'"
        )
        session = subprocess.Popen(
            [*self.ssh, self.host, script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert session.stdout is not None and session.stdin is not None
        try:
            if session.stdout.readline().strip() != "locked":
                code = session.wait(timeout=60)
                error = session.stderr.read().strip() if session.stderr else ""
                if code == 1 and not error:
                    raise _busy(self.label, wait)
                if code == 127:
                    error = words.NO_FLOCK
                raise PublishError(words.LOCK_FAILED.format(target=self.label, error=error))
            yield
        finally:
            with contextlib.suppress(OSError):
                session.stdin.close()
            try:
                session.wait(timeout=30)
            except subprocess.TimeoutExpired:
                session.kill()
                session.wait()

    def published_urls(self) -> str | None:
        out = self._sh(
            f"if [ -f {CURRENT}/urls.txt ]; then echo yes; cat {CURRENT}/urls.txt; fi",
            words.STEP_READ_URLS,
        )
        first, _, rest = out.partition("\n")
        return rest if first == "yes" else None

    def note(self, name: str, file: str, text: str) -> None:
        path = shlex.quote(f"{RELEASES}/{PARTIAL}{name}/{file}")
        self._sh(f"cat > {path}", words.STEP_NOTE, stdin=text)

    def releases(self) -> list[str]:
        out = self._sh(f"ls -1 {RELEASES}", words.STEP_LIST)
        return [line for line in out.splitlines() if line]

    def current(self) -> str | None:
        out = self._sh(
            f"if [ -L {CURRENT} ]; then readlink {CURRENT}; "
            f"elif [ -e {CURRENT} ]; then echo NOT-A-LINK; fi",
            words.STEP_READ_CURRENT,
        ).strip()
        if out == "NOT-A-LINK":
            raise PublishError(
                words.REMOTE_CURRENT_NOT_A_LINK.format(path=f"{self.label}/{CURRENT}")
            )
        return Path(out).name if out else None

    def upload(self, site: Path, name: str, previous: str | None) -> None:
        partial = f"{self.path}/{RELEASES}/{PARTIAL}{name}/"
        command = ["rsync", "-a", "--checksum", "--chmod=D755,F644", "-e", shlex.join(self.ssh)]
        if previous:
            command.append(f"--link-dest=../{previous}")
        command += [f"{site}/", f"{self.host}:{partial}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            raise PublishError(words.UPLOAD_FAILED.format(error=result.stderr.strip()))

    def finish(self, name: str) -> None:
        q = shlex.quote
        self._sh(
            f"mv {q(f'{RELEASES}/{PARTIAL}{name}')} {q(f'{RELEASES}/{name}')} && "
            f"rm -rf {RELEASES}/{PARTIAL}[0-9]*",
            words.STEP_SAVE,
        )

    def switch(self, name: str) -> None:
        q = shlex.quote
        tmp = f".{CURRENT}-{name}"
        # GNU mv -T renames the new link over the old one: rename(2), atomic.
        self._sh(
            f"rm -f {q(tmp)} && ln -s {q(f'{RELEASES}/{name}')} {q(tmp)} && mv -Tf {q(tmp)} {CURRENT}",
            words.STEP_SWITCH,
        )

    def remove(self, names: list[str]) -> None:
        """Old releases, only those this program wrote (they hold its marker)."""
        names = [n for n in names if _NAME.match(n)]
        if names:
            paths = " ".join(shlex.quote(f"{RELEASES}/{n}") for n in names)
            self._sh(
                f'for d in {paths}; do if [ ! -L "$d" ] && [ -f "$d/{MARKER}" ]; '
                'then rm -rf "$d"; fi; done',
                words.STEP_REMOVE,
            )
