"""The checker on one case's text, inside the whole project, before it is saved.

``CaseChecker.check(path, text)`` gives the findings ``noticeboard check`` would give
for ``path`` if its file held ``text``: every rule, the rules across files of its
community and the id rules across communities included. Nothing is written into
``content/``: the unsaved text is read through ``OverlayGate``, a gate that shows it
in place of the file (from a temporary file under ``.cache/editor/``).

Between saves the rest of the project is kept: every file loaded is remembered by its
bytes (the build's ``FileCache``, started from ``.cache/build/`` when a build or check
left one), and each other community folder's summary for the id rules (``Part`` of
``checking``, by the folder's key; from ``.cache/build/check/`` when ``check`` left
it). Only the saved case is read and checked again; the rest of its folder answers
from the cache.

``finding_json`` maps a finding's line and column back to the form field it concerns
(``meeting.start``, ``progress.0.photos``, ``body``) from the YAML positions the
loader keeps (``yamlsource.Doc``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO

from generator.buildcache import open_cache
from generator.check.analysis import Analysis
from generator.check.checking import (
    CHECK_FOLDER,
    Part,
    PartCache,
    check_folder,
    folder_key,
)
from generator.check.checking import _base_key as base_key
from generator.check.project import open_file_cache
from generator.check.rules import ids, run_local_rules
from generator.content_digests import ContentDigests
from generator.findings import Finding, sort_findings
from generator.messages import editor as words
from generator.model.load import Project, community_folders, load_folder
from generator.model.workdays import WorkCalendar
from generator.source import fields
from generator.source.config import SiteConfig
from generator.source.gate import Gate, GateRefused
from generator.source.textfile import YamlProblem
from generator.source.yamlsource import Doc, parse_yaml_text, split_front_matter

EDITOR_CACHE = "editor"


class OverlayGate(Gate):
    """The content gate, with some files shown as other bytes (unsaved texts)."""

    def __init__(self, content: Path, overlay: dict[Path, Path]):
        super().__init__(content)
        # absolute path in content/ -> the temporary file holding what it would hold
        self.overlay = {os.path.abspath(k): v for k, v in overlay.items()}

    def _shown(self, path: Path) -> Path | None:
        return self.overlay.get(os.path.abspath(path))

    def check_file(self, path: Path):  # type: ignore[no-untyped-def]
        if self._shown(path) is not None:
            return self.check_folder(path.parent) or self._named(path)
        return super().check_file(path)

    def open(self, path: Path) -> BinaryIO:
        shown = self._shown(path)
        if shown is None:
            return super().open(path)
        refusal = self.check_file(path)
        if refusal:
            raise GateRefused(refusal)
        return open(shown, "rb")


class CaseChecker:
    """Findings of one case's unsaved text; keeps the rest of the project between calls.
    Thread-safe (one check at a time)."""

    def __init__(self, config: SiteConfig, today: dt.date):
        self.config, self.today = config, today
        self.calendar = WorkCalendar(config.calendar)
        self.files = open_file_cache(config)
        self.base = base_key(config)
        self.digests = ContentDigests(None)
        self.summaries: dict[str, Part] = {}  # folder key -> the folder's summary
        self.states: dict[str, tuple[tuple[Any, ...], Part]] = {}  # folder -> (state, summary)
        self.stored = PartCache(open_cache(config.root) / CHECK_FOLDER)
        self.scratch = open_cache(config.root) / EDITOR_CACHE
        self.lock = threading.Lock()

    def check(self, path: Path, text: str) -> list[Finding]:
        """The findings ``check`` would give for ``path`` (a case file in a community
        folder, existing or new) if it held ``text``, in their order."""
        return self.analyse(path, text)[1]

    def analyse(self, path: Path, text: str) -> tuple[Analysis, list[Finding]]:
        """The analysis of ``path``'s community folder with ``text`` in that file (its
        ``findings`` set: public warnings for the page), and ``check``'s findings for
        ``path``."""
        with self.lock:
            return self._analyse(Path(os.path.abspath(path)), text)

    def _analyse(self, path: Path, text: str) -> tuple[Analysis, list[Finding]]:
        folder = path.parent
        self.scratch.mkdir(parents=True, exist_ok=True)
        handle, pending = tempfile.mkstemp(suffix=".md", dir=self.scratch)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
            gate = OverlayGate(self.config.content_path, {path: Path(pending)})
            self.files.keys = {}  # keys are kept per run: this text is new
            extra = () if path.exists() else (path,)
            project = load_folder(folder, self.config, self.files, gate=gate, extra=extra)
            analysis = Analysis(project=project, today=self.today, calendar=self.calendar)
            found = project.findings + run_local_rules(analysis)
            community = project.communities[0] if project.communities else None
            here = Part(
                [],
                [],
                ids.case_keys(analysis),
                [ids.links(case) for case in analysis.cases],
                (community.town, community.id) if community else None,
            )
            found += self._across(folder, here)
            analysis.findings = sort_findings(found)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(pending)
            self.files.entries.update(self.files.used)
            self.files.used = {}
        return analysis, [f for f in analysis.findings if _names(f, path)]

    def _across(self, folder: Path, here: Part) -> list[Finding]:
        """The id findings across communities, with ``here`` for ``folder``."""
        parts = [here]
        existing = set(here.cases)
        for other in community_folders(Project(config=self.config)):
            if os.path.abspath(other) == str(folder):
                continue
            part = self._summary(other)
            parts.append(part)
            existing |= part.cases
        loaded = sorted((p for p in parts if p.order), key=lambda p: p.order or ())
        return list(ids.cross_check(existing, [link for p in loaded for link in p.links]))

    def _summary(self, folder: Path) -> Part:
        """A community folder's summary: the last one while no file in the folder
        changed (name, size, time, inode), else kept by the folder's key, or checked
        afresh."""
        state = _state(folder)
        last = self.states.get(str(folder))
        if state is not None and last is not None and last[0] == state:
            return last[1]
        summary = self._keyed_summary(folder)
        if state is not None:
            self.states[str(folder)] = (state, summary)
        return summary

    def _keyed_summary(self, folder: Path) -> Part:
        key = folder_key(self.base, folder, self.digests)
        if key is not None:
            known = self.summaries.get(key)
            if known is None:
                known = self.stored.get_summary(key)
            if known is not None:
                self.summaries[key] = known
                return known
        summary = check_folder(folder, self.config, self.today, self.calendar).summary()
        if key is not None:
            self.summaries[key] = summary
        return summary

    def warm(self) -> None:
        """Make every community folder's summary now (the server's start, in the
        background), so the first save does not wait for them."""
        with self.lock:
            for folder in community_folders(Project(config=self.config)):
                self._summary(folder)


def _state(folder: Path) -> tuple[Any, ...] | None:
    """Every entry under ``folder`` by name, size, modification time and inode (links
    not followed); None when it cannot be listed."""
    out: list[tuple[Any, ...]] = []
    try:
        stack = [folder]
        while stack:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    st = entry.stat(follow_symlinks=False)
                    out.append((entry.path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode))
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
    except OSError:
        return None
    return tuple(sorted(out))


def _names(finding: Finding, path: Path) -> bool:
    return os.path.abspath(finding.path) == str(path)


# --- file:line -> the form field -------------------------------------------------------


class Positions:
    """Where each field of a case's text is, to name the field a finding concerns."""

    def __init__(self, text: str):
        self.doc: Doc | None = None
        self.body_line: int | None = None
        with contextlib.suppress(YamlProblem):
            split = split_front_matter(text.replace("\r\n", "\n"))
            self.body_line = split.body_first_line
            self.doc = parse_yaml_text(split.yaml_text, 2)

    def path_at(self, line: int, column: int) -> tuple[str | int, ...] | str | None:
        """The path of the field at ``line``:``column`` ("body" below the front matter)."""
        if self.body_line is not None and line >= self.body_line:
            return "body"
        if self.doc is None:
            return None
        best: tuple[tuple[int, int, int], tuple[str | int, ...]] | None = None
        for marks in (self.doc.marks, self.doc.key_marks):
            for p, mark in marks.items():
                if p and (mark.line, mark.column) <= (line, column):
                    rank = (mark.line, mark.column, len(p))
                    if best is None or rank > best[0]:
                        best = (rank, p)
        return best[1] if best else None


def field_name(path: tuple[str | int, ...]) -> tuple[str, str]:
    """``("progress", 0, "photos", 1)`` -> ("progress.0.photos", "照片"): the dotted path
    of the form field (an item of a list of text is its list) and its Chinese label."""
    if path and isinstance(path[-1], int):
        with contextlib.suppress(KeyError):
            spec = fields.field_at(fields.CASE, path[:-1])
            if spec.item is not None and spec.item.kind != fields.MAP:
                path = path[:-1]
    try:
        label = fields.field_at(fields.CASE, path).label
    except KeyError:
        label = ""
    return ".".join(str(p) for p in path), label


def finding_json(finding: Finding, positions: Positions | None = None) -> dict[str, Any]:
    """A finding as the editor's HTTP answers give it (see server.py)."""
    where = positions.path_at(finding.line, finding.column) if positions else None
    name, label = (None, "")
    if where == "body":
        name, label = "body", words.BODY_LABEL
    elif isinstance(where, tuple):
        name, label = field_name(where)
    return {
        "code": finding.code,
        "severity": str(finding.severity),
        "message": finding.message,
        "hint": finding.hint,
        "line": finding.line,
        "column": finding.column,
        "field": name,
        "label": label,
    }
