"""``POST /api/nb/commit``: one case's files committed to git, nothing else.

The commit holds the case file and its own folder (photos, attachments) only: it is
made in a temporary index (read from HEAD, those paths added), so whatever else is
changed or staged in the work tree stays as it was. HEAD moves by compare-and-swap
(``git update-ref HEAD new old``): a commit made meanwhile is never overwritten. The
message says which facts changed (``changes.describe``: dates, numbers, stage, votes,
progress), never the clerk's free text. When a remote is configured the commit is
pushed; a failed push is reported in Chinese with what to do, and the commit stays.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.messages import editor as words
from generator.model.changes import case_facts, describe

GIT_TIMEOUT = 60
FALLBACK_AUTHOR = (words.FALLBACK_AUTHOR_NAME, "editor@noticeboard.invalid")


class CommitRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Committed:
    commit: str | None
    message: str
    pushed: bool = False
    push_error: str | None = None


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "core.quotepath=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
        check=False,
    )


def head_blob(root: Path, relative: str) -> str | None:
    """The blob id of ``relative`` in HEAD (None when HEAD lacks it or there is no HEAD)."""
    done = git(root, "rev-parse", "--verify", "--quiet", f"HEAD:{relative}")
    return done.stdout.strip() or None if done.returncode == 0 else None


def is_repository(root: Path) -> bool:
    done = git(root, "rev-parse", "--show-toplevel")
    return done.returncode == 0 and Path(done.stdout.strip()).resolve() == root.resolve()


def message_for(relative_case: str, old: str | None, new: str) -> str:
    """``编辑器更新 xiguan/2026-05：会议时间 … → …；表决赞成：25`` from the facts."""
    key = "/".join(Path(relative_case).with_suffix("").parts[-2:])
    if old is None:
        return words.COMMIT_NEW.format(key=key)
    changes = words.COMMIT_CHANGE_SEPARATOR.join(describe(case_facts(old), case_facts(new)))
    return words.COMMIT_UPDATE.format(key=key, changes=changes)


def _author(root: Path, author: str | None) -> dict[str, str]:
    if author:
        name, _, email = author.partition("<")
        name, email = name.strip(), email.rstrip(">").strip() or FALLBACK_AUTHOR[1]
    else:
        name = git(root, "config", "user.name").stdout.strip()
        email = git(root, "config", "user.email").stdout.strip()
        if name and email:
            return {}
        name, email = name or FALLBACK_AUTHOR[0], email or FALLBACK_AUTHOR[1]
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def commit_case(
    root: Path, case: Path, *, base_blob: str | None, known: bool, author: str | None = None
) -> Committed:
    """Commit ``case`` (a file under ``root``) and its folder.

    ``base_blob``/``known``: the case's blob in HEAD when the editor loaded it (if it
    did): a different blob now means someone else committed the same case since
    (``CommitRefused`` 409)."""
    if not is_repository(root):
        raise CommitRefused(422, words.NOT_A_REPOSITORY)
    relative = case.relative_to(root).as_posix()
    folder = case.with_suffix("").relative_to(root).as_posix()
    now = head_blob(root, relative)
    if known and now != base_blob:
        raise CommitRefused(409, words.COMMITTED_MEANWHILE.format(path=relative))
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD").stdout.strip() or None
    old = git(root, "show", f"HEAD:{relative}").stdout if now else None
    new = case.read_text(encoding="utf-8")
    message = message_for(relative, old, new)
    with tempfile.TemporaryDirectory() as scratch:
        env = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        if head:
            git(root, "read-tree", head, env=env)
        in_head = bool(head and git(root, "ls-tree", head, "--", folder).stdout.strip())
        paths = [relative] + ([folder] if case.with_suffix("").is_dir() or in_head else [])
        added = git(root, "add", "-A", "--", *paths, env=env)
        if added.returncode != 0:
            raise CommitRefused(500, words.GIT_ADD_FAILED.format(error=added.stderr.strip()[-300:]))
        tree = git(root, "write-tree", env=env).stdout.strip()
    if head and tree == git(root, "rev-parse", f"{head}^{{tree}}").stdout.strip():
        return Committed(None, words.NOTHING_TO_COMMIT)
    parents = ["-p", head] if head else []
    made = git(root, "commit-tree", tree, *parents, "-m", message, env=_author(root, author))
    if made.returncode != 0:
        raise CommitRefused(500, words.GIT_COMMIT_FAILED.format(error=made.stderr.strip()[-300:]))
    sha = made.stdout.strip()
    moved = git(root, "update-ref", "-m", "noticeboard edit", "HEAD", sha, head or "")
    if moved.returncode != 0:
        raise CommitRefused(409, words.COMMIT_RACED)
    git(root, "reset", "-q", "--", *paths)  # the real index: these paths as committed
    committed = Committed(sha, message)
    _push(root, committed)
    return committed


def _push(root: Path, committed: Committed) -> None:
    remotes = git(root, "remote").stdout.split()
    if not remotes:
        return
    branch = git(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    remote = git(root, "config", f"branch.{branch}.remote").stdout.strip() if branch else ""
    remote = remote or ("origin" if "origin" in remotes else remotes[0])
    try:
        done = git(root, "push", "--quiet", remote, f"HEAD:refs/heads/{branch or 'main'}")
    except subprocess.TimeoutExpired:
        committed.push_error = words.PUSH_TIMED_OUT.format(remote=remote, seconds=GIT_TIMEOUT)
        return
    if done.returncode == 0:
        committed.pushed = True
        return
    detail = done.stderr.strip().splitlines()[-1:] or [""]
    advice = words.PUSH_ADVICE
    if (
        "rejected" in done.stderr
        or "fetch first" in done.stderr
        or "non-fast-forward" in done.stderr
    ):
        advice = words.PUSH_ADVICE_BEHIND
    elif "hook" in done.stderr or "pre-receive" in done.stderr:
        advice = words.PUSH_ADVICE_HOOK
    committed.push_error = words.PUSH_FAILED.format(
        remote=remote, advice=advice, detail=detail[0][:300]
    )
