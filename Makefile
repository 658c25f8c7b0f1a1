# Technology Externality and Cluster Innovation -- build the book, test, make the PDF.
#
#   make book    venv + dependencies, execute every chapter, HTML site (-W)
#   make test    every test: lint, unit tests and doctests first (fail fast), then the book tests
#   make pdf     the PDF through XeLaTeX
#   make site    book + PDF: the complete website as published (_build/html/book.pdf)
#   make serve   serve _build/html on http://127.0.0.1:$(PORT)
#   make test-explore  fresh random hypothesis examples for EXPLORE_SECONDS (600)
#   make bench   run every benchmarks/bench_*.py
#   make clean   remove _build (HTML, LaTeX, execution cache)
#   book, pdf and test first install the system packages they need (fonts,
#   Node.js, TeX, Chromium: scripts/install-system-deps.sh; as root, or they
#   stop with the command to run as root).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
JB     := $(BIN)/jupyter-book
BUILD  := _build
PORT   ?= 8000

# pip runs again only when one of these changes (or the venv is new).
DEPS_STAMP := $(VENV)/.deps-stamp
# The execution cache (jupyter-cache) keys on the notebooks' code, not on the
# package they import nor on the fonts installed: drop it whenever clustercode/
# changes, so no page shows outputs computed by an older version of the models,
# and whenever the installed fonts change, so no page keeps figures drawn
# before the CJK fonts were there (English-only labels). The font state is a
# checksum of fontconfig's list, kept in a file of its own that is rewritten
# only when the list changes.
PKG_SOURCES := $(shell find clustercode -name '*.py' 2>/dev/null)
CACHE_STAMP := $(BUILD)/.clustercode-stamp
FONT_STATE  := $(BUILD)/.font-state

# XeLaTeX must never stop at an interactive prompt (CI has no stdin).
export LATEXOPTS ?= -interaction=nonstopmode -halt-on-error

.PHONY: help install web-assets book html site serve pdf test test-unit test-book test-browser \
        test-explore lint FORCE system-deps sysdeps-book sysdeps-pdf sysdeps-all bench clean distclean

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'

# System packages, installed before anything is drawn: a figure drawn before
# the CJK fonts are there is drawn without them (and matplotlib would cache a
# font list without them; clustercode.style refreshes such a list). Each target
# below names what it needs; the check costs about a second when all is present.
SYSDEPS := bash scripts/install-system-deps.sh
sysdeps-book:            # CJK fonts, Node.js/npm
	@$(SYSDEPS) book
sysdeps-pdf:             # + TeX Live, poppler
	@$(SYSDEPS) book pdf
sysdeps-all system-deps: # + Chromium (browser tests)
	@$(SYSDEPS) all

$(PY):
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): requirements.txt pyproject.toml | $(PY)
	@echo ">>> installing Python dependencies into $(VENV)"
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q -e .
	@touch $@

install: $(DEPS_STAMP)

