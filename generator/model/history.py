"""Change history of case files from git, so residents see when a notice was amended.

One ``git log`` per content folder and build (not one per case: a site with a
thousand cases would spend seconds starting git), following renames within the
content folder the way ``git log --follow`` does for one file. Outside a git
checkout, without git, or when git fails or hangs, the answer is None and the
build goes on.

Shallow clones (CI checkouts with ``fetch-depth: 1``) see only their own commits:
fetch the whole history to publish the whole history.

Commit messages are never read: they are free text a clerk typed (a resident's name
and number once appeared verbatim). What a revision changed is computed from the
file's own content at each revision (``blob_text`` and ``generator.model.changes``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.buildcache import code_stamp
from generator.messages import data as words
from generator.model.cases import LOCAL_TZ, Case

GIT_TIMEOUT = 30.0  # seconds; a hung git must not hang the build
_DEAD = "\0"  # alias target for an older, unrelated file that once had the same name


@dataclass(frozen=True)
class Commit:
    """One revision of a file: when (local time), its short commit id, and the id of
    the file's content (git blob) at that revision."""

    date: dt.datetime
    commit: str
    blob: str = ""


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


LOG_FORMAT = "--format=%x1e%H%x1f%cI"


def parse_log(output: bytes) -> list[tuple[Commit, list[tuple[str, list[str], str]]]]:
    """Parse ``git log -z --raw --no-abbrev --format=%x1e%H%x1f%cI`` output.

    Returns commits newest first, each with its changes as (status, paths, new blob).
    """
    commits = []
    for record in output.decode("utf-8", errors="replace").split("\x1e"):
        if not record.strip("\0\n"):
            continue
        header, _, rest = record.partition("\n")
        fields = header.split("\x1f")
        if len(fields) != 2:
            continue
        sha, date_text = fields
        try:
            when = dt.datetime.fromisoformat(date_text.strip()).astimezone(LOCAL_TZ)
        except ValueError:
            continue
        tokens = rest.strip("\n").split("\0")
        changes: list[tuple[str, list[str], str]] = []
        i = 0
        while i < len(tokens):
            meta = tokens[i].strip()
            if not meta.startswith(":"):
                i += 1
                continue
            parts = meta[1:].split()
            if len(parts) != 5:
                i += 1
                continue
            blob, status = parts[3], parts[4]
            width = 2 if status[0] in "RC" else 1
            changes.append((status, tokens[i + 1 : i + 1 + width], blob))
            i += 1 + width
        commits.append((Commit(when, sha.strip()[:7]), changes))
    return commits


