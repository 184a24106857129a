"""Findings in the formats CI systems show on the lines of the files.

``github``: GitHub Actions workflow commands (``::error file=…,line=…::…``), which
Gitea and Forgejo Actions read too; each finding becomes an annotation on its line in
the pull request. ``gitlab``: a GitLab Code Quality report (JSON), which GitLab shows
in the merge request when the job saves it as ``artifacts:reports:codequality``.
"""

from __future__ import annotations

import hashlib
import json

from generator.findings import Finding
from generator.messages import checks as words


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding) -> str:
    """One workflow command: ``::error file=F,line=L,col=C,title=T::message（hint）``."""
    level = "error" if finding.is_error else "warning"
    hint = words.CI_HINT.format(hint=finding.hint) if finding.hint else ""
    props = ",".join(
        [
            f"file={_property(finding.path)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={_property(finding.code)}",
        ]
    )
    return f"::{level} {props}::{_data(finding.message + hint)}"


def to_github(findings: list[Finding]) -> str:
    return "\n".join(github_line(f) for f in findings)


def to_gitlab(findings: list[Finding]) -> str:
    """A Code Quality report: errors are major issues, warnings minor ones."""
    issues = []
    for f in findings:
        hint = words.CI_HINT.format(hint=f.hint) if f.hint else ""
        key = f"{f.code}\0{f.path}\0{f.line}\0{f.column}\0{f.message}"
        issues.append(
            {
                "description": f"{f.message}{hint}",
                "check_name": f.code,
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
                "severity": "major" if f.is_error else "minor",
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
