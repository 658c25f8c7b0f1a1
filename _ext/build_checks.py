"""Sphinx extension: the book is built clean or not at all (loaded through
`_config.yml`, ``sphinx.local_extensions``).

The HTML and PDF builds run with ``-W`` (warnings are errors); this extension
turns into warnings, with a message that says what and where, three things a
reader must never see:

1. **A cell that wrote to stderr** (a Python warning, a log line, a
   traceback's text). ``execute.stderr_output: error`` already fails the build,
   but MyST-NB's message ("stderr was found in the cell outputs of cell 3")
   does not say what was written; this one quotes it. A ``remove-stderr`` tag
   or a cell-level ``output_stderr`` would hide it: both are refused.
2. **A path of the build machine** in a page: the source folder, the home
   folder, the Python environment (``site-packages``), the temporary folder.
   Checked in every doctree (which feeds both the HTML and the LaTeX builder)
   and, when the build finishes, in every file written: the HTML pages, the
   downloadable notebooks and sources, the search index, ``book.tex``.
3. **Chinese labels without a CJK font.** Fonts are checked where figures are
   drawn (:func:`clustercode.style.stamp_png` raises on a missing glyph, and the
   tests read the fonts back from the PNGs). Outside the build, the regime
   labels drop their Chinese when no CJK font is installed; here the extension
   sets ``CLUSTERCODE_REQUIRE_CJK=1`` (:data:`clustercode.style.REQUIRE_CJK_ENV`)
   for the kernels that execute the chapters, so they never do: the build
   fails with the missing-font message instead of printing an English-only book.

Configuration (``sphinx.config`` in `_config.yml`):

``build_checks_extra_paths``
    More absolute paths that must not appear (default: none).
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Output files read at the end of a build (text formats a reader downloads or sees).
SCANNED_SUFFIXES = (".html", ".ipynb", ".md", ".txt", ".tex", ".js", ".json")
#: Folders of the output that hold third-party files (theme, MathJax), not ours.
SKIPPED_DIRS = ("_static", ".doctrees", "_sphinx_design_static")
QUOTE = 300  # characters of a stderr output quoted in the message


def machine_paths(app: Sphinx) -> list[str]:
    """Absolute paths of this machine that must not appear in the book."""
    candidates = {
        str(Path(app.srcdir).resolve()),
        str(Path(app.outdir).resolve().parent.parent),  # <path-output>
        str(Path.home()),
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sysconfig.get_paths().get("purelib", ""),
        tempfile.gettempdir(),
        os.environ.get("TMPDIR", ""),
        *app.config.build_checks_extra_paths,
    }
    # "/" or "/usr" alone would match every URL; keep paths with two levels.
    return sorted({p.rstrip("/") for p in candidates if p and p.count("/") >= 2
                   or p in {"/root", "/tmp"}}, key=len, reverse=True)


def path_pattern(app: Sphinx) -> re.Pattern[str]:
    alternatives = [re.escape(p) + r"(?=[/\\\s'\":]|$)" for p in machine_paths(app)]
    alternatives += [r"site-packages/", r"dist-packages/", r"/usr/(?:lib|share|local)/"]
    return re.compile("|".join(alternatives))


def _location(node: nodes.Node) -> tuple[str | None, int | None]:
    return node.source, node.line


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    pattern = app.build_checks_pattern
    for node in doctree.findall(nodes.literal_block):
        if "stderr" in node.get("classes", []):
            text = node.astext().strip()
            logger.warning(
                "a code cell wrote to stderr (the reader would see it on the page and in "
                "the PDF): %r%s", text[:QUOTE], " ..." if len(text) > QUOTE else "",
                location=node, type="build_checks", subtype="stderr")
    for node in doctree.findall(nodes.Text):
        match = pattern.search(node.astext())
        if match:
            logger.warning(
                "the page would show a path of the build machine (%s): %r", match.group(0),
                _excerpt(node.astext(), match), location=node.parent,
                type="build_checks", subtype="path")


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    for needle, why in ((r"\bremove-stderr\b", "a remove-stderr tag hides a cell's stderr"),
                        (r"\boutput_stderr\b", "a cell-level output_stderr overrides the book's rule")):
        if re.search(needle, source[0]):
            logger.warning("%s: %s; fix the cell instead", docname, why,
                           type="build_checks", subtype="stderr")


def _excerpt(text: str, match: re.Match) -> str:
    start = max(0, match.start() - 60)
    return text[start:match.end() + 60]


def check_output(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    outdir = Path(app.outdir)
    pattern = app.build_checks_pattern
    found = 0
    for path in sorted(outdir.rglob("*")):
        if not path.is_file() or path.suffix not in SCANNED_SUFFIXES:
            continue
        if any(part in SKIPPED_DIRS for part in path.relative_to(outdir).parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        match = pattern.search(text)
        if match:
            found += 1
            logger.warning("%s contains a path of the build machine (%s): %r",
                           path.relative_to(outdir), match.group(0), _excerpt(text, match),
                           type="build_checks", subtype="path")
    if not found:
        logger.info("build_checks: no stderr output, no build-machine path in %s", outdir)


def setup_env(app: Sphinx) -> None:
    app.build_checks_pattern = path_pattern(app)


def setup(app: Sphinx) -> dict:
    # Inherited by the kernels that execute the chapters (started later).
    os.environ["CLUSTERCODE_REQUIRE_CJK"] = "1"
    app.add_config_value("build_checks_extra_paths", [], "env")
    app.connect("builder-inited", setup_env)
    app.connect("source-read", check_source)
    app.connect("doctree-read", check_doctree)
    app.connect("build-finished", check_output)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
