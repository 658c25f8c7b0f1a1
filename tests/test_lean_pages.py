"""_ext/lean_pages.py, piece by piece (the built site is checked in
tests/test_page_weight.py): the TeX handed to MathJax, MathJax in Node.js and
its errors, the pruning of stylesheets, the theme's script tags removed, the
icon fonts cut down to what a page names."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from docutils import nodes

from tests.test_book import IN_CI

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import lean_pages  # noqa: E402

sys.path.remove(str(ROOT / "_ext"))

THEME = Path(__import__("pydata_sphinx_theme").__file__).parent / "theme" / "pydata_sphinx_theme"


def block(text: str, nowrap: bool = False) -> nodes.math_block:
    return nodes.math_block(text, text, nowrap=nowrap, number=None)


@pytest.mark.parametrize("text, tex", [
    ("x = 1", "x = 1"),
    (r"a &= b \\ c &= d", r"\begin{split}a &= b \\ c &= d\end{split}"),
    ("a = b\n\nc = d", r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}"),
])
def test_display_tex_is_what_sphinx_mathjax_would_send(text, tex):
    assert lean_pages.display_tex(block(text)) == tex


def test_display_tex_keeps_a_nowrap_environment():
    env = r"\begin{align} a &= b \end{align}"
    assert lean_pages.display_tex(block(env, nowrap=True)) == env


@pytest.fixture(scope="module")
def mathjax():
    if not shutil.which("node") or not (lean_pages.WEB / "node_modules" / "mathjax").is_dir():
        if IN_CI:
            pytest.fail("Node.js and web/node_modules/mathjax are needed (make web-assets)")
        pytest.skip("no Node.js or no MathJax in web/node_modules (make web-assets)")
    proc = lean_pages.MathJaxProcess()
    yield proc
    proc.close()


def test_mathjax_typesets_inline_and_display(mathjax):
    html, error = mathjax.typeset(r"x_i^2 + \beta \sum_{j \ne i} x_j", display=False)
    assert error is None and html.startswith("<mjx-container") and 'display="true"' not in html
    assert "mjx-c1D6FD" in html  # beta
    assert "<mjx-assistive-mml" in html and "<math" in html  # for screen readers
    html, error = mathjax.typeset(r"\begin{split}a &= b \\ c &= d\end{split}", display=True)
    assert error is None and 'display="true"' in html


@pytest.mark.parametrize("tex", [r"\undefinedmacro x", r"\frac{a}{", r"\begin{align} a"])
def test_mathjax_reports_tex_errors(mathjax, tex):
    html, error = mathjax.typeset(tex, display=True)
    assert html is None and error


def test_mathjax_stylesheet_pruned_to_the_characters_shown(mathjax, tmp_path):
    html, _ = mathjax.typeset(r"\beta + x", display=False)
    (tmp_path / "page.html").write_text(f"<p>{html}</p>", encoding="utf-8")
    css = mathjax.stylesheet()
    pruned = lean_pages.prune_mathjax_css(tmp_path, css)
    assert len(pruned) < len(css) / 3
    for char in ("mjx-c1D6FD", "mjx-c1D465", "mjx-c2B"):  # beta, x, +
        assert f"mjx-c.{char}" in pruned
    assert "mjx-c.mjx-c1D6FC" in css and "mjx-c.mjx-c1D6FC" not in pruned  # alpha: not shown
    assert "@font-face" in pruned and "mjx-container" in pruned
    # A quoted brace ("{") must not cut a rule in two.
    assert lean_pages.CSS_RULE.findall('a::before {\n  content: "{";\n}\n') == [
        'a::before {\n  content: "{";\n}\n']


def test_theme_fontawesome_script_tag_is_recognised():
    macros = (THEME / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    tag = next(line for line in macros.splitlines() if "fontawesome.js" in line)
    page = f"<head>\n  <!-- So that users can add custom icons -->\n{tag}\n<link>\n</head>"
    page = page.replace("{{ pathto('_static/scripts/fontawesome.js', 1) }}",
                        "../_static/scripts/fontawesome.js")
    out = lean_pages.FA_SCRIPT.sub("", page)
    assert "fontawesome" not in out and "custom icons" not in out and "<link>" in out


def test_search_scripts_recognised():
    page = ('<script src="../_static/searchtools.js"></script>\n'
            '<script src="../_static/language_data.js"></script>\n'
            '<script src="../searchindex.js"></script>\n<script src="../_static/doctools.js"></script>')
    assert lean_pages.SEARCH_SCRIPTS.sub("", page) == '<script src="../_static/doctools.js"></script>'


def test_icon_fonts_cut_to_the_icons_named(tmp_path):
    """A fake site: one page names fa-github and fa-bars; the fonts keep those
    glyphs (and the one a stylesheet uses directly), nothing else."""
    from fontTools.ttLib import TTFont

    static = tmp_path / "_static"
    webfonts = static / lean_pages.FA_WEBFONTS
    webfonts.mkdir(parents=True)
    for font in (THEME / "static" / "vendor" / "fontawesome" / "webfonts").glob("*"):
        shutil.copy2(font, webfonts / font.name)
    (static / "styles").mkdir()
    css = ('.fa-github:before{content:"\\f09b"}.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
           '.fa-moon:before{content:"\\f186"}:root{--pst-icon-bell:"\\f0f3"}'
           '@font-face{font-family:Font Awesome\\ 6 Free;font-weight:900;src:url(../vendor/'
           'fontawesome/webfonts/fa-solid-900.woff2) format("woff2"),url(../vendor/fontawesome/'
           'webfonts/fa-solid-900.ttf) format("truetype")}')
    (static / "styles" / "theme.css").write_text(css, encoding="utf-8")
    (tmp_path / "page.html").write_text('<i class="fab fa-github"></i><i class="fa-solid fa-bars">',
                                        encoding="utf-8")
    names = lean_pages.subset_icon_fonts(tmp_path)
    assert names == ["bars", "github"]
    solid = set(TTFont(webfonts / "fa-solid-900.woff").getBestCmap())
    brands = set(TTFont(webfonts / "fa-brands-400.woff").getBestCmap())
    assert {0xF0C9, 0xF0F3} <= solid and 0xF186 not in solid
    assert 0xF09B in brands
    assert not list(webfonts.glob("*.woff2")) and not list(webfonts.glob("*.ttf"))
    out = (static / "styles" / "theme.css").read_text(encoding="utf-8")
    assert "fa-moon" not in out and ".fa-bars:before{" in out and "fa-navicon" not in out
    assert 'src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff) format("woff")}' in out
