"""Issue 20.11: one clock. Times written with an offset or Z are shown in local time;
"today" is the local date whatever the machine's zone; the zone is Asia/Shanghai
unless site_config.yml says ``timezone:``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_helpers import FIXTURE, REPO, TODAY, build, copy_project, page, text_of

from generator import clock
from generator.check.project import analyse_config
from generator.cli.commands import cli
from generator.model.cases import LOCAL_TZ
from generator.source.settings import ConfigError, load_config
from generator.source.validate import parse_datetime

CASE = "content/hexi/2026-02.md"
WRITTEN = 'start: "2026-11-27 19:00"'


@pytest.fixture(autouse=True)
def beijing() -> Iterator[None]:
    """Each test starts, and leaves the process, on the default zone."""
    clock.use_zone(clock.DEFAULT_TIMEZONE)
    yield
    clock.use_zone(clock.DEFAULT_TIMEZONE)


def with_start(project: Path, start: str) -> None:
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    assert WRITTEN in text
    path.write_text(text.replace(WRITTEN, f"start: {start}"), encoding="utf-8")


def meeting_start(project: Path) -> dt.datetime:
    analysis = analyse_config(load_config(project), TODAY)
    assert not analysis.errors, analysis.errors
    case = analysis.project.find_case("hexi/2026-02")
    assert case is not None and case.meeting is not None
    return case.meeting.start


def test_a_time_in_utc_is_shown_in_beijing_time(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    with_start(project, "2026-11-27 11:00:00Z")
    assert meeting_start(project) == dt.datetime(2026, 11, 27, 19, 0)
    ok, lines = build(project, project / "site")
    assert ok, lines
    text = text_of(page(project / "site", "hexi/2026-02"))
    assert "19:00" in text and "11:00" not in text
    ics = (project / "site" / "hexi" / "2026-02" / "meeting.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Shanghai:20261127T190000" in ics


def test_offsets_and_naive_times() -> None:
    utc = dt.datetime(2026, 11, 25, 11, 0, tzinfo=dt.UTC)
    assert parse_datetime(utc) == dt.datetime(2026, 11, 25, 19, 0)
    east8 = dt.datetime(2026, 11, 25, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert parse_datetime(east8) == dt.datetime(2026, 11, 25, 11, 0)
    assert parse_datetime("2026-11-25 11:00") == dt.datetime(2026, 11, 25, 11, 0)


def test_the_timezone_setting(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    with_start(project, "2026-11-27 11:00:00Z")
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "timezone: UTC\n", "utf-8")
    assert meeting_start(project) == dt.datetime(2026, 11, 27, 11, 0)
    assert dt.datetime(2026, 1, 1, tzinfo=LOCAL_TZ).utcoffset() == dt.timedelta(0)

    config.write_text(config.read_text(encoding="utf-8").replace("UTC", "Mars/Olympus"), "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(project)
    assert "timezone" in str(raised.value) and "Asia/Shanghai" in str(raised.value)


def test_today_is_the_local_date_whatever_the_machine_zone() -> None:
    """26 hours apart: the machine's date differs between these zones, always."""
    code = "from generator import clock; print(clock.today(), clock.now().utcoffset())"
    seen = set()
    for zone in ("Etc/GMT+12", "Etc/GMT-14"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "TZ": zone, "PYTHONPATH": str(REPO)},
            check=True,
        )
        seen.add(out.stdout)
    assert len(seen) == 1 and "8:00:00" in seen.pop()


def test_the_command_line_day_is_beijing_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 20:00 UTC on New Year's Eve it is already 2027 in Beijing: `new case` numbers
    the case in 2027's ledger."""
    project = copy_project(FIXTURE, tmp_path / "project")
    evening = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: evening.astimezone(clock.zone()))
    result = CliRunner().invoke(cli, ["new", "case", "hexi", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "content" / "hexi" / "2027-01.md").is_file(), result.output
