"""Light pages: formulas typeset at build time, only the icons the site shows.

Loaded through `_config.yml` (``sphinx.local_extensions``). A chapter used to
load 2.7-4.7 MB before any figure: mostly the theme's icon script (Font
Awesome's ``fontawesome.js``, 1.5 MB, which swaps every ``<i class="fa-...">``
for an inline SVG) and MathJax (1.2 MB of script typesetting in the reader's
browser). This extension removes both, without losing an icon or a formula:

1. **Formulas typeset at build time.** ``html_math_renderer: chtml`` is a
   math renderer for Sphinx's HTML builders (``app.add_html_math_renderer``)
   that sends each formula's TeX to one MathJax 3 process in Node.js
   (``web/render-math.js``, the npm package pinned in ``web/package.json``)
   and writes the CommonHTML that MathJax would have produced in the browser,
   with its MathML for screen readers, into the page. The markup around it is
   Sphinx's own (``<span|div class="math ...">``, the equation number). A TeX
   error is a build warning (so ``-W`` fails), never red text on the page.
   The pages link ``_static/lean/mathjax-chtml.css`` (MathJax's styles for
   every character of its fonts, one cached file for the whole site); the
   fonts are MathJax's own, served from ``_static/mathjax/`` (``make
   web-assets`` copies them into ``_vendor/``).
2. **Only the icons the site shows.** The theme's stylesheet already carries
   Font Awesome's CSS (a ``::before`` glyph for each ``fa-*`` class, drawn
   with Font Awesome's web fonts), so the script is not needed to show an
   icon: it is taken out of every page, and out of the site. At the end of
   the build, the icon names used by the pages and the theme's scripts, and
   the glyphs the stylesheets use directly (admonition icons, ...), are
   collected, each of Font Awesome's three fonts is cut down to those glyphs
   (fontTools; WOFF), the theme's @font-face rules are pointed at the
   subsets and its rules for icons no page uses are dropped. The full fonts
   are removed from the site. The search index, which the theme loads on
   every page for a search-as-you-type that is off, is left to the search
   page.
3. ``_static/lean/book.css`` (from ``web/static/``): formulas at the size
   MathJax's matchFontHeight gave them in the browser (``font-size:
   calc(1ex / 0.442)``), and what a phone-width screen needs: display and
   inline formulas, tables, signatures and code scroll inside their block,
   the equation number stays beside its formula, headings and inline code
   break long words.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
#: Where the pages find MathJax's fonts, relative to the site's _static/.
MATHJAX_FONTS = "mathjax/output/chtml/fonts/woff-v2"
CSS_DIR = "lean"  # _static/lean/: this extension's stylesheets

# ----------------------------------------------------------------------------- MathJax


class MathJaxProcess:
    """One ``node render-math.js`` for the whole build; formulas memoised."""

    def __init__(self) -> None:
        if not shutil.which("node"):
            raise ExtensionError("Node.js is needed to typeset the formulas "
                                 "(bash scripts/install-system-deps.sh book)")
        if not (WEB / "node_modules" / "mathjax" / "package.json").is_file():
            raise ExtensionError("MathJax is not installed in web/node_modules: run "
                                 "`make web-assets` (or `make book`)")
        font_url = f"../{MATHJAX_FONTS}"  # from _static/lean/mathjax-chtml.css
        self.proc = subprocess.Popen(
            ["node", "render-math.js", font_url], cwd=WEB, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self.cache: dict[tuple[str, bool], tuple[str | None, str | None]] = {}
        atexit.register(self.close)

    def _ask(self, request: dict) -> dict:
        if self.proc.poll() is not None:
            raise ExtensionError(f"the MathJax process stopped (exit {self.proc.returncode})")
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise ExtensionError(f"the MathJax process stopped (exit {self.proc.wait()})")
        return json.loads(line)

    def typeset(self, tex: str, display: bool) -> tuple[str | None, str | None]:
        """(html, None), or (None, MathJax's error message)."""
        key = (tex, display)
        if key not in self.cache:
            answer = self._ask({"tex": tex, "display": display})
            self.cache[key] = (answer.get("html"), answer.get("error"))
        return self.cache[key]

    def stylesheet(self) -> str:
        return self._ask({"stylesheet": True})["css"]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def mathjax(app) -> MathJaxProcess:
    if getattr(app, "_lean_mathjax", None) is None:
        app._lean_mathjax = MathJaxProcess()
    return app._lean_mathjax


def typeset(translator, node, tex: str, display: bool) -> str:
    html, error = mathjax(translator.builder.app).typeset(tex, display)
    if error is not None:
        logger.warning("MathJax cannot typeset %r: %s", tex[:200], error,
                       location=node, type="lean_pages", subtype="tex")
        return translator.encode(tex)
    return html


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(typeset(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def display_tex(node: nodes.math_block) -> str:
    """The TeX sphinx.ext.mathjax would hand to MathJax for a display block."""
    if node["nowrap"]:
        return node.astext()
    parts = [p for p in node.astext().split("\n\n") if p.strip()]
    body = r"\\".join(r"\begin{split}" + p + r"\end{split}" if r"\\" in p else p
                      for p in parts)
    if len(parts) > 1:
        body = r"\begin{align}\begin{aligned}" + body + r"\end{aligned}\end{align}"
    return body


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node["nowrap"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(typeset(self, node, display_tex(node), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


# ----------------------------------------------------------------------------- Font Awesome
#: The theme's <script> for fontawesome.js (pydata-sphinx-theme's webpack-macros.html).
FA_SCRIPT = re.compile(r'[ \t]*(?:<!-- So that users can add custom icons -->\s*)?'
                       r'<script[^>]*\bsrc="[^"]*/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\n?')
#: Font Awesome's fonts, as the theme's @font-face rules name them.
FA_FONTS = {  # file stem: (family, weight)
    "fa-solid-900": ("Font Awesome 6 Free", 900),
    "fa-regular-400": ("Font Awesome 6 Free", 400),
    "fa-brands-400": ("Font Awesome 6 Brands", 400),
}
FA_WEBFONTS = "vendor/fontawesome/webfonts"  # under _static/
#: .fa-name:before,.fa-alias:before{content:"\f09b"} in the theme's stylesheet.
ICON_RULE = re.compile(r'((?:\.fa-[\w-]+:{1,2}before,?)+)\{content:"((?:\\[0-9a-fA-F]+|[^"\\])+)"\}')
ICON_NAME = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
CSS_GLYPH = re.compile(r"\\([0-9a-fA-F]{4,6})")


def css_codepoints(text: str) -> set[int]:
    points = {int(h, 16) for h in CSS_GLYPH.findall(text)}
    return {p for p in points if 0xE000 <= p <= 0xF8FF or p >= 0xF0000}


#: The search tools pydata-sphinx-theme loads on every page, for its search-as-you-type
#: (off here: the search field opens search.html, which loads them itself).
SEARCH_SCRIPTS = re.compile(r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
                            r'|searchindex\.js)"></script>\n?')


def drop_unused_scripts(app) -> None:
    """Every page the HTML builder renders leaves out fontawesome.js, and the
    search index unless the page searches."""
    if app.builder.format != "html":
        return
    templates = app.builder.templates
    render = templates.render

    def render_lean(template: str, context: dict) -> str:
        html = FA_SCRIPT.sub("", render(template, context))
        as_you_type = str(context.get("theme_search_as_you_type", False)).lower() == "true"
        if context.get("pagename") != "search" and not as_you_type:
            html = SEARCH_SCRIPTS.sub("", html)
        return html

    templates.render = render_lean


def prune_icon_rules(outdir: Path, keep: set[str]) -> None:
    """Drop the ``.fa-name::before`` rules of the icons no page or script uses
    (the theme's stylesheet has 2,479 of them, 86 KB)."""
    def prune(match: re.Match) -> str:
        selectors = [sel for sel in match.group(1).split(",") if sel and
                     re.match(r"\.fa-([\w-]+):", sel).group(1) in keep]
        return (",".join(selectors) + '{content:"' + match.group(2) + '"}') if selectors else ""

    for css in (outdir / "_static").rglob("*.css"):
        if css.parent.name == CSS_DIR:
            continue
        text = css.read_text(encoding="utf-8")
        if ICON_RULE.search(text):
            css.write_text(ICON_RULE.sub(prune, text), encoding="utf-8")


MJX_CHAR = re.compile(r"\bmjx-c[0-9A-F]+\b")
_CSS_TEXT = r'(?:[^{}"]|"(?:[^"\\]|\\.)*")'  # CSS text, with quoted strings ("{")
CSS_RULE = re.compile(rf"\s*{_CSS_TEXT}+\{{{_CSS_TEXT}*\}}\s*")


def prune_mathjax_css(outdir: Path, css: str) -> str:
    """MathJax's stylesheet without the rules of characters no page shows
    (every page of the output is read, also those a partial build kept)."""
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        used |= set(MJX_CHAR.findall(page.read_text(encoding="utf-8", errors="replace")))
    rules = CSS_RULE.findall(css)
    if "".join(rules) != css:
        logger.warning("MathJax's stylesheet is not a flat list of rules: kept whole",
                       type="lean_pages", subtype="css")
        return css
    return "".join(r for r in rules
                   if all(c in used for c in MJX_CHAR.findall(r.split("{", 1)[0])))


def used_codepoints(outdir: Path) -> tuple[set[int], list[str]]:
    """The glyphs the site can show: icons named by a page or a script, and
    the glyphs the stylesheets use directly."""
    static = outdir / "_static"
    icons: dict[str, int] = {}
    other_css = []
    for css in static.rglob("*.css"):
        if css.parent.name == CSS_DIR:
            continue
        text = css.read_text(encoding="utf-8", errors="replace")
        for selectors, content in ICON_RULE.findall(text):
            point = css_codepoints(content) or {ord(c) for c in content if len(content) == 1}
            for name in re.findall(r"\.fa-([\w-]+):", selectors):
                icons[name] = min(point) if point else 0
        other_css.append(ICON_RULE.sub("", text))
    names: set[str] = set()
    for path in outdir.rglob("*"):
        if path.suffix == ".html" or (path.suffix == ".js" and "mathjax" not in path.parts
                                      and path.name != "searchindex.js"):
            names |= set(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    points = {icons[n] for n in names if icons.get(n)}
    for text in other_css:
        points |= css_codepoints(text)
    return points, sorted(n for n in names if icons.get(n))


#: The theme's @font-face sources of a Font Awesome font (WOFF2, then TrueType).
FA_SRC = re.compile(r'src:url\(([^)]*/)(fa-[a-z]+-\d+)\.woff2\)\s*format\("woff2"\),'
                    r'url\([^)]*\.ttf\)\s*format\("truetype"\)')


def subset_icon_fonts(outdir: Path) -> list[str]:
    """Cut Font Awesome's fonts down to the glyphs used; point the theme's
    @font-face rules at the subsets; drop the unused icon rules."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    webfonts = outdir / "_static" / FA_WEBFONTS
    points, names = used_codepoints(outdir)
    for stem in FA_FONTS:
        ttf = webfonts / f"{stem}.ttf"
        if not ttf.is_file():
            continue
        font = TTFont(ttf)
        keep = sorted(points & set(font.getBestCmap()))
        font.close()
        options = subset.Options()
        options.flavor = "woff"  # zlib: WOFF2 would need the brotli module
        options.layout_features = ["*"]
        font = subset.load_font(str(ttf), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        subset.save_font(font, str(webfonts / f"{stem}.woff"), options)
        # The full fonts are not part of the site any more.
        for full in (ttf, webfonts / f"{stem}.woff2"):
            full.unlink(missing_ok=True)
    # One @font-face per font (the theme's), naming the subset: a second rule
    # for the same face would not replace the theme's, Chromium would fetch
    # the full font for any character the subset lacks.
    for css in (outdir / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        if FA_SRC.search(text):
            css.write_text(FA_SRC.sub(r'src:url(\1\2.woff) format("woff")', text),
                           encoding="utf-8")
    prune_icon_rules(outdir, set(names))
    for name in ("fontawesome.js", "fontawesome.js.map"):
        (outdir / "_static" / "scripts" / name).unlink(missing_ok=True)
    logger.info("lean_pages: Font Awesome cut down to %d icons: %s", len(names), ", ".join(names))
    return names


# ----------------------------------------------------------------------------- wiring
def add_stylesheets(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or app.builder.math_renderer_name != "chtml":
        return
    domain = app.env.get_domain("math")
    if domain.has_equations(pagename):
        app.add_css_file(f"{CSS_DIR}/mathjax-chtml.css", priority=900)


def finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    (outdir / "_static" / CSS_DIR).mkdir(parents=True, exist_ok=True)
    if app.builder.math_renderer_name == "chtml":
        fonts = outdir / "_static" / MATHJAX_FONTS
        if not any(fonts.glob("*.woff")):
            logger.warning("MathJax's fonts are not in %s: run `make web-assets`", fonts,
                           type="lean_pages", subtype="fonts")
        css = prune_mathjax_css(outdir, mathjax(app).stylesheet())
        (outdir / "_static" / CSS_DIR / "mathjax-chtml.css").write_text(css, encoding="utf-8")
        mathjax(app).close()
        app._lean_mathjax = None
    subset_icon_fonts(outdir)


def setup(app):
    app.add_html_math_renderer("chtml", (visit_math, None), (visit_displaymath, None))
    app.connect("builder-inited", drop_unused_scripts)
    app.connect("html-page-context", add_stylesheets)
    app.add_css_file(f"{CSS_DIR}/book.css", priority=900)
    app.connect("build-finished", finish, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
