"""Writing a file so that no reader ever sees half of it: the one way caches, posters
and published copies are written.

The data goes to a hidden temporary file beside the target (named by the process, so
parallel workers never share one), which then replaces the target in one rename.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (creating its folder): all of it or, after a crash,
    the file as it was."""
    write_atomic_with(path, lambda f: f.write(data))


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """``write_atomic`` of what ``write(file)`` writes piece by piece (a large pickle
    streamed, never held whole in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            write(f)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
