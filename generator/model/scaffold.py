"""``noticeboard new``: write a community.yml or a case file from a commented template."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.errors import UserError
from generator.messages import cli as words
from generator.model.cases import resident_word
from generator.model.load import CASE_ID, COMMUNITY_FILE, community_id_problem
from generator.source import fields
from generator.source import policies as sources
from generator.source.config import SiteConfig

TEMPLATES = Path(__file__).parent / "templates"
_LEDGER_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2,3})\b")


# The two kinds of community (the values of community.yml's kind).
COMMUNITY, VILLAGE = (value for value, _ in fields.KINDS)
# The examples in a new case file, in the words of a 社区 or of a 村.
CASE_WORDS = {COMMUNITY: words.CASE_EXAMPLES_COMMUNITY, VILLAGE: words.CASE_EXAMPLES_VILLAGE}
# community.yml says kind: 村 (read before the file is checked, so by its line)
_VILLAGE_LINE = re.compile(rf"^kind:\s*{re.escape(VILLAGE)}\s*(#.*)?$", re.M)


class ScaffoldError(UserError):
    """A Chinese message saying why nothing was written."""


def note(spec: fields.Field, path: str) -> str:
    """A template's comment on the field at dotted ``path``: its label and hint from
    ``fields.py``, so a template never says something else (tests/test_scaffold.py)."""
    field = fields.field_at(spec, tuple(path.split(".")))
    return (
        words.FIELD_NOTE.format(label=field.label, help=field.help) if field.help else field.label
    )


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML and Markdown, not HTML
    )


def _write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(words.FILE_EXISTS.format(name=path.name, path=path)) from None
    return path


def new_community_file(
    config: SiteConfig, community_id: str, *, name: str | None, kind: str, town: str | None
) -> Path:
    """Create ``content/<id>/community.yml``; refuse a bad id or an existing file."""
    problem = community_id_problem(community_id)
    if problem:
        raise ScaffoldError(words.BAD_COMMUNITY_ID.format(community=community_id, problem=problem))
    text = (
        _env()
        .get_template("community.yml.j2")
        .render(
            name=name,
            kind=kind,
            town=town,
            county=config.county,
            groups=words.LIST_SEPARATOR.join(config.lists.council_groups),
            note=lambda path: note(fields.COMMUNITY, path),
        )
    )
    return _write_new(config.content_path / community_id / COMMUNITY_FILE, text)


def next_ledger_id(folder: Path, year: int) -> str:
    """The next free ledger number of ``year`` in a community folder, e.g. ``2026-04``.

    Numbers used by existing files and by their ``moved_from`` entries are taken:
    an old address stays in use by its redirect, and printed QR codes point at it.
    """
    used: set[int] = set()
    if folder.is_dir():
        for path in folder.iterdir():
            if path.suffix.lower() == ".md" and CASE_ID.match(path.stem):
                file_year, number = path.stem.split("-")
                if int(file_year) == year:
                    used.add(int(number))
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                moved = text.split("moved_from", 1)[1][:500] if "moved_from" in text else ""
                used.update(int(n) for y, n in _LEDGER_IN_TEXT.findall(moved) if int(y) == year)
    number = max(used, default=0) + 1
    return f"{year}-{number:02d}" if number < 100 else f"{year}-{number:03d}"


def new_case_file(
    config: SiteConfig, community_id: str, today: dt.date, *, title: str | None
) -> Path:
    """Create ``content/<community>/<YYYY-NN>.md`` with the next free ledger number."""
    problem = community_id_problem(community_id)  # also keeps the file inside content/
    if problem:
        raise ScaffoldError(words.BAD_COMMUNITY_ID.format(community=community_id, problem=problem))
    folder = config.content_path / community_id
    if not (folder / COMMUNITY_FILE).is_file():
        raise ScaffoldError(
            words.NO_SUCH_COMMUNITY.format(community=community_id, path=folder / COMMUNITY_FILE)
        )
    community_yml = (folder / COMMUNITY_FILE).read_text("utf-8", "replace")
    kind = VILLAGE if _VILLAGE_LINE.search(community_yml) else COMMUNITY
    case_id = next_ledger_id(folder, today.year)
    text = (
        _env()
        .get_template("case.md.j2")
        .render(
            community_id=community_id,
            case_id=case_id,
            title=title or "",
            today=today.isoformat(),
            categories=words.LIST_SEPARATOR.join(config.lists.categories),
            forms=words.LIST_SEPARATOR.join(config.lists.forms),
            channels=words.LIST_SEPARATOR.join(config.lists.channels),
            groups=words.LIST_SEPARATOR.join(config.lists.participant_groups),
            notice_min=config.rules.notice_min_workdays,
            notice_source=sources.threshold(
                config, "notice_min_workdays", config.rules.notice_min_workdays
            ).text,
            results=words.LIST_SEPARATOR.join(
                words.RESULT_CHOICE.format(key=key, label=label) for key, label in fields.RESULTS
            ),
            referral_kinds=words.REFERRAL_KINDS_SEPARATOR.join(
                words.REFERRAL_KIND_CHOICE.format(key=key, label=label)
                for key, label in fields.REFERRAL_KINDS
            ),
            resident=resident_word(kind),
            w=CASE_WORDS[kind],
            note=lambda path: note(fields.CASE, path),
        )
    )
    return _write_new(folder / f"{case_id}.md", text)
