"""The MkDocs configuration, derived in code from ``site_config.yml``.

Clerks never write ``mkdocs.yml``: ``derive`` returns the settings and
``write_config`` writes them as the ``mkdocs.yml`` MkDocs reads (in a temporary
folder, never in the project; ``serve`` re-reads it on every rebuild).
Settings that follow the content (site name, navigation) are applied again on
every build by the plugin (``apply_site_config``), so ``serve`` picks up edits.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import yaml

from generator.source.config import SiteConfig

REPO_THEMES = Path(__file__).resolve().parents[2] / "themes"
EXTRA_CSS = "assets/stylesheets/noticeboard.css"
# The picture of a page's share card (og:image): square, light, drawn once (themes/).
SHARE_IMAGE = "assets/images/share.png"
SHARE_IMAGE_SIZE = 300

_SLUGIFY_TAG = "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"
_SLUGIFY_PLACEHOLDER = "__noticeboard_slugify__"


# The only classes a body needs: those the admonition extension writes (``!!! note``).
# The site's own (``nb-alert``, ``md-header``, ``md-visually-hidden``…) would let a body
# fake the official warning box or hide text: the sanitiser drops them and the checker
# reports them (``unsafe-markup``).
BODY_CLASSES = frozenset(
    [
        "admonition",
        "admonition-title",
        "note",
        "abstract",
        "summary",
        "tldr",
        "info",
        "todo",
        "tip",
        "hint",
        "important",
        "success",
        "check",
        "done",
        "question",
        "help",
        "faq",
        "warning",
        "caution",
        "attention",
        "failure",
        "fail",
        "missing",
        "danger",
        "error",
        "bug",
        "example",
        "quote",
        "cite",
    ]
)


def markdown_extensions(for_yaml: bool = False) -> list[Any]:
    """Python-Markdown extensions for case bodies and the MkDocs pages alike.

    No ``attr_list`` or ``md_in_html``: they let a body add arbitrary attributes.
    Headings get readable Chinese anchors through ``pymdownx.slugs``.
    """
    from pymdownx.slugs import slugify

    return [
        {
            "toc": {
                "slugify": _SLUGIFY_PLACEHOLDER if for_yaml else slugify(case="lower"),
                "permalink": False,
            }
        },
        "tables",
        "sane_lists",
        "admonition",
    ]


def theme_dirs(config: SiteConfig) -> list[Path]:
    """Material override folders, most specific first: the project's, then ours."""
    dirs = []
    project_dir = config.root / "themes" / "material"
    if project_dir.is_dir():
        dirs.append(project_dir.resolve())
    ours = (REPO_THEMES / "material").resolve()
    if ours not in dirs:
        dirs.append(ours)
    return dirs


def derive(config: SiteConfig, today: dt.date, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """Keyword arguments for ``mkdocs.config.load_config`` built from ``site_config.yml``."""
    return {
        "site_name": html.escape(config.site_name),
        "site_url": config.url(),
        "site_description": config.description,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "strict": False,
        "theme": {
            "name": "material",
            "custom_dir": str(theme_dirs(config)[0]),
            "language": "zh",
            "font": False,  # never Google Fonts: no third-party requests
            # No instant loading, tabs or prefetching. navigation.prune renders only the
            # visible part of the navigation, so pages stay light as communities grow.
            # No Material search plugin: search is Pagefind's (generator/search_index.py).
            "features": ["navigation.prune"],
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
            "icon": {"repo": "material/bulletin-board"},
            # The site's own icon (Material's logo otherwise): 0.4 KB of SVG where
            # Material's PNG cost every first visit and every search 2 KB.
            "favicon": "assets/images/favicon.svg",
        },
        "extra_css": [EXTRA_CSS],
        "extra": {
            "generator": False,
            "nb_share_image": SHARE_IMAGE,
            "nb_share_size": SHARE_IMAGE_SIZE,
        },
        "markdown_extensions": markdown_extensions(for_yaml=True),
        "plugins": [
            {"noticeboard": {"project": str(config.root.resolve()), "today": today.isoformat()}},
        ],
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "warn"}},
    }


def write_config(folder: Path, settings: dict[str, Any]) -> Path:
    """Write the derived settings as ``mkdocs.yml`` into ``folder`` (a temporary one).

    A file rather than keyword arguments: ``mkdocs serve`` reloads it on every
    rebuild, and MkDocs consumes the option objects it is given while validating.
    """
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    text = text.replace(_SLUGIFY_PLACEHOLDER, _SLUGIFY_TAG)
    path = folder / "mkdocs.yml"
    path.write_text(
        "# Derived by noticeboard from site_config.yml; do not edit.\n" + text, encoding="utf-8"
    )
    return path


def apply_site_config(mkdocs_config: Any, config: SiteConfig, nav: list[Any]) -> None:
    """Copy the settings that follow site_config.yml and the content into a loaded config."""
    # Material's templates do not autoescape: every text handed to them is escaped here.
    mkdocs_config["site_name"] = html.escape(config.site_name)
    mkdocs_config["site_description"] = (
        html.escape(config.description) if config.description else None
    )
    mkdocs_config["nav"] = nav
    extra_dirs = [str(d) for d in theme_dirs(config)[1:]]
    theme_dirs_now = mkdocs_config["theme"].dirs
    for d in reversed(extra_dirs):
        if d not in theme_dirs_now:
            theme_dirs_now.insert(1, d)
