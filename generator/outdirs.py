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

MARKER = ".noticeboard-site"
# Folders of the project that no command may replace, hold or write into.
PROTECTED = (".git", ".cache")


class UnsafeFolder(UserError):
    """A folder a command was told to replace or delete that is not its to touch."""

    outcome = "没有改动任何文件。"


def marker_text() -> str:
    return f"noticeboard {__version__}: 这个文件夹是 noticeboard 生成的网站，可以整个替换。\n"


def mark(folder: Path) -> None:
    """Say in ``folder`` that this program wrote it (every site and release)."""
    (folder / MARKER).write_text(marker_text(), encoding="utf-8")


# Sites built before the marker existed: their urls.txt opens with this line and they
# hold a search index.
_LEGACY_URLS = "# urls.txt：本站全部页面地址"


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
    folder: Path, project: Path | None = None, content: Path | None = None, what: str = "文件夹"
) -> Path:
    """``folder`` resolved, when a command may replace it as a whole; else
    ``UnsafeFolder`` naming it and the reason (Chinese), before anything is touched.

    ``project``: the project folder (holding ``site_config.yml``); ``content``: its
    content folder (default ``project/content``). ``what`` names the folder in the
    message (e.g. ``--site-dir``)."""
    real = folder.resolve()
    shown = f"{what} {folder}" + (f"（即 {real}）" if str(real) != str(folder) else "")
    if project is not None:
        root = project.resolve()
        if _inside(root, real):
            raise UnsafeFolder(
                f"{shown} 是项目文件夹或包含项目文件夹（{root}），替换它会删掉案例文件和 .git："
                "请换一个单独的文件夹，如项目里的 site"
            )
        guarded = [(content or root / "content").resolve(), *(root / p for p in PROTECTED)]
        for protected in guarded:
            if _inside(real, protected) or _inside(protected, real):
                raise UnsafeFolder(
                    f"{shown} 与 {protected} 重叠，替换它会删掉项目的文件："
                    "请换一个单独的文件夹，如项目里的 site"
                )
    if real.is_symlink() or (real.exists() and not real.is_dir()):
        raise UnsafeFolder(f"{shown} 不是文件夹：请换一个文件夹")
    if real.is_dir() and not is_ours(real) and any(real.iterdir()):
        raise UnsafeFolder(
            f"{shown} 不是空文件夹，也不是 noticeboard 生成的网站（里面没有 {MARKER}），"
            "为免删掉别的文件，不会替换它：请换一个空文件夹或不存在的文件夹，"
            "或确认里面的东西可以不要后自己清空它"
        )
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
        raise UnsafeFolder(
            f"项目的缓存文件夹里有链接或非文件夹：{link}。{CACHE} 只由 noticeboard 自己写入，"
            f"命令会清空和删除其中的文件夹，跟着链接会删掉别处的文件（如 content 里的案例）："
            f"请整个删除 {cache}（可以随时删除，下次运行会重建），"
            f"并确认它没有被提交进 git（.gitignore 里有 {CACHE}/）"
        )


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
