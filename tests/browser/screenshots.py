"""Phone-size screenshots of the example site for docs/screenshots/ (run by hand).

    python tests/browser/screenshots.py [--today 2026-11-22]

Builds content/ into a temporary folder, serves it on 127.0.0.1 and saves, at
360×780 CSS px (2× device pixels), the first screen and the full page of the home,
a community, a case, the statistics, the tracker and the search page (with results for
电梯), and the first screen of a case in large type (大字).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: site_helpers
from site_helpers import CHROMIUM, CHROMIUM_ARGS

from generator.site.build import build_site
from generator.source.settings import load_config

REPO = Path(__file__).resolve().parent.parent.parent
PAGES = {
    "home": "/",
    "community": "/xiguan/",
    "case": "/xiguan/2026-01/",
    "stats": "/stats/",
    "tracker": "/tracker/",
    "search": "/search/?q=电梯",
}
LARGE_TYPE = {"case-large": "/xiguan/2026-01/"}  # after one tap on 大字
CHINESE_VOICE = (
    "speechSynthesis.getVoices = () => [{lang: 'zh-CN', name: '普通话', localService: true}];"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _shrink(path: Path) -> None:
    """Full-page shots are long: a 64-colour palette keeps them small in the repo."""
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", default="2026-11-22")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if not build_site(
            load_config(REPO), dt.date.fromisoformat(args.today), site, posters=False
        ):
            raise SystemExit("build failed")
        handler = functools.partial(_Quiet, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 360, "height": 780}, device_scale_factor=2)
            # A phone with a Chinese voice (headless Chromium has none): 朗读 shows.
            page.add_init_script(CHINESE_VOICE)
            for name, path in PAGES.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(args.out / f"phone-{name}.png"))
                full = args.out / f"phone-{name}-full.png"
                page.screenshot(path=str(full), full_page=True)
                _shrink(full)
                print(args.out / f"phone-{name}.png")
            page.locator("[data-nb-large-type]").click()  # remembered for the next pages
            for name, path in LARGE_TYPE.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(args.out / f"phone-{name}.png"))
                print(args.out / f"phone-{name}.png")
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
