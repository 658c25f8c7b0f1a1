"""The site's downloadable notebooks and wheel (_ext/notebook_download.py), without a build.

The book test tests/test_jupyterlab.py::test_downloaded_notebook_runs_in_a_fresh_venv
runs a downloaded notebook end to end; these check the pieces quickly.
"""

from __future__ import annotations

import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import notebook_download as nd  # noqa: E402

URL = "https://example.org/book/_static/wheels/clustercode-0.0.0-py3-none-any.whl"
CHAPTER = ROOT / "chapters" / "ch03_mechanisms.md"


@pytest.fixture(scope="module")
def metadata(tmp_path_factory):
    wheel = nd.build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(zf.read(name).decode())


def test_wheel_declares_the_book_extra(metadata):
    # The chapters import scipy (an exercise's root finder): clustercode[book].
    assert "book" in metadata.get_all("Provides-Extra")
    requires = metadata.get_all("Requires-Dist")
    assert any(r.startswith("scipy") and 'extra == "book"' in r for r in requires), requires
    assert not any(r.startswith("scipy") and "extra" not in r for r in requires), requires


def test_install_cell_installs_the_extra():
    source = "".join(nd.install_cell(URL)["source"])
    assert f'CLUSTERCODE_WHEEL = "{URL}"' in source
    assert '%pip install --quiet "clustercode[book] @ {CLUSTERCODE_WHEEL}"' in source
    assert "import clustercode, scipy" in source


def test_markdown_download_gets_the_install_cell_first():
    text = CHAPTER.read_text(encoding="utf-8")
    once = nd.add_install_cell_md(text, URL)
    nb = jupytext.reads(once, fmt="md:myst")
    first = nb.cells[0]
    assert first.cell_type == "code" and nd.MARKER in first.metadata.get("tags", []), first
    assert f'CLUSTERCODE_WHEEL = "{URL}"' in first.source
    # Every cell of the chapter follows, unchanged.
    original = jupytext.reads(text, fmt="md:myst")
    assert [c.source for c in nb.cells[1:]] == [c.source for c in original.cells]
    # Idempotent, and a second address replaces the first.
    assert nd.add_install_cell_md(once, URL) == once
    other = nd.add_install_cell_md(once, URL.replace("example.org", "example.net"))
    assert other.count(nd.MARKER) == 1 and "example.net" in other and "example.org" not in other


def test_markdown_that_is_not_a_notebook_is_left_alone():
    plain = "# Bibliography\n\n```{bibliography}\n```\n"
    assert nd.add_install_cell_md(plain, URL) == plain
    front_only = "---\ntitle: x\n---\n\n```{code-cell} ipython3\n1\n```\n"
    assert nd.add_install_cell_md(front_only, URL) == front_only
