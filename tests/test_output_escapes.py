"""What a clerk wrote never breaks a finding's one line (issue 20, minor): a YAML key
holding a line feed would otherwise print lines CI runners read as commands
(``::error``, ``::add-mask::``), and a lone surrogate could not be printed at all."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import TODAY, TempProject

from generator.cli.commands import cli
from generator.findings import printable

KEY = '  "x\\n::add-mask::secret\\n::error file=a::forged\\r\\u2028\\ud800": 1'


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab", "json"])
def test_a_key_with_line_breaks_stays_on_one_line(fmt: str, project: TempProject) -> None:
    project.case_with(("  host: 王主任", "  host: 王主任\n" + KEY))
    result = CliRunner().invoke(
        cli, ["check", "--project", str(project.root), "--today", TODAY, "--format", fmt]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stdout.splitlines()
    assert not any(line.lstrip(' "').startswith("::add-mask::") for line in lines), lines
    assert not any(line.lstrip(' "').startswith("::error file=a") for line in lines), lines
    assert "forged" in result.stdout  # shown, escaped, on the finding's own line


def test_printable() -> None:
    assert printable("a\nb\x07\ud800\u2028") == "a\\nb\\x07\\ud800\\u2028"
    assert printable("普通文字") == "普通文字"