# MathJax 3 (pinned in web/package.json + package-lock.json), installed from the
# npm registry. It runs at build time, in Node.js (web/render-math.js, started by
# _ext/lean_pages.py): the pages carry typeset formulas and load no MathJax
# script. Only its fonts (CommonHTML, WOFF) are served with the site: copied into
# _vendor/mathjax (git-ignored; _config.yml adds _vendor to html_static_path).
MATHJAX_FONTS := output/chtml/fonts/woff-v2
WEB_STAMP := _vendor/.stamp
$(WEB_STAMP): web/package.json web/package-lock.json | sysdeps-book
	@echo ">>> installing MathJax from the npm registry (typesets the formulas at build time)"
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	rm -rf _vendor/mathjax && mkdir -p _vendor/mathjax/$(MATHJAX_FONTS)
	cp web/node_modules/mathjax/es5/$(MATHJAX_FONTS)/*.woff _vendor/mathjax/$(MATHJAX_FONTS)/
	cp web/node_modules/mathjax/LICENSE _vendor/mathjax/LICENSE
	@touch $@

web-assets: $(WEB_STAMP)

$(FONT_STATE): FORCE
	@mkdir -p $(BUILD)
	@state="$$(fc-list : family file 2>/dev/null | LC_ALL=C sort | cksum)"; \
	  [ "$$state" = "$$(cat $@ 2>/dev/null)" ] || echo "$$state" > $@

$(CACHE_STAMP): $(PKG_SOURCES) $(FONT_STATE)
	@mkdir -p $(BUILD)
	@if [ -d $(BUILD)/.jupyter_cache ]; then \
	  echo ">>> clustercode or the installed fonts changed: clearing the execution cache"; \
	  rm -rf $(BUILD)/.jupyter_cache; fi
	@touch $@

FORCE:

# --all: Sphinx re-reads every page on every build. Without it an unchanged page
# keeps its old doctree, including the traceback of a cell that failed in an
# earlier build, and -W no longer sees the warning. Re-reading is cheap: the
# notebooks' outputs come from the execution cache.
book html: sysdeps-book $(DEPS_STAMP) $(CACHE_STAMP) $(WEB_STAMP)
	$(JB) build . --all -W -n --keep-going
	@echo ""
	@echo "The book is built. Open file://$(CURDIR)/$(BUILD)/html/index.html"
	@echo "or run 'make serve' and visit http://127.0.0.1:$(PORT)/"

serve:
	@[ -f $(BUILD)/html/index.html ] || $(MAKE) book
	@echo "Serving $(BUILD)/html on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(BUILD)/html

pdf: sysdeps-pdf $(DEPS_STAMP) $(CACHE_STAMP)
	$(JB) build . --builder pdflatex --all -W --keep-going
	@echo ""
	@if [ -d $(BUILD)/html ]; then cp $(BUILD)/latex/book.pdf $(BUILD)/html/book.pdf; fi
	@echo "The PDF is at $(BUILD)/latex/book.pdf"

# The website as published (.github/workflows/pages.yml): HTML with the PDF in it
# (linked from the preface and every page's download menu).
site: book pdf
	cp $(BUILD)/latex/book.pdf $(BUILD)/html/book.pdf
	@echo "The site, with the PDF, is in $(BUILD)/html"

# What ruff checks (rules in pyproject.toml).
LINT_PATHS := clustercode tests benchmarks _ext
# The unit tests and the examples in the package's docstrings.
UNIT := -m "not book" -x -q --doctest-modules clustercode tests

lint: $(DEPS_STAMP)
	$(BIN)/ruff check $(LINT_PATHS)

# Every system package first (the unit tests draw figures with Chinese labels),
# then lint, the unit tests and doctests, stopping at the first failure (pytest
# exit code 5 means "no test collected"), then the book tests. Under CI=true
# hypothesis is derandomized (tests/_hypothesis_profiles.py): the same examples
# on every run.
test: sysdeps-all $(DEPS_STAMP) $(WEB_STAMP)
	@echo ">>> lint (ruff)"
	$(BIN)/ruff check $(LINT_PATHS)
	@echo ">>> unit tests and doctests"
	@$(PY) -m pytest $(UNIT); rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi
	@echo ">>> book tests (execute chapters, HTML -W, PDF, Binder environment, pages in Chromium)"
	$(PY) -m pytest -m book -v -rs

test-unit: sysdeps-book $(DEPS_STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(PY) -m pytest $(UNIT)

test-book: sysdeps-all $(DEPS_STAMP) $(WEB_STAMP)
	$(PY) -m pytest -m book -v -rs

# Only the browser tests (they build the book and the PDF first, in a temporary folder).
test-browser: sysdeps-all $(DEPS_STAMP) $(WEB_STAMP)
	$(PY) -m pytest -m browser -v -rs

# Fresh random examples for the property tests, round after round (a new
# --hypothesis-seed each), for EXPLORE_SECONDS; a failing round prints its
# seed, so `make test-explore` finds what the fixed CI examples miss and the
# failure can be replayed. Not part of `make test`.
EXPLORE_SECONDS ?= 600
test-explore: sysdeps-book $(DEPS_STAMP)
	@bash scripts/explore-hypothesis.sh $(EXPLORE_SECONDS) $(PY)

# Only the JupyterLab tests (tests/test_jupyterlab.py): the chapters as notebooks
# in a real JupyterLab in Chromium, and a downloaded notebook in a fresh venv.
.PHONY: test-lab
test-lab: sysdeps-all $(DEPS_STAMP) $(WEB_STAMP)
	$(PY) -m pytest tests/test_jupyterlab.py -v -rs

# Every benchmark runs, even after one fails; the exit status says if any did.
bench: $(DEPS_STAMP)
	@failed=""; for f in benchmarks/bench_*.py; do \
	  echo ">>> $$f"; $(PY) $$f || failed="$$failed $$f"; echo; done; \
	  if [ -n "$$failed" ]; then echo "benchmarks that failed:$$failed"; exit 1; fi

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV) .pytest_cache .hypothesis _vendor web/node_modules
