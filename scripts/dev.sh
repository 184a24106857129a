#!/usr/bin/env bash
# One entry point for operators, developers and CI (see README.md):
#   bash scripts/dev.sh build   install everything, then build the example site and posters
#   bash scripts/dev.sh test    install everything, then run the linter and the tests
# Installs Debian packages only when missing (sudo when not root), keeps Python
# packages in ./.venv, and the browser-test helper (axe-core) in tests/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"
shift || true

# What is needed, as "how to tell it is there|Debian package that provides it".
# Checked by command rather than by package: Node.js from another source brings its
# own npm, and Debian's npm package would conflict with it.
needs=("fc-list :lang=zh family | grep -q .|fonts-noto-cjk" "command -v git|git")
if [ "$mode" = test ]; then
  needs+=("command -v chromium|chromium" "command -v node|nodejs" "command -v npm|npm")
  # A font without Chinese glyphs, for the tests that a Latin font is refused.
  needs+=("test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|fonts-dejavu-core")
fi

missing=()
for need in "${needs[@]}"; do
  bash -c "${need%%|*}" >/dev/null 2>&1 || missing+=("${need##*|}")
done
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
py=.venv/bin/python
$py -m pip install -q --upgrade pip >/dev/null 2>&1 || true

case "$mode" in
  build)
    $py -m pip install -q -e .
    .venv/bin/noticeboard build "$@"
    ;;
  test)
    $py -m pip install -q -e '.[test]'
    if [ -f tests/browser/package.json ]; then
      (cd tests/browser && npm ci --silent --no-audit --no-fund)
    fi
    .venv/bin/ruff check generator tests bench
    .venv/bin/ruff format --check generator tests bench
    # Browser tests fail here (instead of skipping) when Chromium or axe-core is missing.
    NOTICEBOARD_REQUIRE_BROWSER=1 $py -m pytest -q "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh build|test [extra arguments]" >&2
    exit 2
    ;;
esac
