"""The preview PNG writer: a valid 4-bit palette PNG holding the image's grey levels
exactly as quantised, at any width (odd ones end a row in half a byte)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from generator.posters.paint import png_bytes


@pytest.mark.parametrize(("size", "greys"), [((794, 1123), 16), ((7, 3), 16), ((33, 20), 4)])
def test_palette_preview_reads_back_as_the_quantised_image(size, greys) -> None:
    image = Image.linear_gradient("L").resize(size)
    ImageDraw.Draw(image).text((1, 1), "协商 QR", fill=0)
    data = png_bytes(image, 96, greys)
    back = Image.open(io.BytesIO(data))
    back.load()
    assert back.format == "PNG" and back.mode == "P" and back.size == size
    assert back.info["dpi"] == pytest.approx((96, 96), abs=0.05)
    step = 255 / (greys - 1)
    expected = image.point([round(round(v / step) * step) for v in range(256)])
    assert back.convert("L").tobytes() == expected.tobytes()
    assert len(back.getpalette()) // 3 == greys


def test_full_resolution_png_is_plain_greyscale() -> None:
    image = Image.new("L", (40, 30), 200)
    back = Image.open(io.BytesIO(png_bytes(image, 300)))
    assert back.mode == "L" and back.info["dpi"] == pytest.approx((300, 300), abs=0.05)
