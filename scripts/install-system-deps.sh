#!/usr/bin/env bash
# Install the system packages the PDF build and the browser tests need (TeX Live
# with XeLaTeX and CJK support, Noto CJK fonts, poppler-utils for
# pdfinfo/pdffonts/pdftoppm/pdftotext, Debian's Chromium for tests/test_browser.py).
#
# Usage: scripts/install-system-deps.sh [--check|--optional|--required]
#   --check     only report; exit 0 when everything is present, 1 otherwise
#   --optional  (default, used by `make test`) install when missing and root;
#               when we cannot install (not root) print why and exit 0, so the
#               PDF and browser tests can skip with a clear reason -- unless CI=true, where
#               a missing tool is an error
#   --required  (used by `make pdf`) install when missing; exit 1 if we cannot
#
# Debian/Ubuntu only (apt-get). Runs non-interactively.
set -euo pipefail

mode="${1:---optional}"

# The list the project is built and tested with (keep in sync with README.md).
PACKAGES=(
  texlive-xetex texlive-latex-extra texlive-latex-recommended
  texlive-fonts-recommended texlive-lang-chinese fonts-noto-cjk latexmk
  poppler-utils xindy fonts-freefont-otf tex-gyre texlive-plain-generic lmodern
  chromium
)
# SYSTEM_DEPS_NO_BROWSER=1: only what the PDF needs (e.g. the publishing
# workflow, which runs no browser test).
BROWSER=chromium
if [ "${SYSTEM_DEPS_NO_BROWSER:-}" = "1" ]; then
  kept=()
  for p in "${PACKAGES[@]}"; do [ "$p" = chromium ] || kept+=("$p"); done
  PACKAGES=("${kept[@]}")
  BROWSER=""
fi

missing=()
for tool in xelatex latexmk pdfinfo pdffonts pdftoppm pdftotext kpsewhich fc-list $BROWSER; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("command:$tool")
done
if command -v kpsewhich >/dev/null 2>&1; then
  # LaTeX packages the jupyter-book LaTeX class and our preamble load.
  for sty in xeCJK fontspec unicode-math ucharclasses pgfplots mathrsfs \
             changepage polyglossia fncychap; do
    [ -n "$(kpsewhich "$sty.sty" 2>/dev/null)" ] || missing+=("latex:$sty.sty")
  done
fi
if command -v fc-list >/dev/null 2>&1; then
  for font in "Noto Serif CJK SC" "Noto Sans CJK SC" "FreeSerif"; do
    fc-list ":family=$font" family 2>/dev/null | grep -q . || missing+=("font:$font")
  done
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: all present (xelatex, CJK fonts, poppler-utils, chromium)."
  exit 0
fi

echo "system deps: missing: ${missing[*]}"
[ "$mode" = "--check" ] && exit 1

if [ "$(id -u)" -ne 0 ]; then
  msg="system deps: not root, cannot apt-get install. As root run: scripts/install-system-deps.sh --required"
  if [ "$mode" = "--required" ] || [ "${CI:-}" = "true" ]; then
    echo "ERROR: $msg" >&2
    exit 1
  fi
  echo "WARNING: $msg (the PDF and browser tests will be skipped)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: system deps: apt-get not found; install the equivalent of: ${PACKAGES[*]}" >&2
  [ "$mode" = "--optional" ] && [ "${CI:-}" != "true" ] && exit 0
  exit 1
fi

echo "system deps: installing with apt-get (about 1-2 minutes): ${PACKAGES[*]}"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" </dev/null
fc-cache -f >/dev/null 2>&1 || true
echo "system deps: installed in $(( $(date +%s) - start )) s."
exec "$0" --check
