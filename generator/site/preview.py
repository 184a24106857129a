"""``noticeboard serve`` between rebuilds: what the preview keeps, so that an edit
re-reads, re-checks and re-renders only the community folders it touched.

MkDocs makes the plugin anew for every rebuild; ``PREVIEW`` outlives it (one preview
per process). It keeps, per community folder, a stamp of its files (name, size,
modification time, inode: no file is read to know it is unchanged), the folder's
loaded project and its share of the check (``checking.load_and_check_folder``); the
findings are those of ``check_project`` (``checking.combine``: the rules across
communities run on every folder's summary), so exactly the build's. It also keeps
which page the served folder holds at each address (the page's key, as the build's
page cache keys it), so a rebuild writes only the pages whose key changed and
deletes those that are gone.

``site_config.yml``, the project's ``themes/``, the list of folders in ``content/``
or the date changing means a full rebuild (every folder and every page), as does the
first build and the first good build after one with errors.

A rebuild after an edit writes the changed folders' pages first (the edited case, its
community's page) and leaves home, 落实跟踪, search and statistics, which show every
case, to a second build it asks the server for at once (``ask_again``): the edit shows
without waiting for them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.analysis import Analysis
from generator.check.checking import Part, combine, load_and_check_folder
from generator.model.load import Project, community_folders
from generator.model.workdays import WorkCalendar
from generator.source.config import SiteConfig
from generator.source.settings import CONFIG_FILE

# The key of an address that shows the page of findings (a preview with errors).
PROBLEM = "problem"


def tree_stamp(folder: Path) -> tuple[Any, ...]:
    """Every file and folder under ``folder`` with its size, time and inode (not its
    bytes): what changes when a clerk saves, adds, renames or deletes a file."""
    out: list[tuple[Any, ...]] = []
    todo = [folder]
    while todo:
        here = todo.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            out.append((entry.path, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino))
            if entry.is_dir(follow_symlinks=False):
                todo.append(Path(entry.path))
    return tuple(out)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


@dataclass
class _Folder:
    stamp: tuple[Any, ...]
    project: Project
    part: Part


@dataclass
class Preview:
    base: tuple[Any, ...] = ()  # what makes a rebuild full (see the module's docstring)
    folders: dict[Path, _Folder] = field(default_factory=dict)
    calendar: WorkCalendar | None = None
    served: dict[str, str] = field(default_factory=dict)  # page source -> its key
    dests: dict[str, str] = field(default_factory=dict)  # page source -> its file
    redirects: set[str] = field(default_factory=set)  # old addresses holding a redirect
    built: bool = False  # the served folder holds a good build of ``base``
    dropped: list[str] = field(default_factory=list)  # theme files no page loads
    nav: list[Any] = field(default_factory=list)  # the served pages' navigation
    marker: Path | None = None  # a file of the server's work folder it watches

    def analyse(self, config: SiteConfig, today: dt.date) -> tuple[Analysis, set[str] | None]:
        """The checked content, and the communities whose folders changed since the last
        build (None: a full rebuild)."""
        content = config.content_path
        listing = (
            tuple(sorted((e.name, e.is_dir()) for e in os.scandir(content)))
            if content.is_dir()
            else ()
        )
        base = (
            str(config.root),
            today,
            _read(config.root / CONFIG_FILE),
            tree_stamp(config.root / "themes"),
            str(content),
            listing,
        )
        full = base != self.base or not self.built
        if base != self.base:
            self.base, self.folders, self.built = base, {}, False
            self.served, self.dests, self.redirects = {}, {}, set()
            self.calendar = None
        if self.calendar is None:
            self.calendar = WorkCalendar(config.calendar)
        top = Project(config=config)
        folders = community_folders(top)
        changed: set[str] = set()
        kept: dict[Path, _Folder] = {}
        for folder in folders:
            stamp = tree_stamp(folder)  # before reading: an edit while reading shows next time
            known = self.folders.get(folder)
            if known is None or known.stamp != stamp:
                project, part = load_and_check_folder(folder, config, today, self.calendar)
                project.release_docs()
                known = _Folder(stamp, project, part)
                changed.add(folder.name)
            kept[folder] = known
        self.folders = kept
        project = Project(config=config)
        project.findings = list(top.findings)
        for known in kept.values():
            project.files += known.project.files
            project.findings += known.project.findings
            project.communities += known.project.communities
        project.communities.sort(key=lambda c: (c.town, c.id))
        analysis = Analysis(project=project, today=today, calendar=self.calendar)
        analysis.findings, _ = combine(top.findings, [k.part for k in kept.values()])
        return analysis, None if full else changed

    def later(self, work: Path) -> Path:
        """The file whose change asks the server for another build (``ask_again``), in
        ``serve``'s temporary work folder, never in ``content/``."""
        self.marker = work / "rebuild-later"
        self.marker.write_text("0", encoding="utf-8")
        return self.marker

    def ask_again(self) -> None:
        """Another build once this one is done (the live-reload server sees the change)."""
        if self.marker is not None:
            count = int(self.marker.read_text(encoding="utf-8") or 0)
            self.marker.write_text(str(count + 1), encoding="utf-8")

    def shows_problem(self) -> bool:
        """Whether a site-wide page shows the page of findings."""
        return any(key == PROBLEM and "/" not in uri for uri, key in self.served.items())

    def problem_communities(self) -> set[str]:
        """The communities with an address that shows the page of findings."""
        return {
            uri.split("/")[0] for uri, key in self.served.items() if key == PROBLEM and "/" in uri
        }


PREVIEW = Preview()
