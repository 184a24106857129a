"""Photos and attachments: each must be a file inside the case's own folder, and a
file the site may publish.

A path is written relative to that folder (``photo1.jpg`` or ``scans/minutes.pdf``).
Absolute paths, ``..`` and symbolic links that lead out of the folder (or a case
folder that is itself a link leading out of ``content/``) are refused: the site
publishes only what is in the case's folder. Each named file then passes the gate
(a regular file, not a FIFO or device) and ``generator.source.media`` (its type judged by
content, images that open and fit the pixel budget, PDFs that can be cleaned, the
size limit of ``site_config.yml: max_file_mb``), each problem at the line naming it.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.check.rules.common import case_finding
from generator.check.rules.personal import find_personal_numbers
from generator.findings import Finding
from generator.messages import checks as words
from generator.model.cases import Case
from generator.source.gate import Gate, GateRefused, name_problem
from generator.source.media import inspect
from generator.source.pdfscan import OcrUnavailable, image_texts, ocr_cache_dir, pdf_texts

if TYPE_CHECKING:
    from generator.check.analysis import Analysis

_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:|/|\\\\|~)|^[a-z][a-z0-9+.-]*://", re.I)


def check(analysis: Analysis) -> Iterable[Finding]:
    """``path-missing`` / ``path-outside`` for every photo and attachment."""
    gate = analysis.project.gate
    max_bytes = int(analysis.config.max_file_mb * 1024 * 1024)
    office = tuple(analysis.config.office_numbers)
    ocr_cache = ocr_cache_dir(analysis.config.root)
    for case in analysis.cases:
        yield from case_paths(case, gate, max_bytes, office, ocr_cache)


def referenced_paths(case: Case) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every file path the case names, with where it is written."""
    for i, update in enumerate(case.progress):
        for j, photo in enumerate(update.photos):
            yield photo, ("progress", i, "photos", j)
    for i, attachment in enumerate(case.attachments):
        yield attachment.file, ("attachments", i, "file")
    if case.minutes is not None and case.minutes.file:
        yield case.minutes.file, ("minutes", "file")


def normalized(written: str) -> str:
    """The name as the site uses it: forward slashes, no ``./`` or doubled slashes."""
    text = written.strip().replace("\\", "/")
    return posixpath.normpath(text) if text else text


def case_file(case: Case, written: str, gate: Gate | None = None) -> Path | None:
    """The file ``written`` names inside the case's folder, or None when it would be
    outside it (absolute, a URL, ``..`` out of the folder, a link leading out, or a
    case folder that is a link leading out of the content folder)."""
    if _ABSOLUTE.match(written.strip().replace("\\", "/")):
        return None
    text = normalized(written)
    if not text or _ABSOLUTE.match(text) or text == ".." or text.startswith("../"):
        return None
    parts = PurePosixPath(text).parts
    folder = case.folder
    target = folder.joinpath(*parts)
    try:
        real_folder = Path(os.path.realpath(folder))
        real_target = Path(os.path.realpath(target))
    except (OSError, ValueError):
        return None
    if real_target == real_folder or real_folder not in real_target.parents:
        return None
    if gate is not None and not gate.inside(target):
        return None
    return target


def case_paths(
    case: Case,
    gate: Gate | None = None,
    max_bytes: int = 0,
    office_numbers: tuple[str, ...] = (),
    ocr_cache: Path | None = None,
) -> Iterator[Finding]:
    """Check each referenced path of ``case``; a PDF attachment's text (OCR of its
    scanned pages, kept in ``ocr_cache``) is read for personal numbers."""
    gate = gate or Gate(case.path.parent.parent)
    max_bytes = max_bytes or 20 * 1024 * 1024
    folder = case.folder.name
    for written, key in referenced_paths(case):
        mark = case.source.at(*key)
        shown = name_problem(written.strip())
        if shown:
            yield case_finding("bad-file-name", case, mark, found=shown)
            continue
        target = case_file(case, written, gate)
        if target is None:
            yield case_finding("path-outside", case, mark, found=written, folder=folder)
            continue
        refusal = gate.check_file(target)
        if refusal is not None:
            yield case_finding(refusal.code, case, mark, **refusal.params)
        elif not target.is_file():
            yield case_finding(
                "path-missing",
                case,
                mark,
                found=written,
                folder=folder,
                hint=_missing_hint(case, written),
            )
        else:
            role = "photo" if key[0] == "progress" else "attachment"
            problem = inspect(gate, target, written.strip(), role, max_bytes)
            if problem is not None:
                yield case_finding(problem.code, case, mark, **problem.params)
            elif role == "attachment":
                found = _file_numbers(gate, target, written.strip(), office_numbers, ocr_cache)
                if found is not None:
                    yield case_finding(found[0], case, mark, **found[1])


def _file_numbers(
    gate: Gate, target: Path, written: str, office: tuple[str, ...], cache: Path | None
) -> tuple[str, dict[str, object]] | None:
    """``pdf-personal`` when an attachment's text (a PDF's text layer, or OCR of its
    scanned pages and of a large image) holds a personal number,
    ``pdf-ocr-unavailable`` when a scan could not be read; the project's own detector
    decides what a personal number is."""
    is_pdf = target.suffix.lower() == ".pdf"
    try:
        data = gate.read_bytes(target)
        pages = pdf_texts(data, cache) if is_pdf else image_texts(data, cache)
    except OcrUnavailable as err:
        where = words.SCANNED_PAGE.format(page=err.page) if is_pdf else words.SCANNED_IMAGE
        return "pdf-ocr-unavailable", {"found": written, "where": where, "reason": err.reason}
    except GateRefused as refused:
        return refused.refusal.code, dict(refused.refusal.params)
    hits = [(page, n) for page in pages for n in find_personal_numbers(page.text, office)]
    if not hits:
        return None
    shown = sorted({page.page for page, _ in hits})
    pages = words.SEPARATOR.join(str(n) for n in shown[:5]) + (
        words.AND_MORE if len(shown) > 5 else ""
    )
    return "pdf-personal", {
        "found": written,
        "where": words.ON_PAGES.format(pages=pages) if is_pdf else words.ON_IMAGE,
        "count": len(hits),
        "masked": hits[0][1].masked,
        "how": words.BY_OCR if any(page.ocr for page, _ in hits) else "",
    }


def _missing_hint(case: Case, written: str) -> str:
    """A nudge for the usual slips: the folder name repeated, or the wrong letter case."""
    text = written.strip().replace("\\", "/")
    prefix = case.folder.name + "/"
    if text.startswith(prefix) and (case.folder / text[len(prefix) :]).is_file():
        return words.PATH_INSIDE_FOLDER.format(path=text[len(prefix) :])
    folder = case.folder
    if folder.is_dir():
        # Names only, links not followed, a bounded number of entries: a hint, never a walk
        # through whatever a planted link points at.
        seen = 0
        for top, _dirs, files in os.walk(folder, followlinks=False):
            for name in files:
                seen += 1
                relative = Path(top, name).relative_to(folder).as_posix()
                if relative.lower() == text.lower():
                    return words.NAME_CASE_DIFFERS.format(name=relative)
            if seen > 2000:
                break
    return words.PUT_IN_FOLDER.format(folder=folder.name)
