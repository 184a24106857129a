"""Every address a build answers at: ``urls.txt`` (the pages, then the old addresses of
moved cases and where they lead) and ``site_addresses``, what the published-address
guard compares with, told without rendering a page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.check.project import Analysis
from generator.messages import site as words
from generator.source.config import SiteConfig

if TYPE_CHECKING:
    from generator.site.pages import Page, Redirect


def site_addresses(analysis: Analysis) -> set[str]:
    """Every absolute address a build of ``analysis`` answers at, without rendering a
    page: the pages of ``plan_site`` (a test keeps the two in step) and the old
    addresses of moved cases. What the published-address guard compares with."""
    config = analysis.config
    urls = {config.url(), config.url("tracker"), config.url("search")}
    if analysis.cases:
        urls.add(config.url("stats"))
    for community in analysis.communities:
        urls.add(config.url(community.id))
        urls.update(config.url(community.id, w.case_id) for w in community.withdrawn)
    for case in analysis.cases:
        urls.add(config.url(case.community_id, case.id))
        urls.update(config.url(*old.strip("/").split("/")) for old in case.moved_from)
    return urls


def page_urls(pages: Iterable[Page], config: SiteConfig) -> list[str]:
    """Absolute addresses of the pages, for urls.txt."""
    return sorted(config.address(p.url) for p in pages)


URLS_TXT_HEADER = (
    "# " + words.URLS_TXT_TITLE + "\n"
    "# Every address that must keep working, absolute, one a line: the published pages, then,\n"
    "# after the line '# redirects', the old addresses of moved cases (moved_from: QR codes on\n"
    "# earlier posters point there) as '<old address><TAB><new address>'. The first field of\n"
    "# every line not starting with '#' is an address that answers.\n"
)


def urls_txt(pages: Iterable[Page], redirects: Iterable[Redirect], config: SiteConfig) -> str:
    """The text of ``urls.txt``: the pages, then the redirects' old and new addresses."""
    lines = [URLS_TXT_HEADER.rstrip("\n"), *page_urls(pages, config)]
    moved = sorted(f"{config.address(r.old)}\t{config.address(r.new)}" for r in redirects)
    lines += ["# redirects", *moved]
    return "\n".join(lines) + "\n"
