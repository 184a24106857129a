"""The rules of docs/format.md, one module per family, each a pure function of the
model returning findings. ``run_rules`` runs them all.

Semantic rules see only the cases that loaded cleanly (``analysis.cases``); the
text-scanning rules (personal numbers, unsafe markup) read every file's raw text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from generator.check.rules import (
    community,
    dates,
    glyphs,
    ids,
    implementation,
    markup,
    meeting,
    notice,
    numbers,
    paths,
    personal,
    referrals,
    values,
)
from generator.findings import Finding

if TYPE_CHECKING:
    from generator.check.analysis import Analysis

Rule = Callable[["Analysis"], Iterable[Finding]]

RULES: list[Rule] = [
    ids.check,
    dates.check,
    numbers.check,
    paths.check,
    personal.check,
    markup.check,
    values.check,
    notice.check,
    meeting.check,
    referrals.check,
    implementation.check,
    community.check,
    glyphs.check,
]


# What one community's files alone decide: every rule but the id rules that look
# across communities (``ids.cross_check``), in the same order. ``noticeboard check``
# runs these per community (kept with the community's files) and the cross-file part
# over every community's small ``ids.Links``.
LOCAL_RULES: list[Rule] = [ids.local_check if rule is ids.check else rule for rule in RULES]


# The rules whose work is each file's text on its own, kept with the file
# (``common.scanned``): ``scan_files`` runs them where the files are parsed
# (``load_project``'s worker processes, every core), and ``run_rules`` finds their scans
# made (at 2,000 cases 0.8 of the rules' 1.6 s).
FILE_RULES: list[Rule] = [personal.check, markup.check, values.check]


def scan_files(analysis: Analysis) -> None:
    """The per-file scans of ``FILE_RULES`` made for the files of ``analysis``; their
    findings are ``run_rules``' to report."""
    for rule in FILE_RULES:
        for _finding in rule(analysis):
            pass


def run_rules(analysis: Analysis) -> list[Finding]:
    """Every rule's findings, in the order of ``RULES``."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(analysis))
    return findings


def run_local_rules(analysis: Analysis) -> list[Finding]:
    """Every rule's findings that need only the files in ``analysis`` (one community)."""
    findings: list[Finding] = []
    for rule in LOCAL_RULES:
        findings.extend(rule(analysis))
    return findings
