"""``noticeboard posters [COMMUNITY[/CASE]…]``: check the content, then render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from generator.messages import posters as words
from generator.source.config import SiteConfig


def run_posters(
    config: SiteConfig,
    today: dt.date,
    site_dir: Path,
    targets: list[str],
    echo: Callable[..., None],
    png_dpi: int | None = None,
) -> bool:
    """Analyse the content; on errors print them and return False; else render the
    posters (all, or the ``targets``) into ``site_dir/posters`` and say what was done.
    ``png_dpi`` also writes full-resolution PNGs."""
    from generator.check.project import analyse_config
    from generator.outdirs import check_replaceable, is_ours, mark
    from generator.posters import render_posters

    # Posters go into a site folder: one a build may replace later, so never a folder
    # of the project's own or one holding other files.
    site_dir = check_replaceable(site_dir, config.root, config.content_path, "--site-dir")
    analysis = analyse_config(config, today)
    if analysis.errors:
        for finding in analysis.errors:
            echo(finding.as_text(), err=True)
        echo(words.NOT_MADE_FOR_ERRORS.format(count=len(analysis.errors)), err=True)
        return False
    out_dir = site_dir / "posters"
    # No font, or a target naming nothing: a UserError, reported by the command line.
    report = render_posters(analysis, out_dir, targets or None, png_dpi=png_dpi)
    if not is_ours(site_dir):  # a folder made for them: a site that a build may replace
        mark(site_dir)
    echo(
        words.DONE.format(
            rendered=report.rendered_count,
            cached=report.cached_count,
            bundles=len(report.bundles_rendered) + len(report.bundles_cached),
            seconds=report.seconds,
            folder=out_dir.as_posix(),
        )
    )
    if png_dpi:
        echo(words.PNG_SAVED.format(dpi=png_dpi))
    return True
