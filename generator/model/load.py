"""Files to model: read ``content/`` into communities and cases, with findings for
everything that cannot be read as docs/format.md says. Never raises for bad content.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.buildcache import FileCache
from generator.findings import Finding, make
from generator.messages import checks as words
from generator.model.cases import (
    Allowance,
    Attachment,
    Attendance,
    Case,
    Community,
    CouncilMember,
    Evaluation,
    Meeting,
    Minutes,
    Notice,
    Outcome,
    Participant,
    Plan,
    ProgressUpdate,
    Proposed,
    Referral,
    Result,
    Source,
    Supervision,
    Vote,
)
from generator.model.withdrawn import KEYS as WITHDRAWN_KEYS
from generator.model.withdrawn import WITHDRAWN_FILE, read_withdrawn
from generator.source import fields
from generator.source.config import SiteConfig
from generator.source.gate import Gate, GateRefused, read_upto
from generator.source.textfile import MAX_FILE_BYTES, YamlProblem, decode_bytes, unreadable_reason
from generator.source.typing_slips import typing_mistakes
from generator.source.validate import Validation, validate
from generator.source.yamlsource import Doc, LazyDoc, parse_yaml_text, split_front_matter

COMMUNITY_FILE = "community.yml"
COMMUNITY_ID, CASE_ID = fields.COMMUNITY_ID, fields.CASE_ID  # declared with the fields
# Top-level addresses the site itself uses; a community there would hide them.
# An id ending in -all would collide with another community's poster bundle.
RESERVED_COMMUNITY_IDS = frozenset(
    {"assets", "search", "posters", "tracker", "stats", "data", "pagefind"}
)


def community_id_problem(community_id: str) -> str | None:
    """Why ``community_id`` cannot be used (a Chinese hint), or None when it can."""
    if not COMMUNITY_ID.fullmatch(community_id):
        return words.COMMUNITY_ID_FORM
    if community_id in RESERVED_COMMUNITY_IDS or community_id.endswith("-all"):
        return words.COMMUNITY_ID_RESERVED.format(community_id=community_id)
    return None


# Files the operating system or an editor leaves behind; never content.
_IGNORED = re.compile(r"^(\.|~\$|Thumbs\.db$|desktop\.ini$)", re.I)

_CASE_KEYS = fields.all_keys(fields.CASE)
_COMMUNITY_KEYS = fields.all_keys(fields.COMMUNITY)


@dataclass
class SourceFile:
    """A clerk's file as text, kept for the rules that scan raw text (personal
    numbers, unsafe markup). ``text`` is None when the file could not be read."""

    path: Path
    kind: str  # "community" or "case"
    community: str
    case: str | None
    text: str | None
    doc: Doc | None = None  # the parsed YAML, for the checks on decoded values
    # Findings of the rules that read only this file, by rule (``rules.common.scanned``):
    # kept with the file in the build cache, so an unchanged file is not scanned again.
    scans: dict[str, tuple[Finding, ...]] = field(default_factory=dict)


@dataclass
class Project:
    """Everything under the content folder that could be read, and what could not."""

    config: SiteConfig
    communities: list[Community] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    gate: Gate = field(init=False)
    _by_id: tuple[tuple[int, int], dict[str, Community]] = field(
        default=((0, -1), {}), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Every read of content/ (here, in the rules, the site and the posters) goes through it.
        self.gate = Gate(self.config.content_path)

    @property
    def cases(self) -> list[Case]:
        return [case for community in self.communities for case in community.cases]

    def community(self, community_id: str) -> Community | None:
        # A dict made once per list (pages ask once per case: a scan was quadratic).
        stamp = (id(self.communities), len(self.communities))
        if self._by_id[0] != stamp:
            by_id: dict[str, Community] = {}
            for c in self.communities:
                by_id.setdefault(c.id, c)
            self._by_id = (stamp, by_id)
        found = self._by_id[1].get(community_id)
        return found if found is not None and found.id == community_id else None

    def find_case(self, key: str) -> Case | None:
        """A case by ``community-id/case-id``."""
        community_id, _, case_id = key.partition("/")
        community = self.community(community_id)
        return community.case(case_id) if community else None

    def release_docs(self) -> None:
        """Let go of every parsed YAML document once the rules are done with them (a
        mark per value: about 20 KB a case, held for the whole build otherwise). Each
        file and model keeps a ``LazyDoc`` of its text, parsed again if a position is
        asked for later."""
        light: dict[Path, LazyDoc] = {}
        for source in self.files:
            if source.doc is None or source.text is None:
                continue
            if isinstance(source.doc, LazyDoc):
                source.doc.release()
            else:
                source.doc = LazyDoc(source.text, front_matter=source.kind == "case")
            light[source.path] = source.doc
        for community in self.communities:
            for model in (community, *community.cases):
                doc = light.get(model.source.path)
                if doc is not None and model.source.doc is not doc:
                    model.source = Source(model.source.path, doc)


def community_folders(project: Project) -> list[Path]:
    """The community folders under the content folder, in order; what is wrong with
    the content folder itself or a folder in it goes to ``project.findings``."""
    config = project.config
    content = config.content_path
    if not content.is_dir():
        project.findings.append(make("community-missing", content, folder=config.content_dir))
        return []
    if content.is_symlink() and not Gate(config.root).inside(content):
        # The content folder itself, committed as a link to somewhere on the build machine.
        project.findings.append(make("link-outside", content, found=config.content_dir))
        return []
    folders = []
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        if not _IGNORED.match(folder.name):
            if _refused(folder, project, folder.name, None):
                continue
            folders.append(folder)
        elif folder.name.startswith(".") and (folder / COMMUNITY_FILE).is_file():
            # A hidden community would vanish from the site without a word.
            name = folder.name.lstrip(".")
            project.findings.append(make("hidden-community", folder, found=folder.name, name=name))
    return folders


def load_case_file(path: Path, community_id: str, config: SiteConfig) -> Case | None:
    """One case file read on its own (e.g. an old revision written to a temporary
    ``<folder>/<community>/<case>.md``): the case, or None when it does not load
    cleanly. The gate is that folder's."""
    project = Project(config=config)
    project.gate = Gate(path.parent.parent)
    return _load_case(path, community_id, project)


