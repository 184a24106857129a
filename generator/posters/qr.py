"""QR codes for print: black on white, 4-module quiet zone, whole pixels per module.

``qrcode`` picks the smallest version (size) that holds the data at the requested
error-correction level (``QRCode.best_fit``). We ask for level Q (25 % of the code
may be damaged: rain, a staple, a scratch) when it fits in the same version as
level M, else take M, so a long address never shrinks the modules for robustness
a phone camera does not need. The matrix is drawn ourselves and scaled by an
integer, so every module is the same whole number of pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import qrcode
import qrcode.constants
from PIL import Image

QUIET_ZONE = 4  # modules of white around the code (ISO/IEC 18004)

_LEVELS = {"M": qrcode.constants.ERROR_CORRECT_M, "Q": qrcode.constants.ERROR_CORRECT_Q}


@dataclass(frozen=True)
class QrMatrix:
    """A QR code as rows of dark (True) / light modules, quiet zone included."""

    rows: tuple[tuple[bool, ...], ...]
    version: int
    level: str  # "M" or "Q"

    @property
    def size(self) -> int:
        """Modules per side, quiet zone included."""
        return len(self.rows)


def _code(data: str, level: str) -> qrcode.QRCode:
    """A QRCode with its version chosen (``best_fit``) but no mask evaluated yet."""
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=QUIET_ZONE)
    code.add_data(data)
    code.best_fit()
    return code


def qr_matrix(data: str) -> QrMatrix:
    """The QR matrix of ``data``: level Q if no larger than at level M, else M."""
    medium, quartile = _code(data, "M"), _code(data, "Q")
    code, level = (quartile, "Q") if quartile.version <= medium.version else (medium, "M")
    code.make(fit=False)
    rows = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QrMatrix(rows=rows, version=int(code.version), level=level)


def module_pixels(modules: int, aim_px: int, min_px: int) -> int:
    """Whole pixels per module: as many as fit in ``aim_px``, but never a code
    narrower than ``min_px`` (then one more pixel per module)."""
    k = max(1, aim_px // modules)
    if k * modules < min_px:
        k = math.ceil(min_px / modules)
    return k


def qr_image(matrix: QrMatrix, module_px: int) -> Image.Image:
    """The code as a greyscale image, ``module_px`` pixels per module, 0 or 255 only."""
    n = matrix.size
    raw = bytes(0 if dark else 255 for row in matrix.rows for dark in row)
    small = Image.frombytes("L", (n, n), raw)
    return small.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)
