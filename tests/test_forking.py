"""One call in a forked copy of the process (generator/site/forking.py), as the build's
publish gate reads the new site while Pagefind indexes it: the result or the exception
comes back, the copy never runs this side's way out, and a copy no longer wanted is
stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from generator.site.forking import CopyDied, InCopy


def _where() -> dict[str, int]:
    return {"pid": os.getpid()}


def test_the_result_comes_from_another_process() -> None:
    reading = InCopy(_where)
    assert reading.result()["pid"] != os.getpid()
    assert reading.result()["pid"] != os.getpid()  # asked twice: the same answer


def _full_disk(path: str) -> None:
    raise OSError(28, "No space left on device", path)


def test_what_the_call_raised_is_raised_here_as_itself() -> None:
    reading = InCopy(_full_disk, "/site/index.html")
    with pytest.raises(OSError) as raised:
        reading.result()
    assert raised.value.errno == 28 and raised.value.filename == "/site/index.html"


def test_the_copy_never_runs_this_side_s_way_out(tmp_path: Path) -> None:
    here = os.getpid()
    marker = tmp_path / "ran-in-the-copy"
    with contextlib.ExitStack() as stack:
        # What this side does on its way out (a temporary folder deleted, its parent
        # answered) must not run in the copy too: it leaves with os._exit.
        stack.callback(lambda: os.getpid() != here and marker.write_text("ran"))
        reading = InCopy(_where)
    assert reading.result()["pid"] != here
    assert not marker.exists()


def test_a_copy_no_longer_wanted_is_stopped_at_once() -> None:
    reading = InCopy(time.sleep, 60)
    started = time.monotonic()
    reading.stop()
    reading.stop()  # twice: nothing left to stop
    assert time.monotonic() - started < 5


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_copy_killed_is_said_as_such() -> None:
    reading = InCopy(_killed)
    with pytest.raises(CopyDied) as died:
        reading.result()
    assert os.WIFSIGNALED(died.value.status) and os.WTERMSIG(died.value.status) == 9


def test_a_build_whose_gate_reading_is_killed_fails_and_the_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_helpers import LAST_GOOD, build, last_good_site

    from generator.site import published

    project, site_dir = last_good_site(tmp_path)
    monkeypatch.setattr(published.SiteScan, "files_read", lambda self, skip: _killed())
    ok, lines = build(project, site_dir)
    assert not ok
    assert any("生成网站的进程意外退出（退出码 -9）" in line for line in lines), lines
    assert (site_dir / "marker.txt").read_text() == LAST_GOOD
    assert not [p for p in site_dir.parent.iterdir() if p.name.startswith(f".{site_dir.name}.")]


def test_what_the_copy_shares_is_left_to_the_collector_again_once_it_ends() -> None:
    """While the copy runs, this side's objects are out of the collector's passes (a
    pass would write to the memory both share); once it has ended, they are back."""
    import gc

    reading = InCopy(lambda: 42)
    assert gc.get_freeze_count() > 0
    assert reading.result() == 42
    assert gc.get_freeze_count() == 0


def _large_answer() -> bytes:
    return os.urandom(1 << 20)  # far more than a pipe holds (64 KB)


def test_a_copy_with_a_large_answer_ends_before_it_is_asked_for() -> None:
    """The answer is read as it comes: a copy whose answer a pipe cannot hold does not
    wait, with its memory, until this side asks (the gate's copy through a whole search
    step)."""
    reading = InCopy(_large_answer)
    pid = reading._pid
    assert pid is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":  # ended, not yet reaped
                break
        time.sleep(0.05)
    else:
        pytest.fail("the copy still runs: its answer is not being read")
    assert len(reading.result()) == 1 << 20
