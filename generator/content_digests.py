"""What a clerk's file's bytes hash to, known without reading it when it has not changed.

The build cache keys each file by a hash of its bytes (``FileCache``). Reading and
hashing every file to learn that it did not change took 1.3 s of a rebuild at 10,000
cases. Like git's index, ``ContentDigests`` remembers each file's status (device,
inode, size, modification and change times) beside the hash of the bytes read, and
takes the hash again without reading when ``lstat`` gives the same status.

Only a settled file is remembered: one last changed (``st_mtime`` and ``st_ctime``)
at least ``SETTLED_NS`` before it was read. A file written again within the same
tick of a coarse clock (FAT keeps two seconds) would otherwise keep its status with
new bytes; after that window any write changes ``st_ctime``, which no program can set
back. A file whose status was taken before a write that lands during its reading is
remembered under the old status, which no later ``lstat`` gives again. Only regular
files are remembered: a path that became a link or a FIFO is read (through the gate,
which refuses it) as if new.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import time
from collections.abc import Callable
from pathlib import Path

# A file's status: (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns).
Status = tuple[int, int, int, int, int]
SETTLED_NS = 3_000_000_000


def status_of(st: os.stat_result) -> Status:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def status(path: str | Path) -> Status | None:
    """The status of a regular file at ``path`` (not following a link), else None."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    return status_of(st) if stat.S_ISREG(st.st_mode) else None


def settled(state: Status, started: int, window: int | None = None) -> bool:
    """Whether a file of status ``state``, read from ``time.time_ns()`` = ``started`` on,
    had last changed ``window`` ns before (by default ``SETTLED_NS``; a file system's
    own: ``fsclock.settling_window``): a later write cannot leave it this status."""
    return max(state[3], state[4]) < started - (SETTLED_NS if window is None else window)


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


class ContentDigests:
    """Each file's content hash by its absolute path, kept in ``file`` (None: this run
    only). ``save`` keeps the files asked for in this run, so deleted ones leave.

    ``digest`` reads a file through a given reader; a caller that reads its own way
    (``Gate.read_tree``, files opened relative to a folder) asks ``recall`` and tells
    ``learn``. One instance holds the hashes of one way of hashing."""

    def __init__(self, file: Path | None):
        self.file = file
        self._known: dict[str, tuple[Status, bytes]] | None = None
        self.used: dict[str, tuple[Status, bytes]] = {}

    def known(self) -> dict[str, tuple[Status, bytes]]:
        if self._known is None:
            self._known = {}
            if self.file is not None:
                with contextlib.suppress(Exception):  # unreadable or damaged: nothing known
                    loaded = pickle.loads(self.file.read_bytes())
                    self._known = {
                        where: (tuple(state), digest)
                        for where, (state, digest) in loaded.items()
                        if isinstance(where, str) and isinstance(digest, bytes)
                    }
        return self._known

    def recall(self, where: str, state: Status) -> bytes | None:
        """The hash of the file at ``where`` (an absolute path) if it was learnt with
        this ``state``, in this run or an earlier one (a long-lived instance, as the
        editor's, keeps no file)."""
        held = self.used.get(where) or self.known().get(where)
        if held is None or held[0] != state:
            return None
        self.used[where] = held
        return held[1]

    def learn(self, where: str, state: Status, digest: bytes, started: int) -> None:
        """The hash of the file at ``where``, read from ``time.time_ns()`` = ``started``
        on with the status ``state`` taken before: remembered if the file had settled."""
        if settled(state, started):
            self.used[where] = (state, digest)

    def digest(self, path: Path, read: Callable[[Path], bytes]) -> bytes:
        """The hash of ``read(path)``: remembered if the file's status is the one it
        had when last read, else read now (``read`` raises what it raises)."""
        where = os.path.abspath(path)
        before = status(path)
        if before is not None:
            known = self.recall(where, before)
            if known is not None:
                return known
        started = time.time_ns()
        digest = digest_of(read(path))
        if before is not None:
            self.learn(where, before, digest, started)
        return digest

    def save(self) -> None:
        """Keep what this run learnt, when it differs from what was kept."""
        if self.file is None or self.used == self.known():
            return
        from generator.atomic import write_atomic

        with contextlib.suppress(OSError):  # a cache that cannot be written is no error
            write_atomic(self.file, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))
