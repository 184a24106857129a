"""Change history of case files from git, so residents see when a notice was amended.

One ``git log`` per content folder and build (not one per case: a site with a
thousand cases would spend seconds starting git), following renames within the
content folder the way ``git log --follow`` does for one file. Outside a git
checkout, without git, or when git fails or hangs, the answer is None and the
build goes on.

Shallow clones (CI checkouts with ``fetch-depth: 1``) see only their own commits:
fetch the whole history to publish the whole history.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from generator.model import LOCAL_TZ, Case

GIT_TIMEOUT = 30.0  # seconds; a hung git must not hang the build
_DEAD = "\0"  # alias target for an older, unrelated file that once had the same name


@dataclass(frozen=True)
class Commit:
    """One revision of a file: when (local time), the commit's subject, its short id."""

    date: dt.datetime
    message: str
    commit: str


def _git(args: list[str], cwd: Path) -> bytes | None:
    """Run git; its output, or None when git is missing, fails or times out."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", "--no-pager", "-c", "log.showSignature=false", *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def parse_log(output: bytes) -> list[tuple[Commit, list[tuple[str, list[str]]]]]:
    """Parse ``git log -z --name-status --format=%x1e%H%x1f%cI%x1f%s`` output.

    Returns commits newest first, each with its changes as (status, paths).
    """
    commits = []
    for record in output.decode("utf-8", errors="replace").split("\x1e"):
        if not record.strip("\0\n"):
            continue
        header, _, rest = record.partition("\0")
        fields = header.split("\x1f", 2)
        if len(fields) != 3:
            continue
        sha, date_text, subject = fields
        try:
            when = dt.datetime.fromisoformat(date_text.strip()).astimezone(LOCAL_TZ)
        except ValueError:
            continue
        tokens = rest.lstrip("\n").split("\0")
        changes: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(tokens):
            status = tokens[i].strip()
            if not status:
                i += 1
                continue
            width = 2 if status[0] in "RC" else 1
            changes.append((status, tokens[i + 1 : i + 1 + width]))
            i += 1 + width
        commits.append((Commit(when, subject.strip(), sha.strip()[:7]), changes))
    return commits


def revisions_by_path(
    commits: list[tuple[Commit, list[tuple[str, list[str]]]]],
) -> dict[str, list[Commit]]:
    """Each current path's revisions, newest first, following renames backwards."""
    alias: dict[str, str] = {}  # name at this point in history -> name today
    found: dict[str, list[Commit]] = {}
    for commit, changes in commits:
        for status, paths in changes:
            new = paths[-1]
            key = alias.get(new, new)
            if key != _DEAD:
                revisions = found.setdefault(key, [])
                if not revisions or revisions[-1] is not commit:
                    revisions.append(commit)
            if status.startswith("R") and len(paths) == 2:
                alias[paths[0]] = key
                alias[new] = _DEAD
            elif status.startswith("A"):
                alias[new] = _DEAD
    return found


@dataclass
class _Repo:
    top: Path
    revisions: dict[str, list[Commit]]


_cache: dict[Path, _Repo | None] = {}
_lock = threading.Lock()


def _load(folder: Path) -> _Repo | None:
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top is None:
        return None
    top_path = Path(top.decode("utf-8", errors="replace").strip()).resolve()
    output = _git(
        ["log", "-z", "-M", "--name-status", "--format=%x1e%H%x1f%cI%x1f%s", "--", "."],
        folder,
    )
    if output is None:
        # e.g. a repository with no commits yet: a checkout without history.
        return _Repo(top_path, {})
    return _Repo(top_path, revisions_by_path(parse_log(output)))


def file_revisions(path: Path, content_dir: Path | None = None) -> list[Commit] | None:
    """Revisions of ``path``, newest first; None outside a git checkout or without git.

    ``content_dir`` is the folder whose history is read in one go (default: the
    file's grandparent, the content folder for a case file). A file git does not
    track yet has no revisions: an empty list.
    """
    path = path.resolve()
    folder = (content_dir or path.parent.parent).resolve()
    if not folder.is_dir():
        return None
    with _lock:
        if folder not in _cache:
            _cache[folder] = _load(folder)
        repo = _cache[folder]
    if repo is None:
        return None
    try:
        relative = path.relative_to(repo.top).as_posix()
    except ValueError:
        return None
    return list(repo.revisions.get(relative, []))


def clear_cache() -> None:
    """Forget what git said: the next build (e.g. under ``serve``) asks again."""
    with _lock:
        _cache.clear()


def case_revisions(case: Case) -> list[Commit] | None:
    """Revisions of the case file from git, newest first; None outside a git checkout.

    An empty list means git knows the folder but the file has not been committed yet.
    """
    return file_revisions(case.path)
