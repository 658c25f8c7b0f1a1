"""_ext/build_checks.py: each check finds what it must (fake Sphinx app, real doctrees)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import build_checks  # noqa: E402

sys.path.remove(str(ROOT / "_ext"))


@pytest.fixture
def app(tmp_path):
    outdir = tmp_path / "out" / "_build" / "html"
    outdir.mkdir(parents=True)
    fake = SimpleNamespace(srcdir=str(ROOT), outdir=str(outdir),
                           config=SimpleNamespace(build_checks_extra_paths=[]),
                           env=SimpleNamespace(docname="chapters/ch01"))
    build_checks.setup_env(fake)
    return fake


@pytest.fixture
def warnings_logged(caplog):
    caplog.set_level(logging.WARNING)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def document(*children: nodes.Node) -> nodes.document:
    doc = new_document("test", get_default_settings(Parser))
    for child in children:
        doc += child
    return doc


def test_stderr_output_is_quoted(app, warnings_logged):
    block = nodes.literal_block("", "UserWarning: Glyph 30740 missing from font(s) DejaVu Sans.")
    block["classes"] += ["output", "stderr"]
    build_checks.check_doctree(app, document(block))
    (message,) = [m for m in warnings_logged() if "stderr" in m]
    assert "Glyph 30740 missing" in message


def test_stdout_output_passes(app, warnings_logged):
    block = nodes.literal_block("", "equilibrium R&D 12.5")
    block["classes"] += ["output", "stream"]
    build_checks.check_doctree(app, document(block, nodes.paragraph("", "the root of it, /tmpx")))
    assert warnings_logged() == []


@pytest.mark.parametrize("text", [
    f"File {ROOT}/clustercode/style.py:430",
    f"{sys.prefix}/lib/python3.11/site-packages/matplotlib/text.py",
    "/tmp/pytest-of-root/book0/_build/html",
    f"{Path.home()}/.cache/matplotlib/fontlist.json",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
])
def test_machine_path_in_a_page(app, warnings_logged, text):
    build_checks.check_doctree(app, document(nodes.paragraph("", f"see {text} here")))
    assert any("path of the build machine" in m for m in warnings_logged()), text


def test_machine_path_in_an_output_file(app, warnings_logged):
    out = Path(app.outdir)
    (out / "_sources").mkdir()
    (out / "_sources" / "ch01.ipynb").write_text(f'{{"text": "{ROOT}/chapters"}}')
    (out / "index.html").write_text("<p>clean</p>")
    (out / "_static").mkdir()
    (out / "_static" / "theme.js").write_text("/tmp/ in a third-party file is not ours")
    build_checks.check_output(app, None)
    found = [m for m in warnings_logged() if "path of the build machine" in m]
    assert len(found) == 1 and "ch01.ipynb" in found[0]


def test_stderr_escape_hatches_are_refused(app, warnings_logged):
    build_checks.check_source(app, "chapters/ch01", [":tags: [remove-stderr]\nprint(1)\n"])
    build_checks.check_source(app, "chapters/ch02", ["mystnb:\n  output_stderr: show\n"])
    build_checks.check_source(app, "chapters/ch03", ["print('clean')\n"])
    messages = warnings_logged()
    assert len(messages) == 2 and "ch01" in messages[0] and "ch02" in messages[1]


def test_setup_requires_chinese_labels_in_the_kernels(monkeypatch):
    monkeypatch.delenv("CLUSTERCODE_REQUIRE_CJK", raising=False)
    calls = []
    fake = SimpleNamespace(add_config_value=lambda *a: calls.append(a),
                           connect=lambda *a: calls.append(a))
    build_checks.setup(fake)
    assert os.environ["CLUSTERCODE_REQUIRE_CJK"] == "1"
    from clustercode.style import REQUIRE_CJK_ENV

    assert REQUIRE_CJK_ENV == "CLUSTERCODE_REQUIRE_CJK"