def revisions_by_path(
    commits: list[tuple[Commit, list[tuple[str, list[str], str]]]],
) -> dict[str, list[Commit]]:
    """Each current path's revisions, newest first, following renames backwards."""
    alias: dict[str, str] = {}  # name at this point in history -> name today
    found: dict[str, list[Commit]] = {}
    for commit, changes in commits:
        for status, paths, blob in changes:
            if not paths:
                continue
            new = paths[-1]
            key = alias.get(new, new)
            if key != _DEAD:
                revisions = found.setdefault(key, [])
                if not revisions or revisions[-1].commit != commit.commit:
                    revisions.append(Commit(commit.date, commit.commit, blob))
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
    reader: subprocess.Popen[bytes] | None = None  # git cat-file --batch, started on demand
    dead: bool = False  # the reader failed: no more content lookups this build
    # Facts of case-file blobs (immutable, so kept between builds in .cache/), by blob id.
    facts: dict[str, dict[str, str | None] | None] | None = None
    facts_added: bool = False

    @property
    def facts_file(self) -> Path:
        return self.top / ".cache" / "noticeboard" / "history-facts.json"

    def load_facts(self) -> dict[str, dict[str, str | None] | None]:
        """The facts kept by an earlier build of this same code (another version's,
        which may name or read the facts otherwise, are not trusted)."""
        if self.facts is None:
            try:
                data = json.loads(self.facts_file.read_text(encoding="utf-8"))
                ok = isinstance(data, dict) and data.get("code") == code_stamp()
                self.facts = data["facts"] if ok and isinstance(data["facts"], dict) else {}
            except (OSError, ValueError, KeyError):
                self.facts = {}
        return self.facts

    def save_facts(self) -> None:
        if not self.facts_added or self.facts is None:
            return
        # A cache that cannot be written only costs time next build.
        with contextlib.suppress(OSError):
            kept = {"code": code_stamp(), "facts": self.facts}
            write_atomic(self.facts_file, json.dumps(kept, ensure_ascii=False).encode())

    def blob(self, sha: str, limit: int) -> bytes | None:
        """The content of blob ``sha`` (None when unavailable or larger than ``limit``)."""
        if self.dead or not sha or set(sha) == {"0"}:
            return None
        try:
            if self.reader is None:
                env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
                self.reader = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.top,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            assert self.reader.stdin is not None and self.reader.stdout is not None
            self.reader.stdin.write(sha.encode("ascii") + b"\n")
            self.reader.stdin.flush()
            header = self.reader.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                return None
            size = int(header[2])
            if size > limit:
                left = size + 1
                while left > 0:
                    left -= len(self.reader.stdout.read(min(left, 1 << 20)) or b"x" * left)
                return None
            return self.reader.stdout.read(size + 1)[:size]  # and the newline after it
        except (OSError, ValueError, AssertionError):
            self.dead = True
            self.close()
            return None

    def close(self) -> None:
        if self.reader is not None:
            for stream in (self.reader.stdin, self.reader.stdout):
                if stream is not None:
                    stream.close()
            try:
                self.reader.wait(timeout=GIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.reader.kill()
            self.reader = None


_cache: dict[Path, _Repo | None] = {}
_lock = threading.Lock()
_real_folders: dict[tuple[str, Path], Path] = {}  # (working folder, folder) -> real folder


def _real(path: Path) -> Path:
    """``path.resolve()``, its folder resolved once per build (``resolve`` looks at
    every part of a path: 4,000 calls a build took a second on a busy disk)."""
    if path.is_symlink():
        return path.resolve()
    key = (os.getcwd(), path.parent)
    real = _real_folders.get(key)
    if real is None:
        real = _real_folders[key] = path.parent.resolve()
    return real / path.name


def _load(folder: Path) -> _Repo | None:
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top is None:
        return None
    top_path = Path(top.decode("utf-8", errors="replace").strip()).resolve()
    output = _git(
        ["log", "-z", "-M", "--raw", "--no-abbrev", LOG_FORMAT, "--", "."],
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
    path = _real(path)
    # The parents of a real path are real: only a folder given apart needs resolving.
    folder = content_dir.resolve() if content_dir is not None else path.parent.parent
    with _lock:
        if folder not in _cache:
            if not folder.is_dir():
                return None
            _cache[folder] = _load(folder)
        repo = _cache[folder]
    if repo is None:
        return None
    try:
        relative = path.relative_to(repo.top).as_posix()
    except ValueError:
        return None
    return list(repo.revisions.get(relative, []))


def cache_folder(path: Path) -> Path | None:
    """Where facts derived from the git history of ``path``'s content folder are kept
    between builds (``<repository>/.cache/noticeboard``); None outside a checkout.
    Call after ``file_revisions`` for a file of that folder."""
    folder = path.parent.parent.resolve()
    with _lock:
        repo = _cache.get(folder)
    return None if repo is None else repo.facts_file.parent


def blob_text(path: Path, blob: str, limit: int = 1024 * 1024) -> str | None:
    """The text of ``path``'s content ``blob`` (from ``file_revisions``), or None."""
    folder = path.parent.parent.resolve()
    with _lock:
        repo = _cache.get(folder)
        data = repo.blob(blob, limit) if repo is not None else None
    if data is None:
        return None
    return data.decode("utf-8", errors="replace")


def blob_facts(path: Path, blob: str) -> tuple[bool, Any]:
    """(available, facts) of ``path``'s content ``blob``: facts of a case file
    (``generator.model.changes.case_facts``), cached by blob id between builds."""
    from generator.model.changes import Facts, case_facts

    folder = path.parent.parent.resolve()
    with _lock:
        repo = _cache.get(folder)
        if repo is None:
            return False, None
        known = repo.load_facts()
        if blob in known:
            values = known[blob]
            return True, None if values is None else Facts(values)
        data = repo.blob(blob, 1024 * 1024)
    if data is None:
        return False, None
    facts = case_facts(data.decode("utf-8", errors="replace"))
    with _lock:
        known[blob] = None if facts is None else facts.values
        repo.facts_added = True
    return True, facts


def clear_cache() -> None:
    """Forget what git said: the next build (e.g. under ``serve``) asks again. The facts
    of blobs read this build are saved for the next one."""
    with _lock:
        for repo in _cache.values():
            if repo is not None:
                repo.save_facts()
                repo.close()
        _cache.clear()
        _real_folders.clear()


@dataclass(frozen=True)
class Revision:
    """One revision of a case file as the page shows it: when, and which facts changed
    (computed from the file at each revision; commit messages are never published)."""

    date: dt.datetime
    changes: tuple[str, ...]
    commit: str


# The first revision shown when earlier ones are folded away (``history_from``).
HISTORY_START = words.HISTORY_START


def case_revisions(case: Case, since: dt.date | None = None) -> list[Revision] | None:
    """Revisions of the case file from git, newest first; None outside a git checkout.

    An empty list means git knows the folder but the file has not been committed yet.
    ``since`` (``history_from``): commits before that day are folded into the newest
    of them, shown as where the record starts (``HISTORY_START``), not as changes.
    """
    from generator.model.changes import changes_from_facts

    commits = file_revisions(case.path)
    if commits is None:
        return None
    folded = False
    if since is not None:
        kept = [c for c in commits if c.date.date() >= since]
        older = [c for c in commits if c.date.date() < since]
        folded = len(older) > 1  # one older commit is the creation itself: 建档 stays
        commits = kept + older[:1]
    changes = changes_from_facts([blob_facts(case.path, c.blob) for c in commits])
    if folded:
        changes[-1] = [HISTORY_START]
    return [Revision(c.date, tuple(ch), c.commit) for c, ch in zip(commits, changes, strict=True)]