def load_folder(
    folder: Path,
    config: SiteConfig,
    cache: FileCache | None = None,
    *,
    gate: Gate | None = None,
    extra: tuple[Path, ...] = (),
) -> Project:
    """One community folder read on its own: its files, findings and community.

    ``gate``: read through this gate instead (the editor's, which shows an unsaved
    case in place of its file); ``extra``: files to read as if they were in the folder
    (an unsaved new case)."""
    part = Project(config=config)
    if gate is not None:
        part.gate = gate
    _load_community_folder(folder, part, cache, extra)
    return part


def _cached(
    cache: FileCache | None, path: Path, kind: str, load: Callable[[Project], Any], project: Project
) -> Any:
    """``load(project)``, or what it gave last time for the same bytes at ``path``.

    The bytes are read through the gate; a path it refuses is never cached.
    """
    if cache is None:
        return load(project)
    if (path, kind) not in cache.keys and project.gate.check_file(path) is not None:
        return load(project)  # (a key already made this run was read through the gate)

    def compute() -> tuple[list[SourceFile], list[Finding], Any]:
        part = Project(config=project.config)
        part.gate = project.gate
        model = load(part)
        text = part.files[0].text if part.files else None
        if text is not None:  # documents parsed again only if asked for: light to pickle
            lazy = LazyDoc(text, front_matter=kind == "case", parsed=part.files[0].doc)
            if model is not None:
                model.source = Source(model.source.path, lazy)
            if part.files[0].doc is not None:
                part.files[0].doc = lazy
        return part.files, part.findings, model

    files, findings, model = cache.load(path, kind, compute, read_for_key(project.gate))
    project.files += files
    project.findings += findings
    if isinstance(model, Community):  # its list of cases is filled in by this build
        model = dataclasses.replace(model, cases=[])
    return model


