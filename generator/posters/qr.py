"""QR codes for print: black on white, 4-module quiet zone, whole pixels per module.

``qrcode`` picks the smallest version (size) that holds the data at the requested
error-correction level (``QRCode.best_fit``). We ask for level Q (25 % of the code
may be damaged: rain, a staple, a scratch) when it fits in the same version as
level M, else take M, so a long address never shrinks the modules for robustness
a phone camera does not need. The matrix is drawn ourselves and scaled by an
integer, so every module is the same whole number of pixels.

Speed: ``qrcode`` picks the mask by building the code eight times and scoring
each with its pure-Python penalty (ISO/IEC 18004 N1-N4), about 6 ms a poster.
``best_mask`` makes the same choice from one build: the other seven masks are the
data modules XOR-ed with rows of bits, scored with regular expressions and integer
bit counts (``penalty``; a test checks it gives qrcode's score for every mask).
``qrcode`` still builds the final code itself.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

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
    code.makeImpl(False, best_mask(code))
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


def best_mask(code: qrcode.QRCode) -> int:
    """The mask ``qrcode`` would choose (``QRCode.best_mask_pattern``: the lowest
    penalty, format information left light while scoring, the first on a tie)."""
    code.makeImpl(True, 0)
    n = code.modules_count
    rows = [_row_bits(row) for row in code.modules]
    data = _data_rows(code.version, n)
    first = _mask_rows(0, n)
    best, lowest = 0, 0
    for mask in range(8):
        flip = _mask_rows(mask, n)
        masked = [r ^ ((f0 ^ f) & d) for r, f0, f, d in zip(rows, first, flip, data, strict=True)]
        score = penalty(masked, n)
        if mask == 0 or score < lowest:
            best, lowest = mask, score
    return best


_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = re.compile(r"(?=10111010000|00001011101)")


def penalty(rows: list[int], n: int) -> int:
    """ISO/IEC 18004 mask penalty as ``qrcode.util.lost_point`` scores it, for an
    ``n``-module code given as rows of bits (first column = highest bit)."""
    lines = [format(row, f"0{n}b") for row in rows]
    lines += ["".join(column) for column in zip(*lines, strict=True)]
    text = "|".join(lines)  # every row and column; no run or pattern crosses a "|"
    score = sum(len(run) - 2 for run in _RUN.findall(text))  # N1
    inner = (1 << (n - 1)) - 1
    for a, b in itertools.pairwise(rows):  # N2: 2x2 blocks of one colour
        score += 3 * (~(a ^ b) & ~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & inner).bit_count()
    score += 40 * len(_FINDER.findall(text))  # N3
    dark = sum(row.bit_count() for row in rows)  # N4, as qrcode computes it
    percent = float(dark) / (n**2)
    return score + int(abs(percent * 100 - 50) / 5) * 10


def _row_bits(row: list[bool | None]) -> int:
    return int("".join("1" if module else "0" for module in row), 2)


@lru_cache(maxsize=64)
def _data_rows(version: int, n: int) -> tuple[int, ...]:
    """Rows of bits: 1 where data and error correction go (what no function
    pattern, format or version information takes), laid out as ``qrcode`` does."""
    code = qrcode.QRCode(version=version)
    code.modules_count = n
    code.modules = [[None] * n for _ in range(n)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(n - 7, 0)
    code.setup_position_probe_pattern(0, n - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    return tuple(int("".join("1" if m is None else "0" for m in row), 2) for row in code.modules)


@lru_cache(maxsize=512)
def _mask_rows(mask: int, n: int) -> tuple[int, ...]:
    """Rows of bits: 1 where ``mask`` flips a module."""
    flips = qrcode.util.mask_func(mask)
    return tuple(int("".join("1" if flips(r, c) else "0" for c in range(n)), 2) for r in range(n))
