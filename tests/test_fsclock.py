"""The settling window of a file system (``generator.fsclock``): measured from a probe's
times, never shorter than the floor, the long default on a coarse, lagging or backward
clock, and what the gate's early reading trusts by it."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import fsclock
from generator.content_digests import SETTLED_NS
from generator.site import published


def _clock(monkeypatch: pytest.MonkeyPatch, times: object) -> None:
    """The probe's times as a file system whose clock gives ``times(real ns)``."""
    real = os.fstat

    def fstat(fd: int) -> SimpleNamespace:
        st = real(fd)
        stamp = times(time.time_ns())  # type: ignore[operator]
        return SimpleNamespace(st_mtime_ns=stamp, st_ctime_ns=stamp, st_size=st.st_size)

    monkeypatch.setattr(fsclock.os, "fstat", fstat)


def test_a_local_file_system_settles_within_the_floor(tmp_path: Path) -> None:
    window = fsclock.settling_window(tmp_path)
    # A local disk's tick is ms at most: the floor, unless the probe was held up
    # between two writes on a busy machine (a wider window, never the 3 s default).
    assert fsclock.FLOOR_NS <= window < SETTLED_NS
    assert list(tmp_path.iterdir()) == []  # the probe is gone


def test_a_two_second_clock_keeps_the_long_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT's times step every 2 s: too coarse to measure in the probe's time."""
    _clock(monkeypatch, lambda now: now // 2_000_000_000 * 2_000_000_000)
    assert fsclock.settling_window(tmp_path) == SETTLED_NS
    assert list(tmp_path.iterdir()) == []


def test_a_clock_running_behind_widens_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A network share whose server's clock is 5 s behind: a write now is stamped 5 s
    ago, so only a file older than that (twice, to be safe) has settled."""
    _clock(monkeypatch, lambda now: now - 5_000_000_000)
    assert fsclock.settling_window(tmp_path) > 9_900_000_000


def test_a_clock_running_backwards_keeps_the_long_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = time.time_ns()
    _clock(monkeypatch, lambda now: start - (now - start))
    assert fsclock.settling_window(tmp_path) == SETTLED_NS


def test_a_folder_that_cannot_be_written_keeps_the_long_window(tmp_path: Path) -> None:
    assert fsclock.settling_window(tmp_path / "missing") == SETTLED_NS


def test_the_early_reading_takes_a_file_once_it_settled_by_the_window(tmp_path: Path) -> None:
    """A page last changed 0.2 s ago: read early with a 0.1 s window (and trusted by the
    last pass), left to the last pass with the default 3 s."""
    page = tmp_path / "a.html"
    page.write_text("<html><body><article>周六开会。</article></body></html>")
    time.sleep(0.2)
    assert len(list(published.SiteScan(tmp_path, (), window=100_000_000).early())) == 1
    assert len(list(published.SiteScan(tmp_path, ()).early())) == 0
