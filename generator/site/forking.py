"""One call run in a forked copy of this process, on the machine's other core, while
this process goes on: ``reading = InCopy(work, *args)``, later ``reading.result()``.

A thread would share this interpreter's lock: the publish gate's reading of a new
site (pure Python, two seconds at 2,000 cases) on a thread held up Pagefind's
feeding and the slice plan on the main thread by a second. A new interpreter
(``search_slices``' merges) costs its imports' memory again; a copy shares this
process's memory until either side writes to it, and its work allocates its own.

Fork only where no other thread runs (a copy has only the forking thread: a lock
another thread held stays held there). The copy leaves with ``os._exit``: nothing
this process's stack would do on its way out (deleting its temporary folders,
answering its own parent) runs there.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

_DONE, _RAISED = "done", "raised"


class CopyDied(Exception):
    """The copy ended without a result (killed, out of memory): ``status`` as
    ``os.waitpid`` gave it."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class InCopy:
    """``work(*args)`` running in a copy of this process (or here, already done, where
    processes cannot be forked)."""

    def __init__(self, work: Callable[..., Any], *args: Any):
        self._pid: int | None = None
        self._answer: _Answer | None = None
        self._outcome: tuple[str, Any] | None = None
        if not hasattr(os, "fork"):
            self._outcome = _call(work, args)
            return
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(Exception):
                stream.flush()
        read, write = os.pipe()
        # What is here now is left out of the collector's passes, on both sides: a pass
        # writes to every object it visits, which would copy the shared memory pages
        # (at 2,000 cases the copy's own memory 21-24 -> 16 MB, this side's 34 -> 29);
        # taken back here once the copy has ended (``_reap``).
        gc.freeze()
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            raise
        if pid == 0:  # pragma: no cover - the copy (coverage is not collected there)
            os.close(read)
            _leave(write, _call(work, args))
        os.close(write)
        self._pid = pid
        # Its answer is read as soon as it comes, not when asked for: an answer larger
        # than the pipe holds (64 KB; the gate's is the list of files it read) would
        # keep the copy, and its memory, waiting until then (at 2,000 cases 16 MB
        # held through the whole search step, where the build's memory peaks).
        self._answer = _Answer(read)

    def result(self) -> Any:
        """What ``work`` returned; what it raised is raised here (``CopyDied`` when
        the copy ended without a word)."""
        if self._outcome is None:
            assert self._answer is not None
            data = self._answer.wait()
            self._answer = None
            status = self._reap()
            try:
                self._outcome = pickle.loads(data)
            except Exception:
                raise CopyDied(status) from None
        kind, value = self._outcome
        if kind == _RAISED:
            raise value
        return value

    def stop(self) -> None:
        """End the copy if it still runs (this side failed: its result is not wanted)."""
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        if self._answer is not None:
            self._answer.wait()  # the copy is gone: its pipe has ended
            self._answer = None

    def _reap(self) -> int:
        pid, self._pid = self._pid, None
        if pid is None:
            return 0
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0
        finally:
            gc.unfreeze()  # nothing shares this process's memory any more


class _Answer:
    """Everything a pipe gives until it ends, read by a thread of its own."""

    def __init__(self, pipe: int):
        self._parts: list[bytes] = []
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe: int) -> None:
        with contextlib.suppress(OSError), os.fdopen(pipe, "rb") as answer:
            while part := answer.read(1 << 20):
                self._parts.append(part)

    def wait(self) -> bytes:
        self._thread.join()
        return b"".join(self._parts)


def _call(work: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return _DONE, work(*args)
    except Exception as err:
        return _RAISED, err


def _leave(pipe: int, outcome: tuple[str, Any]) -> None:  # pragma: no cover - in the copy
    code = 0
    try:
        try:
            data = pickle.dumps(outcome)
        except Exception as err:  # an exception that cannot be pickled: its text
            data = pickle.dumps((_RAISED, RuntimeError(f"{type(outcome[1]).__name__}: {err}")))
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
