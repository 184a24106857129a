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

A build hands Pagefind its pages as text (``AddFile`` with the page's address, every
page of a slice sent before the first answer is awaited), not as files to read: at
2,000 cases, writing what Pagefind reads into files and deleting them cost more than
its indexing.

The index files are fetched with ``GetFiles`` and written here, each file whole, before
``index`` returns: the service's own ``WriteFiles`` answered before its last writes
reached the disk.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from generator.messages import site as words

# Pages handed to Pagefind as they are, not read from files: (address, HTML) each.
Pages = list[tuple[str, str]]


class PagefindFailed(Exception):
    """The service answered with an error, or ended; the message says why."""


def executable() -> Path:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH``, else the extended one the
    ``pagefind[extended]`` package installs (its Chinese segmentation). Asked of
    ``pagefind_bin_extended`` itself: ``pagefind.service`` would import asyncio and ssl
    into the build's calling process (1.5 MB) only to find it."""
    chosen = os.environ.get("PAGEFIND_BINARY_PATH")
    if chosen:
        return Path(chosen)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise FileNotFoundError("pagefind_extended") from None
    return Path(get_executable())


class PagefindProcess:
    """``with PagefindProcess() as pagefind: pagefind.index(folder, glob, out, config)``."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [str(executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._lock = threading.Lock()  # the answers awaited
        self._writing = threading.Lock()  # one request at a time into Pagefind's input
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
        answer = self._send(payload)
        self._flush()
        return _answered(answer.result())

    def _send(self, payload: dict[str, Any]) -> Future[dict[str, Any]]:
        """Write one request (not flushed): its answer's payload, to come. Written
        outside ``_lock``, which the reader thread takes for each answer: a write
        waiting on a full pipe never holds up the answers."""
        answer: Future[dict[str, Any]] = Future()
        with self._lock:
            if not self._reader.is_alive():  # no one would ever answer
                raise PagefindFailed(words.PAGEFIND_DIED)
            self._last_id += 1
            message_id = self._last_id
            self._waiting[message_id] = answer
        message = {"message_id": message_id, "payload": payload}
        try:
            with self._writing:
                # Chinese as UTF-8, not \uXXXX: half the bytes to encode and to decode.
                text = json.dumps(message, ensure_ascii=False).encode()
                self._stdin.write(base64.b64encode(text) + b",")
        except OSError as err:
            with self._lock:
                self._waiting.pop(message_id, None)
            raise PagefindFailed(words.PAGEFIND_ENDED.format(error=err)) from None
        return answer

    def _flush(self) -> None:
        try:
            with self._writing:
                self._stdin.flush()
        except OSError as err:
            raise PagefindFailed(words.PAGEFIND_ENDED.format(error=err)) from None

    @property
    def _stdin(self) -> IO[bytes]:
        stdin = self._proc.stdin
        assert stdin is not None
        return stdin

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

    def index(self, source: Path | Pages, glob: str, out: Path, config: dict[str, Any]) -> int:
        """Index into the bundle ``out`` (a new folder) the pages of the folder ``source``
        that ``glob`` takes, or the ``source`` pages given as (address, HTML), which no
        file holds; pages indexed."""
        made = self.ask({"type": "NewIndex", "config": config})
        index_id = made["index_id"]
        try:
            if isinstance(source, Path):
                payload = {
                    "type": "AddDir",
                    "index_id": index_id,
                    "path": str(source),
                    "glob": glob,
                }
                added = int(self.ask(payload)["page_count"])
            else:
                added = self._add_pages(index_id, source)
            files = self.ask({"type": "GetFiles", "index_id": index_id})["files"]
        finally:
            self.ask({"type": "DeleteIndex", "index_id": index_id})
        write_bundle(out, files)
        return added

    def _add_pages(self, index_id: int, pages: Pages) -> int:
        """Every page sent before the first answer is awaited (one flush, not a round
        trip a page); pages indexed."""
        answers = [
            self._send(
                {
                    "type": "AddFile",
                    "index_id": index_id,
                    "url": url,
                    "file_path": None,
                    "file_contents": html,
                }
            )
            for url, html in pages
        ]
        self._flush()
        for answer in answers:
            _answered(answer.result())
        return len(answers)


def _answered(result: dict[str, Any]) -> dict[str, Any]:
    """An answer's payload; an error answer raised."""
    if result.get("type") == "Error":
        raise PagefindFailed(str(result.get("message", result)))
    return result


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