def read_for_key(gate: Gate) -> Callable[[Path], bytes]:
    """How the cache reads a file to know its content: through the gate, size-limited."""
    return lambda path: gate.read_bytes(path, MAX_FILE_BYTES + 1)


def _load_community_folder(
    folder: Path, project: Project, cache: FileCache | None = None, extra: tuple[Path, ...] = ()
) -> None:
    community_id = folder.name
    problem = community_id_problem(community_id)
    if problem:
        project.findings.append(make("bad-community-id", folder, found=community_id, hint=problem))
        return
    community = _cached(
        cache,
        folder / COMMUNITY_FILE,
        "community",
        lambda p: _load_community(folder, community_id, p),
        project,
    )
    for path in sorted({*folder.iterdir(), *extra}):
        if _IGNORED.match(path.name) or path.name == COMMUNITY_FILE:
            continue
        if _refused(path, project, community_id, None, folder=path.is_dir()) or path.is_dir():
            continue
        if path.name == WITHDRAWN_FILE:
            _load_withdrawn(path, community_id, community, project)
            continue
        if path.suffix.lower() == ".md":
            case = _cached(
                cache, path, "case", lambda p, path=path: _load_case(path, community_id, p), project
            )
            if case is not None and community is not None:
                community.cases.append(case)
        elif path.name.lower().endswith((".md.txt", ".txt")) or path.suffix.lower() in (
            ".yml",
            ".yaml",
        ):
            _report_misnamed(path, project)
    if community is not None:
        community.cases.sort(key=lambda c: c.ledger)
        _check_withdrawn(community, project)
        project.communities.append(community)


def _check_withdrawn(community: Community, project: Project) -> None:
    """A tombstone and a case file for the same number: which one is meant?"""
    ledgers = {case.ledger: case for case in community.cases}
    for tomb in community.withdrawn:
        year, number = tomb.case_id.split("-")
        case = ledgers.get((int(year), int(number)))
        if case is not None:
            project.findings.append(
                make(
                    "withdrawn-still-present",
                    tomb.path,
                    tomb.line,
                    community=community.id,
                    case=tomb.case_id,
                    file=case.path.name,
                )
            )


def _load_withdrawn(
    path: Path, community_id: str, community: Community | None, project: Project
) -> None:
    read = _read_doc(path, project, "withdrawn", community_id, None, front_matter=False)
    if read is None:
        return
    tombstones, findings = read_withdrawn(
        read[0], path, community_id, lambda case_id: bool(CASE_ID.match(case_id))
    )
    project.findings.extend(findings)
    if community is not None:
        community.withdrawn = tombstones


def _refused(
    path: Path, project: Project, community: str, case: str | None, folder: bool = True
) -> bool:
    """Report and skip a path the gate will not read (a link leading out of the content
    folder, a FIFO or device, a name with a line break)."""
    gate = project.gate
    refusal = gate.check_folder(path) if folder else gate.check_file(path)
    if refusal is None:
        return False
    project.findings.append(
        make(refusal.code, path, community=community, case=case, **refusal.params)
    )
    return True


