"""Issue 22, item 6: photos sized for the screen. A progress photo gets 480- and
960-wide copies (JPEG and WebP, no metadata); its case page offers them in a
<picture> with srcset, and links the full photo."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from site_helpers import FIXTURE, build, copy_project

from generator.site.images import SRCSET_WIDTHS, web_image, web_variants


def _photo(width: int, height: int) -> bytes:
    img = Image.new("RGB", (width, height), (120, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_variants_are_narrower_copies_without_metadata(tmp_path: Path) -> None:
    source = tmp_path / "p.jpg"
    source.write_bytes(_photo(2400, 1800))
    image = web_image(source, tmp_path / "cache")
    variants = web_variants(image, tmp_path / "cache")
    assert sorted((v.width, v.format) for v in variants) == sorted(
        (w, f) for w in SRCSET_WIDTHS for f in ("jpeg", "webp")
    )
    for v in variants:
        with Image.open(v.path) as img:
            assert img.size == (v.width, v.height) == (v.width, round(v.width * 0.75))
            assert img.format == ("WEBP" if v.format == "webp" else "JPEG")
            assert not img.getexif() and "icc_profile" not in img.info
        assert v.path.stat().st_size < image.path.stat().st_size
    # Cached: asked again, nothing is encoded anew.
    times = {v.path: v.path.stat().st_mtime_ns for v in variants}
    again = web_variants(image, tmp_path / "cache")
    assert {v.path: v.path.stat().st_mtime_ns for v in again} == times


def test_a_small_photo_has_no_variants(tmp_path: Path) -> None:
    source = tmp_path / "s.jpg"
    source.write_bytes(_photo(400, 300))
    assert web_variants(web_image(source, tmp_path / "c"), tmp_path / "c") == []


def test_case_page_offers_srcset_and_links_the_full_photo(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    site = project / "site"
    ok, lines = build(project, site)
    assert ok, lines
    html = (site / "hexi" / "2026-01" / "index.html").read_text(encoding="utf-8")
    picture = re.search(r'<a class="nb-photo" href="([^"]+)"><picture>(.*?)</picture>', html)
    assert picture, "no <picture> for the progress photo"
    full, inner = picture.groups()
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', inner)
    jpeg = re.search(r'<img src="([^"]+)" srcset="([^"]+)" sizes="[^"]+"', inner)
    assert webp and jpeg
    for entry in webp[1].split(", ") + jpeg[2].split(", "):
        path, width = entry.split(" ")
        assert (site / "hexi" / "2026-01" / path).is_file(), path
        with Image.open(site / "hexi" / "2026-01" / path) as img:
            assert f"{img.width}w" == width
    assert webp[1].endswith("960w") and "480w" in webp[1]
    assert jpeg[2].endswith(f"{full} 1600w")  # the full photo is the widest choice
    assert jpeg[1].endswith(".w480.jpg")
