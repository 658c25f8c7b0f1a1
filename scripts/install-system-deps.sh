#!/usr/bin/env bash
# Install the system packages the book needs, before anything is drawn or built.
#
# Usage: scripts/install-system-deps.sh [--check] [COMPONENT...]
#   book     CJK fonts for the figures' Chinese labels (fonts-noto-cjk) and
#            Node.js/npm for the site's MathJax          (make book, make test-unit)
#   pdf      TeX Live with XeLaTeX and xeCJK, fonts, poppler-utils (pdfinfo,
#            pdffonts, pdftoppm, pdftotext)               (make pdf)
#   browser  Debian's Chromium for tests/test_browser.py  (make test)
#   all      book pdf browser (the default)
#   --check  only report: exit 0 when everything asked for is present, 1 otherwise
#
# What is present is left alone (nothing is run when all is there). What is
# missing is installed with apt-get when we are root; when we are not, the
# script stops (exit 1) and prints the exact command to run as root. No
# component is optional: a build that went on without fonts would draw tofu.
#
# Debian/Ubuntu only (apt-get). Runs non-interactively.
set -euo pipefail

check_only=0
components=()
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    book|pdf|browser) components+=("$arg") ;;
    all) components+=(book pdf browser) ;;
    *) echo "usage: $0 [--check] [book|pdf|browser|all]..." >&2; exit 2 ;;
  esac
done
[ ${#components[@]} -gt 0 ] || components=(book pdf browser)

# Packages of each component (keep in sync with README.md).
declare -A PACKAGES=(
  [book]="fonts-noto-cjk nodejs npm"
  [pdf]="texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended
         texlive-lang-chinese fonts-noto-cjk latexmk poppler-utils xindy fonts-freefont-otf
         tex-gyre texlive-plain-generic lmodern"
  [browser]="chromium"
)

has_font() { fc-list ":family=$1" family 2>/dev/null | grep -q .; }

# missing_<component>: print what is missing, one item a line.
missing_book() {
  command -v fc-list >/dev/null 2>&1 || echo "command:fc-list"
  has_font "Noto Sans CJK SC" || echo "font:Noto Sans CJK SC"
  command -v node >/dev/null 2>&1 || echo "command:node"
  command -v npm >/dev/null 2>&1 || echo "command:npm"
}
missing_pdf() {
  local tool sty font
  for tool in xelatex latexmk kpsewhich pdfinfo pdffonts pdftoppm pdftotext fc-list; do
    command -v "$tool" >/dev/null 2>&1 || echo "command:$tool"
  done
  if command -v kpsewhich >/dev/null 2>&1; then
    # LaTeX packages the jupyter-book LaTeX class and our preamble load.
    for sty in xeCJK fontspec unicode-math ucharclasses pgfplots mathrsfs \
               changepage polyglossia fncychap; do
      [ -n "$(kpsewhich "$sty.sty" 2>/dev/null)" ] || echo "latex:$sty.sty"
    done
  fi
  for font in "Noto Serif CJK SC" "Noto Sans CJK SC" "Noto Sans Mono CJK SC" "FreeSerif"; do
    has_font "$font" || echo "font:$font"
  done
}
missing_browser() {
  command -v chromium >/dev/null 2>&1 || echo "command:chromium"
}

collect() {  # sets `missing` (items) and `wanted` (packages of incomplete components)
  missing=(); wanted=()
  local c item
  for c in "${components[@]}"; do
    local found=0
    while IFS= read -r item; do
      [ -n "$item" ] || continue
      missing+=("$item"); found=1
    done < <("missing_$c")
    if [ $found -eq 1 ]; then
      # shellcheck disable=SC2206
      wanted+=(${PACKAGES[$c]})
    fi
  done
  # unique, in order
  local -A seen=(); local unique=() p
  for p in "${wanted[@]}"; do [ -n "${seen[$p]:-}" ] || { seen[$p]=1; unique+=("$p"); }; done
  wanted=("${unique[@]}")
}

collect
if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps (${components[*]}): all present."
  exit 0
fi
echo "system deps (${components[*]}): missing: ${missing[*]}"
[ $check_only -eq 1 ] && exit 1

command_line="apt-get update && apt-get install -y --no-install-recommends ${wanted[*]}"
if [ "$(id -u)" -ne 0 ]; then
  {
    echo "ERROR: the book needs system packages that are not installed, and only root can install them."
    echo "Run, as root (or with sudo):"
    echo "    sudo bash scripts/install-system-deps.sh ${components[*]}"
    echo "which runs:"
    echo "    $command_line"
    echo "then run make again."
  } >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: apt-get not found; install the equivalent of: ${wanted[*]}" >&2
  exit 1
fi

echo "system deps: installing with apt-get: ${wanted[*]}"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${wanted[@]}" </dev/null
# New fonts into fontconfig's cache. matplotlib's own font list is refreshed by
# clustercode.style when it lacks the CJK font (a cache made before this install).
fc-cache -f >/dev/null 2>&1 || true
echo "system deps: installed in $(( $(date +%s) - start )) s."
exec "$0" --check "${components[@]}"
