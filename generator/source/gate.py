"""The one gate between ``content/`` and everything that reads or publishes from it.

Clerks' folders are semi-trusted: git stores symbolic links, and a checkout may
hold FIFOs, devices or sockets. Nothing under ``content/`` is read or copied
except through ``Gate``:

- a path that resolves (itself or through any parent folder) outside the content
  folder is refused, never read (``link-outside``);
- only regular files are opened: a FIFO, device or socket is refused without
  being opened (opening a FIFO would block forever), and the open itself uses
  ``O_NONBLOCK`` and checks what it got, so a file swapped for a FIFO after the
  check cannot hang a build either;
- names with line breaks or other control characters are refused (``bad-file-name``).

The gate says *why* with a ``Refusal`` (a finding code and its parameters); the
loader and the rules turn that into a finding at the line or folder that names the
path. ``read_bytes`` and ``copy`` raise ``GateRefused`` instead.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import stat
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from generator.content_digests import ContentDigests, status_of
from generator.messages import checks as words


@dataclass(frozen=True)
class Refusal:
    """Why the gate will not read a path: a finding code and its message parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class GateRefused(Exception):
    def __init__(self, refusal: Refusal):
        self.refusal = refusal
        super().__init__(f"{refusal.code} {refusal.params}")


_KINDS = (
    (stat.S_ISFIFO, words.SPECIAL_FIFO),
    (stat.S_ISSOCK, words.SPECIAL_SOCKET),
    (stat.S_ISCHR, words.SPECIAL_DEVICE),
    (stat.S_ISBLK, words.SPECIAL_DEVICE),
    (stat.S_ISDIR, words.SPECIAL_FOLDER),
)


def special_kind(mode: int) -> str:
    """A Chinese name for what a non-regular file is."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return words.SPECIAL_OTHER


@functools.lru_cache(maxsize=65536)
def name_problem(name: str) -> str | None:
    """The name shown with its invisible characters spelled out, when it has any."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        return shown_name(name)
    return None


def shown_name(name: str) -> str:
    """A name on one line: control and format characters written as ``<U+000A>``."""
    return "".join(
        f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in name
    )


def read_upto(f: BinaryIO, limit: int, size: int | None = None) -> bytes:
    """At most ``limit`` + 1 bytes of an open file (one more than the limit says it is
    too large). Asks for the file's size + 1, not the limit: a read of 1 MB into a
    buffer of that size costs several times the read of a 5 KB file."""
    if size is None:
        size = os.fstat(f.fileno()).st_size
    data = f.read(min(size, limit) + 1)
    if size < len(data) <= limit:  # it grew since: on to the limit, as before
        data += f.read(limit + 1 - len(data))
    return data


