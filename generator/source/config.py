"""The site's settings as values: ``SiteConfig`` and its parts, their defaults, and the
page addresses (``page_path``, ``address``, ``url``) and host made from ``base_url``.

Clerks and operators edit ``site_config.yml`` (read and validated by
``generator.source.settings``); the MkDocs configuration is derived from it (see
``generator.site.mkdocs_config``), so nobody writes ``mkdocs.yml`` by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from urllib.parse import urlsplit

from generator.clock import DEFAULT_TIMEZONE
from generator.messages import config as words
from generator.source.fields import (
    DEFAULT_CATEGORIES,
    DEFAULT_CHANNELS,
    DEFAULT_COUNCIL_GROUPS,
    DEFAULT_FORMS,
    DEFAULT_PARTICIPANT_GROUPS,
)


@dataclass(frozen=True)
class Rules:
    """Rule thresholds. Where a seed or a statute states a number it is the default;
    the numbers no seed states are local defaults (本县规定), see ``generator.source.policies``."""

    notice_min_workdays: int = 5
    assembly_notice_days: int = 10  # 村民会议 only
    resident_assembly_notice_days: int | None = None  # 居民会议: none unless the county sets one
    quorum: Fraction = Fraction(2, 3)
    majority: Fraction = Fraction(1, 2)
    referral_workdays: int = 10
    stale_days: int = 90
    yearly_minimum: int = 4
    community_council_size: tuple[int, int] | None = (20, 30)
    village_council_size: tuple[int, int] | None = None
    cadre_share_max: Fraction = Fraction(1, 2)
    joint_proposal_share: Fraction = Fraction(1, 10)  # of 居(村)民
    joint_proposal_representatives_share: Fraction = Fraction(1, 5)  # of 居(村)民代表
    representatives_quorum: Fraction = Fraction(2, 3)  # 代表会议: of the representatives
    # Days after a meeting by which its result is recorded (利川: 主动公开协商成果、
    # 及时通报, no number): off unless the county sets one (本县规定).
    outcome_due_days: int | None = None
    # The keys the county wrote in site_config.yml: only these are 本县规定 (a default
    # the county never set is not its rule; see ``generator.source.policies``).
    set_by_county: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lists:
    """The allowed values of the list fields."""

    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    forms: tuple[str, ...] = DEFAULT_FORMS
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    participant_groups: tuple[str, ...] = DEFAULT_PARTICIPANT_GROUPS
    council_groups: tuple[str, ...] = DEFAULT_COUNCIL_GROUPS


@dataclass(frozen=True)
class YearSchedule:
    """An official holiday schedule for one year (国务院办公厅 notice), for years the
    calendar package does not know yet."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]  # adjusted working weekends (调休上班)


@dataclass(frozen=True)
class Posters:
    paper: str = "A4"  # A4 or A3
    font: str | None = None  # path to a CJK font file (.ttf/.otf/.ttc)
    font_index: int | None = None  # face index inside a .ttc


@dataclass(frozen=True)
class SiteConfig:
    site_name: str = words.DEFAULT_SITE_NAME
    base_url: str = "http://localhost:8000"
    county: str | None = None
    description: str | None = None
    content_dir: str = "content"
    # The local zone of case files, "today" and pages (generator.clock).
    timezone: str = DEFAULT_TIMEZONE
    rules: Rules = field(default_factory=Rules)
    # Keys of ``sources.DOCUMENTS`` the county has adopted; none by default.
    adopted: tuple[str, ...] = ()
    # The public change history starts here: earlier commits (an import, a settled
    # example) are folded into the file as it stood on this day. None: all of it.
    history_from: dt.date | None = None
    lists: Lists = field(default_factory=Lists)
    office_numbers: tuple[str, ...] = ()
    # Largest photo or attachment published, in megabytes (each file).
    max_file_mb: float = 20
    calendar: dict[int, YearSchedule] = field(default_factory=dict)
    posters: Posters = field(default_factory=Posters)
    # Where the file came from, for findings; None for the built-in defaults.
    path: Path | None = None

    @property
    def root(self) -> Path:
        """The folder holding site_config.yml (the project folder)."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def host(self) -> str:
        """The host name of ``base_url`` (feed and calendar ids are made from it)."""
        return urlsplit(self.base_url).hostname or "localhost"

    # Page addresses: the one place that spells them (pages, posters, feeds, urls.txt).
    @staticmethod
    def page_path(*parts: str) -> str:
        """Site-relative address of a page: ``("xiguan", "2026-03")`` -> ``xiguan/2026-03/``;
        ``""`` for the home page."""
        return "/".join(parts) + "/" if parts else ""

    def address(self, relative: str) -> str:
        """Absolute address of anything in the site from its site-relative address."""
        return self.base_url.rstrip("/") + "/" + relative

    def url(self, *parts: str) -> str:
        """Absolute address of a page: ``url("xiguan", "2026-03")`` -> ``.../xiguan/2026-03/``."""
        return self.address(self.page_path(*parts))
