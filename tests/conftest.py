"""Shared test helpers: a temporary project made from ``tests/corpus/base`` (a valid
site_config.yml, community.yml and one complete case that break no rule), and ways
to check it through the library or the real command line.

Also the suite's own rules: no test may skip (a skip is reported as a failure, so a
missing tool or broken example content cannot pass as green), the example county in
``content/`` must check clean wherever a test uses it (:func:`example_analysis`), and
Hypothesis runs derandomized when ``CI`` is set (profiles below)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Property tests: the same examples on every CI run (a failure there is reproducible and
# never a coin toss); fresh random examples locally, where the database replays failures;
# ``HYPOTHESIS_PROFILE=long`` for a deeper local search.
_HYPOTHESIS = {"deadline": dt.timedelta(seconds=5), "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=200, derandomize=True, database=None, **_HYPOTHESIS)
settings.register_profile("dev", max_examples=200, **_HYPOTHESIS)
settings.register_profile("long", max_examples=2000, **_HYPOTHESIS)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

REPO = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base"
TODAY = "2026-11-22"
# The files the base case (and every corpus case installed beside it) refers to.
CASE_FILES = ("photo1.jpg", "minutes.jpg")


@pytest.fixture(autouse=True, scope="session")
def _shared_ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One OCR cache for the whole run: every copy of the example county reads its
    scans once, not once per test (tests of the cache itself unset it)."""
    os.environ["NOTICEBOARD_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    """A skipped test is a failed test: it would otherwise pass without testing anything."""
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} skipped ({reason}); tests here must run or fail"
    return report


def example_analysis(today: dt.date | str = TODAY, root: Path = REPO):  # -> Analysis
    """The example county in content/, analysed; fails the test naming every checker error.

    The example is the embedded default and the end-to-end fixture: an error in it must
    fail the suite loudly, never quietly skip what depends on it."""
    from generator.check.project import analyse

    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    if not list((root / "content").glob("*/community.yml")):
        pytest.fail(f"the example county is missing: no {root / 'content'}/*/community.yml")
    analysis = analyse(root, today)
    if analysis.errors:
        found = "\n".join(f.as_text() for f in analysis.errors)
        pytest.fail(
            f"the example content/ has {len(analysis.errors)} checker errors:\n{found}",
            pytrace=False,
        )
    return analysis


def tiny_jpeg(size: tuple[int, int] = (8, 6)) -> bytes:
    """A real (small) JPEG: the checker opens every photo and attachment."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


TINY_JPEG = tiny_jpeg()


@dataclass
class TempProject:
    """A copy of the base corpus project in a temporary folder."""

    root: Path

    @property
    def community(self) -> Path:
        return self.root / "content" / "xiguan"

    def base_case(self) -> str:
        return (BASE / "content" / "xiguan" / "2026-01.md").read_text(encoding="utf-8")

    def base_community(self) -> str:
        return (BASE / "content" / "xiguan" / "community.yml").read_text(encoding="utf-8")

    def write(self, relative: str, data: str | bytes) -> Path:
        """Write a file under the project folder (text as UTF-8)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def add_case(self, name: str, text: str, *, with_files: bool = True) -> Path:
        """Put a case into content/xiguan/, with the photo and scan it names."""
        path = self.write(f"content/xiguan/{name}", text)
        if with_files:
            folder = path.with_suffix("")
            folder.mkdir(exist_ok=True)
            for file in CASE_FILES:
                (folder / file).write_bytes(TINY_JPEG)
        return path

    def case_with(self, *replacements: tuple[str, str], name: str = "2026-02.md") -> Path:
        """Add a copy of the base case with ``old -> new`` replacements (each must occur once)."""
        text = self.base_case()
        for old, new in replacements:
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the base case"
            text = text.replace(old, new)
        return self.add_case(name, text)

    def community_with(self, *replacements: tuple[str, str]) -> Path:
        """Rewrite content/xiguan/community.yml with ``old -> new`` replacements."""
        text = self.base_community()
        for old, new in replacements:
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in community.yml"
            text = text.replace(old, new)
        return self.write("content/xiguan/community.yml", text)

    def config(self, extra: str) -> None:
        """Append settings to site_config.yml; a ``rules:`` block is merged into the
        base's (its keys replace the base's), since the base sets some rules too."""
        path = self.root / "site_config.yml"
        text = path.read_text(encoding="utf-8")
        if extra.startswith("rules:\n") and "\nrules:\n" in text:
            block = extra.split("\n")[1:]
            n = next((i for i, line in enumerate(block) if not line.startswith("  ")), len(block))
            rules, rest = block[:n], "\n".join(block[n:])
            keys = {line.split(":")[0].strip() for line in rules}
            kept = [
                line
                for line in text.split("\n")
                if not (line.startswith("  ") and line.split(":")[0].strip() in keys)
            ]
            text = "\n".join(kept).replace("\nrules:\n", "\nrules:\n" + "\n".join(rules) + "\n", 1)
            extra = rest.lstrip("\n")
        path.write_text(text + extra, encoding="utf-8")

    def analyse(self, today: str = TODAY):  # -> generator.check.project.Analysis
        from generator.check.project import analyse

        return analyse(self.root, dt.date.fromisoformat(today))

    def findings(self, today: str = TODAY) -> list[tuple[str, str, int]]:
        """(code, file relative to content/xiguan or the project, line) of every finding."""
        return [(f.code, self.relative(f.path), f.line) for f in self.analyse(today).findings]

    def relative(self, shown: str) -> str:
        path = Path(os.path.abspath(shown))  # not resolve(): keep symbolic links as named
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return shown

    def check_json(self, today: str = TODAY) -> tuple[int, list[dict]]:
        """Run ``noticeboard check --format json`` in-process; (exit code, findings)."""
        from generator.cli.commands import cli

        result = CliRunner().invoke(
            cli,
            ["check", "--project", str(self.root), "--today", today, "--format", "json"],
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result.exit_code, json.loads(result.stdout)


def cli_build(root: Path, site: Path, *extra: str, today: str = TODAY, posters: bool = False):
    """``noticeboard build`` of the project in ``root`` into ``site``, in-process (click's
    result: exit code and output); posters only when asked (they take seconds)."""
    from generator.cli.commands import cli

    options = [] if posters else ["--no-posters"]
    where = ["--project", str(root), "--site-dir", str(site)]
    return CliRunner().invoke(cli, ["build", "--today", today, *options, *where, *extra])


@pytest.fixture
def project(tmp_path: Path) -> TempProject:
    """A fresh valid project: community xiguan with the complete case 2026-01."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    made = TempProject(root)
    made.add_case("2026-01.md", made.base_case())
    return made


def codes_at(findings: list[tuple[str, str, int]], relative: str) -> list[tuple[str, int]]:
    """The (code, line) findings in one file."""
    return [(code, line) for code, path, line in findings if path == relative]


# --- a browser on a module's built site (its ``county`` fixture) -----------------------
# Used by the search tests (tests/test_search_browser.py, test_search_shards_browser.py):
# Chromium, a server that gzips like a real host, and one visit that counts the bytes.


@pytest.fixture(scope="module")
def browser(county: Path) -> Iterator[Any]:
    from site_helpers import browser_unavailable

    try:
        from transfer import chromium
    except ImportError:
        browser_unavailable("Playwright not installed: pip install -e '.[test]'")
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def server(county: Path) -> Iterator[Any]:
    from transfer import gzip_server

    with gzip_server(county) as srv:
        yield srv


@pytest.fixture
def visit(browser: Any, server: Any) -> Iterator[Any]:
    from transfer import Visit

    v = Visit(browser, server)
    yield v
    v.close()
