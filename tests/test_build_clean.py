"""The built book as a reader gets it: clean, and with its Chinese drawn.

Looks at the fresh ``-W -n`` build of the session (tests/conftest.py): the
static site (every page, the downloadable notebooks and sources, the search
index), ``book.tex`` and the PDF's text (pdftotext). None of them may show a
cell's stderr, a Python warning, or a path of the machine that built them.
Every figure's PNG says which font files drew its text
(:func:`clustercode.style.stamp_png`, computed from the fonts' glyph tables
while drawing): each one with Chinese text must have drawn every Chinese
character with a CJK font, and a figure without that record fails.

Marked ``book`` (``make test`` runs them after the unit tests; never skipped
under CI).
"""

from __future__ import annotations

import json
import re
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from clustercode.style import CJK_FONT_CANDIDATES, FONTS_PNG_KEY
from tests.test_book import ROOT, html_outputs, pdf_text, require_pdf_tools, tail

pytestmark = pytest.mark.book

TEXT_SUFFIXES = (".html", ".ipynb", ".md", ".txt", ".js", ".json", ".tex")
THIRD_PARTY = ("_static", ".doctrees", "_sphinx_design_static")
# A Python warning as printed ("UserWarning: ...", "warnings.warn(") or the
# word itself in an output.
WARNING = re.compile(r"\b\w*Warning\b|warnings\.warn")


def machine_paths(build_dir: Path) -> re.Pattern[str]:
    paths = {str(ROOT), str(build_dir), str(Path.home()), sys.prefix,
             sysconfig.get_paths()["purelib"], tempfile.gettempdir()}
    alternatives = [re.escape(p.rstrip("/")) + r"(?=[/\\\s'\":]|$)"
                    for p in sorted(paths, key=len, reverse=True) if p]
    alternatives += [r"site-packages", r"dist-packages", r"/usr/(?:lib|share|local)/"]
    return re.compile("|".join(alternatives))


def reader_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and path.suffix in TEXT_SUFFIXES and not set(rel.parts) & set(THIRD_PARTY):
            yield rel, path.read_text(encoding="utf-8", errors="replace")


def excerpt(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 80):match.end() + 80]


def png_records(folder: Path) -> dict[str, dict | None]:
    """PNG file name -> its font record (None when a matplotlib PNG has none)."""
    from PIL import Image

    records = {}
    for png in sorted(folder.rglob("*.png")):
        with Image.open(png) as image:
            text = dict(image.text)
        if "matplotlib" not in text.get("Software", "").lower():
            continue  # not a figure (e.g. the rendered PDF pages of test_book.py)
        records[png.name] = json.loads(text[FONTS_PNG_KEY]) if FONTS_PNG_KEY in text else None
    return records


def assert_chinese_drawn_with_cjk_font(records: dict[str, dict | None], where: str) -> None:
    assert records, f"no matplotlib figure found in {where}"
    unrecorded = sorted(name for name, r in records.items() if r is None)
    assert not unrecorded, (f"{where}: figures drawn without the book's font check "
                            f"(clustercode.style.figure_png / stamp_png): {unrecorded}")
    chinese = {name: r for name, r in records.items() if r["cjk"]}
    # The book has bilingual labels in many figures: a build without any is wrong.
    assert len(chinese) >= 5, f"{where}: only {len(chinese)} figures with Chinese text"
    for name, record in records.items():
        assert record["missing"] == "", f"{where}/{name}: no glyph for {record['missing']!r}"
        by_cjk_font = sum(e["cjk"] for e in record["fonts"].values()
                          if e["family"] in CJK_FONT_CANDIDATES)
        assert by_cjk_font == record["cjk"], (
            f"{where}/{name}: {record['cjk']} Chinese characters, {by_cjk_font} drawn by a "
            f"CJK font: {record['fonts']}")


#: A MyST directive's opening fence in the output: a directive that was not parsed (a
#: fence closed early by a nested one shows the rest of the chapter's source as code).
RAW_DIRECTIVE = re.compile(r"(?:`{3,}|:{3,})\{[a-z][\w:-]*\}")


