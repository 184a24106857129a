"""``POST /api/nb/preview``: an unsaved case as residents will see it, and its poster.

The page is the site's own case page (``pages.case_page``: the view-model and the
``themes/pages/case.html`` template the build uses), wrapped in a small document that
links Material's and noticeboard's stylesheets (served by the editor, all local). The
poster is the build's (``posters.content.case_spec`` → ``draw.compose_poster`` → the
PNG preview of ``paint.preview_png``). No site is built: one community folder is
analysed (``checks.CaseChecker.analyse``, the same as the save's check), one page and
one poster drawn.

Each preview is kept under ``.cache/build/editor/preview/<id>/`` (the last
``KEEP`` of them): ``index.html``, ``poster.png``; its photos are served from the
case folder through the gate.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.atomic import write_atomic
from generator.editor.checks import CaseChecker, Positions, finding_json
from generator.messages import editor as words
from generator.site.mkdocs_config import EXTRA_CSS
from generator.source.config import SiteConfig

TEMPLATES = Path(__file__).parent / "templates"
THEME_CSS = Path(__file__).parent.parent.parent / "themes" / "material" / EXTRA_CSS
KEEP = 20


def material_stylesheets() -> list[Path]:
    """Material's own stylesheets (main and palette), from the installed package."""
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))


@dataclass
class Shown:
    """One preview: its folder and the files its page links (name -> source)."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)


class Previews:
    def __init__(self, config: SiteConfig, checker: CaseChecker):
        self.config, self.checker = config, checker
        self.root = checker.scratch / "preview"
        self.shown: dict[str, Shown] = {}
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
        )

    def stylesheets(self) -> dict[str, Path]:
        sheets = {f"material-{p.name}": p for p in material_stylesheets()}
        theme = self.config.root / "themes" / "material" / EXTRA_CSS
        sheets["noticeboard.css"] = theme if theme.is_file() else THEME_CSS
        return sheets

    def make(self, path: Path, text: str) -> dict[str, Any]:
        """Render the page and the poster of ``path`` holding ``text``; the answer of
        ``/api/nb/preview``."""
        from generator.site import pages

        analysis, findings = self.checker.analyse(path, text)
        case = analysis.project.find_case(f"{path.parent.name}/{path.stem}")
        preview_id = secrets.token_hex(8)
        shown = Shown(self.root / preview_id)
        shown.folder.mkdir(parents=True, exist_ok=True)
        positions = Positions(text)
        html = ""
        poster_error = None
        if case is not None:
            html = pages.case_page(analysis, case).html
            for relative, dest in pages.case_asset_dests(analysis, case).items():
                shown.files["files/" + dest.rsplit("/files/", 1)[-1]] = case.folder / relative
            try:
                write_atomic(shown.folder / "poster.png", self.poster(analysis, case))
            except Exception as err:  # no Chinese font, a layout that cannot fit: said
                poster_error = words.POSTER_FAILED.format(error=err)
        page = self.env.get_template("editor-preview.html.j2").render(
            title=case.title if case is not None else path.stem,
            html=Markup(html),
            findings=[f for f in findings if f.is_error],
            stylesheets=[f"assets/{name}" for name in self.stylesheets()],
        )
        write_atomic(shown.folder / "index.html", page.encode("utf-8"))
        self.shown[preview_id] = shown
        self._forget_old()
        base = f"/api/nb/preview/{preview_id}/"
        has_poster = (shown.folder / "poster.png").is_file()
        return {
            "html_url": base + "index.html",
            "poster_url": base + "poster.png" if has_poster else None,
            "poster_error": poster_error,
            "findings": [finding_json(f, positions) for f in findings],
        }

    def poster(self, analysis: Any, case: Any) -> bytes:
        from generator.posters.content import case_spec, warning_texts
        from generator.posters.draw import compose_poster
        from generator.posters.fonts import find_cjk_font
        from generator.posters.layout import load_layout
        from generator.posters.paint import preview_png

        config = self.config
        community = analysis.project.community(case.community_id)
        url = config.url(case.community_id, case.id)
        public = warning_texts(analysis.public_for_case(case))
        spec = case_spec(case, community, url, analysis.today, public)
        fonts = find_cjk_font(config.posters.font, config.posters.font_index, root=config.root)
        page = compose_poster(spec, load_layout(config.posters.paper), fonts).page
        return preview_png(page, fonts)

    def file(self, preview_id: str, name: str) -> tuple[Path, bool] | None:
        """The file a preview's URL names: (path, read through the content gate)."""
        shown = self.shown.get(preview_id)
        if shown is None:
            return None
        if name in ("index.html", "poster.png"):
            return shown.folder / name, False
        if name.startswith("assets/"):
            sheet = self.stylesheets().get(name[len("assets/") :])
            return (sheet, False) if sheet else None
        source = shown.files.get(name)
        return (source, True) if source else None

    def _forget_old(self) -> None:
        while len(self.shown) > KEEP:
            oldest = next(iter(self.shown))
            with contextlib.suppress(OSError):
                shutil.rmtree(self.shown.pop(oldest).folder)
