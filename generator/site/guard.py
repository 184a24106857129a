"""The published-address guard: a build must not lose an address already published.

Posters carry QR codes of the site's addresses; a printed poster cannot be updated.
``noticeboard build --published URLS_TXT`` reads the ``urls.txt`` of the site as last
published and refuses to build when one of its addresses would no longer answer,
saying for each how to keep it (``moved_from`` for a renumbered case, a tombstone in
``withdrawn.yml`` for a case taken down, the old name for a renamed folder).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from generator.check.project import Analysis
from generator.errors import UserError
from generator.findings import Finding, make, sort_findings
from generator.messages import cli as words
from generator.model.withdrawn import WITHDRAWN_FILE
from generator.site.urls import site_addresses

TIMEOUT_SECONDS = 30


class PublishedUnavailable(UserError):
    """The published urls.txt could not be read (a Chinese reason)."""

    lead = words.PUBLISHED_UNREADABLE
    outcome = words.SITE_NOT_UPDATED


def read_published(source: str) -> list[str]:
    """The addresses in a published ``urls.txt``: a file path or an http(s) address."""
    if source.startswith(("http://", "https://")):
        try:
            request = urllib.request.Request(source, headers={"User-Agent": "noticeboard"})
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            raise PublishedUnavailable(
                words.PUBLISHED_HTTP_ERROR.format(source=source, code=err.code)
            ) from None
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as err:
            reason = getattr(err, "reason", err)
            raise PublishedUnavailable(
                words.PUBLISHED_UNREACHABLE.format(source=source, reason=reason)
            ) from None
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PublishedUnavailable(words.PUBLISHED_NOT_FOUND.format(source=source)) from None
        except (OSError, UnicodeDecodeError) as err:
            raise PublishedUnavailable(
                words.PUBLISHED_FILE_UNREADABLE.format(source=source, reason=err)
            ) from None
    addresses = parse_urls_txt(text)
    if not addresses:
        raise PublishedUnavailable(words.PUBLISHED_EMPTY.format(source=source))
    return addresses


def parse_urls_txt(text: str) -> list[str]:
    """The first field of every line that is not a comment: every address that answers."""
    out = []
    # A byte-order mark (Windows editors, WPS) would turn the first comment into an address.
    for line in text.removeprefix("\ufeff").splitlines():
        line = line.removeprefix("\ufeff")
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t", 1)[0].strip())
    return out


def lost_addresses(analysis: Analysis, published: list[str]) -> list[Finding]:
    """A finding for each published address this build would no longer answer."""
    config = analysis.config
    base = config.url()
    kept = site_addresses(analysis)
    elsewhere = [a for a in published if not a.startswith(base)]
    if elsewhere:
        old_base = _common_base(elsewhere)
        return [
            make(
                "base-url-changed",
                config.root / "site_config.yml",
                published=old_base,
                base=base,
                count=len(elsewhere),
            )
        ]
    communities = {c.id for c in analysis.communities}
    findings = []
    for address in dict.fromkeys(published):
        if address in kept:
            continue
        parts = address.removeprefix(base).strip("/").split("/")
        findings.append(_lost(analysis, address, parts, communities))
    return sort_findings(findings)


def _lost(analysis: Analysis, address: str, parts: list[str], communities: set[str]) -> Finding:
    content = analysis.config.content_path
    if len(parts) in (1, 2) and parts[0] and parts[0] not in communities:
        folder = content / parts[0]
        hint = words.LOST_COMMUNITY_HINT.format(folder=_shown(folder, analysis), name=parts[0])
        return make("address-lost", folder, address=address, hint=hint, community=parts[0])
    if len(parts) == 2:
        community, case = parts
        tombstones = _shown(content / community / WITHDRAWN_FILE, analysis)
        hint = words.LOST_CASE_HINT.format(community=community, case=case, tombstones=tombstones)
        path = content / community / f"{case}.md"
        return make(
            "address-lost", path, address=address, hint=hint, community=community, case=case
        )
    hint = words.LOST_OTHER_HINT
    return make(
        "address-lost", analysis.config.root / "site_config.yml", address=address, hint=hint
    )


def _shown(path: Path, analysis: Analysis) -> str:
    try:
        return path.relative_to(analysis.config.root).as_posix()
    except ValueError:
        return path.as_posix()


def _common_base(addresses: list[str]) -> str:
    """The scheme and host the published addresses share, e.g. https://old.example.cn/."""
    first = addresses[0]
    scheme, _, rest = first.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/"
