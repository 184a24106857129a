"""A clerk's file read as text, safely: a size limit, UTF-8 (a byte-order mark allowed),
GBK and UTF-16 recognised and named, binary junk refused, a file that cannot be read
explained in Chinese. ``YamlProblem`` is the one error for bad input, each with a
findings code and a 1-based line and column."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from generator.messages import reading as words

# A case file is a page of text; anything this large is a mistake (a pasted scan,
# a wrong file), and reading it whole would only slow the checker down.
MAX_FILE_BYTES = 1024 * 1024


class YamlProblem(Exception):
    """A file that cannot be read as intended. ``code`` is a findings code."""

    def __init__(self, code: str, line: int = 1, column: int = 1, **params: Any):
        self.code = code
        self.line = line
        self.column = column
        self.params = params
        super().__init__(f"{code} at {line}:{column} {params}")

    @property
    def message(self) -> str:
        from generator.messages import render

        return render(self.code, self.params)[0]


def decode_bytes(data: bytes) -> str:
    """Bytes of a clerk's file to text: UTF-8, BOM allowed; Windows line ends folded."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(
            "file-too-large", size_kb=len(data) // 1024, limit_kb=MAX_FILE_BYTES // 1024
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("encoding-utf16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        if b"\x00" not in data:
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                pass
            else:
                raise YamlProblem("encoding-gbk", line=line) from None
        raise YamlProblem("not-text", line=line) from None
    if "\x00" in text:
        raise YamlProblem("not-text", line=text[: text.index("\x00")].count("\n") + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_REASONS = {
    errno.ENOENT: words.NOT_FOUND,
    errno.EACCES: words.NO_PERMISSION,
    errno.EPERM: words.NO_PERMISSION,
    errno.EISDIR: words.IS_A_FOLDER,
}


def unreadable_reason(err: OSError) -> str:
    """Why a file could not be read, in Chinese."""
    return _REASONS.get(err.errno or 0, err.strerror or str(err))


def read_text(path: Path) -> str:
    """Read a clerk's file as text. Raises YamlProblem (never OSError) for bad files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(
                "file-too-large", size_kb=size // 1024, limit_kb=MAX_FILE_BYTES // 1024
            )
        data = path.read_bytes()
    except OSError as err:
        raise YamlProblem(
            "unreadable", reason=_REASONS.get(err.errno, err.strerror or str(err))
        ) from None
    return decode_bytes(data)
