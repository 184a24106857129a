"""Poster rendering benchmark on a synthetic county: speed and weight.

    python bench/bench_posters.py [--communities 6] [--cases 10] [--workers N]

Writes a project of N communities × M cases (every stage represented) into a
temporary folder, then measures:

- cold: all posters drawn, empty cache (posters per second, all cores), working
  font and word dictionary included; also its CPU time (all processes), which
  other programs on a shared machine do not inflate, as posters/s on idle cores;
- weight: everything under site/posters/ per case (case PDFs, previews, community
  posters, bundles), the largest case PDF and preview;
- warm: the same build again (everything from the cache) into a fresh site folder;
- next day: the build a day later, nothing on the posters changed (nothing drawn);
- one edit: one case's meeting place changed (its poster and its bundle redrawn);
- word dictionary: loading jieba's dictionary for line breaking (once per build
  that draws anything, before the workers fork; included in "cold");
- stages: per poster, serially on a sample, CPU time of each step: layout (line
  breaking and fitting; the QR matrix apart), QR matrix, paint (the preview drawn
  at 96 dpi), PNG encode, PDF (font subsets and drawing);
- baseline, in the same run: a bare Pillow A4 300-dpi greyscale image with a few
  lines of text, saved as PNG, serially (what the raster posters cost at least);
  the ratios say how much a real poster costs per core compared with that floor,
  by wall time and by CPU time (CPU time is what other programs on a shared
  machine disturb least);
- versions (``--history``): the county committed to git three times (all cases,
  then every other, then every third one edited), and the case pages' poster
  version lists computed from that history, first with an empty cache, then again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from generator.check.project import Analysis, analyse
from generator.model import history
from generator.posters import poster_specs, render_posters
from generator.posters.draw import compose_poster
from generator.posters.fonts import find_cjk_font
from generator.posters.layout import load_layout
from generator.posters.paint import PREVIEW_DPI, PREVIEW_GREYS, paint, png_bytes
from generator.posters.pdf import pdf_document
from generator.posters.qr import qr_matrix
from generator.posters.render import pdf_fonts, prepare, workers_available
from generator.posters.versions import poster_versions

TODAY = dt.date(2026, 11, 22)

CONFIG = """site_name: 基准测试县城乡社区协商公开
base_url: https://xs.bench.example.cn
county: 基准县
posters:
  paper: A4
