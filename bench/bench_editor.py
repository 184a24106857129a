"""Time from the editor's 保存 (persistEntry over HTTP) to its findings (not a test).

    python bench/bench_editor.py                     # example county + 1,000 cases

For the example county (``content/``, copied) and a synthetic county of
``--communities`` × ``--cases`` (``bench_site.generate``), starts the editor's server
in this process (optionally warmed up as `noticeboard edit` does at start), then times persistEntry of one case with a personal mobile number
in it (refused: 422 + findings, nothing written): the first save after start (no
cache: the other folders' summaries are made then, as ``check`` would; again with
the summaries ``check`` left in ``.cache/build/check/``), then repeated saves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def save(port: int, token: str, path: str, raw: str) -> tuple[float, int, int]:
    """Seconds from request to answer, the status, the number of findings."""
    body = json.dumps({"action": "persistEntry", "params": {"entry": {"path": path, "raw": raw}}})
    headers = {
        "Cookie": f"nb_editor={token}",
        "Origin": f"http://127.0.0.1:{port}",
        "Host": f"127.0.0.1:{port}",
        "Content-Type": "application/json",
    }
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", "/api/v1", body=body.encode(), headers=headers)
    answer = conn.getresponse()
    value = json.loads(answer.read())
    conn.close()
    return time.perf_counter() - start, answer.status, len(value.get("findings", []))


def measure(
    root: Path, case: str, today: str, repeats: int, warm: bool = False
) -> dict[str, float]:
    from generator.editor.server import Editor, serve_in_thread
    from generator.source.settings import load_config

    os.chdir(root)  # as `noticeboard edit` runs: in the project folder (cache keys name it)
    raw = (root / case).read_text(encoding="utf-8")
    bad = raw.replace("\ntitle: ", "\ntitle: 联系13812345678 ", 1)
    out: dict[str, float] = {}
    editor = Editor(load_config(root), dt.date.fromisoformat(today))
    server = serve_in_thread(editor, "127.0.0.1", 0)
    if warm:  # what `noticeboard edit` does in the background at start
        start = time.perf_counter()
        editor.checker.warm()
        out["warm-up at start"] = time.perf_counter() - start
    try:
        seconds, status, n = save(editor.port, editor.token, case, bad)
        assert status == 422 and n, (status, n)
        out["first save"] = seconds
        times = [save(editor.port, editor.token, case, bad + "\n" * i)[0] for i in range(repeats)]
        out["next saves (median)"] = statistics.median(times)
        out["next saves (max)"] = max(times)
    finally:
        server.shutdown()
        server.server_close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communities", type=int, default=50)
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from bench_site import generate

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        example = Path(scratch) / "example"
        example.mkdir()
        shutil.copytree(REPO / "content", example / "content")
        shutil.copy(REPO / "site_config.yml", example)
        rows.append(
            (
                "example county",
                measure(example, "content/xiguan/2026-01.md", "2026-12-06", args.repeats),
            )
        )
        synthetic = Path(scratch) / "synthetic"
        synthetic.mkdir()
        generate(synthetic, args.communities, args.cases)
        total = args.communities * args.cases
        case = "content/c000/2026-01.md"
        rows.append(
            (f"{total} cases, no cache", measure(synthetic, case, "2026-12-06", args.repeats))
        )
        shutil.rmtree(synthetic / ".cache", ignore_errors=True)
        warmed = measure(synthetic, case, "2026-12-06", args.repeats, warm=True)
        rows.append((f"{total} cases, no cache, warmed up", warmed))
        subprocess.run(
            [sys.executable, "-m", "generator.cli.commands", "check", "--today", "2026-12-06"],
            cwd=synthetic,
            capture_output=True,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
            check=False,
        )
        rows.append(
            (f"{total} cases, after check", measure(synthetic, case, "2026-12-06", args.repeats))
        )
    for name, figures in rows:
        shown = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in figures.items())
        print(f"{name}: {shown}")


if __name__ == "__main__":
    main()
