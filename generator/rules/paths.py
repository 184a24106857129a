"""Photos and attachments: each must be a file inside the case's own folder.

A path is written relative to that folder (``photo1.jpg`` or ``scans/minutes.pdf``).
Absolute paths, ``..`` and symbolic links that lead out of the folder are refused:
the site publishes only what is in the case's folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.findings import Finding
from generator.model import Case
from generator.rules.common import case_finding

if TYPE_CHECKING:
    from generator.project import Analysis

_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:|/|\\\\|~)|^[a-z][a-z0-9+.-]*://", re.I)


def check(analysis: Analysis) -> Iterable[Finding]:
    """``path-missing`` / ``path-outside`` for every photo and attachment."""
    for case in analysis.cases:
        yield from case_paths(case)


def referenced_paths(case: Case) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every file path the case names, with where it is written."""
    for i, update in enumerate(case.progress):
        for j, photo in enumerate(update.photos):
            yield photo, ("progress", i, "photos", j)
    for i, attachment in enumerate(case.attachments):
        yield attachment.file, ("attachments", i, "file")
    if case.minutes is not None and case.minutes.file:
        yield case.minutes.file, ("minutes", "file")


def case_file(case: Case, written: str) -> Path | None:
    """The file ``written`` names inside the case's folder, or None when it would be
    outside it (absolute, a URL, ``..`` out of the folder, or a link leading out)."""
    text = written.strip().replace("\\", "/")
    if _ABSOLUTE.match(text):
        return None
    parts = PurePosixPath(text).parts
    folder = case.folder
    target = folder.joinpath(*parts)
    try:
        real_folder = Path(os.path.realpath(folder))
        real_target = Path(os.path.realpath(target))
    except (OSError, ValueError):
        return None
    if real_target != real_folder and real_folder not in real_target.parents:
        return None
    return target


def case_paths(case: Case) -> Iterator[Finding]:
    """Check each referenced path of ``case``."""
    folder = case.folder.name
    for written, key in referenced_paths(case):
        mark = case.source.at(*key)
        target = case_file(case, written)
        if target is None:
            yield case_finding("path-outside", case, mark, found=written, folder=folder)
        elif not target.is_file():
            yield case_finding(
                "path-missing",
                case,
                mark,
                found=written,
                folder=folder,
                hint=_missing_hint(case, written),
            )


def _missing_hint(case: Case, written: str) -> str:
    """A nudge for the usual slips: the folder name repeated, or the wrong letter case."""
    text = written.strip().replace("\\", "/")
    prefix = case.folder.name + "/"
    if text.startswith(prefix) and (case.folder / text[len(prefix) :]).is_file():
        return f"路径只写案例文件夹里面的部分：写成“{text[len(prefix) :]}”"
    folder = case.folder
    if folder.is_dir():
        for existing in folder.rglob("*"):
            relative = existing.relative_to(folder).as_posix()
            if relative.lower() == text.lower() and existing.is_file():
                return f"文件名的大小写不一致：文件夹里的是“{relative}”"
    return f"把文件放进案例同名文件夹 {folder.name}/，并检查文件名和扩展名"
