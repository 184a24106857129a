"""The build cache: what did not change between builds is not computed again.

One folder, ``<project>/.cache/build/``, safe to delete at any time. It holds

- ``files/``: each clerk's file read, parsed and checked, keyed by a hash of its
  bytes, its path and the site configuration (``FileCache``), a pickle per folder;
- ``file-digests.pickle``: the hash of each file's bytes beside its status, so an
  unchanged file is not read to be keyed (``content_digests.ContentDigests``);
- ``pages/``: each page as MkDocs wrote it, keyed by a hash of everything the page
  shows (``PageCache``, used by ``generator.site.plugin``);
- ``outputs/``: feeds and calendars, keyed by a hash of everything they show
  (``OutputCache``, used by ``generator.outputs.feeds`` and ``generator.outputs.calendars``);
- ``markdown.memo``: clerks' Markdown rendered to HTML, keyed by the text
  (``MarkdownMemo``);
- ``search/``: the last search index (Pagefind's bundle), reused when the pages it
  read are byte for byte the same (``SearchIndexCache``).

Every key includes ``code_stamp()``: a hash of this package's source, its templates
and the versions of the libraries that shape the output. A cache written by another
version is wiped on sight, never trusted (``open_cache``).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import itertools
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from generator import atomic
from generator.content_digests import ContentDigests

V = TypeVar("V")  # a view: the plain values an output file shows

CACHE_SUBDIR = Path(".cache") / "build"
STAMP_FILE = "stamp"
FILES = "files"
DIGESTS = "file-digests.pickle"
PAGES = "pages"
OUTPUTS = "outputs"

_PACKAGE = Path(__file__).resolve().parent
_THEMES = _PACKAGE.parent / "themes"
# Libraries whose version changes what a file's findings or a page's HTML look like.
_LIBRARIES = (
    "PyYAML",
    "Jinja2",
    "Markdown",
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "nh3",
    "chinesecalendar",
    "jieba",
    "pagefind",
    "pagefind-bin-extended",
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


_EDITOR_THEME = _THEMES / "editor"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """Hash of this package's code and templates and the libraries' versions."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)}\n".encode())
    files = [*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.html"), *_PACKAGE.rglob("*.yml")]
    if _THEMES.is_dir():
        # Not the editor's page and its installed Decap bundle (themes/editor/node_modules,
        # some 26,000 files): they shape no page of the site, and hashing them took
        # seconds on every build and check.
        for top, folders, names in os.walk(_THEMES):
            if Path(top) == _THEMES and _EDITOR_THEME.name in folders:
                folders.remove(_EDITOR_THEME.name)
            files += [Path(top, name) for name in names if Path(top, name).is_file()]
    for path in sorted(files):
        digest.update(str(path.relative_to(_PACKAGE.parent)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def open_cache(project_root: Path) -> Path:
    """The cache folder of a project, emptied first when another version wrote it."""
    folder = project_root / CACHE_SUBDIR
    stamp = folder / STAMP_FILE
    try:
        current = stamp.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        current = ""
    if current != code_stamp():
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        stamp.write_text(code_stamp() + "\n", encoding="ascii")
    return folder


write_atomic = atomic.write_atomic  # the one way (generator/atomic.py)
write_atomic_with = atomic.write_atomic_with


class _TextPickler(pickle.Pickler):
    """A pickler that writes every non-ASCII string from a UTF-8 copy made for the
    moment.

    CPython's own pickler asks a string for its UTF-8 form, and the string keeps that
    form for as long as it lives: saving the build cache left a second copy of every
    clerk's text and body (3.4 KB a case, 100 MB at 30,000 cases) in the build for
    the rest of its run. Strings met twice are written once, as pickle's memo would.
    """

    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._numbers: dict[int, int] = {}  # id of a string written -> its number
        # ... and the strings themselves, kept alive until the end: a string a reducer
        # made for the moment must not leave its id to another (pickle's memo does the same).
        self._written: list[str] = []

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is not str or obj.isascii():
            return None  # ASCII strings have no second form to keep
        number = self._numbers.get(id(obj))
        if number is not None:
            return number
        self._numbers[id(obj)] = len(self._written)
        self._written.append(obj)
        return obj.encode("utf-8", "surrogatepass")


class _TextUnpickler(pickle.Unpickler):
    """Reads what ``_TextPickler`` wrote."""

    def __init__(self, file: Any) -> None:
        super().__init__(file)
        self._texts: list[str] = []

    def persistent_load(self, pid: Any) -> str:
        if type(pid) is int:
            return self._texts[pid]
        text: str = pid.decode("utf-8", "surrogatepass")
        self._texts.append(text)
        return text


def dump_pickle(value: Any, file: Any) -> None:
    """Pickle ``value`` into ``file`` leaving no UTF-8 copy in its strings
    (``_TextPickler``); ``load_pickle`` reads it."""
    _TextPickler(file).dump(value)


def dumps_pickle(value: Any) -> bytes:
    """``dump_pickle`` into bytes."""
    buffer = io.BytesIO()
    dump_pickle(value, buffer)
    return buffer.getvalue()


def load_pickle(data: bytes) -> Any:
    """What ``dump_pickle`` wrote, unpickled with the cyclic garbage collector paused:
    unpickling millions of objects otherwise sets it off again and again (half the
    time at 10,000 cases); nothing unpickled here is garbage yet."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _TextUnpickler(io.BytesIO(data)).load()
    finally:
        if enabled:
            gc.enable()


class FileCache:
    """Results of loading single files, keyed by their content (see ``key``).

    ``load`` returns a cached result or computes and remembers it. ``save`` writes
    only the entries used in this run, so files deleted from ``content/`` leave the
    cache with them. Kept a pickle per folder of files (``files/<folder's hash>.pickle``;
    a key starts with its folder's hash): an edit rewrites its folder's, not every
    file's (144 MB at 30,000 cases).
    """

    def __init__(self, folder: Path | None, context: bytes):
        self.folder = folder
        self.context = context  # site configuration and anything else every file depends on
        self._entries: dict[str, Any] | None = None  # read when first asked for
        self._kept: dict[str, set[str]] = {}  # each folder file read: the keys it holds
        self.used: dict[str, Any] = {}
        self.keys: dict[tuple[Path, str], str | None] = {}
        # Each file's bytes hashed, known from its status while it does not change.
        self.digests = ContentDigests(folder / DIGESTS if folder is not None else None)
        self.hits = 0
        self.misses = 0

    @property
    def entries(self) -> dict[str, Any]:
        """What earlier runs kept, read from ``files/`` on first use."""
        if self._entries is None:
            self._entries = {}
            if self.folder is not None:
                with contextlib.suppress(OSError):
                    for entry in os.scandir(self.folder / FILES):
                        with contextlib.suppress(Exception):  # a damaged file: none kept
                            with open(entry.path, "rb") as f:
                                loaded = load_pickle(f.read())
                            if isinstance(loaded, dict) and loaded.get("stamp") == code_stamp():
                                held: dict[str, Any] = loaded["entries"]
                                self._entries.update(held)
                                self._kept[entry.name.removesuffix(".pickle")] = set(held)
        return self._entries

    @entries.setter
    def entries(self, value: dict[str, Any]) -> None:
        self._entries = value

    def key(self, path: Path, kind: str, content: bytes) -> str:
        """The key of the file at ``path`` read as ``kind``, whose bytes hash to
        ``content`` (``content_digests.digest_of``)."""
        digest = hashlib.blake2b(digest_size=20)
        for part in (self.context, str(path).encode(), os.getcwd().encode(), kind.encode()):
            digest.update(len(part).to_bytes(8, "little") + part)
        digest.update(content)
        return f"{_folder_of(path)}-{digest.hexdigest()}"

    def key_for(self, path: Path, kind: str, read: Callable[[Path], bytes]) -> str | None:
        """The key of a file, or None when it cannot be read (the loader then says why).

        Computed once per run (``has`` and ``load`` ask for the same files).
        """
        if (path, kind) in self.keys:
            return self.keys[path, kind]
        try:
            key: str | None = self.key(path, kind, self.digests.digest(path, read))
        except Exception:  # refused or unreadable: never cached
            key = None
        self.keys[path, kind] = key
        return key

    def load(
        self, path: Path, kind: str, compute: Callable[[], Any], read: Callable[[Path], bytes]
    ) -> Any:
        key = self.key_for(path, kind, read)
        if key is None:
            return compute()
        if key in self.entries:
            self.hits += 1
            value = self.entries[key]
        else:
            self.misses += 1
            value = compute()
        self.used[key] = value
        return value

    def has(self, path: Path, kind: str, read: Callable[[Path], bytes]) -> bool:
        key = self.key_for(path, kind, read)
        return key is not None and key in self.entries

    def save(self) -> None:
        """Each folder's entries used in this run, where they differ from its file."""
        if self.folder is None:
            return
        self.digests.save()
        self.entries  # noqa: B018  (the files on disk, if not read yet)
        by_folder: dict[str, dict[str, Any]] = {}
        for key, value in self.used.items():
            by_folder.setdefault(key.split("-", 1)[0], {})[key] = value
        stamp = code_stamp()
        with contextlib.suppress(OSError):  # a cache that cannot be written is no error
            files = self.folder / FILES
            files.mkdir(exist_ok=True)
            for name, held in by_folder.items():
                if self._kept.get(name) == held.keys():
                    continue  # every file as last time: its pickle already says so
                state = {"stamp": stamp, "entries": held}
                # Streamed into the file: a pickle is never held whole.
                write_atomic_with(
                    files / f"{name}.pickle",
                    lambda f, state=state: dump_pickle(state, f),
                )
                self._kept[name] = set(held)
            for name in set(self._kept) - set(by_folder):  # a folder no file was read from
                with contextlib.suppress(OSError):
                    os.unlink(files / f"{name}.pickle")
                del self._kept[name]


def _folder_of(path: Path) -> str:
    """The name of the pickle holding the files of ``path``'s folder."""
    return hashlib.blake2b(
        str(path.parent).encode("utf-8", "surrogateescape"), digest_size=8
    ).hexdigest()


def keyed_hash(parts: Iterable[bytes | str]) -> str:
    """A hash of this code's stamp and ``parts``, each prefixed by its length (so two
    different lists of parts never give the same stream)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in itertools.chain([code_stamp()], parts):  # streamed: files read one by one
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _named_bytes(root: Path, paths: Iterable[Path]) -> Iterator[bytes]:
    """Each file's name under ``root``, then its bytes: what a hash of files takes."""
    for path in paths:
        yield path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
        yield path.read_bytes()


def prune_folder(folder: Path, keep: set[str]) -> None:
    """Delete what ``folder`` holds but the entries named in ``keep``."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name in keep:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


class OutputCache:
    """Whole files made from a view of plain values (a feed, a calendar), one file each,
    named by a hash of the view: ``make(kind, view, build)`` gives the bytes an earlier
    build made from an equal view, or builds them and keeps them.

    The view must hold everything the file shows and ``build`` must read nothing
    else (``feeds.FeedView``, ``calendars.CalendarView``): then an equal view means
    equal bytes, and the build date is only in the key where the file shows it.
    """

    def __init__(self, folder: Path):
        self.folder = folder / OUTPUTS
        self.folder.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(kind: str, view: object) -> str:
        return keyed_hash((kind, repr(view)))

    def make(self, kind: str, view: V, render: Callable[[V], bytes]) -> bytes:
        name = f"{self.key(kind, view)}.{kind}"
        self.used.add(name)
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            data = b""
        if data:
            self.hits += 1
            return data
        self.misses += 1
        data = render(view)
        with contextlib.suppress(OSError):  # a cache that cannot be written is no error
            write_atomic(self.folder / name, data)
        return data

    def prune(self) -> None:
        """Forget files this build did not make (views that changed or went away)."""
        prune_folder(self.folder, self.used)


def made(cache: OutputCache | None, kind: str, view: V, render: Callable[[V], bytes]) -> bytes:
    """``render(view)``, through ``cache`` when there is one."""
    return render(view) if cache is None else cache.make(kind, view, render)


def link_tree(src: str | Path, dst: str | Path) -> dict[str, int]:
    """``shutil.copytree(src, dst, copy_function=link_or_copy, dirs_exist_ok=True)``
    in fewer system calls (a bundle of the county's search index is 30,000 files at
    30,000 cases): every file of ``src`` hard-linked (else copied) into ``dst``, a file
    already there replaced, never written into. Returns each file's size by its path
    under ``dst`` ("/"-separated). Links in ``src`` are not followed (none is made)."""
    sizes: dict[str, int] = {}

    def walk(here: str, there: str, prefix: str) -> None:
        os.makedirs(there, exist_ok=True)
        with os.scandir(here) as entries:
            for entry in entries:
                target = os.path.join(there, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, target, f"{prefix}{entry.name}/")
                    continue
                link_or_copy(entry.path, target)
                sizes[prefix + entry.name] = entry.stat(follow_symlinks=False).st_size

    walk(os.fspath(src), os.fspath(dst), "")
    return sizes


def link_or_copy(src: str, dst: str) -> None:
    """A hard link (no bytes copied), or a copy where links are not possible. A file
    already at ``dst`` is unlinked, never written into: it may itself be a link to
    another cached file. The link is tried first: into a new folder (a new site), one
    system call a file."""
    try:
        os.link(src, dst)
        return
    except FileExistsError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dst)
    except OSError:  # no links here (another file system): nothing at ``dst``
        shutil.copy2(src, dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
