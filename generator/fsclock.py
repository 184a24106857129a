"""How soon a file's status can be trusted to change with its bytes, on one file system.

A file's status (``content_digests.Status``: size, inode, modification and change
times) tells that its bytes are those read earlier only if no write since could have
left the same times. A write stamps the file with the file system's clock, which may
run behind this process's (``time.time_ns``): by a kernel tick (1-10 ms) on a local
disk, two seconds on FAT, the server's skew on a network share. A file whose times
are older than that lag before it was read (``content_digests.settled``) can no
longer be written without its times changing.

``settling_window(folder)`` measures the lag on the folder's file system: a probe
file is written over and over for a few tens of milliseconds, each write's times
compared with the clock read just before it. The window is twice the largest lag
or step between times seen, and never under ``FLOOR_NS`` (a kernel that hands
out fine-grained times to a file whose times were just read, as Linux 6.13 does,
still stamps unread files with its coarse tick). A clock too coarse to step a few
times within ``PROBE_MAX_NS``, one that runs backwards, or a folder that cannot be
written gives ``content_digests.SETTLED_NS``, the window kept for clerks' files.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import time
from pathlib import Path

FLOOR_NS = 100_000_000  # ten times the coarsest kernel tick (HZ=100)
PROBE_NS = 30_000_000  # the least time the probe is written for
PROBE_MAX_NS = 300_000_000  # a clock that does not step 4 times in this is coarse
STEPS = 4  # distinct times to see


def settling_window(folder: Path, prefix: str = ".noticeboard-clock-") -> int:
    """The settling window (ns) of files in ``folder``'s file system (module doc);
    the probe is a file named ``prefix``… in ``folder``, removed before returning."""
    from generator.content_digests import SETTLED_NS

    try:
        fd, probe = tempfile.mkstemp(prefix=prefix, dir=folder)
    except OSError:
        return SETTLED_NS
    try:
        measured = _measure(fd)
    except OSError:
        measured = None
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return SETTLED_NS if measured is None else max(FLOOR_NS, 2 * measured)


def _measure(fd: int) -> int | None:
    """The largest lag of the file's times behind the clock, or step between them,
    over ``PROBE_NS`` of writes to ``fd``; None when the times do not step ``STEPS``
    times within ``PROBE_MAX_NS`` or go back."""
    begin = time.time_ns()
    seen: list[int] = []  # each distinct time the file was given, in order
    lag = 0
    while True:
        before = time.time_ns()
        os.write(fd, b".")
        st = os.fstat(fd)
        stamp = max(st.st_mtime_ns, st.st_ctime_ns)
        lag = max(lag, before - min(st.st_mtime_ns, st.st_ctime_ns))
        if not seen or stamp != seen[-1]:
            if seen and stamp < seen[-1]:
                return None  # times that run backwards: nothing can be trusted
            seen.append(stamp)
        elapsed = before - begin
        if len(seen) > STEPS and elapsed >= PROBE_NS:
            break
        if elapsed >= PROBE_MAX_NS:
            return None
        if st.st_size > 1 << 16:
            os.ftruncate(fd, 0)
    step = max(b - a for a, b in itertools.pairwise(seen))
    return max(lag, step)
