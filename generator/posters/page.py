"""A laid-out poster page: a display list both outputs draw from.

``draw.compose_poster`` decides everything (line breaks, sizes, positions) once and
records it here, in layout pixels (the layout's dpi, 300: 1 px = 0.24 pt). The PDF
(``pdf``) and the PNG preview (``paint``) only scale these numbers, so the two show
the same lines in the same places. A ``Page`` round-trips through JSON: the cache
keeps it, and a bundle or a full-resolution PNG is drawn again from it without
laying anything out.

Greyscale only: 0 is black, 255 white.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class TextOp:
    """One line of text: left end of its baseline at (x, y), size in pixels."""

    x: float
    y: float
    size: float
    bold: bool
    grey: int
    text: str
    role: str = ""


@dataclass(frozen=True)
class RectOp:
    """A rectangle from (x0, y0) to (x1, y1): filled and/or outlined (``stroke``
    wide, drawn inside the rectangle)."""

    x0: float
    y0: float
    x1: float
    y1: float
    fill: int | None = None
    outline: int | None = None
    stroke: float = 0.0


@dataclass(frozen=True)
class PolygonOp:
    """A filled polygon."""

    points: tuple[tuple[float, float], ...]
    fill: int


@dataclass(frozen=True)
class QrOp:
    """A QR code: dark modules as squares of ``module`` pixels from (x, y); rows as
    strings of "1" (dark) and "0", quiet zone included."""

    x: float
    y: float
    module: float
    rows: tuple[str, ...]

    def runs(self) -> list[tuple[int, int, int]]:
        """Dark runs as (row, first column, length): one rectangle each."""
        out = []
        for r, row in enumerate(self.rows):
            c = 0
            while c < len(row):
                if row[c] == "1":
                    start = c
                    while c < len(row) and row[c] == "1":
                        c += 1
                    out.append((r, start, c - start))
                else:
                    c += 1
        return out


Op = TextOp | RectOp | PolygonOp | QrOp
_KINDS: dict[str, type] = {"text": TextOp, "rect": RectOp, "polygon": PolygonOp, "qr": QrOp}
_NAMES = {cls: name for name, cls in _KINDS.items()}


@dataclass
class Page:
    """One page: its size in layout pixels, the layout's dpi, paper size in PDF
    points, and what is drawn on it, in order."""

    width: int
    height: int
    dpi: int
    points: tuple[float, float]
    title: str = ""
    ops: list[Op] = field(default_factory=list)

    def texts(self) -> list[TextOp]:
        return [op for op in self.ops if isinstance(op, TextOp)]

    def chars(self) -> frozenset[str]:
        """Every character the page prints (for the working font)."""
        return frozenset("".join(op.text for op in self.texts()))

    def to_json(self) -> str:
        ops = [{"op": _NAMES[type(op)], **asdict(op)} for op in self.ops]
        data = {
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "points": list(self.points),
            "title": self.title,
            "ops": ops,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Page:
        data = json.loads(text)
        ops: list[Op] = []
        for raw in data["ops"]:
            kind = _KINDS[raw.pop("op")]
            ops.append(kind(**_tuples(kind, raw)))
        return cls(
            width=data["width"],
            height=data["height"],
            dpi=data["dpi"],
            points=tuple(data["points"]),
            title=data["title"],
            ops=ops,
        )


def _tuples(kind: type, raw: dict[str, Any]) -> dict[str, Any]:
    if kind is PolygonOp:
        raw["points"] = tuple(tuple(p) for p in raw["points"])
    elif kind is QrOp:
        raw["rows"] = tuple(raw["rows"])
    return raw


def grey(colour: str) -> int:
    """A ``#RRGGBB`` colour as a grey level (ITU-R 601 luma), 0 black to 255 white."""
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return round(0.299 * r + 0.587 * g + 0.114 * b)