# ----------------------------------------------------------------------------- HTML
def test_site_has_no_stderr_warning_or_machine_path(html_build, build_dir):
    proc, html = html_build
    assert proc.returncode == 0, f"jupyter-book build -W failed:\n{tail(proc)}"
    paths = machine_paths(build_dir)
    problems = []
    for rel, text in reader_files(html):
        if rel.suffix == ".html":
            if re.search(r'class="[^"]*\bstderr\b', text):
                problems.append(f"{rel}: a stderr output block")
            shown = WARNING.search(html_outputs(text))
            if shown:
                problems.append(f"{rel}: a warning in a cell output: {excerpt(html_outputs(text), shown)!r}")
            raw = RAW_DIRECTIVE.search(text)
            if raw:
                problems.append(f"{rel}: a directive shown as source: {excerpt(text, raw)!r}")
        if rel.suffix == ".ipynb":
            for cell in json.loads(text).get("cells", []):
                for out in cell.get("outputs", []):
                    if out.get("name") == "stderr":
                        problems.append(f"{rel}: a stderr output: {''.join(out['text'])[:200]!r}")
        match = paths.search(text)
        if match:
            problems.append(f"{rel}: a path of the build machine: {excerpt(text, match)!r}")
    assert not problems, "\n".join(problems[:30])


def test_site_notebooks_are_offered_and_clean(html_build):
    """The downloadable notebooks exist (so the test above read them)."""
    _, html = html_build
    notebooks = list(html.rglob("*.ipynb"))
    assert notebooks, "no downloadable .ipynb in the site"


def test_site_figures_draw_chinese_with_a_cjk_font(html_build):
    _, html = html_build
    assert_chinese_drawn_with_cjk_font(png_records(html / "_images"), "_build/html/_images")


# ----------------------------------------------------------------------------- PDF
def test_pdf_has_no_stderr_warning_or_machine_path(pdf_build, build_dir):
    require_pdf_tools()
    proc, latex = pdf_build
    assert proc.returncode == 0, f"PDF build failed:\n{tail(proc)}"
    paths = machine_paths(build_dir)
    tex = (latex / "book.tex").read_text(encoding="utf-8")
    match = paths.search(tex)
    assert not match, f"book.tex has a path of the build machine: {excerpt(tex, match)!r}"
    assert "stderr" not in tex, "book.tex has a stderr output"
    text = pdf_text(latex / "book.pdf", 1, 10_000)
    assert len(text) > 10_000, "pdftotext read almost nothing"
    raw = RAW_DIRECTIVE.search(text)
    assert not raw, f"the PDF shows a directive as source: {excerpt(text, raw)!r}"
    # pdftotext breaks long paths over lines: look at the text with line breaks removed too.
    for body in (text, re.sub(r"-?\n\s*", "", text)):
        match = paths.search(body)
        assert not match, f"the PDF shows a path of the build machine: {excerpt(body, match)!r}"
    shown = WARNING.search(text)
    assert not shown, f"the PDF shows a warning: {excerpt(text, shown)!r}"


def test_pdf_figures_draw_chinese_with_a_cjk_font(pdf_build):
    require_pdf_tools()
    _, latex = pdf_build
    assert_chinese_drawn_with_cjk_font(png_records(latex), "_build/latex")


# ----------------------------------------------------------------------------- the checks can fail
def test_path_pattern_finds_what_it_must(build_dir):
    paths = machine_paths(build_dir)
    for text in (f"File {ROOT}/clustercode/style.py, line 3",
                 f"{sys.prefix}/lib/python3.11/site-packages/matplotlib/text.py:12",
                 "/tmp/pytest-of-root/book0/_build", f"{Path.home()}/.cache/matplotlib",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        assert paths.search(text), text
    for text in ("https://mybinder.org/v2/gh/clustercode-book/cluster-innovation/main",
                 "_images/abc.png", "the root of the polynomial", "10/tmpx"):
        assert not paths.search(text), text


def test_cjk_record_check_fails_on_tofu():
    tofu = {"a.png": {"cjk": 4, "missing": "", "fonts": {
        "DejaVuSans.ttf": {"family": "DejaVu Sans", "chars": 30, "cjk": 0},
        "LastResortHE-Regular.ttf": {"family": "Last Resort High-Efficiency", "chars": 4, "cjk": 4}}}}
    ok = {f"{i}.png": {"cjk": 2, "missing": "", "fonts": {
        "NotoSansCJK-Regular.ttc": {"family": "Noto Sans CJK SC", "chars": 2, "cjk": 2}}}
        for i in range(5)}
    assert_chinese_drawn_with_cjk_font(ok, "ok")
    with pytest.raises(AssertionError, match="drawn by a CJK font"):
        assert_chinese_drawn_with_cjk_font({**ok, **tofu}, "tofu")
    with pytest.raises(AssertionError, match="without the book's font check"):
        assert_chinese_drawn_with_cjk_font({**ok, "b.png": None}, "unrecorded")


def test_config_fails_on_stderr_and_loads_the_checks():
    import yaml

    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["execute"]["stderr_output"] == "error"
    assert cfg["sphinx"]["local_extensions"].get("build_checks") == "_ext"
