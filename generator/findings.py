"""Findings: what the checker says about the files, one per problem."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from generator.messages import CODES, render
from generator.messages import cli as words


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def chinese(self) -> str:
        return words.SEVERITY_ERROR if self is Severity.ERROR else words.SEVERITY_WARNING


@dataclass(frozen=True)
class Finding:
    """One problem in one file, at a line and column (1-based).

    ``public`` findings are also shown to residents on the site (e.g. a late reply).
    ``community`` and ``case`` say which page a public finding belongs to.
    """

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    hint: str
    public: bool = False
    community: str | None = None
    case: str | None = None
    public_text: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        hint = words.FINDING_HINT.format(hint=self.hint) if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity.chinese} {self.code} {self.message}{hint}"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            "path": data["path"],
            "line": data["line"],
            "column": data["column"],
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def make(
    code: str,
    path: Path | str,
    line: int = 1,
    column: int = 1,
    *,
    community: str | None = None,
    case: str | None = None,
    binding: bool = True,
    **params: Any,
) -> Finding:
    """Build the finding for ``code`` from the message catalogue, filling in ``params``.

    ``binding=False``: the rule's source does not bind the county (``generator.source.policies``),
    so even a public code stays with the clerk."""
    info = CODES[code]
    # The finding's own community and case may be named in its words too ({case}).
    named = {k: v for k, v in (("community", community), ("case", case)) if v is not None}
    params = {k: printable(v) if isinstance(v, str) else v for k, v in {**named, **params}.items()}
    message, hint, public_text = render(code, params)
    return Finding(
        code=code,
        severity=Severity(info.severity),
        path=display_path(path),
        line=line,
        column=column,
        message=message,
        hint=hint,
        public=info.public and binding,
        community=community,
        case=case,
        public_text=public_text,
    )


# Line breaks, control characters and lone surrogates in what a clerk wrote (a YAML
# key with a line feed, an escaped "\ud800") would break a finding's one line (and
# let text pose as a CI command such as "::error" or "::add-mask::") or fail to print.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with each line break, control character and lone surrogate written as
    its escape (``\\n``, ``\\u0007``): every output format (text, JSON, GitHub,
    GitLab) shows one finding on one line."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text
    )


def display_path(path: Path | str) -> str:
    """Paths in findings are relative to the working folder, with forward slashes."""
    return _display_path(str(path), os.getcwd())


@functools.lru_cache(maxsize=65536)
def _display_path(path: str, cwd: str) -> str:
    # Kept per (path, working folder): a check of 10,000 cases names the same files
    # in thousands of findings, and resolve() costs a system call per folder.
    # Not resolve(): a file that is a symbolic link is named as the clerk sees it.
    plain = os.path.abspath(path)
    inside = cwd.rstrip(os.sep) + os.sep
    if plain.startswith(inside) and plain != inside:  # the common case, without Path
        return plain[len(inside) :].replace(os.sep, "/")
    p = Path(path)
    absolute = Path(plain)
    with contextlib.suppress(ValueError):
        return absolute.relative_to(Path(cwd)).as_posix()
    with contextlib.suppress(
        ValueError, OSError
    ):  # resolved only when needed (a system call per folder)
        return (absolute.parent.resolve() / p.name).relative_to(Path(cwd).resolve()).as_posix()
    return absolute.as_posix()


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


def summary_line(findings: list[Finding], files: int) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return words.CHECKED_CLEAN.format(files=files)
    return words.CHECKED.format(files=files, errors=errors, warnings=warnings)


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)


def within_path(path: Path | str, folders: Iterable[Path]) -> bool:
    """Whether ``path`` (as findings name it) is one of ``folders`` or inside one."""
    here = Path(os.path.abspath(path))
    for folder in folders:
        there = Path(os.path.abspath(folder))
        if here == there or there in here.parents:
            return True
    return False


def within(findings: Iterable[Finding], folders: Iterable[Path]) -> list[Finding]:
    """The findings about files in ``folders`` (files or folders), in their order."""
    folders = list(folders)
    return [f for f in findings if within_path(f.path, folders)]