"""

COMMUNITY = """name: {name}
kind: {kind}
town: 第{n}街道
county: 基准县
contact: 0931-86{n:05d}
"""

STAGES = [
    # (notice, meeting, outcome, progress) blocks, by how far the case has come
    "",
    "notice",
    "notice meeting",
    "notice meeting outcome",
    "notice meeting outcome progress",
    "notice meeting outcome progress done",
]


def case_text(index: int) -> str:
    """A valid case file; its stage on TODAY depends on ``index``."""
    blocks = STAGES[index % len(STAGES)].split()
    day = dt.date(2026, 9, 1) + dt.timedelta(days=index % 20)
    lines = [
        "---",
        f"title: 第{index}号议题：小区楼道照明改造和非机动车充电设施建设（{index % 7 + 1} 号楼）",
        "category: 急难愁盼和矛盾纠纷",
        "form: 居民议事会",
        "proposed:",
        f"  date: {day - dt.timedelta(days=14)}",
        "  by: 楼栋居民",
        "  channel: 走访收集",
    ]
    if "notice" in blocks:
        lines += [
            "notice:",
            f"  posted: {day - dt.timedelta(days=10)}",
            f"  until: {day - dt.timedelta(days=2)}",
        ]
    if "meeting" in blocks:
        lines += [
            "meeting:",
            f'  start: "{day} 19:00"',
            "  place: 社区议事厅",
            "  host: 张主任",
            "participants:",
            "  - group: 议事会成员",
            "    count: 9",
            "  - group: 利益相关方",
            f"    count: {index % 20 + 3}",
        ]
    if "outcome" in blocks:
        lines += [
            "attendance:",
            "  present: 20",
            "outcome:",
            f"  date: {day}",
            "  result: agreed",
            "  summary: 同意在年底前完成楼道照明改造，充电设施由物业公司负责安装和维护，费用从公共收益中列支。",
            "  vote:",
            "    for: 18",
            "    against: 1",
            "    abstain: 1",
        ]
    if "progress" in blocks:
        percent = 100 if "done" in blocks else 40
        lines += [
            "progress:",
            f"  - date: {day + dt.timedelta(days=30)}",
            f"    percent: {percent}",
            "    note: 已完成招标",
        ]
    return "\n".join([*lines, "---", "背景说明。", ""])


def write_project(root: Path, communities: int, cases: int) -> None:
    (root / "site_config.yml").write_text(CONFIG, "utf-8")
    for n in range(communities):
        folder = root / "content" / f"c{n:02d}"
        folder.mkdir(parents=True)
        kind = "村" if n % 3 == 2 else "社区"
        name = f"第{n}{'村' if kind == '村' else '社区'}"
        (folder / "community.yml").write_text(COMMUNITY.format(name=name, kind=kind, n=n), "utf-8")
        for i in range(1, cases + 1):
            (folder / f"2026-{i:02d}.md").write_text(case_text(n * cases + i), "utf-8")


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the drawing workers):
    unlike wall time, not inflated by other programs sharing the machine."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_weight(posters: Path, analysis: object) -> dict[str, int]:
    """Bytes under ``posters``: case PDFs, case previews, the rest (community posters
    and bundles), and the largest case PDF and preview."""
    out = {"total": 0, "pdf": 0, "png": 0, "community": 0, "max_pdf": 0, "max_png": 0}
    for path in posters.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        out["total"] += size
        if path.parent == posters:
            out["community"] += size
        elif path.suffix == ".pdf":
            out["pdf"] += size
            out["max_pdf"] = max(out["max_pdf"], size)
        elif path.suffix == ".png":
            out["png"] += size
            out["max_png"] = max(out["max_png"], size)
    return out


def baseline_seconds(samples: int = 5) -> tuple[float, float]:
    """Wall and CPU seconds for a bare A4 300-dpi greyscale page: a heading, ten
    lines, PNG save."""
    fonts = find_cjk_font()
    big = ImageFont.truetype(fonts.bold.path, 250, index=fonts.bold.index)
    body = ImageFont.truetype(fonts.regular.path, 92, index=fonts.regular.index)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(samples):
        image = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(image)
        draw.text((1240, 300), "协商议题公示", font=big, fill=0, anchor="mm")
        for i in range(10):
            draw.text(
                (150, 700 + i * 130), "协商时间：2026年11月26日（星期四）19:00", font=body, fill=0
            )
        draw.rectangle((150, 2100, 1390, 3340), fill=0)
        image.save(io.BytesIO(), format="PNG", compress_level=6)
    return (time.perf_counter() - start) / samples, (time.process_time() - cpu) / samples


STAGES_SAMPLE = 60


def stage_ms(analysis: Analysis, cache: Path) -> dict[str, float]:
    """CPU milliseconds per poster of each drawing step, serially in this process,
    on the first ``STAGES_SAMPLE`` posters (the working font taken from ``cache``)."""
    specs = poster_specs(analysis)[0][:STAGES_SAMPLE]
    fonts = find_cjk_font()
    layout = load_layout(analysis.config.posters.paper)
    prepare(fonts)
    totals = dict.fromkeys(("layout", "qr", "paint", "png", "pdf"), 0.0)

    def timed(stage: str, function: Any, *args: Any) -> Any:
        start = time.process_time()
        result = function(*args)
        totals[stage] += time.process_time() - start
        return result

    pages = []
    for spec in specs:
        timed("qr", qr_matrix, spec.url)
        pages.append(timed("layout", lambda s=spec: compose_poster(s, layout, fonts).page))
        image = timed("paint", paint, pages[-1], PREVIEW_DPI, fonts)
        timed("png", png_bytes, image, PREVIEW_DPI, PREVIEW_GREYS[0])
    working = pdf_fonts(fonts, {ch for page in pages for ch in page.chars()}, cache / "fonts")
    for page in pages:
        timed("pdf", pdf_document, [page], working, page.title)
    out = {k: v * 1000 / len(specs) for k, v in totals.items()}
    out["layout"] -= out["qr"]  # compose_poster makes the QR matrix too
    return out


def versions_seconds(root: Path) -> tuple[int, int, float, float, float]:
    """The project at ``root`` committed three times; (cases, revisions, seconds for
    the poster version lists with an empty cache, CPU seconds of it, seconds again
    with the cache)."""
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.cn",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.cn",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }

    def git(*args: str, when: str) -> None:
        day = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", *args], cwd=root, env=env | day, check=True, capture_output=True)

    git("init", "-q", when="2026-09-01T10:00:00+08:00")
    git("add", "-A", when="2026-09-01T10:00:00+08:00")
    git("commit", "-qm", "1", when="2026-09-01T10:00:00+08:00")
    files = sorted((root / "content").glob("*/*.md"))
    for step, when in ((2, "2026-10-01T10:00:00+08:00"), (3, "2026-11-01T10:00:00+08:00")):
        for path in files[:: step - 1]:
            path.write_text(path.read_text("utf-8") + f"补充说明{step}。\n", "utf-8")
        git("commit", "-qam", str(step), when=when)
    analysis = analyse(root, TODAY)
    pairs = [(case, c) for c in analysis.communities for case in c.cases]
    revisions = 0
    timings = []
    for _ in range(2):
        history.clear_cache()
        start, cpu = time.perf_counter(), time.process_time()
        poster_versions(pairs, analysis.config, TODAY)
        timings.append((time.perf_counter() - start, time.process_time() - cpu))
    revisions = sum(len(history.file_revisions(case.path) or []) for case, _ in pairs)
    history.clear_cache()
    return len(pairs), revisions, timings[0][0], timings[0][1], timings[1][0]


def dictionary_seconds() -> float:
    """Seconds to load the line-breaking word dictionary, in a fresh process."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from generator.posters.linebreak import prepare; prepare()\n"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=6)
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None, help="default: all cores")
    parser.add_argument(
        "--history", action="store_true", help="also time the poster version lists from git"
    )
    args = parser.parse_args()
    workers = args.workers or workers_available()

    tmp = Path(tempfile.mkdtemp(prefix="bench-posters-"))
    try:
        write_project(tmp, args.communities, args.cases)
        analysis = analyse(tmp, TODAY)
        if analysis.errors:
            raise SystemExit("\n".join(f.as_text() for f in analysis.errors))
        cache = tmp / "cache"

        cpu_before = cpu_seconds()
        cold = render_posters(analysis, tmp / "site1" / "posters", cache_dir=cache, workers=workers)
        cold_cpu = cpu_seconds() - cpu_before
        weight = measure_weight(tmp / "site1" / "posters", analysis)
        warm = render_posters(analysis, tmp / "site2" / "posters", cache_dir=cache, workers=workers)
        tomorrow = analyse(tmp, TODAY + dt.timedelta(days=1))
        next_day = render_posters(
            tomorrow, tmp / "site4" / "posters", cache_dir=cache, workers=workers
        )
        case_file = tmp / "content" / "c00" / "2026-03.md"
        case_file.write_text(
            case_file.read_text("utf-8").replace("社区议事厅", "小区广场"), "utf-8"
        )
        edited = analyse(tmp, TODAY)
        one = render_posters(edited, tmp / "site3" / "posters", cache_dir=cache, workers=workers)
        base, base_cpu = baseline_seconds()
        words = dictionary_seconds()
        stages = stage_ms(edited, cache)
        versions = versions_seconds(tmp) if args.history else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = cold.rendered_count
    per_poster_core = cold.seconds * workers / n
    print(
        f"synthetic county: {args.communities} communities, {len(analysis.cases)} cases, {n} posters; {workers} worker(s)"
    )
    print(
        f"cold:     {cold.seconds:6.2f} s  -> {n / cold.seconds:5.1f} posters/s (all cores), "
        f"{per_poster_core:.3f} s per poster per core, {len(cold.bundles_rendered)} bundles"
    )
    print(
        f"cpu:      {cold_cpu:6.1f} s of CPU for the cold build (all processes): "
        f"{cold_cpu / n * 1000:.0f} ms per poster, i.e. {workers / (cold_cpu / n):.0f} posters/s "
        f"on {workers} otherwise idle core(s)"
    )
    print(
        f"warm:     {warm.seconds:6.2f} s  ({warm.rendered_count} drawn, {warm.cached_count} from cache)"
    )
    print(
        f"next day: {next_day.seconds:6.2f} s  ({next_day.rendered_count} drawn, "
        f"{len(next_day.bundles_rendered)} bundles redrawn)"
    )
    print(f"one edit: {one.seconds:6.2f} s  ({one.rendered} drawn, bundles {one.bundles_rendered})")
    cases = len(analysis.cases)
    print(
        f"weight:   site/posters/ {weight['total'] / 1e6:.1f} MB = "
        f"{weight['total'] / cases / 1000:.0f} KB per case (case PDFs {weight['pdf'] / 1e6:.1f} MB, "
        f"previews {weight['png'] / 1e6:.1f} MB, community posters and bundles "
        f"{weight['community'] / 1e6:.1f} MB)"
    )
    print(
        f"          largest case PDF {weight['max_pdf'] / 1000:.0f} KB (limit 80), "
        f"largest preview {weight['max_png'] / 1000:.0f} KB (limit 60), "
        f"mean case PDF {weight['pdf'] / cases / 1000:.0f} KB"
    )
    print(f"words:    {words:.2f} s to load the line-breaking dictionary (once, in cold)")
    print(
        "stages:   "
        + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
        + f" ms CPU per poster (serial, {min(STAGES_SAMPLE, n)} posters; sum {sum(stages.values()):.0f})"
    )
    print(
        f"baseline: {base:.3f} s ({base_cpu:.3f} s CPU) per bare A4 300-dpi Pillow page "
        "(draw + PNG), one core"
    )
    print(
        f"ratio:    a real poster costs {per_poster_core / base:.2f}× the bare page per core "
        f"(wall), {cold_cpu / n / base_cpu:.2f}× by CPU time"
    )
    if versions:
        cases_n, revisions, first, first_cpu, again = versions
        print(
            f"versions: {cases_n} cases, {revisions} revisions in git: poster version lists "
            f"{first:.2f} s ({first_cpu:.2f} s CPU here, the rest git and files) "
            f"with an empty cache, {again:.2f} s with it"
        )
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(f"memory:   {peak / 1024:.0f} MB peak resident, the largest of this process and a worker")
    load = os.getloadavg()
    print(
        f"load:     {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (1, 5, 15 min) at the end, {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
