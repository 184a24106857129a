"""scripts/dev.sh on a "fresh machine": shims stand in for the system so the test sees
which Debian packages the set-up would install, without installing anything."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from site_helpers import REPO

DEV_SH = REPO / "scripts" / "dev.sh"
# Real tools the set-up script itself runs; everything else is missing or a fake.
REAL_TOOLS = ("bash", "sh", "env", "python3", "mktemp", "rm", "cat", "dirname", "grep")
EVERYTHING = (
    "git",
    "chromium",
    "node",
    "npm",
    "nginx",
    "sshd",
    "ssh",
    "rsync",
    "pdftoppm",
    "tesseract",
)
# What the build needs besides the font and git: OCR of scanned PDF pages.
OCR = ["poppler-utils", "tesseract-ocr", "tesseract-ocr-chi-sim"]
# dev.sh looks for this Latin-only font by its file, which the shims cannot hide.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)


def machine(
    tmp_path: Path, *, font: bool = False, have: tuple[str, ...] = (), apt_fails: bool = False
) -> Path:
    """A PATH of shims: the real tools dev.sh needs, fake fc-list/id/sudo/apt-get that
    record their calls in calls.log, and fake commands for what is "installed"."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in REAL_TOOLS:
        # Debian's own Python (a pyenv shim would need its own environment).
        real = "/usr/bin/python3" if tool == "python3" else shutil.which(tool)
        assert real and Path(real).exists(), f"{tool} is needed to run scripts/dev.sh"
        (bin_dir / tool).symlink_to(real)
    log = tmp_path / "calls.log"
    record = f'echo "${{0##*/}} $*" >> {log}\n'
    _script(bin_dir / "fc-list", record + ("echo 'Noto Sans CJK SC'\n" if font else ""))
    _script(bin_dir / "id", "echo 1000\n")  # not root: dev.sh must use sudo
    _script(bin_dir / "sudo", record + 'exec "$@"\n')
    apt = record + "echo 'Reading package lists... Done'\n"
    if apt_fails:
        apt += (
            'case "$1" in install) echo "E: Unable to locate package nginx" >&2; exit 100;; esac\n'
        )
    _script(bin_dir / "apt-get", apt)
    for name in have:
        # tesseract answers which languages it has: dev.sh looks for chi_sim.
        langs = "printf 'List of available languages:\\nchi_sim\\neng\\n'\n"
        _script(bin_dir / name, langs if name == "tesseract" else "exit 0\n")
    (tmp_path / "sbin").mkdir()
    return bin_dir


def run_setup(tmp_path: Path, bin_dir: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "NOTICEBOARD_SBIN": str(tmp_path / "sbin")}
    return subprocess.run(
        ["bash", str(DEV_SH), "system", mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def apt_installs(tmp_path: Path) -> list[str]:
    lines = [c for c in calls(tmp_path) if c.startswith("apt-get install")]
    return [pkg for line in lines for pkg in line.split() if not pkg.startswith("-")][2:]


def test_fresh_machine_gets_the_cjk_font_and_everything_the_tests_need(tmp_path: Path) -> None:
    result = run_setup(tmp_path, machine(tmp_path), "test")
    assert result.returncode == 0, result.stderr
    assert "fc-list :lang=zh family" in calls(tmp_path)  # the font check really ran
    assert apt_installs(tmp_path) == [
        "fonts-noto-cjk",
        "git",
        "nodejs",
        "npm",
        *OCR,
        "chromium",
        "nginx",
        "openssh-server",
        "openssh-client",
        "rsync",
        *([] if DEJAVU.exists() else ["fonts-dejavu-core"]),
    ]
    assert any(c.startswith("sudo env DEBIAN_FRONTEND=noninteractive") for c in calls(tmp_path))
    assert "apt-get update -q" in calls(tmp_path)


def test_build_needs_the_font_git_node_for_the_editor_and_ocr(tmp_path: Path) -> None:
    result = run_setup(tmp_path, machine(tmp_path), "build")
    assert result.returncode == 0, result.stderr
    assert apt_installs(tmp_path) == ["fonts-noto-cjk", "git", "nodejs", "npm", *OCR]


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path) -> None:
    bin_dir = machine(tmp_path, font=True, have=EVERYTHING)
    result = run_setup(tmp_path, bin_dir, "test")
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path) == ["fc-list :lang=zh family"] or not DEJAVU.exists()
    assert result.stdout == "" or not DEJAVU.exists()


def test_a_font_alone_is_not_reinstalled(tmp_path: Path) -> None:
    have = ("git", "node", "npm", "pdftoppm", "tesseract")
    result = run_setup(tmp_path, machine(tmp_path, font=True, have=have), "build")
    assert result.returncode == 0, result.stderr
    assert not apt_installs(tmp_path)


def test_setup_output_is_one_line_unless_it_fails(tmp_path: Path) -> None:
    result = run_setup(tmp_path, machine(tmp_path, have=EVERYTHING), "test")
    dejavu = "" if DEJAVU.exists() else " fonts-dejavu-core"
    assert result.stdout.splitlines() == [f"安装系统软件包：fonts-noto-cjk{dejavu}"]
    assert "Reading package lists" not in result.stdout + result.stderr


@pytest.mark.parametrize("mode", ["test"])
def test_a_failed_install_shows_apts_own_words(tmp_path: Path, mode: str) -> None:
    result = run_setup(tmp_path, machine(tmp_path, apt_fails=True), mode)
    assert result.returncode != 0
    assert "E: Unable to locate package nginx" in result.stderr
    assert "失败：安装系统软件包" in result.stderr


def test_unknown_mode_is_a_usage_error(tmp_path: Path) -> None:
    result = run_setup(tmp_path, machine(tmp_path), "deploy")
    assert result.returncode == 2 and "usage" in result.stderr
    assert not calls(tmp_path)
    assert os.environ.get("PATH")  # the test did not change this process's PATH
