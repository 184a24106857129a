"""Poster layouts as data: ``themes/posters/<paper>.yml`` -> ``Layout``.

A layout gives lengths in millimetres and font sizes in points at its paper size;
``Layout`` turns them into pixels at the layout's dpi. A file may ``extends:``
another and ``scale:`` it (A3 is A4 × √2).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.messages import posters as words

LAYOUT_DIR = Path(__file__).resolve().parents[2] / "themes" / "posters"
MM_PER_INCH = 25.4
PT_PER_INCH = 72


class LayoutError(Exception):
    """A layout file is missing or malformed (a developer's mistake, not a clerk's)."""


@dataclass(frozen=True)
class Layout:
    """A paper's layout: ``data`` as in the YAML, ``scale`` applied by the helpers."""

    name: str
    data: dict[str, Any]
    scale: float
    digest: str  # hash of the layout files, for the cache key

    @property
    def dpi(self) -> int:
        return int(self.data.get("dpi", 300))

    @property
    def width(self) -> int:
        """Page width in pixels (not scaled: the paper size is the paper size)."""
        return round(self.data["paper"]["width_mm"] / MM_PER_INCH * self.dpi)

    @property
    def height(self) -> int:
        return round(self.data["paper"]["height_mm"] / MM_PER_INCH * self.dpi)

    @property
    def page_points(self) -> tuple[float, float]:
        """Page size in PDF points."""
        paper = self.data["paper"]
        return (
            paper["width_mm"] / MM_PER_INCH * PT_PER_INCH,
            paper["height_mm"] / MM_PER_INCH * PT_PER_INCH,
        )

    def mm(self, value: float) -> int:
        """A layout length (mm at the base paper) in pixels."""
        return round(value * self.scale / MM_PER_INCH * self.dpi)

    def pt(self, value: float) -> int:
        """A layout font size (pt at the base paper) in pixels."""
        return round(value * self.scale / PT_PER_INCH * self.dpi)

    def min_mm_px(self, value: float) -> int:
        """An absolute minimum length in pixels (not scaled), e.g. the QR's 10 cm."""
        return math.ceil(value / MM_PER_INCH * self.dpi)

    def section(self, name: str) -> dict[str, Any]:
        return self.data[name]

    def colour(self, name: str) -> str:
        return str(self.data["colours"][name])


def _read(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise LayoutError(words.LAYOUT_MISSING.format(path=path)) from err
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):
        raise LayoutError(words.LAYOUT_NOT_A_MAPPING.format(path=path))
    return data, raw


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_layout(paper: str, folder: Path = LAYOUT_DIR) -> Layout:
    """The layout for ``paper`` (A4, A3) from ``folder``, with ``extends`` resolved."""
    path = folder / f"{paper.lower()}.yml"
    data, raw = _read(path)
    digest = hashlib.sha256(raw)
    scale = float(data.pop("scale", 1.0))
    seen = {path}
    while "extends" in data:
        parent = folder / str(data.pop("extends"))
        if parent in seen:
            raise LayoutError(words.LAYOUT_LOOP.format(path=parent))
        seen.add(parent)
        base, base_raw = _read(parent)
        digest.update(base_raw)
        scale *= float(base.pop("scale", 1.0))
        data = _merge(base, data)
    for key in ("paper", "colours", "margin_mm", "heading", "title", "facts", "body", "bottom"):
        if key not in data:
            raise LayoutError(words.LAYOUT_KEY_MISSING.format(path=path, key=key))
    return Layout(name=paper.upper(), data=data, scale=scale, digest=digest.hexdigest())
