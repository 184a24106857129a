"""The rules of FORMAT.md, one module per family, each a pure function of the
model returning findings. ``run_rules`` runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from generator.findings import Finding

if TYPE_CHECKING:
    from generator.project import Analysis

Rule = Callable[["Analysis"], Iterable[Finding]]

RULES: list[Rule] = []


def run_rules(analysis: Analysis) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(analysis))
    return findings
