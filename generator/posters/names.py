"""Where each poster is published: the one place that names poster files.

``generator.posters`` writes them, ``generator.site.pages`` links them; both ask here. A
poster's key is ``community`` (the community poster) or ``community/case``.
Kept apart from ``generator.posters`` so that pages need not import the renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOLDER = "posters"  # under the site root
# In the posters folder: what each published poster says, as a hash (posters.content_keys).
KEYS_FILE = "content-keys.json"
_DPI_PNG = re.compile(r"^(?P<key>.+)-\d+dpi\.png$")


def pdf_file(key: str) -> str:
    """The poster's one-page PDF, relative to the posters folder."""
    return f"{key}.pdf"


def png_file(key: str) -> str:
    """The poster's image, relative to the posters folder."""
    return f"{key}.png"


def poster_files(key: str) -> tuple[str, str]:
    """Both files of one poster: PDF then PNG."""
    return pdf_file(key), png_file(key)


def bundle_file(community_id: str) -> str:
    """The community's print job (its poster, then every case worth posting)."""
    return f"{community_id}-all.pdf"


def poster_of(name: str) -> tuple[str, str] | None:
    """Whose file ``name`` (relative to the posters folder) is: ``("bundles",
    community)``, ``("posters", key)`` (its PDF, PNG or print-size PNG), or None."""
    bundle = bundle_file("")
    if "/" not in name and name.endswith(bundle):
        return "bundles", name.removesuffix(bundle)
    dpi = _DPI_PNG.match(name)
    if dpi:
        return "posters", dpi["key"]
    for suffix in (".pdf", ".png"):
        if name.endswith(suffix):
            return "posters", name.removesuffix(suffix)
    return None


@dataclass(frozen=True)
class PosterLinks:
    """A page's poster links, relative to the site root."""

    pdf: str
    png: str
    bundle: str | None = None  # community pages only


def links(key: str) -> PosterLinks:
    """The links a page shows for the poster ``key`` (and the bundle, for a community)."""
    pdf, png = (f"{FOLDER}/{name}" for name in poster_files(key))
    bundle = None if "/" in key else f"{FOLDER}/{bundle_file(key)}"
    return PosterLinks(pdf, png, bundle)
