"""Where a build's memory peaks: the whole process tree's PSS, step by step.

    python bench/bench_memory_phases.py -- noticeboard build --today 2026-11-22 --no-posters

Runs the command (in the current folder), samples every 50 ms the PSS of it and of every
process below it (``/proc/<pid>/smaps_rollup``: shared pages split between the processes
sharing them, so the sum is what the tree costs the machine), and prints for each step the
build announces on standard error (检查文件, 准备页面, …, 搜索索引, 检查公开内容) the
highest sum seen while it ran, with each process's share. Linux only. Not a timed test:
``bench_site.py`` gives the peak beside plain mkdocs-material; this says which step it is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import threading
import time
from pathlib import Path


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                todo += [int(c) for c in children.split()]
        except OSError:
            continue
    return found


def pss_mb(pid: int) -> float:
    """A process's proportional memory (PSS) in MB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode().split("/")[-1]
    except OSError:
        return "?"


def _step(line: str) -> str:
    """The step a progress line belongs to: 检查文件…… and 检查文件：完成 are one."""
    return line.strip().split("：")[0].split("…")[0][:24] or "(start)"


def measure(command: list[str]) -> tuple[dict[str, tuple[float, list[tuple[str, int]]]], float]:
    """Each step's highest PSS sum (MB) with each process's share, and the wall time."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    step = ["(start)"]

    def follow() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            step[0] = _step(line)

    threading.Thread(target=follow, daemon=True).start()
    peaks: dict[str, tuple[float, list[tuple[str, int]]]] = {}
    while process.poll() is None:
        shares = [(pid, pss_mb(pid)) for pid in process_tree(process.pid)]
        total = sum(mb for _pid, mb in shares)
        if total > peaks.get(step[0], (0.0, []))[0]:
            peaks[step[0]] = (total, [(_name(p), round(mb)) for p, mb in shares if mb > 5])
        time.sleep(0.05)
    return peaks, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the build to measure")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    peaks, wall = measure(command)
    for step, (total, shares) in peaks.items():
        print(f"{step:24} {total:7.1f} MB  {shares}")
    print(f"wall {wall:.1f} s; peak {max((t for t, _ in peaks.values()), default=0):.1f} MB")


if __name__ == "__main__":
    main()
