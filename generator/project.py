"""One call from a project folder to a checked model: config, content, findings.

Every command starts here; pages, posters and feeds ask the ``Analysis`` (the
model plus its findings), they never re-derive a rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.analysis import Analysis
from generator.config import SiteConfig, load_config
from generator.findings import sort_findings
from generator.load import load_project
from generator.rules import run_rules
from generator.workdays import WorkCalendar

__all__ = ["Analysis", "analyse", "analyse_config"]


def analyse_config(config: SiteConfig, today: dt.date) -> Analysis:
    """Load the content a config points at and run every rule on it."""
    project = load_project(config)
    calendar = WorkCalendar(config.calendar)
    analysis = Analysis(project=project, today=today, calendar=calendar)
    findings = list(project.findings) + run_rules(analysis)
    analysis.findings = sort_findings(findings)
    return analysis


def analyse(root: Path, today: dt.date) -> Analysis:
    """Read ``root/site_config.yml`` and its content. Raises ConfigError."""
    return analyse_config(load_config(root), today)