class Gate:
    """Checks and reads paths under one content folder."""

    def __init__(self, content: Path):
        self.root = Path(os.path.abspath(content))
        self.real_root = Path(os.path.realpath(content))
        self._root_prefix = os.path.join(str(self.root), "")  # with a trailing separator
        self._real_root = str(self.real_root)
        self._real_prefix = os.path.join(self._real_root, "")  # with a trailing separator

    def inside(self, path: Path) -> bool:
        """Whether ``path``, with every link on the way followed, stays in the content folder."""
        try:
            return self._real_inside(os.path.realpath(path))
        except (OSError, ValueError):
            return False

    def _real_inside(self, real: str) -> bool:
        """Whether a resolved path (``os.path.realpath``: absolute, normalised, no links)
        is the content folder or under it; compared as strings, separator included."""
        return real == self._real_root or real.startswith(self._real_prefix)

    def _named(self, path: Path) -> Refusal | None:
        # The project may be given as a relative path. abspath() normalises: the parts
        # under the content folder are what follows its name and a separator.
        absolute = os.path.abspath(path)
        if not absolute.startswith(self._root_prefix):
            return None
        for part in absolute[len(self._root_prefix) :].split(os.sep):
            shown = name_problem(part) if part else None
            if shown:
                return Refusal("bad-file-name", {"found": shown})
        return None

    def check_folder(self, path: Path) -> Refusal | None:
        """Why the folder ``path`` may not be read, or None. A missing folder is fine."""
        refusal = self._named(path)
        if refusal:
            return refusal
        if not self.inside(path):
            return Refusal("link-outside", {"found": path.name})
        return None

    def check_file(self, path: Path) -> Refusal | None:
        """Why the file ``path`` may not be read, or None (also None when it is missing:
        the caller reports a missing file its own way)."""
        refusal = self.check_folder(path)
        if refusal:
            return refusal
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a folder: "missing" to callers
            return Refusal("not-regular-file", {"found": path.name, "kind": special_kind(mode)})
        return None

    def open(self, path: Path) -> BinaryIO:
        """Open a regular file inside the content folder for reading; ``GateRefused`` or
        ``OSError`` (e.g. missing) otherwise. Never blocks on a FIFO."""
        refusal = self.check_file(path)
        if refusal:
            raise GateRefused(refusal)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                raise GateRefused(
                    Refusal(
                        "not-regular-file",
                        {"found": path.name, "kind": special_kind(opened.st_mode)},
                    )
                )
            # Swapped for a link leading out between the check and the open? The path
            # resolved once more: what it names now must be the file opened, inside.
            real_path = os.path.realpath(path)
            real = os.stat(real_path)
            if (real.st_dev, real.st_ino) != (
                opened.st_dev,
                opened.st_ino,
            ) or not self._real_inside(real_path):
                raise GateRefused(Refusal("link-outside", {"found": path.name}))
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise

    def read_bytes(self, path: Path, limit: int | None = None) -> bytes:
        """The file's bytes (at most ``limit`` + 1 of them when a limit is given)."""
        with self.open(path) as f:
            return f.read() if limit is None else read_upto(f, limit)

    def read_head(self, path: Path, size: int) -> bytes:
        with self.open(path) as f:
            return f.read(size)

    def copy(self, path: Path, destination: Path) -> None:
        """Copy a content file to ``destination`` (outside content/), through the gate."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        with self.open(path) as src, open(destination, "wb") as out:
            shutil.copyfileobj(src, out)

    def read_tree(
        self,
        folder: Path,
        wanted: Callable[[str], bool],
        limit: int,
        digests: ContentDigests | None = None,
    ) -> tuple[dict[str, tuple[int, bytes]], list[tuple[Any, ...]]] | None:
        """Everything in ``folder`` (a folder of the content folder), for a key of its
        state: the top-level files ``wanted`` names as (size, first ``limit`` + 1
        bytes), and every other entry at any depth as (path, "dir") or (path, "file",
        size, hash of its bytes). None when anything in it needs ``check_file``'s
        one-by-one care (a link, a FIFO or device, a name with a control character, a
        folder that moved): callers then read it the careful way.

        ``digests`` remembers the hashes of photos and attachments by their path and
        status (``content_digests``: an unchanged file is not read again; one whose
        inode or times changed, as in a fresh clone, is read and hashed once more).

        As strict as ``open``: the folder is checked (``check_folder``) and opened
        without following a link, and must be the very folder checked; every file is
        opened relative to it, not following a link, without blocking, and must be a
        regular file. A tree with no link in it cannot lead out of the content folder.
        """
        if self.check_folder(folder) is not None:
            return None
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
        no_follow = getattr(os, "O_NOFOLLOW", 0)
        directory = getattr(os, "O_DIRECTORY", 0)
        if not no_follow or not directory or os.open not in os.supports_dir_fd:
            return None  # no safe way to walk relative to a folder here: the careful way
        try:
            fd = os.open(folder, flags | no_follow | directory)
        except OSError:
            return None
        try:
            real = os.stat(os.path.realpath(folder))
            opened = os.fstat(fd)
            if (real.st_dev, real.st_ino) != (opened.st_dev, opened.st_ino):
                return None
            memo = digests if digests is not None else ContentDigests(None)
            walk = _TreeWalk(str(folder), wanted, limit, memo)
            walk.flags = flags | no_follow | getattr(os, "O_NONBLOCK", 0)
            walk.directory = flags | no_follow | directory
            if not walk.walk(fd, ""):
                return None
            return walk.texts, walk.others
        except OSError:
            return None
        finally:
            os.close(fd)


class _TreeWalk:
    """``Gate.read_tree`` below an open folder, every file opened relative to it."""

    flags = 0
    directory = 0

    def __init__(
        self,
        root: str,
        wanted: Callable[[str], bool],
        limit: int,
        digests: ContentDigests,
    ):
        self.wanted, self.limit, self.digests = wanted, limit, digests
        self.where = os.path.abspath(root)  # where its files are remembered (``digests``)
        self.texts: dict[str, tuple[int, bytes]] = {}
        self.others: list[tuple[Any, ...]] = []

    def walk(self, fd: int, prefix: str) -> bool:
        with os.scandir(fd) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            name = entry.name
            if name_problem(name) or entry.is_symlink():
                return False
            if entry.is_dir(follow_symlinks=False):
                sub = os.open(name, self.directory, dir_fd=fd)
                try:
                    self.others.append((prefix + name, "dir"))
                    if not self.walk(sub, prefix + name + "/"):
                        return False
                finally:
                    os.close(sub)
            elif not entry.is_file(follow_symlinks=False):
                return False  # a FIFO, socket or device: the loader says what it is
            elif not prefix and self.wanted(name):
                with os.fdopen(os.open(name, self.flags, dir_fd=fd), "rb") as f:
                    st = os.fstat(f.fileno())
                    if not stat.S_ISREG(st.st_mode):
                        return False
                    self.texts[name] = (st.st_size, read_upto(f, self.limit, st.st_size))
            else:
                digest = self._digest(fd, name, prefix + name, entry.stat(follow_symlinks=False))
                if digest is None:
                    return False
                self.others.append((prefix + name, "file", digest))
        return True

    def _digest(self, fd: int, name: str, relative: str, seen: os.stat_result) -> bytes | None:
        """The hash of a file's size and bytes, remembered by its status."""
        where, state = self.where + "/" + relative, status_of(seen)
        known = self.digests.recall(where, state)
        if known is not None:
            return known
        started = time.time_ns()
        with os.fdopen(os.open(name, self.flags, dir_fd=fd), "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_ino != seen.st_ino:
                return None
            digest = hashlib.blake2b(st.st_size.to_bytes(8, "little"), digest_size=20)
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        value = digest.digest()
        self.digests.learn(where, state, value, started)
        return value
