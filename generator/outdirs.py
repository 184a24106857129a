"""The one guard before a command replaces or deletes a folder.

``build`` replaces its site folder as a whole, ``posters`` writes into one, ``publish``
deletes old releases and interrupted uploads. A mistyped ``--site-dir .`` or
``--site-dir content`` must not cost a project its case files or its ``.git``: a
folder may be replaced only when it is empty (or absent) or is a site this program
wrote (it holds ``MARKER``), and never when it holds the project folder or holds or
lies inside ``content/``, ``.git`` or ``.cache`` (after resolving links).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator import __version__
from generator.errors import UserError
from generator.messages import cli as words

MARKER = ".noticeboard-site"
# Folders of the project that no command may replace, hold or write into.
PROTECTED = (".git", ".cache")


class UnsafeFolder(UserError):
    """A folder a command was told to replace or delete that is not its to touch."""

    outcome = words.NOTHING_TOUCHED


def marker_text() -> str:
    return words.MARKER_TEXT.format(version=__version__)


def mark(folder: Path) -> None:
    """Say in ``folder`` that this program wrote it (every site and release)."""
    (folder / MARKER).write_text(marker_text(), encoding="utf-8")


# Sites built before the marker existed: their urls.txt opens with this line and they
# hold a search index.
_LEGACY_URLS = words.LEGACY_URLS_HEAD


def is_ours(folder: Path) -> bool:
    """``folder`` is a site or release this program wrote."""
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    urls = folder / "urls.txt"
    try:
        legacy = urls.is_file() and not urls.is_symlink() and (folder / "pagefind").is_dir()
        return legacy and urls.read_text(encoding="utf-8").startswith(_LEGACY_URLS)
    except (OSError, UnicodeDecodeError):
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_replaceable(
    folder: Path,
    project: Path | None = None,
    content: Path | None = None,
    what: str = words.FOLDER,
) -> Path:
    """``folder`` resolved, when a command may replace it as a whole; else
    ``UnsafeFolder`` naming it and the reason (Chinese), before anything is touched.

    ``project``: the project folder (holding ``site_config.yml``); ``content``: its
    content folder (default ``project/content``). ``what`` names the folder in the
    message (e.g. ``--site-dir``)."""
    real = folder.resolve()
    shown = words.FOLDER_SHOWN.format(what=what, folder=folder)
    if str(real) != str(folder):
        shown += words.FOLDER_RESOLVED.format(real=real)
    if project is not None:
        root = project.resolve()
        if _inside(root, real):
            raise UnsafeFolder(words.FOLDER_HOLDS_PROJECT.format(shown=shown, root=root))
        guarded = [(content or root / "content").resolve(), *(root / p for p in PROTECTED)]
        for protected in guarded:
            if _inside(real, protected) or _inside(protected, real):
                raise UnsafeFolder(words.FOLDER_OVERLAPS.format(shown=shown, protected=protected))
    if real.is_symlink() or (real.exists() and not real.is_dir()):
        raise UnsafeFolder(words.FOLDER_NOT_A_FOLDER.format(shown=shown))
    if real.is_dir() and not is_ours(real) and any(real.iterdir()):
        raise UnsafeFolder(words.FOLDER_NOT_OURS.format(shown=shown, marker=MARKER))
    return real


CACHE = ".cache"


def check_cache(project: Path) -> None:
    """Refuse a project whose ``.cache`` (or a folder in it, or one level below) is a
    link: commands empty, prune and delete folders there (replaced sites in
    ``.cache/trash``, a cache another version wrote), and a link committed as
    ``.cache/trash`` pointing at ``content/`` would have them delete the case files.
    ``.cache`` is only ever written by noticeboard: the fix is to delete it."""
    cache = project / CACHE
    if not (cache.is_symlink() or cache.exists()):
        return
    link = cache if cache.is_symlink() or not cache.is_dir() else _first_link(cache, depth=2)
    if link is not None:
        raise UnsafeFolder(words.CACHE_HAS_LINK.format(link=link, cache=CACHE, path=cache))


def _first_link(folder: Path, depth: int) -> Path | None:
    """The first link (or, at the top, non-folder) found in ``folder`` down to ``depth``."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return None
    for entry in entries:
        if entry.is_symlink():
            return Path(entry.path)
        if depth > 1 and entry.is_dir(follow_symlinks=False):
            found = _first_link(Path(entry.path), depth - 1)
            if found is not None:
                return found
    return None
