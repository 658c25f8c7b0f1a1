"""Session fixtures shared by tests/test_book.py and tests/test_browser.py.

The book is built once per test session, into a temporary folder (a cold
execution cache): the HTML site (``-W -n``: warnings are errors, and every
cross-reference must resolve) and then the PDF. The browser tests look at that
same site, with the PDF copied in, as it would be published.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests import _hypothesis_profiles
from tests.test_book import ROOT, execute_notebook, is_notebook, jb, run, source_of, toc_docnames

pytest_plugins = ["tests._propositions"]  # the proposition marker (tests/test_propositions.py)


# Hypothesis: derandomized under CI=true (tests/_hypothesis_profiles.py).
HYPOTHESIS_PROFILE = _hypothesis_profiles.load()


def pytest_report_header(config):
    return f"hypothesis profile: {HYPOTHESIS_PROFILE}"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: looks at the built website in headless Chromium (also marked book)")


@pytest.fixture(scope="session")
def executed() -> dict:
    """Execute every notebook listed in the toc once; map docname -> nb or exception."""
    results = {}
    for doc in toc_docnames():
        try:
            if is_notebook(doc):
                results[doc] = execute_notebook(source_of(doc))
        except Exception as exc:  # noqa: BLE001 - reported per chapter by the tests
            results[doc] = exc
    return results


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """A fresh output folder (cold execution cache) shared by the HTML and PDF builds."""
    return tmp_path_factory.mktemp("book")


@pytest.fixture(scope="session")
def html_build(build_dir) -> tuple[subprocess.CompletedProcess, Path]:
    # -n (nitpicky): a reference to a missing label, equation, proposition,
    # citation or document is a warning, and -W makes it an error.
    proc = run([jb(), "build", str(ROOT), "--path-output", str(build_dir),
                "-W", "-n", "--keep-going"])
    return proc, build_dir / "_build" / "html"


@pytest.fixture(scope="session")
def pdf_build(build_dir, html_build) -> tuple[subprocess.CompletedProcess, Path]:
    # html_build first: the PDF build then reuses its execution cache.
    env = dict(os.environ, LATEXOPTS="-interaction=nonstopmode -halt-on-error")
    proc = run([jb(), "build", str(ROOT), "--path-output", str(build_dir),
                "--builder", "pdflatex", "-W", "--keep-going"], env=env)
    return proc, build_dir / "_build" / "latex"
