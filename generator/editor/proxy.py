"""Decap CMS's proxy-backend protocol (what ``decap-server``'s ``localFs`` middleware
does in Node), in Python, over ``content/`` of one project.

``Proxy.handle(body)`` takes the JSON of ``POST /api/v1`` (``{"action", "params"}``)
and returns (HTTP status, JSON answer). Paths are relative to the project folder,
with forward slashes; only paths inside ``content/`` are accepted (``resolve``), and
every read and write goes through the content gate (``gate.py``): a path with ``..``,
an absolute path, a link leading out of ``content/``, a FIFO or an odd file name is
refused with a Chinese message, never followed.

A case saved (``persistEntry``) is written the one way (``casefile.canonical``) and
checked first (``checks.CaseChecker``): an error refuses the save (422 and the
findings, nothing written), warnings are saved and returned. Uploads are checked as
``check`` checks photos and attachments (``media.inspect``: HEIC, Word, broken or
oversized files refused with the very advice ``check`` gives).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path, PurePosixPath
from typing import Any

from generator.atomic import write_atomic
from generator.editor import casefile
from generator.editor.checks import CaseChecker, Positions, finding_json
from generator.findings import Finding, make
from generator.messages import editor as words
from generator.model.load import COMMUNITY_FILE
from generator.model.scaffold import next_ledger_id
from generator.source import fields
from generator.source.config import SiteConfig
from generator.source.gate import Gate, GateRefused, name_problem
from generator.source.media import EXTENSIONS, inspect

Answer = tuple[int, Any]


class Refused(Exception):
    """A request the editor will not carry out: an HTTP status and a Chinese reason."""

    def __init__(self, status: int, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra

    def answer(self) -> Answer:
        return self.status, {"error": self.message, **self.extra}


_IMAGE_SUFFIXES = {s for kind in ("jpeg", "png", "webp") for s in EXTENSIONS[kind]}


class Proxy:
    """The protocol's actions over one project's ``content/``."""

    def __init__(self, config: SiteConfig, today: dt.date, checker: CaseChecker | None = None):
        self.config, self.today = config, today
        self.root = Path(os.path.abspath(config.root))
        self.content = Path(os.path.abspath(config.content_path))
        self.gate = Gate(self.content)
        self.checker = checker or CaseChecker(config, today)
        self.loaded: dict[str, str | None] = {}  # path -> sha256 of the bytes the editor saw
        self.lock = threading.Lock()

    # --- paths -----------------------------------------------------------------------

    def resolve(self, written: Any) -> Path:
        """The file a protocol path names, inside ``content/``; ``Refused`` otherwise."""
        if not isinstance(written, str) or not written.strip():
            raise Refused(400, words.PATH_MISSING)
        text = written.strip()
        if "\\" in text or "\x00" in text or name_problem(text):
            raise Refused(403, words.PATH_BAD.format(path=text))
        posix = PurePosixPath(text)
        if posix.is_absolute() or re.match(r"^[A-Za-z]:", text) or ".." in posix.parts:
            raise Refused(403, words.PATH_OUTSIDE.format(path=text))
        path = Path(os.path.normpath(self.root / posix))
        if path != self.content and self.content not in path.parents:
            raise Refused(403, words.PATH_OUTSIDE.format(path=text))
        refusal = self.gate.check_file(path) if path.exists() else self.gate.check_folder(path)
        if refusal is None and path != self.content and not self.gate.inside(path.parent):
            refusal = self.gate.check_folder(path.parent)
        if refusal is not None:
            finding = make(refusal.code, path, **refusal.params)
            raise Refused(403, words.PATH_REFUSED.format(path=text, why=finding.message))
        return path

    def relative(self, path: Path) -> str:
        return Path(os.path.abspath(path)).relative_to(self.root).as_posix()

    def case_path(self, written: Any) -> Path:
        """A case file's path: ``content/<community>/<case>.md``."""
        path = self.resolve(written)
        if path.suffix != ".md" or path.parent.parent != self.content:
            raise Refused(403, words.NOT_A_CASE.format(path=written))
        if not (path.parent / COMMUNITY_FILE).is_file():
            raise Refused(404, words.NO_COMMUNITY.format(community=path.parent.name))
        return path

    def read(self, path: Path) -> bytes:
        try:
            return self.gate.read_bytes(path)
        except GateRefused as refused:
            finding = make(refused.refusal.code, path, **refused.refusal.params)
            raise Refused(403, finding.message) from None

    def write(self, path: Path, data: bytes) -> None:
        """Write through the gate: the folder (made if missing) must stay inside
        ``content/`` and an existing file must be one the gate reads."""
        self.resolve(self.relative(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.gate.inside(path.parent):
            raise Refused(403, words.PATH_OUTSIDE.format(path=self.relative(path)))
        write_atomic(path, data)

    # --- the protocol ---------------------------------------------------------------

    def handle(self, body: Any) -> Answer:
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            return 400, {"error": words.BAD_REQUEST}
        params = body.get("params") or {}
        if not isinstance(params, dict):
            return 400, {"error": words.BAD_REQUEST}
        action = getattr(self, "do_" + body["action"], None)
        if action is None:
            return 422, {"error": f"Unknown action {body['action']}"}
        try:
            with self.lock:
                return action(params)
        except Refused as refused:
            return refused.answer()
        except (KeyError, TypeError, ValueError) as err:
            error = f"{type(err).__name__}: {err}"
            return 400, {
                "error": words.BAD_REQUEST_DETAIL.format(request=words.BAD_REQUEST, error=error)
            }

    def do_info(self, params: dict[str, Any]) -> Answer:
        return 200, {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _entry(self, written: str, label: Any = None) -> dict[str, Any]:
        path = self.resolve(written)
        try:
            data = self.read(path)
        except OSError:
            return {"data": None, "file": {"path": written, "label": label, "id": None}}
        digest = hashlib.sha256(data).hexdigest()
        self.loaded[self.relative(path)] = digest
        return {
            "data": data.decode("utf-8", "replace"),
            "file": {"path": self.relative(path), "label": label, "id": digest},
        }

    def _list(self, folder: Path, extension: str, depth: int) -> list[Path]:
        found: list[Path] = []
        if depth <= 0 or not folder.is_dir() or self.gate.check_folder(folder) is not None:
            return found
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            if entry.name.startswith(".") or entry.is_symlink() or name_problem(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                found += self._list(path, extension, depth - 1)
            elif entry.is_file(follow_symlinks=False) and entry.name.endswith(extension):
                found.append(path)
        return found

    def do_entriesByFolder(self, params: dict[str, Any]) -> Answer:
        folder = self.resolve(params["folder"])
        extension = str(params.get("extension") or "")
        depth = int(params.get("depth") or 1)
        paths = self._list(folder, extension, min(depth, 20))
        return 200, [self._entry(self.relative(p)) for p in paths]

    def do_entriesByFiles(self, params: dict[str, Any]) -> Answer:
        return 200, [self._entry(f["path"], f.get("label")) for f in params["files"]]

    def do_getEntry(self, params: dict[str, Any]) -> Answer:
        return 200, self._entry(params["path"])

    def do_persistEntry(self, params: dict[str, Any]) -> Answer:
        data_files = params.get("dataFiles") or [params["entry"]]
        if len(data_files) != 1:
            raise Refused(422, words.ONE_CASE)
        data_file = data_files[0]
        if data_file.get("newPath") and data_file["newPath"] != data_file["path"]:
            raise Refused(422, words.NO_RENAME)
        asked = self.case_path(data_file["path"])
        path = asked if asked.exists() else self.new_case_path(asked)
        self.check_unchanged(path)
        text = casefile.canonical(str(data_file["raw"]))
        assets = [self.moved(a, asked, path) for a in params.get("assets") or []]
        written = self._save_assets(path, assets)
        findings = self.checker.check(path, text)
        shown = [finding_json(f, Positions(text)) for f in findings]
        if any(f.is_error for f in findings):
            for made in written:  # files first, then the folders made for them
                with contextlib.suppress(OSError):
                    made.rmdir() if made.is_dir() else made.unlink()
            return 422, {
                "error": words.SAVE_REFUSED.format(n=sum(f.is_error for f in findings)),
                "findings": shown,
            }
        data = text.encode("utf-8")
        self.write(path, data)
        self.loaded[self.relative(path)] = hashlib.sha256(data).hexdigest()
        return 200, {
            "message": "entry persisted",
            "path": self.relative(path),
            "slug": path.stem,
            "findings": shown,
        }

    def new_case_path(self, path: Path) -> Path:
        """Where a new case is written: its own name when that is a free ledger number of
        this year, else the next one, chosen as ``noticeboard new case`` chooses it."""
        chosen = next_ledger_id(path.parent, self.today.year)
        if fields.CASE_ID.fullmatch(path.stem) and path.stem == chosen:
            return path
        return path.parent / f"{chosen}.md"

    def moved(self, asset: dict[str, Any], asked: Path, path: Path) -> dict[str, Any]:
        """An asset of a new case sent for the folder of the name Decap gave it
        (``content/<c>/new/a.jpg``), moved to the folder of its ledger number."""
        written = asset.get("path")
        old = self.relative(asked.with_suffix("")) + "/"
        if asked == path or not isinstance(written, str) or not written.startswith(old):
            return asset
        return {**asset, "path": self.relative(path.with_suffix("")) + "/" + written[len(old) :]}

    def check_unchanged(self, path: Path) -> None:
        """409 when the file on disk is no longer what the editor loaded (someone else's
        edit): it is shown, never overwritten."""
        relative = self.relative(path)
        if relative not in self.loaded or not path.exists():
            return
        now = hashlib.sha256(self.read(path)).hexdigest()
        if now != self.loaded[relative]:
            raise Refused(409, words.CHANGED_ON_DISK.format(path=relative))

    def _save_assets(self, case: Path, assets: list[dict[str, Any]]) -> list[Path]:
        """Check every asset first, then write them; the paths newly written."""
        checked = [(self.media_path(case, a["path"]), self.decode(a)) for a in assets]
        for path, data in checked:
            self.refuse_media(path, data)
        written: list[Path] = []
        folders: list[Path] = []
        for path, data in checked:
            for folder in (path.parent, *path.parent.parents):
                if folder.exists() or folder == self.content:
                    break
                if folder not in folders:
                    folders.append(folder)
            if not path.exists():
                written.append(path)
            self.write(path, data)
        return written + sorted(folders, key=lambda f: len(f.parts), reverse=True)

    def media_path(self, case: Path | None, written: Any) -> Path:
        """An upload's path: inside a case's own folder ``content/<community>/<case>/``."""
        path = self.resolve(written)
        folder = path.parent
        inside_case = folder.parent.parent == self.content and fields.CASE_ID.fullmatch(folder.name)
        if not inside_case or (case is not None and folder != case.with_suffix("")):
            raise Refused(403, words.MEDIA_FOLDER.format(path=written))
        return path

    @staticmethod
    def decode(asset: dict[str, Any]) -> bytes:
        content = asset.get("content", "")
        if asset.get("encoding") == "base64":
            try:
                return base64.b64decode(content, validate=False)
            except (binascii.Error, ValueError):
                raise Refused(400, words.BAD_REQUEST) from None
        return str(content).encode("utf-8")

    def media_findings(self, path: Path, data: bytes) -> list[Finding]:
        """What ``check`` would say of this file as a case's photo or attachment."""
        role = "photo" if path.suffix.lower() in _IMAGE_SUFFIXES else "attachment"
        max_bytes = int(self.config.max_file_mb * 1024 * 1024)
        self.checker.scratch.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.checker.scratch))
        try:
            shown = scratch / path.name
            shown.write_bytes(data)
            problem = inspect(Gate(scratch), shown, path.name, role, max_bytes)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if problem is None:
            return []
        return [make(problem.code, path, **problem.params)]

    def refuse_media(self, path: Path, data: bytes) -> None:
        findings = self.media_findings(path, data)
        if findings:
            raise Refused(
                422,
                words.MEDIA_REFUSED.format(name=path.name),
                findings=[finding_json(f) for f in findings],
            )

    def _media(self, path: Path) -> dict[str, Any]:
        data = self.read(path)
        return {
            "id": hashlib.sha256(data).hexdigest(),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": self.relative(path),
            "name": path.name,
        }

    def do_getMedia(self, params: dict[str, Any]) -> Answer:
        folder = self.resolve(params["mediaFolder"])
        return 200, [self._media(p) for p in self._list(folder, "", 1) if p.suffix != ".md"]

    def do_getMediaFile(self, params: dict[str, Any]) -> Answer:
        return 200, self._media(self.resolve(params["path"]))

    def do_persistMedia(self, params: dict[str, Any]) -> Answer:
        asset = params["asset"]
        path = self.media_path(None, asset["path"])
        data = self.decode(asset)
        self.refuse_media(path, data)
        self.write(path, data)
        return 200, self._media(path)

    def _delete(self, written: str) -> None:
        path = self.resolve(written)
        if path.suffix == ".md" or path.name == COMMUNITY_FILE:
            raise Refused(403, words.NO_DELETE.format(path=written))
        self.media_path(None, written)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    def do_deleteFile(self, params: dict[str, Any]) -> Answer:
        self._delete(params["path"])
        return 200, {"message": f"deleted file {params['path']}"}

    def do_deleteFiles(self, params: dict[str, Any]) -> Answer:
        for written in params["paths"]:
            self._delete(written)
        return 200, {"message": "deleted files " + ", ".join(params["paths"])}

    def do_getDeployPreview(self, params: dict[str, Any]) -> Answer:
        return 200, None
