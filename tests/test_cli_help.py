"""``noticeboard -h`` speaks Chinese, as everything else a clerk reads does: every
command's help has Chinese words, click's English headings are gone, each command
shows an example that the clerks' guide also shows, and a mistyped command line is
answered in Chinese."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import click
import pytest
from conftest import REPO

from generator.cli.commands import _columns, cli, usage_error_in_chinese

GUIDE = (REPO / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def _help(*path: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", *path, "-h"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "noticeboard")
def test_every_command_explains_itself_in_chinese_with_an_example_from_the_guide(
    path: tuple[str, ...],
) -> None:
    text = _help(*path)
    assert text.startswith("用法：noticeboard"), text
    assert "选项：" in text
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[default:"):
        assert english not in text, (english, text)
    examples = re.findall(r"^  例：(noticeboard [^（\n]+)", text, re.M)
    assert examples, f"no 例： line in `noticeboard {' '.join(path)} -h`"
    for example in examples:
        assert example.strip() in GUIDE, f"the guide does not show {example!r}"


def test_every_option_is_explained_in_chinese() -> None:
    for path in _commands():
        command: click.Command = cli
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help and CJK.search(param.help), (path, param.name)


def test_the_help_columns_line_up_whatever_the_width_of_the_words() -> None:
    """Chinese characters take two columns: the help text of every option starts in the
    same column (click counts characters, which puts it out of line)."""
    text = _help("new", "community")
    options = text[text.index("选项：") :].splitlines()[1:]
    starts = set()
    for line in options:
        found = re.match(r"^  (-\S.*?)  +(\S)", line)
        if found:
            starts.add(_columns(line[: found.start(2)]))
    assert len(starts) == 1, options


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "--bogus"], "错误：没有 --bogus 这个选项。"),
        (["nwe"], "错误：没有 nwe 这个命令。是不是要写 new？"),
        (["new", "case"], "错误：缺少 社区编号。"),
        (["check", "--today", "2026-13-01"], "错误：--today 的值不对：日期要写成 YYYY-MM-DD"),
    ],
)
def test_a_mistyped_command_line_is_answered_in_chinese(args: list[str], said: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.commands", *args],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 2
    assert said in result.stderr, result.stderr
    assert "-h 查看用法和例子" in result.stderr
    assert "Error:" not in result.stderr and "Usage:" not in result.stderr


def test_an_unknown_click_message_passes_through_unchanged() -> None:
    assert usage_error_in_chinese("Something new in click 9.") == "Something new in click 9."


def test_wide_characters_count_two_columns() -> None:
    assert _columns("社区a") == 5
    assert all(unicodedata.east_asian_width(c) == "W" for c in "社区")
