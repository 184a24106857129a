"""One Pagefind process for a whole build, spoken to directly.

Pagefind's Python package drives its binary (``pagefind_extended --service``) through
an asyncio wrapper that sleeps a tenth of a second before reading each answer, and a
build starting one service per slice paid, for each slice, that wait four times over
and the start of a process that loads its Chinese dictionary (about 65 MB, 0.2 s of
CPU). Here one process serves every slice of a build: each slice is a new index in
it (``index``), written out, then deleted, so its memory is handed back before the
next. The protocol is the service's own: each message is base64 of a JSON object
followed by a comma, both ways; answers carry the ``message_id`` of their request. A
thread reads the answers as they come, so two slices may be indexed at once from two
threads.

The index files are fetched with ``GetFiles`` and written here, each file whole, before
``index`` returns: the service's own ``WriteFiles`` answered before its last writes
reached the disk.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from generator.messages import site as words


class PagefindFailed(Exception):
    """The service answered with an error, or ended; the message says why."""


def executable() -> Path:
    """The Pagefind binary the ``pagefind`` package would start (extended first)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise FileNotFoundError("pagefind_extended")
    return found


class PagefindProcess:
    """``with PagefindProcess() as pagefind: pagefind.index(folder, glob, out, config)``."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [str(executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._lock = threading.Lock()
        self._waiting: dict[int, Future[dict[str, Any]]] = {}
        self._last_id = 0
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()

    def __enter__(self) -> PagefindProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()  # the service ends when its input does
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._reader.join(timeout=10)

    # --- messages ------------------------------------------------------------------------

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer's payload."""
        answer: Future[dict[str, Any]] = Future()
        with self._lock:
            if not self._reader.is_alive():  # no one would ever answer
                raise PagefindFailed(words.PAGEFIND_DIED)
            self._last_id += 1
            message_id = self._last_id
            self._waiting[message_id] = answer
            message = {"message_id": message_id, "payload": payload}
            stdin = self._proc.stdin
            assert stdin is not None
            try:
                stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
                stdin.flush()
            except OSError as err:
                self._waiting.pop(message_id, None)
                raise PagefindFailed(words.PAGEFIND_ENDED.format(error=err)) from None
        result = answer.result()
        if result.get("type") == "Error":
            raise PagefindFailed(str(result.get("message", result)))
        return result

    def _read_answers(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        try:
            for raw in _messages(stdout):
                try:
                    answer = json.loads(base64.b64decode(raw))
                except ValueError:
                    continue
                if not isinstance(answer, dict):
                    continue
                message_id = answer.get("message_id")
                payload = answer.get("payload") or {}
                if message_id is None:  # an error about a message it could not read
                    original = payload.get("original_message")
                    try:
                        message_id = json.loads(original).get("message_id") if original else None
                    except (ValueError, AttributeError):
                        message_id = None
                with self._lock:
                    waiting = self._waiting.pop(message_id, None)
                if waiting is not None:
                    waiting.set_result(payload)
        finally:
            with self._lock:
                left, self._waiting = self._waiting, {}
            for waiting in left.values():
                waiting.set_result({"type": "Error", "message": words.PAGEFIND_DIED})

    # --- an index ---------------------------------------------------------------------------

    def index(self, folder: Path, glob: str, out: Path, config: dict[str, Any]) -> int:
        """Index the pages of ``folder`` that ``glob`` takes into the bundle ``out`` (a new
        folder); pages indexed."""
        made = self.ask({"type": "NewIndex", "config": config})
        index_id = made["index_id"]
        try:
            added = self.ask(
                {"type": "AddDir", "index_id": index_id, "path": str(folder), "glob": glob}
            )
            files = self.ask({"type": "GetFiles", "index_id": index_id})["files"]
        finally:
            self.ask({"type": "DeleteIndex", "index_id": index_id})
        write_bundle(out, files)
        return int(added["page_count"])


def _messages(stream: IO[bytes]) -> Any:
    """The comma-ended messages of ``stream`` (base64 holds no comma), until it ends."""
    pending = b""
    while True:
        chunk = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(1 << 16)
        if not chunk:
            return
        pending += chunk
        *whole, pending = pending.split(b",")
        yield from (m for m in whole if m)


def write_bundle(out: Path, files: list[dict[str, str]]) -> None:
    """Write the files of a ``GetFiles`` answer under ``out`` (paths stay inside it)."""
    root = out.resolve()
    for item in files:
        target = (root / item["path"]).resolve()
        if root not in target.parents:
            raise PagefindFailed(words.PAGEFIND_PATH_OUTSIDE.format(path=item["path"]))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as f:
            f.write(base64.b64decode(item["content"]))
