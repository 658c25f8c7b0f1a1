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
    --required|--optional) ;;  # older spellings: installing is never optional now
    book|pdf|browser) components+=("$arg") ;;
    all) components+=(book pdf browser) ;;
    *) echo "usage: $0 [--check] [book|pdf|browser|all]..." >&2; exit 2 ;;
  esac
done
[ ${#components[@]} -gt 0 ] || components=(book pdf browser)

# What each component needs: "item|Debian packages that provide it", one a line
# (keep the package lists in sync with README.md). Only the packages of the
# missing items are installed: a runner that has Node.js already gets no npm.
TEX_PACKAGES="texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended"
TEX_PACKAGES+=" texlive-lang-chinese latexmk xindy tex-gyre texlive-plain-generic lmodern"

has_font() { fc-list ":family=$1" family 2>/dev/null | grep -q .; }
need_command() { command -v "$1" >/dev/null 2>&1 || echo "command:$1|$2"; }
need_font() {
  if ! command -v fc-list >/dev/null 2>&1 || ! has_font "$1"; then echo "font:$1|fontconfig $2"; fi
}

# missing_<component>: print what is missing.
missing_book() {
  need_font "Noto Sans CJK SC" fonts-noto-cjk
  need_command node nodejs
  need_command npm npm
}
missing_pdf() {
  local tool sty
  for tool in xelatex latexmk kpsewhich; do need_command "$tool" "$TEX_PACKAGES"; done
  for tool in pdfinfo pdffonts pdftoppm pdftotext; do need_command "$tool" poppler-utils; done
  if command -v kpsewhich >/dev/null 2>&1; then
    # LaTeX packages the jupyter-book LaTeX class and our preamble load.
    for sty in xeCJK fontspec unicode-math ucharclasses pgfplots mathrsfs \
               changepage polyglossia fncychap; do
      [ -n "$(kpsewhich "$sty.sty" 2>/dev/null)" ] || echo "latex:$sty.sty|$TEX_PACKAGES"
    done
  fi
  need_font "Noto Serif CJK SC" fonts-noto-cjk
  need_font "Noto Sans Mono CJK SC" fonts-noto-cjk
  need_font "FreeSerif" fonts-freefont-otf
}
missing_browser() {
  need_command chromium chromium
}

collect() {  # sets `missing` (items) and `wanted` (their packages, each once)
  missing=(); wanted=()
  local c line item pkgs p
  local -A seen=()
  for c in "${components[@]}"; do
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      item="${line%%|*}"; pkgs="${line#*|}"
      missing+=("$item")
      for p in $pkgs; do
        [ -n "${seen[$p]:-}" ] || { seen[$p]=1; wanted+=("$p"); }
      done
    done < <("missing_$c")
  done
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
