"""Each planned page's HTML, from when it is rendered until MkDocs writes it.

Every page is rendered before MkDocs writes the first (its HTML makes its cache key,
and a page the cache holds is not written at all), so the HTML of every page waits
at once: compressed, in an anonymous temporary file rather than in the build's memory
(about 3 KB a page: 31 MB at 10,000 cases, 93 MB at 30,000). Each page's HTML is read
back once, when MkDocs writes it.
"""

from __future__ import annotations

import tempfile
import zlib
from typing import IO

_TAKEN = (-1, 0)  # our page, whose HTML is not (or no longer) held here


class HeldPages:
    """``hold(uri, html)``; later ``take(uri)``, once. ``uri in held``: a page of ours."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None  # made at the first page held
        self._at: dict[str, tuple[int, int]] = {}  # source name -> (offset, length)

    def hold(self, src_uri: str, html: bytes) -> None:
        if self._file is None:
            # closed by ``close`` (and deleted with it: it has no name)
            self._file = tempfile.TemporaryFile(prefix="noticeboard-pages-")  # noqa: SIM115
        data = zlib.compress(html, 1)
        offset = self._file.seek(0, 2)
        self._file.write(data)
        self._at[src_uri] = (offset, len(data))

    def mark(self, src_uri: str) -> None:
        """A page of ours whose HTML is elsewhere (the page cache's)."""
        self._at[src_uri] = _TAKEN

    def __contains__(self, src_uri: object) -> bool:
        return src_uri in self._at

    def take(self, src_uri: str) -> str | None:
        """The page's HTML, once (None: not held, or taken already); it stays ours."""
        offset, length = self._at.get(src_uri, _TAKEN)
        if offset < 0 or self._file is None:
            return None
        self._at[src_uri] = _TAKEN
        self._file.seek(offset)
        return zlib.decompress(self._file.read(length)).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
