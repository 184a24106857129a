"""Writing a file so that no reader ever sees half of it: the one way caches, posters
and published copies are written.

The data goes to a hidden temporary file beside the target (named by the process, so
parallel workers never share one), which then replaces the target in one rename.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (creating its folder): all of it or, after a crash,
    the file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
