"""One error type for what a user can fix (generator.errors.UserError) and one place that
reports it (the command line): Chinese lines on stderr, the documented exit status,
never a traceback."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TempProject

from generator.cli.commands import cli
from generator.errors import EXIT_FINDINGS, EXIT_USAGE, UserError
from generator.model.scaffold import ScaffoldError
from generator.posters import UnknownTarget
from generator.posters.fonts import FontNotFound
from generator.publish.releases import PublishError
from generator.site.guard import PublishedUnavailable
from generator.source.settings import ConfigError

GENERATOR = Path(__file__).parent.parent / "generator"


@pytest.mark.parametrize(
    "error",
    [ConfigError, FontNotFound, UnknownTarget, ScaffoldError, PublishedUnavailable, PublishError],
)
def test_every_user_facing_error_is_a_user_error(error: type) -> None:
    assert issubclass(error, UserError)


def test_only_the_command_line_reports_user_errors() -> None:
    """No module catches a UserError to print it itself (the build's own poster step,
    which must clean up before it says why, is the one exception)."""
    names = {"UserError", "ConfigError", "FontNotFound", "UnknownTarget", "ScaffoldError"}
    names |= {"PublishedUnavailable", "PublishError"}
    catching = set()
    for path in GENERATOR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = set(ast.unparse(node.type).replace("(", " ").replace(")", " ").split())
                caught = {c.strip(",").split(".")[-1] for c in caught}
                if caught & names:
                    catching.add(path.relative_to(GENERATOR).as_posix())
    assert catching <= {"cli/commands.py", "site/build.py", "site/plugin.py"}, catching


def _run(project: TempProject, *args: str) -> object:
    return CliRunner().invoke(cli, [*args, "--project", str(project.root)])


def test_a_config_error_is_reported_as_findings(project: TempProject) -> None:
    project.config("posters:\n  paper: B5\n")
    result = _run(project, "check")
    assert result.exit_code == EXIT_USAGE  # type: ignore[attr-defined]
    assert "config-invalid" in result.stderr and "posters.paper" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_a_scaffold_error_is_one_chinese_line(project: TempProject) -> None:
    result = _run(project, "new", "case", "nowhere")
    assert result.exit_code == EXIT_USAGE  # type: ignore[attr-defined]
    assert result.stderr.startswith("错误：")  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]


def test_an_unknown_poster_target_exits_1(project: TempProject) -> None:
    result = _run(project, "posters", "nowhere")
    assert result.exit_code == EXIT_FINDINGS  # type: ignore[attr-defined]
    assert "错误：" in result.stderr and "找不到社区或村" in result.stderr  # type: ignore[attr-defined]


def test_lead_and_outcome_frame_the_message() -> None:
    assert PublishedUnavailable("连接超时").lines() == [
        "错误：无法读取已发布网站的地址清单：连接超时。网站没有更新。"
    ]
    assert PublishError("目标文件夹不可写").lines() == ["错误：目标文件夹不可写。网站没有改变。"]
