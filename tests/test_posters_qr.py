"""QR mask choice: ``qr.best_mask`` scores the eight masks with its own fast
penalty, which must be qrcode's score for every mask, so the code drawn is the
one qrcode itself would make (fails if a qrcode upgrade changes its rule)."""

from __future__ import annotations

import random

import pytest
import qrcode
from qrcode import util

from generator.posters.qr import _code, _row_bits, best_mask, penalty, qr_matrix


def _addresses() -> list[str]:
    rng = random.Random(18004)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789/-._~"
    out = [f"https://xs.qinghe.example.cn/c{n:02d}/2026-{i:02d}/" for n in (1, 7) for i in (1, 9)]
    out += ["a.cn/1", "x.example.cn/c1/"]  # version 1
    out += [
        "https://" + "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 260)))
        for _ in range(16)
    ]
    return out


@pytest.mark.parametrize("level", ["M", "Q"])
def test_penalty_is_qrcodes_score_for_every_mask_and_version(level: str) -> None:
    versions = set()
    for address in _addresses():
        code = _code(address, level)
        versions.add(code.version)
        for mask in range(8):
            code.makeImpl(True, mask)
            rows = [_row_bits(row) for row in code.modules]
            assert penalty(rows, code.modules_count) == util.lost_point(code.modules), (
                address,
                mask,
            )
        assert best_mask(code) == code.best_mask_pattern(), address
    assert {1, 2, 4, 7, 9} <= versions  # small codes and ones with version information


def test_the_matrix_is_the_one_qrcode_makes() -> None:
    for address in _addresses()[:12]:
        ours = qr_matrix(address)
        level = {"M": qrcode.constants.ERROR_CORRECT_M, "Q": qrcode.constants.ERROR_CORRECT_Q}
        theirs = qrcode.QRCode(error_correction=level[ours.level], border=4)
        theirs.add_data(address)
        theirs.make(fit=True)
        assert theirs.version == ours.version
        assert [list(map(bool, row)) for row in theirs.get_matrix()] == [
            list(row) for row in ours.rows
        ]
