"""Where each poster is published: the one place that names poster files.

``generator.posters`` writes them, ``generator.pages`` links them; both ask here. A
poster's key is ``community`` (the community poster) or ``community/case``.
Kept apart from ``generator.posters`` so that pages need not import the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

FOLDER = "posters"  # under the site root


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