def _read_text(path: Path, gate: Gate) -> str:
    """A clerk's file as text, read through the gate (YamlProblem for anything else)."""
    try:
        with gate.open(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise YamlProblem(
                    "file-too-large", size_kb=size // 1024, limit_kb=MAX_FILE_BYTES // 1024
                )
            data = read_upto(f, MAX_FILE_BYTES, size)
    except GateRefused as refused:
        raise YamlProblem(refused.refusal.code, **refused.refusal.params) from None
    except OSError as err:
        raise YamlProblem("unreadable", reason=unreadable_reason(err)) from None
    return decode_bytes(data)


def _report_misnamed(path: Path, project: Project) -> None:
    name = path.name.lower()
    community = path.parent.name
    if name.endswith((".md.txt", ".yml.txt")):
        project.findings.append(
            make("hidden-extension", path, found=path.name, community=community)
        )
    elif name in ("community.yaml", "community.txt"):
        project.findings.append(
            make("community-missing", path, folder=community, community=community)
        )
    elif name.endswith(".txt"):
        project.findings.append(make("bad-case-id", path, found=path.name, community=community))


def _read_doc(
    path: Path, project: Project, kind: str, community: str, case: str | None, front_matter: bool
) -> tuple[Doc, str, int] | None:
    """Read and parse one file; report and return None when it is unusable.

    Returns the YAML document, the Markdown body ("" for community.yml) and the
    line where the body starts.
    """
    known = _CASE_KEYS if front_matter else _COMMUNITY_KEYS
    if kind == "withdrawn":
        known = set(WITHDRAWN_KEYS)
    record = SourceFile(path, kind, community, case, None)
    project.files.append(record)

    def report(problem: YamlProblem) -> None:
        project.findings.append(
            make(
                problem.code,
                path,
                problem.line,
                problem.column,
                community=community,
                case=case,
                at_line=problem.line,
                **problem.params,
            )
        )

    try:
        text = _read_text(path, project.gate)
    except YamlProblem as problem:
        report(problem)
        return None
    record.text = text
    if not text.strip():
        report(YamlProblem("empty-file"))
        return None
    body, body_line, yaml_text, first_line = "", 1, text, 1
    try:
        if front_matter:
            split = split_front_matter(text)
            body, body_line, yaml_text, first_line = (
                split.body,
                split.body_first_line,
                split.yaml_text,
                2,
            )
    except YamlProblem as problem:
        report(problem)
        return None
    slips = typing_mistakes(yaml_text, known, first_line)
    if slips:
        # The parser's own complaint would point somewhere later and say less.
        for problem in slips:
            report(problem)
        return None
    try:
        doc = parse_yaml_text(yaml_text, first_line)
    except YamlProblem as problem:
        report(problem)
        return None
    record.doc = doc
    for dup_path, mark in doc.duplicate_keys:
        project.findings.append(
            make(
                "yaml-duplicate-key",
                path,
                mark.line,
                mark.column,
                community=community,
                case=case,
                key=dup_path[-1],
            )
        )
    return doc, body, body_line


def _load_community(folder: Path, community_id: str, project: Project) -> Community | None:
    path = folder / COMMUNITY_FILE
    if _refused(path, project, community_id, None, folder=False):
        return None
    if not path.is_file():
        project.findings.append(
            make("community-missing", folder, folder=community_id, community=community_id)
        )
        return None
    read = _read_doc(path, project, "community", community_id, None, front_matter=False)
    if read is None:
        return None
    doc, _, _ = read
    v = Validation(path, doc, project.config.lists, community=community_id)
    data = validate(doc.value, fields.COMMUNITY, v)
    project.findings.extend(v.findings)
    if v.findings or data is None:
        return None
    council = data.get("council", {})
    members = council.get("members")
    return Community(
        id=community_id,
        name=data["name"],
        kind=data["kind"],
        town=data["town"],
        source=Source(path, doc),
        county=data.get("county"),
        households=data.get("households"),
        residents=data.get("residents"),
        representatives=data.get("representatives"),
        records_from=data.get("records_from"),
        board=data.get("board"),
        contact=data.get("contact"),
        council_term=council.get("term"),
        members=None if members is None else tuple(_build(CouncilMember, m) for m in members),
        description=data.get("description", ""),
    )


def _build(cls: Callable[..., Any], data: dict[str, Any], **renames: str) -> Any:
    kwargs = {renames.get(k, k): v for k, v in data.items()}
    return cls(**kwargs)


def _load_case(path: Path, community_id: str, project: Project) -> Case | None:
    case_id = path.stem
    if not CASE_ID.fullmatch(case_id):
        project.findings.append(make("bad-case-id", path, found=path.name, community=community_id))
        return None
    read = _read_doc(path, project, "case", community_id, case_id, front_matter=True)
    if read is None:
        return None
    doc, body, body_line = read
    v = Validation(path, doc, project.config.lists, community=community_id, case=case_id)
    data = validate(doc.value, fields.CASE, v)
    if data is not None:
        _check_blocks(data, doc.value, v)
    project.findings.extend(v.findings)
    if v.findings or data is None:
        return None
    return _build_case(case_id, community_id, data, Source(path, doc), body, body_line)


def _items(value: Any) -> list[Any]:
    """A list field's items; nothing when it is not a list (its type is reported elsewhere)."""
    return value if isinstance(value, list) else []


def _check_blocks(data: dict[str, Any], raw: dict[str, Any], v: Validation) -> None:
    """Rules that tie fields together: what a block needs once it is present."""
    if "meeting" in raw and not raw.get("participants"):
        v.report(
            "required-missing",
            ("meeting",),
            key_line=True,
            label=fields.label(fields.CASE, "participants"),
            key="participants",
            hint=words.PARTICIPANTS_FOR_MEETING,
        )
    for i, p in enumerate(_items(raw.get("participants"))):
        if isinstance(p, dict):
            has_name, has_count = p.get("name") is not None, p.get("count") is not None
            if has_name == has_count:
                found = words.NAME_AND_COUNT_BOTH if has_name else words.NAME_AND_COUNT_NEITHER
                v.report("participant-name-count", ("participants", i), key_line=True, found=found)
    for i, r in enumerate(_items(raw.get("referrals"))):
        if isinstance(r, dict) and r.get("reply") is not None and r.get("replied") is None:
            v.report("reply-without-replied", ("referrals", i, "reply"), key_line=True)
    outcome = raw.get("outcome")
    if isinstance(outcome, dict):
        no_meeting = outcome.get("result") in ("withdrawn", "declined")
        if "meeting" not in raw and not no_meeting:
            v.report("outcome-without-meeting", ("outcome",), key_line=True)
        attendance = raw.get("attendance")
        present = attendance.get("present") if isinstance(attendance, dict) else None
        if not no_meeting and present is None:
            v.report("attendance-missing", ("outcome",), key_line=True)
        if outcome.get("result") == "declined" and "meeting" in raw:
            v.report("declined-with-meeting", ("outcome", "result"))
    minutes = raw.get("minutes")
    if isinstance(minutes, dict) and not minutes.get("file") and not minutes.get("kept_at"):
        v.report("minutes-empty", ("minutes",), key_line=True)


def _build_case(
    case_id: str, community_id: str, d: dict[str, Any], source: Source, body: str, body_line: int
) -> Case:
    outcome = d.get("outcome")
    return Case(
        id=case_id,
        community_id=community_id,
        title=d["title"],
        category=d["category"],
        form=d["form"],
        proposed=_build(Proposed, d["proposed"]),
        source=source,
        body=body,
        body_first_line=body_line,
        notice=_build(Notice, d["notice"]) if "notice" in d else None,
        meeting=_build(Meeting, d["meeting"]) if "meeting" in d else None,
        participants=tuple(_build(Participant, p) for p in d.get("participants", [])),
        attendance=_build(Attendance, d["attendance"]) if "attendance" in d else None,
        outcome=None
        if outcome is None
        else Outcome(
            date=outcome["date"],
            result=Result(outcome["result"]),
            summary=outcome["summary"],
            vote=_build(Vote, outcome["vote"], **{"for": "for_"}) if "vote" in outcome else None,
            filed=outcome.get("filed"),
            published=outcome.get("published"),
            explained=outcome.get("explained"),
            notified=outcome.get("notified"),
        ),
        referrals=tuple(_build(Referral, r) for r in d.get("referrals", [])),
        progress=tuple(
            ProgressUpdate(
                date=p["date"],
                percent=p["percent"],
                note=p.get("note"),
                photos=tuple(p.get("photos", [])),
            )
            for p in d.get("progress", [])
        ),
        evaluation=_build(Evaluation, d["evaluation"]) if "evaluation" in d else None,
        related=tuple(d.get("related", [])),
        attachments=tuple(_build(Attachment, a) for a in d.get("attachments", [])),
        moved_from=tuple(d.get("moved_from", [])),
        plan=_build(Plan, d["plan"]) if "plan" in d else None,
        minutes=_build(Minutes, d["minutes"]) if "minutes" in d else None,
        supervision=_build(Supervision, d["supervision"]) if "supervision" in d else None,
        allowance=_build(Allowance, d["allowance"]) if "allowance" in d else None,
    )
