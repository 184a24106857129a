"""Benchmark of ``noticeboard build`` on a synthetic county (not a timed test).

    python bench/bench_site.py --communities 50 --cases 20     # 1,000 cases

    python bench/bench_site.py --sizes 1000,2000,10000       # the issue 9 table

Generates N communities × M cases of realistic Chinese case files, builds them
with ``noticeboard build`` and, beside it, a plain mkdocs-material build of the
same pages' Markdown (no plugin, same theme settings, cases left out of the nav,
Material's own search), each in its own child process. Reports (``build_measures``)
the full build from a clean cache, peak memory (the largest process's RSS, and the
summed PSS of the whole process tree, so worker processes count), a rebuild with
nothing changed and with one case edited, and ``check`` with and without the cache;
then pages per second, total site size, the largest case page and the search
index size (raw and gzipped), with the ratios ours / plain; then, in Chromium at
phone size with an empty cache, the KB a first visit to a case page, the next page and
a search transfer from a server that gzips like a real host (``--no-weight`` skips it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 11, 22)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "建华秀兰志刚丽娟海燕文博卫东桂芳国庆晓明淑珍志勇德明桂英玉梅振华春生红霞立新明亮小红永强"
TOWNS = ["禾城街道", "东关街道", "南山镇", "柳河镇", "青石乡", "白杨镇", "新桥街道", "石门乡"]
COMMUNITIES_PER_TOWN = 25  # as in a real county (500 communities: about 20 towns)


def towns(communities: int) -> list[str]:
    """The towns of a county of ``communities``: ``TOWNS``, and more once it has more
    than 25 communities a town."""
    n = max(len(TOWNS), -(-communities // COMMUNITIES_PER_TOWN))
    extra = [f"{SURNAMES[i]}家{'镇' if i % 3 else '街道'}" for i in range(n - len(TOWNS))]
    return TOWNS + extra


PLACES = ["新村", "花园", "家属院", "东区", "西苑", "南街", "北坡", "老街"]
OBJECTS = [
    ("加装电梯", "民生保障"),
    ("停车位划线和收费办法", "公共治理"),
    ("垃圾分类投放点调整", "公共事务和公益事业"),
    ("屋面防水维修费用分摊", "急难愁盼和矛盾纠纷"),
    ("老年助餐点运营方式", "民生保障"),
    ("电动自行车充电桩建设", "公共事务和公益事业"),
    ("村道路灯安装", "发展规划和项目建设"),
    ("集体土地流转收益分配", "集体资产和收益分配"),
    ("广场舞音量和时间约定", "自治章程和居民公约"),
    ("雨污分流改造施工安排", "落实上级决策部署"),
    ("小区门禁和夜间开放", "公共治理"),
    ("儿童游乐设施更新", "协商主体提出的事项"),
]
SENTENCES = [
    "{place}建于上世纪九十年代，共有住户 {n} 户，其中 60 岁以上老人约占三分之一。",
    "多名居民反映，{obj}问题已经影响到日常生活，希望社区尽快组织协商。",
    "社区在前期走访中收集到意见 {n} 条，主要集中在费用、施工时间和日常管理三个方面。",
    "物业服务企业表示愿意配合，但需要明确费用来源和后续维护责任。",
    "部分住户担心施工期间噪声和出行不便，建议避开中考、高考等时段。",
    "街道城建科介绍了相关补助政策，符合条件的项目可申请每户不超过 {n} 元的补贴。",
    "议事会成员建议先在一个楼栋试点，总结经验后再逐步推开。",
    "与会人员就方案逐条讨论，对费用分摊比例提出了修改意见。",
    "低楼层住户希望少出资或不出资，高楼层住户表示理解并同意适当多承担。",
    "会议决定成立由居民代表、议事会成员和物业组成的监督小组，每月公开一次进度。",
]


def person(rng: random.Random) -> str:
    i = rng.randrange(0, len(GIVEN) - 1, 2)
    return rng.choice(SURNAMES) + GIVEN[i : i + 2]


def paragraph(rng: random.Random, place: str, obj: str, k: int = 4) -> str:
    return "".join(
        rng.choice(SENTENCES).format(place=place, obj=obj, n=rng.randint(12, 480)) for _ in range(k)
    )


def case_dates(year: int, n: int, per_year: int) -> dict[str, dt.date]:
    month = 1 + (n * 10) // per_year
    proposed = dt.date(year, month, 2)
    posted = proposed + dt.timedelta(days=7)
    until = posted + dt.timedelta(days=10)
    meeting = until + dt.timedelta(days=2)
    return {"proposed": proposed, "posted": posted, "until": until, "meeting": meeting}


SHAPES = ("light", "heavy")


def case_file(
    rng: random.Random,
    community: str,
    kind: str,
    case_id: str,
    d: dict[str, dt.date],
    shape: str = "heavy",
) -> tuple[str, str]:
    """(front matter + body, plain Markdown of the same page). ``heavy``: a full record
    (participants, vote, progress, evaluation) and a body of three sections (~1,400
    characters a file); ``light``: what most small cases hold, a notice, a meeting and
    an outcome, and a body of one paragraph (~500 characters, ~840 a file)."""
    if shape == "light":
        return _light_case_file(rng, community, kind, d)
    place, obj, fm, plain = _case_head(rng, community, kind, d)
    host = person(rng)
    if d["posted"] <= TODAY:
        fm += ["notice:", f"  posted: {d['posted']}", f"  until: {d['until']}"]
        plain.append(f"- 公示期：{d['posted']} 至 {d['until']}")
        fm += [
            "meeting:",
            f'  start: "{d["meeting"]} 19:00"',
            f"  place: {community}议事厅",
            f"  host: {host}",
            "participants:",
            f"  - name: {host}",
            "    group: 议事会成员",
            "  - group: 利益相关方",
            f"    count: {rng.randint(5, 30)}",
            f"    role: {place}住户",
            "  - group: 政府部门",
            "    count: 2",
        ]
        plain += [f"- 会议：{d['meeting']} 19:00，{community}议事厅，主持人 {host}"]
    held = d["meeting"] < TODAY
    if held:
        present = rng.randint(20, 45)
        votes_for = present - rng.randint(0, 6)
        against = rng.randint(0, present - votes_for)
        summary = paragraph(rng, place, obj, 2)
        fm += [
            "attendance:",
            f"  present: {present}",
            "outcome:",
            f"  date: {d['meeting']}",
            "  result: agreed",
            f"  summary: {summary}",
            "  vote:",
            f"    for: {votes_for}",
            f"    against: {against}",
            f"    abstain: {present - votes_for - against}",
        ]
        plain += ["", "## 协商结果", "", summary, "", f"赞成 {votes_for} 票，反对 {against} 票。"]
        progress = []
        for days, pct in ((30, 30), (90, 70), (150, 100)):
            when = d["meeting"] + dt.timedelta(days=days)
            if when <= TODAY:
                progress.append((when, pct))
        if progress:
            fm.append("progress:")
            plain += ["", "## 落实进度", ""]
            for when, pct in progress:
                note = rng.choice(SENTENCES[3:]).format(place=place, obj=obj, n=rng.randint(2, 40))
                fm += [f"  - date: {when}", f"    percent: {pct}", f"    note: {note}"]
                plain.append(f"- {when}：{pct}%，{note}")
        if progress and progress[-1][1] == 100 and rng.random() < 0.5:
            when = progress[-1][0] + dt.timedelta(days=20)
            if when <= TODAY:
                fm += [
                    "evaluation:",
                    f"  date: {when}",
                    "  satisfied: 40",
                    "  basically_satisfied: 8",
                    "  unsatisfied: 2",
                ]
                plain += ["", "## 评价", "", "满意 40 人，基本满意 8 人，不满意 2 人。"]
    body = "\n\n".join(
        [
            "## 背景情况",
            paragraph(rng, place, obj, 5),
            "## 各方意见",
            paragraph(rng, place, obj, 5),
            "## 会议记录",
            paragraph(rng, place, obj, 6),
        ]
    )
    return _case_texts(fm, plain, body)


def _case_head(
    rng: random.Random, community: str, kind: str, d: dict[str, dt.date]
) -> tuple[str, str, list[str], list[str]]:
    """What every case opens with, in both shapes: (place, object, front matter lines,
    plain Markdown lines)."""
    place = community.removesuffix("社区").removesuffix("村") + rng.choice(PLACES)
    obj, category = rng.choice(OBJECTS)
    title = f"{place}{obj}"
    rw = "村民" if kind == "村" else "居民"
    fm = [
        f"title: {title}",
        f"category: {category}",
        f"form: {rw}议事会",
        "proposed:",
        f"  date: {d['proposed']}",
        f"  by: {place}{rw}",
        "  channel: 走访收集",
    ]
    plain = [f"# {title}", "", f"- 类别：{category}", f"- 提出：{place}{rw}，{d['proposed']}"]
    return place, obj, fm, plain


def _case_texts(fm: list[str], plain: list[str], body: str) -> tuple[str, str]:
    """(the case file, the plain Markdown page) of front matter, plain lines and body."""
    source = "---\n" + "\n".join(fm) + "\n---\n\n" + body + "\n"
    return source, "\n".join(plain) + "\n\n" + body + "\n"


def _light_case_file(
    rng: random.Random, community: str, kind: str, d: dict[str, dt.date]
) -> tuple[str, str]:
    place, obj, fm, plain = _case_head(rng, community, kind, d)
    if d["posted"] <= TODAY:
        fm += ["notice:", f"  posted: {d['posted']}", f"  until: {d['until']}"]
        fm += [
            "meeting:",
            f'  start: "{d["meeting"]} 19:00"',
            f"  place: {community}议事厅",
            f"  host: {person(rng)}",
            "participants:",
            "  - group: 利益相关方",
            f"    count: {rng.randint(5, 30)}",
        ]
        plain += [f"- 公示期：{d['posted']} 至 {d['until']}", f"- 会议：{d['meeting']} 19:00"]
    if d["meeting"] < TODAY:
        summary = paragraph(rng, place, obj, 1)
        fm += [
            "attendance:",
            f"  present: {rng.randint(20, 45)}",
            "outcome:",
            f"  date: {d['meeting']}",
            "  result: agreed",
            f"  summary: {summary}",
        ]
        plain += ["", "## 协商结果", "", summary]
    body = paragraph(rng, place, obj, 14)
    return _case_texts(fm, plain, body)


def generate(
    root: Path,
    communities: int,
    cases: int,
    seed: int = 7,
    town_names: list[str] | None = None,
    shape: str = "heavy",
) -> dict[str, str]:
    """Write the synthetic project; return the plain Markdown pages (path -> text).
    ``town_names``: the towns, in turn (else ``towns(communities)``); ``shape``: the
    cases' (``SHAPES``, see ``case_file``)."""
    rng = random.Random(seed)
    (root / "site_config.yml").write_text(
        "site_name: 基准县城乡社区协商公开\nbase_url: https://xs.bench.example.cn\ncounty: 基准县\n",
        encoding="utf-8",
    )
    plain: dict[str, str] = {"index.md": "# 基准县城乡社区协商公开\n\n各社区、村的协商议题。\n"}
    per_year = max(1, cases // 2)
    county_towns = town_names or towns(communities)
    for ci in range(communities):
        kind = "村" if ci % 3 == 2 else "社区"
        name = f"{rng.choice(SURNAMES)}{rng.choice(PLACES)[:1]}{kind}"
        cid = f"c{ci:03d}"
        town = county_towns[ci % len(county_towns)]
        folder = root / "content" / cid
        folder.mkdir(parents=True)
        (folder / "community.yml").write_text(
            f"name: {name}\nkind: {kind}\ntown: {town}\nboard: {name}党群服务中心门口公开栏\n"
            f"contact: 0931-86{ci:05d}（办公室）\n",
            encoding="utf-8",
        )
        listing = [f"# {name}", "", f"{town} · {kind}", ""]
        for k in range(cases):
            year, n = (2025, k) if k < per_year else (2026, k - per_year)
            case_id = f"{year}-{n + 1:02d}"
            dates = case_dates(year, n, per_year)
            source, md = case_file(rng, name, kind, case_id, dates, shape)
            (folder / f"{case_id}.md").write_text(source, encoding="utf-8")
            plain[f"{cid}/{case_id}.md"] = md
            listing.append(f"- [{md.splitlines()[0][2:]}]({case_id}.md)")
        plain[f"{cid}/index.md"] = "\n".join(listing) + "\n"
    return plain


def write_plain_project(root: Path, plain: dict[str, str]) -> Path:
    docs = root / "docs"
    for path, text in plain.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    nav = ["- 首页: index.md"] + [f"- {p}" for p in sorted(plain) if p.endswith("/index.md")]
    config = (
        textwrap.dedent(
            """\
        site_name: 基准县城乡社区协商公开
        site_url: https://xs.bench.example.cn/
        theme:
          name: material
          language: zh
          font: false
        plugins:
          - search:
              lang: zh
        markdown_extensions:
          - toc:
              slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
          - tables
        validation:
          nav:
            omitted_files: ignore
        nav:
        """
        )
        + "\n".join("  " + line for line in nav)
        + "\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


_WRAPPER = """
import json, resource, subprocess, sys, threading, time

sys.path.insert(0, sys.argv.pop(1))  # bench/: the process tree and its PSS
from bench_memory_phases import process_tree, pss_mb

peak = [0.0]
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
def sample():
    while proc.poll() is None:
        peak[0] = max(peak[0], sum(pss_mb(p) for p in process_tree(proc.pid)))
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
err = proc.communicate()[1]
dt = time.perf_counter() - t
if proc.returncode:
    sys.stderr.write(err[-3000:])
    sys.exit(proc.returncode)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([dt, usage.ru_maxrss / 1024, peak[0], usage.ru_utime + usage.ru_stime]))
"""


# CPU seconds of the last ``timed_child_tree`` run: user + system time of the whole
# process tree (rusage of the waited-for children: workers and Pagefind count). Steadier
# than wall time when others share the machine.
last_cpu = [0.0]


# Plain mkdocs-material's peak is a spike of about 100 ms at its end (its search index
# written: 120 -> 156 MB at 2,000 light cases); sampled every 50 ms it was caught in
# some runs only (129-153 MB), every 20 ms in each (147-152 MB; its exact peak RSS,
# VmHWM, 156 MB). A sample takes about 3 ms.
def timed_child_tree(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run ``cmd``: (wall seconds, peak RSS of its largest process in MB, peak of the
    summed proportional memory (PSS) of its whole process tree in MB, sampled every
    20 ms: worker processes count, pages they share are counted once). Its CPU seconds
    are left in ``last_cpu``."""
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(Path(__file__).parent), *cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{out.stderr}")
    seconds, rss, tree_pss, last_cpu[0] = json.loads(out.stdout)
    return seconds, rss, tree_pss


def timed_child(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd`` in a wrapper process: (wall seconds, peak RSS of its children in MB)."""
    seconds, rss, _ = timed_child_tree(cmd, cwd)
    return seconds, rss


def _tool(name: str) -> str:
    """A command of the Python environment running the bench (its venv need not be on PATH)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else name


def edit_one_case(project: Path) -> Path:
    """Change one case's text the way a clerk would (a sentence added to its body)."""
    case = sorted((project / "content").glob("*/20*.md"))[
        len(list((project / "content").glob("*/20*.md"))) // 2
    ]
    with case.open("a", encoding="utf-8") as f:
        f.write("\n补充说明：施工单位已进场，请居民注意出行安全。\n")
    return case


MEASURES = ("rebuild", "check")


def build_measures(
    ours: Path, plain_root: Path, jobs: int | None = None, measures: tuple[str, ...] = MEASURES
) -> list[tuple[str, float, float]]:
    """Full build (clean cache) and plain mkdocs-material, then (``measures``) the
    one-case rebuild and ``check``, as rows (name, noticeboard, plain mkdocs-material
    or 0 when there is no counterpart)."""
    import shutil

    shutil.rmtree(ours / ".cache", ignore_errors=True)
    shutil.rmtree(ours / "site", ignore_errors=True)
    base = [
        _tool("noticeboard"),
        "build",
        "--today",
        str(TODAY),
        "--no-posters",
        "--project",
        str(ours),
    ]
    if jobs:
        base += ["--jobs", str(jobs)]
    s_full, rss_full, pss_full = timed_child_tree(base, ours)
    cpu_full = last_cpu[0]
    s_plain, rss_plain, pss_plain = timed_child_tree(
        [_tool("mkdocs"), "build", "-q", "-f", str(plain_root / "mkdocs.yml")], plain_root
    )
    cpu_plain = last_cpu[0]
    rows = [
        ("full build s (no cache)", s_full, s_plain),
        ("full build CPU s", cpu_full, cpu_plain),
        ("peak RSS MB (largest)", rss_full, rss_plain),
        ("peak PSS MB (all procs)", pss_full, pss_plain),
    ]
    if "rebuild" in measures:
        s_same, _, _ = timed_child_tree(base, ours)  # nothing changed
        cpu_same = last_cpu[0]
        next_day = [*base]
        next_day[next_day.index("--today") + 1] = str(TODAY + dt.timedelta(days=1))
        s_day, _, _ = timed_child_tree(next_day, ours)  # a new day: deadlines move
        cpu_day = last_cpu[0]
        edit_one_case(ours)
        s_edit, _, pss_edit = timed_child_tree(next_day, ours)
        cpu_edit = last_cpu[0]
        rows += [
            ("rebuild, nothing new s", s_same, s_plain),
            ("  unchanged / full build", s_same / s_full, 0),
            ("  CPU, unchanged / full", cpu_same / cpu_full, 0),
            ("rebuild, a new day s", s_day, s_plain),
            ("  new day / full build", s_day / s_full, 0),
            ("  CPU, new day / full", cpu_day / cpu_full, 0),
            ("rebuild, 1 case edited s", s_edit, s_plain),
            ("  1-case / full build", s_edit / s_full, 0),
            ("  CPU, 1-case / full", cpu_edit / cpu_full, 0),
            ("  rebuild peak PSS MB", pss_edit, pss_plain),
        ]
    if "check" in measures:
        rows += check_measures(ours)
    return rows


# The baseline of ``check``: one process reads every content file and parses its YAML
# (a case's front matter) with PyYAML's C loader; no marks kept, no rule run.
_READ_AND_PARSE = r"""
import pathlib, re, sys, yaml
front = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/*")):
    if path.suffix in (".md", ".yml"):
        text = path.read_text(encoding="utf-8")
        m = front.match(text) if path.suffix == ".md" else None
        yaml.load(m.group(1) or "" if m else text, Loader=yaml.CSafeLoader)
"""


def check_measures(ours: Path) -> list[tuple[str, float, float]]:
    """``check`` with no cache, with the cache and nothing changed, and with one case
    edited since, each beside the baseline measured just before (``_READ_AND_PARSE``)."""
    check = [_tool("noticeboard"), "check", "--today", str(TODAY), "--project", str(ours)]
    base, _, _ = timed_child_tree(
        [sys.executable, "-c", _READ_AND_PARSE, str(ours / "content")], ours
    )
    cold, _, pss_check = timed_child_tree([*check, "--no-cache"], ours)
    timed_child_tree(check, ours)  # fills the cache
    warm, _, _ = timed_child_tree(check, ours)
    case = edit_one_case(ours)
    edited, _, _ = timed_child_tree(check, ours)
    case.write_text(case.read_text(encoding="utf-8").split("\n补充说明：")[0], encoding="utf-8")
    timed_child_tree(check, ours)  # the cache as the day ends
    village = sorted(p.parent.name for p in (ours / "content").glob("*/community.yml"))[0]
    next_day = [*check]
    next_day[next_day.index("--today") + 1] = str(TODAY + dt.timedelta(days=1))
    one_village, _, _ = timed_child_tree([*next_day, f"content/{village}/"], ours)
    return [
        ("check s no cache / base", cold, base),
        ("check s cached / base", warm, base),
        ("check s 1 edited / base", edited, base),
        ("check 1 village, new day s", one_village, 0),
        ("  check peak PSS MB", pss_check, 0),
    ]


def search_index_sizes(site: Path) -> tuple[int, int]:
    """(raw, gzipped) bytes of the whole search index: Material's one JSON file, or
    Pagefind's entry, meta, chunks, filters and fragments (written gzipped: raw = gz)."""
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        index = lunr.read_bytes()
        return len(index), len(gzip.compress(index, 6))
    pagefind = site / "pagefind"
    files = [*pagefind.glob("*.pf_meta"), *pagefind.glob("*/*.pf_*")]
    size = sum(p.stat().st_size for p in files)
    return size, size


def site_figures(site: Path, case_glob: str) -> dict[str, float]:
    pages = list(site.rglob("index.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    cases = [p.stat().st_size for p in site.glob(case_glob)]
    raw, gz = search_index_sizes(site)
    return {
        "pages": len(pages),
        "site_mb": total / 1e6,
        "largest_case_kb": max(cases) / 1024 if cases else 0,
        "search_raw_mb": raw / 1e6,
        "search_gz_mb": gz / 1e6,
    }


# --- Page weight in Chromium (issue 8) ------------------------------------------------
# What a resident's phone downloads, counted at a local server that gzips like a real
# host (tests/transfer.py): Chromium at 360×780, empty cache. First visit: a case page
# opened from a poster's QR code; next page: another case in the same visit; search:
# the search opened fresh with a query until its results show.

SEARCH_WORD = "电梯"
COMMON_WORD = "居民"
FIRST_CASE, NEXT_CASE = "c001/2025-04/", "c000/2026-02/"


def _transfer_tools() -> Any:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import transfer

    return transfer


# What a search transfer is made of, by address (first match wins).
SEARCH_PARTS = [
    ("page list (pf_meta)", ".pf_meta"),
    ("WebAssembly", "/wasm."),
    ("pagefind.js", "/pagefind.js"),
    ("index chunks", ".pf_index"),
    ("filter chunks", ".pf_filter"),
    ("fragments", ".pf_fragment"),
    ("stylesheets", ".css"),
    ("search page", "/search/"),
    ("scripts, icon, entry", ""),
]


def search_breakdown(requests: dict[str, int]) -> list[tuple[str, float, int]]:
    """(part, KB, requests) of a search transfer, in SEARCH_PARTS order."""
    parts: dict[str, list[int]] = {name: [] for name, _ in SEARCH_PARTS}
    for url, sent in requests.items():
        name = next(n for n, key in SEARCH_PARTS if key in url.split("?")[0] or not key)
        parts[name].append(sent)
    return [(name, sum(sizes) / 1000, len(sizes)) for name, sizes in parts.items() if sizes]


def search_paths(site: Path) -> list[tuple[str, str]]:
    """(row name, address) of the searches weighed: search/?q=WORD, or in a county with
    town shards (``generator/search_shards.py``) the search in each town's index and
    the widened one (town=全县), which loads the whole county's."""
    try:
        plan = json.loads((site / "search" / "shards.json").read_text(encoding="utf-8"))
        towns = [t["town"] for t in plan["towns"]]
    except (OSError, ValueError, KeyError, TypeError):
        towns = []
    if not towns:
        return [(f"search ?q={SEARCH_WORD} KB", f"/search/?q={SEARCH_WORD}")]
    rows = [(f"search in {town} KB", f"/search/?q={SEARCH_WORD}&town={town}") for town in towns]
    # A word in almost every case: its postings fill the chunk it is in.
    rows.append((f"?q={COMMON_WORD} in {towns[0]} KB", f"/search/?q={COMMON_WORD}&town={towns[0]}"))
    return [*rows, ("search 全县 (widened) KB", f"/search/?q={SEARCH_WORD}&town=全县")]


def weight_ours(site: Path) -> dict[str, Any]:
    """KB transferred by noticeboard's site: first visit, next page, the searches."""
    return _weigh(site, search_paths(site), _transfer_tools().search_ready)


def weight_plain(site: Path) -> dict[str, Any]:
    """The same for plain mkdocs-material: its search is typed into the header box."""

    def material_search(page: Any) -> None:
        page.locator("label.md-header__button[for=__search]").first.click()
        box = page.locator("input.md-search__input")
        box.fill(SEARCH_WORD)
        box.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for(timeout=120_000)

    return _weigh(site, [("search", "/" + FIRST_CASE)], material_search)


def _weigh(
    site: Path, searches: list[tuple[str, str]], search_ready: Any, visits: bool = True
) -> dict[str, Any]:
    """KB of a first visit to a case page, the next case page (unless not ``visits``),
    and (each in a new visit with an empty cache) every search address until
    ``search_ready(page)`` shows results: ``searches`` [(name, KB, requests)]."""
    t = _transfer_tools()
    out: dict[str, Any] = {"searches": []}
    with t.gzip_server(site) as server, t.chromium() as browser:
        if visits:
            visit = t.Visit(browser, server)
            out["first"] = visit.step("/" + FIRST_CASE).kb
            out["next"] = visit.step("/" + NEXT_CASE).kb
            visit.close()
        for name, path in searches:
            visit = t.Visit(browser, server)
            search = visit.step(path, search_ready)
            visit.close()
            out["searches"].append((name, search.kb, search.requests))
    return out


def search_rows(searches: list[tuple[str, float, dict[str, int]]]) -> list[tuple[str, float]]:
    """Each search's KB; what the first and (town shards) the widened one are made of."""
    rows: list[tuple[str, float]] = []
    for i, (name, kb, requests) in enumerate(searches):
        rows.append((name, kb))
        if i in (0, len(searches) - 1) and (i == 0 or len(searches) > 1):
            for part, part_kb, count in search_breakdown(requests):
                rows.append((f"  {part} ({count})"[:28], part_kb))
    return rows


def weight_rows(ours: Path, plain: Path) -> list[tuple[str, float, float]]:
    a, b = weight_ours(ours), weight_plain(plain)
    rows = [
        ("first visit KB", a["first"], b["first"]),
        ("next page KB", a["next"], b["next"]),
    ]
    plain_search = b["searches"][0][1]
    for i, (name, kb) in enumerate(search_rows(a["searches"])):
        rows.append((name, kb, plain_search if i == 0 else 0))
    return rows


# --- Search index alone (issue 23): sizes at 30,000 cases without a full build ---------
# Pagefind over pages written straight from the generated cases (their indexed part as
# themes/pages/case.html marks it: body, filters, result details), split by town as a
# build splits it (generator/search_shards.py), then weighed in Chromium through the
# search page of a small county built for real with the same towns (its town shards
# have the same folder names), its index swapped for this one.

STAGES = ["已评价", "落实中", "已协商", "公示中"]


def _case_html(md: str, cid: str, community: str, case_id: str, rng: random.Random) -> str:
    lines = md.splitlines()
    title = lines[0][2:]
    category = next((x.split("：", 1)[1] for x in lines if x.startswith("- 类别：")), "其他")
    parts = []
    for line in lines[1:]:
        text = html.escape(line.lstrip("#- ").strip())
        if not text or line.startswith("- "):
            continue
        parts.append(f"<h2>{text}</h2>" if line.startswith("#") else f"<p>{text}</p>")
    stage = rng.choice(STAGES)
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"></head><body><article>'
        f'<div class="nb-page nb-case" data-pagefind-body data-pagefind-filter="year:{case_id[:4]}">'
        f'<p class="nb-crumbs"><a href="/" data-pagefind-ignore>首页</a> › <a href="/{cid}/" '
        f'data-pagefind-meta="community" data-pagefind-filter="community:{cid}">{community}</a>'
        f" › 议题 {case_id}</p>"
        f'<h1 data-pagefind-meta="title, date:{case_id[:4]}年3月2日协商">{html.escape(title)}</h1>'
        f'<p data-pagefind-ignore>当前阶段：<span data-pagefind-filter="stage" '
        f'data-pagefind-meta="stage">{stage}</span></p>'
        f'<dl data-pagefind-ignore><dd data-pagefind-filter="category">{category}</dd></dl>'
        + "".join(parts)
        + "</div></article></body></html>\n"
    )


def search_only(root: Path, communities: int, cases: int, weight: bool = True) -> None:
    """The search index of a county of ``communities`` × ``cases`` alone: Pagefind's
    time, the index's bytes, and the KB each town's search and the widened one
    transfer."""
    import shutil
    import time

    from generator.site import search_shards
    from generator.site.search_index import write_search_index

    total = communities * cases
    print(f"\nsearch index alone: {communities} communities × {cases} cases = {total} cases")
    shell = root / "shell"  # built afresh each run: its page and scripts are the code's
    shutil.rmtree(shell, ignore_errors=True)
    shell.mkdir(parents=True)
    generate(shell, len(towns(communities)), 2, town_names=towns(communities))
    env = {**os.environ, search_shards.ENV_MIN_CASES: "1"}
    cmd = [sys.executable, "-m", "generator.cli.commands", "build", "--no-posters"]
    subprocess.run(
        [*cmd, "--project", str(shell), "--today", TODAY.isoformat()],
        check=True,
        capture_output=True,
        env=env,
    )
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(shell / "site", site, ignore=shutil.ignore_patterns("pagefind", "c[0-9]*"))
    content = root / "content"
    rng = random.Random(11)
    if not (content / "done").is_file():
        shutil.rmtree(content, ignore_errors=True)
        content.mkdir(parents=True)
        plain = generate(content, communities, cases)
        for path, md in plain.items():
            if not path.startswith("c") or path.endswith("/index.md"):
                continue
            cid, case_id = path[:-3].split("/")
            community = plain[f"{cid}/index.md"].splitlines()[0][2:]
            page = content / "pages" / cid / case_id / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(_case_html(md, cid, community, case_id, rng), encoding="utf-8")
        (content / "done").write_text("")
    shutil.copytree(content / "pages", site, dirs_exist_ok=True)
    names = towns(communities)
    where = {f"c{ci:03d}": (names[ci % len(names)], cases) for ci in range(communities)}
    plan = search_shards.plan_towns(where)
    search_shards.write_plan(plan, site)
    start = time.perf_counter()
    pages = write_search_index(site)
    seconds = time.perf_counter() - start
    bundle = site / "pagefind"

    def index_bytes(folder: Path) -> tuple[int, int]:  # (meta, all index files)
        files = [p for p in folder.rglob("*.pf_*") if "town" not in p.relative_to(folder).parts]
        return (
            sum(p.stat().st_size for p in files if p.suffix == ".pf_meta"),
            sum(p.stat().st_size for p in files),
        )

    print(f"{pages} pages indexed in {seconds:.1f} s (the machine's load counts)")
    print(f"{'index (gzipped, as served)':34}{'page list KB':>14}{'all files MB':>14}")
    meta, every = index_bytes(bundle)
    print(f"{'全县':34}{meta / 1000:14.1f}{every / 1e6:14.2f}")
    for town in plan:
        meta, every = index_bytes(bundle / search_shards.SHARDS_DIR / town["shard"])
        print(f"{town['town']:34}{meta / 1000:14.1f}{every / 1e6:14.2f}")
    if not weight:
        return
    searches = (
        search_paths(site) if plan else [("search 全县 KB", f"/search/?q={SEARCH_WORD}&town=全县")]
    )
    result = _weigh(site, searches, _transfer_tools().search_ready, visits=False)
    print(f"search ?q={SEARCH_WORD}, KB transferred (Chromium, 360×780, empty cache)")
    for name, kb in search_rows(result["searches"]):
        print(f"{name:34}{kb:10.1f}")


def run_one(
    root: Path,
    communities: int,
    cases: int,
    weight: bool = True,
    measures: tuple[str, ...] = MEASURES,
    check_only: bool = False,
    shape: str = "heavy",
) -> None:
    """Generate one county (or reuse the one a ``--keep`` run left in ``root``), measure
    it beside plain mkdocs-material, print the table."""
    ours, plain_root = root / "county", root / "plain"
    if (plain_root / "mkdocs.yml").is_file() and (ours / "site_config.yml").is_file():
        print(f"\nreusing the projects in {root}")
        for case in (ours / "content").glob("*/20*.md"):  # undo an earlier run's edit
            text = case.read_text(encoding="utf-8")
            if "\n补充说明：" in text:
                case.write_text(text.split("\n补充说明：")[0], encoding="utf-8")
    else:
        ours.mkdir(parents=True)
        plain_root.mkdir(parents=True)
        write_plain_project(plain_root, generate(ours, communities, cases, shape=shape))
    total = communities * cases
    print(f"\n{communities} communities × {cases} cases = {total} cases, {shape} shape")
    if check_only:  # base: one process reading and parsing every file (_READ_AND_PARSE)
        print(f"{'':28}{'noticeboard':>12}{'base':>16}{'ratio':>8}")
        for name, a, b in check_measures(ours):
            print(f"{name:28}{a:12.2f}{b:16.2f}{a / b:8.2f}" if b else f"{name:28}{a:12.2f}")
        return

    rows = build_measures(ours, plain_root, measures=measures)
    s_ours, s_plain = rows[0][1], rows[0][2]
    f_ours = site_figures(ours / "site", "*/20*/index.html")
    f_plain = site_figures(plain_root / "site", "*/20*/index.html")
    rows += [
        ("pages", f_ours["pages"], f_plain["pages"]),
        ("pages / s", f_ours["pages"] / s_ours, f_plain["pages"] / s_plain),
        ("site size MB", f_ours["site_mb"], f_plain["site_mb"]),
        ("largest case page KB", f_ours["largest_case_kb"], f_plain["largest_case_kb"]),
        ("search index MB", f_ours["search_raw_mb"], f_plain["search_raw_mb"]),
        ("search index gz MB", f_ours["search_gz_mb"], f_plain["search_gz_mb"]),
    ]
    if weight:
        rows += weight_rows(ours / "site", plain_root / "site")
    print(f"{'':28}{'noticeboard':>12}{'plain material':>16}{'ratio':>8}")
    for name, a, b in rows:
        ratio = f"{a / b:8.2f}" if b else ""
        plain_text = f"{b:16.2f}" if b else f"{'':16}"
        print(f"{name:28}{a:12.2f}{plain_text}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=50)
    parser.add_argument("--cases", type=int, default=20, help="cases per community")
    parser.add_argument(
        "--sizes",
        help="comma-separated case counts measured one after another, 20 cases per "
        "community (e.g. 1000,2000,10000); overrides --communities and --cases",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the generated projects in this folder (a later run with the same "
        "folder and sizes reuses them)",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated measures to leave out: rebuild (the two rebuilds), check "
        "(the two check runs); the full builds and their memory are always measured",
    )
    parser.add_argument(
        "--no-weight", action="store_true", help="skip the page weight measured in Chromium"
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="measure only the search index (Pagefind over pages written straight from "
        "the generated cases, split by town) and the searches' transfer",
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="measure only check (cold, cached, one case edited) beside its baseline",
    )
    parser.add_argument(
        "--shapes",
        default=",".join(SHAPES),
        help="comma-separated content shapes, each measured in turn: light (a notice, "
        "a meeting, an outcome, ~500 characters of body) and heavy (a full record, three "
        "sections); default both",
    )
    args = parser.parse_args()
    if args.sizes:
        runs = [(max(1, int(n) // 20), 20) for n in args.sizes.split(",")]
    else:
        runs = [(args.communities, args.cases)]
    with tempfile.TemporaryDirectory(prefix="nb-bench-") as tmp:
        root = args.keep or Path(tmp)
        skip = {m for m in args.skip.split(",") if m}
        if skip - set(MEASURES):
            parser.error(f"--skip takes {', '.join(MEASURES)}")
        measures = tuple(m for m in MEASURES if m not in skip)
        shapes = [s for s in args.shapes.split(",") if s]
        if set(shapes) - set(SHAPES):
            parser.error(f"--shapes takes {', '.join(SHAPES)}")
        for communities, cases in runs:
            if args.search_only:
                where = root / f"{communities * cases}"
                search_only(where, communities, cases, not args.no_weight)
                continue
            for shape in shapes:
                run_one(
                    root / f"{communities * cases}-{shape}",
                    communities,
                    cases,
                    not args.no_weight,
                    measures,
                    args.check_only,
                    shape,
                )
        if args.keep:
            print(f"kept in {root}")


if __name__ == "__main__":
    main()
