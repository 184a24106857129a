#!/usr/bin/env bash
# One entry point for operators, developers and CI (see README.md):
#   bash scripts/dev.sh build    install everything, then build the example site and posters
#   bash scripts/dev.sh test     install everything, then run the linter and the tests
#   bash scripts/dev.sh install  install everything for building (CI: then run noticeboard)
#   bash scripts/dev.sh system build|test   only the Debian packages that mode needs
# Installs Debian packages only when missing (sudo when not root), keeps Python
# packages in ./.venv, and the browser-test helper (axe-core) in tests/browser/.
# Set-up steps print one line each; their own output is shown only when they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"
shift || true
system_only=""
if [ "$mode" = system ]; then
  system_only=1
  mode="${1:-build}"
  shift || true
fi
case "$mode" in
  build | test | install) ;;
  *)
    echo "usage: bash scripts/dev.sh [system] build|test|install [extra arguments]" >&2
    exit 2
    ;;
esac

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# quietly WHAT COMMAND...: say what is happening; show the command's output only on failure.
quietly() {
  local what="$1"
  shift
  echo "$what"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "失败：$what（上面是完整的出错信息）" >&2
    exit 1
  fi
}

# What is needed, as "how to tell it is there|Debian package that provides it"; the
# package is after the last "|", so a check may itself use a pipe.
# Checked by command rather than by package: Node.js from another source brings its
# own npm, and Debian's npm package would conflict with it. Daemons live in sbin, which
# is not on every user's PATH: the checks also look there.
# Node.js and npm install the editor's Decap CMS bundle (themes/editor, `noticeboard edit`).
# Scanned pages of PDF attachments are read for personal numbers (generator/pdfscan.py):
# pdftoppm renders a page, Tesseract reads it with its Chinese data.
needs=(
  "fc-list :lang=zh family | grep -q .|fonts-noto-cjk" "command -v git|git"
  "command -v node|nodejs" "command -v npm|npm"
  "command -v pdftoppm|poppler-utils" "command -v tesseract|tesseract-ocr"
  "tesseract --list-langs 2>&1 | grep -qx chi_sim|tesseract-ocr-chi-sim"
)
if [ "$mode" = test ]; then
  needs+=(
    "command -v chromium|chromium"
    # The deployment tests: a real web server, SSH and rsync on this machine's loopback.
    "command -v nginx|nginx" "command -v sshd|openssh-server" "command -v ssh|openssh-client"
    "command -v rsync|rsync"
    # A font without Chinese glyphs, for the tests that a Latin font is refused.
    "test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|fonts-dejavu-core"
    # Poster tests read the PDFs back (pdftotext, pdffonts, pdfimages, pdftoppm): the
    # poppler-utils the build needs already.
  )
fi
sbin="${NOTICEBOARD_SBIN:-/usr/local/sbin:/usr/sbin:/sbin}"

missing=()
for need in "${needs[@]}"; do
  PATH="$PATH:$sbin" bash -c "${need%|*}" >/dev/null 2>&1 || missing+=("${need##*|}")
done
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  quietly "安装系统软件包：${missing[*]}" \
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends "$@"' \
    apt-get "${missing[@]}"
fi
[ -z "$system_only" ] || exit 0

if [ ! -x .venv/bin/python ]; then
  quietly "创建 Python 环境 .venv" python3 -m venv .venv
fi
py=.venv/bin/python
# pip_install WHAT SPEC NAME: an editable install, skipped while pyproject.toml is unchanged
# since the last one (source changes need none; dependencies and entry points do).
pip_install() {
  local stamp=".venv/.installed-$3" want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -x .venv/bin/noticeboard ]; then
    $py -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    quietly "$1" $py -m pip install -q -e "$2"
    echo "$want" >"$stamp"
  fi
}

# The editor's Decap CMS (`noticeboard edit`): exact versions from the lock file, each
# package checked against its integrity hash by `npm ci`; no install scripts run.
# Reinstalled only when the lock file changed since the last install.
editor_lock="themes/editor/package-lock.json"
editor_stamp="themes/editor/node_modules/.installed"
if [ -f "$editor_lock" ] &&
  [ "$(cat "$editor_stamp" 2>/dev/null)" != "$(sha256sum "$editor_lock" | cut -d' ' -f1)" ]; then
  quietly "安装网页编辑器 Decap CMS（themes/editor）" \
    sh -c 'cd themes/editor && npm ci --silent --no-audit --no-fund --ignore-scripts'
  sha256sum "$editor_lock" | cut -d' ' -f1 >"$editor_stamp"
fi

case "$mode" in
  build | install)
    pip_install "安装 noticeboard 及其依赖（.venv）" . build
    [ "$mode" = install ] || .venv/bin/noticeboard build "$@"
    ;;
  test)
    pip_install "安装 noticeboard 及测试依赖（.venv）" '.[test]' test
    if [ -f tests/browser/package.json ]; then
      quietly "安装浏览器测试工具（tests/browser）" \
        sh -c 'cd tests/browser && npm ci --silent --no-audit --no-fund'
    fi
    .venv/bin/ruff check generator tests bench
    .venv/bin/ruff format --check generator tests bench
    # Browser tests fail here (instead of skipping) when Chromium or axe-core is missing.
    NOTICEBOARD_REQUIRE_BROWSER=1 $py -m pytest -q "$@"
    ;;
esac
