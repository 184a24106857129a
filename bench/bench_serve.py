"""Benchmark of ``noticeboard serve`` on a synthetic county (not a timed test).

    python bench/bench_serve.py --communities 500 --cases 20 --keep /tmp/nb-serve

Generates a county with ``bench_site.generate`` (kept with ``--keep DIR``, reused by a
later run with the same folder and size), starts ``noticeboard serve --today
2026-11-22`` on a free port and waits for the first build; then, ``--edits`` times
each (the figure is the median), edits one case the way a clerk would and measures the
seconds until an HTTP GET shows the edit:

- body: a sentence appended to a case's body, until that case's page carries it;
- title: a case's ``title:`` changed, until its community's page lists the new title.

Then, ``all pages``: the seconds until the server's log shows the edit's build and the
one it asks for right after (home, 落实跟踪, search, statistics: one line 预览：重新生成了
N 个页面 each; a build of every page, before ``serve`` rebuilt only what changed, logs
none, and its figure is the edit's). The bench waits for both before the next edit. ``--profile FILE`` runs the server under cProfile
(written when it stops) to find where a rebuild's time goes.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import generate

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 120) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def until(check, seconds: float = 3600, step: float = 0.05) -> float:
    """Seconds until ``check()`` is true (polling every ``step``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(step)
    raise SystemExit("timed out")


def shows(url: str, text: str):
    """A check: the page at ``url`` carries ``text``."""
    return lambda: text in get(url)[1]


def project_for(root: Path, communities: int, cases: int) -> Path:
    project = root / f"{communities * cases}"
    if not (project / "site_config.yml").exists():
        print(f"generating {communities * cases} cases in {project}", flush=True)
        project.mkdir(parents=True, exist_ok=True)
        generate(project, communities, cases)
    return project


def epoch(base: str) -> int:
    """The live-reload epoch the server shows now (answers at once with epoch 0)."""
    return int(get(f"{base}/livereload/0/0")[1] or 0)


def settle(base: str, seen: int) -> int:
    """Wait until the server has finished a build newer than epoch ``seen``."""
    while True:
        now = int(get(f"{base}/livereload/{seen}/1", timeout=3600)[1] or seen)
        if now > seen:
            return now


def builds_logged(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("预览：重新生成了")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=500)
    parser.add_argument("--cases", type=int, default=20, help="cases per community")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind (median)")
    parser.add_argument("--keep", type=Path, help="keep the generated county in this folder")
    parser.add_argument("--profile", type=Path, help="cProfile the server into this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nb-serve-") as tmp:
        project = project_for(args.keep or Path(tmp), args.communities, args.cases)
        run(project, args.edits, args.profile)


def run(project: Path, edits: int, profile: Path | None) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable]
    if profile is not None:
        cmd += ["-m", "cProfile", "-o", str(profile.resolve())]
    cmd += ["-m", "generator.cli.commands", "serve", "--today", "2026-11-22"]
    cmd += ["--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    log = project.parent / f"serve-{project.name}.log"
    cases = sorted((project / "content").glob("*/20*.md"))
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            cmd, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip
        try:
            first = cases[len(cases) // 2]
            url = f"{base}/{first.parent.name}/{first.stem}/"
            start = time.monotonic()
            until(lambda: get(url)[0] == 200, step=0.5)
            print(f"{len(cases)} cases: first build {time.monotonic() - start:.1f} s", flush=True)
            seen = epoch(base)
            run_id = time.strftime("%H%M%S")  # a kept county already holds earlier runs' edits
            body, title, after = [], [], []

            def all_pages(before: int, start: float) -> None:
                if builds_logged(log):  # else a full build each time: nothing to wait for
                    until(lambda: builds_logged(log) >= before + 2)
                after.append(time.monotonic() - start)

            for n in range(edits):
                case = cases[(len(cases) // 3 + 7 * n) % len(cases)]
                page = f"{base}/{case.parent.name}/{case.stem}/"
                sentence = f"补充说明{run_id}第{n + 1}次：施工单位已进场，请居民注意出行安全。"
                before, start = builds_logged(log), time.monotonic()
                with case.open("a", encoding="utf-8") as f:
                    f.write(f"\n{sentence}\n")
                body.append(until(shows(page, sentence)))
                all_pages(before, start)
                seen = settle(base, seen)
                case = cases[(2 * len(cases) // 3 + 7 * n) % len(cases)]
                listing = f"{base}/{case.parent.name}/"
                text = case.read_text(encoding="utf-8")
                old = next(line for line in text.splitlines() if line.startswith("title: "))
                new = f"{old}（{run_id}第{n + 1}次修改）"
                before, start = builds_logged(log), time.monotonic()
                case.write_text(text.replace(old, new, 1), encoding="utf-8")
                title.append(until(shows(listing, new[len("title: ") :])))
                all_pages(before, start)
                seen = settle(base, seen)
                print(
                    f"  edit {n + 1}: body {body[-1]:.2f} s (all pages {after[-2]:.2f} s), "
                    f"title {title[-1]:.2f} s (all pages {after[-1]:.2f} s)",
                    flush=True,
                )
            print(
                f"{len(cases)} cases: body edit shown in {statistics.median(body):.2f} s, "
                f"title edit on the community page in {statistics.median(title):.2f} s, "
                f"all pages in {statistics.median(after):.2f} s (medians of {edits})",
                flush=True,
            )
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    print(f"server log: {log}")


if __name__ == "__main__":
    main()
