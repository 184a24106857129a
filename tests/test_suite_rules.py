"""The suite's own rules (tests/conftest.py): a skip fails, and an error in the example
county fails whatever uses it, naming the finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, example_analysis

pytest_plugins = ["pytester"]


def test_a_skipped_test_is_reported_as_failed(pytester: pytest.Pytester) -> None:
    pytester.copy_example(str(Path(__file__).parent / "conftest.py"))
    pytester.makepyfile(
        test_skips="""
        import pytest

        def test_needs_a_tool():
            pytest.skip("the tool is not installed")

        @pytest.mark.xfail(reason="known")
        def test_known_bug():
            assert False
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*skipped*the tool is not installed*must run or fail*"])


def test_an_error_in_the_example_county_fails_naming_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    assert example_analysis(root=root).cases  # clean as committed
    case = root / "content" / "xiguan" / "2026-01.md"
    text = case.read_text(encoding="utf-8")
    assert text.count("  posted: 2026-06-01\n") == 1
    case.write_text(text.replace("  posted: 2026-06-01\n", "  posted: 2026-06-20\n"), "utf-8")
    with pytest.raises(pytest.fail.Exception) as failed:
        example_analysis(root=root)
    assert "content/xiguan/2026-01.md" in str(failed.value)
    assert "checker errors" in str(failed.value) and "date-order" in str(failed.value)
